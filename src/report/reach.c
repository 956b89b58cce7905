// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report model's "reachable but not observed" part: for each program
 * whose recording holds the set (docs/reach.md), its syscalls most
 * dangerous first (risky ones, then by group: privileged, process,
 * network, ...), each with the functions that reach it, one line per group
 * for people, and where the static analysis stopped.
 */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "report.h"
#include "risk.h"
#include "util.h"
#include "report_int.h"

/* Groups, most dangerous first. */
static const int group_rank[LP_GROUP_COUNT] = {
	[LP_GROUP_PRIVILEGED] = 0, [LP_GROUP_PROCESS] = 1, [LP_GROUP_NETWORK] = 2,
	[LP_GROUP_IPC] = 3, [LP_GROUP_SIGNAL] = 4, [LP_GROUP_FILE] = 5,
	[LP_GROUP_MEMORY] = 6, [LP_GROUP_TIME] = 7, [LP_GROUP_OTHER] = 8,
};

/* Functions shown per syscall before "+N". */
#define RP_REACH_FUNCS 3

static int cmp_danger(const void *a, const void *b)
{
	const struct rp_reach_sys *x = a, *y = b;

	if (!x->risk != !y->risk)
		return x->risk ? -1 : 1;
	if (x->group != y->group)
		return group_rank[x->group] - group_rank[y->group];
	return strcmp(x->item->syscall, y->item->syscall);
}

/* "getrusage (getrusage())", "mmap (malloc(), mmap(), pthread_create(), +4)" */
static void put_sys(struct strbuf *sb, const struct lp_reach_item *it)
{
	size_t n = it->funcs.n < RP_REACH_FUNCS ? it->funcs.n : RP_REACH_FUNCS;

	sb_printf(sb, "%s (", it->syscall);
	for (size_t k = 0; k < n; k++) {
		const char *f = it->funcs.v[k];

		sb_printf(sb, "%s%s%s", k ? ", " : "", f,
			  strcmp(f, LP_REACH_SCAN_FUNC) ? "()" : "");
	}
	if (it->funcs.n > n)
		sb_printf(sb, ", +%zu", it->funcs.n - n);
	sb_puts(sb, ")");
}

static void build_lines(struct rp_reach_exe *x, uint32_t runs)
{
	struct strbuf sb;
	size_t k = 0;

	sb_init(&sb);
	for (; k < x->n && x->v[k].risk; k++) {
		sb_free(&sb);
		sb_init(&sb);
		put_sys(&sb, x->v[k].item);
		rp_lines_add(&x->lines, runs, "dangerous: %s: %s", sb.buf, x->v[k].risk);
	}
	while (k < x->n) {
		int g = x->v[k].group;
		size_t n = 0;

		sb_free(&sb);
		sb_init(&sb);
		for (size_t j = k; j < x->n && x->v[j].group == g; j++, n++) {
			sb_puts(&sb, n ? ", " : "");
			put_sys(&sb, x->v[j].item);
		}
		rp_lines_add(&x->lines, runs, "%s (%zu): %s", lp_group_name(g), n, sb.buf);
		k += n;
	}
	sb_free(&sb);
}

static void join(struct strbuf *sb, const struct strlist *sl)
{
	for (size_t k = 0; k < sl->n; k++)
		sb_printf(sb, "%s%s", k ? ", " : "", sl->v[k]);
}

/* Where the analysis stopped for this program. */
static void build_limits(struct rp_reach_exe *x, uint32_t runs)
{
	const struct lp_reach *r = x->exe->reach;
	struct strbuf sb;

	sb_init(&sb);
	if (r->any.n) {
		join(&sb, &r->any);
		rp_lines_add(&x->limits, runs, "syscall() imported, any syscall reachable: %s", sb.buf);
	}
	if (r->scanned.n) {
		sb_free(&sb);
		sb_init(&sb);
		join(&sb, &r->scanned);
		rp_lines_add(&x->limits, runs, "statically linked, imports unreadable; constant numbers before syscall instructions: %s",
			     sb.buf);
	}
	for (size_t k = 0; k < r->unread.n; k++)
		rp_lines_add(&x->limits, runs, "not read: %s", r->unread.v[k]);
	sb_free(&sb);
}

static void build_exe(struct rp_reach_exe *x, const struct lp_exe *e)
{
	const struct lp_reach *r = e->reach;

	x->exe = e;
	if (!r)
		return;
	x->v = xcalloc(r->n + 1, sizeof(*x->v));
	for (size_t k = 0; k < r->n; k++) {
		struct rp_reach_sys *s = &x->v[x->n++];

		s->item = &r->v[k];
		s->group = lp_syscall_group(r->v[k].syscall);
		s->risk = lp_syscall_risk(r->v[k].syscall);
	}
	lp_qsort(x->v, x->n, sizeof(*x->v), cmp_danger);
	build_lines(x, e->runs);
	build_limits(x, e->runs);
}

void rp_build_reach(struct lp_report *r)
{
	const struct lp_recording *rec = r->rec;
	bool any = false;

	for (size_t i = 0; i < rec->nexes; i++)
		any |= rec->exes[i]->reach != NULL;
	if (!any)	/* recorded before learnprof computed it: no section */
		return;
	r->reach = xcalloc(rec->nexes, sizeof(*r->reach));
	for (size_t i = 0; i < rec->nexes; i++)
		if (!rec_is_runtime_program(rec->exes[i]->path))
			build_exe(&r->reach[r->nreach++], rec->exes[i]);
}

void rp_free_reach(struct lp_report *r)
{
	for (size_t i = 0; i < r->nreach; i++) {
		free(r->reach[i].v);
		rp_lines_free(&r->reach[i].lines);
		rp_lines_free(&r->reach[i].limits);
	}
	free(r->reach);
}
