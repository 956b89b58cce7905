// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof report: what a workload needs, for the people who review it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "recording.h"
#include "report.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof report [--format (text | markdown | html | json)] [-o <file>] <recording>...\n";

static const char help[] =
	"\n"
	"Describe what the recorded workload needs: in plain words first (what it\n"
	"listens on, connects to, writes, runs, which capabilities), then a scored\n"
	"hardening checklist, the risks, what the recording may not show (inactive\n"
	"probes, lost events, facts seen in only some runs), and the detail: syscalls\n"
	"by group, capabilities with evidence, files by directory, network, programs,\n"
	"identities, signals.\n"
	"\n"
	"    -f, --format <fmt>    text (default; 80 columns, colour on a terminal),\n"
	"                          markdown, html (one self-contained file) or json\n"
	"    -o, --output <file>   write here instead of standard output\n"
	"        --color <when>    auto (default), always or never\n"
	"\n"
	"examples:\n"
	"    learnprof report rec.json | less -R\n"
	"    learnprof report --format html -o report.html rec-*.json\n";

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "color", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const char *const formats[] = { "text", "markdown", "html", "json" };
	static const char *const colors[] = { "auto", "always", "never" };
	enum lp_report_format fmt = LP_REPORT_TEXT;
	const char *out = "-", *color = "auto";
	struct lp_recording *rec;
	struct lp_report rp;
	bool use_color;
	int c, k, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f':
			k = pick(usage, "--format", optarg, formats, ARRAY_SIZE(formats));
			if (k < 0)
				return LP_EXIT_USAGE;
			fmt = (enum lp_report_format)k;
			break;
		case 'C':
			if (pick(usage, "--color", optarg, colors, ARRAY_SIZE(colors)) < 0)
				return LP_EXIT_USAGE;
			color = optarg;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	ret = load_recordings(usage, argc, argv, out, &rec);
	if (ret)
		return ret;
	use_color = !strcmp(color, "always") ||
		    (!strcmp(color, "auto") && !strcmp(out, "-") && isatty(STDOUT_FILENO) &&
		     !getenv("NO_COLOR"));
	report_build(rec, &rp);
	ret = write_output(out, report_render(&rp, fmt, use_color));
	report_free(&rp);
	rec_free(rec);
	return ret;
}
