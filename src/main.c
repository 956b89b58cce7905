// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof: learn least-privilege profiles from what a workload does. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "util.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} verbs[] = {
	{ "record", cmd_record, "run a command or watch a cgroup and record what it does" },
	{ "merge", cmd_merge, "union several recordings into one" },
	{ "seccomp", cmd_seccomp, "write the seccomp profile a recording needs" },
	{ "apparmor", cmd_apparmor, "write the AppArmor profile a recording needs" },
	{ "landlock", cmd_landlock, "write the Landlock policy a recording needs" },
	{ "caps", cmd_caps, "the capabilities and hardening flags a recording needs" },
	{ "report", cmd_report, "describe what a workload needs, for review" },
	{ "diff", cmd_diff, "compare the behaviour of two releases, or two profiles" },
	{ "oci-hook", cmd_oci_hook, "record a container as an OCI hook (createRuntime, poststop)" },
	{ "generate", cmd_generate, "write every profile and flag file into a directory" },
	{ "run", cmd_run, "run a command under a seccomp profile or Landlock policy" },
	{ "reach", cmd_reach, "syscalls each program can reach but was not seen making" },
};

static const char usage[] =
	"usage: learnprof [-v] <command> [<args>]\n";

static void print_usage(FILE *f)
{
	fputs(usage, f);
	fputs("\ncommands:\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "   %-10s %s\n", verbs[i].name, verbs[i].summary);
	fputs("\n'learnprof <command> --help' describes a command; "
	      "'man learnprof' (docs/learnprof.1) the whole tool.\n", f);
}

int main(int argc, char **argv)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			lp_verbose = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("learnprof %s\n", LEARNPROF_VERSION);
			return 0;
		} else {
			fprintf(stderr, "learnprof: unknown option '%s'\n", argv[i]);
			print_usage(stderr);
			return LP_EXIT_USAGE;
		}
		i++;
	}
	if (i >= argc) {
		print_usage(stderr);
		return LP_EXIT_USAGE;
	}
	for (size_t k = 0; k < ARRAY_SIZE(verbs); k++)
		if (!strcmp(argv[i], verbs[k].name))
			return verbs[k].fn(argc - i, argv + i);
	fprintf(stderr, "learnprof: '%s' is not a learnprof command\n", argv[i]);
	print_usage(stderr);
	return LP_EXIT_USAGE;
}
