// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reading landlockconfig files (include/landlock.h): TOML goes through
 * ll_toml_parse, JSON through json-c, and both trees through one reader
 * that knows the two spellings of each key (snake_case in TOML, camelCase
 * in JSON). Semantics follow landlockconfig's src/config.rs: groups are
 * resolved against the file's abi, variables merge, and the handled sets
 * are completed with the rights the rules allow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "landlock.h"

struct keys {
	const char *ruleset, *fs, *net, *scoped, *path_beneath, *net_port, *allowed;
};

static const struct keys toml_keys = {
	"ruleset", "handled_access_fs", "handled_access_net", "scoped",
	"path_beneath", "net_port", "allowed_access",
};
static const struct keys json_keys = {
	"ruleset", "handledAccessFs", "handledAccessNet", "scoped",
	"pathBeneath", "netPort", "allowedAccess",
};

struct rd {
	struct jreader jr;
	const struct keys *k;
	bool toml;
	struct ll_policy *p;
	bool warned_new_abi;
};

/* "line 12: path_beneath[0].parent" (TOML) or "pathBeneath[0].parent". */
static char *where(struct rd *r, json_object *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static char *where(struct rd *r, json_object *at, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (r->toml && ll_toml_line(at))
		return xasprintf("line %d%s%s", ll_toml_line(at), *path ? ": " : "", path);
	return xstrdup(path);
}

#define BAD(r, at, place, ...)                                         \
	do {                                                            \
		char *_w = where(r, at, "%s", place);                   \
		jr_fail(&(r)->jr, _w, __VA_ARGS__);                     \
		free(_w);                                               \
	} while (0)

/* A non-empty array member (required or not); NULL when absent or bad. */
static json_object *list(struct rd *r, json_object *obj, const char *place,
			 const char *key, bool required)
{
	char *full = xasprintf("%s%s%s", place, *place ? "." : "", key);
	json_object *a = NULL;

	if (!r->jr.failed && !json_object_object_get_ex(obj, key, NULL) && required)
		BAD(r, obj, full, "missing");
	if (!r->jr.failed && json_object_object_get_ex(obj, key, &a)) {
		if (!json_object_is_type(a, json_type_array)) {
			BAD(r, a, full, "expected an array");
			a = NULL;
		} else if (!json_object_array_length(a)) {
			BAD(r, a, full, "must not be empty");
			a = NULL;
		}
	}
	free(full);
	return r->jr.failed ? NULL : a;
}

/* Only the keys named may appear in obj. */
static void only_keys(struct rd *r, json_object *obj, const char *place, const char *const *ok)
{
	json_object_object_foreach(obj, key, val) {
		size_t i = 0;

		while (ok[i] && strcmp(ok[i], key))
			i++;
		if (!ok[i]) {
			BAD(r, val, place, "unknown key '%s'", key);
			return;
		}
	}
}

static uint64_t group(struct rd *r, json_object *at, const char *place,
		      enum ll_kind kind, const char *name)
{
	int abi = r->p->abi;

	if (!abi) {
		BAD(r, at, place, "'%s' needs \"abi\" (the ABI its groups are resolved against)", name);
		return 0;
	}
	if (abi > LL_ABI_MAX && !r->warned_new_abi) {
		r->warned_new_abi = true;
		lp_warn("'%s': abi %d is newer than learnprof knows: its groups stand for the rights of ABI %d",
			r->jr.file, abi, LL_ABI_MAX);
	}
	if (!strcmp(name, "abi.all"))
		return ll_all(kind, abi);
	if (kind == LL_FS && !strcmp(name, "abi.read_execute"))
		return ll_read_execute(abi);
	if (kind == LL_FS && !strcmp(name, "abi.read_write"))
		return ll_read_write(abi);
	BAD(r, at, place, "unknown group '%s'", name);
	return 0;
}

static const char *kind_word(enum ll_kind kind)
{
	return kind == LL_FS ? "filesystem access right" :
	       kind == LL_NET ? "network access right" : "scope";
}

/* The rights an array of names and groups stands for. */
static uint64_t rights(struct rd *r, json_object *a, const char *place, enum ll_kind kind)
{
	uint64_t m = 0;

	for (size_t i = 0; a && !r->jr.failed && i < json_object_array_length(a); i++) {
		json_object *v = json_object_array_get_idx(a, i);
		char *at = xasprintf("%s[%zu]", place, i);
		const struct ll_right *x;
		const char *s;

		if (!json_object_is_type(v, json_type_string)) {
			BAD(r, v, at, "expected a string");
		} else if (!strncmp((s = json_object_get_string(v)), "abi.", 4)) {
			m |= group(r, v, at, kind, s);
		} else if ((x = ll_right_find(kind, s))) {
			m |= x->bit;
		} else {
			BAD(r, v, at, "unknown %s '%s'", kind_word(kind), s);
		}
		free(at);
	}
	return m;
}

static void read_abi(struct rd *r, json_object *doc)
{
	json_object *v;

	if (!json_object_object_get_ex(doc, "abi", &v))
		return;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
	    json_object_get_int64(v) > INT32_MAX) {
		BAD(r, v, "abi", "must be an integer from 1 to 2147483647");
		return;
	}
	r->p->abi = (int)json_object_get_int64(v);
}

