// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Minimal seccomp profiles from recordings: allow exactly the syscalls that
 * were observed, deny everything else with EPERM. Rules follow the OCI
 * runtime-spec (linux.seccomp), moby's profile format (--format docker) or
 * the Security Profiles Operator's SeccompProfile (--format spo). Facts
 * behind the rules (OCI runtime-spec, moby's profiles, libseccomp, runc):
 *  - "flags": [] is always written: runc 1.2+ adds SPEC_ALLOW when it is
 *    absent (runc 1.1 rejects any non-empty flags);
 *  - clone3, when not observed, gets ERRNO(ENOSYS): glibc >= 2.34 falls back
 *    to clone only on ENOSYS; with EPERM every thread creation fails;
 *  - no rule's action equals the default action (libseccomp rejects it);
 *  - only the ABIs seen are listed: any other ABI hits libseccomp's
 *    bad-architecture action, so no allowed name is reachable through i386
 *    or x32 unless a program of that ABI ran;
 *  - libseccomp refuses one rule comparing the same argument twice, so a
 *    pinned argument gets one rule per allowed value;
 *  - a few syscalls happen or not as timing decides (companions, below): a
 *    recording that saw what implies them gets them too, unless --exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "names.h"
#include "profile_name.h"
#include "companions.h"
#include "seccomp_gen.h"
#include "syscalls.h"
#include "util.h"
#include "rules.h"

/* runc's last steps after its filter is installed (no_new_privileges, busybox
 * sleep; docs/containers.md), sorted. Without no_new_privileges runc installs the
 * filter earlier; these also cover its setgroups/setuid/capset steps. */
static const char *const runc_floor[] = {
	"arch_prctl", "brk", "capget", "capset", "chdir", "close", "close_range",
	"epoll_ctl", "epoll_pwait", "execve", "exit_group", "faccessat2", "fcntl",
	"fstat", "fstatfs", "futex", "getcwd", "getdents64", "getpid", "getppid",
	"getuid", "mmap", "mprotect", "nanosleep", "newfstatat", "openat",
	"openat2", "prctl", "read", "recvfrom", "rt_sigreturn", "sched_yield",
	"setgid", "setgroups", "setuid", "sigaltstack", "statx", "tgkill", "write",
};

/* What runc's Go runtime does when its scheduler decides, not when runc's code
 * asks: wake or park a thread (futex, nanosleep, sched_yield, epoll_pwait),
 * preempt one (getpid + tgkill, then rt_sigreturn from the handler), grow
 * the heap (mmap, mprotect) and set up a signal stack (sigaltstack). One
 * recording may see none of them and the next container need any: a denied
 * futex wake is fatal ("futexwakeup ... returned -1"), a denied rt_sigreturn
 * a SIGSEGV. So a measured floor always includes them. Sorted. */
static const char *const runc_timing[] = {
	"epoll_pwait", "futex", "getpid", "mmap", "mprotect", "nanosleep",
	"rt_sigreturn", "sched_yield", "sigaltstack", "tgkill",
};

const char *const *lp_runc_timing(size_t *n)
{
	*n = ARRAY_SIZE(runc_timing);
	return runc_timing;
}

const char *const *lp_runtime_floor(enum lp_runtime rt, size_t *n)
{
	if (rt != LP_RUNTIME_RUNC) {
		*n = 0;
		return NULL;
	}
	*n = ARRAY_SIZE(runc_floor);
	return runc_floor;
}

int lp_runtime_from_name(const char *name)
{
	if (!strcmp(name, "none"))
		return LP_RUNTIME_NONE;
	if (!strcmp(name, "runc"))
		return LP_RUNTIME_RUNC;
	return -1;
}

/* ---- the rules, format-independent ------------------------------------- */


static bool nameset_has(const struct nameset *s, const char *name)
{
	return lp_in_names(s->names, s->n, name);
}

static void nameset_add(struct nameset *s, const char *name)
{
	if (!nameset_has(s, name))
		*LP_PUSH(s->names, s->n, s->cap) = xstrdup(name);
}

static void nameset_del(struct nameset *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name)) {
			free(s->names[i]);
			memmove(&s->names[i], &s->names[i + 1], (s->n - i - 1) * sizeof(char *));
			s->n--;
			return;
		}
}

static void nameset_free(struct nameset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
}

static void add_names(struct nameset *s, const struct nameset *from)
{
	for (size_t i = 0; i < from->n; i++)
		nameset_add(s, from->names[i]);
}


static struct rule *add_rule(struct ruleset *rs, const char *action, int errno_ret,
			     const char *comment)
{
	struct rule *r = LP_PUSH(rs->v, rs->n, rs->cap);

	memset(r, 0, sizeof(*r));
	r->action = action;
	r->errno_ret = errno_ret;
	r->comment = comment ? xstrdup(comment) : NULL;
	return r;
}

