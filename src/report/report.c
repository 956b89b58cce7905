// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report model: everything a reviewer reads, computed once from the
 * recordings (a pure function; the renderers only format it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker_default.h"
#include "names.h"
#include "paths.h"
#include "report.h"
#include "risk.h"
#include "seccomp_gen.h"
#include "strmap.h"
#include "syscalls.h"
#include "util.h"

static void lines_add(struct rp_lines *l, uint32_t runs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lines_add(struct rp_lines *l, uint32_t runs, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	{
		char *d = lp_display(s);	/* paths are bytes; people read text */

		free(s);
		s = d;
	}
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].text, s)) {
			if (runs > l->v[i].runs)
				l->v[i].runs = runs;
			free(s);
			return;
		}
	*LP_PUSH(l->v, l->n, l->cap) = (struct rp_line){ s, runs };
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(((const struct rp_line *)a)->text, ((const struct rp_line *)b)->text);
}

static void lines_sort(struct rp_lines *l)
{
	lp_qsort(l->v, l->n, sizeof(*l->v), cmp_line);
}

static void lines_free(struct rp_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- syscalls ----------------------------------------------------------- */

static int cmp_sys(const void *a, const void *b)
{
	const struct rp_syscall *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;	/* most frequent first */
	return strcmp(x->name, y->name);
}

static void build_syscalls(struct lp_report *r)
{
	const struct lp_recording *rec = r->rec;
	struct strmap idx;
	size_t cap = 0, k;

	strmap_init(&idx);
	for (size_t i = 0; i < rec->nexes; i++)
		for (int a = 0; !rec_is_runtime_program(rec->exes[i]->path) && a < LP_ABI_COUNT; a++)
			for (size_t j = 0; j < rec->exes[i]->nsys[a]; j++) {
				const struct lp_syscall *s = &rec->exes[i]->sys[a][j];
				struct rp_syscall *rs;

				if (!strmap_get(&idx, s->name, &k)) {
					rs = LP_PUSH(r->sys, r->nsys, cap);
					memset(rs, 0, sizeof(*rs));
					rs->name = xstrdup(s->name);
					rs->group = lp_syscall_group(s->name);
					rs->docker_allows = lp_docker_default_allows(s->name);
					rs->risk = lp_syscall_risk(s->name);
					k = r->nsys - 1;
					strmap_put(&idx, rs->name, k);
				}
				rs = &r->sys[k];
				rs->count += s->count;
				if (s->runs > rs->runs)
					rs->runs = s->runs;
			}
	strmap_free(&idx);	/* keys point into r->sys, which moves when sorted */
	lp_qsort(r->sys, r->nsys, sizeof(*r->sys), cmp_sys);
	for (size_t i = 0; i < r->nsys; i++) {
		r->group_count[r->sys[i].group]++;
		if (r->sys[i].runs < r->runs)
			lines_add(&r->partial, r->sys[i].runs, "syscall %s", r->sys[i].name);
		if (r->sys[i].risk)
			lines_add(&r->risks, r->sys[i].runs, "syscall %s: %s", r->sys[i].name,
				  r->sys[i].risk);
		if (!r->sys[i].docker_allows && r->sys[i].name[0] != '#')
			lines_add(&r->beyond_docker, r->sys[i].runs, "%s", r->sys[i].name);
	}
}

static void build_docker(struct lp_report *r)
{
	size_t n;
	const char *const *names = lp_docker_default_names(&n);

	for (size_t i = 0; i < n; i++) {
		bool used = false;

		if (lp_syscall_nr(LP_ABI_X86_64, names[i]) < 0)
			continue;
		r->docker_total++;
		for (size_t k = 0; k < r->nsys && !used; k++)
			used = !strcmp(r->sys[k].name, names[i]);
		if (!used)
			r->docker_unused++;
	}
}

/* ---- files -------------------------------------------------------------- */

/* A failure called by its error: "not found (ENOENT)", "denied (EACCES)". */
static char *failure_text(int err)
{
	const char *name = lp_errno_name(err);

	if (err == ENOENT || err == ENOTDIR)
		return xasprintf("not found (%s)", name);
	if (err == EACCES || err == EPERM)
		return xasprintf("denied (%s)", name);
	return xstrdup(name);
}

/* "not found (ENOENT) on read, write; denied (EACCES) on exec" */
static char *errors_text(const struct lp_file *f)
{
	struct strbuf sb;

	if (!f->nerrs)
		return NULL;
	sb_init(&sb);
	for (size_t i = 0; i < f->nerrs; i++) {
		char *what = failure_text(f->errs[i].err);
		bool first = true;

		sb_printf(&sb, "%s%s", i ? "; " : "", what);
		for (int b = 0; b < LP_F_KIND_COUNT; b++)
			if (f->errs[i].kinds & (1U << b)) {
				sb_printf(&sb, "%s %s", first ? " on" : ",", lp_file_kind_name(b));
				first = false;
			}
		free(what);
	}
	return sb_detach(&sb);
}

static int cmp_dir(const void *a, const void *b)
{
	return strcmp(((const struct rp_dir *)a)->dir, ((const struct rp_dir *)b)->dir);
}

/* By name; folds ("*") first, the largest first. */
static int cmp_rfile(const void *a, const void *b)
{
	const struct rp_file *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->folded != y->folded)
		return x->folded > y->folded ? -1 : 1;
	if (x->kinds != y->kinds)
		return x->kinds < y->kinds ? -1 : 1;
	return strcmp(x->errors ? x->errors : "", y->errors ? y->errors : "");
}

