// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Behaviour diffs: readers into item sets, the comparison, the output. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "diff.h"
#include "jsonutil.h"
#include "names.h"
#include "recording.h"
#include "report.h"
#include "seccomp_profile.h"
#include "syscalls.h"
#include "util.h"

static const char *const kind_names[LP_DK_COUNT] = {
	"syscalls", "capabilities", "files", "network", "exec", "identities",
	"signals", "runtime", "other",
};

const char *lp_diff_kind_name(int k)
{
	return k >= 0 && k < LP_DK_COUNT ? kind_names[k] : NULL;
}

int lp_diff_kind_from_name(const char *name)
{
	for (int k = 0; k < LP_DK_COUNT; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

void itemset_add(struct lp_itemset *s, int kind, const char *item)
{
	for (size_t i = 0; i < s->n[kind]; i++)
		if (!strcmp(s->items[kind][i], item))
			return;
	*LP_PUSH(s->items[kind], s->n[kind], s->cap[kind]) = xstrdup(item);
}

void itemset_free(struct lp_itemset *s)
{
	for (int k = 0; k < LP_DK_COUNT; k++) {
		for (size_t i = 0; i < s->n[k]; i++)
			free(s->items[k][i]);
		free(s->items[k]);
	}
	memset(s, 0, sizeof(*s));
}

/* ---- recordings ---------------------------------------------------------- */

static void perms_text(struct strbuf *sb, uint32_t kinds)
{
	bool first = true;

	for (int b = 0; b < LP_F_KIND_COUNT; b++)
		if (kinds & (1U << b)) {
			sb_printf(sb, "%s%s", first ? "" : ",", lp_file_kind_name(b));
			first = false;
		}
}

/* Every file the application was granted, by its stable name, with the
 * union of what its programs did (never folded: a diff names each file). */
static void file_items(const struct lp_recording *rec, struct lp_itemset *s)
{
	struct strmap index;
	uint32_t *kinds = NULL;
	const char **paths = NULL;
	size_t n = 0, cap = 0, capk = 0, at;

	strmap_init(&index);
	for (size_t i = 0; i < rec->nexes; i++)
		for (size_t k = 0; !rec_is_runtime_program(rec->exes[i]->path) &&
				   k < rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = rec->exes[i]->files[k];

			if (!f->kinds)
				continue;	/* only failed: nothing was granted */
			if (!strmap_get(&index, f->path, &at)) {
				at = n;
				*LP_PUSH(paths, n, cap) = f->path;
				lp_grow((void **)&kinds, &capk, n, sizeof(*kinds));
				kinds[at] = 0;
				strmap_put(&index, f->path, at);
			}
			kinds[at] |= f->kinds;
		}
	for (size_t i = 0; i < n; i++) {
		char *shown = lp_display(paths[i]);
		struct strbuf sb;

		sb_init(&sb);
		sb_printf(&sb, "%s [", shown);
		perms_text(&sb, kinds[i]);
		sb_puts(&sb, "]");
		itemset_add(s, LP_DK_FILES, sb.buf);
		sb_free(&sb);
		free(shown);
	}
	strmap_free(&index);
	free(paths);
	free(kinds);
}

static void from_recording(const struct lp_recording *rec, struct lp_itemset *s)
{
	struct lp_report r;
	struct strmap app;

	/* Syscalls: the application's, and the runtime's that the
	 * application does not make. */
	strmap_init(&app);
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_exe *e = rec->exes[i];

		if (rec_is_runtime_program(e->path))
			continue;
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < e->nsys[a]; k++) {
				itemset_add(s, LP_DK_SYSCALLS, e->sys[a][k].name);
				strmap_put(&app, e->sys[a][k].name, 0);
			}
	}
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_exe *e = rec->exes[i];

		if (!rec_is_runtime_program(e->path))
			continue;
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < e->nsys[a]; k++)
				if (!strmap_get(&app, e->sys[a][k].name, NULL)) {
					char *t = xasprintf("syscall %s", e->sys[a][k].name);

					itemset_add(s, LP_DK_RUNTIME, t);
					free(t);
				}
	}
	strmap_free(&app);

	report_build(rec, &r);
	for (size_t i = 0; i < r.hard.nneeded; i++)
		itemset_add(s, LP_DK_CAPABILITIES, lp_cap_name(r.hard.needed[i].cap));
	file_items(rec, s);
	for (size_t i = 0; i < r.network.n; i++)
		itemset_add(s, LP_DK_NETWORK, r.network.v[i].text);
	for (size_t i = 0; i < r.exec_tree.n; i++)
		itemset_add(s, LP_DK_EXEC, r.exec_tree.v[i].text);
	for (size_t i = 0; i < r.identities.n; i++)
		itemset_add(s, LP_DK_IDENTITIES, r.identities.v[i].text);
	for (size_t i = 0; i < r.signals.n; i++)
		itemset_add(s, LP_DK_SIGNALS, r.signals.v[i].text);
	report_free(&r);
}

