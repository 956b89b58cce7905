// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report's files: grouped by directory, the failures called by their
 * error, and a directory with many files alike folded into one line with
 * its count.
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

void rp_build_files(struct lp_report *r)
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
				rp_lines_add(&r->partial, f->runs, "file %s", f->path);
			free(dir);
		}
	lp_qsort(r->dirs, r->ndirs, sizeof(*r->dirs), cmp_dir);
	for (size_t i = 0; i < r->ndirs; i++) {
		lp_qsort(r->dirs[i].files, r->dirs[i].nfiles, sizeof(*r->dirs[i].files), cmp_rfile);
		fold_dir(&r->dirs[i]);
		lp_qsort(r->dirs[i].files, r->dirs[i].nfiles, sizeof(*r->dirs[i].files), cmp_rfile);
	}
}
