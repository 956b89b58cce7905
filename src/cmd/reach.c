// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof reach: what each program can reach but was not seen doing. */
#include <getopt.h>
#include <stdlib.h>

#include "cmds.h"
#include "reach.h"
#include "recording.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof reach [-o <file>] <recording>...\n"
	"   or: learnprof reach --update <recording>\n";

static const char help[] =
	"\n"
	"For each program of the recordings, read it and the shared libraries it\n"
	"mapped, map the C library functions they import to the syscalls those can\n"
	"make (glibc 2.36, x86_64), and list the syscalls the recording did not see\n"
	"it make, each with the functions that reach it and the files importing\n"
	"them. A statically linked program has no imports to read: its syscall\n"
	"instructions with a constant number are listed instead, and it says so.\n"
	"The files are read where the recording names them, on this machine.\n"
	"docs/reach.md says where this analysis stops.\n"
	"\n"
	"`record` stores the same set in the recording (\"reachable\", read by\n"
	"report, merge and `seccomp --unobserved`); --update computes it for a\n"
	"recording made before learnprof did, or after the programs changed.\n"
	"\n"
	"    -o, --output <file>   write here instead of standard output\n"
	"    -u, --update          store the set in the recording (rewritten in place)\n"
	"\n"
	"examples:\n"
	"    learnprof reach rec.json\n"
	"    learnprof reach --update old.json\n";

/* Rewrite one recording with the set computed here. */
static int update(int argc, char **argv)
{
	struct lp_recording *r;
	int ret;

	if (argc - optind != 1)
		return usage_error(usage, "--update takes one recording");
	r = rec_load(argv[optind]);
	if (!r)
		return LP_EXIT_FAIL;
	lp_reach_recording(r);
	ret = rec_save(r, argv[optind]) ? LP_EXIT_FAIL : 0;
	rec_free(r);
	return ret;
}

int cmd_reach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "update", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *out = "-";
	struct lp_recording *r;
	bool upd = false;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:uh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'u': upd = true; break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (upd)
		return update(argc, argv);
	ret = load_recordings(usage, argc, argv, out, &r);
	if (ret)
		return ret;
	ret = write_output(out, lp_reach_text(r));
	rec_free(r);
	return ret;
}
