// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report as one self-contained HTML file: inline CSS, charts drawn as
 * inline SVG, no script and no network fetch, so it opens anywhere (a CI
 * artifact, an air-gapped laptop) and cannot throw a JavaScript error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "report.h"
#include "risk.h"
#include "util.h"

static void esc(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_puts(sb, "&amp;"); break;
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '"': sb_puts(sb, "&quot;"); break;
		case '\'': sb_puts(sb, "&#39;"); break;
		default: sb_add(sb, s, 1);
		}
	}
}

static void tag_text(struct strbuf *sb, const char *tag, const char *text)
{
	sb_printf(sb, "<%s>", tag);
	esc(sb, text);
	sb_printf(sb, "</%s>\n", tag);
}

static void list(struct strbuf *sb, const struct rp_lines *l, uint32_t runs, const char *none)
{
	sb_puts(sb, "<ul>\n");
	if (!l->n)
		tag_text(sb, "li", none);
	for (size_t i = 0; i < l->n; i++) {
		sb_puts(sb, "<li>");
		esc(sb, l->v[i].text);
		if (l->v[i].runs && l->v[i].runs < runs)
			sb_printf(sb, " <span class=\"partial\">seen in %u of %u runs</span>",
				  l->v[i].runs, runs);
		sb_puts(sb, "</li>\n");
	}
	sb_puts(sb, "</ul>\n");
}

/* Horizontal bars for the most frequent syscalls. */
static void chart_frequency(struct strbuf *sb, const struct lp_report *r)
{
	size_t n = r->nsys < 25 ? r->nsys : 25;
	uint64_t max = n ? r->sys[0].count : 1;
	int h = (int)n * 18 + 10;

	sb_printf(sb, "<svg id=\"chart-frequency\" role=\"img\" aria-label=\"syscall frequency\" "
		      "width=\"720\" height=\"%d\" viewBox=\"0 0 720 %d\">\n", h, h);
	for (size_t i = 0; i < n; i++) {
		double w = 480.0 * (double)r->sys[i].count / (double)(max ? max : 1);
		int y = (int)i * 18 + 5;

		sb_printf(sb, "<text x=\"150\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 12);
		esc(sb, r->sys[i].name);
		sb_printf(sb, "</text><rect x=\"156\" y=\"%d\" width=\"%.1f\" height=\"14\" class=\"g%d\"/>"
			      "<text x=\"%.1f\" y=\"%d\" class=\"val\">%llu</text>\n",
			  y, w < 1 ? 1 : w, r->sys[i].group, 160 + (w < 1 ? 1 : w), y + 12,
			  (unsigned long long)r->sys[i].count);
	}
	sb_puts(sb, "</svg>\n");
}

/* One stacked bar: used and allowed by Docker, allowed by Docker but never
 * used, used beyond Docker's default. */
static void chart_docker(struct strbuf *sb, const struct lp_report *r)
{
	size_t used = r->docker_total - r->docker_unused, beyond = r->beyond_docker.n;
	size_t total = r->docker_total + beyond;
	double scale = total ? 660.0 / (double)total : 0;
	double a = used * scale, b = r->docker_unused * scale, c = beyond * scale;

	sb_printf(sb, "<svg id=\"chart-docker\" role=\"img\" aria-label=\"allowed versus Docker default\" "
		      "width=\"720\" height=\"90\" viewBox=\"0 0 720 90\">\n"
		      "<rect x=\"10\" y=\"10\" width=\"%.1f\" height=\"28\" class=\"used\"/>\n"
		      "<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"28\" class=\"unused\"/>\n"
		      "<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"28\" class=\"beyond\"/>\n"
		      "<text x=\"10\" y=\"58\" class=\"lbl\">used: %zu</text>\n"
		      "<text x=\"200\" y=\"58\" class=\"lbl\">allowed by Docker's default, never used: %zu</text>\n"
		      "<text x=\"10\" y=\"80\" class=\"lbl\">used beyond Docker's default: %zu</text>\n"
		      "</svg>\n",
		  a, 10 + a, b, 10 + a + b, c, used + beyond, r->docker_unused, beyond);
}

/* The exec tree as nested lists: roots are programs nobody exec'd. */
static void tree_node(struct strbuf *sb, const struct lp_recording *rec, const char *path,
		      int depth)
{
	const struct lp_exe *e = rec_find_exe(rec, path);

	sb_puts(sb, "<li><code>");
	esc(sb, path);
	sb_puts(sb, "</code>");
	if (e && e->facts[LP_CAT_EXECUTES].n && depth < 16) {
		sb_puts(sb, "<ul>\n");
		for (size_t k = 0; k < e->facts[LP_CAT_EXECUTES].n; k++) {
			const char *child = e->facts[LP_CAT_EXECUTES].v[k].s[0];

			if (child && strcmp(child, path))
				tree_node(sb, rec, child, depth + 1);
		}
		sb_puts(sb, "</ul>");
	}
	sb_puts(sb, "</li>\n");
}

static bool is_child(const struct lp_recording *rec, const char *path)
{
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_factset *fs = &rec->exes[i]->facts[LP_CAT_EXECUTES];

		for (size_t k = 0; k < fs->n; k++)
			if (fs->v[k].s[0] && !strcmp(fs->v[k].s[0], path) &&
			    strcmp(rec->exes[i]->path, path))
				return true;
	}
	return false;
}

