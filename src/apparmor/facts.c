// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What goes into a profile from its programs' facts: capabilities, network,
 * signals and ptrace (naming the peer's profile), the programs it runs, and
 * its files, merged and generalised (src/policy/paths.c), with the failures
 * and Docker's hardening denies the workload does not need.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "apparmor_rules.h"
#include "learnprof_abi.h"
#include "names.h"
#include "apparmor_pattern.h"
#include "profile_name.h"
#include "recording.h"
#include "strmap.h"
#include "util.h"
#include "volatile.h"
#include "model.h"

/* ---- capabilities, network, signals, ptrace, exec ----------------------- */

static void add_caps(struct prof *p, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_CAPS];

	for (size_t i = 0; i < fs->n; i++) {
		const struct lp_fact *f = &fs->v[i];
		const char *name = f->s[0] ? aa_capability_name(f->s[0]) : NULL;

		if (f->n[0])
			continue;	/* optional: the call works without it */
		if (!name)
			SL_ADD_SAFE(&p->notes, "capability %s: AppArmor 3.0 has no name for it",
				    f->s[0] ? f->s[0] : "?");
		else if (!f->err)
			sl_addf(&p->caps, "capability %s,", name);
		else
			sl_addf(&p->cap_denied, "%s (%s)", name, lp_errno_name(f->err));
	}
}

static void net_rule(struct prof *p, const char *family, const char *type)
{
	if (!family)
		return;
	if (!aa_family_known(family)) {
		SL_ADD_SAFE(&p->notes, "socket family %s: AppArmor 3.0 has no name for it, "
			    "so no rule can allow it", family);
		return;
	}
	p->uses_alg |= !strcmp(family, "alg");
	if (aa_socktype_known(type))
		sl_addf(&p->net, "network %s %s,", family, type);
	else
		sl_addf(&p->net, "network %s,", family);
}

static void acc_add(struct prof *p, const char *path, uint32_t ok, uint32_t flags,
		    const struct lp_file_err *errs, size_t nerrs);

/* A unix socket with a path is a file to AppArmor: bind creates it (w),
 * connect and sendto open it (rw). */
static void unix_path(struct prof *p, enum lp_cat c, const struct lp_fact *f)
{
	const char *addr = f->s[2];

	if (!f->s[0] || strcmp(f->s[0], "unix") || !addr || addr[0] != '/')
		return;
	if (f->err == EACCES || f->err == EPERM || f->err == ENOENT)
		return;
	acc_add(p, addr, c == LP_CAT_BIND ? LP_F_CREATE : LP_F_READ | LP_F_WRITE, 0, NULL, 0);
}

static void add_net(struct prof *p, const struct lp_exe *e)
{
	for (int c = LP_CAT_SOCKETS; c <= LP_CAT_ACCEPT; c++) {
		const struct lp_factset *fs = &e->facts[c];

		for (size_t i = 0; i < fs->n; i++) {
			const struct lp_fact *f = &fs->v[i];

			if (c == LP_CAT_SOCKETS && f->err) {
				SL_ADD_SAFE(&p->denied, "socket %s %s (%s)", f->s[0] ? f->s[0] : "?",
					    f->s[1] ? f->s[1] : "?", lp_errno_name(f->err));
				continue;
			}
			net_rule(p, f->s[0], f->s[1]);
			if (c == LP_CAT_BIND || c == LP_CAT_CONNECT || c == LP_CAT_SENDTO)
				unix_path(p, c, f);
		}
	}
}

static struct sigpeer *sigpeer(struct prof *p, const char *label)
{
	struct sigpeer *s;

	for (size_t i = 0; i < p->nsig; i++)
		if (!strcmp(p->sig[i].peer, label))
			return &p->sig[i];
	s = LP_PUSH(p->sig, p->nsig, p->capsig);
	s->peer = xstrdup(label);
	s->send = s->recv = 0;
	return s;
}

/* The sender's profile may send, the receiver's may receive: AppArmor
 * checks both sides. A peer outside the recording is unconfined, which
 * abstractions/base lets send to us. */