static void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		nameset_free(&rs->v[i].names);
		free(rs->v[i].comment);
	}
	free(rs->v);
}

/* Distinct values of a numeric fact field, over every program. */
static size_t fact_values(const struct lp_recording *rec, enum lp_cat cat,
			  const char *syscall, int64_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_factset *fs = &rec->exes[i]->facts[cat];

		for (size_t k = 0; k < fs->n; k++) {
			int64_t v;
			bool dup = false;

			if (syscall && !lp_streq(fs->v[k].s[0], syscall))
				continue;
			if (cat == LP_CAT_SOCKETS)
				v = lp_family_from_name(fs->v[k].s[0]);
			else
				v = fs->v[k].n[0];
			for (size_t j = 0; j < n; j++)
				dup |= out[j] == v;
			if (!dup && n < max)
				out[n++] = v;
		}
	}
	return n;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* One rule per value for name's argument 0. */
static void pin_values(struct ruleset *rs, const char *name, int64_t *vals,
		       size_t n, const char *what)
{
	lp_qsort(vals, n, sizeof(*vals), cmp_i64);
	for (size_t i = 0; i < n; i++) {
		char comment[128];
		struct rule *r;

		if (!strcmp(what, "family"))
			snprintf(comment, sizeof(comment), "family %s (%lld): observed",
				 lp_family_name((int)vals[i]), (long long)vals[i]);
		else
			snprintf(comment, sizeof(comment), "%s %#llx: observed", what,
				 (unsigned long long)vals[i]);
		r = add_rule(rs, "SCMP_ACT_ALLOW", -1, comment);
		nameset_add(&r->names, name);
		r->arg = (struct rule_arg){ 0, (uint64_t)vals[i], 0, "SCMP_CMP_EQ" };
		r->has_arg = true;
	}
}

/* --args: pin what the recording pins; the pinned names leave allow. */
static void pin_arguments(const struct lp_recording *rec, struct nameset *allow,
			  struct ruleset *rs)
{
	int64_t vals[64];
	char *why;
	size_t n;

	if (!rec_observed(rec, "arguments", &why)) {
		lp_warn("--args: nothing pinned: %s", why);
		free(why);
		return;
	}
	if (nameset_has(allow, "socket") &&
	    (n = fact_values(rec, LP_CAT_SOCKETS, NULL, vals, ARRAY_SIZE(vals))) > 0) {
		nameset_del(allow, "socket");
		pin_values(rs, "socket", vals, n, "family");
	}
	if (nameset_has(allow, "personality") &&
	    (n = fact_values(rec, LP_CAT_PERSONALITY, NULL, vals, ARRAY_SIZE(vals))) > 0) {
		nameset_del(allow, "personality");
		pin_values(rs, "personality", vals, n, "persona");
	}
	if (nameset_has(allow, "clone") &&
	    (n = fact_values(rec, LP_CAT_CLONE, "clone", vals, ARRAY_SIZE(vals))) > 0) {
		bool ns = false;

		for (size_t i = 0; i < n; i++)
			ns |= ((uint64_t)vals[i] & 0x7E020000ULL) != 0;
		if (!ns) {
			struct rule *r = add_rule(rs, "SCMP_ACT_ALLOW", -1,
				"clone without namespace flags: none was used");

			nameset_del(allow, "clone");
			nameset_add(&r->names, "clone");
			/* MASKED_EQ: value is the mask, valueTwo the datum. */
			r->arg = (struct rule_arg){ 0, 0x7E020000ULL, 0, "SCMP_CMP_MASKED_EQ" };
			r->has_arg = true;
		}
	}
}

/* The companions of allow, in one rule that says why each is there; their
 * names go to implied. */
static void add_companions(struct ruleset *rs, const struct nameset *allow,
			   struct nameset *implied)
{
	struct lp_companion c[LP_COMPANIONS_MAX];
	size_t n = lp_companions(allow->names, allow->n, rs->abi[LP_ABI_I386], c);
	struct strbuf why;
	struct rule *r;

	sb_init(&why);
	sb_puts(&why, "implied by what was observed (timing decides whether a run makes them):");
	for (size_t i = 0; i < n; i++) {
		sb_printf(&why, "%s %s (by %s): %s", i ? ";" : "", c[i].name, c[i].by, c[i].why);
		nameset_add(implied, c[i].name);
	}
	if (implied->n) {
		r = add_rule(rs, "SCMP_ACT_ALLOW", -1, why.buf);
		for (size_t i = 0; i < implied->n; i++)
			nameset_add(&r->names, implied->names[i]);
		lp_qsort(r->names.names, r->names.n, sizeof(char *), lp_strcmp_ptr);
	}
	sb_free(&why);
}

