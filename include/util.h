/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Small helpers every module uses: errors, memory, strings, files. */
#ifndef LEARNPROF_UTIL_H
#define LEARNPROF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes. A workload's own status passes through `record` unchanged. */
#define LP_EXIT_OK		0
#define LP_EXIT_FAIL		125	/* learnprof itself failed */
#define LP_EXIT_NOEXEC		126	/* the command cannot be run */
#define LP_EXIT_NOTFOUND	127	/* the command was not found */
#define LP_EXIT_USAGE		129	/* bad command line, as git does */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern int lp_verbose;
extern int lp_quiet;	/* no messages at all (fuzzers) */

/* "learnprof: <message>" on stderr. lp_err returns -1 for `return lp_err()`. */
int lp_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lp_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Out of memory: says so and exits (the x* allocators call it). */
void lp_oom(void) __attribute__((noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of *cap elements of size sz) to hold at least n elements. */
void lp_grow(void **arr, size_t *cap, size_t n, size_t sz);
#define LP_PUSH(arr, n, cap) \
	(lp_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

/* A growable string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* A list of owned strings, to sort and de-duplicate before output. */
struct strlist {
	char **v;
	size_t n, cap;
};
void sl_add(struct strlist *sl, char *s);	/* takes ownership of s */
void sl_addf(struct strlist *sl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sl_sort_uniq(struct strlist *sl);		/* bytewise order, duplicates freed */
void sl_free(struct strlist *sl);

/* Read a whole file (at most max bytes); NUL-terminated. On failure sets
 * errno (EFBIG when larger than max) and returns NULL. */
char *lp_read_file(const char *path, size_t max, size_t *len);

/* Write a file atomically: a temporary file in the same directory, fsync,
 * rename. Never follows a symlink planted at the destination. "-" means
 * standard output. Reports its own errors; returns 0 or -1. */
int lp_write_file(const char *path, const char *data, size_t len);

/* The same in steps, for output written as it is made: open a temporary
 * file beside path, write to the fd, then commit (fsync, rename) or abort.
 * lp_atomic_open returns -1 with the error printed. */
struct lp_atomic {
	char *path, *tmp;
	int fd;
};
int lp_atomic_open(struct lp_atomic *a, const char *path);
int lp_atomic_write(struct lp_atomic *a, const char *data, size_t len);
int lp_atomic_commit(struct lp_atomic *a);	/* closes; error printed */
void lp_atomic_abort(struct lp_atomic *a);

/* Fail early if path cannot be written later (directory missing or not
 * writable, or path is a directory). Reports its own errors. */
int lp_check_writable(const char *path);

/* Time now as RFC 3339 UTC, seconds precision, static buffer. */
const char *lp_now_rfc3339(void);

/* Bytes of the valid UTF-8 sequence of two or more bytes at s (at most n),
 * or 0 when s does not start one. */
size_t lp_utf8_len(const char *s, size_t n);

int lp_parse_u64(const char *s, uint64_t *out);
bool lp_streq(const char *a, const char *b);	/* NULL-safe */
int lp_strcmp_ptr(const void *a, const void *b);	/* qsort char ** */
/* The last component of a path (after its last '/'; all of it without one). */
const char *lp_base_name(const char *path);
/* Is name one of names[0..n)? */
bool lp_in_names(char *const *names, size_t n, const char *name);


/*
 * Strings from the kernel (paths, argv[0], unix socket names) are bytes,
 * not always UTF-8. In JSON they travel with a reversible escape: a byte
 * that is not part of valid UTF-8 becomes the text \xHH, and a backslash
 * becomes \\ (in the decoded JSON string). Valid UTF-8 without backslashes
 * is unchanged.
 */
char *lp_bytes_escape(const char *s);
char *lp_bytes_unescape(const char *s);	/* NULL when the escape is bad */
/* For people: control characters and invalid UTF-8 as \xHH (one way). */
char *lp_display(const char *s);

/* qsort that accepts an empty array (NULL base), which qsort does not. */
void lp_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif /* LEARNPROF_UTIL_H */