static void add_signal(struct gen *g, struct prof *p, const struct lp_fact *f)
{
	int sig = f->s[0] ? lp_signal_from_name(f->s[0]) : -1;
	struct prof *t = aa_prof_of(g, f->s[1]);
	uint64_t bit;

	if (sig == 0)
		return;		/* existence checks: abstractions/base allows them */
	if (f->err) {
		SL_ADD_SAFE(&p->denied, "signal %s to %s (%s)", f->s[0] ? f->s[0] : "?",
			    f->s[1] ? f->s[1] : "an unknown process", lp_errno_name(f->err));
		return;
	}
	if (sig < 0 || !aa_signal_name(sig) || !f->s[1]) {
		SL_ADD_SAFE(&p->notes, "signal %s: %s", f->s[0] ? f->s[0] : "?",
			    f->s[1] ? "AppArmor has no name for it" : "the receiver is not known");
		return;
	}
	bit = 1ULL << (sig - 1);
	sigpeer(p, t ? t->label : "unconfined")->send |= bit;
	if (t)
		sigpeer(t, p->label)->recv |= bit;
}

/* Attach and seize need "trace" of the tracer; for TRACEME the peer is the
 * tracer. The tracee's side (tracedby) is in abstractions/base. */
static void add_ptrace(struct gen *g, struct prof *p, const struct lp_fact *f)
{
	struct prof *t = aa_prof_of(g, f->s[1]);
	char *who;

	if (f->err) {
		SL_ADD_SAFE(&p->denied, "ptrace %s of %s (%s)", f->s[0] ? f->s[0] : "?",
			    f->s[1] ? f->s[1] : "an unknown process", lp_errno_name(f->err));
		return;
	}
	if (!f->s[0] || !f->s[1])
		return;		/* requests on a tracee already attached */
	if (!strcmp(f->s[0], "PTRACE_TRACEME")) {
		if (!t)
			return;	/* an unconfined tracer needs no rule */
		who = aa_name_text(p->label);
		sl_addf(&t->peers, "ptrace (trace) peer=%s,", who);
	} else {
		who = aa_name_text(t ? t->label : "unconfined");
		sl_addf(&p->peers, "ptrace (trace) peer=%s,", who);
	}
	free(who);
}

/* The exec mode of p running program: its own profile's transition. */
char *aa_exec_mode(const struct gen *g, const struct prof *p, const char *program)
{
	const struct prof *t = aa_prof_of(g, program);
	char *target, *mode;

	if (!t || t == p)
		return xstrdup("ix");
	if (t->nested && p == g->profs[0]) {
		target = aa_name_text(t->name);
		mode = xasprintf("cx -> %s", target);
	} else {
		target = aa_name_text(t->label);
		mode = xasprintf("px -> %s", target);
	}
	free(target);
	return mode;
}

static void add_execs(struct gen *g, struct prof *p, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];
	struct strlist progs = { 0 };

	aa_execs_of(e, &progs);
	for (size_t i = 0; i < progs.n; i++) {
		char *pat = aa_literal_pattern(progs.v[i]), *mode = aa_exec_mode(g, p, progs.v[i]);

		sl_addf(&p->execs, "%s %s,", pat, mode);
		if (aa_prof_of(g, progs.v[i]) && aa_prof_of(g, progs.v[i]) != p)
			aa_prof_of(g, progs.v[i])->entered = true;
		sl_add(&p->progs, xstrdup(progs.v[i]));
		free(pat);
		free(mode);
	}
	sl_free(&progs);
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].err && fs->v[i].s[0])
			SL_ADD_SAFE(aa_failure_list(p, fs->v[i].err), "%s: exec (%s)", fs->v[i].s[0],
				    lp_errno_name(fs->v[i].err));
}

static void add_mount_calls(struct prof *p, const struct lp_exe *e)
{
	for (int abi = 0; abi < LP_ABI_COUNT && !p->mount_call; abi++)
		for (size_t i = 0; i < e->nsys[abi] && !p->mount_call; i++)
			if (e->sys[abi][i].count && aa_is_mount_syscall(e->sys[abi][i].name))
				p->mount_call = xstrdup(e->sys[abi][i].name);
}

/* ---- files --------------------------------------------------------------- */

static void acc_add(struct prof *p, const char *path, uint32_t ok, uint32_t flags,
		    const struct lp_file_err *errs, size_t nerrs)
{
	struct facc *a;
	size_t i;

	if (strmap_get(&p->acc_index, path, &i)) {
		a = &p->acc[i];
	} else {
		a = LP_PUSH(p->acc, p->nacc, p->capacc);
		memset(a, 0, sizeof(*a));
		a->path = path;
		strmap_put(&p->acc_index, path, p->nacc - 1);
	}
	a->ok |= ok;
	a->flags |= flags;
	for (size_t k = 0; k < nerrs; k++) {
		for (i = 0; i < a->nerrs && a->errs[i].err != errs[k].err; i++)
			;
		if (i == a->nerrs)
			*LP_PUSH(a->errs, a->nerrs, a->caperrs) = (struct lp_file_err){ errs[k].err, 0 };
		a->errs[i].kinds |= errs[k].kinds;
	}
}

