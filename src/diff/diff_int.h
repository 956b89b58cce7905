/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The readers of src/diff/, each turning one kind of file into item sets.
 */
#ifndef LEARNPROF_DIFF_INT_H
#define LEARNPROF_DIFF_INT_H

#include "diff.h"
#include "recording.h"
#include "seccomp_profile.h"

void diff_from_recording(const struct lp_recording *rec, struct lp_itemset *s);
void diff_from_seccomp(const struct lp_sc_profile *p, struct lp_itemset *s);

#endif /* LEARNPROF_DIFF_INT_H */
