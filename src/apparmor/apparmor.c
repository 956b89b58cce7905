// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The AppArmor profile for recordings (include/apparmor.h, docs/apparmor.md).
 *
 * One profile for the main program and, with exec mode cx or px, one for
 * every other program. Each holds abstractions/base; the capabilities
 * granted and not optional; network rules from its sockets; signal and
 * ptrace rules naming the peer's profile; exec rules for the programs it
 * ran; file rules with merged permissions, generalised by the table in
 * paths.c, each widening commented; comments for what failed; and Docker's
 * hardening denies, except one the workload needs. Sorted, no I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "apparmor_rules.h"
#include "learnprof_abi.h"
#include "names.h"
#include "paths.h"
#include "profile_name.h"
#include "recording.h"
#include "strmap.h"
#include "util.h"
#include "volatile.h"

#define DENIED_MAX 50		/* "denied while recording" lines per profile */
#define COMMENT_MAX 160		/* bytes of a recorded string in a comment */

struct sigpeer {
	char *peer;		/* the label of the profile on the other side */
	uint64_t send, recv;	/* bit n-1: signal n */
};

/* One recorded path, merged over the programs of a profile. */
struct facc {
	const char *path;
	uint32_t ok, flags;	/* LP_F_* that succeeded; LP_PATH_* | LP_FILE_* */
	uint32_t varies;	/* lp_vol_rules that made the stable name */
	char *observed[LP_FILE_OBSERVED + 1];	/* borrowed, NULL-terminated */
	struct lp_file_err *errs;
	size_t nerrs, caperrs;
};

struct prof {
	char *name;		/* written after "profile" */
	char *label;		/* how peers and exec rules name it */
	char *program;		/* the program it runs */
	bool nested;		/* a cx child, written inside the main profile */
	bool attach;		/* attach to program (not for px profiles) */
	const struct lp_exe **exes;
	size_t nexes, capexes;
	struct facc *acc;
	size_t nacc, capacc;
	struct strmap acc_index;
	struct sigpeer *sig;
	size_t nsig, capsig;
	size_t base_covered;	/* accesses abstractions/base allows */
	char **deny_need;	/* per Docker deny: what needs it, or NULL */
	bool entered;		/* another profile's exec rule leads here */
	bool uses_alg;
	char *mount_call;	/* a mount syscall it made */
	struct strlist caps, cap_denied, net, peers, progs, execs, files;
	struct strlist notes, denied, failed, hardening;
};

/* A permission error was denied; anything else (ENOENT, EROFS, ...) failed. */
static struct strlist *failure_list(struct prof *p, int err)
{
	return err == EACCES || err == EPERM ? &p->denied : &p->failed;
}

struct gen {
	const struct lp_recording *rec;
	const struct lp_apparmor_opts *o;
	const struct lp_exe **exes;	/* sorted by path */
	size_t nexes;
	struct prof **profs;		/* [0] is the main profile */
	size_t nprofs, capprofs;
	struct strmap prog;		/* program path -> index in profs */
	struct strlist keep;		/* owns keys of prog not owned by a profile */
};

/* ---- text helpers ------------------------------------------------------- */

/* A recorded string made safe for a comment: control bytes and bytes that
 * are not UTF-8 as \xHH, cut after COMMENT_MAX bytes. */
static char *comment_text(const char *s)
{
	struct strbuf sb;
	size_t n = strlen(s);

	sb_init(&sb);
	for (size_t i = 0; i < n && i < COMMENT_MAX; i++) {
		unsigned char c = s[i];
		size_t u = c >= 0x80 ? lp_utf8_len(s + i, n - i) : 0;

		if (u) {
			sb_add(&sb, s + i, u);
			i += u - 1;
		} else if (c < 0x20 || c >= 0x7f) {
			sb_printf(&sb, "\\x%02x", c);
		} else {
			sb_add(&sb, s + i, 1);
		}
	}
	if (n > COMMENT_MAX)
		sb_puts(&sb, "...");
	return sb_detach(&sb);
}

