// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report: golden output in every format, width, colour, escaping. */
#include <errno.h>

#include <json-c/json.h>

#include "unit.h"
#include "recording.h"
#include "report.h"
#include "seccomp_gen.h"

TEST(goldens)
{
	static const struct {
		enum lp_report_format f;
		const char *golden;
	} cases[] = {
		{ LP_REPORT_TEXT, "merged-ab.report.txt" },
		{ LP_REPORT_MARKDOWN, "merged-ab.report.md" },
		{ LP_REPORT_JSON, "merged-ab.report.json" },
		{ LP_REPORT_HTML, "merged-ab.report.html" },
	};
	struct lp_recording *rec = golden_recording("rec-a.json", "rec-b.json");
	struct lp_report r;
	struct strbuf bad;

	/* Every golden is compared before the check fails. */
	sb_init(&bad);
	report_build(rec, &r);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *t = report_render(&r, cases[i].f, false);

		if (!golden_matches(cases[i].golden, t))
			sb_printf(&bad, " %s", cases[i].golden);
		free(t);
	}
	report_free(&r);
	rec_free(rec);
	CHECK_MSG(!bad.len, "differ:%s", bad.buf);
	sb_free(&bad);
}

TEST(text_fits_80_columns_and_colour_only_when_asked)
{
	struct lp_recording *rec = golden_recording("rec-a.json", "rec-b.json");
	struct lp_report r;
	char *plain, *color, *line, *save = NULL;

	/* A long path and a long network line must wrap, not overflow. */
	exe_file(rec_exe(rec, "/usr/bin/app"),
		 "/var/lib/app/a/very/long/path/that/goes/on/and/on/beyond/eighty/columns/for/sure.txt")->kinds = LP_F_READ;
	report_build(rec, &r);
	plain = report_text(&r, false, false);
	color = report_text(&r, false, true);
	CHECK(!strchr(plain, '\033'));
	CHECK(strstr(color, "\033[1m"));
	for (line = strtok_r(plain, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strstr(line, "/very/long/path"))	/* a single word may not be cut */
			CHECK_MSG(strlen(line) <= 80, "%zu columns: %s", strlen(line), line);
	free(plain);
	free(color);
	report_free(&r);
	rec_free(rec);
}

TEST(html_escapes_what_it_shows)
{
	struct lp_recording *rec = golden_recording("rec-a.json", "rec-b.json");
	struct lp_report r;
	char *h;

	exe_file(rec_exe(rec, "/usr/bin/app"), "/tmp/<script>alert(1)</script>&\"x'")->kinds = LP_F_READ;
	report_build(rec, &r);
	h = report_html(&r);
	CHECK(!strstr(h, "<script>"));
	CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;x&#39;"));
	CHECK(strstr(h, "Content-Security-Policy"));
	CHECK(!strstr(h, "http://") && !strstr(h, "https://"));	/* nothing fetched */
	free(h);
	report_free(&r);
	rec_free(rec);
}

TEST(coverage_says_what_was_not_seen)
{
	struct lp_recording *rec = golden_recording("rec-a.json", "rec-b.json");
	struct lp_report r;
	char *t;

	rec_add_probe(rec, "capabilities", "tp_btf/cap_capable", false,
		      "the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)", NULL);
	report_build(rec, &r);
	t = report_text(&r, false, false);
	CHECK(strstr(t, "capabilities were not observed: the kernel has no"));
	CHECK(strstr(t, "2 events were lost"));
	CHECK(strstr(t, "(seen in 1 of 2 runs)"));
	free(t);
	report_free(&r);
	rec_free(rec);
}

static struct lp_recording *nonroot_without(const char *probe)
{
	char *p = golden_path("rec-nonroot.json");
	struct lp_recording *r = rec_load(p);

	free(p);
	for (size_t i = 0; r && i < r->meta.nprobes; i++)
		if (!strcmp(r->meta.probes[i].name, probe)) {
			r->meta.probes[i].active = false;
			r->meta.probes[i].reason = xstrdup("switched off by --no-probe");
		}
	return r;
}

static bool has_manifest(const struct lp_report *r, const char *line)
{
	for (size_t i = 0; i < r->nmanifest; i++)
		if (!strcmp(r->manifest[i], line))
			return true;
	return false;
}

/* Every probe active: every claim made (the ready path). */
TEST(golden_with_every_probe_active)
{
	char *p = golden_path("rec-nonroot.json");
	struct lp_recording *rec = rec_load(p);
	struct lp_report r;
	char *t;

	free(p);
	report_build(rec, &r);
	t = report_text(&r, false, false);
	CHECK_INT(r.nready, 6);
	CHECK_MSG(golden_matches("rec-nonroot.report.txt", t), "rec-nonroot.report.txt");
	free(t);
	report_free(&r);
	rec_free(rec);
}

TEST(capabilities_probe_off_withholds_capability_claims)
{
	struct lp_recording *rec = nonroot_without("capabilities");
	struct lp_report r;
	char *t;

	report_build(rec, &r);
	CHECK(has_manifest(&r, "capabilities needed: withheld: the capabilities probe was not active: switched off by --no-probe"));
	CHECK(!has_manifest(&r, "needs no capability"));
	CHECK(has_manifest(&r, "writes only under /var/lib/app"));
	CHECK_STR(r.checks[0].id, "4.1");
	CHECK_INT(r.checks[0].status, RP_UNKNOWN);
	CHECK_STR(r.checks[0].evidence, "withheld: the capabilities probe was not active: switched off by --no-probe");
	CHECK_STR(r.checks[3].id, "5.4");
	CHECK_INT(r.checks[3].status, RP_UNKNOWN);
	CHECK_STR(r.checks[3].evidence, r.checks[0].evidence);
	CHECK_INT(r.checks[1].status, RP_READY);
	CHECK_INT(r.nready, 4);
	t = report_text(&r, false, false);
	CHECK(strstr(t, "  unknown 4.1  runs as a non-root user: withheld: the capabilities probe"));
	CHECK(!strstr(t, "none was needed"));
	free(t);
	t = report_text(&r, true, false);
	CHECK(strstr(t, "| 4.1 | runs as a non-root user | **unknown** | withheld: the capabilities probe was not active: switched off by --no-probe |"));
	free(t);
	t = report_json(&r);
	CHECK(strstr(t, "\"status\": \"unknown\",\n      \"evidence\": \"withheld: the capabilities probe"));
	free(t);
	t = report_html(&r);
	CHECK(strstr(t, "<td class=\"unknown\">unknown</td><td>withheld: the capabilities probe"));
	free(t);
	report_free(&r);
	rec_free(rec);
}

TEST(arguments_probe_off_withholds_files_and_network_claims)
{
	static const char why[] = "the arguments probe was not active: switched off by --no-probe";
	struct lp_recording *rec = nonroot_without("arguments");
	struct lp_report r;
	char *line;

	report_build(rec, &r);
	line = xasprintf("listens on: withheld: %s", why);
	CHECK(has_manifest(&r, line));
	free(line);
	line = xasprintf("connects to: withheld: %s", why);
	CHECK(has_manifest(&r, line));
	free(line);
	line = xasprintf("writes: withheld: %s", why);
	CHECK(has_manifest(&r, line));
	free(line);
	CHECK(has_manifest(&r, "needs no capability"));
	CHECK_STR(r.checks[1].id, "5.12");
	CHECK_INT(r.checks[1].status, RP_UNKNOWN);
	line = xasprintf("withheld: %s", why);
	CHECK_STR(r.checks[1].evidence, line);
	free(line);
	CHECK_INT(r.checks[0].status, RP_READY);	/* non-root rests on capabilities */
	report_free(&r);
	rec_free(rec);
}

/* A run of one program with its facts; every probe active. */
static struct lp_recording *one_program(struct lp_exe **e)
{
	static const char *const probes[] = {
		"syscalls", "processes", "arguments", "capabilities", "signals",
	};
	struct lp_recording *r = rec_new();

	r->meta.runs = 1;
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		rec_add_probe(r, probes[i], "tp_btf/x", true, NULL, NULL);
	*e = rec_exe(r, "/usr/lib/db/bin/db");
	return r;
}

static char *text_of(const struct lp_recording *rec)
{
	struct lp_report r;
	char *t;

	report_build(rec, &r);
	t = report_render(&r, LP_REPORT_TEXT, false);
	report_free(&r);
	return t;
}

/* 20 relation files read and written fold into one line with their count;
 * those with other kinds, a failure or too few stay one per line. */
TEST(large_directories_fold_with_counts)
{
	struct lp_exe *e;
	struct lp_recording *rec = one_program(&e);
	char *t;

	for (int i = 0; i < 20; i++) {
		char *p = xasprintf("/srv/db/base/5/%d", 1200 + i);

		file_add(exe_file(e, p), LP_F_READ | LP_F_WRITE, 0, 0);
		free(p);
	}
	file_add(exe_file(e, "/srv/db/base/5/PG_VERSION"), LP_F_READ, 0, 0);
	file_add(exe_file(e, "/srv/db/base/5/1300_fsm"), LP_F_READ, ENOENT, 0);
	for (int i = 0; i < 20; i++) {	/* /etc is too shallow to fold */
		char *p = xasprintf("/etc/conf%02d", i);

		file_add(exe_file(e, p), LP_F_READ, 0, 0);
		free(p);
	}
	rec_sort(rec);
	t = text_of(rec);
	CHECK(strstr(t, "\n  /srv/db/base/5/\n"
		       "      * (20 files)                 read, write\n"
		       "      1300_fsm                     not found (ENOENT) on read\n"
		       "      PG_VERSION                   read\n"));
	CHECK(strstr(t, "      conf19                       read\n"));
	free(t);
	/* 15 alike still list by name */
	for (int i = 0; i < 5; i++) {
		char *p = xasprintf("/srv/db/base/5/%d", 1200 + i);

		exe_find_file(e, p)->kinds = LP_F_READ;
		free(p);
	}
	t = text_of(rec);
	CHECK(!strstr(t, "* ("));
	CHECK(strstr(t, "      1204                         read\n"
		       "      1205                         read, write\n"));
	free(t);
	rec_free(rec);
}

TEST(failures_are_called_by_their_error)
{
	struct lp_exe *e;
	struct lp_recording *rec = one_program(&e);
	char *t;

	file_add(exe_file(e, "/srv/a"), LP_F_READ, ENOENT, 0);
	file_add(exe_file(e, "/srv/b"), LP_F_WRITE, EACCES, 0);
	file_add(exe_file(e, "/srv/c"), LP_F_CHOWN, EPERM, 0);
	file_add(exe_file(e, "/srv/d"), LP_F_WRITE | LP_F_APPEND, EROFS, 0);
	rec_sort(rec);
	t = text_of(rec);
	CHECK(strstr(t, "      a                            not found (ENOENT) on read\n"
		       "      b                            denied (EACCES) on write\n"
		       "      c                            denied (EPERM) on chown\n"
		       "      d                            EROFS on write, append\n"));
	free(t);
	rec_free(rec);
}

static void net_fact(struct lp_exe *e, enum lp_cat cat, const char *fam, const char *type,
		     const char *addr, int64_t port)
{
	struct lp_fact f = { .s = { (char *)fam, (char *)type, (char *)addr },
			     .n = { port }, .count = 1 };

	exe_fact(e, cat, &f);
}

TEST(unix_sockets_read_like_unix_sockets)
{
	struct lp_exe *e;
	struct lp_recording *rec = one_program(&e);
	char *t;

	net_fact(e, LP_CAT_LISTEN, "unix", "stream", "/run/db/.s.PGSQL.5432", 0);
	net_fact(e, LP_CAT_ACCEPT, "unix", "stream", NULL, 0);
	net_fact(e, LP_CAT_ACCEPT, "unix", "dgram", NULL, 0);
	net_fact(e, LP_CAT_ACCEPT, "inet", "stream", "127.0.0.1", 5432);
	rec_sort(rec);
	t = text_of(rec);
	CHECK(strstr(t, "\nNetwork\n"
		       "  - accepts on tcp port 5432 from 127.0.0.1\n"
		       "  - accepts on unix-stream /run/db/.s.PGSQL.5432\n"
		       "  - accepts unix-dgram connections (unnamed peer)\n"
		       "  - listens on unix-stream /run/db/.s.PGSQL.5432\n"));
	CHECK(!strstr(t, "port 0"));
	free(t);
	rec_free(rec);
}

/* The distinct names the ALLOW rules of an OCI profile list. */
static size_t allowed_names(const char *prof)
{
	json_object *root = json_tokener_parse(prof), *rules, *names;
	char **seen = NULL;
	size_t n = 0;

	if (!root || !json_object_object_get_ex(root, "syscalls", &rules))
		return 0;
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i), *act;

		json_object_object_get_ex(rule, "action", &act);
		if (strcmp(json_object_get_string(act), "SCMP_ACT_ALLOW") ||
		    !json_object_object_get_ex(rule, "names", &names))
			continue;
		for (size_t k = 0; k < json_object_array_length(names); k++) {
			const char *name = json_object_get_string(json_object_array_get_idx(names, k));
			bool dup = false;

			for (size_t j = 0; j < n && !dup; j++)
				dup = !strcmp(seen[j], name);
			if (!dup) {
				seen = xrealloc(seen, (n + 1) * sizeof(char *));
				seen[n++] = xstrdup(name);
			}
		}
	}
	for (size_t j = 0; j < n; j++)
		free(seen[j]);
	free(seen);
	json_object_put(root);
	return n;
}

