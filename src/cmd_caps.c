// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof caps: the capabilities a run needed and the hardening flags. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "cmds.h"
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
	"                          (default: the recorded command's name)\n"
	"\n"
	"examples:\n"
	"    learnprof caps rec.json\n"
	"    docker run $(learnprof caps --format docker rec.json) image\n";

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
	struct lp_recording *r;
	char *text, *name = NULL;
	int c, ret;
	size_t k;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': co.name = optarg; break;
		case 'f':
			for (k = 0; k < ARRAY_SIZE(formats); k++)
				if (!strcmp(optarg, formats[k]))
					break;
			if (k == ARRAY_SIZE(formats))
				return usage_error(usage, "--format: '%s' is not one of text, docker, kubernetes, systemd, json", optarg);
			co.format = (enum lp_caps_format)k;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return usage_error(usage, "unknown option or missing value '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(usage, "no recording given");
	if (lp_check_writable(out))
		return LP_EXIT_FAIL;
	r = rec_load_all(argv + optind, argc - optind);
	if (!r)
		return LP_EXIT_FAIL;
	if (!co.name)
		co.name = name = rec_default_name(r);
	text = caps_generate(r, &co);
	ret = !text || lp_write_file(out, text, strlen(text)) ? LP_EXIT_FAIL : 0;
	free(text);
	free(name);
	rec_free(r);
	return ret;
}