/* Keep the smallest observed names (borrowed from the recording). */
static void acc_observed(struct facc *a, const struct lp_file *f)
{
	for (int i = 0; i < LP_FILE_OBSERVED && f->observed[i]; i++) {
		const char *o = f->observed[i];
		int n = 0, k;

		while (n < LP_FILE_OBSERVED && a->observed[n] && strcmp(a->observed[n], o))
			n++;
		if (n < LP_FILE_OBSERVED && a->observed[n])
			continue;	/* already there */
		if (n == LP_FILE_OBSERVED && strcmp(o, a->observed[n - 1]) > 0)
			continue;
		if (n == LP_FILE_OBSERVED)
			n--;
		for (k = n; k > 0 && strcmp(o, a->observed[k - 1]) < 0; k--)
			a->observed[k] = a->observed[k - 1];
		a->observed[k] = f->observed[i];
	}
}

static void add_files(struct prof *p, const struct lp_exe *e)
{
	for (size_t i = 0; i < e->nfiles; i++) {
		const struct lp_file *f = e->files[i];
		size_t k;

		acc_add(p, f->path, f->kinds & ~LP_F_EXEC, f->flags, f->errs, f->nerrs);
		if (f->varies && strmap_get(&p->acc_index, f->path, &k)) {
			p->acc[k].varies |= f->varies;
			acc_observed(&p->acc[k], f);
		}
	}
}

/*
 * Recorded kinds -> AppArmor permissions. Where the kernel asks more than
 * the kind suggests, the profile grants what it asks
 * (security/apparmor/lsm.c):
 *   rename: apparmor_path_rename asks MAY_READ and MAY_WRITE of the source,
 *     and the recording does not say which end a path was: rw;
 *   lock: apparmor_file_lock asks MAY_WRITE for a write lock; a file that
 *     is appended to and locked is write-locked: wk, not ak;
 *   mmap-exec: common_mmap asks MAY_READ for PROT_READ as well: mr.
 * create, delete, chmod, chown and truncation are w; w wins over a.
 */
static uint32_t file_perms(uint32_t k)
{
	uint32_t p = 0;

	if (k & LP_F_READ)
		p |= AA_R;
	if (k & (LP_F_WRITE | LP_F_CREATE | LP_F_DELETE | LP_F_CHMOD | LP_F_CHOWN))
		p |= AA_W;
	if (k & LP_F_RENAME)
		p |= AA_R | AA_W;
	if (k & LP_F_APPEND)
		p |= AA_A;
	if (k & LP_F_LINK)
		p |= AA_L;
	if (k & LP_F_LOCK)
		p |= AA_K | (p & AA_A ? AA_W : 0);
	if (k & LP_F_MMAP_EXEC)
		p |= AA_M | AA_R;
	if (p & AA_W)
		p &= ~AA_A;
	return p;
}

static void kinds_text(struct strbuf *sb, uint32_t kinds)
{
	for (int b = 0; b < LP_F_KIND_COUNT; b++)
		if (kinds & (1U << b))
			sb_printf(sb, "%s%s", sb->len ? ", " : "", lp_file_kind_name(b));
}

/* "path: read, write (EACCES)" for each errno, kinds that never succeeded. */
static void acc_denied(struct prof *p, const struct facc *a)
{
	for (size_t i = 0; i < a->nerrs; i++) {
		uint32_t k = a->errs[i].kinds & ~a->ok;
		struct strbuf sb;

		if (!k)
			continue;
		sb_init(&sb);
		kinds_text(&sb, k);
		SL_ADD_SAFE(aa_failure_list(p, a->errs[i].err), "%s: %s (%s)", a->path, sb.buf,
			    lp_errno_name(a->errs[i].err));
		sb_free(&sb);
	}
}

/* Paths no rule can name get a note instead. */
static bool acc_unnamed(struct prof *p, const struct facc *a)
{
	const char *why = NULL;

	if (a->flags & LP_FILE_MEMFD)
		why = "a memfd: AppArmor does not mediate it, no rule needed";
	else if (a->flags & LP_PATH_TRUNCATED)
		why = "deeper than the recorder follows: the whole path is not known";
	else if (a->flags & LP_PATH_FAULT)
		why = "the kernel could not read the whole path";
	else if ((a->flags & LP_PATH_DETACHED) || a->path[0] != '/')
		why = "not aa_reachable from the root: no path to name";
	if (why && (a->ok || a->nerrs))
		SL_ADD_SAFE(&p->notes, "%s: %s", a->path, why);
	return why != NULL;
}

