// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Stable names in a recording: every file takes the stable name the
 * volatile-name rules (src/policy/volatile.c) give it, with what was
 * observed kept; run when the recorder stops and when a recording loads
 * (idempotent), so merge, diff, reports and profiles see the same name.
 */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "util.h"
#include "volatile.h"

static void gather(struct lp_recording *r, struct lp_vol_ctx *c)
{
	lp_vol_ctx_clear_files(c);
	for (size_t i = 0; i < r->nexes; i++)
		for (size_t k = 0; k < r->exes[i]->nfiles; k++)
			lp_vol_ctx_file(c, r->exes[i]->files[k]->path,
					r->exes[i]->files[k]->kinds);
}

/* Move f into the entry named stable of e (made when missing). */
static void rekey(struct lp_exe *e, struct lp_file *f, char *stable, uint32_t rules)
{
	struct lp_file *to = exe_find_file(e, stable);

	if (!to) {
		to = exe_file(e, stable);
		to->runs = f->runs;
	} else {
		to->runs = to->runs + f->runs > e->runs ? e->runs : to->runs + f->runs;
	}
	file_merge(to, f);
	to->varies |= rules;
	if (rules && !f->observed[0])
		file_add_observed(to, f->path);
}

static void stabilise_exe(struct lp_exe *e, const struct lp_vol_ctx *c)
{
	struct lp_file **old = e->files;
	size_t n = e->nfiles;

	e->files = NULL;
	e->nfiles = e->capfiles = 0;
	strmap_free(&e->file_index);
	strmap_init(&e->file_index);
	for (size_t i = 0; i < n; i++) {
		uint32_t rules;
		char *stable = lp_vol_stable(c, old[i]->path, old[i]->flags, &rules);
		struct lp_file *kept;

		if (!rules && !exe_find_file(e, stable)) {
			/* unchanged: keep the entry itself */
			kept = old[i];
			*LP_PUSH(e->files, e->nfiles, e->capfiles) = kept;
			strmap_put(&e->file_index, kept->path, e->nfiles - 1);
			old[i] = NULL;
		} else {
			rekey(e, old[i], stable, rules);
		}
		free(stable);
	}
	for (size_t i = 0; i < n; i++)
		file_free(old[i]);
	free(old);
}

void lp_vol_stabilise(struct lp_recording *r, struct lp_vol_ctx *c)
{
	struct lp_vol_ctx local;

	if (!c) {
		lp_vol_ctx_init(&local);
		c = &local;
	}
	gather(r, c);
	for (size_t i = 0; i < r->nexes; i++)
		stabilise_exe(r->exes[i], c);
	if (c == &local)
		lp_vol_ctx_free(&local);
	rec_sort(r);
}
