// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report as JSON, for tools. */
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "names.h"
#include "report.h"
#include "risk.h"
#include "util.h"

static json_object *lines_json(const struct rp_lines *l)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->n; i++) {
		json_object *o = json_object_new_object();

		jw_str(o, "text", l->v[i].text);
		if (l->v[i].runs)
			jw_u64(o, "runs", l->v[i].runs);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *strlist_json(const struct strlist *sl)
{
	json_object *a = json_object_new_array();

	for (size_t k = 0; k < sl->n; k++) {
		char *d = lp_display(sl->v[k]);

		json_object_array_add(a, json_object_new_string(d));
		free(d);
	}
	return a;
}

/* Reachable but not observed, per program, most dangerous first. */
static json_object *reach_json(const struct lp_report *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nreach; i++) {
		const struct rp_reach_exe *x = &r->reach[i];
		json_object *o = json_object_new_object(), *sys = json_object_new_array();
		char *path = lp_display(x->exe->path);

		jw_str(o, "program", path);
		jw_bool(o, "computed", x->exe->reach != NULL);
		for (size_t k = 0; k < x->n; k++) {
			json_object *s = json_object_new_object();

			jw_str(s, "name", x->v[k].item->syscall);
			jw_str(s, "group", lp_group_name(x->v[k].group));
			jw_str(s, "risk", x->v[k].risk);
			json_object_object_add(s, "functions", strlist_json(&x->v[k].item->funcs));
			json_object_object_add(s, "files", strlist_json(&x->v[k].item->files));
			json_object_array_add(sys, s);
		}
		json_object_object_add(o, "syscalls", sys);
		json_object_object_add(o, "limits", lines_json(&x->limits));
		json_object_array_add(a, o);
		free(path);
	}
	return a;
}

char *report_json(const struct lp_report *r)
{
	json_object *root = json_object_new_object(), *a, *o;
	char *caps, *t;

	jw_u64(root, "runs", r->runs);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nmanifest; i++)
		json_object_array_add(a, json_object_new_string(r->manifest[i]));
	json_object_object_add(root, "manifest", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nchecks; i++) {
		o = json_object_new_object();
		jw_str(o, "id", r->checks[i].id);
		jw_str(o, "title", r->checks[i].title);
		jw_str(o, "status", rp_status_name(r->checks[i].status));
		jw_str(o, "evidence", r->checks[i].evidence);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "checklist", a);
	o = json_object_new_object();
	jw_u64(o, "allowed", r->profile.allowed);
	jw_u64(o, "observed", r->profile.observed);
	jw_u64(o, "companions", r->profile.companions);
	jw_u64(o, "runtime_floor", r->profile.floor);
	json_object_object_add(root, "seccomp_profile", o);
	o = json_object_new_object();
	jw_u64(o, "docker_default_allows", r->docker_total);
	jw_u64(o, "never_used", r->docker_unused);
	json_object_object_add(o, "beyond_docker_default", lines_json(&r->beyond_docker));
	json_object_object_add(root, "attack_surface", o);
	json_object_object_add(root, "risks", lines_json(&r->risks));
	json_object_object_add(root, "coverage", lines_json(&r->coverage));
	a = json_object_new_array();
	for (size_t i = 0; i < r->nsys; i++) {
		o = json_object_new_object();
		jw_str(o, "name", r->sys[i].name);
		jw_str(o, "group", lp_group_name(r->sys[i].group));
		jw_u64(o, "count", r->sys[i].count);
		jw_u64(o, "runs", r->sys[i].runs);
		jw_bool(o, "docker_default_allows", r->sys[i].docker_allows);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "syscalls", a);
	caps = caps_generate(r->rec, &(struct lp_caps_opts){ .format = LP_CAPS_JSON });
	json_object_object_add(root, "capabilities", caps ? json_tokener_parse(caps) : NULL);
	free(caps);
	a = json_object_new_array();
	for (size_t i = 0; i < r->ndirs; i++)
		for (size_t k = 0; k < r->dirs[i].nfiles; k++) {
			const struct rp_file *f = &r->dirs[i].files[k];
			json_object *kinds = json_object_new_array();
			char *path = xasprintf("%s%s%s", r->dirs[i].dir,
					       strcmp(r->dirs[i].dir, "/") ? "/" : "", f->path);

			o = json_object_new_object();
			jw_str(o, "path", path);
			for (int b = 0; b < LP_F_KIND_COUNT; b++)
				if (f->kinds & (1U << b))
					json_object_array_add(kinds, json_object_new_string(lp_file_kind_name(b)));
			json_object_object_add(o, "access", kinds);
			jw_str(o, "errors", f->errors);
			if (f->folded)
				jw_u64(o, "files", f->folded);
			jw_u64(o, "runs", f->runs);
			json_object_array_add(a, o);
			free(path);
		}
	json_object_object_add(root, "files", a);
	json_object_object_add(root, "network", lines_json(&r->network));
	json_object_object_add(root, "programs", lines_json(&r->exec_tree));
	json_object_object_add(root, "identities", lines_json(&r->identities));
	json_object_object_add(root, "signals", lines_json(&r->signals));
	json_object_object_add(root, "partial", lines_json(&r->partial));
	json_object_object_add(root, "runtime", lines_json(&r->runtime));
	if (r->nreach)
		json_object_object_add(root, "reachable_not_observed", reach_json(r));
	o = json_object_new_object();
	jw_u64(o, "path_rules", r->ll_path_rules);
	jw_u64(o, "port_rules", r->ll_port_rules);
	json_object_object_add(o, "lines", lines_json(&r->landlock));
	json_object_object_add(root, "landlock", o);
	t = lp_json_text(root);
	json_object_put(root);
	return t;
}
