/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Volatile names: the one place that knows which parts of a recorded path
 * change from run to run for the same behaviour (pids, tids, random
 * temporary names, inode-named files, numbered segments) and what stable
 * name stands for them. One table of rules, lp_vol_rules[], each with a
 * name and an explanation (docs/recording.md shows it).
 *
 * A stable name keeps the literal text and puts placeholders where it
 * varies: <pid>, <tid>, <n>, <inode>, <random>. No rule matches a
 * placeholder, so stabilising a stable name changes nothing.
 */
#ifndef LEARNPROF_VOLATILE_H
#define LEARNPROF_VOLATILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"


enum lp_vol_id {
	LP_VOL_PROC_PID = 0,
	LP_VOL_PROC_TID,
	LP_VOL_PID_IN_NAME,
	LP_VOL_INODE,
	LP_VOL_RANDOM,
	LP_VOL_NUMBER,
	LP_VOL_COUNT,
};

struct lp_vol_rule {
	const char *name;	/* in recordings ("varies") and profiles */
	const char *example;	/* "from -> to" */
	const char *explain;	/* what it matches, and the evidence it needs */
};

extern const struct lp_vol_rule lp_vol_rules[LP_VOL_COUNT];

/* The rule's index by name, or -1. */
int lp_vol_rule_from_name(const char *name);

/* Shortest digit run that pid-in-name folds, and temp-number. */
#define LP_VOL_PID_MIN_DIGITS 3
#define LP_VOL_NUMBER_MIN_DIGITS 6
/* Lengths of a random part. */
#define LP_VOL_RANDOM_MIN 6
#define LP_VOL_RANDOM_MAX 12

/* Evidence about one literal path, from every program of a recording. */
#define LP_VOL_MADE 1U		/* the run created it */
#define LP_VOL_GONE 2U		/* the run removed it or renamed it away */

struct lp_vol_ctx {
	struct strmap index;	/* literal path -> position in ev */
	char **paths;
	uint32_t *ev;		/* LP_VOL_MADE | LP_VOL_GONE */
	size_t n, cap;
	uint32_t *pids;		/* numbers that named a file of their own task */
	size_t npids, cappids;
};

void lp_vol_ctx_init(struct lp_vol_ctx *c);
void lp_vol_ctx_free(struct lp_vol_ctx *c);
/* Forget the files (keep the pids): before a new pass over a recording. */
void lp_vol_ctx_clear_files(struct lp_vol_ctx *c);
/* Evidence from a recorded access of path (LP_F_* that succeeded). */
void lp_vol_ctx_file(struct lp_vol_ctx *c, const char *path, uint32_t kinds);
/* A task with these ids accessed path: when a component holds one of them
 * as a digit run (pid-in-name), remember the number. */
void lp_vol_ctx_task(struct lp_vol_ctx *c, const char *path, uint32_t tgid, uint32_t tid);

/* Is path /proc/<tgid or tid>[/...], the accessing task's own? */
bool lp_vol_own_proc(const char *path, uint32_t tgid, uint32_t tid);

/*
 * The random part of one name component: returns its length and sets
 * *start, or returns 0. transient: the run both created and removed it;
 * temp: it is below a temporary directory. Exported for the unit tests;
 * docs/recording.md states the rule.
 */
size_t lp_vol_random_part(const char *name, bool transient, bool temp, size_t *start);

/* The stable name of a literal path (malloc'd); *rules gets bit i for each
 * rule i that changed it (0: the same text). */
char *lp_vol_stable(const struct lp_vol_ctx *c, const char *path, uint32_t flags,
		    uint32_t *rules);

#endif /* LEARNPROF_VOLATILE_H */
