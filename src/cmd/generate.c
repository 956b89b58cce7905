// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof generate: every artifact at once, with stable file names, to be
 * committed beside a Dockerfile and reviewed like code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "artifacts.h"
#include "cmds.h"
#include "profile_name.h"
#include "recording.h"
#include "seccomp_gen.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof generate -d <dir> [--name <name>] [--runtime (none | runc)] <recording>...\n";

static const char help[] =
	"\n"
	"Write every artifact learnprof makes from the recordings into <dir>:\n"
	"\n"
	"    seccomp.json                      OCI profile, arguments pinned\n"
	"    seccomp-docker.json               the same for docker --security-opt\n"
	"    seccomp-profile.yaml              Security Profiles Operator SeccompProfile\n"
	"    apparmor.profile                  AppArmor profile\n"
	"    landlock.toml                     Landlock policy (landlockconfig)\n"
	"    capabilities.txt                  capabilities, evidence and hardening\n"
	"    docker-flags.txt                  docker run flags\n"
	"    kubernetes-security-context.yaml  a container's securityContext\n"
	"    systemd-hardening.conf            a systemd unit drop-in\n"
	"    report.md                         the report, for review (learnprof report)\n"
	"\n"
	"    -d, --dir <dir>        where to write (created if missing)\n"
	"    -n, --name <name>      the profile name every file uses (default:\n"
	"                           learnprof-<image or command>)\n"
	"    -r, --runtime <rt>     add the runtime's post-filter floor to the seccomp\n"
	"                           profiles: none (default) or runc\n"
	"\n"
	"example:\n"
	"    learnprof generate -d security/ rec-*.json && git add security/\n";

int cmd_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "runtime", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct lp_artifact_opts ao = { .runtime = LP_RUNTIME_NONE };
	const char *dir = NULL;
	struct lp_recording *r;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:n:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'n':
			if (name_option(usage, optarg, &ao.name))
				return LP_EXIT_USAGE;
			break;
		case 'r':
			if (runtime_option(usage, optarg, &ao.runtime))
				return LP_EXIT_USAGE;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (!dir)
		return usage_error(usage, "-d <dir> is required");
	if (optind >= argc)
		return usage_error(usage, "no recording given");
	if (mkdir(dir, 0755) && errno != EEXIST)
		return lp_err("cannot create directory '%s': %s", dir, strerror(errno)), LP_EXIT_FAIL;
	ret = load_recordings(usage, argc, argv, NULL, &r);
	if (ret)
		return ret;
	ret = LP_EXIT_FAIL;
	if (!artifacts_write(r, &ao, dir))
		ret = 0;
	rec_free(r);
	return ret;
}
