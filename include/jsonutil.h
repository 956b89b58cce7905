/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * json-c helpers: canonical output (2-space indent, "/" unescaped, trailing
 * newline) and checked reading that reports "'<file>': <where>: <problem>".
 */
#ifndef LEARNPROF_JSONUTIL_H
#define LEARNPROF_JSONUTIL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include "util.h"

/* Deepest nesting accepted when parsing. */
#define LP_JSON_MAX_DEPTH 64

/* Serialise o (consumes nothing) to a malloc'd string ending in "\n". */
char *lp_json_text(json_object *o);

/*
 * Streaming output in the same format as lp_json_text, for documents too
 * large to build as one json-c tree (a recording of 100,000 files): open
 * and close containers, write small json-c subtrees as values.
 */
struct jstream {
	struct strbuf *sb;
	int depth;
	bool any[64];
	struct lp_atomic *out;	/* when set, sb is flushed to it as it grows */
	bool failed;
};

/* Write what sb holds to out (when set); false once writing failed. */
bool js_flush(struct jstream *js);

void js_begin(struct jstream *js, const char *key, char open);	/* key NULL in arrays */
void js_end(struct jstream *js, char close);
void js_value(struct jstream *js, const char *key, json_object *v);	/* does not consume v */

/* Parse text; on failure prints "'<name>': <why>" and returns NULL. */
json_object *lp_json_parse(const char *text, size_t len, const char *name);

struct jreader {
	const char *file;	/* for messages */
	bool failed;
};

/* Report a problem at a place ("meta.start") once; returns -1. */
int jr_fail(struct jreader *jr, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Typed member access. Missing optional members return NULL/false. On a
 * type mismatch or a missing required member, jr_fail is called. */
json_object *jr_member(struct jreader *jr, json_object *obj, const char *where,
		       const char *key, json_type type, bool required);
const char *jr_string(struct jreader *jr, json_object *obj, const char *where,
		      const char *key, bool required);
bool jr_u64(struct jreader *jr, json_object *obj, const char *where,
	    const char *key, bool required, uint64_t *out);
bool jr_i64(struct jreader *jr, json_object *obj, const char *where,
	    const char *key, bool required, int64_t *out);
bool jr_bool(struct jreader *jr, json_object *obj, const char *where,
	     const char *key, bool required, bool *out);

/* Builders that keep call sites short. */
void jw_str(json_object *o, const char *key, const char *val);	/* NULL: skipped */
void jw_u64(json_object *o, const char *key, uint64_t val);
void jw_i64(json_object *o, const char *key, int64_t val);
void jw_bool(json_object *o, const char *key, bool val);

#endif /* LEARNPROF_JSONUTIL_H */
