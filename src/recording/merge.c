// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Merging recordings: a union with counts summed and the runs in which each
 * fact was seen kept, the runs' metas kept as sources, a probe missing from
 * some run marked inactive; and what the probes say was observed.
 */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "util.h"
#include "model_int.h"

/* The runs of a recording, as a list of single-run metas. */
static void push_sources(struct lp_meta *into, size_t *cap,
			 const struct lp_meta *m)
{
	if (m->nsources) {
		for (size_t i = 0; i < m->nsources; i++)
			push_sources(into, cap, &m->sources[i]);
		return;
	}
	struct lp_meta *s = LP_PUSH(into->sources, into->nsources, *cap);

	meta_copy(s, m);
	free(s->sources);	/* m has none: an empty array */
	s->sources = NULL;
	s->nsources = 0;
}

static struct lp_probe *find_probe(const struct lp_meta *m, const char *name)
{
	for (size_t i = 0; i < m->nprobes; i++)
		if (!strcmp(m->probes[i].name, name))
			return &m->probes[i];
	return NULL;
}

bool rec_observed(const struct lp_recording *rec, const char *probe, char **why)
{
	const struct lp_probe *p = find_probe(&rec->meta, probe);

	if (why)
		*why = NULL;
	if (p && p->active)
		return true;
	if (why && p)
		*why = xasprintf("the %s probe was not active: %s", probe,
				 p->reason ? p->reason : "no reason recorded");
	else if (why)
		*why = xasprintf("the %s probe is not listed in the recording", probe);
	return false;
}

/* A probe that was active so far but not in the run being merged; reason
 * is malloc'd and taken over. */
static void probe_deactivate(struct lp_probe *q, char *reason)
{
	if (!q->active) {
		free(reason);
		return;
	}
	q->active = false;
	free(q->reason);
	q->reason = reason;
}

#define LP_PROBE_UNLISTED "not listed in some runs"

/*
 * A probe is active in a merge only when it was active in every run: one
 * inactive, or not listed, on either side ends up inactive with a reason.
 */
static void merge_probe(struct lp_meta *m, const struct lp_probe *p)
{
	struct lp_probe *q = find_probe(m, p->name);
	size_t cap = m->nprobes;

	if (q) {
		if (!p->active)
			probe_deactivate(q, xasprintf("inactive in some runs: %s",
						      p->reason ? p->reason : "?"));
		return;
	}
	q = LP_PUSH(m->probes, m->nprobes, cap);
	q->name = xstrdup(p->name);
	q->hook = rec_dup_or_null(p->hook);
	q->active = false;
	q->reason = p->active ? xstrdup(LP_PROBE_UNLISTED) : rec_dup_or_null(p->reason);
	q->note = rec_dup_or_null(p->note);
}

static void merge_probes(struct lp_meta *into, const struct lp_meta *from)
{
	for (size_t i = 0; i < into->nprobes; i++)
		if (!find_probe(from, into->probes[i].name))
			probe_deactivate(&into->probes[i], xstrdup(LP_PROBE_UNLISTED));
	for (size_t i = 0; i < from->nprobes; i++)
		merge_probe(into, &from->probes[i]);
}

static void merge_meta(struct lp_meta *into, const struct lp_meta *from)
{
	struct lp_meta old;
	size_t cap = 0;

	/* into becomes the summary of a merge: its runs move to sources. */
	meta_copy(&old, into);
	for (size_t i = 0; i < into->nsources; i++)
		meta_free(&into->sources[i]);
	free(into->sources);
	into->sources = NULL;
	into->nsources = 0;
	push_sources(into, &cap, &old);
	push_sources(into, &cap, from);
	meta_free(&old);

	into->runs += from->runs;
	if (from->start && (!into->start || strcmp(from->start, into->start) < 0)) {
		free(into->start);
		into->start = xstrdup(from->start);
	}
	if (from->end && (!into->end || strcmp(from->end, into->end) > 0)) {
		free(into->end);
		into->end = xstrdup(from->end);
	}
	if (from->has_exit && (!into->has_exit || into->exit_status == 0)) {
		into->has_exit = true;
		into->exit_status = from->exit_status;
		into->exit_signal = from->exit_signal;
	}
	into->startup_missed |= from->startup_missed;
	if (into->no_new_privs != from->no_new_privs)
		into->no_new_privs = -1;	/* the runs disagree: unknown */
	for (int i = 0; i < LP_LOST_COUNT; i++)
		into->lost[i] += from->lost[i];
	merge_probes(into, from);
}

