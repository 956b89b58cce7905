// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A workload that imports getrusage() but calls it only when LP_REACH=1:
 * recorded without the variable, getrusage is reachable but not observed.
 * It prints "reach-env: getrusage ok" or "reach-env: getrusage: <error>"
 * when it calls it, "reach-env: skipped" when not; exit 0, or 1 when the
 * call failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/resource.h>

int main(void)
{
	const char *v = getenv("LP_REACH");
	struct rusage ru;

	if (!v || strcmp(v, "1")) {
		puts("reach-env: skipped");
		return 0;
	}
	if (getrusage(RUSAGE_SELF, &ru)) {
		printf("reach-env: getrusage: %s\n", strerror(errno));
		return 1;
	}
	puts("reach-env: getrusage ok");
	return 0;
}
