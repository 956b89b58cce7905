// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof run: exec a command under a seccomp profile and/or a Landlock
 * policy, the way a container runtime would apply them, so that tests prove
 * the profiles let them pass. Landlock goes first, then seccomp, so the
 * seccomp profile need not allow the Landlock syscalls.
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
#include "landlock.h"
#include "seccomp_gen.h"
#include "seccomp_profile.h"
#include "syscalls.h"
#include "target.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof run [--seccomp <profile> [--log]] [--landlock <policy> [--strict] [--abi <n>]]\n"
	"                     [--] <command> [<args>...]\n";

static const char help[] =
	"\n"
	"Run <command> under a seccomp profile (OCI or Docker JSON), a Landlock\n"
	"policy (landlockconfig, TOML or JSON), or both: no_new_privs is set, the\n"
	"Landlock ruleset is enforced, then the seccomp filter is loaded (built\n"
	"with libseccomp), and the command is exec'd. No root is needed. The exit\n"
	"status is the command's; 125 when learnprof fails (Landlock missing or\n"
	"disabled in this kernel, a policy it cannot read).\n"
	"\n"
	"    -s, --seccomp <profile>  the seccomp profile to apply\n"
	"    -l, --log                complain mode: let through what the profile would\n"
	"                             deny, and say at the end which calls those were\n"
	"                             (by name, per program) and the rule that allows them;\n"
	"                             the profile's SCMP_ACT_LOG rules are named too, and\n"
	"                             those `seccomp --unobserved log` wrote (in docker or\n"
	"                             spo format, whose rules say why) are marked\n"
	"                             \"reachable but not observed\"\n"
	"    -L, --landlock <policy>  the Landlock policy to enforce; paths are opened\n"
	"                             now (a missing one is reported and skipped), and\n"
	"                             rights this kernel's Landlock ABI lacks are\n"
	"                             dropped, each one named\n"
	"        --strict             refuse, instead of dropping, what the kernel\n"
	"                             cannot enforce; refuse a set-user-ID command\n"
	"        --abi <n>            enforce as a kernel of Landlock ABI <n> would\n"
	"                             (lower than this kernel's: to try a policy on\n"
	"                             what an older kernel enforces)\n"
	"\n"
	"In complain mode learnprof stays the command's parent and answers the\n"
	"filter's notifications (SCMP_ACT_NOTIFY, Linux 5.5); where the kernel cannot\n"
	"do that, the kernel logs the calls instead (SCMP_ACT_LOG: dmesg, audit).\n"
	"\n"
	"examples:\n"
	"    learnprof run --seccomp seccomp.json -- make integration-test\n"
	"    learnprof run --seccomp seccomp.json --log -- ./server\n"
	"    learnprof run --landlock landlock.toml -- make integration-test\n"
	"    learnprof run --landlock landlock.toml --seccomp seccomp.json -- ./server\n"
	"    learnprof run --landlock landlock.json --strict -- ./server\n";

/* The rule of the profile that logs this syscall (whatever its
 * arguments), or NULL. */
static const struct lp_sc_rule *log_rule(const struct lp_sc_profile *p, const char *name)
{
	for (size_t i = 0; p && i < p->nrules; i++)
		for (size_t k = 0; p->rules[i].action == SCMP_ACT_LOG && k < p->rules[i].nnames; k++)
			if (!strcmp(p->rules[i].names[k], name))
				return &p->rules[i];
	return NULL;
}

/* Was the rule written by `seccomp --unobserved log` (its comment says)? */
static bool unobserved_rule(const struct lp_sc_rule *r)
{
	return r && r->comment && !strncmp(r->comment, LP_UNOBSERVED_COMMENT,
					   strlen(LP_UNOBSERVED_COMMENT));
}

/* One group of complain mode's findings; returns how many it printed. */
static size_t print_group(const struct lp_complaints *c, const struct lp_sc_profile *p,
			  bool logged, const char *title, struct strlist *names)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct lp_complaint *x = &c->v[i];
		const struct lp_sc_rule *rule;
		char *exe;

		rule = log_rule(p, x->name);
		if (!rule != !logged)
			continue;
		if (!n++)
			fputs(title, stderr);
		exe = lp_display(x->exe);
		fprintf(stderr, "  %-20s %-7s %6llu time%s  %s%s\n", x->name, lp_abi_name(x->abi),
			(unsigned long long)x->count, x->count == 1 ? " " : "s", exe,
			unobserved_rule(rule) ? "  (reachable but not observed)" : "");
		free(exe);
		if (names && x->name[0] != '#')
			sl_add(names, xstrdup(x->name));
	}
	return n;
}

/* What complain mode saw, for people, and the rule that would allow it. */
static void print_complaints(struct lp_complaints *c, const char *profile,
			     const struct lp_sc_profile *p)
{
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
}

/* Enforce the Landlock policy on this process (when one is given). */
static int enforce_landlock(const struct ll_policy *ll, const char *file,
			    const struct ll_enforce_opts *o)
{
	int fd;

	if (!ll)
		return 0;
	fd = ll_build(ll, file, o);
	return fd < 0 ? -1 : ll_restrict(fd);
}

