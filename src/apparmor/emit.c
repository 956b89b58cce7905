// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The profile text: header comments, each profile's rules in sections, the
 * nested and discrete profiles, escaping of recorded text in comments.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "apparmor_rules.h"
#include "learnprof_abi.h"
#include "names.h"
#include "apparmor_pattern.h"
#include "profile_name.h"
#include "recording.h"
#include "strmap.h"
#include "util.h"
#include "volatile.h"
#include "model.h"

/* ---- text helpers ------------------------------------------------------- */

/* A recorded string made safe for a comment: control bytes and bytes that
 * are not UTF-8 as \xHH, cut after COMMENT_MAX bytes. */
char *aa_comment_text(const char *s)
{
	struct strbuf sb;
	size_t n = strlen(s);

	sb_init(&sb);
	for (size_t i = 0; i < n && i < COMMENT_MAX; i++) {
		unsigned char c = s[i];
		size_t u = c >= 0x80 ? lp_utf8_len(s + i, n - i) : 0;

		if (u) {
			sb_add(&sb, s + i, u);
			i += u - 1;
		} else if (c < 0x20 || c >= 0x7f) {
			sb_printf(&sb, "\\x%02x", c);
		} else {
			sb_add(&sb, s + i, 1);
		}
	}
	if (n > COMMENT_MAX)
		sb_puts(&sb, "...");
	return sb_detach(&sb);
}


/* A name as written after "profile", "peer=" or "->": quoted with spaces. */
char *aa_name_text(const char *name)
{
	return strchr(name, ' ') ? xasprintf("\"%s\"", name) : xstrdup(name);
}

/* A recorded path as an exact pattern, quoted when it needs to be. */
char *aa_literal_pattern(const char *path)
{
	struct strbuf sb;
	char *q;

	sb_init(&sb);
	lp_aa_escape(&sb, path, strlen(path));
	q = lp_aa_quote(sb.buf);
	sb_free(&sb);
	return q;
}

/* ---- text ---------------------------------------------------------------- */

static void emit_lines(struct strbuf *sb, const char *ind, const char *title,
		       const struct strlist *l)
{
	if (!l->n)
		return;
	sb_printf(sb, "\n%s  # %s\n", ind, title);
	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->v[i], *nl;

		while ((nl = strchr(s, '\n'))) {
			sb_printf(sb, "%s  %.*s\n", ind, (int)(nl - s), s);
			s = nl + 1;
		}
		sb_printf(sb, "%s  %s\n", ind, s);
	}
}

static void emit_comments(struct strbuf *sb, const char *ind, const char *prefix,
			  const struct strlist *l, size_t max)
{
	if (!l->n)
		return;
	sb_puts(sb, "\n");
	for (size_t i = 0; i < l->n && i < max; i++)
		sb_printf(sb, "%s  # %s%s\n", ind, prefix, l->v[i]);
	if (l->n > max)
		sb_printf(sb, "%s  # ... and %zu more (the recording lists them all)\n", ind,
			  l->n - max);
}

static void emit_prof(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind);

static void emit_body(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind)
{
	char *self = aa_literal_pattern(p->program), *files_title;

	emit_lines(sb, ind, "capabilities it used (checked and granted)", &p->caps);
	emit_lines(sb, ind, "network", &p->net);
	emit_lines(sb, ind, "signals and ptrace, naming the profile of the other side", &p->peers);
	sb_printf(sb, "\n%s  # the program itself: mapped once the exec has entered this profile"
		  "\n%s  %s %s,\n", ind, ind, self, aa_perms_text(AA_R | AA_M));
	emit_lines(sb, ind, "programs it runs", &p->execs);
	files_title = xasprintf("files (%zu more access%s allowed by abstractions/base)",
				p->base_covered, p->base_covered == 1 ? " is" : "es are");
	emit_lines(sb, ind, p->base_covered ? files_title : "files", &p->files);
	if (!p->files.n && p->base_covered)
		sb_printf(sb, "\n%s  # files: abstractions/base allows all %zu it accessed\n", ind,
			  p->base_covered);
	emit_comments(sb, ind, "no rule: ", &p->notes, p->notes.n);
	emit_comments(sb, ind, "denied while recording: ", &p->denied, DENIED_MAX);
	emit_comments(sb, ind, "failed while recording: ", &p->failed, DENIED_MAX);
	emit_lines(sb, ind, "hardening, as Docker's docker-default profile has it", &p->hardening);
	free(files_title);
	free(self);
	if (p != g->profs[0])
		return;
	for (size_t i = 1; i < g->nprofs; i++)
		if (g->profs[i]->nested) {
			sb_puts(sb, "\n");
			emit_prof(g, sb, g->profs[i], "  ");
		}
}

