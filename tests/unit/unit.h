/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A minimal unit-test harness: each TEST is a function; RUN prints
 * "PASS <suite>/<name>", "PASS <suite>/<name> (<note>)",
 * "FAIL <suite>/<name>: <file>:<line>: <what>" or "SKIP <suite>/<name>: <why>".
 * With LP_TEST_FILTER set, RUN runs only the tests whose "<suite>/<name>"
 * contains it, and prints nothing for the others.
 * Golden files live in tests/golden; UPDATE_GOLDEN=1 rewrites those that
 * differ, and the check still fails ("rewrote ...: review the diff"), so only
 * a second run can be green. With CI=true nothing is rewritten.
 */
#ifndef LEARNPROF_UNIT_H
#define LEARNPROF_UNIT_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recording.h"
#include "util.h"

static const char *unit_suite = "unit";
static int unit_failed, unit_total_failed;
static char unit_why[2048];
static char unit_golden_why[2048];	/* what golden_matches did, for FAIL */
static char unit_note_text[512];	/* said on the PASS line */

/* unit_failed values besides 0 and 1 */
#define UNIT_PRINTED_SKIP (-1)	/* the test printed its own SKIP line */
#define UNIT_SKIPPED (-2)	/* SKIP_MSG: unit_run prints unit_why */

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
/* Only when the machine truly cannot run the check: a SKIP fails in CI. */
#define SKIP_MSG(...)                                                         \
	do {                                                                  \
		snprintf(unit_why, sizeof(unit_why), __VA_ARGS__);           \
		unit_failed = UNIT_SKIPPED;                                   \
		return;                                                       \
	} while (0)
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

/* What a passing test could not check on this machine, or what it
 * found there: said on its PASS line. */
#define unit_note(...) snprintf(unit_note_text, sizeof(unit_note_text), __VA_ARGS__)

/* Does "<suite>/<name>" match LP_TEST_FILTER (a substring; unset: all)? */
static inline int unit_selected(const char *name)
{
	const char *filter = getenv("LP_TEST_FILTER");
	char *full;
	int yes;

	if (!filter || !*filter)
		return 1;
	full = xasprintf("%s/%s", unit_suite, name);
	yes = strstr(full, filter) != NULL;
	free(full);
	return yes;
}

/* A message on one line: newlines in it are written "\\n". */
static inline void unit_put_line(const char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
}

static inline void unit_report(const char *name)
{
	if (unit_failed == UNIT_PRINTED_SKIP)
		return;
	if (unit_failed == UNIT_SKIPPED) {
		printf("SKIP %s/%s: ", unit_suite, name);
		unit_put_line(unit_why);
		putchar('\n');
	} else if (unit_failed || unit_golden_why[0]) {
		unit_total_failed++;
		printf("FAIL %s/%s: ", unit_suite, name);
		unit_put_line(unit_why);
		printf("%s", unit_why[0] && unit_golden_why[0] ? " " : "");
		unit_put_line(unit_golden_why);
		putchar('\n');
	} else if (unit_note_text[0]) {
		printf("PASS %s/%s (%s)\n", unit_suite, name, unit_note_text);
	} else {
		printf("PASS %s/%s\n", unit_suite, name);
	}
	fflush(stdout);
}

static inline void unit_run(const char *name, void (*fn)(void))
{
	if (!unit_selected(name))
		return;
	unit_failed = 0;
	unit_why[0] = '\0';
	unit_golden_why[0] = '\0';
	unit_note_text[0] = '\0';
	fn();
	unit_report(name);
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

/* A recording from tests/golden, or two merged (b NULL: one). */
static inline struct lp_recording *golden_recording(const char *a, const char *b)
{
	char *pa = golden_path(a), *pb = b ? golden_path(b) : NULL;
	char *paths[] = { pa, pb };
	struct lp_recording *r = rec_load_all(paths, b ? 2 : 1);

	free(pa);
	free(pb);
	return r;
}

/* Say why a golden check failed, on the test's FAIL line and on stderr. */
static inline void golden_why(const char *fmt, const char *name, const char *more)
{
	size_t n = strlen(unit_golden_why);
	char *msg = xasprintf(fmt, name, more);

	snprintf(unit_golden_why + n, sizeof(unit_golden_why) - n, "%s(%s)",
		 n ? " " : "", msg);
	fprintf(stderr, "%s\n", msg);
	free(msg);
}

static inline int golden_update_wanted(void)
{
	const char *u = getenv("UPDATE_GOLDEN");

	return u && *u && strcmp(u, "0");
}

/*
 * Does text equal the golden file? When it does not, the check fails in
 * every case; with UPDATE_GOLDEN=1 (not in CI) the file is rewritten first,
 * so that a second run passes once the diff has been reviewed.
 */
static inline int golden_matches(const char *name, const char *text)
{
	char *want = golden_read(name), *p;
	int same = want && !strcmp(want, text);

	free(want);
	if (same)
		return 1;
	if (golden_update_wanted() && !lp_streq(getenv("CI"), "true")) {
		p = golden_path(name);
		if (lp_write_file(p, text, strlen(text)))
			golden_why("cannot rewrite tests/golden/%s%s", name, "");
		else
			golden_why("rewrote tests/golden/%s: review the diff%s", name, "");
		free(p);
		return 0;
	}
	p = xasprintf("/tmp/learnprof-golden-actual.%s", name);
	lp_write_file(p, text, strlen(text));
	golden_why(golden_update_wanted() ?
		   "UPDATE_GOLDEN is ignored in CI: diff tests/golden/%s %s" :
		   "golden mismatch: diff tests/golden/%s %s", name, p);
	free(p);
	return 0;
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
