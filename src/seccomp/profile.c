// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Turn an OCI (runtime-spec linux.seccomp) or Docker seccomp profile into a
 * libseccomp filter, the way runc does:
 *  - architectures are added before rules (rules apply only to architectures
 *    already in the filter); the native one is always present;
 *  - names libseccomp does not know are skipped (runc ignores them too),
 *    except the newer ones learnprof's own table can number: libseccomp
 *    2.5.4 translates every rule between architectures by name, so those
 *    can only be added to a filter of the native architecture alone; the
 *    other architectures are built apart and merged in (seccomp_merge);
 *  - a rule whose action equals the default is skipped;
 *  - conditions on the same argument become one rule each (libseccomp
 *    refuses to compare one argument twice in a rule);
 *  - Docker's includes/excludes are evaluated against this machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "names.h"
#include "jsonutil.h"
#include "seccomp_profile.h"
#include "syscalls.h"
#include "util.h"

static const struct {
	const char *name;
	uint32_t act;
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0) },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0) },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG },
};

static const struct {
	const char *name;
	enum scmp_compare op;
} ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

static int parse_action(struct jreader *jr, json_object *o, const char *where,
			const char *key, const char *retkey, uint32_t dflt_ret,
			uint32_t *out)
{
	const char *s = jr_string(jr, o, where, key, true);
	int64_t ret = dflt_ret;
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].name, s))
			break;
	if (i == ARRAY_SIZE(actions))
		return jr_fail(jr, where, "%s: unsupported action '%s'", key, s);
	*out = actions[i].act;
	jr_i64(jr, o, where, retkey, false, &ret);
	if (jr->failed)
		return -1;
	if (ret < 0 || ret > 0xffff)
		return jr_fail(jr, where, "%s: %lld out of range", retkey, (long long)ret);
	if (*out == SCMP_ACT_ERRNO(0))
		*out = SCMP_ACT_ERRNO((uint16_t)ret);
	else if (*out == SCMP_ACT_TRACE(0))
		*out = SCMP_ACT_TRACE((uint16_t)ret);
	return 0;
}

static uint32_t arch_of_token(const char *tok)
{
	char lower[64];
	size_t i;

	if (strncmp(tok, "SCMP_ARCH_", 10) || strlen(tok + 10) >= sizeof(lower))
		return 0;
	for (i = 0; tok[10 + i]; i++)
		lower[i] = (char)(tok[10 + i] >= 'A' && tok[10 + i] <= 'Z' ?
				  tok[10 + i] - 'A' + 'a' : tok[10 + i]);
	lower[i] = '\0';
	return seccomp_arch_resolve_name(lower);
}

static int add_arch(struct jreader *jr, struct lp_sc_profile *p, const char *tok)
{
	uint32_t a = arch_of_token(tok);

	if (!a)
		return jr_fail(jr, "architectures", "unknown architecture '%s'", tok);
	for (size_t i = 0; i < p->narches; i++)
		if (p->arches[i] == a)
			return 0;
	p->arches = xrealloc(p->arches, (p->narches + 1) * sizeof(*p->arches));
	p->arches[p->narches++] = a;
	return 0;
}

static int read_arches(struct jreader *jr, json_object *root, struct lp_sc_profile *p)
{
	json_object *a = jr_member(jr, root, "", "architectures", json_type_array, false);
	json_object *m = jr_member(jr, root, "", "archMap", json_type_array, false);

	if (a && m)
		return jr_fail(jr, NULL, "both 'architectures' and 'archMap' are given");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *t = json_object_array_get_idx(a, i);

		if (!json_object_is_type(t, json_type_string))
			return jr_fail(jr, "architectures", "expected strings");
		if (add_arch(jr, p, json_object_get_string(t)))
			return -1;
	}
	/* Docker: the entry for this machine's architecture applies. */
	for (size_t i = 0; m && i < json_object_array_length(m); i++) {
		json_object *e = json_object_array_get_idx(m, i), *sub;
		const char *arch = jr_string(jr, e, "archMap[]", "architecture", true);

		if (!arch)
			return -1;
		if (arch_of_token(arch) != seccomp_arch_native())
			continue;
		if (add_arch(jr, p, arch))
			return -1;
		sub = jr_member(jr, e, "archMap[]", "subArchitectures", json_type_array, false);
		for (size_t k = 0; sub && k < json_object_array_length(sub); k++) {
			json_object *t = json_object_array_get_idx(sub, k);

			if (!json_object_is_type(t, json_type_string))
				return jr_fail(jr, "archMap[].subArchitectures", "expected strings");
			if (add_arch(jr, p, json_object_get_string(t)))
				return -1;
		}
	}
	return jr->failed ? -1 : 0;
}

