// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Profiles as item sets, compared by rules and not lines: a seccomp profile
 * (each name with its action and conditions) and an AppArmor profile (each
 * rule normalised: spacing, permission order, comments) and a Landlock
 * policy (each parent and port with its rights, the handled sets).
 */
#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "diff.h"
#include "jsonutil.h"
#include "landlock.h"
#include "names.h"
#include "recording.h"
#include "report.h"
#include "seccomp_profile.h"
#include "syscalls.h"
#include "util.h"
#include "diff_int.h"

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

void diff_from_seccomp(const struct lp_sc_profile *p, struct lp_itemset *s)
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
		const struct lp_sc_rule *r = &p->rules[i];
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

/* ---- Landlock policies --------------------------------------------------- */

/* By content: landlockconfig's tables (TOML) or members (JSON). */
bool diff_is_landlock(const char *text)
{
	static const char *const marks[] = {
		"\n[[ruleset]]", "\n[[path_beneath]]", "\n[[net_port]]", "\n[[variable]]",
		"\"pathBeneath\"", "\"netPort\"", "\"handledAccessFs\"",
	};

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (strstr(text, marks[i]) || !strncmp(text, marks[i] + 1, strlen(marks[i]) - 1))
			return true;
	return false;
}

static void landlock_handled(const struct ll_policy *p, struct lp_itemset *s)
{
	static const struct { const char *what; enum ll_kind kind; size_t off; } sets[] = {
		{ "handled fs", LL_FS, offsetof(struct ll_policy, handled_fs) },
		{ "handled net", LL_NET, offsetof(struct ll_policy, handled_net) },
		{ "scoped", LL_SCOPE, offsetof(struct ll_policy, scoped) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		uint64_t m = *(const uint64_t *)((const char *)p + sets[i].off);
		char *r = ll_rights_text(sets[i].kind, m), *t;

		t = xasprintf("landlock %s: %s", sets[i].what, *r ? r : "(none)");
		itemset_add(s, LP_DK_OTHER, t);
		free(t);
		free(r);
	}
}

/* Items: each expanded parent with its rights (several rules on one parent
 * are one item), each port with its rights, the handled sets. */
int diff_landlock_text(const char *text, size_t len, const char *name, struct lp_itemset *s)
{
	const char *p = text + strspn(text, " \t\r\n");
	struct ll_policy *pol = *p == '{' ? ll_policy_parse_json(text, len, name)
					  : ll_policy_parse_toml(text, len, name);

	if (!pol)
		return -1;
	landlock_handled(pol, s);
	for (size_t i = 0; i < pol->npaths; i++)
		for (size_t k = 0; k < pol->paths[i].parents.n; k++) {
			struct strlist out = { 0 };
			char *why = NULL;

			if (ll_expand(pol, pol->paths[i].parents.v[k], &out, &why)) {
				lp_err("'%s': %s", name, why);
				free(why);
				ll_policy_free(pol);
				return -1;
			}
			for (size_t x = 0; x < out.n; x++) {
				char *r = ll_rights_text(LL_FS, pol->paths[i].access);
				char *t = xasprintf("landlock %s: %s", out.v[x], r);

				itemset_add(s, LP_DK_FILES, t);
				free(t);
				free(r);
			}
			sl_free(&out);
		}
	for (size_t i = 0; i < pol->nports; i++)
		for (size_t k = 0; k < pol->ports[i].nports; k++) {
			char *r = ll_rights_text(LL_NET, pol->ports[i].access);
			char *t = xasprintf("landlock tcp port %llu: %s",
					    (unsigned long long)pol->ports[i].ports[k], r);

			itemset_add(s, LP_DK_NETWORK, t);
			free(t);
			free(r);
		}
	ll_policy_free(pol);
	return 0;
}
