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

	report_build(rec, &r);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *t = report_render(&r, cases[i].f, false);

		CHECK_MSG(golden_matches(cases[i].golden, t), "%s", cases[i].golden);
		free(t);
	}
	report_free(&r);
	rec_free(rec);
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

int main(void)
{
	unit_suite = "report";
	RUN(goldens);
	RUN(text_fits_80_columns_and_colour_only_when_asked);
	RUN(html_escapes_what_it_shows);
	RUN(coverage_says_what_was_not_seen);
	return unit_exit();
}