/* The path as the tables match it: own <pid>/<tid> as a pid, dirs end in /. */
static char *match_path(const struct facc *a)
{
	struct strbuf sb;
	const char *s = a->path;

	sb_init(&sb);
	while (*s) {
		if ((!strncmp(s, "/<pid>", 6) || !strncmp(s, "/<tid>", 6)) && (!s[6] || s[6] == '/')) {
			sb_puts(&sb, "/1");
			s += 6;
		} else {
			sb_add(&sb, s++, 1);
		}
	}
	if ((a->flags & LP_PATH_DIR) && (!sb.len || sb.buf[sb.len - 1] != '/'))
		sb_puts(&sb, "/");
	return sb_detach(&sb);
}

/* Note which Docker denies a recorded access collides with. */
static void deny_conflicts(struct prof *p, const char *lit, uint32_t perms, const char *path)
{
	for (size_t i = 0; i < aa_ndocker_denies; i++) {
		const struct aa_deny *d = &aa_docker_denies[i];
		uint32_t both;

		if (d->kind != AA_DENY_FILE || p->deny_need[i])
			continue;
		both = perms & aa_perms_parse(d->perms);
		if (both && aa_deny_matches(i, lit)) {
			char *t = aa_comment_text(path);

			p->deny_need[i] = xasprintf("%s %s", t, both & AA_X ? "x" : aa_perms_text(both));
			free(t);
		}
	}
}

/* "# varies from run to run (temp-random): /tmp/tmpab3x9q2z, ..." */
static void varies_comment(struct strbuf *sb, const struct lp_pattern *pt)
{
	int n = 0;

	sb_puts(sb, "# varies from run to run (");
	for (int r = 0; r < LP_VOL_COUNT; r++)
		if (pt->varies & (1U << r))
			sb_printf(sb, "%s%s", n++ ? ", " : "", lp_vol_rules[r].name);
	sb_puts(sb, ")");
	for (int i = 0; i < LP_PATTERN_EXAMPLES && pt->observed[i]; i++) {
		char *t = aa_comment_text(pt->observed[i]);

		sb_printf(sb, "%s%s", i ? ", " : ": ", t);
		free(t);
	}
	sb_puts(sb, "\n");
}

static void pattern_rule(struct prof *p, const struct lp_pattern *pt)
{
	struct strbuf sb;
	char *q = lp_aa_quote(pt->text);

	sb_init(&sb);
	if (pt->rules) {
		sb_printf(&sb, "# covers %zu path%s: ", pt->covers, pt->covers == 1 ? "" : "s");
		for (int i = 0; i < LP_PATTERN_EXAMPLES && pt->examples[i]; i++) {
			char *t = aa_comment_text(pt->examples[i]);

			sb_printf(&sb, "%s%s", i ? ", " : "", t);
			free(t);
		}
		sb_puts(&sb, pt->covers > LP_PATTERN_EXAMPLES ? ", ... (" : " (");
		for (int r = 0, n = 0; r < LP_GEN_COUNT; r++)
			if (pt->rules & (1U << r))
				sb_printf(&sb, "%s%s", n++ ? ", " : "", lp_gen_rules[r].name);
		sb_puts(&sb, ")\n");
	}
	if (pt->varies)
		varies_comment(&sb, pt);
	sb_printf(&sb, "%s %s,", q, aa_perms_text(pt->key));
	sl_add(&p->files, sb_detach(&sb));
	free(q);
}

static int cmp_acc(const void *a, const void *b)
{
	return strcmp(((const struct facc *)a)->path, ((const struct facc *)b)->path);
}

static void finish_files(struct gen *g, struct prof *p)
{
	struct lp_patterns ps;

	lp_patterns_init(&ps, !g->o->no_glob);
	lp_qsort(p->acc, p->nacc, sizeof(*p->acc), cmp_acc);
	for (size_t i = 0; i < p->nacc; i++) {
		const struct facc *a = &p->acc[i];
		uint32_t perms = file_perms(a->ok);
		char *lit;

		if (acc_unnamed(p, a))
			continue;
		acc_denied(p, a);
		if (!perms)
			continue;
		lit = match_path(a);
		if ((aa_base_grants(lit) & perms) == perms) {
			p->base_covered++;
		} else {
			deny_conflicts(p, lit, perms, a->path);
			lp_patterns_add_varying(&ps, a->path, a->flags, perms, a->varies,
						a->observed);
		}
		free(lit);
	}
	for (size_t i = 0; i < p->progs.n; i++)
		deny_conflicts(p, p->progs.v[i], AA_X, p->progs.v[i]);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	for (size_t i = 0; i < ps.n; i++)
		pattern_rule(p, &ps.v[i]);
	lp_patterns_free(&ps);
}

