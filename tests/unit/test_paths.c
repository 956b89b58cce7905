// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Paths: escaping, quoting, the generalisation table rule by rule, and the
 * many-entries rule over sets of paths. */
#include "unit.h"
#include "learnprof_abi.h"
#include "apparmor_pattern.h"
#include "recording.h"

static char *escaped(const char *s)
{
	struct strbuf sb;

	sb_init(&sb);
	lp_aa_escape(&sb, s, strlen(s));
	return sb_detach(&sb);
}

TEST(escaping_makes_every_special_byte_literal)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "*", "\\*" },				/* a file named * matches only itself */
		{ "**", "\\*\\*" },
		{ "a?b", "a\\?b" },
		{ "[x]", "\\[x\\]" },
		{ "br{a,b}ce", "br\\{a,b\\}ce" },
		{ "@{HOME}", "\\@\\{HOME\\}" },		/* not a variable */
		{ "^caret", "\\^caret" },
		{ "quo\"te", "quo\\\"te" },
		{ "back\\slash", "back\\\\slash" },
		{ "new\nline", "new\\x0aline" },
		{ "tab\tdel\x7f", "tab\\x09del\\x7f" },
		{ "bad\xff\xfe", "bad\\xff\\xfe" },		/* not UTF-8 */
		{ "\xc0\xaf", "\\xc0\\xaf" },			/* overlong "/" */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },		/* a surrogate */
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* UTF-8 stays */
		{ "a b#c,d(e)=f", "a b#c,d(e)=f" },		/* quoting handles these */
		{ "plain-name_1.2+x~y:z%", "plain-name_1.2+x~y:z%" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = escaped(cases[i].in);
		int ok = !strcmp(got, cases[i].out);

		CHECK_MSG(ok, "case %zu: got '%s', want '%s'", i, got, cases[i].out);
		free(got);
	}
}

TEST(quoting_only_when_needed)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "/usr/lib/libc.so*", "/usr/lib/libc.so*" },
		{ "@{PROC}/@{pid}/status", "@{PROC}/@{pid}/status" },
		{ "/srv/\\*", "\"/srv/\\*\"" },
		{ "/srv/a b", "\"/srv/a b\"" },
		{ "/srv/a,b", "\"/srv/a,b\"" },
		{ "/srv/a#b", "\"/srv/a#b\"" },
		{ "/srv/caf\xc3\xa9", "\"/srv/caf\xc3\xa9\"" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = lp_aa_quote(cases[i].in);
		int ok = !strcmp(got, cases[i].out);

		CHECK_MSG(ok, "case %zu: got '%s', want '%s'", i, got, cases[i].out);
		free(got);
	}
}

#define R(id) (1U << LP_GEN_##id)

