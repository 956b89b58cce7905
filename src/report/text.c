// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report as text (80 columns, colour only when asked, which the
 * command does on a terminal) and as Markdown, ready to paste into a pull
 * request. Both come from one walk over the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "report.h"
#include "risk.h"
#include "util.h"

#define WIDTH 80

struct out {
	struct strbuf sb;
	bool md, color;
};

static const char *c_on(struct out *o, const char *code)
{
	return o->color ? code : "";
}

static const char *c_off(struct out *o)
{
	return o->color ? "\033[0m" : "";
}

static void heading(struct out *o, const char *title)
{
	if (o->md)
		sb_printf(&o->sb, "\n## %s\n\n", title);
	else
		sb_printf(&o->sb, "\n%s%s%s\n", c_on(o, "\033[1m"), title, c_off(o));
}

/* A paragraph wrapped at WIDTH, first line after `lead`, the rest indented
 * by `indent` spaces. Markdown is not wrapped. */
static void wrapped(struct out *o, const char *lead, int indent, const char *text)
{
	size_t col, len;
	const char *p = text;

	sb_puts(&o->sb, lead);
	if (o->md) {
		sb_printf(&o->sb, "%s\n", text);
		return;
	}
	col = strlen(lead);
	while (*p) {
		const char *sp = strchr(p, ' ');

		len = sp ? (size_t)(sp - p) : strlen(p);
		if (col > (size_t)indent && col + 1 + len > WIDTH) {
			sb_printf(&o->sb, "\n%*s", indent, "");
			col = (size_t)indent;
		} else if (col > (size_t)indent && p != text) {
			sb_puts(&o->sb, " ");
			col++;
		}
		sb_add(&o->sb, p, len);
		col += len;
		p += len;
		while (*p == ' ')
			p++;
	}
	sb_puts(&o->sb, "\n");
}

static void bullet(struct out *o, const char *text, uint32_t runs, uint32_t all)
{
	char *t = runs && runs < all ? xasprintf("%s (seen in %u of %u runs)", text, runs, all)
				     : xstrdup(text);

	if (o->md) {
		sb_printf(&o->sb, "- %s\n", t);
	} else {
		wrapped(o, "  - ", 4, t);
	}
	free(t);
}

static void lines(struct out *o, const struct rp_lines *l, uint32_t all, const char *none)
{
	if (!l->n && none)
		bullet(o, none, 0, all);
	for (size_t i = 0; i < l->n; i++)
		bullet(o, l->v[i].text, l->v[i].runs, all);
}

static void kinds_text(struct strbuf *sb, uint32_t kinds)
{
	bool first = true;

	for (int b = 0; b < LP_F_KIND_COUNT; b++)
		if (kinds & (1U << b)) {
			sb_printf(sb, "%s%s", first ? "" : ", ", lp_file_kind_name(b));
			first = false;
		}
}

static void header(struct out *o, const struct lp_report *r)
{
	const struct lp_meta *m = &r->rec->meta;
	struct strbuf cmd;

	sb_init(&cmd);
	for (size_t i = 0; i < m->ncommand; i++)
		sb_printf(&cmd, "%s%s", i ? " " : "", m->command[i]);
	if (!m->ncommand)
		sb_printf(&cmd, "cgroup %s", m->cgroup ? m->cgroup : "?");
	if (o->md)
		sb_printf(&o->sb, "# learnprof report: `%s`\n\n", cmd.buf);
	else
		wrapped(o, "learnprof report: ", 2, cmd.buf);
	sb_printf(&o->sb, "%s%u run%s, %s to %s, kernel %s\n", o->md ? "" : "  ", r->runs,
		  r->runs == 1 ? "" : "s", m->start ? m->start : "?", m->end ? m->end : "?",
		  m->kernel ? m->kernel : "?");
	sb_free(&cmd);
}

