// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Volatile names: every rule of src/volatile.c with names it must fold and
 * names it must keep, the random-part test, idempotence, merging observed
 * names, and the AppArmor patterns of placeholders. */
#include "unit.h"
#include "learnprof_abi.h"
#include "apparmor_pattern.h"
#include "recording.h"
#include "volatile.h"

#define V(id) (1U << LP_VOL_##id)
#define MADE LP_F_CREATE
#define GONE LP_F_DELETE
#define BOTH (LP_F_CREATE | LP_F_DELETE)

static const struct vcase {
	const char *path;
	uint32_t flags;		/* LP_PATH_* of the path */
	uint32_t kinds;		/* what the run did to it (evidence) */
	const char *stable;
	uint32_t rules;
} vcases[] = {
	/* proc-pid / proc-tid: own and others' */
	{ "/proc/4242/status", LP_PATH_PROC, LP_F_READ, "/proc/<pid>/status", V(PROC_PID) },
	{ "/proc/4242", LP_PATH_DIR, LP_F_READ, "/proc/<pid>", V(PROC_PID) },
	{ "/proc/4242/task/4250/comm", LP_PATH_PROC, LP_F_WRITE,
	  "/proc/<pid>/task/<tid>/comm", V(PROC_PID) | V(PROC_TID) },
	{ "/proc/1/status", LP_PATH_PROC, LP_F_READ, "/proc/1/status", 0 },
	{ "/proc/sys/kernel/pid_max", LP_PATH_PROC, LP_F_READ, "/proc/sys/kernel/pid_max", 0 },
	{ "/proc/12ab/x", 0, LP_F_READ, "/proc/12ab/x", 0 },
	{ "/srv/proc/1234", 0, LP_F_READ, "/srv/proc/1234", 0 },
	{ "/proc/4242/fd/3", LP_PATH_PROC, LP_F_READ, "/proc/<pid>/fd/3", V(PROC_PID) },
	/* pid-in-name: 13300 named a file of its own task (see ctx below) */
	{ "/srv/pg/pg_wal/xlogtemp.13300", 0, MADE, "/srv/pg/pg_wal/xlogtemp.<pid>", V(PID_IN_NAME) },
	{ "/srv/pg/base/pgsql_tmp/pgsql_tmp13300.0.fileset/0.0", 0, BOTH,
	  "/srv/pg/base/pgsql_tmp/pgsql_tmp<pid>.0.fileset/0.0", V(PID_IN_NAME) },
	{ "/srv/pg/global/pg_internal.init.13300", 0, MADE,
	  "/srv/pg/global/pg_internal.init.<pid>", V(PID_IN_NAME) },
	{ "/srv/pg/base/5/13300", 0, MADE, "/srv/pg/base/5/13300", 0 },	/* a relation */
	{ "/srv/pg/base/5/13300_fsm", 0, MADE, "/srv/pg/base/5/13300_fsm", 0 },
	{ "/srv/pg/xlogtemp.13301", 0, MADE, "/srv/pg/xlogtemp.13301", 0 },	/* not a pid */
	{ "/srv/pg/xlogtemp.113300", 0, MADE, "/srv/pg/xlogtemp.113300", 0 },
	/* inode-name: O_TMPFILE */
	{ "/tmp/#10956604", LP_PATH_DELETED, LP_F_READ | LP_F_WRITE, "/tmp/#<inode>", V(INODE) },
	{ "/srv/data/#123", LP_PATH_DELETED, LP_F_WRITE, "/srv/data/#<inode>", V(INODE) },
	{ "/srv/data/#123", 0, LP_F_WRITE, "/srv/data/#123", 0 },		/* not deleted */
	{ "/tmp/#12ab", LP_PATH_DELETED, LP_F_WRITE, "/tmp/#12ab", 0 },
	/* temp-number: numbered segments the run made in a temporary dir */
	{ "/dev/shm/PostgreSQL.1843526344", 0, BOTH, "/dev/shm/PostgreSQL.<n>", V(NUMBER) },
	{ "/dev/shm/PostgreSQL.477693", 0, MADE, "/dev/shm/PostgreSQL.<n>", V(NUMBER) },
	{ "/dev/shm/PostgreSQL.47769", 0, MADE, "/dev/shm/PostgreSQL.47769", 0 },	/* 5 digits */
	{ "/dev/shm/PostgreSQL.1843526344", 0, LP_F_READ, "/dev/shm/PostgreSQL.1843526344", 0 },
	{ "/srv/PostgreSQL.1843526344", 0, BOTH, "/srv/PostgreSQL.1843526344", 0 },
	/* temp-random: Python's tempfile, mkstemp, mkdtemp */
	{ "/tmp/tmpzxl0xhgq.txt", 0, MADE | LP_F_WRITE, "/tmp/tmp<random>.txt", V(RANDOM) },
	{ "/tmp/tmpcu6s431_", LP_PATH_DIR, MADE, "/tmp/tmp<random>", V(RANDOM) },
	{ "/tmp/tmpabcdefgh", 0, MADE, "/tmp/tmp<random>", V(RANDOM) },	/* tmp + 8 */
	{ "/tmp/rzojhuyg", 0, BOTH, "/tmp/<random>", V(RANDOM) },		/* probe */
	{ "/tmp/_8mbwo2x", 0, BOTH, "/tmp/<random>", V(RANDOM) },
	{ "/tmp/lp-zfl4_2yj.log", 0, BOTH, "/tmp/lp-<random>.log", V(RANDOM) },
	{ "/tmp/lp-abcdefgh.log", 0, BOTH, "/tmp/lp-<random>.log", V(RANDOM) },
	{ "/var/tmp/app.Ab3dEf", 0, MADE, "/var/tmp/app.<random>", V(RANDOM) },
	{ "/run/user/1000/my_app_Ab3dEf", 0, MADE, "/run/user/1000/my_app_<random>", V(RANDOM) },
	{ "/var/lib/app/state.json.Ab3dEf", 0, MADE | LP_F_RENAME, "/var/lib/app/state.json.<random>",
	  V(RANDOM) },
	/* ... and what stays */
	{ "/tmp/tmpzxl0xhgq.txt", 0, LP_F_READ, "/tmp/tmpzxl0xhgq.txt", 0 },	/* not made */
	{ "/tmp/settings", 0, MADE, "/tmp/settings", 0 },			/* a word, kept */
	{ "/tmp/settings.json", 0, MADE, "/tmp/settings.json", 0 },
	{ "/tmp/lp-abcdefgh.log", 0, MADE, "/tmp/lp-abcdefgh.log", 0 },	/* kept: not removed */
	{ "/tmp/app.lock", 0, BOTH, "/tmp/app.lock", 0 },
	{ "/tmp/python3.11", LP_PATH_DIR, MADE, "/tmp/python3.11", 0 },
	{ "/tmp/x86_64", LP_PATH_DIR, MADE, "/tmp/x86_64", 0 },
	{ "/tmp/postmaster.pid", 0, BOTH, "/tmp/postmaster.pid", 0 },
	{ "/tmp/pgsql_tmp", LP_PATH_DIR, MADE, "/tmp/pgsql_tmp", 0 },
	{ "/tmp/tmpdirectory", 0, MADE, "/tmp/tmpdirectory", 0 },
	{ "/srv/state.json.Ab3dEf", 0, MADE, "/srv/state.json.Ab3dEf", 0 },	/* stays there */
	{ "/srv/rzojhuyg", 0, BOTH, "/srv/rzojhuyg", 0 },	/* not a temporary dir */
	{ "/usr/lib/x86_64-linux-gnu/libc.so.6", 0, LP_F_READ, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0 },
	{ "/dev/nvme0n1p1", 0, LP_F_READ, "/dev/nvme0n1p1", 0 },
	{ "/memfd:jit", LP_PATH_DETACHED, LP_F_READ, "/memfd:jit", 0 },
	{ "<truncated>/tmp/tmpzxl0xhgq", LP_PATH_TRUNCATED, MADE, "<truncated>/tmp/tmpzxl0xhgq", 0 },
};

