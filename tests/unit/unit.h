/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A minimal unit-test harness: each TEST is a function; RUN prints
 * "PASS <suite>/<name>" or "FAIL <suite>/<name>: <file>:<line>: <what>".
 * Golden files live in tests/golden; UPDATE_GOLDEN=1 rewrites them (review
 * the diff before committing).
 */
#ifndef LEARNPROF_UNIT_H
#define LEARNPROF_UNIT_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *unit_suite = "unit";
static int unit_failed, unit_total_failed;
static char unit_why[2048];

#define TEST(name) static void name(void)
#define RUN(name) unit_run(#name, name)

#define CHECK_MSG(cond, ...)                                                  \
	do {                                                                  \
		if (!(cond)) {                                                \
			int _n = snprintf(unit_why, sizeof(unit_why), "%s:%d: ", \
					  __FILE__, __LINE__);                \
			snprintf(unit_why + _n, sizeof(unit_why) - _n, __VA_ARGS__); \
			unit_failed = 1;                                      \
			return;                                               \
		}                                                             \
	} while (0)
#define CHECK(cond) CHECK_MSG(cond, "%s", #cond)
#define CHECK_STR(a, b)                                                       \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		CHECK_MSG(_a && _b && !strcmp(_a, _b), "%s == %s: got '%s', want '%s'", \
			  #a, #b, _a ? _a : "(null)", _b ? _b : "(null)");   \
	} while (0)
#define CHECK_INT(a, b)                                                       \
	do {                                                                  \
		long long _a = (long long)(a), _b = (long long)(b);           \
		CHECK_MSG(_a == _b, "%s == %s: got %lld, want %lld", #a, #b, _a, _b); \
	} while (0)

static inline void unit_run(const char *name, void (*fn)(void))
{
	unit_failed = 0;
	unit_why[0] = '\0';
	fn();
	if (unit_failed < 0)
		return;		/* it printed SKIP itself */
	if (unit_failed) {
		unit_total_failed++;
		printf("FAIL %s/%s: %s\n", unit_suite, name, unit_why);
	} else {
		printf("PASS %s/%s\n", unit_suite, name);
	}
	fflush(stdout);
}

/* Path of a file in tests/golden (tests run from the repository root). */
static inline char *golden_path(const char *name)
{
	return xasprintf("tests/golden/%s", name);
}

static inline char *golden_read(const char *name)
{
	char *p = golden_path(name), *s = lp_read_file(p, 1 << 26, NULL);

	free(p);
	return s;
}

/* Compare text with a golden file; with UPDATE_GOLDEN=1 rewrite it. */
static inline int golden_matches(const char *name, const char *text)
{
	char *want;
	int ok;

	if (getenv("UPDATE_GOLDEN")) {
		char *p = golden_path(name);

		lp_write_file(p, text, strlen(text));
		free(p);
		return 1;
	}
	want = golden_read(name);
	ok = want && !strcmp(want, text);
	if (!ok) {
		char *p = xasprintf("/tmp/learnprof-golden-actual.%s", name);

		lp_write_file(p, text, strlen(text));
		fprintf(stderr, "golden mismatch: diff tests/golden/%s %s\n", name, p);
		free(p);
	}
	free(want);
	return ok;
}

/* Capture what a call writes to stderr. */
struct capture {
	int saved, fd;
	char path[64];
};

static inline void capture_start(struct capture *c)
{
	strcpy(c->path, "/tmp/learnprof-unit.XXXXXX");
	c->fd = mkstemp(c->path);
	fflush(stderr);
	c->saved = dup(2);
	dup2(c->fd, 2);
}

/* Returns the captured text without its trailing newline (malloc'd). */
static inline char *capture_end(struct capture *c)
{
	char *s;
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	close(c->fd);
	s = lp_read_file(c->path, 1 << 20, &n);
	unlink(c->path);
	if (s && n && s[n - 1] == '\n')
		s[n - 1] = '\0';
	return s ? s : xstrdup("");
}

static inline int unit_exit(void)
{
	return unit_total_failed ? 1 : 0;
}

#endif /* LEARNPROF_UNIT_H */