static struct rp_dir *dir_of(struct lp_report *r, const char *dir, size_t *cap)
{
	for (size_t i = 0; i < r->ndirs; i++)
		if (!strcmp(r->dirs[i].dir, dir))
			return &r->dirs[i];
	struct rp_dir *d = LP_PUSH(r->dirs, r->ndirs, *cap);

	memset(d, 0, sizeof(*d));
	d->dir = xstrdup(dir);
	return d;
}

static struct rp_dir *dir_of_raw(struct lp_report *r, const char *raw, size_t *cap)
{
	char *disp = lp_display(raw);
	struct rp_dir *d = dir_of(r, disp, cap);

	free(disp);
	return d;
}

static void add_file(struct rp_dir *d, const struct lp_file *f, const char *name)
{
	char *disp = lp_display(name);
	struct rp_file *rf = NULL;

	for (size_t i = 0; i < d->nfiles && !rf; i++)
		if (!strcmp(d->files[i].path, disp))
			rf = &d->files[i];
	if (!rf) {
		d->files = xrealloc(d->files, (d->nfiles + 1) * sizeof(*d->files));
		rf = &d->files[d->nfiles++];
		memset(rf, 0, sizeof(*rf));
		rf->path = disp;
		disp = NULL;
	}
	free(disp);
	rf->kinds |= f->kinds;
	rf->flags |= f->flags;
	if (f->runs > rf->runs)
		rf->runs = f->runs;
	for (size_t i = 0; i < f->nerrs; i++)
		rf->failed |= f->errs[i].kinds;
	if (!rf->errors)
		rf->errors = errors_text(f);
}

/* Files that fold together: the same kinds, failures and runs. */
static bool same_fold(const struct rp_file *a, const struct rp_file *b)
{
	return a->kinds == b->kinds && a->runs == b->runs && lp_streq(a->errors, b->errors) &&
	       !(a->flags & LP_PATH_DIR) && !(b->flags & LP_PATH_DIR);
}

static size_t dir_depth(const char *dir)
{
	size_t n = 0;

	for (const char *p = dir; *p; p++)
		n += *p == '/' && p[1] && p[1] != '/';
	return n;
}

/*
 * Fold a directory's files the way AppArmor's many-entries rule widens
 * them: RP_FOLD_MIN or more sharing their access kinds (and failures)
 * become one "*" line with their count; shallow directories (/, /etc,
 * /tmp) never fold.
 */
static void fold_dir(struct rp_dir *d)
{
	size_t o = 0;
	bool *gone = xcalloc(d->nfiles + 1, sizeof(bool));

	for (size_t i = 0; dir_depth(d->dir) >= LP_GEN_MIN_DEPTH && i < d->nfiles; i++) {
		size_t n = 1;

		if (gone[i])
			continue;
		for (size_t k = i + 1; k < d->nfiles; k++)
			n += !gone[k] && same_fold(&d->files[i], &d->files[k]);
		if (n < RP_FOLD_MIN || (d->files[i].flags & LP_PATH_DIR))
			continue;
		for (size_t k = i + 1; k < d->nfiles; k++)
			if (!gone[k] && same_fold(&d->files[i], &d->files[k])) {
				gone[k] = true;
				free(d->files[k].path);
				d->files[i].flags |= d->files[k].flags;
			}
		free(d->files[i].path);
		d->files[i].path = xstrdup("*");
		d->files[i].folded = n;
	}
	for (size_t i = 0; i < d->nfiles; i++)
		if (!gone[i])
			d->files[o++] = d->files[i];
	d->nfiles = o;
	free(gone);
}