static const struct {
	const char *name;
	enum scmp_filter_attr attr;
} flag_attrs[] = {
	{ "SECCOMP_FILTER_FLAG_LOG", SCMP_FLTATR_CTL_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SCMP_FLTATR_CTL_SSB },
	{ "SECCOMP_FILTER_FLAG_TSYNC", SCMP_FLTATR_CTL_TSYNC },
};

static int read_flags(struct jreader *jr, json_object *root, struct lp_sc_profile *p)
{
	json_object *f = jr_member(jr, root, "", "flags", json_type_array, false);

	for (size_t i = 0; f && i < json_object_array_length(f); i++) {
		json_object *t = json_object_array_get_idx(f, i);
		size_t k;

		if (!json_object_is_type(t, json_type_string))
			return jr_fail(jr, "flags", "expected strings");
		for (k = 0; k < ARRAY_SIZE(flag_attrs); k++)
			if (!strcmp(flag_attrs[k].name, json_object_get_string(t)))
				break;
		if (k == ARRAY_SIZE(flag_attrs))
			return jr_fail(jr, "flags", "unsupported flag '%s'", json_object_get_string(t));
		p->flags = xrealloc(p->flags, (p->nflags + 1) * sizeof(char *));
		p->flags[p->nflags++] = xstrdup(json_object_get_string(t));
	}
	return jr->failed ? -1 : 0;
}

/*
 * Docker's includes/excludes, as moby evaluates them: a rule applies when
 * every condition in includes holds and no condition in excludes does.
 * Capabilities are this process's effective ones (the command inherits
 * them); arches name Go architectures ("amd64").
 */
static bool arch_matches(const char *a)
{
	return !strcmp(a, "amd64") || !strcmp(a, "x86_64");
}

static bool kernel_at_least(const char *min)
{
	struct utsname u;
	int want[2] = { 0 }, have[2] = { 0 };

	uname(&u);
	sscanf(min, "%d.%d", &want[0], &want[1]);
	sscanf(u.release, "%d.%d", &have[0], &have[1]);
	return have[0] > want[0] || (have[0] == want[0] && have[1] >= want[1]);
}

/* Does the rule apply here? -1 on a malformed condition. */
static int rule_applies(struct jreader *jr, json_object *r, const char *where)
{
	static const char *const keys[] = { "includes", "excludes" };

	for (int k = 0; k < 2; k++) {
		bool inc = k == 0;
		json_object *c = jr_member(jr, r, where, keys[k], json_type_object, false);
		json_object *arches, *caps;
		const char *minkernel;

		if (!c)
			continue;
		arches = jr_member(jr, c, keys[k], "arches", json_type_array, false);
		caps = jr_member(jr, c, keys[k], "caps", json_type_array, false);
		minkernel = jr_string(jr, c, keys[k], "minKernel", false);
		if (jr->failed)
			return -1;
		if (arches && json_object_array_length(arches)) {
			bool any = false;

			for (size_t i = 0; i < json_object_array_length(arches); i++) {
				const char *a = json_object_get_string(json_object_array_get_idx(arches, i));

				any |= a && arch_matches(a);
			}
			if (any != inc)
				return 0;
		}
		for (size_t i = 0; caps && i < json_object_array_length(caps); i++) {
			const char *name = json_object_get_string(json_object_array_get_idx(caps, i));
			bool have = name && lp_cap_effective(lp_cap_from_name(name));

			if (have != inc)
				return 0;
		}
		if (minkernel && kernel_at_least(minkernel) != inc)
			return 0;
	}
	return 1;
}

static int read_args(struct jreader *jr, json_object *args, const char *where,
		     struct lp_sc_rule *rule)
{
	unsigned seen = 0;

	for (size_t k = 0; args && k < json_object_array_length(args); k++) {
		json_object *a = json_object_array_get_idx(args, k);
		uint64_t index = 0, value = 0, value2 = 0;
		const char *op;
		size_t o;

		if (rule->nargs == ARRAY_SIZE(rule->args))
			return jr_fail(jr, where, "args: more than 6 conditions");
		if (!json_object_is_type(a, json_type_object))
			return jr_fail(jr, where, "args: expected objects");
		jr_u64(jr, a, where, "index", true, &index);
		jr_u64(jr, a, where, "value", true, &value);
		jr_u64(jr, a, where, "valueTwo", false, &value2);
		op = jr_string(jr, a, where, "op", true);
		if (jr->failed)
			return -1;
		if (index > 5)
			return jr_fail(jr, where, "args: index %llu out of range 0..5",
				       (unsigned long long)index);
		for (o = 0; o < ARRAY_SIZE(ops); o++)
			if (!strcmp(ops[o].name, op))
				break;
		if (o == ARRAY_SIZE(ops))
			return jr_fail(jr, where, "args: unknown op '%s'", op);
		if (seen & (1U << index))
			rule->split = true;
		seen |= 1U << index;
		rule->args[rule->nargs++] = (struct scmp_arg_cmp){
			(unsigned)index, ops[o].op, value, value2 };
	}
	return 0;
}

