// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report model: everything a reviewer reads, computed once from the
 * recordings (a pure function; the renderers text.c, html.c, json.c only
 * format it): syscalls and Docker's comparison, network, programs,
 * identities and the runtime here; files in files.c; the manifest, the
 * checklist and coverage in summary.c; reachable but not observed in
 * reach.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker_default.h"
#include "names.h"
#include "apparmor_pattern.h"
#include "report.h"
#include "risk.h"
#include "seccomp_gen.h"
#include "strmap.h"
#include "syscalls.h"
#include "util.h"
#include "report_int.h"

void rp_lines_add(struct rp_lines *l, uint32_t runs, const char *fmt, ...)
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

void rp_lines_free(struct rp_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void lines_free(struct rp_lines *l)
{
	rp_lines_free(l);
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
			rp_lines_add(&r->partial, r->sys[i].runs, "syscall %s", r->sys[i].name);
		if (r->sys[i].risk)
			rp_lines_add(&r->risks, r->sys[i].runs, "syscall %s: %s", r->sys[i].name,
				  r->sys[i].risk);
		if (!r->sys[i].docker_allows && r->sys[i].name[0] != '#')
			rp_lines_add(&r->beyond_docker, r->sys[i].runs, "%s", r->sys[i].name);
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
			rp_lines_add(&r->network, fs->v[k].runs, "%s%s%s", ts, fs->v[k].err ? ": " : "",
				  fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
			free(ts);
			free(p);
			free(ep);
		}
	}
	for (size_t k = 0; k < e->facts[LP_CAT_SOCKETS].n; k++) {
		const struct lp_fact *f = &e->facts[LP_CAT_SOCKETS].v[k];

		rp_lines_add(&r->network, f->runs, "opens %s %s sockets%s%s", f->s[0] ? f->s[0] : "?",
			  f->s[1] ? f->s[1] : "?", f->err ? ": " : "",
			  f->err ? lp_errno_name(f->err) : "");
	}
}

static void build_procs(struct lp_report *r, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];

	for (size_t k = 0; k < fs->n; k++)
		rp_lines_add(&r->exec_tree, fs->v[k].runs, "%s -> %s (as \"%s\")", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", fs->v[k].s[1] ? fs->v[k].s[1] : "");
	fs = &e->facts[LP_CAT_CREDS];
	for (size_t k = 0; k < fs->n; k++) {
		const int64_t *c = fs->v[k].n;

		rp_lines_add(&r->identities, fs->v[k].runs, "%s starts as uid %lld gid %lld%s%s",
			  e->path, (long long)c[0], (long long)c[2],
			  c[1] != c[0] || c[3] != c[2] ? " (set-id: effective ids differ)" : "",
			  c[4] ? ", no_new_privs" : "");
	}
	fs = &e->facts[LP_CAT_IDENTITY];
	for (size_t k = 0; k < fs->n; k++)
		rp_lines_add(&r->identities, fs->v[k].runs, "%s calls %s(%lld, %lld, %lld)%s%s", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", (long long)fs->v[k].n[0],
			  (long long)fs->v[k].n[1], (long long)fs->v[k].n[2],
			  fs->v[k].err ? ": " : "", fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
	fs = &e->facts[LP_CAT_SIGNALS];
	for (size_t k = 0; k < fs->n; k++)
		rp_lines_add(&r->signals, fs->v[k].runs, "%s sends %s to %s%s%s", e->path,
			  fs->v[k].s[0] ? fs->v[k].s[0] : "?", fs->v[k].s[1] ? fs->v[k].s[1] : "(unknown)",
			  fs->v[k].err ? ": " : "", fs->v[k].err ? lp_errno_name(fs->v[k].err) : "");
	fs = &e->facts[LP_CAT_PTRACE];
	for (size_t k = 0; k < fs->n; k++)
		rp_lines_add(&r->signals, fs->v[k].runs, "%s uses ptrace %s on %s", e->path,
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

		rp_lines_add(&r->runtime, e->runs, "%s: %zu syscalls after installing the filter, allowed by the profile as the runtime floor: %s",
			  e->path, n, sb.buf);
		if (rec_is_runc(e->path)) {
			go = lp_runc_timing(&ngo);
			sb_free(&sb);
			sb_init(&sb);
			for (size_t i = 0; i < ngo; i++)
				sb_printf(&sb, "%s%s", i ? " " : "", go[i]);
			rp_lines_add(&r->runtime, e->runs, "%s: the profile also allows the calls runc's Go scheduler makes when timing decides: %s",
				  e->path, sb.buf);
		}
	} else
		rp_lines_add(&r->runtime, e->runs, "%s: %zu kinds of syscall while setting the container up, before its filter (not in the profile)",
			  e->path, n);
	sb_free(&sb);
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
	lp_seccomp_count(rec, &so, &r->profile);
	hardening_analyze(rec, &r->hard);
	build_syscalls(r);
	build_docker(r);
	rp_build_files(r);
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
				rp_lines_add(&r->programs, f->runs, "%s", f->s[0]);
		}
	}
	for (size_t i = 0; i < r->hard.nneeded; i++) {
		const char *name = lp_cap_name(r->hard.needed[i].cap), *why = lp_cap_risk(name);

		if (why)
			rp_lines_add(&r->risks, r->runs, "capability %s: %s", name, why);
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
	rp_build_manifest(r);
	rp_build_checklist(r);
	rp_build_coverage(r);
	rp_build_reach(r);
	rp_build_landlock(r);
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
	rp_lines_free(&r->landlock);
	for (size_t i = 0; i < r->nchecks; i++)
		free(r->checks[i].evidence);
	rp_free_reach(r);
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
