// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Recording's JSON form (schema 1, docs/recording.md), read: strict,
 * with one line naming the file, the place and the problem on failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "names.h"
#include "recording.h"
#include "syscalls.h"
#include "util.h"
#include "volatile.h"
#include "json_int.h"

/* ---- reading ---------------------------------------------------------- */

/* Strings come in escaped (lp_bytes_escape); a malformed escape is taken
 * as it is written. */
static char *jdup(const char *s)
{
	char *u;

	if (!s)
		return NULL;
	u = lp_bytes_unescape(s);
	return u ? u : xstrdup(s);
}

static void parse_meta(struct jreader *jr, json_object *o, const char *where,
		       struct lp_meta *m, bool top)
{
	json_object *t, *v, *lost, *probes;
	uint64_t u;
	int64_t i64;
	bool b;

	m->version = jdup(jr_string(jr, o, where, "learnprof_version", true));
	m->kernel = jdup(jr_string(jr, o, where, "kernel", false));
	m->machine = jdup(jr_string(jr, o, where, "machine", false));
	m->start = jdup(jr_string(jr, o, where, "start", false));
	m->end = jdup(jr_string(jr, o, where, "end", false));
	m->runs = 1;
	if (top && jr_u64(jr, o, where, "runs", true, &u)) {
		if (u == 0 || u > UINT32_MAX)
			jr_fail(jr, where, "runs: out of range");
		m->runs = (uint32_t)u;
	}

	t = jr_member(jr, o, where, "target", json_type_object, true);
	if (t) {
		const char *kind = jr_string(jr, t, "meta.target", "kind", true);
		size_t k;

		for (k = 0; kind && k < ARRAY_SIZE(rj_kind_names); k++)
			if (!strcmp(kind, rj_kind_names[k]))
				break;
		if (kind && k == ARRAY_SIZE(rj_kind_names))
			jr_fail(jr, "meta.target.kind", "unknown kind '%s'", kind);
		else
			m->kind = (enum lp_target_kind)k;
		v = jr_member(jr, t, "meta.target", "command", json_type_array, false);
		if (v) {
			size_t n = json_object_array_length(v);

			m->command = xcalloc(n, sizeof(char *));
			for (size_t i = 0; i < n; i++) {
				json_object *s = json_object_array_get_idx(v, i);

				if (!json_object_is_type(s, json_type_string)) {
					jr_fail(jr, "meta.target.command", "expected strings");
					break;
				}
				m->command[m->ncommand++] = jdup(json_object_get_string(s));
			}
		}
		m->cgroup = jdup(jr_string(jr, t, "meta.target", "cgroup", false));
		m->user = jdup(jr_string(jr, t, "meta.target", "user", false));
		v = jr_member(jr, t, "meta.target", "container", json_type_object, false);
		if (v) {
			m->container_id = jdup(jr_string(jr, v, "meta.target.container", "id", true));
			m->container_runtime = jdup(jr_string(jr, v, "meta.target.container", "runtime", false));
			m->image = jdup(jr_string(jr, v, "meta.target.container", "image", false));
			m->image_digest = jdup(jr_string(jr, v, "meta.target.container", "image_digest", false));
			m->bundle = jdup(jr_string(jr, v, "meta.target.container", "bundle", false));
			jr_bool(jr, v, "meta.target.container", "startup_missed", false,
				&m->startup_missed);
		}
	}
	if (jr_i64(jr, o, where, "exit_status", false, &i64)) {
		m->has_exit = true;
		m->exit_status = (int)i64;
		if (jr_i64(jr, o, where, "exit_signal", false, &i64))
			m->exit_signal = (int)i64;
	}
	m->no_new_privs = -1;
	if (jr_bool(jr, o, where, "no_new_privs", false, &b))
		m->no_new_privs = b;

	lost = jr_member(jr, o, where, "lost", json_type_object, true);
	for (int i = 0; lost && i < LP_LOST_COUNT; i++)
		if (jr_u64(jr, lost, "meta.lost", lp_lost_name(i), false, &u))
			m->lost[i] = u;

	probes = jr_member(jr, o, where, "probes", json_type_object, true);
	if (probes) {
		size_t cap = 0;

		json_object_object_foreach(probes, name, po) {
			struct lp_probe *p;
			bool active = false;

			if (!json_object_is_type(po, json_type_object)) {
				jr_fail(jr, "meta.probes", "%s: expected an object", name);
				break;
			}
			jr_bool(jr, po, "meta.probes", "active", true, &active);
			p = LP_PUSH(m->probes, m->nprobes, cap);
			p->name = xstrdup(name);
			p->active = active;
			p->hook = jdup(jr_string(jr, po, "meta.probes", "hook", false));
			p->reason = jdup(jr_string(jr, po, "meta.probes", "reason", false));
			p->note = jdup(jr_string(jr, po, "meta.probes", "note", false));
		}
	}