static void read_variable(struct rd *r, json_object *o, const char *place)
{
	static const char *const ok[] = { "name", "literal", NULL };
	json_object *name, *lit;
	struct ll_variable *v;

	only_keys(r, o, place, ok);
	if (r->jr.failed)
		return;
	if (!json_object_object_get_ex(o, "name", &name) || !json_object_is_type(name, json_type_string)) {
		BAD(r, o, place, "needs a string \"name\"");
		return;
	}
	if (!ll_var_name_ok(json_object_get_string(name))) {
		BAD(r, name, place, "'%s' is not a variable name (a letter, then letters, digits or '_')",
		    json_object_get_string(name));
		return;
	}
	v = ll_add_variable(r->p, json_object_get_string(name));
	char *lp = xasprintf("%s.literal", place);
	lit = list(r, o, place, "literal", false);
	for (size_t i = 0; lit && !r->jr.failed && i < json_object_array_length(lit); i++) {
		json_object *s = json_object_array_get_idx(lit, i);

		if (json_object_is_type(s, json_type_string))
			sl_add(&v->literals, xstrdup(json_object_get_string(s)));
		else
			BAD(r, s, lp, "expected strings");
	}
	free(lp);
	sl_sort_uniq(&v->literals);
}

static void read_ruleset(struct rd *r, json_object *o, const char *place)
{
	const char *ok[] = { r->k->fs, r->k->net, r->k->scoped, NULL };
	json_object *fs, *net, *sc;
	char *at;

	only_keys(r, o, place, ok);
	fs = list(r, o, place, r->k->fs, false);
	net = list(r, o, place, r->k->net, false);
	sc = list(r, o, place, r->k->scoped, false);
	if (!r->jr.failed && !fs && !net && !sc)
		BAD(r, o, place, "empty ruleset");
	at = xasprintf("%s.%s", place, r->k->fs);
	r->p->handled_fs |= rights(r, fs, at, LL_FS);
	free(at);
	at = xasprintf("%s.%s", place, r->k->net);
	r->p->handled_net |= rights(r, net, at, LL_NET);
	free(at);
	at = xasprintf("%s.%s", place, r->k->scoped);
	r->p->scoped |= rights(r, sc, at, LL_SCOPE);
	free(at);
	r->p->has_ruleset = true;
}

