// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Recording's JSON form (schema 1, docs/recording.md), written:
 * canonical and deterministic (sorted keys where the model is a set, fixed
 * order where it is a record), streamed for large recordings, saved
 * atomically.
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

/* ---- writing ---------------------------------------------------------- */

/* Every string goes out escaped (lp_bytes_escape): paths are bytes. */
static void wstr(json_object *o, const char *key, const char *val)
{
	char *e;

	if (!val)
		return;
	e = lp_bytes_escape(val);
	json_object_object_add(o, key, json_object_new_string(e));
	free(e);
}

static json_object *flags_json(uint32_t flags)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < ARRAY_SIZE(rj_path_flag_names); i++)
		if ((flags & (1U << i)) && rj_path_flag_names[i])
			json_object_array_add(a, json_object_new_string(rj_path_flag_names[i]));
	return a;
}

static json_object *meta_json(const struct lp_meta *m, bool top)
{
	json_object *o = json_object_new_object(), *t, *lost, *probes, *a;

	wstr(o, "learnprof_version", m->version);
	wstr(o, "kernel", m->kernel);
	wstr(o, "machine", m->machine);
	wstr(o, "start", m->start);
	wstr(o, "end", m->end);
	if (top)
		jw_u64(o, "runs", m->runs);

	t = json_object_new_object();
	wstr(t, "kind", rj_kind_names[m->kind]);
	if (m->ncommand) {
		a = json_object_new_array();
		for (size_t i = 0; i < m->ncommand; i++)
			{
				char *e = lp_bytes_escape(m->command[i]);

				json_object_array_add(a, json_object_new_string(e));
				free(e);
			}
		json_object_object_add(t, "command", a);
	}
	wstr(t, "cgroup", m->cgroup);
	wstr(t, "user", m->user);
	if (m->container_id) {
		json_object *c = json_object_new_object();

		wstr(c, "id", m->container_id);
		wstr(c, "runtime", m->container_runtime);
		wstr(c, "image", m->image);
		wstr(c, "image_digest", m->image_digest);
		wstr(c, "bundle", m->bundle);
		if (m->startup_missed)
			jw_bool(c, "startup_missed", true);
		json_object_object_add(t, "container", c);
	}
	json_object_object_add(o, "target", t);

	if (m->has_exit) {
		jw_i64(o, "exit_status", m->exit_status);
		jw_i64(o, "exit_signal", m->exit_signal);
	}
	if (m->no_new_privs >= 0)
		jw_bool(o, "no_new_privs", m->no_new_privs);

	lost = json_object_new_object();
	for (int i = 0; i < LP_LOST_COUNT; i++)
		jw_u64(lost, lp_lost_name(i), m->lost[i]);
	json_object_object_add(o, "lost", lost);

	probes = json_object_new_object();
	for (size_t i = 0; i < m->nprobes; i++) {
		const struct lp_probe *p = &m->probes[i];
		json_object *po = json_object_new_object();

		jw_bool(po, "active", p->active);
		wstr(po, "hook", p->hook);
		wstr(po, "reason", p->reason);
		wstr(po, "note", p->note);
		json_object_object_add(probes, p->name, po);
	}
	json_object_object_add(o, "probes", probes);

	if (top && m->nsources) {
		a = json_object_new_array();
		for (size_t i = 0; i < m->nsources; i++)
			json_object_array_add(a, meta_json(&m->sources[i], false));
		json_object_object_add(o, "sources", a);
	}
	return o;
}

static json_object *kinds_json(uint32_t kinds)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < LP_F_KIND_COUNT; i++)
		if (kinds & (1U << i))
			json_object_array_add(a, json_object_new_string(lp_file_kind_name(i)));
	return a;
}

static json_object *observed_json(const struct lp_file *f)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < LP_FILE_OBSERVED && f->observed[i]; i++) {
		char *e = lp_bytes_escape(f->observed[i]);

		json_object_array_add(a, json_object_new_string(e));
		free(e);
	}
	return a;
}

static json_object *varies_json(uint32_t rules)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < LP_VOL_COUNT; i++)
		if (rules & (1U << i))
			json_object_array_add(a, json_object_new_string(lp_vol_rules[i].name));
	return a;
}

/* One file at a time: a json-c object per file would need ~1 KiB each. */
static void files_stream(struct jstream *js, const struct lp_exe *e)
{
	js_begin(js, "files", '{');
	for (size_t i = 0; i < e->nfiles; i++) {
		const struct lp_file *f = e->files[i];
		json_object *fo = json_object_new_object();
		char *key = lp_bytes_escape(f->path);

		json_object_object_add(fo, "access", kinds_json(f->kinds));
		if (f->nerrs) {
			json_object *errs = json_object_new_object();

			for (size_t k = 0; k < f->nerrs; k++)
				json_object_object_add(errs, lp_errno_name(f->errs[k].err),
						       kinds_json(f->errs[k].kinds));
			json_object_object_add(fo, "errors", errs);
		}
		if (f->flags)
			json_object_object_add(fo, "flags", flags_json(f->flags));
		if (f->observed[0])
			json_object_object_add(fo, "observed", observed_json(f));
		jw_u64(fo, "runs", f->runs);
		if (f->varies)
			json_object_object_add(fo, "varies", varies_json(f->varies));
		js_value(js, key, fo);
		json_object_put(fo);
		free(key);
		if (js->sb->len > (1 << 16))
			js_flush(js);
	}
	js_end(js, '}');
}