/* sl_addf with one recorded string passed through comment_text. */
#define SL_ADD_SAFE(sl, fmt, raw, ...)                                      \
	do {                                                                \
		char *_t = comment_text(raw);                               \
		sl_addf(sl, fmt, _t, ##__VA_ARGS__);                        \
		free(_t);                                                   \
	} while (0)

/* A name as written after "profile", "peer=" or "->": quoted with spaces. */
static char *name_text(const char *name)
{
	return strchr(name, ' ') ? xasprintf("\"%s\"", name) : xstrdup(name);
}

/* A recorded path as an exact pattern, quoted when it needs to be. */
static char *literal_pattern(const char *path)
{
	struct strbuf sb;
	char *q;

	sb_init(&sb);
	lp_aa_escape(&sb, path, strlen(path));
	q = lp_aa_quote(sb.buf);
	sb_free(&sb);
	return q;
}

/* ---- names -------------------------------------------------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("._+-", c));
}

const char *apparmor_name_problem(const char *name)
{
	size_t n = strlen(name);

	if (!n)
		return "it is empty";
	if (name[0] == ' ' || name[n - 1] == ' ')
		return "it starts or ends with a space";
	for (size_t i = 0; i < n; i++)
		if (!name_char(name[i]) && name[i] != ' ')
			return "only letters, digits, spaces and . _ + - may be used";
	return NULL;
}

int apparmor_exec_mode_from_name(const char *name)
{
	static const char *const modes[] = { "ix", "cx", "px" };

	for (int i = 0; i < (int)ARRAY_SIZE(modes); i++)
		if (!strcmp(name, modes[i]))
			return i;
	return -1;
}

/* A name from a program's file name: what name_char allows (and spaces
 * with keep_space) is kept, anything else becomes '_'. */
static char *name_from(const char *program, bool keep_space)
{
	char *s = xstrdup(*lp_base_name(program) ? lp_base_name(program) : "program");

	for (char *c = s; *c; c++)
		if (!name_char(*c) && !(keep_space && *c == ' '))
			*c = '_';
	return s;
}

static bool name_taken(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nprofs; i++)
		if (!strcmp(g->profs[i]->name, name))
			return true;
	return false;
}

/* name, or name-2, name-3, ...: the first that no profile has. */
static char *unique_name(const struct gen *g, char *name)
{
	char *n = xstrdup(name);

	for (int k = 2; name_taken(g, n); k++) {
		free(n);
		n = xasprintf("%s-%d", name, k);
	}
	free(name);
	return n;
}

/* ---- the programs -------------------------------------------------------- */

static bool is_program(const struct lp_exe *e)
{
	return e->path[0] == '/' &&
	       !(e->flags & (LP_PATH_TRUNCATED | LP_PATH_DETACHED | LP_PATH_FAULT));
}

/* Programs e executed successfully: its executes facts and exec accesses. */
static void execs_of(const struct lp_exe *e, struct strlist *out)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];

	for (size_t i = 0; i < fs->n; i++)
		if (!fs->v[i].err && fs->v[i].s[0] && fs->v[i].s[0][0] == '/')
			sl_add(out, xstrdup(fs->v[i].s[0]));
	for (size_t i = 0; i < e->nfiles; i++) {
		const struct lp_file *f = e->files[i];

		if ((f->kinds & LP_F_EXEC) && f->path[0] == '/' &&
		    !(f->flags & (LP_FILE_MEMFD | LP_PATH_DETACHED | LP_PATH_TRUNCATED)))
			sl_add(out, xstrdup(f->path));
	}
	sl_sort_uniq(out);
}

/* How many other programs of the recording e leads to by exec. */
static size_t reachable(const struct lp_recording *r, const struct lp_exe *e)
{
	const struct lp_exe **q = NULL;
	size_t nq = 0, cap = 0;
	struct strmap seen;

	strmap_init(&seen);
	strmap_put(&seen, e->path, 0);
	*LP_PUSH(q, nq, cap) = e;
	for (size_t i = 0; i < nq; i++) {
		struct strlist ex = { 0 };

		execs_of(q[i], &ex);
		for (size_t k = 0; k < ex.n; k++) {
			const struct lp_exe *t = rec_find_exe(r, ex.v[k]);

			if (t && !strmap_get(&seen, t->path, NULL)) {
				strmap_put(&seen, t->path, 0);
				*LP_PUSH(q, nq, cap) = t;
			}
		}
		sl_free(&ex);
	}
	free(q);
	strmap_free(&seen);
	return nq - 1;
}

