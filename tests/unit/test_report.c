// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report: golden output in every format, width, colour, escaping. */
#include "unit.h"
#include "recording.h"
#include "report.h"

static struct lp_recording *merged(void)
{
	char *a = golden_path("rec-a.json"), *b = golden_path("rec-b.json");
	char *paths[] = { a, b };
	struct lp_recording *r = rec_load_all(paths, 2);

	free(a);
	free(b);
	return r;
}

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
	struct lp_recording *rec = merged();
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
	struct lp_recording *rec = merged();
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
	struct lp_recording *rec = merged();
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
	struct lp_recording *rec = merged();
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
	return unit_exit();
}
