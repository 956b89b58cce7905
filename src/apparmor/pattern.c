// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * AppArmor patterns of recorded paths: literal text (escaping, quoting) and
 * the generalisation table that widens paths into globs, each widening named
 * (include/apparmor_pattern.h, docs/apparmor.md).
 */
#include <stdlib.h>
#include <string.h>

#include "learnprof_abi.h"
#include "apparmor_pattern.h"
#include "paths.h"
#include "util.h"

/* ---- AppArmor pattern text --------------------------------------------- */

void lp_aa_escape(struct strbuf *sb, const char *s, size_t n)
{
	static const char special[] = "*?[]{}^\\\"@";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		size_t u;

		if (c < 0x20 || c == 0x7f) {
			sb_printf(sb, "\\x%02x", c);
		} else if (c >= 0x80) {
			u = lp_utf8_len(s + i, n - i);
			if (!u) {
				sb_printf(sb, "\\x%02x", c);
				continue;
			}
			sb_add(sb, s + i, u);
			i += u - 1;
		} else {
			if (strchr(special, c))
				sb_add(sb, "\\", 1);
			sb_add(sb, s + i, 1);
		}
	}
}

static bool plain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("/._+~:%@{}*?[]^-", c));
}

char *lp_aa_quote(const char *pattern)
{
	for (const char *c = pattern; *c; c++)
		if (!plain_char(*c))
			return xasprintf("\"%s\"", pattern);
	return xstrdup(pattern);
}

/* ---- the generalisation rules ------------------------------------------ */

static bool is_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Is c a process or thread id slot: /proc/X or /proc/<pid>/task/X? */
static bool proc_id_slot(const struct lp_comp *c)
{
	if (c->n < 2 || strcmp(c->comps[0], "proc"))
		return false;
	return c->i == 1 || (c->i == 3 && !strcmp(c->comps[2], "task"));
}

static bool gen_own_proc(const struct lp_comp *c, struct strbuf *out)
{
	const char *s = c->comps[c->i];

	if (!proc_id_slot(c))
		return false;
	if (!strcmp(s, "<pid>"))
		sb_puts(out, "@{pid}");
	else if (!strcmp(s, "<tid>"))
		sb_puts(out, "@{tid}");
	else
		return false;
	return true;
}

static bool gen_proc_pid(const struct lp_comp *c, struct strbuf *out)
{
	if (!proc_id_slot(c) || !is_digits(c->comps[c->i]))
		return false;
	sb_puts(out, "[0-9]*");
	return true;
}

/* "libfoo.so.1.2.3": a name, ".so.", then digits separated by dots. */
static bool gen_versioned_lib(const struct lp_comp *c, struct strbuf *out)
{
	const char *s = c->comps[c->i], *p = s;

	if (c->i + 1 != c->n || (c->flags & LP_PATH_DIR))
		return false;
	while ((p = strstr(p, ".so.")) != NULL) {
		const char *v = p + 4;
		bool ok = p > s && *v >= '0' && *v <= '9';

		for (; ok && *v; v++)
			ok = (*v >= '0' && *v <= '9') || (*v == '.' && v[1] && v[1] != '.');
		if (ok) {
			lp_aa_escape(out, s, p + 3 - s);
			sb_puts(out, "*");
			return true;
		}
		p += 4;
	}
	return false;
}

/* The pattern of a volatile.c placeholder outside a /proc id slot. */
static const struct {
	const char *ph, *pattern;
} placeholders[] = {
	{ "<pid>", "[0-9]*" }, { "<tid>", "[0-9]*" }, { "<n>", "[0-9]*" },
	{ "<inode>", "[0-9]*" }, { "<random>", "*" },
};

static const char *placeholder_at(const char *s, size_t *len)
{
	for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++) {
		*len = strlen(placeholders[i].ph);
		if (!strncmp(s, placeholders[i].ph, *len))
			return placeholders[i].pattern;
	}
	return NULL;
}

/* A stable name's placeholders (include/volatile.h) become patterns; the
 * rest of the component stays literal. */
static bool gen_volatile(const struct lp_comp *c, struct strbuf *out)
{
	const char *s = c->comps[c->i], *lit = s, *pat;
	bool any = false;
	size_t len;

	for (const char *p = s; *p; p++) {
		if (*p != '<' || !(pat = placeholder_at(p, &len)))
			continue;
		lp_aa_escape(out, lit, p - lit);
		sb_puts(out, pat);
		p += len - 1;
		lit = p + 1;
		any = true;
	}
	if (any)
		lp_aa_escape(out, lit, strlen(lit));
	return any;
}

