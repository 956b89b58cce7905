// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof apparmor: the AppArmor profile for recordings. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "cmds.h"
#include "profile_name.h"
#include "recording.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof apparmor [-o <file>] [--name <profile>] [--complain]\n"
	"                          [--exec-mode (ix | cx | px)] [--no-glob] <recording>...\n";

static const char help[] =
	"\n"
	"Write the AppArmor profile that allows what the recordings (their union)\n"
	"show the workload did: files, programs, capabilities, network, signals\n"
	"and ptrace, on top of abstractions/base, with Docker's hardening denies.\n"
	"Paths are generalised (versioned libraries, pids, temporary names,\n"
	"directories with many entries); every widened rule says what it covers.\n"
	"\n"
	"    -o, --output <file>      write here instead of standard output\n"
	"    -n, --name <profile>     profile name (default: learnprof-<image or\n"
	"                             command>, as every command names it)\n"
	"    -c, --complain           log instead of refusing (flags=(complain));\n"
	"                             the hardening denies still apply\n"
	"    -x, --exec-mode <mode>   programs the main program runs:\n"
	"                             ix (default): under the same profile\n"
	"                             cx: a child profile each, inside it\n"
	"                             px: a profile each, in the same file\n"
	"    -g, --no-glob            write every recorded path as it is\n"
	"\n"
	"Check the profile compiles (no AppArmor kernel needed):\n"
	"    apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror <file>\n"
	"\n"
	"examples:\n"
	"    learnprof apparmor -o app.apparmor rec.json\n"
	"    learnprof apparmor --exec-mode cx --name my-app rec-*.json > my-app\n"
	"    sudo apparmor_parser -r my-app && docker run --security-opt apparmor=my-app ...\n";

/* The generator, as generate_from calls it. */
static char *generate(const struct lp_recording *r, const void *o)
{
	return apparmor_generate(r, o);
}

int cmd_apparmor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "complain", no_argument, NULL, 'c' },
		{ "exec-mode", required_argument, NULL, 'x' },
		{ "no-glob", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct lp_apparmor_opts ao = { .exec_mode = LP_AA_IX };
	const char *out = "-";
	int c, mode;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:n:cx:gh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n':
			if (name_option(usage, optarg, &ao.name))
				return LP_EXIT_USAGE;
			break;
		case 'c': ao.complain = true; break;
		case 'x':
			mode = apparmor_exec_mode_from_name(optarg);
			if (mode < 0)
				return usage_error(usage, "--exec-mode: '%s' is not one of ix, cx, px", optarg);
			ao.exec_mode = mode;
			break;
		case 'g': ao.no_glob = true; break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	return generate_from(usage, argc, argv, out, generate, &ao);
}
