// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Behaviour diffs (include/diff.h): the kinds, item sets, reading any file
 * (recording.c, profiles.c), the comparison and its text, markdown and JSON.
 */
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
#include "diff_int.h"

static const char *const kind_names[LP_DK_COUNT] = {
	"syscalls", "capabilities", "files", "network", "exec", "identities",
	"signals", "runtime", "other",
};

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
	if (diff_is_landlock(text)) {
		*type = LP_IN_LANDLOCK;
		ret = diff_landlock_text(text, len, path, s);
	} else if (*p == '{') {
		if (strstr(text, "\"" LP_RECORDING_FORMAT "\"")) {
			struct lp_recording *r = rec_parse(text, len, path);

			*type = LP_IN_RECORDING;
			if (r) {
				diff_from_recording(r, s);
				rec_free(r);
				ret = 0;
			}
		} else {
			struct lp_sc_profile *sp = lp_sc_profile_parse(text, len, path);

			*type = LP_IN_SECCOMP;
			if (sp) {
				diff_from_seccomp(sp, s);
				lp_sc_profile_free(sp);
				ret = 0;
			}
		}
	} else if (strstr(text, "profile ") || !strncmp(p, "abi ", 4) || *p == '#' || *p == '/') {
		*type = LP_IN_APPARMOR;
		ret = diff_apparmor_text(text, path, s);
	} else {
		ret = lp_err("'%s': not a recording, a seccomp profile, an AppArmor profile or a Landlock policy", path);
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
