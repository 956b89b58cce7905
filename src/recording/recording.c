// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The Recording model: construction, canonical order, merge. */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "util.h"

static const char *const lost_names[LP_LOST_COUNT] = {
	[LP_LOST_EVENTS] = "events",
	[LP_LOST_PROGRAMS] = "programs",
	[LP_LOST_TASKS] = "tasks",
	[LP_LOST_RARE] = "syscall_keys",
	[LP_LOST_FACTS] = "facts",
};

static const char *const file_kinds[LP_F_KIND_COUNT] = {
	"read", "write", "append", "create", "delete", "rename", "link",
	"chmod", "chown", "exec", "mmap-exec", "lock",
};

const char *lp_file_kind_name(int bit)
{
	return bit >= 0 && bit < LP_F_KIND_COUNT ? file_kinds[bit] : NULL;
}

int lp_file_kind_from_name(const char *name)
{
	for (int i = 0; i < LP_F_KIND_COUNT; i++)
		if (!strcmp(file_kinds[i], name))
			return i;
	return -1;
}

const char *lp_lost_name(int i)
{
	return i >= 0 && i < LP_LOST_COUNT ? lost_names[i] : NULL;
}

struct lp_recording *rec_new(void)
{
	struct lp_recording *r = xcalloc(1, sizeof(*r));

	r->meta.runs = 1;
	r->meta.no_new_privs = -1;
	strmap_init(&r->exe_index);
	return r;
}

static void probe_free(struct lp_probe *p)
{
	free(p->name);
	free(p->hook);
	free(p->reason);
	free(p->note);
}

void meta_free(struct lp_meta *m)
{
	if (!m)
		return;
	free(m->version);
	free(m->kernel);
	free(m->machine);
	free(m->start);
	free(m->end);
	for (size_t i = 0; i < m->ncommand; i++)
		free(m->command[i]);
	free(m->command);
	free(m->cgroup);
	free(m->user);
	free(m->container_id);
	free(m->container_runtime);
	free(m->image);
	free(m->image_digest);
	free(m->bundle);
	for (size_t i = 0; i < m->nprobes; i++)
		probe_free(&m->probes[i]);
	free(m->probes);
	for (size_t i = 0; i < m->nsources; i++)
		meta_free(&m->sources[i]);
	free(m->sources);
	memset(m, 0, sizeof(*m));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void meta_copy(struct lp_meta *dst, const struct lp_meta *src)
{
	*dst = *src;
	dst->version = dup_or_null(src->version);
	dst->kernel = dup_or_null(src->kernel);
	dst->machine = dup_or_null(src->machine);
	dst->start = dup_or_null(src->start);
	dst->end = dup_or_null(src->end);
	dst->cgroup = dup_or_null(src->cgroup);
	dst->user = dup_or_null(src->user);
	dst->container_id = dup_or_null(src->container_id);
	dst->container_runtime = dup_or_null(src->container_runtime);
	dst->image = dup_or_null(src->image);
	dst->image_digest = dup_or_null(src->image_digest);
	dst->bundle = dup_or_null(src->bundle);
	dst->startup_missed = src->startup_missed;
	dst->command = xcalloc(src->ncommand, sizeof(char *));
	for (size_t i = 0; i < src->ncommand; i++)
		dst->command[i] = xstrdup(src->command[i]);
	dst->probes = xcalloc(src->nprobes, sizeof(*dst->probes));
	for (size_t i = 0; i < src->nprobes; i++) {
		dst->probes[i].name = dup_or_null(src->probes[i].name);
		dst->probes[i].hook = dup_or_null(src->probes[i].hook);
		dst->probes[i].reason = dup_or_null(src->probes[i].reason);
		dst->probes[i].note = dup_or_null(src->probes[i].note);
		dst->probes[i].active = src->probes[i].active;
	}
	dst->sources = xcalloc(src->nsources, sizeof(*dst->sources));
	for (size_t i = 0; i < src->nsources; i++)
		meta_copy(&dst->sources[i], &src->sources[i]);
}

static void fact_free(struct lp_fact *f)
{
	for (int i = 0; i < LP_FACT_S; i++)
		free(f->s[i]);
}

static void factset_free(struct lp_factset *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		fact_free(&fs->v[i]);
		free(fs->keys[i]);
	}
	free(fs->v);
	free(fs->keys);
	strmap_free(&fs->index);
}