static void read_path_rule(struct rd *r, json_object *o, const char *place)
{
	const char *ok[] = { r->k->allowed, "parent", NULL };
	json_object *acc, *par;
	struct ll_path_rule *rule;
	char *at = xasprintf("%s.%s", place, r->k->allowed);
	uint64_t m;

	only_keys(r, o, place, ok);
	acc = list(r, o, place, r->k->allowed, true);
	par = list(r, o, place, "parent", true);
	m = rights(r, acc, at, LL_FS);
	free(at);
	if (r->jr.failed)
		return;
	rule = ll_add_path(r->p, m, NULL);
	at = xasprintf("%s.parent", place);
	for (size_t i = 0; !r->jr.failed && i < json_object_array_length(par); i++) {
		json_object *s = json_object_array_get_idx(par, i);
		struct strlist tmp = { 0 };
		char *why = NULL;

		if (!json_object_is_type(s, json_type_string)) {
			BAD(r, s, at, "expected strings");
		} else if (ll_expand(r->p, json_object_get_string(s), &tmp, &why)) {
			BAD(r, s, at, "%s", why);
		} else {
			sl_add(&rule->parents, xstrdup(json_object_get_string(s)));
		}
		free(why);
		sl_free(&tmp);
	}
	free(at);
}

static void read_port_rule(struct rd *r, json_object *o, const char *place)
{
	const char *ok[] = { r->k->allowed, "port", NULL };
	json_object *acc, *ports;
	struct ll_port_rule *rule;
	char *at = xasprintf("%s.%s", place, r->k->allowed);
	uint64_t m;

	only_keys(r, o, place, ok);
	acc = list(r, o, place, r->k->allowed, true);
	ports = list(r, o, place, "port", true);
	m = rights(r, acc, at, LL_NET);
	free(at);
	if (r->jr.failed)
		return;
	rule = ll_add_port(r->p, m, NULL);
	at = xasprintf("%s.port", place);
	for (size_t i = 0; !r->jr.failed && i < json_object_array_length(ports); i++) {
		json_object *v = json_object_array_get_idx(ports, i);
		int64_t n = json_object_get_int64(v);

		if (!json_object_is_type(v, json_type_int) || n < 0 || n > 65535)
			BAD(r, v, at, "'%s' is not a TCP port (0 to 65535)", json_object_to_json_string(v));
		else
			ll_port_add(rule, (uint64_t)n);
	}
	free(at);
}

typedef void (*item_fn)(struct rd *r, json_object *o, const char *place);

/* Each table of an array of tables (a JSON array of objects). */
static void each(struct rd *r, json_object *doc, const char *key, item_fn fn)
{
	json_object *a = list(r, doc, "", key, false);

	for (size_t i = 0; a && !r->jr.failed && i < json_object_array_length(a); i++) {
		json_object *o = json_object_array_get_idx(a, i);
		char *place = xasprintf("%s[%zu]", key, i);

		if (!json_object_is_type(o, json_type_object))
			BAD(r, o, place, "expected %s", r->toml ? "a table" : "an object");
		else
			fn(r, o, place);
		free(place);
	}
}

/* A rule that allows nothing at the file's ABI is dropped, as
 * landlockconfig does, and said. */
static void drop_empty_rules(struct rd *r)
{
	size_t k = 0;

	for (size_t i = 0; i < r->p->npaths; i++) {
		if (r->p->paths[i].access) {
			r->p->paths[k++] = r->p->paths[i];
			continue;
		}
		lp_warn("'%s': %s[%zu]: allows no right at abi %d: ignored", r->jr.file,
			r->k->path_beneath, i, r->p->abi);
		sl_free(&r->p->paths[i].parents);
		free(r->p->paths[i].comment);
	}
	r->p->npaths = k;
	k = 0;
	for (size_t i = 0; i < r->p->nports; i++) {
		if (r->p->ports[i].access) {
			r->p->ports[k++] = r->p->ports[i];
			continue;
		}
		lp_warn("'%s': %s[%zu]: allows no right at abi %d: ignored", r->jr.file,
			r->k->net_port, i, r->p->abi);
		free(r->p->ports[i].ports);
		free(r->p->ports[i].comment);
	}
	r->p->nports = k;
}

/* What the rules allow is handled too (the kernel requires it). */
static void complete(struct rd *r)
{
	struct ll_policy *p = r->p;
	uint64_t fs = 0, net = 0;

	for (size_t i = 0; i < p->npaths; i++)
		fs |= p->paths[i].access;
	for (size_t i = 0; i < p->nports; i++)
		net |= p->ports[i].access;
	p->completed_fs = fs & ~p->handled_fs;
	p->completed_net = net & ~p->handled_net;
	p->handled_fs |= fs;
	p->handled_net |= net;
}