static bool run_by_another(const struct gen *g, const struct lp_exe *e)
{
	bool found = false;

	for (size_t i = 0; i < g->nexes && !found; i++) {
		struct strlist ex = { 0 };

		if (g->exes[i] == e)
			continue;
		execs_of(g->exes[i], &ex);
		for (size_t k = 0; k < ex.n && !found; k++)
			found = !strcmp(ex.v[k], e->path);
		sl_free(&ex);
	}
	return found;
}

/* The metas of the runs: a merge lists them in sources (its own target is
 * the first run's, so it depends on the order of the merge). */
static void run_metas(const struct lp_meta *m, const struct lp_meta **v, size_t *n)
{
	*n = m->nsources ? m->nsources : 1;
	for (size_t i = 0; i < *n; i++)
		v[i] = m->nsources ? &m->sources[i] : m;
}

/* Did a recorded program exec e under the name cmd (argv[0])? Wrappers and
 * shims do: pyenv's python3 runs env, bash, then python3.11 as "python3". */
static bool run_as(const struct gen *g, const struct lp_exe *e, const char *cmd)
{
	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_factset *fs = &g->exes[i]->facts[LP_CAT_EXECUTES];

		for (size_t k = 0; k < fs->n; k++)
			if (!fs->v[k].err && lp_streq(fs->v[k].s[0], e->path) && fs->v[k].s[1] &&
			    !strcmp(lp_base_name(fs->v[k].s[1]), lp_base_name(cmd)))
				return true;
	}
	return false;
}

/* Is e the program of a run's command: 3 by path, 2 by file name, 1 run
 * under the command's name by another program, else 0? */
static int command_match(const struct gen *g, const struct lp_exe *e)
{
	const struct lp_meta *m = &g->rec->meta, **v = xcalloc(m->nsources + 1, sizeof(*v));
	size_t n;
	int best = 0, k;

	run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++) {
		const char *cmd = v[i]->ncommand ? v[i]->command[0] : NULL;

		if (!cmd)
			continue;
		k = !strcmp(cmd, e->path) ? 3 : !strcmp(lp_base_name(cmd), lp_base_name(e->path)) ? 2 :
		    run_as(g, e, cmd) ? 1 : 0;
		best = k > best ? k : best;
	}
	free(v);
	return best;
}

/*
 * The main program: the recording does not mark it, so take the command's
 * program (by path, by file name, or run under its name by a wrapper), else
 * a program no other one ran, then the one that leads to the most others,
 * then the first by path.
 */
static const struct lp_exe *pick_main(const struct gen *g)
{
	const struct lp_exe *best = NULL;
	uint64_t best_score = 0;

	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_exe *e = g->exes[i];
		uint64_t score;

		if (!is_program(e))
			continue;
		score = (uint64_t)command_match(g, e) << 41 |
			(uint64_t)!run_by_another(g, e) << 40 | reachable(g->rec, e);
		if (!best || score > best_score)
			best = e, best_score = score;
	}
	return best;
}

/* ---- the profiles ------------------------------------------------------- */

static struct prof *prof_new(struct gen *g, const char *program, char *name, char *label)
{
	struct prof *p = xcalloc(1, sizeof(*p));

	p->program = xstrdup(program);
	p->name = name;
	p->label = label;
	p->attach = true;
	p->deny_need = xcalloc(aa_ndocker_denies, sizeof(*p->deny_need));
	strmap_init(&p->acc_index);
	*LP_PUSH(g->profs, g->nprofs, g->capprofs) = p;
	strmap_put(&g->prog, p->program, g->nprofs - 1);
	return p;
}

static struct prof *prof_of(const struct gen *g, const char *program)
{
	size_t i;

	return program && strmap_get(&g->prog, program, &i) ? g->profs[i] : NULL;
}

/* The profile a program other than the main one runs under. */
static struct prof *program_profile(struct gen *g, const char *program)
{
	struct prof *p = prof_of(g, program), *m = g->profs[0];
	char *name;

	if (p)
		return p;
	if (g->o->exec_mode == LP_AA_IX) {
		char *key = xstrdup(program);

		sl_add(&g->keep, key);
		strmap_put(&g->prog, key, 0);
		return m;
	}
	name = name_from(program, false);
	if (g->o->exec_mode == LP_AA_PX) {
		char *n = xasprintf("%s-%s", m->name, name);

		free(name);
		name = unique_name(g, n);
		p = prof_new(g, program, name, xstrdup(name));
		p->attach = false;	/* entered only from this workload */
	} else {
		name = unique_name(g, name);
		p = prof_new(g, program, name, xasprintf("%s//%s", m->name, name));
		p->nested = true;
	}
	return p;
}