/* ---- seccomp profiles ---------------------------------------------------- */

static const char *action_name(uint32_t act)
{
	switch (act & 0xffff0000U) {
	case SCMP_ACT_ALLOW: return "allow";
	case SCMP_ACT_LOG: return "log";
	case SCMP_ACT_TRAP: return "trap";
	case SCMP_ACT_KILL_PROCESS: return "kill-process";
	case SCMP_ACT_KILL_THREAD: return "kill-thread";
	}
	if ((act & 0xffff0000U) == SCMP_ACT_ERRNO(0))
		return "errno";
	if ((act & 0xffff0000U) == SCMP_ACT_TRACE(0))
		return "trace";
	return "?";
}

static char *action_text(uint32_t act)
{
	const char *n = action_name(act);

	if (!strcmp(n, "errno") || !strcmp(n, "trace"))
		return xasprintf("%s(%u)", n, act & 0xffffU);
	return xstrdup(n);
}

static const char *op_name(enum scmp_compare op)
{
	static const char *const ops[] = { "?", "!=", "<", "<=", "==", ">=", ">", "&==" };

	return (unsigned)op < ARRAY_SIZE(ops) ? ops[op] : "?";
}

static void from_seccomp(const struct scmp_profile *p, struct lp_itemset *s)
{
	char *d = action_text(p->default_action), *t;

	t = xasprintf("default action %s", d);
	itemset_add(s, LP_DK_OTHER, t);
	free(t);
	free(d);
	for (size_t i = 0; i < p->narches; i++) {
		char buf[48];
		int abi;

		for (abi = 0; abi < LP_ABI_COUNT; abi++)
			if (lp_abi_scmp_arch(abi) == p->arches[i])
				break;
		if (abi < LP_ABI_COUNT)
			snprintf(buf, sizeof(buf), "architecture %s", lp_abi_scmp_token(abi));
		else
			snprintf(buf, sizeof(buf), "architecture 0x%08x", p->arches[i]);
		itemset_add(s, LP_DK_OTHER, buf);
	}
	for (size_t i = 0; i < p->nflags; i++) {
		t = xasprintf("flag %s", p->flags[i]);
		itemset_add(s, LP_DK_OTHER, t);
		free(t);
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct scmp_rule *r = &p->rules[i];
		bool floor = r->comment && !strncmp(r->comment, "runtime floor", 13);
		char *act = action_text(r->action);
		struct strbuf cond;

		sb_init(&cond);
		for (unsigned k = 0; k < r->nargs; k++) {
			const struct scmp_arg_cmp *c = &r->args[k];

			if (c->op == SCMP_CMP_MASKED_EQ)
				sb_printf(&cond, "%sarg%u & %#llx == %#llx", k ? (r->split ? " or " : " and ") : " if ",
					  c->arg, (unsigned long long)c->datum_a,
					  (unsigned long long)c->datum_b);
			else
				sb_printf(&cond, "%sarg%u %s %llu", k ? (r->split ? " or " : " and ") : " if ",
					  c->arg, op_name(c->op), (unsigned long long)c->datum_a);
		}
		for (size_t k = 0; k < r->nnames; k++) {
			t = xasprintf("%s %s%s", act, r->names[k], cond.buf);
			itemset_add(s, floor ? LP_DK_RUNTIME : LP_DK_SYSCALLS, t);
			free(t);
		}
		sb_free(&cond);
		free(act);
	}
}

/* ---- AppArmor profiles --------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Collapse runs of blanks to one space, outside double quotes. */
static char *squeeze(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *p = o, prev = 0;
	bool q = false, sp = false;

	for (; *s; prev = *s, s++) {
		if (*s == '"' && prev != '\\')
			q = !q;
		if (!q && isspace((unsigned char)*s)) {
			sp = true;
			continue;
		}
		if (sp && p != o)
			*p++ = ' ';
		sp = false;
		*p++ = *s;
	}
	*p = '\0';
	return o;
}

