// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof caps: the capabilities a run needed and the hardening flags. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "cmds.h"
#include "profile_name.h"
#include "recording.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof caps [-o <file>] [--format (text | docker | kubernetes | systemd | json)]\n"
	"                      [--name <name>] <recording>...\n";

static const char help[] =
	"\n"
	"Print the capabilities the recorded runs needed (checked and granted), with\n"
	"what each was used for, and the evidence for running as a non-root user,\n"
	"with a read-only root filesystem and with no-new-privileges; then the same\n"
	"as docker run flags, a Kubernetes securityContext and a systemd snippet.\n"
	"\n"
	"    -o, --output <file>   write here instead of standard output\n"
	"    -f, --format <fmt>    text (default: everything), docker, kubernetes,\n"
	"                          systemd or json\n"
	"    -n, --name <name>     the profile name the flags refer to\n"
	"                          (default: learnprof-<image or command>, as\n"
	"                          every command names it)\n"
	"\n"
	"examples:\n"
	"    learnprof caps rec.json\n"
	"    docker run $(learnprof caps --format docker rec.json) image\n";

/* The generator, as generate_from calls it. */
static char *generate(const struct lp_recording *r, const void *o)
{
	return caps_generate(r, o);
}

int cmd_caps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const char *const formats[] = { "text", "docker", "kubernetes", "systemd", "json" };
	struct lp_caps_opts co = { .format = LP_CAPS_TEXT };
	const char *out = "-";
	int c, k;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n':
			if (name_option(usage, optarg, &co.name))
				return LP_EXIT_USAGE;
			break;
		case 'f':
			k = pick(usage, "--format", optarg, formats, ARRAY_SIZE(formats));
			if (k < 0)
				return LP_EXIT_USAGE;
			co.format = (enum lp_caps_format)k;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	return generate_from(usage, argc, argv, out, generate, &co);
}
