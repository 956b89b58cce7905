// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A recording as item sets: the application's syscalls, capabilities, files
 * (each by its stable name, with what was done to it), network, programs,
 * identities and signals, and the container runtime's own apart.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "diff.h"
#include "jsonutil.h"
#include "names.h"
#include "recording.h"
#include "report.h"
#include "seccomp_profile.h"
#include "syscalls.h"
#include "util.h"
#include "diff_int.h"

/* ---- recordings ---------------------------------------------------------- */

static void perms_text(struct strbuf *sb, uint32_t kinds)
{
	bool first = true;

	for (int b = 0; b < LP_F_KIND_COUNT; b++)
		if (kinds & (1U << b)) {
			sb_printf(sb, "%s%s", first ? "" : ",", lp_file_kind_name(b));
			first = false;
		}
}

/* Every file the application was granted, by its stable name, with the
 * union of what its programs did (never folded: a diff names each file). */
static void file_items(const struct lp_recording *rec, struct lp_itemset *s)
{
	struct strmap index;
	uint32_t *kinds = NULL;
	const char **paths = NULL;
	size_t n = 0, cap = 0, capk = 0, at;

	strmap_init(&index);
	for (size_t i = 0; i < rec->nexes; i++)
		for (size_t k = 0; !rec_is_runtime_program(rec->exes[i]->path) &&
				   k < rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = rec->exes[i]->files[k];

			if (!f->kinds)
				continue;	/* only failed: nothing was granted */
			if (!strmap_get(&index, f->path, &at)) {
				at = n;
				*LP_PUSH(paths, n, cap) = f->path;
				lp_grow((void **)&kinds, &capk, n, sizeof(*kinds));
				kinds[at] = 0;
				strmap_put(&index, f->path, at);
			}
			kinds[at] |= f->kinds;
		}
	for (size_t i = 0; i < n; i++) {
		char *shown = lp_display(paths[i]);
		struct strbuf sb;

		sb_init(&sb);
		sb_printf(&sb, "%s [", shown);
		perms_text(&sb, kinds[i]);
		sb_puts(&sb, "]");
		itemset_add(s, LP_DK_FILES, sb.buf);
		sb_free(&sb);
		free(shown);
	}
	strmap_free(&index);
	free(paths);
	free(kinds);
}

void diff_from_recording(const struct lp_recording *rec, struct lp_itemset *s)
{
	struct lp_report r;
	struct strmap app;

	/* Syscalls: the application's, and the runtime's that the
	 * application does not make. */
	strmap_init(&app);
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_exe *e = rec->exes[i];

		if (rec_is_runtime_program(e->path))
			continue;
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < e->nsys[a]; k++) {
				itemset_add(s, LP_DK_SYSCALLS, e->sys[a][k].name);
				strmap_put(&app, e->sys[a][k].name, 0);
			}
	}
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_exe *e = rec->exes[i];

		if (!rec_is_runtime_program(e->path))
			continue;
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < e->nsys[a]; k++)
				if (!strmap_get(&app, e->sys[a][k].name, NULL)) {
					char *t = xasprintf("syscall %s", e->sys[a][k].name);

					itemset_add(s, LP_DK_RUNTIME, t);
					free(t);
				}
	}
	strmap_free(&app);

	report_build(rec, &r);
	for (size_t i = 0; i < r.hard.nneeded; i++)
		itemset_add(s, LP_DK_CAPABILITIES, lp_cap_name(r.hard.needed[i].cap));
	file_items(rec, s);
	for (size_t i = 0; i < r.network.n; i++)
		itemset_add(s, LP_DK_NETWORK, r.network.v[i].text);
	for (size_t i = 0; i < r.exec_tree.n; i++)
		itemset_add(s, LP_DK_EXEC, r.exec_tree.v[i].text);
	for (size_t i = 0; i < r.identities.n; i++)
		itemset_add(s, LP_DK_IDENTITIES, r.identities.v[i].text);
	for (size_t i = 0; i < r.signals.n; i++)
		itemset_add(s, LP_DK_SIGNALS, r.signals.v[i].text);
	report_free(&r);
}
