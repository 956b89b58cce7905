// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A small strict TOML reader (include/landlock.h, ll_toml_parse): the part
 * of TOML 1.0 that landlockconfig files use, as json-c objects. Anything
 * else TOML has (tables [x], dotted keys, inline tables, multi-line strings,
 * floats, dates, hexadecimal integers) is refused by name, with its line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "landlock.h"

struct toml {
	const char *s, *end, *name;
	int line;
	bool failed;
	json_object *root, *table;	/* table: where key = value goes */
	struct strlist arrays;		/* names given as [[name]] */
};

static int fail(struct toml *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct toml *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (t->failed)
		return -1;
	t->failed = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lp_err("'%s': line %d: %s", t->name, t->line, buf);
	return -1;
}

static json_object *at_line(json_object *o, int line)
{
	json_object_set_userdata(o, (void *)(intptr_t)line, NULL);
	return o;
}

int ll_toml_line(json_object *v)
{
	return v ? (int)(intptr_t)json_object_get_userdata(v) : 0;
}

static bool at_end(struct toml *t)
{
	return t->s >= t->end;
}

static void skip_ws(struct toml *t)
{
	while (!at_end(t) && (*t->s == ' ' || *t->s == '\t'))
		t->s++;
}

/* A comment runs to the end of the line; no control characters but tab. */
static int skip_comment(struct toml *t)
{
	if (at_end(t) || *t->s != '#')
		return 0;
	for (; !at_end(t) && *t->s != '\n'; t->s++)
		if ((unsigned char)*t->s < 0x20 && *t->s != '\t' && *t->s != '\r')
			return fail(t, "control character in a comment");
	return 0;
}

/* A newline ("\n" or "\r\n") at t->s, taken and counted; false if none. */
static bool newline(struct toml *t)
{
	const char *s = t->s;

	if (*s == '\r' && s + 1 < t->end && s[1] == '\n')
		s++;
	if (*s != '\n')
		return false;
	t->s = s + 1;
	t->line++;
	return true;
}

/* The end of a line: optional comment, then "\n", "\r\n" or the end. */
static int end_of_line(struct toml *t, const char *after)
{
	skip_ws(t);
	if (skip_comment(t))
		return -1;
	if (at_end(t) || newline(t))
		return 0;
	return fail(t, "expected the end of the line after %s, found '%c'", after, *t->s);
}

/* Whitespace, newlines and comments (inside arrays). */
static int skip_blank(struct toml *t)
{
	for (;;) {
		skip_ws(t);
		if (skip_comment(t))
			return -1;
		if (at_end(t) || !newline(t))
			return 0;
	}
}

static void put_utf8(struct strbuf *sb, unsigned long c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | c >> 12), b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | c >> 18), b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f)), b[3] = (char)(0x80 | (c & 0x3f)), n = 4;
	}
	sb_add(sb, b, n);
}

static int unicode_escape(struct toml *t, struct strbuf *sb, int digits)
{
	unsigned long c = 0;

	for (int i = 0; i < digits; i++, t->s++) {
		if (at_end(t) || !isxdigit((unsigned char)*t->s))
			return fail(t, "\\%c needs %d hexadecimal digits", digits == 4 ? 'u' : 'U', digits);
		c = c * 16 + (unsigned long)(isdigit((unsigned char)*t->s) ? *t->s - '0' :
					     (tolower((unsigned char)*t->s) - 'a' + 10));
	}
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return fail(t, "\\u escape of a value that is not a Unicode scalar");
	put_utf8(sb, c);
	return 0;
}

static int escape(struct toml *t, struct strbuf *sb)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *k;

	if (at_end(t))
		return fail(t, "unterminated string");
	if (*t->s == 'u' || *t->s == 'U') {
		int digits = *t->s++ == 'u' ? 4 : 8;

		return unicode_escape(t, sb, digits);
	}
	k = strchr(from, *t->s);
	if (!k || !*t->s)
		return fail(t, "unknown escape '\\%c' in a string", *t->s);
	sb_add(sb, &to[k - from], 1);
	t->s++;
	return 0;
}

