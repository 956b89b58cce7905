// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Writing landlockconfig (include/landlock.h): TOML for review, with the
 * policy's and each rule's comment, and JSON for machines (valid against
 * landlockconfig.schema.json). Rights are written by name in the kernel's
 * bit order, never as abi.* groups, and the handled sets always as an
 * explicit ruleset, so what is denied does not depend on a reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "landlock.h"

#define TOML_WIDTH 80

/* Can the string be written (valid UTF-8, no NUL)? Says why not. */
static bool writable(const char *s)
{
	for (const char *p = s; *p;) {
		size_t n = (unsigned char)*p < 0x80 ? 1 : lp_utf8_len(p, strlen(p));

		if (!n) {
			char *d = lp_display(s);

			lp_err("cannot write '%s' in a Landlock policy: not UTF-8", d);
			free(d);
			return false;
		}
		p += n;
	}
	return true;
}

static void toml_string(struct strbuf *sb, const char *s)
{
	sb_puts(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			sb_printf(sb, "\\u%04x", c);
		else
			sb_add(sb, s, 1);
	}
	sb_puts(sb, "\"");
}

/* key = [items]: on one line when it fits, else one item a line. */
static void toml_array(struct strbuf *sb, const char *key, const struct strlist *items)
{
	size_t len = strlen(key) + 4;

	for (size_t i = 0; i < items->n; i++)
		len += strlen(items->v[i]) + 2;
	sb_printf(sb, "%s = [", key);
	for (size_t i = 0; i < items->n; i++) {
		if (len > TOML_WIDTH)
			sb_puts(sb, "\n    ");
		else if (i)
			sb_puts(sb, ", ");
		sb_puts(sb, items->v[i]);
		if (len > TOML_WIDTH)
			sb_puts(sb, ",");
	}
	sb_puts(sb, len > TOML_WIDTH ? "\n]\n" : "]\n");
}

static void quoted(struct strlist *out, const char *s)
{
	struct strbuf sb;

	sb_init(&sb);
	toml_string(&sb, s);
	sl_add(out, sb_detach(&sb));
}

static void toml_rights(struct strbuf *sb, const char *key, enum ll_kind kind, uint64_t mask)
{
	struct strlist items = { 0 };

	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && (mask & ll_rights[i].bit))
			quoted(&items, ll_rights[i].name);
	if (items.n)
		toml_array(sb, key, &items);
	sl_free(&items);
}

static void toml_strings(struct strbuf *sb, const char *key, const struct strlist *v)
{
	struct strlist items = { 0 };

	for (size_t i = 0; i < v->n; i++)
		quoted(&items, v->v[i]);
	toml_array(sb, key, &items);
	sl_free(&items);
}

static void toml_comment(struct strbuf *sb, const char *c)
{
	while (c && *c) {
		size_t n = strcspn(c, "\n");

		sb_puts(sb, n ? "# " : "#");
		sb_add(sb, c, n);
		sb_puts(sb, "\n");
		c += n + (c[n] == '\n');
	}
}

static void toml_ruleset(struct strbuf *sb, const struct ll_policy *p)
{
	if (!p->handled_fs && !p->handled_net && !p->scoped)
		return;
	sb_puts(sb, "\n[[ruleset]]\n");
	toml_rights(sb, "handled_access_fs", LL_FS, p->handled_fs);
	toml_rights(sb, "handled_access_net", LL_NET, p->handled_net);
	toml_rights(sb, "scoped", LL_SCOPE, p->scoped);
}

static void toml_rules(struct strbuf *sb, const struct ll_policy *p)
{
	for (size_t i = 0; i < p->npaths; i++) {
		sb_puts(sb, "\n");
		toml_comment(sb, p->paths[i].comment);
		sb_puts(sb, "[[path_beneath]]\n");
		toml_rights(sb, "allowed_access", LL_FS, p->paths[i].access);
		toml_strings(sb, "parent", &p->paths[i].parents);
	}
	for (size_t i = 0; i < p->nports; i++) {
		struct strlist items = { 0 };

		sb_puts(sb, "\n");
		toml_comment(sb, p->ports[i].comment);
		sb_puts(sb, "[[net_port]]\n");
		toml_rights(sb, "allowed_access", LL_NET, p->ports[i].access);
		for (size_t k = 0; k < p->ports[i].nports; k++)
			sl_addf(&items, "%llu", (unsigned long long)p->ports[i].ports[k]);
		toml_array(sb, "port", &items);
		sl_free(&items);
	}
}