static void emit_prof(struct gen *g, struct strbuf *sb, struct prof *p, const char *ind)
{
	char *name = aa_name_text(p->name), *att = p->attach ? aa_literal_pattern(p->program) : NULL;

	if (p != g->profs[0] && !p->entered) {
		char *t = aa_comment_text(p->program);

		sb_printf(sb, "%s# no recorded program runs %s: nothing enters this profile "
			  "unless you add an exec rule for it\n", ind, t);
		free(t);
	}
	sb_printf(sb, "%sprofile %s%s%s flags=(attach_disconnected,mediate_deleted%s) {\n", ind,
		  name, att ? " " : "", att ? att : "", g->o->complain ? ",complain" : "");
	sb_printf(sb, "%s  #include <abstractions/base>\n", ind);
	emit_body(g, sb, p, ind);
	sb_printf(sb, "%s}\n", ind);
	free(name);
	free(att);
}

static char *target_text(const struct lp_meta *m)
{
	struct strbuf t;
	char *safe;

	sb_init(&t);
	if (m->ncommand)
		for (size_t i = 0; i < m->ncommand; i++)
			sb_printf(&t, "%s%s", i ? " " : "", m->command[i]);
	else
		sb_printf(&t, "cgroup %s", m->cgroup ? m->cgroup : "?");
	safe = aa_comment_text(t.buf);
	sb_free(&t);
	return safe;
}

/* What was recorded, each distinct command once, sorted. */
static void emit_targets(struct strbuf *sb, const struct lp_meta *m)
{
	const struct lp_meta **v = xcalloc(m->nsources + 1, sizeof(*v));
	struct strlist l = { 0 };
	size_t n;

	aa_run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++)
		sl_add(&l, target_text(v[i]));
	sl_sort_uniq(&l);
	for (size_t i = 0; i < l.n; i++)
		sb_printf(sb, "#   %s\n", l.v[i]);
	sl_free(&l);
	free(v);
}

/* One warning per probe some run did not have, from the runs themselves (a
 * merge's own probe list depends on the order of the merge). */
static void emit_probe_warnings(struct strbuf *sb, const struct lp_meta *m)
{
	const struct lp_meta **v = xcalloc(m->nsources + 1, sizeof(*v));
	struct strlist names = { 0 };
	size_t n;

	aa_run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i]->nprobes; k++)
			if (!v[i]->probes[k].active)
				sl_add(&names, xstrdup(v[i]->probes[k].name));
	sl_sort_uniq(&names);
	for (size_t p = 0; p < names.n; p++) {
		struct strlist why = { 0 };

		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < v[i]->nprobes; k++)
				if (!v[i]->probes[k].active && !strcmp(v[i]->probes[k].name, names.v[p]))
					sl_add(&why, aa_comment_text(v[i]->probes[k].reason ?
								  v[i]->probes[k].reason : "no reason given"));
		sl_sort_uniq(&why);
		sb_printf(sb, "# warning: the %s probe was not active", names.v[p]);
		if (n > 1)
			sb_printf(sb, " in some of the %zu runs", n);
		for (size_t i = 0; i < why.n; i++)
			sb_printf(sb, "%s%s", i ? "; " : " (", why.v[i]);
		sb_puts(sb, "): its rules may be missing\n");
		sl_free(&why);
	}
	sl_free(&names);
	free(v);
}

static void emit_header(struct gen *g, struct strbuf *sb)
{
	const struct lp_meta *m = &g->rec->meta;
	uint64_t lost = 0;

	sb_printf(sb, "# AppArmor profile learned by learnprof from %u run%s of:\n", m->runs,
		  m->runs == 1 ? "" : "s");
	emit_targets(sb, m);
	sb_puts(sb, "# Review it like code. Check that it compiles (no AppArmor kernel needed):\n"
		    "#   apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror <file>\n");
	for (int i = 0; i < LP_LOST_COUNT; i++)
		lost += m->lost[i];
	if (lost)
		sb_printf(sb, "# warning: %llu events were lost while recording: rules may be missing\n",
			  (unsigned long long)lost);
	emit_probe_warnings(sb, m);
	sb_puts(sb, "\nabi <abi/3.0>,\n\n#include <tunables/global>\n\n");
}

char *aa_emit(struct gen *g)
{
	struct strbuf sb;

	sb_init(&sb);
	emit_header(g, &sb);
	emit_prof(g, &sb, g->profs[0], "");
	for (size_t i = 1; i < g->nprofs; i++)
		if (!g->profs[i]->nested) {
			sb_puts(&sb, "\n");
			emit_prof(g, &sb, g->profs[i], "");
		}
	return sb_detach(&sb);
}