static void ctx_for(struct lp_vol_ctx *c, const struct vcase *v)
{
	lp_vol_ctx_init(c);
	lp_vol_ctx_task(c, "/srv/pg/pg_wal/xlogtemp.13300", 13300, 13300);
	lp_vol_ctx_file(c, v->path, v->kinds);
}

TEST(every_rule_folds_and_keeps_case_by_case)
{
	for (size_t i = 0; i < ARRAY_SIZE(vcases); i++) {
		const struct vcase *v = &vcases[i];
		struct lp_vol_ctx c;
		uint32_t rules, again_rules;
		char *s, *again;

		ctx_for(&c, v);
		s = lp_vol_stable(&c, v->path, v->flags, &rules);
		CHECK_MSG(!strcmp(s, v->stable) && rules == v->rules,
			  "'%s': got '%s' (%#x), want '%s' (%#x)", v->path, s, rules, v->stable, v->rules);
		/* idempotent: a stable name is its own stable name */
		lp_vol_ctx_file(&c, s, v->kinds);
		again = lp_vol_stable(&c, s, v->flags, &again_rules);
		CHECK_MSG(!strcmp(again, s) && !again_rules, "'%s' again: '%s'", s, again);
		free(again);
		free(s);
		lp_vol_ctx_free(&c);
	}
}