static void say_completion(struct rd *r)
{
	struct ll_policy *p = r->p;
	int abi = p->abi ? p->abi : LL_ABI_MAX;
	char *fs, *net, *sc;

	if (p->has_ruleset) {
		fs = ll_rights_text(LL_FS, p->completed_fs);
		net = ll_rights_text(LL_NET, p->completed_net);
		if (*fs || *net)
			lp_warn("'%s': the rules allow rights the ruleset does not handle; handled too: %s%s%s",
				r->jr.file, fs, *fs && *net ? ", " : "", net);
		free(fs);
		free(net);
		return;
	}
	fs = ll_rights_text(LL_FS, ll_all(LL_FS, abi) & ~p->handled_fs);
	net = ll_rights_text(LL_NET, ll_all(LL_NET, abi) & ~p->handled_net);
	sc = ll_rights_text(LL_SCOPE, ll_all(LL_SCOPE, abi) & ~p->scoped);
	lp_warn("'%s': no ruleset: only the rights the rules allow are handled, so this is not deny-by-default%s%s%s%s%s%s",
		r->jr.file, *fs || *net || *sc ? "; not denied anywhere: " : "",
		fs, *fs && (*net || *sc) ? ", " : "", net, *net && *sc ? ", " : "", sc);
	free(fs);
	free(net);
	free(sc);
}

static struct ll_policy *from_tree(json_object *doc, const char *name, bool toml)
{
	struct rd r = { .jr = { .file = name }, .k = toml ? &toml_keys : &json_keys, .toml = toml };
	const char *ok[] = { "abi", "variable", r.k->ruleset, r.k->path_beneath, r.k->net_port, NULL };

	if (!json_object_is_type(doc, json_type_object)) {
		jr_fail(&r.jr, "", "expected %s", toml ? "a table" : "an object");
		return NULL;
	}
	r.p = ll_policy_new(0);
	only_keys(&r, doc, "", ok);
	if (!r.jr.failed && !json_object_object_length(doc))
		jr_fail(&r.jr, "", "empty configuration");
	read_abi(&r, doc);
	each(&r, doc, "variable", read_variable);
	each(&r, doc, r.k->ruleset, read_ruleset);
	each(&r, doc, r.k->path_beneath, read_path_rule);
	each(&r, doc, r.k->net_port, read_port_rule);
	if (!r.jr.failed && !r.p->has_ruleset && !r.p->npaths && !r.p->nports && !r.p->nvars)
		jr_fail(&r.jr, "", "empty configuration");
	if (r.jr.failed) {
		ll_policy_free(r.p);
		return NULL;
	}
	drop_empty_rules(&r);
	complete(&r);
	say_completion(&r);
	return r.p;
}

struct ll_policy *ll_policy_parse_toml(const char *text, size_t len, const char *name)
{
	json_object *doc = ll_toml_parse(text, len, name);
	struct ll_policy *p = doc ? from_tree(doc, name, true) : NULL;

	json_object_put(doc);
	return p;
}

struct ll_policy *ll_policy_parse_json(const char *text, size_t len, const char *name)
{
	json_object *doc = lp_json_parse(text, len, name);
	struct ll_policy *p = doc ? from_tree(doc, name, false) : NULL;

	json_object_put(doc);
	return p;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcmp(s + n - k, tail);
}

struct ll_policy *ll_policy_read(const char *file)
{
	struct ll_policy *p;
	size_t len = 0;
	char *text = lp_read_file(file, 1 << 24, &len);
	bool json;

	if (!text) {
		lp_err("cannot read '%s': %s", file, strerror(errno));
		return NULL;
	}
	if (ends_with(file, ".json") || ends_with(file, ".toml")) {
		json = ends_with(file, ".json");
	} else {
		size_t i = strspn(text, " \t\r\n");

		json = text[i] == '{';
	}
	p = json ? ll_policy_parse_json(text, len, file) : ll_policy_parse_toml(text, len, file);
	free(text);
	return p;
}