/*
 * The table. Per-path rules are tried in this order on each component; the
 * first that applies writes it. many-entries works on the whole set
 * (lp_patterns_collapse).
 */
const struct lp_gen_rule lp_gen_rules[LP_GEN_COUNT] = {
	[LP_GEN_OWN_PROC] = {
		"own-proc", "/proc/<pid>/status -> @{PROC}/@{pid}/status",
		"a /proc/<pid> directory (and its threads' task/<tid>) of the recording's "
		"stable name: the pid differs in every run, so the rule names any pid; "
		"kept with --no-glob, as no literal pid would ever match again",
		true, gen_own_proc },
	[LP_GEN_PROC_PID] = {
		"proc-pid", "/proc/1234/stat -> @{PROC}/[0-9]*/stat",
		"another process's /proc directory: pids are not stable across runs",
		false, gen_proc_pid },
	[LP_GEN_VERSIONED_LIB] = {
		"versioned-library", "libfoo.so.1.2.3 -> libfoo.so*",
		"a shared library by name, whatever version is installed: an upgrade "
		"changes the suffix, not what the program loads",
		false, gen_versioned_lib },
	[LP_GEN_VOLATILE] = {
		"volatile-name", "/tmp/tmp<random>.txt -> /tmp/tmp*.txt, xlogtemp.<pid> -> xlogtemp.[0-9]*",
		"a name that varies from run to run, as the recording's stable name "
		"marks it (docs/recording.md, \"Volatile names\"): <random> becomes *, "
		"<pid>, <tid>, <n> and <inode> become [0-9]*; kept with --no-glob, as "
		"the literal name would never match again",
		true, gen_volatile },
	[LP_GEN_MANY_ENTRIES] = {
		"many-entries", "dir/a ... dir/h (8 or more, same permissions) -> dir/* or dir/**",
		"a directory in which the workload handles many entries alike: dir/* "
		"when they are all files directly in it, dir/** when some are deeper; "
		"never /, nor a top-level directory such as /etc or /tmp",
		false, NULL },
};

/* ---- one path ----------------------------------------------------------- */

static void gen_component(const struct lp_comp *c, bool glob, struct strbuf *out,
			  uint32_t *rules)
{
	for (int r = 0; r < LP_GEN_COUNT; r++) {
		const struct lp_gen_rule *g = &lp_gen_rules[r];

		if (!g->component || (!glob && !g->always))
			continue;
		if (g->component(c, out)) {
			*rules |= 1U << r;
			return;
		}
	}
	lp_aa_escape(out, c->comps[c->i], strlen(c->comps[c->i]));
}

char *lp_path_pattern(const char *path, uint32_t flags, bool glob, uint32_t *rules)
{
	struct strbuf out;
	size_t n;
	char **comps = lp_path_split(path, &n);

	*rules = 0;
	sb_init(&out);
	for (size_t i = 0; i < n; i++) {
		struct lp_comp c = { comps, i, n, flags };

		if (i == 0 && !strcmp(comps[0], "proc")) {
			sb_puts(&out, "@{PROC}");
			continue;
		}
		sb_puts(&out, "/");
		gen_component(&c, glob, &out, rules);
	}
	if (!n || (flags & LP_PATH_DIR))
		sb_puts(&out, "/");
	for (size_t i = 0; i < n; i++)
		free(comps[i]);
	free(comps);
	return sb_detach(&out);
}

/* ---- a set of patterns ------------------------------------------------- */

void lp_patterns_init(struct lp_patterns *ps, bool glob)
{
	memset(ps, 0, sizeof(*ps));
	strmap_init(&ps->index);
	ps->glob = glob;
}

static void pattern_free(struct lp_pattern *p)
{
	free(p->text);
	for (int i = 0; i < LP_PATTERN_EXAMPLES; i++) {
		free(p->examples[i]);
		free(p->observed[i]);
	}
	memset(p, 0, sizeof(*p));
}

void lp_patterns_free(struct lp_patterns *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		pattern_free(&ps->v[i]);
	free(ps->v);
	strmap_free(&ps->index);
	memset(ps, 0, sizeof(*ps));
}

