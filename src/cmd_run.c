// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof run: exec a command under a seccomp profile, the way a container
 * runtime would apply it, so that tests prove the profile lets them pass.
 */
#include <errno.h>
#include <getopt.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cmds.h"
#include "complain.h"
#include "seccomp_profile.h"
#include "syscalls.h"
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
	"    -l, --log                complain mode: let through what the profile would\n"
	"                             deny, and say at the end which calls those were\n"
	"                             (by name, per program) and the rule that allows them;\n"
	"                             the profile's SCMP_ACT_LOG rules are named too\n"
	"\n"
	"In complain mode learnprof stays the command's parent and answers the\n"
	"filter's notifications (SCMP_ACT_NOTIFY, Linux 5.5); where the kernel cannot\n"
	"do that, the kernel logs the calls instead (SCMP_ACT_LOG: dmesg, audit).\n"
	"\n"
	"examples:\n"
	"    learnprof run --seccomp seccomp.json -- make integration-test\n"
	"    learnprof run --seccomp seccomp.json --log -- ./server\n";

/* Does a rule of the profile log this syscall (whatever its arguments)? */
static bool logged_by_rule(const struct scmp_profile *p, const char *name)
{
	for (size_t i = 0; p && i < p->nrules; i++)
		for (size_t k = 0; p->rules[i].action == SCMP_ACT_LOG && k < p->rules[i].nnames; k++)
			if (!strcmp(p->rules[i].names[k], name))
				return true;
	return false;
}

/* One group of complain mode's findings; returns how many it printed. */
static size_t print_group(const struct lp_complaints *c, const struct scmp_profile *p,
			  bool logged, const char *title, struct strlist *names)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct lp_complaint *x = &c->v[i];
		char *exe;

		if (logged_by_rule(p, x->name) != logged)
			continue;
		if (!n++)
			fputs(title, stderr);
		exe = lp_display(x->exe);
		fprintf(stderr, "  %-20s %-7s %6llu time%s  %s\n", x->name, lp_abi_name(x->abi),
			(unsigned long long)x->count, x->count == 1 ? " " : "s", exe);
		free(exe);
		if (names && x->name[0] != '#')
			sl_add(names, xstrdup(x->name));
	}
	return n;
}

/* What complain mode saw, for people, and the rule that would allow it. */
static void print_complaints(struct lp_complaints *c, const char *profile)
{
	struct scmp_profile *p = scmp_profile_read(profile);
	struct strlist names = { 0 };
	char *title;

	complaints_sort(c);
	title = xasprintf("learnprof: complain mode: '%s' would have denied these calls, allowed this time:\n",
			  profile);
	if (!print_group(c, p, false, title, &names))
		fprintf(stderr, "learnprof: complain mode: '%s' denied nothing the command did\n", profile);
	free(title);
	print_group(c, p, true, "learnprof: logged by the profile's SCMP_ACT_LOG rules (allowed):\n", NULL);
	sl_sort_uniq(&names);
	if (names.n) {
		fprintf(stderr, "learnprof: to allow them, record them (learnprof record, then merge) or add this rule to its \"syscalls\":\n  {\"names\": [");
		for (size_t i = 0; i < names.n; i++)
			fprintf(stderr, "%s\"%s\"", i ? ", " : "", names.v[i]);
		fprintf(stderr, "], \"action\": \"SCMP_ACT_ALLOW\"}\n");
	}
	sl_free(&names);
	scmp_profile_free(p);
}

static int run_complaining(const char *profile, const char *path, char **argv)
{
	struct lp_complaints c = { 0 };
	scmp_filter_ctx ctx = seccomp_profile_load(profile, SCMP_ACT_NOTIFY);
	int rc;

	if (!ctx)
		return LP_EXIT_FAIL;
	rc = complain_run(ctx, path, argv, &c);
	seccomp_release(ctx);
	if (rc != LP_EXIT_FAIL || c.n)
		print_complaints(&c, profile);
	complaints_free(&c);
	return rc;
}

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
	if (log && complain_supported()) {
		rc = run_complaining(profile, path, argv + optind);
		free(path);
		return rc;
	}
	if (log)
		lp_warn("this kernel cannot let learnprof name the calls: they are logged by the kernel (dmesg, audit type=1326)");
	ctx = seccomp_profile_load(profile, log ? SCMP_ACT_LOG : 0);
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
	lp_exec_filtered(path, argv + optind, prefix);
fail:
	seccomp_release(ctx);
	free(path);
	return LP_EXIT_FAIL;
}