static void push_name(struct lp_sc_rule *r, const char *name)
{
	r->names = xrealloc(r->names, (r->nnames + 1) * sizeof(char *));
	r->names[r->nnames++] = xstrdup(name);
}

static int read_rules(struct jreader *jr, json_object *root, struct lp_sc_profile *p)
{
	json_object *rules = jr_member(jr, root, "", "syscalls", json_type_array, false);

	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i), *names, *name;
		struct lp_sc_rule rule = { 0 };
		const char *comment;
		char where[64];

		snprintf(where, sizeof(where), "syscalls[%zu]", i);
		if (!json_object_is_type(r, json_type_object))
			return jr_fail(jr, where, "expected an object");
		switch (rule_applies(jr, r, where)) {
		case -1:
			return -1;
		case 0:
			continue;
		}
		if (parse_action(jr, r, where, "action", "errnoRet", EPERM, &rule.action))
			return -1;
		names = jr_member(jr, r, where, "names", json_type_array, false);
		name = jr_member(jr, r, where, "name", json_type_string, false);
		comment = jr_string(jr, r, where, "comment", false);
		if (jr->failed)
			return -1;
		if (!names && !name)
			return jr_fail(jr, where, "names: missing");
		for (size_t k = 0; names && k < json_object_array_length(names); k++) {
			json_object *n = json_object_array_get_idx(names, k);

			if (!json_object_is_type(n, json_type_string)) {
				jr_fail(jr, where, "names: expected strings");
				break;
			}
			push_name(&rule, json_object_get_string(n));
		}
		if (name)
			push_name(&rule, json_object_get_string(name));
		rule.comment = comment ? xstrdup(comment) : NULL;
		if (!jr->failed)
			read_args(jr, jr_member(jr, r, where, "args", json_type_array, false),
				  where, &rule);
		p->rules = xrealloc(p->rules, (p->nrules + 1) * sizeof(*p->rules));
		p->rules[p->nrules++] = rule;
		if (jr->failed)
			return -1;
	}
	return jr->failed ? -1 : 0;
}

void lp_sc_profile_free(struct lp_sc_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			free(p->rules[i].names[k]);
		free(p->rules[i].names);
		free(p->rules[i].comment);
	}
	free(p->rules);
	for (size_t i = 0; i < p->nflags; i++)
		free(p->flags[i]);
	free(p->flags);
	free(p->arches);
	free(p);
}

struct lp_sc_profile *lp_sc_profile_parse(const char *text, size_t len,
					const char *name)
{
	struct jreader jr = { .file = name };
	struct lp_sc_profile *p;
	json_object *doc, *root, *spec;

	doc = root = lp_json_parse(text, len, name);
	if (!doc)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	if (!json_object_is_type(root, json_type_object)) {
		jr_fail(&jr, NULL, "not a seccomp profile (not a JSON object)");
		goto out;
	}
	/* A Security Profiles Operator resource carries the profile in spec. */
	if (json_object_object_get_ex(root, "spec", &spec) &&
	    json_object_is_type(spec, json_type_object) &&
	    json_object_object_get_ex(spec, "defaultAction", NULL))
		root = spec;
	if (!json_object_object_get_ex(root, "defaultAction", NULL)) {
		jr_fail(&jr, NULL, "not a seccomp profile (no defaultAction)");
		goto out;
	}
	if (parse_action(&jr, root, "", "defaultAction", "defaultErrnoRet", EPERM,
			 &p->default_action))
		goto out;
	if (read_arches(&jr, root, p) || read_flags(&jr, root, p))
		goto out;
	read_rules(&jr, root, p);
out:
	json_object_put(doc);
	if (jr.failed) {
		lp_sc_profile_free(p);
		return NULL;
	}
	return p;
}

struct lp_sc_profile *lp_sc_profile_read(const char *path)
{
	struct lp_sc_profile *p;
	size_t len;
	char *text = lp_read_file(path, 64 << 20, &len);