/* Keep the LP_PATTERN_EXAMPLES smallest distinct paths of ex, sorted. */
static void keep_smallest(char **ex, const char *path)
{
	int n = 0, i;

	while (n < LP_PATTERN_EXAMPLES && ex[n]) {
		if (!strcmp(ex[n], path))
			return;
		n++;
	}
	if (n == LP_PATTERN_EXAMPLES) {
		if (strcmp(path, ex[n - 1]) >= 0)
			return;
		free(ex[--n]);
		ex[n] = NULL;
	}
	for (i = n; i > 0 && strcmp(path, ex[i - 1]) < 0; i--)
		ex[i] = ex[i - 1];
	ex[i] = xstrdup(path);
}

static void add_example(struct lp_pattern *p, const char *path)
{
	keep_smallest(p->examples, path);
}

static struct lp_pattern *pattern_get(struct lp_patterns *ps, char *text)
{
	struct lp_pattern *p;
	size_t i;

	if (strmap_get(&ps->index, text, &i)) {
		free(text);
		return &ps->v[i];
	}
	p = LP_PUSH(ps->v, ps->n, ps->cap);
	memset(p, 0, sizeof(*p));
	p->text = text;
	strmap_put(&ps->index, p->text, ps->n - 1);
	return p;
}

void lp_patterns_add_varying(struct lp_patterns *ps, const char *path, uint32_t flags,
			     uint32_t key, uint32_t varies, char *const *observed)
{
	uint32_t rules;
	struct lp_pattern *p = pattern_get(ps, lp_path_pattern(path, flags, ps->glob, &rules));

	p->key |= key;
	p->rules |= rules;
	p->covers++;
	add_example(p, path);
	p->varies |= varies;
	for (int i = 0; observed && i < LP_PATTERN_EXAMPLES && observed[i]; i++)
		keep_smallest(p->observed, observed[i]);
}

void lp_patterns_add(struct lp_patterns *ps, const char *path, uint32_t flags,
		     uint32_t key)
{
	lp_patterns_add_varying(ps, path, flags, key, 0, NULL);
}

static void pattern_merge(struct lp_pattern *dst, const struct lp_pattern *src)
{
	dst->key |= src->key;
	dst->rules |= src->rules;
	dst->covers += src->covers;
	for (int i = 0; i < LP_PATTERN_EXAMPLES && src->examples[i]; i++)
		add_example(dst, src->examples[i]);
	dst->varies |= src->varies;
	for (int i = 0; i < LP_PATTERN_EXAMPLES && src->observed[i]; i++)
		keep_smallest(dst->observed, src->observed[i]);
}

/* ---- many-entries: a trie of components, widened bottom-up -------------- */

struct tnode {
	const char *text;	/* a pattern whose first len bytes are this path */
	size_t len, clen;	/* ... and the last clen of them this component */
	struct tnode **kids;
	size_t nkids, cap;
	long file, dir;		/* patterns "path" and "path/": index or -1 */
	long coll;		/* the pattern that widened what was below */
};

struct collapse {
	struct lp_patterns *ps;
	size_t threshold;
	bool *dead;		/* absorbed into a wider pattern */
	size_t cap;
};

static struct tnode *tnode_new(const char *text, size_t len, size_t clen)
{
	struct tnode *t = xcalloc(1, sizeof(*t));

	t->text = text;
	t->len = len;
	t->clen = clen;
	t->file = t->dir = t->coll = -1;
	return t;
}

static void tnode_free(struct tnode *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nkids; i++)
		tnode_free(t->kids[i]);
	free(t->kids);
	free(t);
}

/*
 * Insert pattern idx. Patterns come sorted with '/' before every other byte,
 * so a component already in the trie is always its parent's last child.
 */
static void trie_insert(struct tnode *root, const char *text, long idx)
{
	struct tnode *t = root, *k;
	const char *p = text + (*text == '/');

	if (!*p) {
		root->dir = idx;
		return;
	}
	for (;;) {
		const char *e = strchrnul(p, '/');
		size_t cl = e - p;

		k = t->nkids ? t->kids[t->nkids - 1] : NULL;
		if (!k || k->clen != cl || memcmp(k->text + k->len - cl, p, cl))
			k = *LP_PUSH(t->kids, t->nkids, t->cap) = tnode_new(text, e - text, cl);
		t = k;
		if (!*e) {
			t->file = idx;
			return;
		}
		p = e + 1;
		if (!*p) {
			t->dir = idx;
			return;
		}
	}
}

static void mark_dead(struct collapse *x, long idx, struct lp_pattern *into)
{
	if (idx < 0)
		return;
	pattern_merge(into, &x->ps->v[idx]);
	x->dead[idx] = true;
}

