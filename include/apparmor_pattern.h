/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * AppArmor patterns of recorded paths: literal text (escaping, quoting) and
 * generalisation.
 *
 * Generalisation is one table of rules, lp_gen_rules[], each with a name and
 * an explanation (docs/apparmor.md shows it), so that a profile and a report
 * can say which rule widened a recorded path and which paths a widened
 * pattern stands for.
 */
#ifndef LEARNPROF_APPARMOR_PATTERN_H
#define LEARNPROF_APPARMOR_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"
#include "util.h"

/* ---- AppArmor pattern text --------------------------------------------- */

/*
 * Append n bytes of s as literal pattern text: the glob characters
 * * ? [ ] { } ^, the escape and quote characters \ " and the variable sign @
 * get a backslash; control bytes and bytes that are not UTF-8 are written
 * \xHH (the 3.0 parser reads exactly two hex digits). A file named "*"
 * becomes \*, which matches only itself.
 */
void lp_aa_escape(struct strbuf *sb, const char *s, size_t n);

/* Pattern text as a profile writes it: in double quotes when it holds
 * anything but letters, digits and / . _ + ~ : % @ { } * ? [ ] ^ -
 * (a backslash, a space, a comma, a quote, ...). malloc'd. */
char *lp_aa_quote(const char *pattern);

/* ---- generalisation ---------------------------------------------------- */

enum lp_gen_id {
	LP_GEN_OWN_PROC = 0,
	LP_GEN_PROC_PID,
	LP_GEN_VERSIONED_LIB,
	LP_GEN_VOLATILE,
	LP_GEN_MANY_ENTRIES,
	LP_GEN_COUNT,
};

/* One component of a path being generalised. */
struct lp_comp {
	char *const *comps;	/* every component, without slashes */
	size_t i, n;		/* this one, and how many there are */
	uint32_t flags;		/* LP_PATH_* | LP_FILE_* of the whole path */
};

struct lp_gen_rule {
	const char *name;	/* shown in profiles and reports */
	const char *example;	/* "from -> to" */
	const char *explain;	/* what it covers, and why people accept it */
	bool always;		/* applies with no_glob too: without it the
				 * path cannot be written at all */
	/* Writes component c as a pattern and returns true when the rule
	 * applies to it; NULL for a rule over a set of paths. */
	bool (*component)(const struct lp_comp *c, struct strbuf *out);
};

extern const struct lp_gen_rule lp_gen_rules[LP_GEN_COUNT];

/* A directory with this many entries sharing permissions is widened. */
#define LP_GEN_MANY 8
/* Directories with fewer components (/, /tmp, /etc, @{PROC}) never are. */
#define LP_GEN_MIN_DEPTH 2

/*
 * The AppArmor pattern (unquoted, escaped) of one absolute recorded path:
 * /proc becomes @{PROC}, a directory (LP_PATH_DIR) ends in '/', and the
 * per-path rules of the table apply (only the `always` ones without glob).
 * *rules gets bit i set for each rule i that applied.
 */
char *lp_path_pattern(const char *path, uint32_t flags, bool glob, uint32_t *rules);

/* ---- a set of patterns ------------------------------------------------- */

#define LP_PATTERN_EXAMPLES 3

struct lp_pattern {
	char *text;		/* pattern, unquoted (lp_aa_quote to print) */
	uint32_t key;		/* a bitmask (permissions); equal patterns OR
				 * their keys, and only equal keys are widened
				 * together */
	uint32_t rules;		/* bit i: lp_gen_rules[i] applied */
	size_t covers;		/* recorded paths it stands for */
	char *examples[LP_PATTERN_EXAMPLES];	/* the first of them, sorted */
	uint32_t varies;	/* bit i: lp_vol_rules[i] made a stable name */
	char *observed[LP_PATTERN_EXAMPLES];	/* literal names behind them */
};

struct lp_patterns {
	struct lp_pattern *v;
	size_t n, cap;
	struct strmap index;	/* text -> position */
	bool glob;
};

void lp_patterns_init(struct lp_patterns *ps, bool glob);
/* Add one recorded path (each distinct path once). */
void lp_patterns_add(struct lp_patterns *ps, const char *path, uint32_t flags,
		     uint32_t key);
/* The same for a stable name that varies: varies is the file's rules
 * (lp_vol_rules), observed its literal names (NULL-terminated, up to
 * LP_PATTERN_EXAMPLES). */
void lp_patterns_add_varying(struct lp_patterns *ps, const char *path, uint32_t flags,
			     uint32_t key, uint32_t varies, char *const *observed);
/* Apply the many-entries rule (nothing without glob) and sort by text. */
void lp_patterns_collapse(struct lp_patterns *ps, size_t threshold);
void lp_patterns_free(struct lp_patterns *ps);

#endif /* LEARNPROF_APPARMOR_PATTERN_H */