static const struct pcase {
	const char *path;
	uint32_t flags;
	const char *glob;	/* with generalisation */
	uint32_t rules;
	const char *literal;	/* with no_glob */
} pcases[] = {
	/* own-proc: also with no_glob */
	{ "/proc/<pid>/status", LP_PATH_PROC | LP_FILE_OWN, "@{PROC}/@{pid}/status", R(OWN_PROC),
	  "@{PROC}/@{pid}/status" },
	{ "/proc/<pid>/task/<tid>/comm", LP_FILE_OWN, "@{PROC}/@{pid}/task/@{tid}/comm", R(OWN_PROC),
	  "@{PROC}/@{pid}/task/@{tid}/comm" },
	{ "/proc/<pid>", LP_PATH_DIR | LP_FILE_OWN, "@{PROC}/@{pid}/", R(OWN_PROC), "@{PROC}/@{pid}/" },
	/* proc-pid */
	{ "/proc/1234/stat", LP_PATH_PROC, "@{PROC}/[0-9]*/stat", R(PROC_PID), "@{PROC}/1234/stat" },
	{ "/proc/1234/task/1235/stat", 0, "@{PROC}/[0-9]*/task/[0-9]*/stat", R(PROC_PID),
	  "@{PROC}/1234/task/1235/stat" },
	{ "/proc/sys/kernel/hostname", 0, "@{PROC}/sys/kernel/hostname", 0, "@{PROC}/sys/kernel/hostname" },
	{ "/proc/12ab/x", 0, "@{PROC}/12ab/x", 0, "@{PROC}/12ab/x" },
	{ "/srv/proc/1234", 0, "/srv/proc/1234", 0, "/srv/proc/1234" },
	{ "/proc", LP_PATH_DIR, "@{PROC}/", 0, "@{PROC}/" },
	/* versioned-library */
	{ "/opt/lib/libfoo.so.1.2.3", 0, "/opt/lib/libfoo.so*", R(VERSIONED_LIB), "/opt/lib/libfoo.so.1.2.3" },
	{ "/opt/lib/libc.so.6", 0, "/opt/lib/libc.so*", R(VERSIONED_LIB), "/opt/lib/libc.so.6" },
	{ "/opt/lib/libpython3.11.so.1.0", 0, "/opt/lib/libpython3.11.so*", R(VERSIONED_LIB),
	  "/opt/lib/libpython3.11.so.1.0" },
	{ "/opt/lib/lib[x].so.1", 0, "/opt/lib/lib\\[x\\].so*", R(VERSIONED_LIB), "/opt/lib/lib\\[x\\].so.1" },
	{ "/opt/lib/libfoo.so", 0, "/opt/lib/libfoo.so", 0, "/opt/lib/libfoo.so" },
	{ "/opt/lib/libfoo.so.1.", 0, "/opt/lib/libfoo.so.1.", 0, "/opt/lib/libfoo.so.1." },
	{ "/opt/lib/libfoo.so.1a", 0, "/opt/lib/libfoo.so.1a", 0, "/opt/lib/libfoo.so.1a" },
	{ "/opt/lib/.so.1", 0, "/opt/lib/.so.1", 0, "/opt/lib/.so.1" },
	{ "/opt/libfoo.so.1/x", 0, "/opt/libfoo.so.1/x", 0, "/opt/libfoo.so.1/x" },
	{ "/opt/libfoo.so.1", LP_PATH_DIR, "/opt/libfoo.so.1/", 0, "/opt/libfoo.so.1/" },
	/* volatile-name: the placeholders of stable names (src/volatile.c
	 * decides where they go; tests/unit/test_volatile.c), also no_glob */
	{ "/tmp/tmp<random>", 0, "/tmp/tmp*", R(VOLATILE), "/tmp/tmp*" },
	{ "/tmp/tmp<random>.json", 0, "/tmp/tmp*.json", R(VOLATILE), "/tmp/tmp*.json" },
	{ "/var/tmp/tmp<random>/x", 0, "/var/tmp/tmp*/x", R(VOLATILE), "/var/tmp/tmp*/x" },
	{ "/dev/shm/PostgreSQL.<n>", 0, "/dev/shm/PostgreSQL.[0-9]*", R(VOLATILE),
	  "/dev/shm/PostgreSQL.[0-9]*" },
	{ "/srv/pg/pg_wal/xlogtemp.<pid>", 0, "/srv/pg/pg_wal/xlogtemp.[0-9]*", R(VOLATILE),
	  "/srv/pg/pg_wal/xlogtemp.[0-9]*" },
	{ "/tmp/#<inode>", 0, "/tmp/#[0-9]*", R(VOLATILE), "/tmp/#[0-9]*" },
	{ "/var/lib/app/state.json.<random>", 0, "/var/lib/app/state.json.*", R(VOLATILE),
	  "/var/lib/app/state.json.*" },
	{ "/srv/a<b>/c<tid>", 0, "/srv/a<b>/c[0-9]*", R(VOLATILE), "/srv/a<b>/c[0-9]*" },
	{ "/srv/[<random>]", 0, "/srv/\\[*\\]", R(VOLATILE), "/srv/\\[*\\]" },
	/* random-looking literal names are left to the recording's model */
	{ "/tmp/tmpab3x9q2z", 0, "/tmp/tmpab3x9q2z", 0, "/tmp/tmpab3x9q2z" },
	{ "/var/lib/app/state.json.Ab3dEf", 0, "/var/lib/app/state.json.Ab3dEf", 0,
	  "/var/lib/app/state.json.Ab3dEf" },
	/* words, versions and architectures are not random */
	{ "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules", 0, "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules",
	  0, "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules" },
	{ "/usr/lib/locale/C.utf8/LC_MESSAGES", 0, "/usr/lib/locale/C.utf8/LC_MESSAGES", 0,
	  "/usr/lib/locale/C.utf8/LC_MESSAGES" },
	{ "/srv/config-v2beta1", 0, "/srv/config-v2beta1", 0, "/srv/config-v2beta1" },
	{ "/srv/python3.11/cpython-311", 0, "/srv/python3.11/cpython-311", 0, "/srv/python3.11/cpython-311" },
	{ "/srv/lp-aa-test.12345", 0, "/srv/lp-aa-test.12345", 0, "/srv/lp-aa-test.12345" },
	{ "/srv/README", 0, "/srv/README", 0, "/srv/README" },
	/* escaping happens on every literal part */
	{ "/srv/*", 0, "/srv/\\*", 0, "/srv/\\*" },
	{ "/srv/odd/new\nline", 0, "/srv/odd/new\\x0aline", 0, "/srv/odd/new\\x0aline" },
	{ "/", LP_PATH_DIR, "/", 0, "/" },
	{ "/var/lib/app/data", LP_PATH_DIR, "/var/lib/app/data/", 0, "/var/lib/app/data/" },
};

