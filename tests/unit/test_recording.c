// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The Recording: canonical JSON, strict loading, merge. */
#include "unit.h"
#include "recording.h"

static char *tmpfile_with(const char *content, size_t len)
{
	char *path = xstrdup("/tmp/learnprof-rec.XXXXXX");
	int fd = mkstemp(path);

	if (write(fd, content, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

/* Load content from a file and return the error line (malloc'd), or NULL
 * when it loaded. */
static char *load_error(const char *content)
{
	char *path = tmpfile_with(content, strlen(content)), *msg, *out;
	struct capture c;
	struct lp_recording *r;

	capture_start(&c);
	r = rec_load(path);
	msg = capture_end(&c);
	rec_free(r);
	/* Drop the temporary name so expectations read naturally. */
	out = xstrdup(msg);
	char *p = strstr(msg, path);
	if (p) {
		free(out);
		out = xasprintf("%.*sFILE%s", (int)(p - msg), msg, p + strlen(path));
	}
	unlink(path);
	free(path);
	free(msg);
	if (r) {
		free(out);
		return NULL;
	}
	return out;
}

TEST(canonical_round_trip)
{
	const char *names[] = { "rec-a.json", "rec-b.json", "merged-ab.json" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = golden_path(names[i]), *text, *again;
		struct lp_recording *r = rec_load(path);

		CHECK_MSG(r, "cannot load %s", names[i]);
		text = rec_to_json(r);
		again = golden_read(names[i]);
		CHECK_MSG(again && !strcmp(text, again), "%s is not canonical", names[i]);
		free(text);
		free(again);
		free(path);
		rec_free(r);
	}
}

TEST(merge_sums_counts_and_runs)
{
	char *a = golden_path("rec-a.json"), *b = golden_path("rec-b.json");
	char *paths[] = { a, b };
	struct lp_recording *m = rec_load_all(paths, 2);
	struct lp_exe *app;
	struct lp_syscall *s;
	char *text;

	CHECK(m);
	CHECK_INT(m->meta.runs, 2);
	CHECK_INT(m->meta.nsources, 2);
	CHECK_INT(m->meta.lost[LP_LOST_EVENTS], 2);
	CHECK_STR(m->meta.start, "2026-01-01T00:00:00Z");
	CHECK_STR(m->meta.end, "2026-01-02T00:00:05Z");
	CHECK_INT(m->meta.exit_status, 3);
	app = rec_find_exe(m, "/usr/bin/app");
	CHECK(app);
	CHECK_INT(app->runs, 2);
	s = exe_find_syscall(app, LP_ABI_X86_64, "read");
	CHECK(s);
	CHECK_INT(s->count, 17);
	CHECK_INT(s->runs, 2);
	s = exe_find_syscall(app, LP_ABI_X86_64, "clone3");
	CHECK(s);
	CHECK_INT(s->runs, 1);	/* seen in 1 of 2 runs */
	CHECK_INT(rec_find_exe(m, "/usr/bin/sh")->runs, 1);
	/* Files: kinds united, errors kept, runs summed. */
	{
		struct lp_file *f = exe_find_file(app, "/var/lib/app/state");

		CHECK(f);
		CHECK_INT(f->kinds, LP_F_WRITE | LP_F_APPEND | LP_F_CREATE);
		CHECK_INT(f->nerrs, 1);
		CHECK_INT(f->errs[0].err, 13);
		CHECK_INT(f->runs, 2);
		CHECK_INT(exe_find_file(app, "/proc/<pid>/status")->runs, 1);
	}
	/* Facts: the same fact sums counts and runs; others keep theirs. */
	CHECK_INT(app->facts[LP_CAT_CAPS].n, 2);
	CHECK_STR(app->facts[LP_CAT_CAPS].v[0].s[0], "CAP_NET_BIND_SERVICE");
	CHECK_INT(app->facts[LP_CAT_CAPS].v[0].count, 3);
	CHECK_INT(app->facts[LP_CAT_CAPS].v[0].runs, 2);
	CHECK_INT(app->facts[LP_CAT_CAPS].v[1].runs, 1);
	CHECK_INT(app->facts[LP_CAT_CREDS].n, 2);
	CHECK_INT(app->facts[LP_CAT_CLONE].v[1].n[0], 0x3d0f00);	/* clone < clone3 */
	text = rec_to_json(m);
	CHECK(golden_matches("merged-ab.json", text));
	free(text);
	rec_free(m);
	free(a);
	free(b);
}

TEST(merge_of_merged_counts_all_runs)
{
	char *a = golden_path("rec-a.json"), *m = golden_path("merged-ab.json");
	char *paths[] = { m, a };
	struct lp_recording *r = rec_load_all(paths, 2);
	struct lp_syscall *s;

	CHECK(r);
	CHECK_INT(r->meta.runs, 3);
	CHECK_INT(r->meta.nsources, 3);
	s = exe_find_syscall(rec_find_exe(r, "/usr/bin/app"), LP_ABI_X86_64, "read");
	CHECK_INT(s->count, 27);
	CHECK_INT(s->runs, 3);
	rec_free(r);
	free(a);
	free(m);
}

static const char good_head[] =
	"{\"format\": \"learnprof-recording\", \"schema\": 1, \"meta\": {"
	"\"learnprof_version\": \"0.1.0\", \"runs\": 1, \"target\": {\"kind\": \"command\"},"
	"\"lost\": {}, \"probes\": {}}, \"executables\": ";

static char *with_exes(const char *exes)
{
	return xasprintf("%s%s}", good_head, exes);
}

TEST(bad_input_is_rejected_with_a_clear_message)
{
	static const struct {
		const char *content;
		const char *error;
	} cases[] = {
		{ "", "learnprof: 'FILE': empty file, not a recording" },
		{ "{\"format\": \"learnprof-recording\", \"schema\": 1, \"me",
		  "learnprof: 'FILE': not JSON: truncated (unexpected end of data)" },
		{ "{]", "learnprof: 'FILE': not JSON: quoted object property name expected at byte 1" },
		{ "[1, 2]", "learnprof: 'FILE': not a learnprof recording (not a JSON object)" },
		{ "{\"format\": \"other\"}", "learnprof: 'FILE': not a learnprof recording (format is not 'learnprof-recording')" },
		{ "{\"format\": \"learnprof-recording\", \"schema\": 2}",
		  "learnprof: 'FILE': recording schema 2 is newer than this learnprof reads (1); upgrade learnprof" },
		{ "{\"format\": \"learnprof-recording\", \"schema\": \"1\"}",
		  "learnprof: 'FILE': schema: expected an integer, found a string" },
		{ "{\"format\": \"learnprof-recording\", \"schema\": 1}",
		  "learnprof: 'FILE': meta: missing" },
		{ "{} {}", "learnprof: 'FILE': not JSON: trailing data at byte 3" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err = load_error(cases[i].content);

		CHECK_MSG(err && !strcmp(err, cases[i].error), "case %zu: got '%s', want '%s'",
			  i, err ? err : "(loaded)", cases[i].error);
		free(err);
	}
}

TEST(bad_facts_are_rejected)
{
	static const struct {
		const char *exes;
		const char *error;
	} cases[] = {
		{ "{\"/x\": {\"syscalls\": {\"x86_64\": {\"read\": {\"count\": -1}}}}}",
		  "learnprof: 'FILE': executables[\"/x\"].syscalls.x86_64: count: negative" },
		{ "{\"/x\": {\"syscalls\": {\"arm\": {}}}}",
		  "learnprof: 'FILE': executables[\"/x\"].syscalls.arm: unknown ABI" },
		{ "{\"/x\": {\"runs\": 5, \"syscalls\": {}}}",
		  "learnprof: 'FILE': executables[\"/x\"]: runs 5 out of range 1..1" },
		{ "{\"/x\": {\"syscalls\": {\"x86_64\": {\"read\": {\"count\": 1, \"runs\": 2}}}}}",
		  "learnprof: 'FILE': executables[\"/x\"].syscalls.x86_64: read: runs 2 out of range 1..1" },
		{ "{\"/x\": {\"syscalls\": {\"x86_64\": {\"read\": 5}}}}",
		  "learnprof: 'FILE': executables[\"/x\"].syscalls.x86_64: read: expected an object" },
		{ "{\"/x\": {}}", "learnprof: 'FILE': executables[\"/x\"].syscalls: missing" },
		{ "[]", "learnprof: 'FILE': executables: expected an object, found an array" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *content = with_exes(cases[i].exes), *err = load_error(content);

		CHECK_MSG(err && !strcmp(err, cases[i].error), "case %zu: got '%s', want '%s'",
			  i, err ? err : "(loaded)", cases[i].error);
		free(err);
		free(content);
	}
}

TEST(deep_nesting_is_refused)
{
	size_t n = 100000;
	char *deep = xmalloc(n + 1), *err;

	memset(deep, '[', n);
	deep[n] = '\0';
	err = load_error(deep);
	CHECK(err);
	CHECK_STR(err, "learnprof: 'FILE': not JSON: nesting too deep at byte 64");
	free(err);
	free(deep);
}

TEST(missing_file)
{
	struct capture c;
	struct lp_recording *r;
	char *msg;

	capture_start(&c);
	r = rec_load("/nonexistent/rec.json");
	msg = capture_end(&c);
	CHECK(!r);
	CHECK_STR(msg, "learnprof: cannot read recording '/nonexistent/rec.json': No such file or directory");
	free(msg);
}

/* Two single-run recordings, the first with probe name and the second
 * without it. */
static void merge_with_and_without(const char *name, bool first_has, char **reason,
				   bool *active, char **why)
{
	struct lp_recording *a = rec_new(), *b = rec_new();
	struct lp_recording *with = first_has ? a : b;

	rec_add_probe(a, "syscalls", "tp_btf/sys_enter", true, NULL, NULL);
	rec_add_probe(b, "syscalls", "tp_btf/sys_enter", true, NULL, NULL);
	rec_add_probe(with, name, "tp_btf/cap_capable", true, NULL, NULL);
	rec_merge(a, b);
	*active = rec_observed(a, name, why);
	*reason = NULL;
	for (size_t i = 0; i < a->meta.nprobes; i++)
		if (!strcmp(a->meta.probes[i].name, name) && a->meta.probes[i].reason)
			*reason = xstrdup(a->meta.probes[i].reason);
	rec_free(a);
	rec_free(b);
}

TEST(probe_missing_from_one_run_is_inactive_in_the_merge)
{
	for (int first = 0; first < 2; first++) {
		char *reason, *why;
		bool active;

		merge_with_and_without("capabilities", first, &reason, &active, &why);
		CHECK_MSG(!active, "active after a merge with a run without it (first %d)", first);
		CHECK_STR(reason, "not listed in some runs");
		CHECK_STR(why, "the capabilities probe was not active: not listed in some runs");
		free(reason);
		free(why);
	}
}

TEST(observed_only_when_active_in_every_run)
{
	struct lp_recording *a = rec_new(), *b = rec_new();
	char *why = (char *)"unchanged";

	rec_add_probe(a, "capabilities", "tp_btf/cap_capable", true, NULL, NULL);
	rec_add_probe(b, "capabilities", "tp_btf/cap_capable", false,
		      "the kernel has no capability:cap_capable tracepoint", NULL);
	CHECK(rec_observed(a, "capabilities", &why));
	CHECK(why == NULL);
	CHECK(!rec_observed(a, "arguments", &why));
	CHECK_STR(why, "the arguments probe is not listed in the recording");
	free(why);
	CHECK(!rec_observed(a, "arguments", NULL));
	rec_merge(a, b);
	CHECK(!rec_observed(a, "capabilities", &why));
	CHECK_STR(why, "the capabilities probe was not active: inactive in some runs: "
		       "the kernel has no capability:cap_capable tracepoint");
	free(why);
	rec_free(a);
	rec_free(b);
}

int main(void)
{
	unit_suite = "recording";
	RUN(canonical_round_trip);
	RUN(merge_sums_counts_and_runs);
	RUN(merge_of_merged_counts_all_runs);
	RUN(bad_input_is_rejected_with_a_clear_message);
	RUN(bad_facts_are_rejected);
	RUN(deep_nesting_is_refused);
	RUN(missing_file);
	RUN(probe_missing_from_one_run_is_inactive_in_the_merge);
	RUN(observed_only_when_active_in_every_run);
	return unit_exit();
}
