// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The same program with one extra syscall. "variant base" does what it
 * always does; "variant extra" also calls getcpu once and reports its
 * errno. Used to show that a profile learned from "base" denies exactly
 * that one call.
 *
 * Exit: 0 when getcpu behaved as expected for the mode given as argv[2]
 * ("allowed" or "denied", default allowed), 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "base";
	const char *expect = argc > 2 ? argv[2] : "allowed";
	unsigned cpu, node;
	long r;

	printf("getppid %s\n", getppid() > 0 ? "ok" : "failed");
	if (strcmp(mode, "extra"))
		return 0;
	r = syscall(SYS_getcpu, &cpu, &node, NULL);
	if (r == 0) {
		printf("getcpu allowed\n");
		return strcmp(expect, "allowed") ? 1 : 0;
	}
	printf("getcpu denied: %s\n", strerror(errno));
	return strcmp(expect, "denied") || errno != EPERM ? 1 : 0;
}