TEST(generalisation_table_case_by_case)
{
	for (size_t i = 0; i < ARRAY_SIZE(pcases); i++) {
		const struct pcase *c = &pcases[i];
		uint32_t rules, lrules;
		char *g = lp_path_pattern(c->path, c->flags, true, &rules);
		char *l = lp_path_pattern(c->path, c->flags, false, &lrules);
		int ok = !strcmp(g, c->glob) && rules == c->rules && !strcmp(l, c->literal) &&
			 lrules == (c->rules & (R(OWN_PROC) | R(VOLATILE)));

		CHECK_MSG(ok, "'%s': got '%s' (rules %#x) and '%s' (rules %#x), want '%s' (%#x) and '%s'",
			  c->path, g, rules, l, lrules, c->glob, c->rules, c->literal);
		free(g);
		free(l);
	}
}

TEST(every_rule_has_a_name_an_example_and_an_explanation)
{
	for (int i = 0; i < LP_GEN_COUNT; i++) {
		const struct lp_gen_rule *r = &lp_gen_rules[i];

		CHECK_MSG(r->name && *r->name && r->example && strstr(r->example, "->") &&
			  r->explain && strlen(r->explain) > 20, "rule %d", i);
		CHECK_MSG(!r->component == (i == LP_GEN_MANY_ENTRIES), "rule %s", r->name);
	}
	CHECK(lp_gen_rules[LP_GEN_OWN_PROC].always);
	CHECK(lp_gen_rules[LP_GEN_VOLATILE].always);
}

/* ---- sets --------------------------------------------------------------- */

static void add_n(struct lp_patterns *ps, const char *fmt, int n, uint32_t key)
{
	for (int i = 0; i < n; i++) {
		char *p = xasprintf(fmt, i);

		lp_patterns_add(ps, p, 0, key);
		free(p);
	}
}

/* The set as "text key covers rules" lines. */
static char *dump(const struct lp_patterns *ps)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < ps->n; i++)
		sb_printf(&sb, "%s %u %zu %x\n", ps->v[i].text, ps->v[i].key, ps->v[i].covers,
			  ps->v[i].rules);
	return sb_detach(&sb);
}

#define MANY (1U << LP_GEN_MANY_ENTRIES)

