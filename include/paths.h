/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Paths as the recorder receives them, made canonical. */
#ifndef LEARNPROF_PATHS_H
#define LEARNPROF_PATHS_H

#include <stddef.h>

/* Remove empty and "." components and resolve ".." lexically, never above
 * the root. Returns a new string. */
char *lp_path_normalize(const char *path);

/* The components of a path, without slashes (malloc'd, *n set; "/" has
 * none). */
char **lp_path_split(const char *path, size_t *n);

#endif /* LEARNPROF_PATHS_H */
