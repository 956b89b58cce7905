// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
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

static void oom(void)
{
	fputs("learnprof: out of memory\n", stderr);
	exit(LP_EXIT_FAIL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		oom();
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
		oom();
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
		oom();
	*arr = xrealloc(*arr, c * sz);
	*cap = c;
}

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
		oom();
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

char *lp_read_file(const char *path, size_t max, size_t *lenp)
{
	struct strbuf sb;
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	sb_init(&sb);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		if (sb.len + n > max) {
			errno = EFBIG;
			goto fail;
		}
		sb_add(&sb, chunk, n);
	}
	close(fd);
	if (lenp)
		*lenp = sb.len;
	return sb_detach(&sb);
fail:
	saved = errno;
	close(fd);
	sb_free(&sb);
	errno = saved;
	return NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= n;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

int lp_check_writable(const char *path)
{
	struct stat st;
	char *dir;
	int ret = 0;

	if (!strcmp(path, "-"))
		return 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return lp_err("cannot write '%s': is a directory", path);
	dir = dir_of(path);
	if (access(dir, W_OK | X_OK) != 0)
		ret = lp_err("cannot write '%s': %s", path, strerror(errno));
	free(dir);
	return ret;
}

int lp_atomic_open(struct lp_atomic *a, const char *path)
{
	char *dir = dir_of(path), *base_copy = xstrdup(path);

	a->path = xstrdup(path);
	a->tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(base_copy));
	free(dir);
	free(base_copy);
	/* mkstemp opens with O_EXCL: a planted name is never followed. */
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0 || fchmod(a->fd, 0644)) {
		lp_err("cannot write '%s': %s", path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	return 0;
}

int lp_atomic_write(struct lp_atomic *a, const char *data, size_t len)
{
	if (a->fd < 0)
		return -1;
	if (write_all(a->fd, data, len)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	return 0;
}

int lp_atomic_commit(struct lp_atomic *a)
{
	int fd = a->fd;

	if (fd < 0)
		return -1;
	a->fd = -1;
	if (fsync(fd) || close(fd)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	/* rename replaces a symlink at path itself, never its target. */
	if (rename(a->tmp, a->path)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return 0;
}

void lp_atomic_abort(struct lp_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
}

int lp_write_file(const char *path, const char *data, size_t len)
{
	struct lp_atomic a;

	if (!strcmp(path, "-")) {
		if (write_all(STDOUT_FILENO, data, len))
			return lp_err("cannot write standard output: %s", strerror(errno));
		return 0;
	}
	if (lp_atomic_open(&a, path) || lp_atomic_write(&a, data, len))
		return -1;
	return lp_atomic_commit(&a);
}

const char *lp_now_rfc3339(void)
{
	static char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int lp_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

size_t lp_utf8_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t cp;

	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		len = 2, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		len = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		len = 4, cp = u[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool lp_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

int lp_strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool lp_in_names(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

const char *lp_base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s ? s : "", n);

	if (!p)
		oom();
	return p;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond Unicode */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

char *lp_bytes_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb;

	sb_init(&sb);
	while (*p) {
		size_t n = utf8_len(p);

		if (*p == '\\') {
			sb_add(&sb, "\\\\", 2);
			p++;
		} else if (!n) {
			sb_printf(&sb, "\\x%02x", *p++);
		} else {
			sb_add(&sb, (const char *)p, n);
			p += n;
		}
	}
	return sb_detach(&sb);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *lp_bytes_unescape(const char *s)
{
	struct strbuf sb;

	sb_init(&sb);
	while (*s) {
		if (*s != '\\') {
			sb_add(&sb, s++, 1);
		} else if (s[1] == '\\') {
			sb_add(&sb, "\\", 1);
			s += 2;
		} else if (s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0 &&
			   (hexval(s[2]) << 4 | hexval(s[3])) != 0) {
			char c = (char)(hexval(s[2]) << 4 | hexval(s[3]));

			sb_add(&sb, &c, 1);
			s += 4;
		} else {
			sb_free(&sb);
			return NULL;
		}
	}
	return sb_detach(&sb);
}

char *lp_display(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb;

	sb_init(&sb);
	while (p && *p) {
		size_t n = utf8_len(p);

		if (!n || *p < 0x20 || *p == 0x7f) {
			sb_printf(&sb, "\\x%02x", *p++);
		} else {
			sb_add(&sb, (const char *)p, n);
			p += n;
		}
	}
	return sb_detach(&sb);
}

void lp_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