	if (!text) {
		lp_err("cannot read profile '%s': %s", path,
		       errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
		return NULL;
	}
	p = lp_sc_profile_parse(text, len, path);
	free(text);
	return p;
}

/* ---- building --------------------------------------------------------- */

static scmp_filter_ctx new_ctx(const struct lp_sc_profile *p, uint32_t dflt,
			       bool native)
{
	scmp_filter_ctx ctx = seccomp_init(dflt);
	uint32_t nat = seccomp_arch_native();

	if (!ctx)
		return NULL;
	if (!native)
		seccomp_arch_remove(ctx, nat);
	for (size_t i = 0; !native && i < p->narches; i++)
		if (p->arches[i] != nat && seccomp_arch_add(ctx, p->arches[i])) {
			seccomp_release(ctx);
			return NULL;
		}
	for (size_t i = 0; i < p->nflags; i++)
		for (size_t k = 0; k < ARRAY_SIZE(flag_attrs); k++)
			if (!strcmp(p->flags[i], flag_attrs[k].name) &&
			    seccomp_attr_set(ctx, flag_attrs[k].attr, 1)) {
				seccomp_release(ctx);
				return NULL;
			}
	return ctx;
}

static int add_rule(scmp_filter_ctx ctx, const struct lp_sc_rule *r, uint32_t act,
		    int nr, bool exact)
{
	int rc = 0;

	if (r->split) {
		for (unsigned i = 0; i < r->nargs && !rc; i++)
			rc = exact ? seccomp_rule_add_exact_array(ctx, act, nr, 1, &r->args[i])
				   : seccomp_rule_add_array(ctx, act, nr, 1, &r->args[i]);
	} else {
		rc = exact ? seccomp_rule_add_exact_array(ctx, act, nr, r->nargs, r->args)
			   : seccomp_rule_add_array(ctx, act, nr, r->nargs, r->args);
	}
	return rc == -EEXIST ? 0 : rc;
}

/* Add every rule: by name through libseccomp, or (native filter only) by
 * number from learnprof's table for names libseccomp does not know. */
static int add_rules(scmp_filter_ctx ctx, const struct lp_sc_profile *p,
		     uint32_t dflt, bool native, const char *file)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct lp_sc_rule *r = &p->rules[i];
		/* Complain mode by notification names what rules log, too. */
		uint32_t act = r->action == SCMP_ACT_LOG && dflt == SCMP_ACT_NOTIFY ?
			       SCMP_ACT_NOTIFY : r->action;

		if (act == dflt)
			continue;	/* libseccomp rejects it; runc skips it */
		for (size_t k = 0; k < r->nnames; k++) {
			const char *name = r->names[k];
			int nr = seccomp_syscall_resolve_name(name), rc;
			bool exact = false;

			if (nr == __NR_SCMP_ERROR) {
				if (!native || !lp_syscall_is_ours(name)) {
					if (lp_verbose)
						lp_warn("'%s': no number for '%s' here: rule skipped",
							file, name);
					continue;
				}
				nr = (int)lp_syscall_nr(LP_ABI_X86_64, name);
				exact = true;
			}
			rc = add_rule(ctx, r, act, nr, exact);
			if (rc)
				return lp_err("'%s': cannot add a rule for '%s': %s",
					      file, name, strerror(-rc));
		}
	}
	return 0;
}

scmp_filter_ctx lp_sc_profile_build(const struct lp_sc_profile *p,
				   uint32_t complain, const char *name)
{
	uint32_t dflt = complain ? complain : p->default_action;
	uint32_t nat = seccomp_arch_native();
	scmp_filter_ctx ctx, other = NULL;
	bool others = false;
	int rc;

	for (size_t i = 0; i < p->narches; i++)
		others |= p->arches[i] != nat;
	ctx = new_ctx(p, dflt, true);
	if (!ctx) {
		lp_err("'%s': libseccomp refused the default action or flags", name);
		return NULL;
	}
	if (add_rules(ctx, p, dflt, true, name))
		goto fail;
	if (others) {
		other = new_ctx(p, dflt, false);
		if (!other) {
			lp_err("'%s': libseccomp refused an architecture", name);
			goto fail;
		}
		if (add_rules(other, p, dflt, false, name))
			goto fail;
		rc = seccomp_merge(ctx, other);
		if (rc) {
			lp_err("'%s': cannot merge the architectures' filters: %s",
			       name, strerror(-rc));
			goto fail;
		}
		other = NULL;	/* consumed by the merge */
	}
	return ctx;
fail:
	if (other)
		seccomp_release(other);
	seccomp_release(ctx);
	return NULL;
}

scmp_filter_ctx lp_seccomp_parse(const char *text, size_t len,
				      const char *name, uint32_t complain)
{
	struct lp_sc_profile *p = lp_sc_profile_parse(text, len, name);
	scmp_filter_ctx ctx;

	if (!p)
		return NULL;
	ctx = lp_sc_profile_build(p, complain, name);
	lp_sc_profile_free(p);
	return ctx;
}

scmp_filter_ctx lp_seccomp_load(const char *path, uint32_t complain)
{
	struct lp_sc_profile *p = lp_sc_profile_read(path);
	scmp_filter_ctx ctx;

	if (!p)
		return NULL;
	ctx = lp_sc_profile_build(p, complain, path);
	lp_sc_profile_free(p);
	return ctx;
}
