// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof landlock: the Landlock policy for recordings. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "landlock.h"
#include "profile_name.h"
#include "recording.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof landlock [-o <file>] [--format (toml | json)] [--abi <n>]\n"
	"                          [--name <name>] <recording>...\n";

static const char help[] =
	"\n"
	"Write the Landlock policy (landlockconfig, TOML or JSON) that allows what\n"
	"the recordings (their union) show the workload did: files and directories\n"
	"by what it did to them, programs and their ELF interpreter, TCP ports it\n"
	"bound and connected to; abstract unix sockets and signals are scoped when\n"
	"it never used them. Every right of the ABI is handled, so what no rule\n"
	"allows is denied. What Landlock cannot restrict is listed at the top.\n"
	"\n"
	"    -o, --output <file>      write here instead of standard output\n"
	"    -f, --format <format>    toml (default, commented for review) or json\n"
	"                             (landlockconfig.schema.json)\n"
	"    -a, --abi <n>            target Landlock ABI, 1 to 7 (default: this\n"
	"                             kernel's, at most 7)\n"
	"    -n, --name <name>        policy name (default: learnprof-<image or\n"
	"                             command>, as every command names it)\n"
	"\n"
	"examples:\n"
	"    learnprof landlock -o app.toml rec.json\n"
	"    learnprof landlock --format json --abi 4 rec-*.json > app.json\n"
	"    learnprof run --landlock app.toml -- ./server\n";

static const char *const formats[] = { "toml", "json" };

int cmd_landlock(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "abi", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ll_gen_opts o = { 0 };
	const char *out = "-";
	struct lp_recording *r;
	int c, fmt = 0, ret;
	uint64_t abi;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:a:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f':
			fmt = pick(usage, "--format", optarg, formats, ARRAY_SIZE(formats));
			if (fmt < 0)
				return LP_EXIT_USAGE;
			break;
		case 'a':
			if (lp_parse_u64(optarg, &abi) || abi < 1 || abi > LL_ABI_MAX)
				return usage_error(usage, "--abi: '%s' is not an ABI from 1 to %d",
						   optarg, LL_ABI_MAX);
			o.abi = (int)abi;
			break;
		case 'n':
			if (name_option(usage, optarg, &o.name))
				return LP_EXIT_USAGE;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	ret = load_recordings(usage, argc, argv, out, &r);
	if (ret)
		return ret;
	ret = write_output(out, ll_generate(r, &o, fmt == 1));
	rec_free(r);
	return ret;
}