static void prof_add_exe(struct prof *p, const struct lp_exe *e)
{
	*LP_PUSH(p->exes, p->nexes, p->capexes) = e;
}

static void build_profiles(struct gen *g, const struct lp_exe *main)
{
	char *name = lp_profile_name(g->rec, g->o->name);
	struct strlist all = { 0 };

	prof_add_exe(prof_new(g, main->path, name, xstrdup(name)), main);
	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_exe *e = g->exes[i];

		if (e != main)
			prof_add_exe(is_program(e) ? program_profile(g, e->path) : g->profs[0], e);
	}
	for (size_t i = 0; i < g->nexes; i++)
		execs_of(g->exes[i], &all);
	sl_sort_uniq(&all);
	for (size_t i = 0; i < all.n; i++)
		program_profile(g, all.v[i]);
	sl_free(&all);
}

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
	struct prof *t = prof_of(g, f->s[1]);
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
	struct prof *t = prof_of(g, f->s[1]);
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
		who = name_text(p->label);
		sl_addf(&t->peers, "ptrace (trace) peer=%s,", who);
	} else {
		who = name_text(t ? t->label : "unconfined");
		sl_addf(&p->peers, "ptrace (trace) peer=%s,", who);
	}
	free(who);
}

/* The exec mode of p running program: its own profile's transition. */
static char *exec_mode(const struct gen *g, const struct prof *p, const char *program)
{
	const struct prof *t = prof_of(g, program);
	char *target, *mode;

	if (!t || t == p)
		return xstrdup("ix");
	if (t->nested && p == g->profs[0]) {
		target = name_text(t->name);
		mode = xasprintf("cx -> %s", target);
	} else {
		target = name_text(t->label);
		mode = xasprintf("px -> %s", target);
	}
	free(target);
	return mode;
}