/* The report's count is the profile's: the names seccomp allows. */
TEST(the_syscall_count_is_the_profiles)
{
	struct lp_recording *rec = golden_recording("rec-a.json", "rec-b.json");
	struct lp_seccomp_opts so = { .format = LP_SECCOMP_OCI };
	struct lp_report r;
	struct lp_profile_count c;
	char *prof, *want;
	size_t n = 0;

	prof = lp_seccomp_generate(rec, &so);
	lp_seccomp_count(rec, &so, &c);
	report_build(rec, &r);
	n = allowed_names(prof);
	CHECK_INT(n, c.allowed);
	CHECK_INT(r.profile.allowed, c.allowed);
	CHECK_INT(c.allowed, c.observed + c.companions + c.floor);
	want = xasprintf("its seccomp profile allows %zu syscalls (%zu observed, %zu implied "
			 "companions); Docker's default profile allows %zu", c.allowed, c.observed,
			 c.companions, r.docker_total);
	CHECK_STR(r.manifest[r.nmanifest - 1], want);
	free(want);
	report_free(&r);
	free(prof);
	rec_free(rec);
}

int main(void)
{
	unit_suite = "report";
	RUN(goldens);
	RUN(text_fits_80_columns_and_colour_only_when_asked);
	RUN(html_escapes_what_it_shows);
	RUN(coverage_says_what_was_not_seen);
	RUN(golden_with_every_probe_active);
	RUN(capabilities_probe_off_withholds_capability_claims);
	RUN(arguments_probe_off_withholds_files_and_network_claims);
	RUN(large_directories_fold_with_counts);
	RUN(failures_are_called_by_their_error);
	RUN(unix_sockets_read_like_unix_sockets);
	RUN(the_syscall_count_is_the_profiles);
	return unit_exit();
}
