// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer: the recording loader, then everything built from a recording. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include <unistd.h>

#include "apparmor.h"
#include "caps.h"
#include "recording.h"
#include "report.h"
#include "seccomp_gen.h"

/* Renamed when tests/unit/test_fuzz_regressions.c includes this file. */
#ifndef FUZZ_ONE
#define FUZZ_ONE LLVMFuzzerTestOneInput
#define FUZZ_INIT LLVMFuzzerInitialize
#endif

int FUZZ_ONE(const uint8_t *data, size_t size)
{
	struct lp_seccomp_opts so = { .format = LP_SECCOMP_OCI, .args = true };
	struct lp_recording *r;
	struct lp_report rp;
	char *t;

	r = rec_parse((const char *)data, size, "fuzz");
	if (!r)
		return 0;
	free(rec_to_json(r));
	t = lp_seccomp_generate(r, &so);
	free(t);
	report_build(r, &rp);
	free(report_render(&rp, LP_REPORT_HTML, false));
	free(report_render(&rp, LP_REPORT_TEXT, true));
	report_free(&rp);
	free(caps_generate(r, &(struct lp_caps_opts){ .format = LP_CAPS_TEXT }));
	free(apparmor_generate(r, &(struct lp_apparmor_opts){ .exec_mode = LP_AA_CX }));
	rec_free(r);
	return 0;
}

/* Quiet: the loader's one-line errors are expected. */
int FUZZ_INIT(int *argc, char ***argv)
{
	lp_quiet = !getenv("FUZZ_VERBOSE");
	return 0;
}
