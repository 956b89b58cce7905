// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Messages (learnprof: <what>: <why>) and memory that never fails silently.
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

int lp_verbose;
int lp_quiet;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char buf[4096];

	if (lp_quiet)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "learnprof: %s%s\n", prefix, buf);
}

int lp_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	return -1;
}

void lp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void lp_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void lp_oom(void)
{
	fputs("learnprof: out of memory\n", stderr);
	exit(LP_EXIT_FAIL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		lp_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		lp_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		lp_oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		lp_oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		lp_oom();
	return s;
}

void lp_grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap;

	if (n <= c)
		return;
	c = c ? c : 8;
	while (c < n)
		c *= 2;
	if (c > SIZE_MAX / sz)
		lp_oom();
	*arr = xrealloc(*arr, c * sz);
	*cap = c;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s ? s : "", n);

	if (!p)
		lp_oom();
	return p;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