/* "getrusage() in /usr/bin/x", up to three of each, then "+N". */
static void put_some(struct strbuf *sb, const struct strlist *sl, const char *suffix)
{
	size_t n = sl->n < 3 ? sl->n : 3;

	for (size_t k = 0; k < n; k++) {
		char *d = lp_display(sl->v[k]);

		sb_printf(sb, "%s%s%s", k ? ", " : "", d,
			  strcmp(sl->v[k], LP_REACH_SCAN_FUNC) ? suffix : "");
		free(d);
	}
	if (sl->n > n)
		sb_printf(sb, ", +%zu", sl->n - n);
}

/* A reachable syscall the profile does not allow yet, and what reaches it
 * in the first program (by path) that can. */
struct unobserved {
	const struct lp_reach_item *item;
};

static int cmp_unobserved(const void *a, const void *b)
{
	return strcmp(((const struct unobserved *)a)->item->syscall,
		      ((const struct unobserved *)b)->item->syscall);
}

/* The reachable syscalls of the application's programs not in allow,
 * sorted; clone3 keeps its ENOSYS rule (glibc falls back to clone). */
static struct unobserved *unobserved_list(const struct lp_recording *rec,
					  const struct nameset *allow, size_t *n)
{
	struct unobserved *v = NULL;
	struct nameset seen = { 0 };
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_reach *r = rec->exes[i]->reach;

		if (!r || rec_is_runtime_program(rec->exes[i]->path))
			continue;
		for (size_t k = 0; k < r->n; k++) {
			const char *name = r->v[k].syscall;

			if (nameset_has(allow, name) || nameset_has(&seen, name) ||
			    !strcmp(name, "clone3") || name[0] == '#')
				continue;
			nameset_add(&seen, name);
			LP_PUSH(v, *n, cap)->item = &r->v[k];
		}
	}
	nameset_free(&seen);
	lp_qsort(v, *n, sizeof(*v), cmp_unobserved);
	return v;
}

/* --unobserved log or allow: one rule per reachable syscall, saying why. */
static void add_unobserved(struct ruleset *rs, const struct lp_recording *rec,
			   const struct lp_seccomp_opts *o, const struct nameset *allowed)
{
	bool log = o->unobserved == LP_UNOBSERVED_LOG;
	size_t n;
	struct unobserved *v = unobserved_list(rec, allowed, &n);
	struct strbuf why;

	for (size_t i = 0; i < n; i++) {
		sb_init(&why);
		sb_puts(&why, LP_UNOBSERVED_COMMENT " (");
		put_some(&why, &v[i].item->funcs, "()");
		sb_puts(&why, " in ");
		put_some(&why, &v[i].item->files, "");
		sb_puts(&why, log ? "): allowed and logged (--unobserved log)"
				  : "): allowed (--unobserved allow)");
		nameset_add(&add_rule(rs, log ? "SCMP_ACT_LOG" : "SCMP_ACT_ALLOW", -1,
				      why.buf)->names, v[i].item->syscall);
		sb_free(&why);
	}
	rs->count.unobserved = n;
	rs->count.allowed += n;
	free(v);
}