/* A basic "..." or literal '...' string, on one line. */
static char *string(struct toml *t)
{
	char quote = *t->s++;
	struct strbuf sb;

	if (t->end - t->s >= 2 && t->s[0] == quote && t->s[1] == quote) {
		fail(t, "multi-line strings are not supported");
		return NULL;
	}
	sb_init(&sb);
	sb_puts(&sb, "");
	while (!t->failed) {
		unsigned char c = at_end(t) ? '\n' : (unsigned char)*t->s;

		if (c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f) {
			fail(t, c == '\n' ? "unterminated string" : "control character in a string");
			break;
		}
		t->s++;
		if (c == (unsigned char)quote)
			return sb_detach(&sb);
		if (c == '\\' && quote == '"')
			escape(t, &sb);
		else
			sb_add(&sb, (const char *)&c, 1);
	}
	sb_free(&sb);
	return NULL;
}

/* A decimal integer: [+-] then 0 or digits with single '_' between them. */
static json_object *integer(struct toml *t)
{
	const char *p = t->s, *first;
	char digits[32];
	size_t n = 0;
	long long v;

	if (*p == '+' || *p == '-')
		digits[n++] = *p++;
	first = p;
	if (p + 1 < t->end && *p == '0' && strchr("xob", p[1]))
		return fail(t, "only decimal integers are supported"), NULL;
	for (; p < t->end && (isdigit((unsigned char)*p) || *p == '_'); p++) {
		bool between = p > first && isdigit((unsigned char)p[-1]) &&
			       p + 1 < t->end && isdigit((unsigned char)p[1]);

		if (*p == '_' && !between)
			return fail(t, "'_' in an integer must sit between digits"), NULL;
		if (*p != '_' && n < sizeof(digits) - 1)
			digits[n++] = *p;
	}
	digits[n] = '\0';
	if (p < t->end && strchr(".eE:-T", *p))
		return fail(t, "floats and dates are not supported"), NULL;
	if (p == first)
		return fail(t, "not a decimal integer"), NULL;
	if (*first == '0' && p - first > 1)
		return fail(t, "leading zeros are not allowed in an integer"), NULL;
	errno = 0;
	v = strtoll(digits, NULL, 10);
	if (errno || n >= sizeof(digits) - 1)
		return fail(t, "integer out of range (64-bit signed)"), NULL;
	t->s = p;
	return at_line(json_object_new_int64(v), t->line);
}

static json_object *value(struct toml *t);

static json_object *array(struct toml *t)
{
	json_object *a = at_line(json_object_new_array(), t->line);

	t->s++;
	while (!skip_blank(t) && !at_end(t) && *t->s != ']') {
		json_object *v = value(t);

		if (!v)
			goto fail;
		json_object_array_add(a, v);
		if (skip_blank(t))
			goto fail;
		if (at_end(t))
			break;
		if (*t->s == ',') {
			t->s++;
			continue;
		}
		if (*t->s != ']') {
			fail(t, "expected ',' or ']' in an array");
			goto fail;
		}
	}
	if (t->failed)
		goto fail;
	if (at_end(t)) {
		fail(t, "unterminated array");
		goto fail;
	}
	t->s++;
	return a;
fail:
	json_object_put(a);
	return NULL;
}

static json_object *value(struct toml *t)
{
	char *s;

	if (at_end(t)) {
		fail(t, "expected a value");
		return NULL;
	}
	if (*t->s == '"' || *t->s == '\'') {
		s = string(t);
		if (!s)
			return NULL;
		json_object *o = at_line(json_object_new_string(s), t->line);
		free(s);
		return o;
	}
	if (*t->s == '[')
		return array(t);
	if (*t->s == '{') {
		fail(t, "inline tables are not supported");
		return NULL;
	}
	if (!strncmp(t->s, "true", 4) || !strncmp(t->s, "false", 5)) {
		bool b = *t->s == 't';

		t->s += b ? 4 : 5;
		return at_line(json_object_new_boolean(b), t->line);
	}
	if (isdigit((unsigned char)*t->s) || *t->s == '+' || *t->s == '-')
		return integer(t);
	fail(t, "expected a value (a string, an integer or an array)");
	return NULL;
}

