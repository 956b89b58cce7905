// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reachable but not observed: for one program of a recording, the x86_64
 * syscalls the C library functions imported by it and by the libraries it
 * mapped can make, less those the recording saw it make.
 */
#include <stdlib.h>
#include <string.h>

#include "reach.h"
#include "recording.h"
#include "syscalls.h"

/* ---- the table ---------------------------------------------------------- */

static int cmp_func(const void *key, const void *elem)
{
	return strcmp(key, ((const struct lp_wrapper *)elem)->func);
}

const struct lp_wrapper *lp_wrapper_find(const char *func)
{
	size_t ntable;
	const struct lp_wrapper *table = lp_wrappers(&ntable);

	return bsearch(func, table, ntable, sizeof(table[0]), cmp_func);
}

/* Was the word s[0..len) already among the first words of list? */
static bool seen_before(const char *list, const char *s, size_t len)
{
	const char *p = list;

	while (p < s) {
		size_t n = strcspn(p, " ");

		if (n == len && !strncmp(p, s, len))
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

void lp_wrapper_each(const struct lp_wrapper *w,
		     void (*fn)(const char *syscall, void *arg), void *arg)
{
	const char *p = w->syscalls + strspn(w->syscalls, " ");
	char name[64];

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n < sizeof(name) && !seen_before(w->syscalls, p, n)) {
			memcpy(name, p, n);
			name[n] = '\0';
			fn(name, arg);
		}
		p += n;
		p += strspn(p, " ");
	}
}

/* ---- a program ----------------------------------------------------------- */

struct reach_ctx {
	const struct lp_exe *exe;
	struct lp_reach *out;
	const char *func, *file;
};

static void reach_add(const char *syscall, void *arg)
{
	struct reach_ctx *c = arg;
	struct lp_reach_item *it;

	if (exe_find_syscall(c->exe, LP_ABI_X86_64, syscall))
		return;
	it = reach_item(c->out, syscall);
	sl_add(&it->funcs, xstrdup(c->func));
	sl_add(&it->files, xstrdup(c->file));
}

static void reach_imports(struct reach_ctx *c, const struct lp_elf *elf)
{
	const struct lp_wrapper *w;

	for (size_t k = 0; k < elf->imports.n; k++) {
		w = lp_wrapper_find(elf->imports.v[k]);
		if (!w)
			continue;
		if (w->flags & LP_WRAP_ANY)
			sl_add(&c->out->any, xstrdup(c->file));
		c->func = w->func;
		lp_wrapper_each(w, reach_add, c);
	}
}

static void reach_scanned(struct reach_ctx *c, const struct lp_elf *elf)
{
	char *name;

	sl_add(&c->out->scanned, xstrdup(c->file));
	c->func = LP_REACH_SCAN_FUNC;
	for (size_t k = 0; k < elf->nnrs; k++) {
		name = lp_syscall_name(LP_ABI_X86_64, (uint64_t)elf->nrs[k]);
		reach_add(name, c);
		free(name);
	}
}

static void reach_file(struct reach_ctx *c, const char *path)
{
	struct lp_elf elf;
	char *why;

	if (path[0] != '/') {
		sl_addf(&c->out->unread, "%s: not a path", path);
		return;
	}
	if (lp_elf_read(path, &elf, &why)) {
		sl_addf(&c->out->unread, "%s: %s", path, why);
		free(why);
		return;
	}
	sl_add(&c->out->read, xstrdup(path));
	c->file = path;
	if (elf.method == LP_ELF_SCAN)
		reach_scanned(c, &elf);
	else
		reach_imports(c, &elf);
	lp_elf_free(&elf);
}

/* The program and the files it mapped executable, sorted, once each. */
static void exe_code_files(const struct lp_exe *e, struct strlist *sl)
{
	sl_add(sl, xstrdup(e->path));
	for (size_t k = 0; k < e->nfiles; k++)
		if (e->files[k]->kinds & LP_F_MMAP_EXEC)
			sl_add(sl, xstrdup(e->files[k]->path));
	sl_sort_uniq(sl);
}

struct lp_reach *lp_reach_exe(const struct lp_exe *e)
{
	struct reach_ctx c = { .exe = e, .out = xcalloc(1, sizeof(*c.out)) };
	struct strlist files = { 0 };

	exe_code_files(e, &files);
	for (size_t k = 0; k < files.n; k++)
		reach_file(&c, files.v[k]);
	sl_free(&files);
	reach_sort(c.out);
	return c.out;
}

void lp_reach_recording(struct lp_recording *rec)
{
	for (size_t k = 0; k < rec->nexes; k++) {
		struct lp_exe *e = rec->exes[k];

		reach_free(e->reach);
		e->reach = lp_reach_exe(e);
	}
}