static void chart_tree(struct strbuf *sb, const struct lp_report *r)
{
	sb_puts(sb, "<ul id=\"exec-tree\" class=\"tree\">\n");
	for (size_t i = 0; i < r->rec->nexes; i++)
		if (!is_child(r->rec, r->rec->exes[i]->path))
			tree_node(sb, r->rec, r->rec->exes[i]->path, 0);
	sb_puts(sb, "</ul>\n");
}

/* One colour per syscall group, in LP_GROUP_* order. */
static const char *const group_colors[LP_GROUP_COUNT] = {
	"#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d", "#72b7b2", "#eeca3b",
	"#e45756", "#bab0ac",
};

static const char css[] =
	"body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1b1f24}"
	"h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
	"code{background:#f2f4f7;padding:0 .2em}table{border-collapse:collapse}"
	"td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}"
	".ready{color:#116329;font-weight:bold}.blocked{color:#b42318;font-weight:bold}"
	".unknown{color:#9a6700;font-weight:bold}"
	".partial{color:#9a6700;font-size:.9em}.lbl{font-size:12px}.val{font-size:11px;fill:#555}"
	".used{fill:#4c78a8}.unused{fill:#d0d7de}.beyond{fill:#e45756}"
	".tree,.tree ul{list-style:none;padding-left:1.2em;border-left:1px dotted #999}"
	".legend span{display:inline-block;margin-right:1em;font-size:12px}"
	".legend i{display:inline-block;width:10px;height:10px;margin-right:4px}";

/* Reachable but not observed (src/report/reach.c), per program. */
static void reach_html(struct strbuf *sb, const struct lp_report *r)
{
	if (!r->nreach)
		return;
	sb_puts(sb, "<h2 id=\"reach\">Reachable but not observed (static analysis)</h2>\n");
	for (size_t i = 0; i < r->nreach; i++) {
		const struct rp_reach_exe *x = &r->reach[i];
		char *path = lp_display(x->exe->path);

		sb_puts(sb, "<h3><code>");
		esc(sb, path);
		sb_puts(sb, "</code></h3>\n");
		if (!x->exe->reach)
			sb_puts(sb, "<p>not computed (<code>learnprof reach --update</code> adds it)</p>\n");
		else
			list(sb, &x->lines, r->runs, "nothing");
		if (x->limits.n)
			list(sb, &x->limits, r->runs, NULL);
		free(path);
	}
}