	if (top) {
		v = jr_member(jr, o, where, "sources", json_type_array, false);
		if (v) {
			size_t n = json_object_array_length(v);

			m->sources = xcalloc(n, sizeof(*m->sources));
			for (size_t i = 0; i < n && !jr->failed; i++) {
				json_object *s = json_object_array_get_idx(v, i);

				if (!json_object_is_type(s, json_type_object)) {
					jr_fail(jr, "meta.sources", "expected objects");
					break;
				}
				parse_meta(jr, s, "meta.sources[]", &m->sources[i], false);
				m->nsources++;
			}
		}
	}
}

static uint32_t parse_path_flags(struct jreader *jr, json_object *a,
				 const char *where)
{
	uint32_t flags = 0;

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *s = json_object_array_get_idx(a, i);
		size_t k;

		if (!json_object_is_type(s, json_type_string)) {
			jr_fail(jr, where, "path_flags: expected strings");
			return 0;
		}
		for (k = 0; k < ARRAY_SIZE(rj_path_flag_names); k++)
			if (rj_path_flag_names[k] &&
			    !strcmp(json_object_get_string(s), rj_path_flag_names[k]))
				break;
		if (k == ARRAY_SIZE(rj_path_flag_names)) {
			jr_fail(jr, where, "path_flags: unknown flag '%s'",
				json_object_get_string(s));
			return 0;
		}
		flags |= 1U << k;
	}
	return flags;
}

static void parse_syscalls(struct jreader *jr, json_object *sys,
			   struct lp_exe *e, const char *where, uint32_t runs)
{
	char place[600];

	json_object_object_foreach(sys, abiname, abi) {
		int a = lp_abi_from_name(abiname);

		snprintf(place, sizeof(place), "%s.syscalls.%s", where, abiname);
		if (a < 0) {
			jr_fail(jr, place, "unknown ABI");
			return;
		}
		if (!json_object_is_type(abi, json_type_object)) {
			jr_fail(jr, place, "expected an object");
			return;
		}
		json_object_object_foreach(abi, name, so) {
			struct lp_syscall *s;
			int64_t nr = -1;
			uint64_t count = 0, r = runs;

			if (!json_object_is_type(so, json_type_object)) {
				jr_fail(jr, place, "%s: expected an object", name);
				return;
			}
			if (!*name) {
				jr_fail(jr, place, "empty syscall name");
				return;
			}
			jr_i64(jr, so, place, "nr", false, &nr);
			jr_u64(jr, so, place, "count", true, &count);
			jr_u64(jr, so, place, "runs", false, &r);
			if (jr->failed)
				return;
			if (r > runs || r == 0) {
				jr_fail(jr, place, "%s: runs %llu out of range 1..%u",
					name, (unsigned long long)r, runs);
				return;
			}
			s = exe_syscall(e, a, name, nr);
			s->count = count;
			s->runs = (uint32_t)r;
		}
	}
}

static uint32_t parse_kinds(struct jreader *jr, json_object *a, const char *where)
{
	uint32_t kinds = 0;

	if (!json_object_is_type(a, json_type_array)) {
		jr_fail(jr, where, "expected an array of access kinds");
		return 0;
	}
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *s = json_object_array_get_idx(a, i);
		int k = json_object_is_type(s, json_type_string) ?
			lp_file_kind_from_name(json_object_get_string(s)) : -1;

		if (k < 0) {
			jr_fail(jr, where, "unknown access kind '%s'",
				json_object_get_string(s));
			return 0;
		}
		kinds |= 1U << k;
	}
	return kinds;
}

static void parse_observed(struct jreader *jr, json_object *a, struct lp_file *f,
			   const char *where)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *s = json_object_array_get_idx(a, i);
		char *raw;

		if (!json_object_is_type(s, json_type_string) || !*json_object_get_string(s)) {
			jr_fail(jr, where, "observed: expected non-empty strings");
			return;
		}
		raw = jdup(json_object_get_string(s));
		file_add_observed(f, raw);
		free(raw);
	}
}

static uint32_t parse_varies(struct jreader *jr, json_object *a, const char *where)
{
	uint32_t rules = 0;

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *s = json_object_array_get_idx(a, i);
		int r = json_object_is_type(s, json_type_string) ?
			lp_vol_rule_from_name(json_object_get_string(s)) : -1;

		if (r < 0) {
			jr_fail(jr, where, "varies: unknown rule '%s'", json_object_get_string(s));
			return 0;
		}
		rules |= 1U << r;
	}
	return rules;
}