void file_add_observed(struct lp_file *f, const char *name)
{
	int n = 0, i;

	while (n < LP_FILE_OBSERVED && f->observed[n]) {
		if (!strcmp(f->observed[n], name))
			return;
		n++;
	}
	if (n == LP_FILE_OBSERVED) {
		if (strcmp(name, f->observed[n - 1]) > 0)
			return;
		free(f->observed[--n]);
		f->observed[n] = NULL;
	}
	for (i = n; i > 0 && strcmp(name, f->observed[i - 1]) < 0; i--)
		f->observed[i] = f->observed[i - 1];
	f->observed[i] = xstrdup(name);
}

void file_merge(struct lp_file *into, const struct lp_file *from)
{
	file_add(into, from->kinds, 0, from->flags);
	for (size_t k = 0; k < from->nerrs; k++)
		file_add(into, from->errs[k].kinds, from->errs[k].err, 0);
	into->varies |= from->varies;
	for (int i = 0; i < LP_FILE_OBSERVED && from->observed[i]; i++)
		file_add_observed(into, from->observed[i]);
}

static void merge_files(struct lp_exe *e, const struct lp_exe *from)
{
	for (size_t i = 0; i < from->nfiles; i++) {
		const struct lp_file *ff = from->files[i];
		struct lp_file *f = exe_find_file(e, ff->path);

		if (f) {
			f->runs += ff->runs;
		} else {
			f = exe_file(e, ff->path);
			f->runs = ff->runs;
		}
		file_merge(f, ff);
	}
}

static void merge_facts(struct lp_exe *e, int cat, const struct lp_factset *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct lp_factset *fs = &e->facts[cat];
		size_t before = fs->n;
		struct lp_fact *f = exe_fact(e, cat, &from->v[i]);

		if (fs->n == before)
			f->runs += from->v[i].runs;	/* was there: count summed */
		else
			f->runs = from->v[i].runs;
	}
}

void exe_merge_into(struct lp_exe *e, const struct lp_exe *fe)
{
	for (int a = 0; a < LP_ABI_COUNT; a++) {
		for (size_t k = 0; k < fe->nsys[a]; k++) {
			const struct lp_syscall *fs = &fe->sys[a][k];
			struct lp_syscall *s = exe_find_syscall(e, a, fs->name);

			if (s) {
				s->count += fs->count;
				s->runs += fs->runs;
			} else {
				s = exe_syscall(e, a, fs->name, fs->nr);
				s->count = fs->count;
				s->runs = fs->runs;
			}
		}
	}
	merge_files(e, fe);
	for (int c = 0; c < LP_CAT_COUNT; c++)
		merge_facts(e, c, &fe->facts[c]);
	reach_merge(&e->reach, fe->reach, e);
}

void rec_merge(struct lp_recording *into, const struct lp_recording *from)
{
	merge_meta(&into->meta, &from->meta);
	for (size_t i = 0; i < from->nexes; i++) {
		const struct lp_exe *fe = from->exes[i];
		struct lp_exe *e = rec_find_exe(into, fe->path);

		if (e) {
			e->runs += fe->runs;
		} else {
			e = rec_exe(into, fe->path);
			e->runs = fe->runs;
			e->flags = fe->flags;
		}
		exe_merge_into(e, fe);
	}
	rec_sort(into);
}
struct lp_recording *rec_load_all(char *const *paths, int n)
{
	struct lp_recording *all = NULL;

	for (int i = 0; i < n; i++) {
		struct lp_recording *r = rec_load(paths[i]);

		if (!r) {
			rec_free(all);
			return NULL;
		}
		if (!all) {
			all = r;
			continue;
		}
		rec_merge(all, r);
		rec_free(r);
	}
	return all;
}