static int rule_kind(const char *rule)
{
	if (!strncmp(rule, "capability", 10))
		return LP_DK_CAPABILITIES;
	if (!strncmp(rule, "network", 7))
		return LP_DK_NETWORK;
	if (!strncmp(rule, "signal", 6) || !strncmp(rule, "ptrace", 6))
		return LP_DK_SIGNALS;
	if (rule[0] == '/' || rule[0] == '@' || rule[0] == '"' || !strncmp(rule, "owner ", 6) ||
	    !strncmp(rule, "file ", 5))
		return strstr(rule, "x,") || strstr(rule, "x ") || strstr(rule, "x->") ? LP_DK_EXEC
											: LP_DK_FILES;
	return LP_DK_OTHER;
}

/* A file rule's permissions, sorted, so "rw" and "wr" compare equal. */
static char *normalize_rule(const char *rule)
{
	const char *sp = strrchr(rule, ' ');
	char perms[64];
	size_t n;

	if (rule_kind(rule) != LP_DK_FILES || !sp || strlen(sp + 1) >= sizeof(perms))
		return xstrdup(rule);
	strcpy(perms, sp + 1);
	n = strlen(perms);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (perms[j] < perms[i]) {
				char t = perms[i];

				perms[i] = perms[j];
				perms[j] = t;
			}
	return xasprintf("%.*s %s", (int)(sp - rule), rule, perms);
}

int diff_apparmor_text(const char *text, const char *name, struct lp_itemset *s)
{
	char *copy = xstrdup(text), *line, *save = NULL, *profile = xstrdup("");
	char *stack[16];
	int depth = 0, lineno = 0;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l, *hash, *rule, *item;

		lineno++;
		/* Comments start at a '#' outside quotes that is not #include. */
		l = trim(line);
		if (!*l || (l[0] == '#' && strncmp(l, "#include", 8)))
			continue;
		hash = strstr(l, " #");
		if (hash && !strchr(hash, '"'))
			*hash = '\0';
		l = trim(l);
		if (!*l)
			continue;
		if (l[strlen(l) - 1] == '{') {
			if (depth == (int)ARRAY_SIZE(stack)) {
				lp_err("'%s': line %d: profiles nested too deeply", name, lineno);
				goto bad;
			}
			stack[depth++] = profile;
			l[strlen(l) - 1] = '\0';
			item = squeeze(trim(l));
			profile = xasprintf("%s%s%s", profile, *profile ? " > " : "", item);
			free(item);
			continue;
		}
		if (!strcmp(l, "}")) {
			if (!depth) {
				lp_err("'%s': line %d: '}' without a profile", name, lineno);
				goto bad;
			}
			free(profile);
			profile = stack[--depth];
			continue;
		}
		if (l[strlen(l) - 1] == ',')
			l[strlen(l) - 1] = '\0';
		if (!*l)
			continue;
		rule = squeeze(l);
		item = normalize_rule(rule);
		if (*profile) {
			char *t = xasprintf("%s: %s", profile, item);

			itemset_add(s, rule_kind(rule), t);
			free(t);
		} else {
			itemset_add(s, LP_DK_OTHER, item);
		}
		free(item);
		free(rule);
	}
	while (depth > 0) {
		free(profile);
		profile = stack[--depth];
	}
	free(profile);
	free(copy);
	return 0;
bad:
	while (depth > 0) {
		free(profile);
		profile = stack[--depth];
	}
	free(profile);
	free(copy);
	return -1;
}

/* ---- reading any of them ------------------------------------------------- */

int diff_read(const char *path, struct lp_itemset *s, enum lp_input_type *type)
{
	size_t len;
	char *text = lp_read_file(path, LP_RECORDING_MAX_BYTES, &len);
	const char *p;
	int ret = -1;

	if (!text)
		return lp_err("cannot read '%s': %s", path, strerror(errno));
	for (p = text; isspace((unsigned char)*p); p++)
		;
	if (*p == '{') {
		if (strstr(text, "\"" LP_RECORDING_FORMAT "\"")) {
			struct lp_recording *r = rec_parse(text, len, path);

			*type = LP_IN_RECORDING;
			if (r) {
				from_recording(r, s);
				rec_free(r);
				ret = 0;
			}
		} else {
			struct scmp_profile *sp = scmp_profile_parse(text, len, path);

			*type = LP_IN_SECCOMP;
			if (sp) {
				from_seccomp(sp, s);
				scmp_profile_free(sp);
				ret = 0;
			}
		}
	} else if (strstr(text, "profile ") || !strncmp(p, "abi ", 4) || *p == '#' || *p == '/') {
		*type = LP_IN_APPARMOR;
		ret = diff_apparmor_text(text, path, s);
	} else {
		ret = lp_err("'%s': not a recording, a seccomp profile or an AppArmor profile", path);
	}
	free(text);
	return ret;
}