static void build_files(struct lp_report *r)
{
	size_t cap = 0;

	for (size_t i = 0; i < r->rec->nexes; i++)
		for (size_t k = 0; !rec_is_runtime_program(r->rec->exes[i]->path) &&
				   k < r->rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = r->rec->exes[i]->files[k];
			char *dir = xstrdup(f->path), *slash = strrchr(dir, '/');
			const char *name = f->path;

			if (slash && slash != dir) {
				*slash = '\0';
				name = f->path + (slash - dir) + 1;
			} else if (slash) {
				dir[1] = '\0';
				name = f->path + 1;
			}
			add_file(dir_of_raw(r, dir, &cap), f, name);
			if (f->runs < r->runs)
				lines_add(&r->partial, f->runs, "file %s", f->path);
			free(dir);
		}
	lp_qsort(r->dirs, r->ndirs, sizeof(*r->dirs), cmp_dir);
	for (size_t i = 0; i < r->ndirs; i++) {
		lp_qsort(r->dirs[i].files, r->dirs[i].nfiles, sizeof(*r->dirs[i].files), cmp_rfile);
		fold_dir(&r->dirs[i]);
		lp_qsort(r->dirs[i].files, r->dirs[i].nfiles, sizeof(*r->dirs[i].files), cmp_rfile);
	}
}

/* ---- network, programs, identities -------------------------------------- */

/* "tcp", "udp6", "unix-stream", or the family and type. */
static char *proto(const struct lp_fact *f)
{
	const char *fam = f->s[0] ? f->s[0] : "?", *type = f->s[1] ? f->s[1] : "";

	if (!strcmp(fam, "inet") || !strcmp(fam, "inet6")) {
		const char *p = !strcmp(type, "stream") ? "tcp" : !strcmp(type, "dgram") ? "udp" : type;

		return xasprintf("%s%s", p, !strcmp(fam, "inet6") ? "6" : "");
	}
	return xasprintf("%s%s%s", fam, *type ? "-" : "", type);
}

static char *endpoint(const struct lp_fact *f)
{
	const char *a = f->s[2];

	if (f->s[0] && !strcmp(f->s[0], "unix"))
		return xstrdup(a ? a : "(unnamed)");
	if (f->s[0] && !strcmp(f->s[0], "inet6"))
		return xasprintf("[%s]:%lld", a ? a : "::", (long long)f->n[0]);
	return xasprintf("%s:%lld", a ? a : "?", (long long)f->n[0]);
}

/* The one unix path e listens on with f's type, or NULL. */
static const char *unix_listener(const struct lp_exe *e, const struct lp_fact *f)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_LISTEN];
	const char *path = NULL;

	for (size_t k = 0; k < fs->n; k++) {
		const struct lp_fact *l = &fs->v[k];

		if (!lp_streq(l->s[0], "unix") || !lp_streq(l->s[1], f->s[1]) || !l->s[2] || l->err)
			continue;
		if (path && strcmp(path, l->s[2]))
			return NULL;
		path = l->s[2];
	}
	return path;
}

/* What follows "accepts": "on tcp port 80 from 10.0.0.1", "on unix-stream
 * /run/x.sock", "unix-stream connections (unnamed peer)". */
static char *accepted(const struct lp_exe *e, const struct lp_fact *f, const char *p)
{
	const char *peer = f->s[2], *local;

	if (!lp_streq(f->s[0], "unix"))
		return xasprintf("on %s port %lld from %s", p, (long long)f->n[0], peer ? peer : "?");
	local = unix_listener(e, f);
	if (local)
		return xasprintf("on %s %s%s%s", p, local, peer ? " from " : "", peer ? peer : "");
	return peer ? xasprintf("%s connections from %s", p, peer)
		    : xasprintf("%s connections (unnamed peer)", p);
}