/* ---- the rest of a profile ---------------------------------------------- */

static void finish_caps(struct prof *p)
{
	sl_sort_uniq(&p->caps);
	sl_sort_uniq(&p->cap_denied);
	for (size_t i = 0; i < p->cap_denied.n; i++) {
		const char *c = p->cap_denied.v[i];
		char *rule = xasprintf("capability %.*s,", (int)strcspn(c, " "), c);
		bool granted = false;

		for (size_t k = 0; k < p->caps.n && !granted; k++)
			granted = !strcmp(p->caps.v[k], rule);
		if (!granted)
			sl_addf(&p->denied, "capability %s", c);
		free(rule);
	}
}

static void sigset_text(struct strbuf *sb, uint64_t set)
{
	for (int s = 1, n = 0; s <= 64; s++)
		if (set & (1ULL << (s - 1)))
			sb_printf(sb, "%s%s", n++ ? ", " : "", aa_signal_name(s));
}

static void signal_rule(struct prof *p, const char *dir, uint64_t set, const char *peer)
{
	struct strbuf sb;
	char *who = aa_name_text(peer);

	sb_init(&sb);
	sb_printf(&sb, "signal (%s) set=(", dir);
	sigset_text(&sb, set);
	sb_printf(&sb, ") peer=%s,", who);
	sl_add(&p->peers, sb_detach(&sb));
	free(who);
}

static void finish_signals(struct prof *p)
{
	for (size_t i = 0; i < p->nsig; i++) {
		const struct sigpeer *s = &p->sig[i];

		if (s->send && s->send == s->recv) {
			signal_rule(p, "send, receive", s->send, s->peer);
			continue;
		}
		if (s->send)
			signal_rule(p, "send", s->send, s->peer);
		if (s->recv)
			signal_rule(p, "receive", s->recv, s->peer);
	}
	sl_sort_uniq(&p->peers);
}

static const char *deny_needed(const struct prof *p, size_t i)
{
	switch (aa_docker_denies[i].kind) {
	case AA_DENY_FILE:
		return p->deny_need[i];
	case AA_DENY_MOUNT:
		return p->mount_call ? "it called mount(2); AppArmor still refuses a mount "
				       "without a mount rule, which learnprof does not write" : NULL;
	case AA_DENY_NETWORK:
		return p->uses_alg ? "it used an alg socket" : NULL;
	}
	return NULL;
}

static void finish_hardening(struct prof *p)
{
	for (size_t i = 0; i < aa_ndocker_denies; i++) {
		const char *need = deny_needed(p, i);

		if (need)
			sl_addf(&p->hardening, "# left out, the workload needs it (%s): %s,", need,
				aa_docker_denies[i].rule);
		else
			sl_addf(&p->hardening, "%s,", aa_docker_denies[i].rule);
	}
}

void aa_collect(struct gen *g, struct prof *p)
{
	for (size_t i = 0; i < p->nexes; i++) {
		const struct lp_exe *e = p->exes[i];

		add_caps(p, e);
		add_net(p, e);
		for (size_t k = 0; k < e->facts[LP_CAT_SIGNALS].n; k++)
			add_signal(g, p, &e->facts[LP_CAT_SIGNALS].v[k]);
		for (size_t k = 0; k < e->facts[LP_CAT_PTRACE].n; k++)
			add_ptrace(g, p, &e->facts[LP_CAT_PTRACE].v[k]);
		add_execs(g, p, e);
		add_mount_calls(p, e);
		add_files(p, e);
	}
}

void aa_finish(struct gen *g, struct prof *p)
{
	finish_caps(p);
	finish_signals(p);
	sl_sort_uniq(&p->net);
	sl_sort_uniq(&p->execs);
	sl_sort_uniq(&p->progs);
	finish_files(g, p);
	sl_sort_uniq(&p->notes);
	sl_sort_uniq(&p->denied);
	sl_sort_uniq(&p->failed);
	finish_hardening(p);
}