/* A bare key (A-Za-z0-9_-) or a quoted one; dotted keys refused. */
static char *key(struct toml *t)
{
	const char *p = t->s;
	char *k;

	if (*p == '"' || *p == '\'') {
		k = string(t);
	} else {
		while (p < t->end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
			p++;
		if (p == t->s) {
			fail(t, "expected a key");
			return NULL;
		}
		k = xstrndup(t->s, p - t->s);
		t->s = p;
	}
	skip_ws(t);
	if (k && !at_end(t) && *t->s == '.') {
		fail(t, "dotted keys are not supported");
		free(k);
		return NULL;
	}
	return k;
}

/* [[name]]: a new table appended to the array name. */
static int table_header(struct toml *t)
{
	json_object *arr = NULL;
	char *name;
	bool known = false;

	if (t->end - t->s < 2 || t->s[1] != '[')
		return fail(t, "tables [x] are not used by landlockconfig: use arrays of tables [[x]]");
	t->s += 2;
	skip_ws(t);
	name = key(t);
	if (!name)
		return -1;
	if (t->end - t->s < 2 || t->s[0] != ']' || t->s[1] != ']') {
		free(name);
		return fail(t, "expected ']]' after the table name");
	}
	t->s += 2;
	for (size_t i = 0; i < t->arrays.n; i++)
		known |= !strcmp(t->arrays.v[i], name);
	if (!known && json_object_object_get_ex(t->root, name, NULL)) {
		fail(t, "'%s' is already defined as a key", name);
		free(name);
		return -1;
	}
	if (!known) {
		json_object_object_add(t->root, name, at_line(json_object_new_array(), t->line));
		sl_add(&t->arrays, xstrdup(name));
	}
	json_object_object_get_ex(t->root, name, &arr);
	t->table = at_line(json_object_new_object(), t->line);
	json_object_array_add(arr, t->table);
	free(name);
	return end_of_line(t, "a table header");
}

static int key_value(struct toml *t)
{
	json_object *v;
	char *k = key(t);
	int ret = -1;

	if (!k)
		return -1;
	if (at_end(t) || *t->s != '=') {
		fail(t, "expected '=' after the key '%s'", k);
		goto cleanup;
	}
	t->s++;
	skip_ws(t);
	if (json_object_object_get_ex(t->table, k, NULL)) {
		fail(t, "duplicate key '%s'", k);
		goto cleanup;
	}
	v = value(t);
	if (!v)
		goto cleanup;
	json_object_object_add(t->table, k, v);
	ret = end_of_line(t, "the value");
cleanup:
	free(k);
	return ret;
}

static int check_utf8(struct toml *t)
{
	for (const char *p = t->s; p < t->end;) {
		size_t n = (unsigned char)*p < 0x80 ? 1 : lp_utf8_len(p, t->end - p);

		if (!n || !*p) {
			for (const char *q = t->s; q < p; q++)
				t->line += *q == '\n';
			return fail(t, *p ? "not UTF-8" : "contains a NUL byte");
		}
		p += n;
	}
	return 0;
}

json_object *ll_toml_parse(const char *text, size_t len, const char *name)
{
	struct toml t = { .s = text, .end = text + len, .name = name, .line = 1 };

	t.root = t.table = at_line(json_object_new_object(), 1);
	if (check_utf8(&t))
		goto fail;
	while (!skip_blank(&t) && !at_end(&t)) {
		if ((*t.s == '[' ? table_header(&t) : key_value(&t)))
			break;
	}
	if (t.failed)
		goto fail;
	sl_free(&t.arrays);
	return t.root;
fail:
	sl_free(&t.arrays);
	json_object_put(t.root);
	return NULL;
}