static void parse_files(struct jreader *jr, json_object *files, struct lp_exe *e,
			const char *exe_where, uint32_t runs)
{
	char where[1024];

	json_object_object_foreach(files, path, fo) {
		struct lp_file *f;
		json_object *acc, *errs, *flags, *obs, *varies;
		uint64_t r = runs;

		snprintf(where, sizeof(where), "%s.files[\"%.300s\"]", exe_where, path);
		if (!json_object_is_type(fo, json_type_object)) {
			jr_fail(jr, where, "expected an object");
			return;
		}
		if (!*path) {
			jr_fail(jr, where, "empty path");
			return;
		}
		acc = jr_member(jr, fo, where, "access", json_type_array, true);
		errs = jr_member(jr, fo, where, "errors", json_type_object, false);
		flags = jr_member(jr, fo, where, "flags", json_type_array, false);
		obs = jr_member(jr, fo, where, "observed", json_type_array, false);
		varies = jr_member(jr, fo, where, "varies", json_type_array, false);
		jr_u64(jr, fo, where, "runs", false, &r);
		if (jr->failed)
			return;
		if (r == 0 || r > runs) {
			jr_fail(jr, where, "runs %llu out of range 1..%u",
				(unsigned long long)r, runs);
			return;
		}
		{
			char *raw = jdup(path);

			f = exe_file(e, raw);
			free(raw);
		}
		f->runs = (uint32_t)r;
		file_add(f, parse_kinds(jr, acc, where), 0, parse_path_flags(jr, flags, where));
		parse_observed(jr, obs, f, where);
		f->varies |= parse_varies(jr, varies, where);
		if (errs) {
			json_object_object_foreach(errs, ename, ekinds) {
				int err = lp_errno_from_name(ename);

				if (err <= 0) {
					jr_fail(jr, where, "errors: unknown errno '%s'", ename);
					return;
				}
				file_add(f, parse_kinds(jr, ekinds, where), err, 0);
			}
		}
		if (jr->failed)
			return;
	}
}

static void parse_fact_list(struct jreader *jr, json_object *arr, struct lp_exe *e,
			    int c, const char *where, uint32_t runs)
{
	const struct cat_desc *d = &rj_cats[c];

	for (size_t i = 0; i < json_object_array_length(arr) && !jr->failed; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		struct lp_fact f = { 0 };
		const char *errname;
		uint64_t count = 0, r = runs;
		struct lp_fact *added;

		if (!json_object_is_type(o, json_type_object)) {
			jr_fail(jr, where, "expected objects");
			return;
		}
		for (int k = 0; k < LP_FACT_S; k++)
			if (d->s[k])
				f.s[k] = jdup(jr_string(jr, o, where, d->s[k], false));
		for (int k = 0; k < LP_FACT_N && !jr->failed; k++) {
			const char *hex;
			bool b = false;
			char *end;

			if (!d->n[k])
				continue;
			switch (d->nfmt[k]) {
			case F_HEX:
				hex = jr_string(jr, o, where, d->n[k], false);
				if (!hex)
					break;
				f.n[k] = (int64_t)strtoull(hex, &end, 16);
				if (strncmp(hex, "0x", 2) || *end)
					jr_fail(jr, where, "%s: '%s' is not a hex number", d->n[k], hex);
				break;
			case F_BOOL:
				if (jr_bool(jr, o, where, d->n[k], false, &b))
					f.n[k] = b;
				break;
			default:
				jr_i64(jr, o, where, d->n[k], false, &f.n[k]);
			}
		}
		errname = jr_string(jr, o, where, "error", false);
		jr_u64(jr, o, where, "count", true, &count);
		jr_u64(jr, o, where, "runs", false, &r);
		if (!jr->failed && errname && (f.err = lp_errno_from_name(errname)) <= 0)
			jr_fail(jr, where, "unknown errno '%s'", errname);
		if (!jr->failed && (r == 0 || r > runs))
			jr_fail(jr, where, "runs %llu out of range 1..%u",
				(unsigned long long)r, runs);
		if (!jr->failed) {
			f.count = count;
			added = exe_fact(e, c, &f);
			added->runs = (uint32_t)r;
		}
		for (int k = 0; k < LP_FACT_S; k++)
			free(f.s[k]);
	}
}