static void add_execs(struct gen *g, struct prof *p, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];
	struct strlist progs = { 0 };

	execs_of(e, &progs);
	for (size_t i = 0; i < progs.n; i++) {
		char *pat = literal_pattern(progs.v[i]), *mode = exec_mode(g, p, progs.v[i]);

		sl_addf(&p->execs, "%s %s,", pat, mode);
		if (prof_of(g, progs.v[i]) && prof_of(g, progs.v[i]) != p)
			prof_of(g, progs.v[i])->entered = true;
		sl_add(&p->progs, xstrdup(progs.v[i]));
		free(pat);
		free(mode);
	}
	sl_free(&progs);
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].err && fs->v[i].s[0])
			SL_ADD_SAFE(failure_list(p, fs->v[i].err), "%s: exec (%s)", fs->v[i].s[0],
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
		SL_ADD_SAFE(failure_list(p, a->errs[i].err), "%s: %s (%s)", a->path, sb.buf,
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
		why = "not reachable from the root: no path to name";
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
			char *t = comment_text(path);

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
		char *t = comment_text(pt->observed[i]);

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
			char *t = comment_text(pt->examples[i]);

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
	char *who = name_text(peer);

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

static void collect(struct gen *g, struct prof *p)
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

static void finish(struct gen *g, struct prof *p)
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

/* ---- text ---------------------------------------------------------------- */

static void emit_lines(struct strbuf *sb, const char *ind, const char *title,
		       const struct strlist *l)
{
	if (!l->n)
		return;
	sb_printf(sb, "\n%s  # %s\n", ind, title);
	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->v[i], *nl;

		while ((nl = strchr(s, '\n'))) {
			sb_printf(sb, "%s  %.*s\n", ind, (int)(nl - s), s);
			s = nl + 1;
		}
		sb_printf(sb, "%s  %s\n", ind, s);
	}
}

static void emit_comments(struct strbuf *sb, const char *ind, const char *prefix,
			  const struct strlist *l, size_t max)
{
	if (!l->n)
		return;
	sb_puts(sb, "\n");
	for (size_t i = 0; i < l->n && i < max; i++)
		sb_printf(sb, "%s  # %s%s\n", ind, prefix, l->v[i]);
	if (l->n > max)
		sb_printf(sb, "%s  # ... and %zu more (the recording lists them all)\n", ind,
			  l->n - max);
}

static void emit_prof(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind);

static void emit_body(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind)
{
	char *self = literal_pattern(p->program), *files_title;

	emit_lines(sb, ind, "capabilities it used (checked and granted)", &p->caps);
	emit_lines(sb, ind, "network", &p->net);
	emit_lines(sb, ind, "signals and ptrace, naming the profile of the other side", &p->peers);
	sb_printf(sb, "\n%s  # the program itself: mapped once the exec has entered this profile"
		  "\n%s  %s %s,\n", ind, ind, self, aa_perms_text(AA_R | AA_M));
	emit_lines(sb, ind, "programs it runs", &p->execs);
	files_title = xasprintf("files (%zu more access%s allowed by abstractions/base)",
				p->base_covered, p->base_covered == 1 ? " is" : "es are");
	emit_lines(sb, ind, p->base_covered ? files_title : "files", &p->files);
	if (!p->files.n && p->base_covered)
		sb_printf(sb, "\n%s  # files: abstractions/base allows all %zu it accessed\n", ind,
			  p->base_covered);
	emit_comments(sb, ind, "no rule: ", &p->notes, p->notes.n);
	emit_comments(sb, ind, "denied while recording: ", &p->denied, DENIED_MAX);
	emit_comments(sb, ind, "failed while recording: ", &p->failed, DENIED_MAX);
	emit_lines(sb, ind, "hardening, as Docker's docker-default profile has it", &p->hardening);
	free(files_title);
	free(self);
	if (p != g->profs[0])
		return;
	for (size_t i = 1; i < g->nprofs; i++)
		if (g->profs[i]->nested) {
			sb_puts(sb, "\n");
			emit_prof(g, sb, g->profs[i], "  ");
		}
}

static void emit_prof(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind)
{
	char *name = name_text(p->name), *att = p->attach ? literal_pattern(p->program) : NULL;

	if (p != g->profs[0] && !p->entered) {
		char *t = comment_text(p->program);

		sb_printf(sb, "%s# no recorded program runs %s: nothing enters this profile "
			  "unless you add an exec rule for it\n", ind, t);
		free(t);
	}
	sb_printf(sb, "%sprofile %s%s%s flags=(attach_disconnected,mediate_deleted%s) {\n", ind,
		  name, att ? " " : "", att ? att : "", g->o->complain ? ",complain" : "");
	sb_printf(sb, "%s  #include <abstractions/base>\n", ind);
	emit_body(g, sb, p, ind);
	sb_printf(sb, "%s}\n", ind);
	free(name);
	free(att);
}

static char *target_text(const struct lp_meta *m)
{
	struct strbuf t;
	char *safe;

	sb_init(&t);
	if (m->ncommand)
		for (size_t i = 0; i < m->ncommand; i++)
			sb_printf(&t, "%s%s", i ? " " : "", m->command[i]);
	else
		sb_printf(&t, "cgroup %s", m->cgroup ? m->cgroup : "?");
	safe = comment_text(t.buf);
	sb_free(&t);
	return safe;
}

/* What was recorded, each distinct command once, sorted. */
static void emit_targets(struct strbuf *sb, const struct lp_meta *m)
{
	const struct lp_meta **v = xcalloc(m->nsources + 1, sizeof(*v));
	struct strlist l = { 0 };
	size_t n;

	run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++)
		sl_add(&l, target_text(v[i]));
	sl_sort_uniq(&l);
	for (size_t i = 0; i < l.n; i++)
		sb_printf(sb, "#   %s\n", l.v[i]);
	sl_free(&l);
	free(v);
}

/* One warning per probe some run did not have, from the runs themselves (a
 * merge's own probe list depends on the order of the merge). */
static void emit_probe_warnings(struct strbuf *sb, const struct lp_meta *m)
{
	const struct lp_meta **v = xcalloc(m->nsources + 1, sizeof(*v));
	struct strlist names = { 0 };
	size_t n;

	run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i]->nprobes; k++)
			if (!v[i]->probes[k].active)
				sl_add(&names, xstrdup(v[i]->probes[k].name));
	sl_sort_uniq(&names);
	for (size_t p = 0; p < names.n; p++) {
		struct strlist why = { 0 };

		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < v[i]->nprobes; k++)
				if (!v[i]->probes[k].active && !strcmp(v[i]->probes[k].name, names.v[p]))
					sl_add(&why, comment_text(v[i]->probes[k].reason ?
								  v[i]->probes[k].reason : "no reason given"));
		sl_sort_uniq(&why);
		sb_printf(sb, "# warning: the %s probe was not active", names.v[p]);
		if (n > 1)
			sb_printf(sb, " in some of the %zu runs", n);
		for (size_t i = 0; i < why.n; i++)
			sb_printf(sb, "%s%s", i ? "; " : " (", why.v[i]);
		sb_puts(sb, "): its rules may be missing\n");
		sl_free(&why);
	}
	sl_free(&names);
	free(v);
}

