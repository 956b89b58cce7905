// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer: the AppArmor profile reader of `learnprof diff`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

/* Renamed when tests/unit/test_fuzz_regressions.c includes this file. */
#ifndef FUZZ_ONE
#define FUZZ_ONE LLVMFuzzerTestOneInput
#define FUZZ_INIT LLVMFuzzerInitialize
#endif

int FUZZ_ONE(const uint8_t *data, size_t size)
{
	struct lp_itemset s = { 0 };
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	diff_apparmor_text(text, "fuzz", &s);
	itemset_free(&s);
	free(text);
	return 0;
}

int FUZZ_INIT(int *argc, char ***argv)
{
	lp_quiet = !getenv("FUZZ_VERBOSE");
	return 0;
}
