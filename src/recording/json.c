// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Recording's JSON form (schema 1, docs/recording.md): canonical output
 * and strict loading. Output is deterministic: sorted keys where the model
 * is a set, fixed order where it is a record.
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

static const char *const kind_names[] = {
	[LP_TARGET_COMMAND] = "command",
	[LP_TARGET_CGROUP] = "cgroup",
	[LP_TARGET_CONTAINER] = "container",
};

/* Bit i of LP_PATH_* / LP_FILE_* is named path_flag_names[i]. */
static const char *const path_flag_names[] = {
	"truncated", "deleted", "detached", "fault", "dir", "proc", "unresolved",
	"after-filter", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"own", "memfd",
};

/* How each fact category is written: its place and its fields' names. */
enum { F_INT, F_HEX, F_BOOL };

struct cat_desc {
	const char *group;		/* enclosing object, or NULL */
	const char *name;
	const char *s[LP_FACT_S];
	const char *n[LP_FACT_N];
	unsigned char nfmt[LP_FACT_N];
};

static const struct cat_desc cats[LP_CAT_COUNT] = {
	[LP_CAT_CAPS] = { NULL, "capabilities", { "capability", "syscall", "function" },
			  { "optional" }, { F_BOOL } },
	[LP_CAT_SOCKETS] = { "network", "sockets", { "family", "type" }, { "protocol" } },
	[LP_CAT_BIND] = { "network", "bind", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_LISTEN] = { "network", "listen", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_CONNECT] = { "network", "connect", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_SENDTO] = { "network", "sendto", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_ACCEPT] = { "network", "accept", { "family", "type", "peer" }, { "port", "protocol" } },
	[LP_CAT_EXECUTES] = { NULL, "executes", { "program", "argv0" } },
	[LP_CAT_CREDS] = { NULL, "credentials", { NULL },
			   { "uid", "euid", "gid", "egid", "no_new_privs" },
			   { F_INT, F_INT, F_INT, F_INT, F_BOOL } },
	[LP_CAT_IDENTITY] = { NULL, "identity", { "syscall" }, { "arg0", "arg1", "arg2" } },
	[LP_CAT_SIGNALS] = { NULL, "signals", { "signal", "peer" } },
	[LP_CAT_PTRACE] = { NULL, "ptrace", { "request", "peer" } },
	[LP_CAT_CLONE] = { "args", "clone", { "syscall", "namespaces" }, { "flags" }, { F_HEX } },
	[LP_CAT_PERSONALITY] = { "args", "personality", { NULL }, { "persona" }, { F_HEX } },
	[LP_CAT_PRCTL] = { "args", "prctl", { "option" }, { "arg2" } },
	[LP_CAT_IOCTL] = { "args", "ioctl", { "file_type", "name", "device" }, { "request" }, { F_HEX } },
};

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

	for (size_t i = 0; i < ARRAY_SIZE(path_flag_names); i++)
		if ((flags & (1U << i)) && path_flag_names[i])
			json_object_array_add(a, json_object_new_string(path_flag_names[i]));
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
	wstr(t, "kind", kind_names[m->kind]);
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
		const struct cat_desc *d = &cats[c];
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

		for (k = 0; kind && k < ARRAY_SIZE(kind_names); k++)
			if (!strcmp(kind, kind_names[k]))
				break;
		if (kind && k == ARRAY_SIZE(kind_names))
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
		for (k = 0; k < ARRAY_SIZE(path_flag_names); k++)
			if (path_flag_names[k] &&
			    !strcmp(json_object_get_string(s), path_flag_names[k]))
				break;
		if (k == ARRAY_SIZE(path_flag_names)) {
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
	const struct cat_desc *d = &cats[c];

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
		const struct cat_desc *d = &cats[c];
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
			json_object *sys, *pf, *files;
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