static void build_rules(const struct lp_recording *rec,
			const struct lp_seccomp_opts *o, struct ruleset *rs)
{
	struct nameset allow = { 0 }, floor_only = { 0 }, measured_floor = { 0 }, implied = { 0 };
	struct nameset known = { 0 };	/* every name allowed, for --unobserved */
	bool saw_runtime = false, measured = false, measured_runc = false;
	const char *const *floor;
	enum lp_runtime rt;
	size_t nfloor;
	struct rule *r;

	rs->abi[LP_ABI_X86_64] = true;
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_exe *e = rec->exes[i];
		bool runtime = rec_is_runtime_program(e->path);

		/* A container runtime's own set-up happens before the filter:
		 * only what it does after installing it belongs here. */
		if (runtime && !(e->flags & LP_PATH_AFTER_FILTER)) {
			saw_runtime = true;
			continue;
		}
		measured |= runtime;
		measured_runc |= rec_is_runc(e->path);
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < e->nsys[a]; k++) {
				const char *name = e->sys[a][k].name;

				rs->abi[a] = true;
				if (name[0] == '#') {
					if (!rs->quiet)
						lp_warn("syscall number %s (%s) has no name; a profile cannot allow it by name",
							name + 1, lp_abi_name(a));
					continue;
				}
				nameset_add(runtime ? &measured_floor : &allow, name);
			}
	}
	if (o->all_abis)
		for (int a = 0; a < LP_ABI_COUNT; a++)
			rs->abi[a] = true;
	if (measured_runc && !o->exact)
		for (size_t i = 0; i < ARRAY_SIZE(runc_timing); i++)
			nameset_add(&measured_floor, runc_timing[i]);
	for (size_t i = 0; i < measured_floor.n; i++)
		if (!nameset_has(&allow, measured_floor.names[i]))
			nameset_add(&floor_only, measured_floor.names[i]);
	rt = o->runtime;
	if (saw_runtime && !measured && rt == LP_RUNTIME_NONE) {
		if (!rs->quiet)
			lp_warn("the container runtime installed no seccomp filter while recording, so its own post-filter syscalls were not measured: adding learnprof's list for runc (record with a filter, even an SCMP_ACT_LOG one, to measure them)");
		rt = LP_RUNTIME_RUNC;
	} else if (rec->meta.kind == LP_TARGET_CONTAINER && !measured && rt == LP_RUNTIME_NONE) {
		/* Attached to it running: the runtime's last steps were never
		 * seen, and without them the container cannot start. */
		if (!rs->quiet)
			lp_warn("the container's start-up was not recorded, so its runtime's post-filter syscalls were not measured: adding learnprof's list for runc%s (record through the OCI hook or `learnprof record -- docker run` to measure them)",
				rec->meta.container_runtime && !strcmp(rec->meta.container_runtime, "crun") ?
				", which crun may not match" : "");
		rt = LP_RUNTIME_RUNC;
	}
	floor = lp_runtime_floor(rt, &nfloor);
	for (size_t i = 0; i < nfloor; i++)
		if (!nameset_has(&allow, floor[i]))
			nameset_add(&floor_only, floor[i]);
	lp_qsort(floor_only.names, floor_only.n, sizeof(char *), lp_strcmp_ptr);

	add_rule(rs, "SCMP_ACT_ALLOW", -1, "observed while recording");	/* rs->v[0] */
	if (!o->exact)
		add_companions(rs, &allow, &implied);
	rs->count.observed = allow.n;
	add_names(&known, &allow);
	add_names(&known, &implied);
	add_names(&known, &floor_only);
	if (o->args)
		pin_arguments(rec, &allow, rs);
	lp_qsort(allow.names, allow.n, sizeof(char *), lp_strcmp_ptr);
	rs->v[0].names = allow;		/* the rules moved as they grew */
	for (size_t i = 0; i < implied.n; i++)
		nameset_del(&floor_only, implied.names[i]);
	rs->count.companions = implied.n;
	rs->count.floor = floor_only.n;
	rs->count.allowed = rs->count.observed + implied.n + floor_only.n;
	nameset_free(&implied);
	if (floor_only.n) {
		r = add_rule(rs, "SCMP_ACT_ALLOW", -1, measured && rt == LP_RUNTIME_NONE ?
			     measured_runc ?
			     "runtime floor (measured, with the calls runc's Go scheduler makes when timing decides): made by runc after it installs the filter, not by the application" :
			     "runtime floor (measured): made by the container runtime after it installs the filter, not by the application" :
			     "runtime floor (runc): made by runc after it installs the filter, not by the application");
		r->names = floor_only;
	}
	nameset_free(&measured_floor);
	if (o->unobserved != LP_UNOBSERVED_DENY)
		add_unobserved(rs, rec, o, &known);
	nameset_free(&known);
	if (!nameset_has(&allow, "clone3") && !nameset_has(&floor_only, "clone3")) {
		r = add_rule(rs, "SCMP_ACT_ERRNO", ENOSYS,
			     "not observed: ENOSYS so that glibc falls back to clone");
		nameset_add(&r->names, "clone3");
	}
	if (!floor_only.n)	/* emptied by the companions: no rule owns it */
		nameset_free(&floor_only);
	if (!rs->v[0].names.n) {
		/* Nothing observed: drop the empty rule (OCI needs >= 1 name). */
		nameset_free(&rs->v[0].names);
		free(rs->v[0].comment);
		memmove(&rs->v[0], &rs->v[1], (rs->n - 1) * sizeof(rs->v[0]));
		rs->n--;
	}
}

char *lp_seccomp_generate(const struct lp_recording *rec,
		       const struct lp_seccomp_opts *opts)
{
	struct ruleset rs = { 0 };
	char *text;

	build_rules(rec, opts, &rs);
	if (opts->format == LP_SECCOMP_SPO)
		text = sg_emit_spo(&rs, rec, opts->name);
	else
		text = sg_emit_json(&rs, opts->format == LP_SECCOMP_DOCKER);
	ruleset_free(&rs);
	return text;
}

void lp_seccomp_count(const struct lp_recording *rec, const struct lp_seccomp_opts *opts,
		   struct lp_profile_count *c)
{
	struct lp_seccomp_opts o = *opts;
	struct ruleset rs = { .quiet = true };

	o.args = false;		/* pinning splits rules, not names */
	build_rules(rec, &o, &rs);
	*c = rs.count;
	ruleset_free(&rs);
}