static void checklist(struct out *o, const struct lp_report *r)
{
	char title[64];

	snprintf(title, sizeof(title), "Hardening checklist: %zu of %zu ready", r->nready, r->nchecks);
	heading(o, title);
	if (o->md)
		sb_puts(&o->sb, "| CIS | item | status | evidence |\n|---|---|---|---|\n");
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct rp_check *c = &r->checks[i];
		const char *st = rp_status_name(c->status);
		bool ok = c->status == RP_READY;

		if (o->md) {
			sb_printf(&o->sb, "| %s | %s | %s%s%s | %s |\n", c->id, c->title,
				  ok ? "" : "**", st, ok ? "" : "**", c->evidence);
		} else {
			const char *col = ok ? "\033[32m" : c->status == RP_BLOCKED ? "\033[31m"
										  : "\033[33m";
			char *lead = xasprintf("  %s%-7s%s %-4s ", c_on(o, col), st, c_off(o), c->id);
			char *t = xasprintf("%s: %s", c->title, c->evidence);

			wrapped(o, lead, 16, t);
			free(lead);
			free(t);
		}
	}
}

static void risks(struct out *o, const struct lp_report *r)
{
	char *t;

	heading(o, "Risks");
	lines(o, &r->risks, r->runs, "no dangerous syscall or capability was used");
	t = xasprintf("attack surface removed: %zu of the %zu syscalls Docker's default profile allows were never used (%zu%%)",
		      r->docker_unused, r->docker_total,
		      r->docker_total ? r->docker_unused * 100 / r->docker_total : 0);
	bullet(o, t, 0, r->runs);
	free(t);
	if (r->beyond_docker.n) {
		struct strbuf sb;

		sb_init(&sb);
		sb_puts(&sb, "used beyond Docker's default profile:");
		for (size_t i = 0; i < r->beyond_docker.n; i++)
			sb_printf(&sb, " %s", r->beyond_docker.v[i].text);
		bullet(o, sb.buf, 0, r->runs);
		sb_free(&sb);
	}
}

static void sub_bullet(struct out *o, const char *text)
{
	if (o->md)
		sb_printf(&o->sb, "  - %s\n", text);
	else
		wrapped(o, "    - ", 6, text);
}

/* Reachable but not observed, per program (src/report/reach.c). */
static void reach(struct out *o, const struct lp_report *r)
{
	if (!r->nreach)
		return;
	heading(o, "Reachable but not observed (static analysis, docs/reach.md)");
	for (size_t i = 0; i < r->nreach; i++) {
		const struct rp_reach_exe *x = &r->reach[i];
		char *path = lp_display(x->exe->path), *t;

		if (!x->exe->reach)
			t = xasprintf("%s: not computed (`learnprof reach --update` adds it)", path);
		else
			t = xasprintf("%s: %zu syscall%s its code and libraries can reach, never observed (%zu file%s read)",
				      path, x->n, x->n == 1 ? "" : "s", x->exe->reach->read.n,
				      x->exe->reach->read.n == 1 ? "" : "s");
		bullet(o, t, 0, r->runs);
		for (size_t k = 0; k < x->lines.n; k++)
			sub_bullet(o, x->lines.v[k].text);
		for (size_t k = 0; k < x->limits.n; k++)
			sub_bullet(o, x->limits.v[k].text);
		free(t);
		free(path);
	}
}

static void syscalls(struct out *o, const struct lp_report *r)
{
	heading(o, "Syscalls by group (with counts)");
	for (int g = 0; g < LP_GROUP_COUNT; g++) {
		struct strbuf sb;
		char *lead;

		if (!r->group_count[g])
			continue;
		sb_init(&sb);
		for (size_t i = 0, n = 0; i < r->nsys; i++)
			if (r->sys[i].group == g)
				sb_printf(&sb, "%s%s%s %llu", n++ ? ", " : "", o->md ? "" : "",
					  r->sys[i].name, (unsigned long long)r->sys[i].count);
		lead = o->md ? xasprintf("- **%s** (%zu): ", lp_group_name(g), r->group_count[g])
			     : xasprintf("  %s (%zu): ", lp_group_name(g), r->group_count[g]);
		wrapped(o, lead, 4, sb.buf);
		free(lead);
		sb_free(&sb);
	}
}