/*
 * Complain mode: learnprof stays the parent and answers the filter's
 * notifications. The Landlock domain is entered here, before the fork, so
 * that the command is in it from its first instruction; what learnprof
 * does afterwards (reading /proc links, pidfd_getfd and signals within its
 * own domain) Landlock does not restrict, and the profile is read before.
 */
static int run_complaining(const char *profile, const char *path, char **argv,
			   const struct ll_policy *ll, const char *llfile,
			   const struct ll_enforce_opts *o)
{
	struct lp_complaints c = { 0 };
	struct lp_sc_profile *p = lp_sc_profile_read(profile);
	scmp_filter_ctx ctx = lp_seccomp_load(profile, SCMP_ACT_NOTIFY);
	int rc = LP_EXIT_FAIL;

	if (!ctx || enforce_landlock(ll, llfile, o))
		goto cleanup;
	rc = complain_run(ctx, path, argv, &c);
	if (rc != LP_EXIT_FAIL || c.n)
		print_complaints(&c, profile, p);
cleanup:
	if (ctx)
		seccomp_release(ctx);
	lp_sc_profile_free(p);
	complaints_free(&c);
	return rc;
}

/* Without a seccomp filter every call is available: exec and explain. */
static int exec_landlocked(const char *path, char **argv)
{
	int err;

	execv(path, argv);
	err = errno;
	lp_err("cannot run '%s': %s%s", argv[0], strerror(err),
	       err == EACCES ? " (does the Landlock policy allow execute on it and its ELF interpreter?)" : "");
	return err == ENOENT ? LP_EXIT_NOTFOUND : LP_EXIT_NOEXEC;
}

/* The seccomp filter (after Landlock), then exec. Returns only on failure. */
static int exec_filtered(scmp_filter_ctx ctx, const char *profile, const char *path, char **argv)
{
	char *prefix;
	int rc;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return lp_err("cannot set no_new_privs: %s", strerror(errno)), LP_EXIT_FAIL;
	/* Once the filter is in, nothing but execve and, if it fails, write
	 * and exit_group: no allocation (the profile may deny mmap and brk). */
	prefix = xasprintf("learnprof: cannot run '%s': ", argv[0]);
	rc = seccomp_load(ctx);
	if (rc) {
		lp_err("cannot load the seccomp filter of '%s': %s", profile, strerror(-rc));
		free(prefix);
		return LP_EXIT_FAIL;
	}
	lp_exec_filtered(path, argv, prefix);
}

struct run_opts {
	const char *profile, *landlock;
	bool log;
	struct ll_enforce_opts ll;
};

static int run(const struct run_opts *o, const char *path, char **argv)
{
	struct ll_policy *ll = NULL;
	scmp_filter_ctx ctx = NULL;
	int rc = LP_EXIT_FAIL;

	if (o->landlock) {
		ll = ll_policy_read(o->landlock);
		if (!ll)
			return LP_EXIT_FAIL;
		if (ll_warn_privileged_exec(path, o->ll.strict) && o->ll.strict)
			goto cleanup;
	}
	if (o->profile && o->log && complain_supported()) {
		rc = run_complaining(o->profile, path, argv, ll, o->landlock, &o->ll);
		goto cleanup;
	}
	if (o->profile && o->log)
		lp_warn("this kernel cannot let learnprof name the calls: they are logged by the kernel (dmesg, audit type=1326)");
	if (o->profile) {
		ctx = lp_seccomp_load(o->profile, o->log ? SCMP_ACT_LOG : 0);
		if (!ctx)
			goto cleanup;
	}
	if (enforce_landlock(ll, o->landlock, &o->ll))
		goto cleanup;
	rc = ctx ? exec_filtered(ctx, o->profile, path, argv) : exec_landlocked(path, argv);
cleanup:
	if (ctx)
		seccomp_release(ctx);
	ll_policy_free(ll);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seccomp", required_argument, NULL, 's' },
		{ "log", no_argument, NULL, 'l' },
		{ "landlock", required_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 'S' },
		{ "abi", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct run_opts o = { 0 };
	uint64_t abi;
	char *path;
	int c, code = 0, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:lL:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o.profile = optarg; break;
		case 'l': o.log = true; break;
		case 'L': o.landlock = optarg; break;
		case 'S': o.ll.strict = true; break;
		case 'A':
			if (lp_parse_u64(optarg, &abi) || abi < 1 || abi > LL_ABI_MAX)
				return usage_error(usage, "--abi takes a Landlock ABI from 1 to %d", LL_ABI_MAX);
			o.ll.abi = (int)abi;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (!o.profile && !o.landlock)
		return usage_error(usage, "--seccomp <profile> or --landlock <policy> is required");
	if (o.log && !o.profile)
		return usage_error(usage, "--log is seccomp's complain mode: it needs --seccomp <profile>");
	if ((o.ll.strict || o.ll.abi) && !o.landlock)
		return usage_error(usage, "--strict and --abi need --landlock <policy>");
	if (optind >= argc)
		return usage_error(usage, "no command given");
	path = command_resolve(argv[optind], &code);
	if (!path)
		return code;
	rc = run(&o, path, argv + optind);
	free(path);
	return rc;
}
