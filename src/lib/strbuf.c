// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Growable strings (struct strbuf) and lists of owned strings to sort and
 * de-duplicate before output (struct strlist).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	lp_grow((void **)&sb->buf, &sb->cap, 64, 1);
	sb->buf[0] = '\0';
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb->buf)
		sb_init(sb);
	lp_grow((void **)&sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!sb->buf)
		sb_init(sb);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	lp_grow((void **)&sb->buf, &sb->cap, sb->len + n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n;
}

char *sb_detach(struct strbuf *sb)
{
	char *s;

	if (!sb->buf)
		sb_init(sb);
	s = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sl_add(struct strlist *sl, char *s)
{
	*LP_PUSH(sl->v, sl->n, sl->cap) = s;
}

void sl_addf(struct strlist *sl, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		lp_oom();
	va_end(ap);
	sl_add(sl, s);
}

void sl_sort_uniq(struct strlist *sl)
{
	size_t o = 0;

	if (!sl->n)
		return;
	qsort(sl->v, sl->n, sizeof(*sl->v), lp_strcmp_ptr);
	for (size_t i = 1; i < sl->n; i++) {
		if (!strcmp(sl->v[i], sl->v[o]))
			free(sl->v[i]);
		else
			sl->v[++o] = sl->v[i];
	}
	sl->n = o + 1;
}

void sl_free(struct strlist *sl)
{
	if (!sl)
		return;
	for (size_t i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
	sl->v = NULL;
	sl->n = sl->cap = 0;
}
