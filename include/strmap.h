/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A string-keyed hash map from key to index (keys are borrowed). */
#ifndef LEARNPROF_STRMAP_H
#define LEARNPROF_STRMAP_H

#include <stddef.h>

struct strmap {
	const char **keys;
	size_t *vals;
	size_t cap, len;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Returns 1 and the value when found, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t *val);
void strmap_put(struct strmap *m, const char *key, size_t val);

#endif /* LEARNPROF_STRMAP_H */