static void emit_header(struct gen *g, struct strbuf *sb)
{
	const struct lp_meta *m = &g->rec->meta;
	uint64_t lost = 0;

	sb_printf(sb, "# AppArmor profile learned by learnprof from %u run%s of:\n", m->runs,
		  m->runs == 1 ? "" : "s");
	emit_targets(sb, m);
	sb_puts(sb, "# Review it like code. Check that it compiles (no AppArmor kernel needed):\n"
		    "#   apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror <file>\n");
	for (int i = 0; i < LP_LOST_COUNT; i++)
		lost += m->lost[i];
	if (lost)
		sb_printf(sb, "# warning: %llu events were lost while recording: rules may be missing\n",
			  (unsigned long long)lost);
	emit_probe_warnings(sb, m);
	sb_puts(sb, "\nabi <abi/3.0>,\n\n#include <tunables/global>\n\n");
}

static char *emit(struct gen *g)
{
	struct strbuf sb;

	sb_init(&sb);
	emit_header(g, &sb);
	emit_prof(g, &sb, g->profs[0], "");
	for (size_t i = 1; i < g->nprofs; i++)
		if (!g->profs[i]->nested) {
			sb_puts(&sb, "\n");
			emit_prof(g, &sb, g->profs[i], "");
		}
	return sb_detach(&sb);
}

/* ---- entry --------------------------------------------------------------- */

static void prof_free(struct prof *p)
{
	struct strlist *lists[] = { &p->caps, &p->cap_denied, &p->net, &p->peers, &p->progs,
				    &p->execs, &p->files, &p->notes, &p->denied, &p->failed,
				    &p->hardening };

	if (!p)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		sl_free(lists[i]);
	for (size_t i = 0; i < p->nacc; i++)
		free(p->acc[i].errs);
	for (size_t i = 0; i < p->nsig; i++)
		free(p->sig[i].peer);
	for (size_t i = 0; i < aa_ndocker_denies; i++)
		free(p->deny_need[i]);
	strmap_free(&p->acc_index);
	free(p->deny_need);
	free(p->acc);
	free(p->sig);
	free(p->exes);
	free(p->mount_call);
	free(p->name);
	free(p->label);
	free(p->program);
	free(p);
}

static int cmp_exe(const void *a, const void *b)
{
	return strcmp((*(const struct lp_exe *const *)a)->path,
		      (*(const struct lp_exe *const *)b)->path);
}

char *apparmor_generate(const struct lp_recording *rec, const struct lp_apparmor_opts *opts)
{
	struct gen g = { .rec = rec, .o = opts };
	const struct lp_exe *main;
	const char *why;
	char *text = NULL;

	strmap_init(&g.prog);
	if (opts->name && (why = apparmor_name_problem(opts->name))) {
		lp_err("profile name '%s': %s", opts->name, why);
		goto cleanup;
	}
	g.nexes = rec->nexes;
	g.exes = xcalloc(rec->nexes, sizeof(*g.exes));
	memcpy(g.exes, rec->exes, rec->nexes * sizeof(*g.exes));
	lp_qsort(g.exes, g.nexes, sizeof(*g.exes), cmp_exe);
	main = pick_main(&g);
	if (!main) {
		lp_err("apparmor: the recording has no program to write a profile for");
		goto cleanup;
	}
	build_profiles(&g, main);
	for (size_t i = 0; i < g.nprofs; i++)
		collect(&g, g.profs[i]);
	for (size_t i = 0; i < g.nprofs; i++)
		finish(&g, g.profs[i]);
	text = emit(&g);
cleanup:
	for (size_t i = 0; i < g.nprofs; i++)
		prof_free(g.profs[i]);
	free(g.profs);
	free(g.exes);
	strmap_free(&g.prog);
	sl_free(&g.keep);
	return text;
}