void file_free(struct lp_file *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->errs);
	for (int i = 0; i < LP_FILE_OBSERVED; i++)
		free(f->observed[i]);
	free(f);
}

static void exe_free(struct lp_exe *e)
{
	if (!e)
		return;
	for (int a = 0; a < LP_ABI_COUNT; a++) {
		for (size_t i = 0; i < e->nsys[a]; i++)
			free(e->sys[a][i].name);
		free(e->sys[a]);
	}
	for (size_t i = 0; i < e->nfiles; i++)
		file_free(e->files[i]);
	free(e->files);
	strmap_free(&e->file_index);
	for (int c = 0; c < LP_CAT_COUNT; c++)
		factset_free(&e->facts[c]);
	free(e->path);
	free(e);
}

void rec_free(struct lp_recording *r)
{
	if (!r)
		return;
	meta_free(&r->meta);
	for (size_t i = 0; i < r->nexes; i++)
		exe_free(r->exes[i]);
	free(r->exes);
	strmap_free(&r->exe_index);
	free(r);
}

struct lp_exe *rec_find_exe(const struct lp_recording *r, const char *path)
{
	size_t i;

	return strmap_get(&r->exe_index, path, &i) ? r->exes[i] : NULL;
}

struct lp_exe *rec_exe(struct lp_recording *r, const char *path)
{
	struct lp_exe *e = rec_find_exe(r, path);

	if (e)
		return e;
	e = xcalloc(1, sizeof(*e));
	e->path = xstrdup(path);
	e->runs = 1;
	*LP_PUSH(r->exes, r->nexes, r->capexes) = e;
	strmap_put(&r->exe_index, e->path, r->nexes - 1);
	return e;
}

struct lp_syscall *exe_find_syscall(const struct lp_exe *e, int abi,
				    const char *name)
{
	for (size_t i = 0; i < e->nsys[abi]; i++)
		if (!strcmp(e->sys[abi][i].name, name))
			return &e->sys[abi][i];
	return NULL;
}

struct lp_syscall *exe_syscall(struct lp_exe *e, int abi, const char *name,
			       int64_t nr)
{
	struct lp_syscall *s = exe_find_syscall(e, abi, name);

	if (s)
		return s;
	s = LP_PUSH(e->sys[abi], e->nsys[abi], e->capsys[abi]);
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->nr = nr;
	s->runs = 1;
	return s;
}

void rec_add_probe(struct lp_recording *r, const char *name, const char *hook,
		   bool active, const char *reason, const char *note)
{
	struct lp_meta *m = &r->meta;
	size_t cap = m->nprobes;
	struct lp_probe *p = LP_PUSH(m->probes, m->nprobes, cap);

	p->name = xstrdup(name);
	p->hook = dup_or_null(hook);
	p->active = active;
	p->reason = dup_or_null(reason);
	p->note = dup_or_null(note);
}

struct lp_file *exe_find_file(const struct lp_exe *e, const char *path)
{
	size_t i;

	return strmap_get(&e->file_index, path, &i) ? e->files[i] : NULL;
}

struct lp_file *exe_file(struct lp_exe *e, const char *path)
{
	struct lp_file *f = exe_find_file(e, path);

	if (f)
		return f;
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->runs = 1;
	*LP_PUSH(e->files, e->nfiles, e->capfiles) = f;
	strmap_put(&e->file_index, f->path, e->nfiles - 1);
	return f;
}

