// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The container runtime's programs (runc, crun, conmon, shims): their own
 * set-up is the runtime's, and what a program did after it installed a
 * seccomp filter is folded back into it unless it is a runtime's.
 */
#include <stdlib.h>
#include <string.h>

#include "recording.h"
#include "util.h"
#include "model_int.h"

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
			rec_exe_free(r->exes[i]);
		else
			r->exes[o++] = r->exes[i];
	}
	r->nexes = o;
	free(drop);
	rec_sort(r);	/* rebuilds the index */
}
