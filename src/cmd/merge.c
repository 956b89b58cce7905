// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof merge: the union of several recordings. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "recording.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof merge -o <file> <recording>...\n";

static const char help[] =
	"\n"
	"Union recordings of several runs (replicas, test shards, releases of the\n"
	"same workload) into one: counts are summed and every fact keeps the number\n"
	"of runs it was seen in, so a rare path stays visible.\n"
	"\n"
	"    -o, --output <file>   where to write the merged recording ('-' for stdout)\n"
	"\n"
	"example:\n"
	"    learnprof merge -o all.json shard-*.json\n";

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *out = NULL;
	struct lp_recording *r;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (!out)
		return usage_error(usage, "-o <file> is required");
	ret = load_recordings(usage, argc, argv, out, &r);
	if (ret)
		return ret;
	ret = rec_save(r, out) ? LP_EXIT_FAIL : 0;
	rec_free(r);
	return ret;
}
