// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A string-keyed hash map from key to index (include/strmap.h), open
 * addressing; keys are borrowed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

int strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot_of(m, key);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

static void rehash(struct strmap *m, size_t cap)
{
	struct strmap n = { xcalloc(cap, sizeof(char *)),
			    xcalloc(cap, sizeof(size_t)), cap, 0 };

	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			strmap_put(&n, m->keys[i], m->vals[i]);
	strmap_free(m);
	*m = n;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->len + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 16);
	i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	m->vals[i] = val;
}