TEST(a_file_below_a_random_directory_gets_its_verdict)
{
	struct lp_vol_ctx c;
	uint32_t rules;
	char *s;

	lp_vol_ctx_init(&c);
	lp_vol_ctx_file(&c, "/tmp/tmpdioe7fex", BOTH);
	lp_vol_ctx_file(&c, "/tmp/tmpdioe7fex/a.dat", LP_F_READ);
	s = lp_vol_stable(&c, "/tmp/tmpdioe7fex/a.dat", 0, &rules);
	CHECK_STR(s, "/tmp/tmp<random>/a.dat");
	CHECK_INT(rules, V(RANDOM));
	free(s);
	/* a directory the run did not make keeps its name */
	s = lp_vol_stable(&c, "/tmp/tmpq8z1k0wd/a.dat", 0, &rules);
	CHECK_STR(s, "/tmp/tmpq8z1k0wd/a.dat");
	CHECK_INT(rules, 0);
	free(s);
	lp_vol_ctx_free(&c);
}

TEST(the_random_part_precisely)
{
	static const struct {
		const char *name;
		bool transient, temp;
		size_t start, len;	/* len 0: not random */
	} r[] = {
		{ "tmpzxl0xhgq.txt", false, true, 3, 8 },
		{ "tmpabcdefgh", false, true, 3, 8 },
		{ "tmpabcdefgh", false, false, 0, 0 },	/* letters only, elsewhere */
		{ "abcdefgh", true, true, 0, 8 },
		{ "abcdefgh", false, true, 0, 0 },
		{ "abcdefghi", true, true, 0, 0 },	/* 9 letters */
		{ "state.json.Ab3dEf", false, false, 11, 6 },
		{ "my_app_Ab3dEf", false, true, 7, 6 },
		{ "lp-zfl4_2yj.log", false, true, 3, 8 },
		{ "build-3f2a9c1e", false, false, 6, 8 },
		{ "a.tar.Ab3dEf.gz", false, true, 6, 6 },
		{ "Ab3dE", false, true, 0, 0 },		/* 5 */
		{ "Ab3dEf12Gh34x", false, true, 0, 0 },	/* 13 */
		{ "MESSAGES", true, true, 0, 8 },	/* transient 8 letters: taken */
		{ "MESSAGES", false, true, 0, 0 },
		{ "modules", true, true, 0, 0 },
		{ "v2beta1", false, true, 0, 0 },
		{ "python3", false, true, 0, 0 },
		{ "12345678", true, true, 0, 0 },	/* digits: temp-number's */
		{ "cpython-311", false, true, 0, 0 },
		{ "PostgreSQL.477693", true, true, 0, 0 },
		{ "MyProject", true, true, 0, 0 },
		{ "Ab3dEf", false, true, 0, 6 },	/* mkdtemp("XXXXXX") */
		{ "x86_64-linux-gnu", false, true, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		size_t start = 0, len = lp_vol_random_part(r[i].name, r[i].transient, r[i].temp, &start);

		CHECK_MSG(len == r[i].len && (!len || start == r[i].start),
			  "'%s' (transient %d, temp %d): got %zu at %zu, want %zu at %zu", r[i].name,
			  r[i].transient, r[i].temp, len, start, r[i].len, r[i].start);
	}
}

TEST(every_rule_has_a_name_an_example_and_an_explanation)
{
	for (int i = 0; i < LP_VOL_COUNT; i++) {
		const struct lp_vol_rule *r = &lp_vol_rules[i];

		CHECK_MSG(r->name && r->example && strstr(r->example, "->") && r->explain &&
			  strlen(r->explain) > 20, "rule %d", i);
		CHECK_INT(lp_vol_rule_from_name(r->name), i);
	}
	CHECK_INT(lp_vol_rule_from_name("nope"), -1);
}

static struct lp_recording *one_run(const char *tmpname, const char *tid, uint32_t dirkinds)
{
	struct lp_recording *r = rec_new();
	struct lp_exe *e;
	char *p;

	r->meta.runs = 1;
	e = rec_exe(r, "/usr/bin/app");
	e->runs = 1;
	file_add(exe_file(e, tmpname), BOTH, 0, LP_PATH_DIR);
	p = xasprintf("%s/a.dat", tmpname);
	file_add(exe_file(e, p), LP_F_READ | LP_F_WRITE, 0, 0);
	free(p);
	p = xasprintf("/proc/4242/task/%s/comm", tid);
	file_add(exe_file(e, p), LP_F_WRITE, 0, LP_PATH_PROC | LP_FILE_OWN);
	free(p);
	file_add(exe_file(e, "/etc/app.conf"), LP_F_READ, 0, 0);
	(void)dirkinds;
	return r;
}

TEST(a_recording_keeps_observed_names_and_merges_them)
{
	struct lp_recording *a = one_run("/tmp/tmpdioe7fex", "4250", BOTH);
	struct lp_recording *b = one_run("/tmp/tmpcu6s431_", "5250", BOTH);
	struct lp_file *f;
	char *ja, *ja2, *jb;

	lp_vol_stabilise(a, NULL);
	lp_vol_stabilise(b, NULL);
	f = exe_find_file(rec_find_exe(a, "/usr/bin/app"), "/tmp/tmp<random>/a.dat");
	CHECK(f);
	if (f) {
		CHECK_STR(f->observed[0], "/tmp/tmpdioe7fex/a.dat");
		CHECK(!f->observed[1]);
		CHECK_INT(f->varies, V(RANDOM));
	}
	CHECK(exe_find_file(rec_find_exe(a, "/usr/bin/app"), "/proc/<pid>/task/<tid>/comm"));
	CHECK(exe_find_file(rec_find_exe(a, "/usr/bin/app"), "/etc/app.conf"));
	/* idempotent over the whole recording */
	ja = rec_to_json(a);
	lp_vol_stabilise(a, NULL);
	ja2 = rec_to_json(a);
	CHECK_STR(ja, ja2);
	CHECK(strstr(ja, "\"observed\":") && strstr(ja, "\"varies\":"));
	/* the two runs differ only in observed names */
	jb = rec_to_json(b);
	CHECK(strcmp(ja, jb));
	rec_merge(a, b);
	rec_sort(a);
	f = exe_find_file(rec_find_exe(a, "/usr/bin/app"), "/tmp/tmp<random>/a.dat");
	CHECK(f);
	if (f) {
		CHECK_STR(f->observed[0], "/tmp/tmpcu6s431_/a.dat");
		CHECK_STR(f->observed[1], "/tmp/tmpdioe7fex/a.dat");
		CHECK_INT(f->runs, 2);
	}
	free(ja);
	free(ja2);
	free(jb);
	rec_free(a);
	rec_free(b);
}

TEST(observed_names_keep_the_three_smallest)
{
	struct lp_file f = { 0 };
	const char *names[] = { "/tmp/e", "/tmp/b", "/tmp/d", "/tmp/a", "/tmp/b", "/tmp/c" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		file_add_observed(&f, names[i]);
	CHECK_STR(f.observed[0], "/tmp/a");
	CHECK_STR(f.observed[1], "/tmp/b");
	CHECK_STR(f.observed[2], "/tmp/c");
	for (int i = 0; i < LP_FILE_OBSERVED; i++)
		free(f.observed[i]);
}

TEST(placeholders_become_apparmor_patterns)
{
	static const struct {
		const char *path, *pattern;
	} c[] = {
		{ "/proc/<pid>/task/<tid>/comm", "@{PROC}/@{pid}/task/@{tid}/comm" },
		{ "/tmp/tmp<random>.txt", "/tmp/tmp*.txt" },
		{ "/tmp/tmp<random>/a.dat", "/tmp/tmp*/a.dat" },
		{ "/dev/shm/PostgreSQL.<n>", "/dev/shm/PostgreSQL.[0-9]*" },
		{ "/tmp/#<inode>", "/tmp/#[0-9]*" },
		{ "/srv/pg/pg_wal/xlogtemp.<pid>", "/srv/pg/pg_wal/xlogtemp.[0-9]*" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		for (int glob = 0; glob < 2; glob++) {
			uint32_t rules;
			char *p = lp_path_pattern(c[i].path, 0, glob, &rules);

			CHECK_MSG(!strcmp(p, c[i].pattern), "%s (glob %d): got %s", c[i].path, glob, p);
			free(p);
		}
}

int main(void)
{
	unit_suite = "volatile";
	RUN(every_rule_folds_and_keeps_case_by_case);
	RUN(a_file_below_a_random_directory_gets_its_verdict);
	RUN(the_random_part_precisely);
	RUN(every_rule_has_a_name_an_example_and_an_explanation);
	RUN(a_recording_keeps_observed_names_and_merges_them);
	RUN(observed_names_keep_the_three_smallest);
	RUN(placeholders_become_apparmor_patterns);
	return unit_exit();
}