/* ---- comparing and rendering --------------------------------------------- */

static bool has(const struct lp_itemset *s, int k, const char *item)
{
	for (size_t i = 0; i < s->n[k]; i++)
		if (!strcmp(s->items[k][i], item))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **sorted_diff(const struct lp_itemset *a, const struct lp_itemset *b, int k,
			  size_t *n)
{
	char **v = xcalloc(a->n[k] + 1, sizeof(char *));

	*n = 0;
	for (size_t i = 0; i < a->n[k]; i++)
		if (!has(b, k, a->items[k][i]))
			v[(*n)++] = a->items[k][i];
	lp_qsort(v, *n, sizeof(char *), cmp_str);
	return v;
}

void diff_compare(const struct lp_itemset *old, const struct lp_itemset *new,
		  enum lp_diff_format f, const char *old_name, const char *new_name,
		  struct lp_diff_result *res)
{
	json_object *root = NULL, *kinds = NULL;
	struct strbuf sb;
	size_t tot_a = 0, tot_r = 0;

	memset(res, 0, sizeof(*res));
	sb_init(&sb);
	if (f == LP_DIFF_JSON) {
		root = json_object_new_object();
		jw_str(root, "old", old_name);
		jw_str(root, "new", new_name);
		kinds = json_object_new_object();
	} else if (f == LP_DIFF_MARKDOWN) {
		sb_printf(&sb, "### learnprof diff: `%s` → `%s`\n", old_name, new_name);
	} else {
		sb_printf(&sb, "learnprof diff: %s -> %s\n", old_name, new_name);
	}
	for (int k = 0; k < LP_DK_COUNT; k++) {
		size_t na, nr;
		char **added = sorted_diff(new, old, k, &na);
		char **removed = sorted_diff(old, new, k, &nr);

		res->added[k] = na;
		res->removed[k] = nr;
		tot_a += na;
		tot_r += nr;
		if (na || nr) {
			const char *title = k == LP_DK_RUNTIME ? "runtime (the container runtime's own, not the application's)"
							       : kind_names[k];

			if (f == LP_DIFF_JSON) {
				json_object *o = json_object_new_object(), *a = json_object_new_array(),
					    *r = json_object_new_array();

				for (size_t i = 0; i < na; i++)
					json_object_array_add(a, json_object_new_string(added[i]));
				for (size_t i = 0; i < nr; i++)
					json_object_array_add(r, json_object_new_string(removed[i]));
				json_object_object_add(o, "added", a);
				json_object_object_add(o, "removed", r);
				json_object_object_add(kinds, kind_names[k], o);
			} else if (f == LP_DIFF_MARKDOWN) {
				sb_printf(&sb, "\n**%s**: %zu added, %zu removed\n\n```diff\n", title, na, nr);
				for (size_t i = 0; i < na; i++)
					sb_printf(&sb, "+ %s\n", added[i]);
				for (size_t i = 0; i < nr; i++)
					sb_printf(&sb, "- %s\n", removed[i]);
				sb_puts(&sb, "```\n");
			} else {
				sb_printf(&sb, "\n%s:\n", title);
				for (size_t i = 0; i < na; i++)
					sb_printf(&sb, "  + %s\n", added[i]);
				for (size_t i = 0; i < nr; i++)
					sb_printf(&sb, "  - %s\n", removed[i]);
			}
		}
		free(added);
		free(removed);
	}
	if (f == LP_DIFF_JSON) {
		json_object_object_add(root, "kinds", kinds);
		jw_u64(root, "added", tot_a);
		jw_u64(root, "removed", tot_r);
		res->text = lp_json_text(root);
		json_object_put(root);
		sb_free(&sb);
		return;
	}
	if (!tot_a && !tot_r)
		sb_puts(&sb, f == LP_DIFF_MARKDOWN ? "\nNo difference.\n" : "no difference\n");
	else
		sb_printf(&sb, "\n%zu added, %zu removed\n", tot_a, tot_r);
	res->text = sb_detach(&sb);
}
