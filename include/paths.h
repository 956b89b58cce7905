/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Paths as the recorder receives them, made canonical. */
#ifndef LEARNPROF_PATHS_H
#define LEARNPROF_PATHS_H

/* Remove empty and "." components and resolve ".." lexically, never above
 * the root. Returns a new string. */
char *lp_path_normalize(const char *path);

#endif /* LEARNPROF_PATHS_H */
