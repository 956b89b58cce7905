// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer: the seccomp profile reader and filter builder. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

#include "seccomp_profile.h"

/* Renamed when tests/unit/test_fuzz_regressions.c includes this file. */
#ifndef FUZZ_ONE
#define FUZZ_ONE LLVMFuzzerTestOneInput
#define FUZZ_INIT LLVMFuzzerInitialize
#endif

int FUZZ_ONE(const uint8_t *data, size_t size)
{
	struct lp_sc_profile *p = lp_sc_profile_parse((const char *)data, size, "fuzz");
	scmp_filter_ctx ctx;

	if (!p)
		return 0;
	ctx = lp_sc_profile_build(p, 0, "fuzz");
	if (ctx)
		seccomp_release(ctx);
	lp_sc_profile_free(p);
	return 0;
}

int FUZZ_INIT(int *argc, char ***argv)
{
	lp_quiet = !getenv("FUZZ_VERBOSE");
	return 0;
}
