/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the files of src/recording/ share beyond include/recording.h.
 */
#ifndef LEARNPROF_RECORDING_MODEL_INT_H
#define LEARNPROF_RECORDING_MODEL_INT_H

#include "recording.h"

/* A copy of s, or NULL for NULL. */
char *rec_dup_or_null(const char *s);
/* Free one program and all it holds. */
void rec_exe_free(struct lp_exe *e);

#endif /* LEARNPROF_RECORDING_MODEL_INT_H */
