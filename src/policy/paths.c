// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Paths as the recorder receives them, made canonical (include/paths.h). */
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "util.h"

char *lp_path_normalize(const char *path)
{
	size_t len = strlen(path), n = 0, *starts = xcalloc(len + 1, sizeof(size_t));
	char *out = xmalloc(len + 2);
	size_t o = 0;
	const char *p = path;

	while (*p) {
		const char *c = p;
		size_t cl;

		while (*p && *p != '/')
			p++;
		cl = p - c;
		if (*p)
			p++;
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			if (n)
				o = starts[--n];
			continue;
		}
		starts[n++] = o;
		out[o++] = '/';
		memcpy(out + o, c, cl);
		o += cl;
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	free(starts);
	return out;
}

char **lp_path_split(const char *path, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = path;

	*n = 0;
	while (*p) {
		const char *e = strchrnul(p, '/');

		if (e > p)
			*LP_PUSH(v, *n, cap) = xasprintf("%.*s", (int)(e - p), p);
		p = *e ? e + 1 : e;
	}
	return v;
}
