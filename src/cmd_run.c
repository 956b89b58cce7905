// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof run: exec a command under a seccomp profile, the way a container
 * runtime would apply it, so that tests prove the profile lets them pass.
 */
#include <errno.h>
#include <getopt.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cmds.h"
#include "seccomp_profile.h"
#include "target.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof run --seccomp <profile> [--log] [--] <command> [<args>...]\n";

static const char help[] =
	"\n"
	"Run <command> under a seccomp profile (OCI or Docker JSON): the filter is\n"
	"built with libseccomp, no_new_privs is set, and the command is exec'd.\n"
	"The exit status is the command's.\n"
	"\n"
	"    -s, --seccomp <profile>  the profile to apply\n"
	"    -l, --log                complain mode: log what the profile would deny\n"
	"                             (SCMP_ACT_LOG as the default action) and allow it\n"
	"\n"
	"examples:\n"
	"    learnprof run --seccomp seccomp.json -- make integration-test\n"
	"    learnprof run --seccomp seccomp.json --log -- ./server\n";

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seccomp", required_argument, NULL, 's' },
		{ "log", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *profile = NULL;
	scmp_filter_ctx ctx;
	bool log = false;
	char *path, *prefix;
	int c, code = 0, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:lh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': profile = optarg; break;
		case 'l': log = true; break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (!profile)
		return usage_error(usage, "--seccomp <profile> is required");
	if (optind >= argc)
		return usage_error(usage, "no command given");
	path = command_resolve(argv[optind], &code);
	if (!path)
		return code;
	ctx = seccomp_profile_load(profile, log);
	if (!ctx) {
		free(path);
		return LP_EXIT_FAIL;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		lp_err("cannot set no_new_privs: %s", strerror(errno));
		goto fail;
	}
	/* Once the filter is in, nothing but execve and, if it fails, write
	 * and exit_group: no allocation (the profile may deny mmap and brk). */
	prefix = xasprintf("learnprof: cannot run '%s': ", argv[optind]);
	rc = seccomp_load(ctx);
	if (rc) {
		lp_err("cannot load the seccomp filter of '%s': %s", profile, strerror(-rc));
		free(prefix);
		goto fail;
	}
	execv(path, argv + optind);
	rc = errno;
	if (write(STDERR_FILENO, prefix, strlen(prefix)) >= 0 &&
	    write(STDERR_FILENO, strerror(rc), strlen(strerror(rc))) >= 0 &&
	    rc == EPERM) {
		static const char hint[] = " (does the profile allow execve?)";

		if (write(STDERR_FILENO, hint, sizeof(hint) - 1) < 0)
			_exit(LP_EXIT_NOEXEC);
	}
	if (write(STDERR_FILENO, "\n", 1) < 0)
		_exit(LP_EXIT_NOEXEC);
	_exit(rc == ENOENT ? LP_EXIT_NOTFOUND : LP_EXIT_NOEXEC);
fail:
	seccomp_release(ctx);
	free(path);
	return LP_EXIT_FAIL;
}