TEST(eight_files_in_one_directory_become_dir_star)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	add_n(&ps, "/var/cache/app/e%d", 8, 3);
	lp_patterns_add(&ps, "/var/cache/app", LP_PATH_DIR, 3);	/* its own rule stays */
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/var/cache/app/ 3 1 0\n/var/cache/app/* 3 8 10\n");
	CHECK_STR(ps.v[1].examples[0], "/var/cache/app/e0");
	CHECK_STR(ps.v[1].examples[2], "/var/cache/app/e2");
	free(d);
	lp_patterns_free(&ps);
}

TEST(seven_stay_literal_and_mixed_permissions_are_not_merged)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	add_n(&ps, "/srv/seven/s%d", 7, 1);
	add_n(&ps, "/srv/mixed/r%d", 4, 1);
	add_n(&ps, "/srv/mixed/w%d", 4, 2);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_INT(ps.n, 15);
	CHECK(!strchr(d, '*'));
	free(d);
	lp_patterns_free(&ps);
}

TEST(deeper_entries_become_dir_starstar)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	for (int i = 0; i < 8; i++) {
		char *p = xasprintf("/srv/tree/%c/f", 'a' + i);

		lp_patterns_add(&ps, p, 0, 1);
		free(p);
	}
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/srv/tree/** 1 8 10\n");
	free(d);
	lp_patterns_free(&ps);
}

TEST(a_widened_directory_counts_once_in_its_parent)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	add_n(&ps, "/a/b/c/f%d", 8, 1);		/* first /a/b/c/ + star */
	add_n(&ps, "/a/b/g%d", 7, 1);		/* 7 + c = 8 entries of /a/b */
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/a/b/** 1 15 10\n");
	free(d);
	lp_patterns_free(&ps);
}

TEST(top_level_directories_are_never_widened)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	add_n(&ps, "/etc/conf%d", 9, 1);
	add_n(&ps, "/top%d/x", 9, 1);
	add_n(&ps, "/proc/sys%d", 9, 1);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_INT(ps.n, 27);
	CHECK(!strchr(d, '*'));
	free(d);
	lp_patterns_free(&ps);
}

TEST(similar_names_do_not_split_a_directory)
{
	struct lp_patterns ps;
	char *d;

	/* "/a/b" and "/a/b.x" sort between "/a/b/..." entries bytewise */
	lp_patterns_init(&ps, true);
	lp_patterns_add(&ps, "/a/b", 0, 1);
	lp_patterns_add(&ps, "/a/b.x", 0, 1);
	add_n(&ps, "/a/b/%d", 4, 1);
	lp_patterns_add(&ps, "/a/b-y", 0, 1);
	add_n(&ps, "/a/b/z%d", 4, 1);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/a/b 1 1 0\n/a/b-y 1 1 0\n/a/b.x 1 1 0\n/a/b/* 1 8 10\n");
	free(d);
	lp_patterns_free(&ps);
}

TEST(equal_patterns_merge_their_keys)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	lp_patterns_add(&ps, "/opt/lib/libz.so.1", 0, 1);
	lp_patterns_add(&ps, "/opt/lib/libz.so.1.2.13", 0, 32);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/opt/lib/libz.so* 33 2 4\n");
	CHECK_STR(ps.v[0].examples[0], "/opt/lib/libz.so.1");
	CHECK_STR(ps.v[0].examples[1], "/opt/lib/libz.so.1.2.13");
	CHECK(!ps.v[0].examples[2]);
	free(d);
	lp_patterns_free(&ps);
}

TEST(no_glob_widens_nothing)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, false);
	add_n(&ps, "/var/cache/app/e%d", 9, 1);
	lp_patterns_add(&ps, "/tmp/tmpab3x9q2z", 0, 1);
	lp_patterns_add(&ps, "/opt/lib/libz.so.1", 0, 1);
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_INT(ps.n, 11);
	CHECK(!strchr(d, '*'));
	CHECK_STR(ps.v[0].text, "/opt/lib/libz.so.1");	/* sorted */
	free(d);
	lp_patterns_free(&ps);
}

TEST(a_storm_of_20000_files)
{
	struct lp_patterns ps;
	char *d;

	lp_patterns_init(&ps, true);
	for (int p = 0; p < 200; p++)
		for (int f = 0; f < 100; f++) {
			char *s = xasprintf("/tmp/storm/p%d-f%d", p, f);

			lp_patterns_add(&ps, s, 0, 3);
			free(s);
		}
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	d = dump(&ps);
	CHECK_STR(d, "/tmp/storm/* 3 20000 10\n");
	CHECK_STR(ps.v[0].examples[0], "/tmp/storm/p0-f0");
	CHECK_STR(ps.v[0].examples[1], "/tmp/storm/p0-f1");
	CHECK_STR(ps.v[0].examples[2], "/tmp/storm/p0-f10");
	free(d);
	lp_patterns_free(&ps);
}

int main(void)
{
	unit_suite = "paths";
	RUN(escaping_makes_every_special_byte_literal);
	RUN(quoting_only_when_needed);
	RUN(generalisation_table_case_by_case);
	RUN(every_rule_has_a_name_an_example_and_an_explanation);
	RUN(eight_files_in_one_directory_become_dir_star);
	RUN(seven_stay_literal_and_mixed_permissions_are_not_merged);
	RUN(deeper_entries_become_dir_starstar);
	RUN(a_widened_directory_counts_once_in_its_parent);
	RUN(top_level_directories_are_never_widened);
	RUN(similar_names_do_not_split_a_directory);
	RUN(equal_patterns_merge_their_keys);
	RUN(no_glob_widens_nothing);
	RUN(a_storm_of_20000_files);
	return unit_exit();
}