static void parse_facts(struct jreader *jr, json_object *eo, struct lp_exe *e,
			const char *exe_where, uint32_t runs)
{
	char where[700];

	for (int c = 0; c < LP_CAT_COUNT && !jr->failed; c++) {
		const struct cat_desc *d = &rj_cats[c];
		json_object *parent = eo, *arr;

		if (d->group) {
			snprintf(where, sizeof(where), "%s", exe_where);
			parent = jr_member(jr, eo, where, d->group, json_type_object, false);
			if (!parent)
				continue;
		}
		snprintf(where, sizeof(where), "%s%s%s", exe_where,
			 d->group ? "." : "", d->group ? d->group : "");
		arr = jr_member(jr, parent, where, d->name, json_type_array, false);
		if (!arr)
			continue;
		snprintf(where, sizeof(where), "%s%s%s.%s", exe_where,
			 d->group ? "." : "", d->group ? d->group : "", d->name);
		parse_fact_list(jr, arr, e, c, where, runs);
	}
}

struct lp_recording *rec_parse(const char *text, size_t len, const char *name)
{
	struct jreader jr = { .file = name };
	json_object *root, *meta, *exes;
	struct lp_recording *r;
	const char *fmt;
	int64_t schema = 0;

	root = lp_json_parse(text, len, name);
	if (!root)
		return NULL;
	r = rec_new();
	if (!json_object_is_type(root, json_type_object)) {
		jr_fail(&jr, NULL, "not a learnprof recording (not a JSON object)");
		goto out;
	}
	fmt = jr_string(&jr, root, "", "format", false);
	if (!fmt || strcmp(fmt, LP_RECORDING_FORMAT)) {
		jr.failed = false;
		jr_fail(&jr, NULL, "not a learnprof recording (format is not '%s')",
			LP_RECORDING_FORMAT);
		goto out;
	}
	if (!jr_i64(&jr, root, "", "schema", true, &schema))
		goto out;
	if (schema > LP_RECORDING_SCHEMA) {
		jr_fail(&jr, NULL,
			"recording schema %lld is newer than this learnprof reads (%d); upgrade learnprof",
			(long long)schema, LP_RECORDING_SCHEMA);
		goto out;
	}
	if (schema < 1) {
		jr_fail(&jr, NULL, "bad recording schema %lld", (long long)schema);
		goto out;
	}
	meta = jr_member(&jr, root, "", "meta", json_type_object, true);
	if (meta)
		parse_meta(&jr, meta, "meta", &r->meta, true);
	exes = jr_member(&jr, root, "", "executables", json_type_object, true);
	if (exes && !jr.failed) {
		json_object_object_foreach(exes, path, eo) {
			char where[512];
			struct lp_exe *e;
			json_object *sys, *pf, *files, *reach;
			uint64_t runs = r->meta.runs;

			snprintf(where, sizeof(where), "executables[\"%.400s\"]", path);
			if (!json_object_is_type(eo, json_type_object)) {
				jr_fail(&jr, where, "expected an object");
				break;
			}
			if (!*path) {
				jr_fail(&jr, "executables", "empty path");
				break;
			}
			{
				char *raw = jdup(path);

				e = rec_exe(r, raw);
				free(raw);
			}
			jr_u64(&jr, eo, where, "runs", false, &runs);
			if (!jr.failed && (runs == 0 || runs > r->meta.runs)) {
				jr_fail(&jr, where, "runs %llu out of range 1..%u",
					(unsigned long long)runs, r->meta.runs);
				break;
			}
			e->runs = (uint32_t)runs;
			pf = jr_member(&jr, eo, where, "path_flags", json_type_array, false);
			e->flags = parse_path_flags(&jr, pf, where);
			sys = jr_member(&jr, eo, where, "syscalls", json_type_object, true);
			if (sys)
				parse_syscalls(&jr, sys, e, where, e->runs);
			files = jr_member(&jr, eo, where, "files", json_type_object, false);
			if (files && !jr.failed)
				parse_files(&jr, files, e, where, e->runs);
			if (!jr.failed)
				parse_facts(&jr, eo, e, where, e->runs);
			reach = jr_member(&jr, eo, where, "reachable", json_type_object, false);
			if (reach && !jr.failed)
				e->reach = rj_reach_parse(&jr, reach, where);
			if (jr.failed)
				break;
		}
	}
out:
	json_object_put(root);
	if (jr.failed) {
		rec_free(r);
		return NULL;
	}
	/* Recordings made before a rule existed get its stable names too. */
	lp_vol_stabilise(r, NULL);
	return r;
}

struct lp_recording *rec_load(const char *path)
{
	struct lp_recording *r;
	size_t len;
	char *text;

	text = lp_read_file(path, LP_RECORDING_MAX_BYTES, &len);
	if (!text) {
		lp_err("cannot read recording '%s': %s", path,
		       errno == EFBIG ? "larger than 1 GiB" : strerror(errno));
		return NULL;
	}
	if (len == 0) {
		free(text);
		lp_err("'%s': empty file, not a recording", path);
		return NULL;
	}
	r = rec_parse(text, len, path);
	free(text);
	return r;
}