char *report_html(const struct lp_report *r)
{
	const struct lp_meta *m = &r->rec->meta;
	struct strbuf sb, cmd;

	sb_init(&sb);
	sb_init(&cmd);
	for (size_t i = 0; i < m->ncommand; i++)
		sb_printf(&cmd, "%s%s", i ? " " : "", m->command[i]);
	if (!m->ncommand)
		sb_printf(&cmd, "cgroup %s", m->cgroup ? m->cgroup : "?");
	sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		     "<title>learnprof report: ");
	esc(&sb, cmd.buf);
	sb_printf(&sb, "</title>\n<style>%s", css);
	for (int g = 0; g < LP_GROUP_COUNT; g++)
		sb_printf(&sb, ".g%d{fill:%s}", g, group_colors[g]);
	sb_puts(&sb, "</style>\n</head>\n<body>\n<h1>learnprof report: <code>");
	esc(&sb, cmd.buf);
	sb_printf(&sb, "</code></h1>\n<p>%u run%s, ", r->runs, r->runs == 1 ? "" : "s");
	esc(&sb, m->start);
	sb_puts(&sb, " to ");
	esc(&sb, m->end);
	sb_puts(&sb, ", kernel ");
	esc(&sb, m->kernel);
	sb_puts(&sb, "</p>\n<h2 id=\"needs\">What it needs</h2>\n<ul>\n");
	for (size_t i = 0; i < r->nmanifest; i++)
		tag_text(&sb, "li", r->manifest[i]);
	sb_printf(&sb, "</ul>\n<h2 id=\"checklist\">Hardening checklist: %zu of %zu ready</h2>\n"
		       "<table>\n<tr><th>CIS</th><th>item</th><th>status</th><th>evidence</th></tr>\n",
		  r->nready, r->nchecks);
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct rp_check *c = &r->checks[i];
		const char *st = rp_status_name(c->status);

		sb_printf(&sb, "<tr><td>%s</td><td>", c->id);
		esc(&sb, c->title);
		sb_printf(&sb, "</td><td class=\"%s\">%s</td><td>", st, st);
		esc(&sb, c->evidence);
		sb_puts(&sb, "</td></tr>\n");
	}
	sb_puts(&sb, "</table>\n<h2 id=\"risks\">Risks</h2>\n");
	list(&sb, &r->risks, r->runs, "no dangerous syscall or capability was used");
	sb_printf(&sb, "<p>Attack surface removed: <strong>%zu</strong> of the %zu syscalls Docker's "
		       "default profile allows were never used (%zu%%).</p>\n",
		  r->docker_unused, r->docker_total,
		  r->docker_total ? r->docker_unused * 100 / r->docker_total : 0);
	chart_docker(&sb, r);
	sb_puts(&sb, "<h2 id=\"coverage\">Coverage</h2>\n");
	list(&sb, &r->coverage, r->runs,
	     "every probe was active, nothing was lost, every fact was seen in every run");
	sb_puts(&sb, "<h2 id=\"syscalls\">Syscalls</h2>\n<p class=\"legend\">");
	for (int g = 0; g < LP_GROUP_COUNT; g++)
		if (r->group_count[g])
			sb_printf(&sb, "<span><i style=\"background:%s\"></i>%s (%zu)</span>",
				  group_colors[g], lp_group_name(g), r->group_count[g]);
	sb_puts(&sb, "</p>\n");
	chart_frequency(&sb, r);
	sb_puts(&sb, "<h2 id=\"files\">Files</h2>\n<table>\n<tr><th>path</th><th>access</th></tr>\n");
	for (size_t i = 0; i < r->ndirs; i++)
		for (size_t k = 0; k < r->dirs[i].nfiles; k++) {
			const struct rp_file *f = &r->dirs[i].files[k];

			sb_puts(&sb, "<tr><td><code>");
			esc(&sb, r->dirs[i].dir);
			if (strcmp(r->dirs[i].dir, "/"))
				sb_puts(&sb, "/");
			esc(&sb, f->path);
			sb_puts(&sb, "</code>");
			if (f->folded)
				sb_printf(&sb, " (%zu files)", f->folded);
			sb_puts(&sb, "</td><td>");
			for (int b = 0, n = 0; b < LP_F_KIND_COUNT; b++)
				if (f->kinds & (1U << b))
					sb_printf(&sb, "%s%s", n++ ? ", " : "", lp_file_kind_name(b));
			if (f->errors) {
				sb_puts(&sb, " <span class=\"blocked\">");
				esc(&sb, f->errors);
				sb_puts(&sb, "</span>");
			}
			sb_puts(&sb, "</td></tr>\n");
		}
	sb_puts(&sb, "</table>\n<h2 id=\"network\">Network</h2>\n");
	list(&sb, &r->network, r->runs, "no network activity");
	sb_puts(&sb, "<h2 id=\"programs\">Programs</h2>\n");
	chart_tree(&sb, r);
	sb_puts(&sb, "<h2 id=\"identities\">Identities</h2>\n");
	list(&sb, &r->identities, r->runs, "no identity was recorded");
	sb_puts(&sb, "<h2 id=\"signals\">Signals and ptrace</h2>\n");
	list(&sb, &r->signals, r->runs, "no signal was sent");
	sb_puts(&sb, "<h2 id=\"landlock\">Landlock</h2>\n");
	list(&sb, &r->landlock, r->runs, "");
	reach_html(&sb, r);
	if (r->runtime.n) {
		sb_puts(&sb, "<h2 id=\"runtime\">The container runtime (kept apart from the application)</h2>\n");
		list(&sb, &r->runtime, r->runs, "");
	}
	sb_puts(&sb, "</body>\n</html>\n");
	sb_free(&cmd);
	return sb_detach(&sb);
}
