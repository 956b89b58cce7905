// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* json-c helpers (include/jsonutil.h): canonical output, streamed output
 * for large documents, and checked reading with "<file>: <where>: <why>". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsonutil.h"
#include "util.h"

static void put_string(struct strbuf *sb, const char *s, size_t len)
{
	sb_add(sb, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': sb_add(sb, "\\\"", 2); break;
		case '\\': sb_add(sb, "\\\\", 2); break;
		case '\n': sb_add(sb, "\\n", 2); break;
		case '\t': sb_add(sb, "\\t", 2); break;
		case '\r': sb_add(sb, "\\r", 2); break;
		default:
			if (c < 0x20 || c == 0x7f)
				sb_printf(sb, "\\u%04x", c);
			else
				sb_add(sb, (const char *)&c, 1);
		}
	}
	sb_add(sb, "\"", 1);
}

static void indent(struct strbuf *sb, int depth)
{
	sb_add(sb, "\n", 1);
	for (int i = 0; i < depth; i++)
		sb_add(sb, "  ", 2);
}

/* Pretty printing of our own: 2-space indent, empty containers as [] and
 * {}, insertion order kept (callers insert in canonical order). */
static void put_value(struct strbuf *sb, json_object *o, int depth)
{
	size_t n, i = 0;

	switch (json_object_get_type(o)) {
	case json_type_null:
		sb_puts(sb, "null");
		break;
	case json_type_boolean:
		sb_puts(sb, json_object_get_boolean(o) ? "true" : "false");
		break;
	case json_type_int:
	case json_type_double:
		sb_puts(sb, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		break;
	case json_type_string:
		put_string(sb, json_object_get_string(o), json_object_get_string_len(o));
		break;
	case json_type_array:
		n = json_object_array_length(o);
		if (!n) {
			sb_puts(sb, "[]");
			break;
		}
		sb_add(sb, "[", 1);
		for (i = 0; i < n; i++) {
			indent(sb, depth + 1);
			put_value(sb, json_object_array_get_idx(o, i), depth + 1);
			if (i + 1 < n)
				sb_add(sb, ",", 1);
		}
		indent(sb, depth);
		sb_add(sb, "]", 1);
		break;
	case json_type_object:
		n = (size_t)json_object_object_length(o);
		if (!n) {
			sb_puts(sb, "{}");
			break;
		}
		sb_add(sb, "{", 1);
		json_object_object_foreach(o, key, val) {
			indent(sb, depth + 1);
			put_string(sb, key, strlen(key));
			sb_add(sb, ": ", 2);
			put_value(sb, val, depth + 1);
			if (++i < n)
				sb_add(sb, ",", 1);
		}
		indent(sb, depth);
		sb_add(sb, "}", 1);
		break;
	}
}

static void js_prefix(struct jstream *js, const char *key)
{
	if (js->depth > 0) {
		if (js->any[js->depth])
			sb_add(js->sb, ",", 1);
		indent(js->sb, js->depth);
		js->any[js->depth] = true;
	}
	if (key) {
		put_string(js->sb, key, strlen(key));
		sb_add(js->sb, ": ", 2);
	}
}

bool js_flush(struct jstream *js)
{
	if (js->out && !js->failed && js->sb->len) {
		if (lp_atomic_write(js->out, js->sb->buf, js->sb->len))
			js->failed = true;
		js->sb->len = 0;
		js->sb->buf[0] = '\0';
	}
	return !js->failed;
}

void js_begin(struct jstream *js, const char *key, char open)
{
	js_prefix(js, key);
	sb_add(js->sb, &open, 1);
	if (js->depth < 63)
		js->depth++;
	js->any[js->depth] = false;
}

void js_end(struct jstream *js, char close)
{
	bool any = js->any[js->depth];

	if (js->depth > 0)
		js->depth--;
	if (any)
		indent(js->sb, js->depth);
	sb_add(js->sb, &close, 1);
}

void js_value(struct jstream *js, const char *key, json_object *v)
{
	js_prefix(js, key);
	put_value(js->sb, v, js->depth);
}

char *lp_json_text(json_object *o)
{
	struct strbuf sb;

	sb_init(&sb);
	put_value(&sb, o, 0);
	sb_add(&sb, "\n", 1);
	return sb_detach(&sb);
}

json_object *lp_json_parse(const char *text, size_t len, const char *name)
{
	struct json_tokener *tok = json_tokener_new_ex(LP_JSON_MAX_DEPTH);
	enum json_tokener_error e;
	json_object *o;

	if (!tok) {
		lp_err("'%s': out of memory", name);
		return NULL;
	}
	if (len > INT32_MAX) {
		json_tokener_free(tok);
		lp_err("'%s': too large", name);
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		json_tokener_free(tok);
		lp_err("'%s': not JSON: contains a NUL byte", name);
		return NULL;
	}
	o = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	if (e == json_tokener_continue) {
		json_object_put(o);
		o = NULL;
		lp_err("'%s': not JSON: truncated (unexpected end of data)", name);
	} else if (e != json_tokener_success) {
		json_object_put(o);
		o = NULL;
		lp_err("'%s': not JSON: %s at byte %zu", name,
		       json_tokener_error_desc(e), json_tokener_get_parse_end(tok));
	} else {
		size_t end = json_tokener_get_parse_end(tok);

		while (end < len && strchr(" \t\r\n", text[end]))
			end++;
		if (end < len) {
			json_object_put(o);
			o = NULL;
			lp_err("'%s': not JSON: trailing data at byte %zu", name, end);
		}
	}
	json_tokener_free(tok);
	return o;
}

int jr_fail(struct jreader *jr, const char *where, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (jr->failed)
		return -1;
	jr->failed = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (where && *where)
		lp_err("'%s': %s: %s", jr->file, where, buf);
	else
		lp_err("'%s': %s", jr->file, buf);
	return -1;
}

static const char *type_word(json_type t)
{
	switch (t) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a number";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

json_object *jr_member(struct jreader *jr, json_object *obj, const char *where,
		       const char *key, json_type type, bool required)
{
	json_object *v = NULL;
	char place[512];

	if (jr->failed)
		return NULL;
	snprintf(place, sizeof(place), "%s%s%s", where && *where ? where : "",
		 where && *where ? "." : "", key);
	if (!obj || !json_object_object_get_ex(obj, key, &v) || !v) {
		if (required)
			jr_fail(jr, place, "missing");
		return NULL;
	}
	if (!json_object_is_type(v, type)) {
		jr_fail(jr, place, "expected %s, found %s", type_word(type),
			type_word(json_object_get_type(v)));
		return NULL;
	}
	return v;
}

const char *jr_string(struct jreader *jr, json_object *obj, const char *where,
		      const char *key, bool required)
{
	json_object *v = jr_member(jr, obj, where, key, json_type_string, required);

	return v ? json_object_get_string(v) : NULL;
}

bool jr_u64(struct jreader *jr, json_object *obj, const char *where,
	    const char *key, bool required, uint64_t *out)
{
	json_object *v = jr_member(jr, obj, where, key, json_type_int, required);

	if (!v)
		return false;
	if (json_object_get_int64(v) < 0) {
		jr_fail(jr, where, "%s: negative", key);
		return false;
	}
	*out = json_object_get_uint64(v);
	return true;
}

bool jr_i64(struct jreader *jr, json_object *obj, const char *where,
	    const char *key, bool required, int64_t *out)
{
	json_object *v = jr_member(jr, obj, where, key, json_type_int, required);

	if (!v)
		return false;
	*out = json_object_get_int64(v);
	return true;
}

bool jr_bool(struct jreader *jr, json_object *obj, const char *where,
	     const char *key, bool required, bool *out)
{
	json_object *v = jr_member(jr, obj, where, key, json_type_boolean, required);

	if (!v)
		return false;
	*out = json_object_get_boolean(v);
	return true;
}

void jw_str(json_object *o, const char *key, const char *val)
{
	if (val)
		json_object_object_add(o, key, json_object_new_string(val));
}

void jw_u64(json_object *o, const char *key, uint64_t val)
{
	json_object_object_add(o, key, json_object_new_uint64(val));
}

void jw_i64(json_object *o, const char *key, int64_t val)
{
	json_object_object_add(o, key, json_object_new_int64(val));
}

void jw_bool(json_object *o, const char *key, bool val)
{
	json_object_object_add(o, key, json_object_new_boolean(val));
}
