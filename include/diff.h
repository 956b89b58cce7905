/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Behaviour diffs between releases. Both sides become sets of items per
 * kind (syscalls, capabilities, files, network, exec, identities, signals,
 * and the container runtime's own as "runtime"); the diff is the set
 * difference. Recordings, seccomp profiles and AppArmor profiles each have
 * a reader into that model, so profiles are compared by rules, not lines.
 */
#ifndef LEARNPROF_DIFF_H
#define LEARNPROF_DIFF_H

#include <stdbool.h>
#include <stddef.h>

enum lp_diff_kind {
	LP_DK_SYSCALLS = 0,
	LP_DK_CAPABILITIES,
	LP_DK_FILES,
	LP_DK_NETWORK,
	LP_DK_EXEC,
	LP_DK_IDENTITIES,
	LP_DK_SIGNALS,
	LP_DK_RUNTIME,		/* the container runtime's, kept apart */
	LP_DK_OTHER,		/* profile settings: default action, ABIs, ... */
	LP_DK_COUNT,
};

int lp_diff_kind_from_name(const char *name);

struct lp_itemset {
	char **items[LP_DK_COUNT];
	size_t n[LP_DK_COUNT], cap[LP_DK_COUNT];
};

enum lp_input_type { LP_IN_RECORDING, LP_IN_SECCOMP, LP_IN_APPARMOR, LP_IN_LANDLOCK };

/* Read a file of any supported type into items; -1 with an error printed.
 * *type says what it was. */
int diff_read(const char *path, struct lp_itemset *s, enum lp_input_type *type);
void itemset_free(struct lp_itemset *s);
void itemset_add(struct lp_itemset *s, int kind, const char *item);

/* Parsers, exposed for tests. */
int diff_apparmor_text(const char *text, const char *name, struct lp_itemset *s);
/* A Landlock policy (landlockconfig TOML or JSON): is text one, and read it. */
bool diff_is_landlock(const char *text);
int diff_landlock_text(const char *text, size_t len, const char *name, struct lp_itemset *s);

enum lp_diff_format { LP_DIFF_TEXT = 0, LP_DIFF_MARKDOWN, LP_DIFF_JSON };

struct lp_diff_result {
	size_t added[LP_DK_COUNT], removed[LP_DK_COUNT];
	char *text;
};

/* Compare; fills counts and the rendered text. */
void diff_compare(const struct lp_itemset *old, const struct lp_itemset *new,
		  enum lp_diff_format f, const char *old_name, const char *new_name,
		  struct lp_diff_result *res);

#endif /* LEARNPROF_DIFF_H */
