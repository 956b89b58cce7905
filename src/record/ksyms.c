// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Kernel symbols from /proc/kallsyms (include/ksyms.h): the function that
 * holds an address on a capability check's stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"
#include "util.h"

struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *syms;
	size_t n, cap;
};

static int cmp_ksym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ksyms *ksyms_load(void)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	struct ksyms *k;
	char line[512], name[256], type;
	unsigned long long addr;

	if (!f)
		return NULL;
	k = xcalloc(1, sizeof(*k));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		if (type != 't' && type != 'T')
			continue;
		name[strcspn(name, ".")] = '\0';	/* foo.isra.0 -> foo */
		*LP_PUSH(k->syms, k->n, k->cap) = (struct ksym){ addr, xstrdup(name) };
	}
	fclose(f);
	if (!k->n) {
		ksyms_free(k);
		return NULL;
	}
	lp_qsort(k->syms, k->n, sizeof(*k->syms), cmp_ksym);
	return k;
}

void ksyms_free(struct ksyms *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++)
		free(k->syms[i].name);
	free(k->syms);
	free(k);
}

const char *ksyms_name(const struct ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!k || !k->n || addr < k->syms[0].addr)
		return NULL;
	hi = k->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return k->syms[lo].name;
}