void file_add(struct lp_file *f, uint32_t kinds, int err, uint32_t flags)
{
	bool first = !f->kinds && !f->nerrs && !f->flags;

	/* "unresolved" stays only while no access resolved the path. */
	if (first)
		f->flags = flags;
	else
		f->flags = ((f->flags | flags) & ~LP_PATH_UNRESOLVED) |
			   (f->flags & flags & LP_PATH_UNRESOLVED);
	if (!err) {
		f->kinds |= kinds;
		return;
	}
	for (size_t i = 0; i < f->nerrs; i++)
		if (f->errs[i].err == err) {
			f->errs[i].kinds |= kinds;
			return;
		}
	f->errs = xrealloc(f->errs, (f->nerrs + 1) * sizeof(*f->errs));
	f->errs[f->nerrs].err = err;
	f->errs[f->nerrs++].kinds = kinds;
}

/* The identity of a fact: every field but the count. */
static char *fact_key(const struct lp_fact *f)
{
	struct strbuf sb;

	sb_init(&sb);
	for (int i = 0; i < LP_FACT_S; i++)
		sb_printf(&sb, "%s%c", f->s[i] ? f->s[i] : "", 0x1f);
	for (int i = 0; i < LP_FACT_N; i++)
		sb_printf(&sb, "%lld%c", (long long)f->n[i], 0x1f);
	sb_printf(&sb, "%d", f->err);
	return sb_detach(&sb);
}

struct lp_fact *exe_fact(struct lp_exe *e, enum lp_cat cat,
			 const struct lp_fact *f)
{
	struct lp_factset *fs = &e->facts[cat];
	char *key = fact_key(f);
	struct lp_fact *n;
	size_t i, cap;

	if (strmap_get(&fs->index, key, &i)) {
		free(key);
		fs->v[i].count += f->count;
		return &fs->v[i];
	}
	cap = fs->cap;
	n = LP_PUSH(fs->v, fs->n, fs->cap);
	fs->keys = xrealloc(fs->keys, fs->cap * sizeof(char *));
	(void)cap;
	*n = *f;
	for (int k = 0; k < LP_FACT_S; k++)
		n->s[k] = f->s[k] ? xstrdup(f->s[k]) : NULL;
	if (!n->runs)
		n->runs = 1;
	fs->keys[fs->n - 1] = key;
	strmap_put(&fs->index, key, fs->n - 1);
	return n;
}

static int cmp_exe(const void *a, const void *b)
{
	const struct lp_exe *x = *(struct lp_exe *const *)a;
	const struct lp_exe *y = *(struct lp_exe *const *)b;

	return strcmp(x->path, y->path);
}

static int cmp_syscall(const void *a, const void *b)
{
	return strcmp(((const struct lp_syscall *)a)->name,
		      ((const struct lp_syscall *)b)->name);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp((*(struct lp_file *const *)a)->path,
		      (*(struct lp_file *const *)b)->path);
}

static int cmp_file_err(const void *a, const void *b)
{
	return ((const struct lp_file_err *)a)->err - ((const struct lp_file_err *)b)->err;
}

static int cmp_fact(const void *a, const void *b)
{
	const struct lp_fact *x = a, *y = b;
	int c;

	for (int i = 0; i < LP_FACT_S; i++) {
		c = strcmp(x->s[i] ? x->s[i] : "", y->s[i] ? y->s[i] : "");
		if (c)
			return c;
	}
	for (int i = 0; i < LP_FACT_N; i++)
		if (x->n[i] != y->n[i])
			return x->n[i] < y->n[i] ? -1 : 1;
	return x->err - y->err;
}

static void factset_sort(struct lp_factset *fs)
{
	lp_qsort(fs->v, fs->n, sizeof(*fs->v), cmp_fact);
	/* Rebuild the index over the new order. */
	for (size_t i = 0; i < fs->n; i++)
		free(fs->keys[i]);
	strmap_free(&fs->index);
	for (size_t i = 0; i < fs->n; i++) {
		fs->keys[i] = fact_key(&fs->v[i]);
		strmap_put(&fs->index, fs->keys[i], i);
	}
}

