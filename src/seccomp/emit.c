// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The seccomp profile text: the runtime-spec's linux.seccomp (OCI), moby's
 * format with per-rule comments (Docker), a SeccompProfile resource of the
 * Security Profiles Operator (YAML). Deterministic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "names.h"
#include "profile_name.h"
#include "companions.h"
#include "seccomp_gen.h"
#include "syscalls.h"
#include "util.h"
#include "rules.h"

/* ---- output ------------------------------------------------------------ */

static json_object *names_json(const struct nameset *s)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(a, json_object_new_string(s->names[i]));
	return a;
}

char *sg_emit_json(const struct ruleset *rs, bool docker)
{
	json_object *root = json_object_new_object(), *arches, *rules;
	char *text;

	jw_str(root, "defaultAction", "SCMP_ACT_ERRNO");
	jw_i64(root, "defaultErrnoRet", EPERM);
	if (docker) {
		json_object *m = json_object_new_object(), *sub = json_object_new_array();

		arches = json_object_new_array();
		jw_str(m, "architecture", lp_abi_scmp_token(LP_ABI_X86_64));
		for (int a = 1; a < LP_ABI_COUNT; a++)
			if (rs->abi[a])
				json_object_array_add(sub, json_object_new_string(lp_abi_scmp_token(a)));
		json_object_object_add(m, "subArchitectures", sub);
		json_object_array_add(arches, m);
		json_object_object_add(root, "archMap", arches);
	} else {
		arches = json_object_new_array();
		for (int a = 0; a < LP_ABI_COUNT; a++)
			if (rs->abi[a])
				json_object_array_add(arches, json_object_new_string(lp_abi_scmp_token(a)));
		json_object_object_add(root, "architectures", arches);
	}
	json_object_object_add(root, "flags", json_object_new_array());
	rules = json_object_new_array();
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "names", names_json(&r->names));
		jw_str(o, "action", r->action);
		if (r->errno_ret >= 0)
			jw_i64(o, "errnoRet", r->errno_ret);
		if (r->has_arg) {
			json_object *args = json_object_new_array(), *a = json_object_new_object();

			jw_u64(a, "index", r->arg.index);
			jw_u64(a, "value", r->arg.value);
			jw_u64(a, "valueTwo", r->arg.value2);
			jw_str(a, "op", r->arg.op);
			json_object_array_add(args, a);
			json_object_object_add(o, "args", args);
		}
		if (docker && r->comment)
			jw_str(o, "comment", r->comment);
		json_object_array_add(rules, o);
	}
	json_object_object_add(root, "syscalls", rules);
	text = lp_json_text(root);
	json_object_put(root);
	return text;
}

/* A Kubernetes object name: lowercase alphanumerics and '-'. */
static char *k8s_name(const char *name)
{
	char *s = xstrdup(name && *name ? name : "learnprof");
	size_t o = 0;

	for (size_t i = 0; s[i]; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '-';
		if (c == '-' && (o == 0 || s[o - 1] == '-'))
			continue;
		s[o++] = c;
	}
	while (o && s[o - 1] == '-')
		o--;
	s[o] = '\0';
	if (!o) {
		free(s);
		s = xstrdup("learnprof");
	}
	return s;
}

/* The SPO resource, in YAML; errnoRet and values as plain integers. */
char *sg_emit_spo(const struct ruleset *rs, const struct lp_recording *rec,
		      const char *name)
{
	struct strbuf sb;
	char *p = lp_profile_name(rec, name), *n = k8s_name(p);

	free(p);

	sb_init(&sb);
	sb_puts(&sb, "apiVersion: security-profiles-operator.x-k8s.io/v1\n"
		     "kind: SeccompProfile\n"
		     "metadata:\n");
	sb_printf(&sb, "  name: %s\n", n);
	sb_puts(&sb, "  annotations:\n"
		     "    learnprof.io/generated-by: learnprof " LEARNPROF_VERSION "\n"
		     "spec:\n"
		     "  defaultAction: SCMP_ACT_ERRNO\n"
		     "  architectures:\n");
	for (int a = 0; a < LP_ABI_COUNT; a++)
		if (rs->abi[a])
			sb_printf(&sb, "  - %s\n", lp_abi_scmp_token(a));
	sb_puts(&sb, "  syscalls:\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];

		if (r->comment)
			sb_printf(&sb, "  # %s\n", r->comment);
		sb_printf(&sb, "  - action: %s\n", r->action);
		if (r->errno_ret >= 0)
			sb_printf(&sb, "    errnoRet: %d\n", r->errno_ret);
		sb_puts(&sb, "    names:\n");
		for (size_t k = 0; k < r->names.n; k++)
			sb_printf(&sb, "    - %s\n", r->names.names[k]);
		if (r->has_arg)
			sb_printf(&sb, "    args:\n    - index: %u\n      value: %llu\n"
				       "      valueTwo: %llu\n      op: %s\n",
				  r->arg.index, (unsigned long long)r->arg.value,
				  (unsigned long long)r->arg.value2, r->arg.op);
	}
	free(n);
	return sb_detach(&sb);
}