/* Move every pattern at or below t into `into`, and free t. */
static void absorb(struct collapse *x, struct tnode *t, struct lp_pattern *into)
{
	mark_dead(x, t->file, into);
	mark_dead(x, t->dir, into);
	mark_dead(x, t->coll, into);
	for (size_t i = 0; i < t->nkids; i++)
		absorb(x, t->kids[i], into);
	t->nkids = 0;
	tnode_free(t);
}

static bool only_files_below(const struct tnode *t)
{
	for (size_t i = 0; i < t->nkids; i++) {
		const struct tnode *k = t->kids[i];

		if (k->nkids || k->dir >= 0 || k->coll >= 0)
			return false;
	}
	return true;
}

static void widen(struct collapse *x, struct tnode *t)
{
	struct lp_pattern np = { 0 };
	struct lp_pattern *p;

	np.text = xasprintf("%.*s/%s", (int)t->len, t->text, only_files_below(t) ? "*" : "**");
	for (size_t i = 0; i < t->nkids; i++)
		absorb(x, t->kids[i], &np);
	t->nkids = 0;
	np.rules |= 1U << LP_GEN_MANY_ENTRIES;
	p = LP_PUSH(x->ps->v, x->ps->n, x->ps->cap);
	*p = np;
	lp_grow((void **)&x->dead, &x->cap, x->ps->n, sizeof(*x->dead));
	x->dead[x->ps->n - 1] = false;
	t->coll = x->ps->n - 1;
}

static void collapse_node(struct collapse *x, struct tnode *t, size_t depth)
{
	for (size_t i = 0; i < t->nkids; i++)
		collapse_node(x, t->kids[i], depth + 1);
	if (depth >= LP_GEN_MIN_DEPTH && t->nkids >= x->threshold)
		widen(x, t);
}

/* Order of texts with '/' below every other byte (see trie_insert). */
static int cmp_trie(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = *a == '/' ? 1 : *a ? (unsigned char)*a + 1 : 0;
		int cb = *b == '/' ? 1 : *b ? (unsigned char)*b + 1 : 0;

		if (ca != cb || !ca)
			return ca - cb;
	}
}

static int cmp_group(const void *a, const void *b, void *base)
{
	const struct lp_pattern *pa = (const struct lp_pattern *)base + *(const long *)a;
	const struct lp_pattern *pb = (const struct lp_pattern *)base + *(const long *)b;

	if (pa->key != pb->key)
		return pa->key < pb->key ? -1 : 1;
	return cmp_trie(pa->text, pb->text);
}

static void collapse_groups(struct collapse *x, long *order, size_t n)
{
	for (size_t s = 0, e; s < n; s = e) {
		uint32_t key = x->ps->v[order[s]].key;
		struct tnode *root = tnode_new("", 0, 0);

		for (e = s; e < n && x->ps->v[order[e]].key == key; e++)
			trie_insert(root, x->ps->v[order[e]].text, order[e]);
		collapse_node(x, root, 0);
		tnode_free(root);
	}
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(((const struct lp_pattern *)a)->text, ((const struct lp_pattern *)b)->text);
}

/* Drop the absorbed patterns, merge equal texts, sort, re-index. */
static void compact(struct lp_patterns *ps, const bool *dead)
{
	struct lp_pattern *v = ps->v;
	size_t n = ps->n;

	ps->v = NULL;
	ps->n = ps->cap = 0;
	strmap_free(&ps->index);
	strmap_init(&ps->index);
	for (size_t i = 0; i < n; i++) {
		if (!dead || !dead[i]) {
			struct lp_pattern *p = pattern_get(ps, xstrdup(v[i].text));

			pattern_merge(p, &v[i]);
		}
		pattern_free(&v[i]);
	}
	free(v);
	lp_qsort(ps->v, ps->n, sizeof(*ps->v), cmp_text);
	strmap_free(&ps->index);
	strmap_init(&ps->index);
	for (size_t i = 0; i < ps->n; i++)
		strmap_put(&ps->index, ps->v[i].text, i);
}

void lp_patterns_collapse(struct lp_patterns *ps, size_t threshold)
{
	struct collapse x = { ps, threshold ? threshold : LP_GEN_MANY, NULL, 0 };
	size_t n = ps->n;
	long *order;

	if (!ps->glob || n == 0) {
		compact(ps, NULL);
		return;
	}
	order = xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), cmp_group, ps->v);
	lp_grow((void **)&x.dead, &x.cap, n, sizeof(*x.dead));
	memset(x.dead, 0, n * sizeof(*x.dead));
	collapse_groups(&x, order, n);
	compact(ps, x.dead);
	free(order);
	free(x.dead);
}
