/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Kernel symbols from /proc/kallsyms, to name the functions on a stack. */
#ifndef LEARNPROF_KSYMS_H
#define LEARNPROF_KSYMS_H

#include <stdint.h>

struct ksyms;

/* NULL when /proc/kallsyms cannot be read or shows no addresses. */
struct ksyms *ksyms_load(void);
void ksyms_free(struct ksyms *k);
/* The function containing addr, without compiler suffixes (".isra.0"). */
const char *ksyms_name(const struct ksyms *k, uint64_t addr);

#endif /* LEARNPROF_KSYMS_H */