static void build_network(struct lp_report *r, const struct lp_exe *e)
{
	static const struct { enum lp_cat cat; const char *verb; } ops[] = {
		{ LP_CAT_LISTEN, "listens on" }, { LP_CAT_BIND, "binds" },
		{ LP_CAT_CONNECT, "connects to" }, { LP_CAT_SENDTO, "sends to" },
		{ LP_CAT_ACCEPT, "accepts" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		const struct lp_factset *fs = &e->facts[ops[i].cat];

		for (size_t k = 0; k < fs->n; k++) {
			char *p = proto(&fs->v[k]), *ep, *ts;

			if (ops[i].cat == LP_CAT_ACCEPT) {
				ep = accepted(e, &fs->v[k], p);
				ts = xasprintf("%s %s", ops[i].verb, ep);
			} else {
				ep = endpoint(&fs->v[k]);
				ts = xasprintf("%s %s %s", ops[i].verb, p, ep);
			}
			lines_add(&r->network, fs->v[k].runs, "%s%s%s", ts, fs->v[k].err ? ": " : "",
				  fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
			free(ts);
			free(p);
			free(ep);
		}
	}
	for (size_t k = 0; k < e->facts[LP_CAT_SOCKETS].n; k++) {
		const struct lp_fact *f = &e->facts[LP_CAT_SOCKETS].v[k];

		lines_add(&r->network, f->runs, "opens %s %s sockets%s%s", f->s[0] ? f->s[0] : "?",
			  f->s[1] ? f->s[1] : "?", f->err ? ": " : "",
			  f->err ? lp_errno_name(f->err) : "");
	}
}

static void build_procs(struct lp_report *r, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];

	for (size_t k = 0; k < fs->n; k++)
		lines_add(&r->exec_tree, fs->v[k].runs, "%s -> %s (as \"%s\")", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", fs->v[k].s[1] ? fs->v[k].s[1] : "");
	fs = &e->facts[LP_CAT_CREDS];
	for (size_t k = 0; k < fs->n; k++) {
		const int64_t *c = fs->v[k].n;

		lines_add(&r->identities, fs->v[k].runs, "%s starts as uid %lld gid %lld%s%s",
			  e->path, (long long)c[0], (long long)c[2],
			  c[1] != c[0] || c[3] != c[2] ? " (set-id: effective ids differ)" : "",
			  c[4] ? ", no_new_privs" : "");
	}
	fs = &e->facts[LP_CAT_IDENTITY];
	for (size_t k = 0; k < fs->n; k++)
		lines_add(&r->identities, fs->v[k].runs, "%s calls %s(%lld, %lld, %lld)%s%s", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", (long long)fs->v[k].n[0],
			  (long long)fs->v[k].n[1], (long long)fs->v[k].n[2],
			  fs->v[k].err ? ": " : "", fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
	fs = &e->facts[LP_CAT_SIGNALS];
	for (size_t k = 0; k < fs->n; k++)
		lines_add(&r->signals, fs->v[k].runs, "%s sends %s to %s%s%s", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", fs->v[k].s[1] ? fs->v[k].s[1] : "(unknown)",
			  fs->v[k].err ? ": " : "", fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
	fs = &e->facts[LP_CAT_PTRACE];
	for (size_t k = 0; k < fs->n; k++)
		lines_add(&r->signals, fs->v[k].runs, "%s uses ptrace %s on %s", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", fs->v[k].s[1] ? fs->v[k].s[1] : "(unknown)");
}

/* A container runtime's programs: their set-up is theirs; what they did
 * after installing the container's filter is the floor every profile of
 * this runtime must allow. */
static void build_runtime(struct lp_report *r, const struct lp_exe *e)
{
	struct strbuf sb;
	size_t n = 0;

	sb_init(&sb);
	for (int a = 0; a < LP_ABI_COUNT; a++)
		for (size_t k = 0; k < e->nsys[a]; k++, n++)
			if (e->flags & LP_PATH_AFTER_FILTER)
				sb_printf(&sb, "%s%s", n ? " " : "", e->sys[a][k].name);
	if (e->flags & LP_PATH_AFTER_FILTER) {
		const char *const *go;
		size_t ngo;

		lines_add(&r->runtime, e->runs, "%s: %zu syscalls after installing the filter, allowed by the profile as the runtime floor: %s",
			  e->path, n, sb.buf);
		if (rec_is_runc(e->path)) {
			go = lp_runc_timing(&ngo);
			sb_free(&sb);
			sb_init(&sb);
			for (size_t i = 0; i < ngo; i++)
				sb_printf(&sb, "%s%s", i ? " " : "", go[i]);
			lines_add(&r->runtime, e->runs, "%s: the profile also allows the calls runc's Go scheduler makes when timing decides: %s",
				  e->path, sb.buf);
		}
	} else
		lines_add(&r->runtime, e->runs, "%s: %zu kinds of syscall while setting the container up, before its filter (not in the profile)",
			  e->path, n);
	sb_free(&sb);
}

/* ---- the manifest, the checklist, coverage ------------------------------ */

static void join(struct strbuf *sb, const struct rp_lines *l, const char *prefix,
		 size_t max)
{
	size_t shown = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strncmp(l->v[i].text, prefix, strlen(prefix)) || strstr(l->v[i].text, ": E"))
			continue;
		if (shown == max) {
			sb_puts(sb, ", ...");
			break;
		}
		sb_printf(sb, "%s%s", shown ? ", " : "", l->v[i].text + strlen(prefix));
		shown++;
	}
	if (!shown)
		sb_puts(sb, "nothing");
}

static void manifest_add(struct lp_report *r, char *s)
{
	r->manifest = xrealloc(r->manifest, (r->nmanifest + 1) * sizeof(char *));
	r->manifest[r->nmanifest++] = s;
}

/* A manifest line that claims an absence or a complete list: said only
 * when the probe that sees the facts was active in every run. */
static bool manifest_withheld(struct lp_report *r, const char *what, const char *why)
{
	if (why)
		manifest_add(r, xasprintf("%s: withheld: %s", what, why));
	return why != NULL;
}

static void manifest_network(struct lp_report *r, const char *verb)
{
	struct strbuf sb;
	char *prefix = xasprintf("%s ", verb);

	if (!manifest_withheld(r, verb, r->hard.args_withheld)) {
		sb_init(&sb);
		sb_puts(&sb, prefix);
		join(&sb, &r->network, prefix, 6);
		manifest_add(r, sb_detach(&sb));
	}
	free(prefix);
}

static void manifest_writes(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;
	struct strbuf sb;

	if (manifest_withheld(r, "writes", h->args_withheld))
		return;
	sb_init(&sb);
	if (!h->nwritable) {
		sb_puts(&sb, "writes nothing on the root filesystem");
		if (h->writes_shm)
			sb_puts(&sb, "; writes under /dev/shm (a tmpfs in containers)");
	} else {
		sb_puts(&sb, "writes only under ");
		for (size_t i = 0; i < h->nwritable && i < 6; i++) {
			char *d = lp_display(h->writable[i]);

			sb_printf(&sb, "%s%s", i ? ", " : "", d);
			free(d);
		}
		if (h->nwritable > 6)
			sb_puts(&sb, ", ...");
		if (h->writes_shm)
			sb_puts(&sb, " and /dev/shm (a tmpfs in containers)");
	}
	manifest_add(r, sb_detach(&sb));
}

static void manifest_programs(struct lp_report *r)
{
	struct strbuf sb;

	if (manifest_withheld(r, "programs it runs", r->hard.procs_withheld))
		return;
	sb_init(&sb);
	if (!r->programs.n) {
		sb_puts(&sb, "runs no other program");
	} else {
		sb_puts(&sb, "runs ");
		for (size_t i = 0; i < r->programs.n && i < 6; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", r->programs.v[i].text);
		if (r->programs.n > 6)
			sb_printf(&sb, " and %zu more", r->programs.n - 6);
	}
	manifest_add(r, sb_detach(&sb));
}

static void manifest_caps(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;
	struct strbuf sb;

	if (manifest_withheld(r, "capabilities needed", h->caps_withheld))
		return;
	sb_init(&sb);
	if (!h->nneeded) {
		sb_puts(&sb, "needs no capability");
	} else {
		sb_puts(&sb, "needs ");
		for (size_t i = 0; i < h->nneeded; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", lp_cap_name(h->needed[i].cap));
	}
	manifest_add(r, sb_detach(&sb));
}

/* The profile's count, and how it splits. */
static char *syscalls_sentence(const struct lp_report *r)
{
	const struct lp_profile_count *c = &r->profile;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "its seccomp profile allows %zu syscalls (%zu observed", c->allowed,
		  c->observed);
	if (c->companions)
		sb_printf(&sb, ", %zu implied companion%s", c->companions,
			  c->companions == 1 ? "" : "s");
	if (c->floor)
		sb_printf(&sb, ", %zu of the container runtime's floor", c->floor);
	sb_printf(&sb, "); Docker's default profile allows %zu", r->docker_total);
	return sb_detach(&sb);
}

static void build_manifest(struct lp_report *r)
{
	manifest_network(r, "listens on");
	manifest_network(r, "connects to");
	manifest_writes(r);
	manifest_programs(r);
	manifest_caps(r);
	manifest_add(r, syscalls_sentence(r));
}

const char *rp_status_name(enum rp_status s)
{
	switch (s) {
	case RP_READY: return "ready";
	case RP_BLOCKED: return "blocked";
	default: return "unknown";
	}
}

/*
 * A checklist item. withheld (the reason the probe it rests on was not
 * active in every run) makes it unknown, with the reason as its evidence;
 * evidence is malloc'd and taken over.
 */
static void check(struct lp_report *r, const char *id, const char *title, bool ready,
		  const char *withheld, char *evidence)
{
	struct rp_check *c = &r->checks[r->nchecks++];

	c->id = id;
	c->title = title;
	c->status = ready ? RP_READY : RP_BLOCKED;
	c->evidence = evidence;
	if (withheld) {
		c->status = RP_UNKNOWN;
		free(c->evidence);
		c->evidence = xasprintf("withheld: %s", withheld);
	}
	r->nready += c->status == RP_READY;
}

static char *read_only_evidence(const struct lp_hardening *h)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!h->read_only_possible)
		sb_puts(&sb, "it writes in /");
	else if (!h->nwritable)
		sb_puts(&sb, "nothing was written");
	else {
		sb_puts(&sb, "with writable ");
		for (size_t i = 0; i < h->nwritable && i < 4; i++)
			sb_printf(&sb, "%s%s%s", i ? ", " : "", h->writable[i],
				  h->held_data[i] ? " (a volume: it held data before the run)" : "");
		if (h->nwritable > 4)
			sb_puts(&sb, ", ...");
	}
	return sb_detach(&sb);
}

/* Which user, and why (caps decides it). */
static char *user_evidence(const struct lp_hardening *h)
{
	if (h->run_uid >= 0)
		return xasprintf("run it as %lld:%lld: %s", h->run_uid, h->run_gid, h->user_why);
	return xasprintf("no capability was needed; %s", h->user_why ? h->user_why : "");
}

static void build_checklist(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;

	check(r, "4.1", "runs as a non-root user", h->non_root_possible, h->caps_withheld,
	      h->non_root_possible ? user_evidence(h)
				   : xasprintf("needs %zu capabilit%s as root", h->nneeded,
					       h->nneeded == 1 ? "y" : "ies"));
	check(r, "5.12", "read-only root filesystem", h->read_only_possible, h->args_withheld,
	      read_only_evidence(h));
	check(r, "5.25", "no-new-privileges", h->no_new_privs_possible, h->procs_withheld,
	      h->no_new_privs_possible || !h->nsetid ?
		xstrdup("no program gained privileges at exec")
	      : xasprintf("%s starts set-id", h->setid_programs[0]));
	check(r, "5.4", "capabilities dropped to what is needed", true, h->caps_withheld,
	      xasprintf("--cap-drop=ALL and %zu added back", h->nneeded));
	check(r, "5.21", "seccomp profile set", true, NULL,
	      xasprintf("learnprof seccomp: %zu syscalls instead of Docker's %zu",
			r->profile.allowed, r->docker_total));
	check(r, "5.2", "AppArmor profile set", true, NULL,
	      xstrdup("learnprof apparmor writes one"));
}

static void build_coverage(struct lp_report *r)
{
	const struct lp_meta *m = &r->rec->meta;

	for (size_t i = 0; i < m->nprobes; i++) {
		const struct lp_probe *p = &m->probes[i];

		if (!p->active)
			lines_add(&r->coverage, 0, "%s were not observed: %s", p->name,
				  p->reason ? p->reason : "probe inactive");
		else if (p->note)
			lines_add(&r->coverage, 0, "%s: %s", p->name, p->note);
	}
	for (int i = 0; i < LP_LOST_COUNT; i++)
		if (m->lost[i])
			lines_add(&r->coverage, 0, "%llu %s were lost: the recording is incomplete",
				  (unsigned long long)m->lost[i], lp_lost_name(i));
	if (r->partial.n)
		lines_add(&r->coverage, 0,
			  "%zu facts were seen in only some of the %u runs: the tests may not exercise them every time",
			  r->partial.n, r->runs);
	if (m->startup_missed)
		lines_add(&r->coverage, 0,
			  "the container's start-up was not seen (learnprof attached to it running): "
			  "its profiles may lack what it does only when it starts, and its runtime's "
			  "steps after the seccomp filter were not measured (learnprof's list for runc "
			  "stands in for them)");
}

void report_build(const struct lp_recording *rec, struct lp_report *r)
{
	report_build_for(rec, LP_RUNTIME_NONE, r);
}

void report_build_for(const struct lp_recording *rec, enum lp_runtime rt,
		      struct lp_report *r)
{
	struct lp_seccomp_opts so = { .runtime = rt };

	memset(r, 0, sizeof(*r));
	r->rec = rec;
	r->runs = rec->meta.runs ? rec->meta.runs : 1;
	seccomp_count(rec, &so, &r->profile);
	hardening_analyze(rec, &r->hard);
	build_syscalls(r);
	build_docker(r);
	build_files(r);
	for (size_t i = 0; i < rec->nexes; i++) {
		if (rec_is_runtime_program(rec->exes[i]->path)) {
			build_runtime(r, rec->exes[i]);
			continue;
		}
		build_network(r, rec->exes[i]);
		build_procs(r, rec->exes[i]);
		for (size_t k = 0; k < rec->exes[i]->facts[LP_CAT_EXECUTES].n; k++) {
			const struct lp_fact *f = &rec->exes[i]->facts[LP_CAT_EXECUTES].v[k];

			if (f->s[0])
				lines_add(&r->programs, f->runs, "%s", f->s[0]);
		}
	}
	for (size_t i = 0; i < r->hard.nneeded; i++) {
		const char *name = lp_cap_name(r->hard.needed[i].cap), *why = lp_cap_risk(name);

		if (why)
			lines_add(&r->risks, r->runs, "capability %s: %s", name, why);
	}
	lines_sort(&r->network);
	lines_sort(&r->programs);
	lines_sort(&r->identities);
	lines_sort(&r->exec_tree);
	lines_sort(&r->signals);
	lines_sort(&r->risks);
	lines_sort(&r->partial);
	lines_sort(&r->beyond_docker);
	lines_sort(&r->runtime);
	build_manifest(r);
	build_checklist(r);
	build_coverage(r);
}

void report_free(struct lp_report *r)
{
	if (!r)
		return;
	hardening_free(&r->hard);
	for (size_t i = 0; i < r->nmanifest; i++)
		free(r->manifest[i]);
	free(r->manifest);
	for (size_t i = 0; i < r->nsys; i++)
		free(r->sys[i].name);
	free(r->sys);
	for (size_t i = 0; i < r->ndirs; i++) {
		for (size_t k = 0; k < r->dirs[i].nfiles; k++) {
			free(r->dirs[i].files[k].path);
			free(r->dirs[i].files[k].errors);
		}
		free(r->dirs[i].files);
		free(r->dirs[i].dir);
	}
	free(r->dirs);
	lines_free(&r->network);
	lines_free(&r->programs);
	lines_free(&r->identities);
	lines_free(&r->exec_tree);
	lines_free(&r->signals);
	lines_free(&r->risks);
	lines_free(&r->coverage);
	lines_free(&r->partial);
	lines_free(&r->beyond_docker);
	lines_free(&r->runtime);
	for (size_t i = 0; i < r->nchecks; i++)
		free(r->checks[i].evidence);
	memset(r, 0, sizeof(*r));
}

char *report_render(const struct lp_report *r, enum lp_report_format f, bool color)
{
	switch (f) {
	case LP_REPORT_MARKDOWN: return report_text(r, true, false);
	case LP_REPORT_JSON: return report_json(r);
	case LP_REPORT_HTML: return report_html(r);
	default: return report_text(r, false, color);
	}
}