static json_object *fact_json(const struct cat_desc *d, const struct lp_fact *f)
{
	json_object *o = json_object_new_object();

	for (int i = 0; i < LP_FACT_S; i++)
		if (d->s[i] && f->s[i])
			wstr(o, d->s[i], f->s[i]);
	for (int i = 0; i < LP_FACT_N; i++) {
		char hex[24];

		if (!d->n[i])
			continue;
		switch (d->nfmt[i]) {
		case F_HEX:
			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)f->n[i]);
			wstr(o, d->n[i], hex);
			break;
		case F_BOOL:
			jw_bool(o, d->n[i], f->n[i] != 0);
			break;
		default:
			jw_i64(o, d->n[i], f->n[i]);
		}
	}
	if (f->err)
		wstr(o, "error", lp_errno_name(f->err));
	jw_u64(o, "count", f->count);
	jw_u64(o, "runs", f->runs);
	return o;
}

/* The facts of every category, grouped as the table says. */
static void facts_stream(struct jstream *js, const struct lp_exe *e)
{
	const char *open_group = NULL;

	for (int c = 0; c < LP_CAT_COUNT; c++) {
		const struct cat_desc *d = &rj_cats[c];
		const struct lp_factset *fs = &e->facts[c];
		json_object *arr;

		if (!fs->n)
			continue;
		if (open_group && !lp_streq(open_group, d->group)) {
			js_end(js, '}');
			open_group = NULL;
		}
		if (d->group && !open_group) {
			js_begin(js, d->group, '{');
			open_group = d->group;
		}
		arr = json_object_new_array();
		for (size_t i = 0; i < fs->n; i++)
			json_object_array_add(arr, fact_json(d, &fs->v[i]));
		js_value(js, d->name, arr);
		json_object_put(arr);
	}
	if (open_group)
		js_end(js, '}');
}

static void exe_stream(struct jstream *js, const struct lp_exe *e)
{
	json_object *sys = json_object_new_object(), *v;
	char *key = lp_bytes_escape(e->path);

	js_begin(js, key, '{');
	free(key);
	v = json_object_new_uint64(e->runs);
	js_value(js, "runs", v);
	json_object_put(v);
	if (e->flags) {
		v = flags_json(e->flags);
		js_value(js, "path_flags", v);
		json_object_put(v);
	}
	for (int a = 0; a < LP_ABI_COUNT; a++) {
		json_object *abi;

		if (!e->nsys[a])
			continue;
		abi = json_object_new_object();
		for (size_t i = 0; i < e->nsys[a]; i++) {
			const struct lp_syscall *s = &e->sys[a][i];
			json_object *so = json_object_new_object();

			if (s->nr >= 0)
				jw_i64(so, "nr", s->nr);
			jw_u64(so, "count", s->count);
			jw_u64(so, "runs", s->runs);
			json_object_object_add(abi, s->name, so);
		}
		json_object_object_add(sys, lp_abi_name(a), abi);
	}
	js_value(js, "syscalls", sys);
	json_object_put(sys);
	if (e->nfiles)
		files_stream(js, e);
	facts_stream(js, e);
	if (e->reach) {
		v = rj_reach_json(e->reach);
		js_value(js, "reachable", v);
		json_object_put(v);
	}
	js_end(js, '}');
}

/* Stream the recording into js (flushing to a file when js->out is set). */
static void rec_stream(struct lp_recording *r, struct jstream *js)
{
	json_object *v;

	rec_sort(r);
	js_begin(js, NULL, '{');
	v = json_object_new_string(LP_RECORDING_FORMAT);
	js_value(js, "format", v);
	json_object_put(v);
	v = json_object_new_int64(LP_RECORDING_SCHEMA);
	js_value(js, "schema", v);
	json_object_put(v);
	v = meta_json(&r->meta, true);
	js_value(js, "meta", v);
	json_object_put(v);
	js_begin(js, "executables", '{');
	for (size_t i = 0; i < r->nexes; i++) {
		exe_stream(js, r->exes[i]);
		if (js->sb->len > (1 << 16))
			js_flush(js);
	}
	js_end(js, '}');
	js_end(js, '}');
	sb_add(js->sb, "\n", 1);
}

char *rec_to_json(struct lp_recording *r)
{
	struct strbuf sb;
	struct jstream js = { .sb = &sb };

	sb_init(&sb);
	rec_stream(r, &js);
	return sb_detach(&sb);
}

int rec_save(struct lp_recording *r, const char *path)
{
	struct lp_atomic out;
	struct strbuf sb;
	struct jstream js = { .sb = &sb, .out = &out };
	int ret;

	if (!strcmp(path, "-")) {
		char *text = rec_to_json(r);

		ret = lp_write_file(path, text, strlen(text));
		free(text);
		return ret;
	}
	if (lp_atomic_open(&out, path))
		return -1;
	sb_init(&sb);
	rec_stream(r, &js);
	ret = js_flush(&js) ? lp_atomic_commit(&out) : -1;
	sb_free(&sb);
	return ret;
}
