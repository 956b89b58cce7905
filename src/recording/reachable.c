// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A program's "reachable but not observed" set in the model: build, merge,
 * free, and its JSON member "reachable" (docs/recording.md). src/reach/
 * computes it; this file only keeps it.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "recording.h"
#include "util.h"
#include "json_int.h"

struct lp_reach_item *reach_item(struct lp_reach *r, const char *syscall)
{
	struct lp_reach_item *it;

	for (size_t k = 0; k < r->n; k++)
		if (!strcmp(r->v[k].syscall, syscall))
			return &r->v[k];
	it = LP_PUSH(r->v, r->n, r->cap);
	memset(it, 0, sizeof(*it));
	it->syscall = xstrdup(syscall);
	return it;
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct lp_reach_item *)a)->syscall,
		      ((const struct lp_reach_item *)b)->syscall);
}

void reach_sort(struct lp_reach *r)
{
	lp_qsort(r->v, r->n, sizeof(*r->v), cmp_item);
	for (size_t k = 0; k < r->n; k++) {
		sl_sort_uniq(&r->v[k].funcs);
		sl_sort_uniq(&r->v[k].files);
	}
	sl_sort_uniq(&r->read);
	sl_sort_uniq(&r->any);
	sl_sort_uniq(&r->scanned);
	sl_sort_uniq(&r->unread);
}

static void item_free(struct lp_reach_item *it)
{
	free(it->syscall);
	sl_free(&it->funcs);
	sl_free(&it->files);
}

void reach_free(struct lp_reach *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < r->n; k++)
		item_free(&r->v[k]);
	free(r->v);
	sl_free(&r->read);
	sl_free(&r->any);
	sl_free(&r->scanned);
	sl_free(&r->unread);
	free(r);
}

static void sl_union(struct strlist *into, const struct strlist *from)
{
	for (size_t k = 0; k < from->n; k++)
		sl_add(into, xstrdup(from->v[k]));
}

/* Drop the syscalls e was observed making (a merge can observe them). */
static void reach_drop_observed(struct lp_reach *r, const struct lp_exe *e)
{
	size_t o = 0;

	for (size_t k = 0; k < r->n; k++) {
		if (exe_find_syscall(e, LP_ABI_X86_64, r->v[k].syscall))
			item_free(&r->v[k]);
		else
			r->v[o++] = r->v[k];
	}
	r->n = o;
}

void reach_merge(struct lp_reach **into, const struct lp_reach *from,
		 const struct lp_exe *e)
{
	struct lp_reach *r = *into;

	if (!from && !r)
		return;
	if (!r)
		r = *into = xcalloc(1, sizeof(*r));
	for (size_t k = 0; from && k < from->n; k++) {
		struct lp_reach_item *it = reach_item(r, from->v[k].syscall);

		sl_union(&it->funcs, &from->v[k].funcs);
		sl_union(&it->files, &from->v[k].files);
	}
	if (from) {
		sl_union(&r->read, &from->read);
		sl_union(&r->any, &from->any);
		sl_union(&r->scanned, &from->scanned);
		sl_union(&r->unread, &from->unread);
	}
	reach_drop_observed(r, e);
	reach_sort(r);
}

/* ---- JSON --------------------------------------------------------------- */

static json_object *strings_json(const struct strlist *sl)
{
	json_object *a = json_object_new_array();

	for (size_t k = 0; k < sl->n; k++) {
		char *s = lp_bytes_escape(sl->v[k]);

		json_object_array_add(a, json_object_new_string(s));
		free(s);
	}
	return a;
}

static void add_strings(json_object *o, const char *key, const struct strlist *sl)
{
	if (sl->n)
		json_object_object_add(o, key, strings_json(sl));
}

json_object *rj_reach_json(const struct lp_reach *r)
{
	json_object *o = json_object_new_object(), *sys = json_object_new_object();

	add_strings(o, "files_read", &r->read);
	add_strings(o, "not_read", &r->unread);
	add_strings(o, "static_scanned", &r->scanned);
	for (size_t k = 0; k < r->n; k++) {
		json_object *it = json_object_new_object();

		json_object_object_add(it, "functions", strings_json(&r->v[k].funcs));
		json_object_object_add(it, "files", strings_json(&r->v[k].files));
		json_object_object_add(sys, r->v[k].syscall, it);
	}
	add_strings(o, "syscall_imported_by", &r->any);
	json_object_object_add(o, "syscalls", sys);
	return o;
}

static void parse_strings(struct jreader *jr, json_object *o, const char *where,
			  const char *key, struct strlist *sl)
{
	json_object *a = jr_member(jr, o, where, key, json_type_array, false);

	for (size_t k = 0; a && k < json_object_array_length(a); k++) {
		json_object *s = json_object_array_get_idx(a, k);
		char *u;

		if (!json_object_is_type(s, json_type_string)) {
			jr_fail(jr, where, "%s: expected strings", key);
			return;
		}
		u = lp_bytes_unescape(json_object_get_string(s));
		sl_add(sl, u ? u : xstrdup(json_object_get_string(s)));
	}
}

struct lp_reach *rj_reach_parse(struct jreader *jr, json_object *o, const char *where)
{
	struct lp_reach *r = xcalloc(1, sizeof(*r));
	json_object *sys;

	parse_strings(jr, o, where, "files_read", &r->read);
	parse_strings(jr, o, where, "not_read", &r->unread);
	parse_strings(jr, o, where, "static_scanned", &r->scanned);
	parse_strings(jr, o, where, "syscall_imported_by", &r->any);
	sys = jr_member(jr, o, where, "syscalls", json_type_object, true);
	if (sys) {
		json_object_object_foreach(sys, name, it) {
			struct lp_reach_item *ri;

			if (!json_object_is_type(it, json_type_object) || !*name) {
				jr_fail(jr, where, "syscalls: expected objects named by syscall");
				break;
			}
			ri = reach_item(r, name);
			parse_strings(jr, it, where, "functions", &ri->funcs);
			parse_strings(jr, it, where, "files", &ri->files);
		}
	}
	reach_sort(r);
	return r;
}
