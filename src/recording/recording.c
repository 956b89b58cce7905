// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Recording model: construction, lookup, facts, canonical order.
 */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "util.h"
#include "model_int.h"

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

char *rec_dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void meta_copy(struct lp_meta *dst, const struct lp_meta *src)
{
	*dst = *src;
	dst->version = rec_dup_or_null(src->version);
	dst->kernel = rec_dup_or_null(src->kernel);
	dst->machine = rec_dup_or_null(src->machine);
	dst->start = rec_dup_or_null(src->start);
	dst->end = rec_dup_or_null(src->end);
	dst->cgroup = rec_dup_or_null(src->cgroup);
	dst->user = rec_dup_or_null(src->user);
	dst->container_id = rec_dup_or_null(src->container_id);
	dst->container_runtime = rec_dup_or_null(src->container_runtime);
	dst->image = rec_dup_or_null(src->image);
	dst->image_digest = rec_dup_or_null(src->image_digest);
	dst->bundle = rec_dup_or_null(src->bundle);
	dst->startup_missed = src->startup_missed;
	dst->command = xcalloc(src->ncommand, sizeof(char *));
	for (size_t i = 0; i < src->ncommand; i++)
		dst->command[i] = xstrdup(src->command[i]);
	dst->probes = xcalloc(src->nprobes, sizeof(*dst->probes));
	for (size_t i = 0; i < src->nprobes; i++) {
		dst->probes[i].name = rec_dup_or_null(src->probes[i].name);
		dst->probes[i].hook = rec_dup_or_null(src->probes[i].hook);
		dst->probes[i].reason = rec_dup_or_null(src->probes[i].reason);
		dst->probes[i].note = rec_dup_or_null(src->probes[i].note);
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

void rec_exe_free(struct lp_exe *e)
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
	reach_free(e->reach);
	free(e->path);
	free(e);
}

void rec_free(struct lp_recording *r)
{
	if (!r)
		return;
	meta_free(&r->meta);
	for (size_t i = 0; i < r->nexes; i++)
		rec_exe_free(r->exes[i]);
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
	p->hook = rec_dup_or_null(hook);
	p->active = active;
	p->reason = rec_dup_or_null(reason);
	p->note = rec_dup_or_null(note);
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
