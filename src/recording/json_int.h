/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the Recording's JSON writer (json_write.c) and reader (json_read.c)
 * share: the names of target kinds and path flags, and how each fact
 * category is written (json.c holds the tables).
 */
#ifndef LEARNPROF_RECORDING_JSON_INT_H
#define LEARNPROF_RECORDING_JSON_INT_H

#include "recording.h"

/* How each fact category is written: its place and its fields' names. */
enum { F_INT, F_HEX, F_BOOL };

struct cat_desc {
	const char *group;		/* enclosing object, or NULL */
	const char *name;
	const char *s[LP_FACT_S];
	const char *n[LP_FACT_N];
	unsigned char nfmt[LP_FACT_N];
};

extern const char *const rj_kind_names[LP_TARGET_CONTAINER + 1];
/* Bit i of LP_PATH_* / LP_FILE_* is named rj_path_flag_names[i] (or NULL). */
extern const char *const rj_path_flag_names[18];
extern const struct cat_desc rj_cats[LP_CAT_COUNT];

/* A program's "reachable" member (reachable.c); parsing never returns NULL. */
struct jreader;
json_object *rj_reach_json(const struct lp_reach *r);
struct lp_reach *rj_reach_parse(struct jreader *jr, json_object *o, const char *where);

#endif /* LEARNPROF_RECORDING_JSON_INT_H */