static int cmp_probe(const void *a, const void *b)
{
	return strcmp(((const struct lp_probe *)a)->name,
		      ((const struct lp_probe *)b)->name);
}

void rec_sort(struct lp_recording *r)
{
	lp_qsort(r->exes, r->nexes, sizeof(*r->exes), cmp_exe);
	strmap_free(&r->exe_index);
	for (size_t i = 0; i < r->nexes; i++) {
		struct lp_exe *e = r->exes[i];

		strmap_put(&r->exe_index, e->path, i);
		for (int a = 0; a < LP_ABI_COUNT; a++)
			lp_qsort(e->sys[a], e->nsys[a], sizeof(*e->sys[a]),
			      cmp_syscall);
		lp_qsort(e->files, e->nfiles, sizeof(*e->files), cmp_file);
		strmap_free(&e->file_index);
		for (size_t k = 0; k < e->nfiles; k++) {
			lp_qsort(e->files[k]->errs, e->files[k]->nerrs,
			      sizeof(*e->files[k]->errs), cmp_file_err);
			strmap_put(&e->file_index, e->files[k]->path, k);
		}
		for (int c = 0; c < LP_CAT_COUNT; c++)
			factset_sort(&e->facts[c]);
	}
	lp_qsort(r->meta.probes, r->meta.nprobes, sizeof(*r->meta.probes),
	      cmp_probe);
}

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
	q->hook = dup_or_null(p->hook);
	q->active = false;
	q->reason = p->active ? xstrdup(LP_PROBE_UNLISTED) : dup_or_null(p->reason);
	q->note = dup_or_null(p->note);
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
		into->no_new_privs = into->no_new_privs == 1 &&
				     from->no_new_privs == 1 ? 1 : -1;
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

bool rec_is_runtime_program(const char *path)
{
	static const char *const names[] = {
		"runc", "crun", "runc:[2:INIT]", "runc:[1:CHILD]", "conmon",
		"containerd-shim", "containerd-shim-runc-v2",
	};
	const char *base = lp_base_name(path);
	size_t n = strlen(base);
	if (n > strlen(LP_AFTER_FILTER_SUFFIX) &&
	    !strcmp(base + n - strlen(LP_AFTER_FILTER_SUFFIX), LP_AFTER_FILTER_SUFFIX))
		n -= strlen(LP_AFTER_FILTER_SUFFIX);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !strncmp(base, names[i], n))
			return true;
	return !strncmp(base, "runc_cloned", 11) || !strncmp(base, "memfd:runc", 10);
}

bool rec_is_runc(const char *path)
{
	return rec_is_runtime_program(path) && !strncmp(lp_base_name(path), "runc", 4);
}

void rec_fold_after_filter(struct lp_recording *r)
{
	size_t sl = strlen(LP_AFTER_FILTER_SUFFIX), o = 0;
	bool *drop = xcalloc(r->nexes, sizeof(bool));

	/* First merge, while indices hold; then compact. */
	for (size_t i = 0; i < r->nexes; i++) {
		struct lp_exe *e = r->exes[i], *into;
		size_t n = strlen(e->path);
		char *base;

		if (!(e->flags & LP_PATH_AFTER_FILTER) || n <= sl || rec_is_runtime_program(e->path))
			continue;
		base = xstrndup(e->path, n - sl);
		into = rec_find_exe(r, base);
		if (into) {
			exe_merge_into(into, e);
			drop[i] = true;
		} else {
			free(e->path);
			e->path = base;
			base = NULL;
			e->flags &= ~LP_PATH_AFTER_FILTER;
		}
		free(base);
	}
	for (size_t i = 0; i < r->nexes; i++) {
		if (drop[i])
			exe_free(r->exes[i]);
		else
			r->exes[o++] = r->exes[i];
	}
	r->nexes = o;
	free(drop);
	rec_sort(r);	/* rebuilds the index */
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