/* Every string of the policy can be written. */
static bool all_writable(const struct ll_policy *p)
{
	for (size_t i = 0; i < p->nvars; i++)
		for (size_t k = 0; k < p->vars[i].literals.n; k++)
			if (!writable(p->vars[i].literals.v[k]))
				return false;
	for (size_t i = 0; i < p->npaths; i++)
		for (size_t k = 0; k < p->paths[i].parents.n; k++)
			if (!writable(p->paths[i].parents.v[k]))
				return false;
	return true;
}

char *ll_policy_to_toml(const struct ll_policy *p)
{
	struct strbuf sb;

	if (!all_writable(p))
		return NULL;
	sb_init(&sb);
	toml_comment(&sb, p->comment);
	if (p->comment)
		sb_puts(&sb, "\n");
	if (p->abi)
		sb_printf(&sb, "abi = %d\n", p->abi);
	for (size_t i = 0; i < p->nvars; i++) {
		sb_puts(&sb, "\n[[variable]]\nname = ");
		toml_string(&sb, p->vars[i].name);
		sb_puts(&sb, "\n");
		if (p->vars[i].literals.n)
			toml_strings(&sb, "literal", &p->vars[i].literals);
	}
	toml_ruleset(&sb, p);
	toml_rules(&sb, p);
	/* No leading blank line when there is neither comment nor abi. */
	if (sb.len && sb.buf[0] == '\n') {
		memmove(sb.buf, sb.buf + 1, sb.len--);
	}
	return sb_detach(&sb);
}

static json_object *json_rights(enum ll_kind kind, uint64_t mask)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && (mask & ll_rights[i].bit))
			json_object_array_add(a, json_object_new_string(ll_rights[i].name));
	return a;
}

static json_object *json_strings(const struct strlist *v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < v->n; i++)
		json_object_array_add(a, json_object_new_string(v->v[i]));
	return a;
}

/* Add key: value unless value is an empty array (the schema forbids it). */
static void add_nonempty(json_object *o, const char *key, json_object *v)
{
	if (json_object_array_length(v))
		json_object_object_add(o, key, v);
	else
		json_object_put(v);
}

static json_object *json_ruleset(const struct ll_policy *p)
{
	json_object *rs = json_object_new_object(), *a = json_object_new_array();

	add_nonempty(rs, "handledAccessFs", json_rights(LL_FS, p->handled_fs));
	add_nonempty(rs, "handledAccessNet", json_rights(LL_NET, p->handled_net));
	add_nonempty(rs, "scoped", json_rights(LL_SCOPE, p->scoped));
	json_object_array_add(a, rs);
	return a;
}

static json_object *json_paths(const struct ll_policy *p)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < p->npaths; i++) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "allowedAccess", json_rights(LL_FS, p->paths[i].access));
		json_object_object_add(r, "parent", json_strings(&p->paths[i].parents));
		json_object_array_add(a, r);
	}
	return a;
}

static json_object *json_ports(const struct ll_policy *p)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < p->nports; i++) {
		json_object *r = json_object_new_object(), *ports = json_object_new_array();

		json_object_object_add(r, "allowedAccess", json_rights(LL_NET, p->ports[i].access));
		for (size_t k = 0; k < p->ports[i].nports; k++)
			json_object_array_add(ports, json_object_new_int64((int64_t)p->ports[i].ports[k]));
		json_object_object_add(r, "port", ports);
		json_object_array_add(a, r);
	}
	return a;
}

static json_object *json_variables(const struct ll_policy *p)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < p->nvars; i++) {
		json_object *v = json_object_new_object();

		jw_str(v, "name", p->vars[i].name);
		if (p->vars[i].literals.n)
			json_object_object_add(v, "literal", json_strings(&p->vars[i].literals));
		json_object_array_add(a, v);
	}
	return a;
}

char *ll_policy_to_json(const struct ll_policy *p)
{
	json_object *o;
	char *text;

	if (!all_writable(p))
		return NULL;
	o = json_object_new_object();
	if (p->abi)
		jw_i64(o, "abi", p->abi);
	add_nonempty(o, "variable", json_variables(p));
	if (p->handled_fs || p->handled_net || p->scoped)
		json_object_object_add(o, "ruleset", json_ruleset(p));
	add_nonempty(o, "pathBeneath", json_paths(p));
	add_nonempty(o, "netPort", json_ports(p));
	text = lp_json_text(o);
	json_object_put(o);
	return text;
}