static void capabilities(struct out *o, const struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;

	heading(o, "Capabilities");
	if (h->caps_withheld) {
		char *t = xasprintf("capabilities needed: withheld: %s", h->caps_withheld);

		bullet(o, t, 0, r->runs);
		free(t);
	} else if (!h->nneeded) {
		bullet(o, "none was needed", 0, r->runs);
	}
	for (size_t i = 0; i < h->nneeded; i++)
		for (size_t k = 0; k < h->needed[i].nuses; k++) {
			const struct lp_cap_use *u = &h->needed[i].uses[k];
			char *t = xasprintf("%s, needed by %s in %s%s%s%s (%llu check%s)",
					    lp_cap_name(h->needed[i].cap), u->program,
					    u->syscall ? u->syscall : "no syscall",
					    u->function ? " (kernel: " : "", u->function ? u->function : "",
					    u->function ? ")" : "", (unsigned long long)u->count,
					    u->count == 1 ? "" : "s");

			bullet(o, t, 0, r->runs);
			free(t);
		}
	for (size_t i = 0; i < h->ndenied; i++) {
		char *t = xasprintf("%s was checked and denied: the run did without it",
				    lp_cap_name(h->denied[i]));

		bullet(o, t, 0, r->runs);
		free(t);
	}
	for (size_t i = 0; i < h->noptional; i++) {
		char *t = xasprintf("%s was only checked without auditing (not needed)",
				    lp_cap_name(h->optional[i]));

		bullet(o, t, 0, r->runs);
		free(t);
	}
}

static void files(struct out *o, const struct lp_report *r)
{
	heading(o, "Files, by directory");
	if (!r->ndirs)
		bullet(o, "none", 0, r->runs);
	for (size_t i = 0; i < r->ndirs; i++) {
		const struct rp_dir *d = &r->dirs[i];

		sb_printf(&o->sb, o->md ? "- `%s/`\n" : "  %s/\n", strcmp(d->dir, "/") ? d->dir : "");
		for (size_t k = 0; k < d->nfiles; k++) {
			const struct rp_file *f = &d->files[k];
			struct strbuf sb;
			char *lead, *name;

			sb_init(&sb);
			kinds_text(&sb, f->kinds);
			if (f->errors)
				sb_printf(&sb, "%s%s", f->kinds ? "; " : "", f->errors);
			if (f->runs < r->runs)
				sb_printf(&sb, " (seen in %u of %u runs)", f->runs, r->runs);
			name = f->folded ? xasprintf("%s (%zu files)", f->path, f->folded)
					 : xstrdup(f->path);
			if (o->md) {
				sb_printf(&o->sb, "  - `%s`: %s\n", name, sb.buf);
			} else {
				lead = strlen(name) < 28 ? xasprintf("      %-28s ", name)
							 : xasprintf("      %s ", name);
				wrapped(o, lead, 35, sb.buf);
				free(lead);
			}
			free(name);
			sb_free(&sb);
		}
	}
}

char *report_text(const struct lp_report *r, bool markdown, bool color)
{
	struct out o = { .md = markdown, .color = color };

	sb_init(&o.sb);
	header(&o, r);
	heading(&o, "What it needs");
	for (size_t i = 0; i < r->nmanifest; i++)
		bullet(&o, r->manifest[i], 0, r->runs);
	checklist(&o, r);
	risks(&o, r);
	heading(&o, "Coverage");
	lines(&o, &r->coverage, r->runs, "every probe was active, nothing was lost, every fact was seen in every run");
	reach(&o, r);
	syscalls(&o, r);
	capabilities(&o, r);
	files(&o, r);
	heading(&o, "Network");
	lines(&o, &r->network, r->runs, "no network activity");
	heading(&o, "Programs");
	lines(&o, &r->exec_tree, r->runs, "no other program was run");
	heading(&o, "Identities");
	lines(&o, &r->identities, r->runs, "no identity was recorded");
	heading(&o, "Signals and ptrace");
	lines(&o, &r->signals, r->runs, "no signal was sent");
	heading(&o, "Landlock");
	lines(&o, &r->landlock, r->runs, NULL);
	if (r->runtime.n) {
		heading(&o, "The container runtime (kept apart from the application)");
		lines(&o, &r->runtime, r->runs, NULL);
	}
	if (r->partial.n) {
		heading(&o, "Seen in only some runs");
		lines(&o, &r->partial, r->runs, NULL);
	}
	return sb_detach(&o.sb);
}
