// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The reachable-but-not-observed table of a recording, as text for people. */
#include <stdlib.h>
#include <string.h>

#include "reach.h"
#include "recording.h"

static void put_list(struct strbuf *sb, const struct strlist *sl, bool calls)
{
	for (size_t k = 0; k < sl->n; k++) {
		char *s = lp_display(sl->v[k]);
		bool call = calls && strcmp(s, LP_REACH_SCAN_FUNC);

		sb_printf(sb, "%s%s%s", k ? ", " : "", s, call ? "()" : "");
		free(s);
	}
}

static void put_notes(struct strbuf *sb, const struct lp_reach *r)
{
	if (r->any.n) {
		sb_puts(sb, "    syscall() imported, any syscall reachable: ");
		put_list(sb, &r->any, false);
		sb_puts(sb, "\n");
	}
	if (r->scanned.n) {
		sb_puts(sb, "    statically linked, imports unreadable; "
			"constant numbers before syscall instructions: ");
		put_list(sb, &r->scanned, false);
		sb_puts(sb, "\n");
	}
	for (size_t k = 0; k < r->unread.n; k++) {
		char *s = lp_display(r->unread.v[k]);

		sb_printf(sb, "    not read: %s\n", s);
		free(s);
	}
}

static void put_exe(struct strbuf *sb, const struct lp_exe *e)
{
	struct lp_reach *r = lp_reach_exe(e);
	char *path = lp_display(e->path);

	sb_printf(sb, "%s\n    observed %zu, reachable but not observed %zu "
		  "(x86_64; %zu file%s read)\n", path, e->nsys[LP_ABI_X86_64], r->n,
		  r->read.n, r->read.n == 1 ? "" : "s");
	put_notes(sb, r);
	for (size_t k = 0; k < r->n; k++) {
		sb_printf(sb, "    %-22s ", r->v[k].syscall);
		put_list(sb, &r->v[k].funcs, true);
		sb_puts(sb, "  in ");
		put_list(sb, &r->v[k].files, false);
		sb_puts(sb, "\n");
	}
	reach_free(r);
	free(path);
}

static int cmp_exe(const void *a, const void *b)
{
	return strcmp((*(const struct lp_exe *const *)a)->path,
		      (*(const struct lp_exe *const *)b)->path);
}

char *lp_reach_text(const struct lp_recording *rec)
{
	struct strbuf sb;
	const struct lp_exe **exes = xcalloc(rec->nexes + 1, sizeof(*exes));

	sb_init(&sb);
	for (size_t k = 0; k < rec->nexes; k++)
		exes[k] = rec->exes[k];
	lp_qsort(exes, rec->nexes, sizeof(*exes), cmp_exe);
	for (size_t k = 0; k < rec->nexes; k++)
		put_exe(&sb, exes[k]);
	free(exes);
	return sb_detach(&sb);
}
