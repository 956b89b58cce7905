/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Docker's default seccomp profile (amd64, default capabilities), as data. */
#ifndef LEARNPROF_DOCKER_DEFAULT_H
#define LEARNPROF_DOCKER_DEFAULT_H

#include <stdbool.h>
#include <stddef.h>

bool lp_docker_default_allows(const char *name);
/* How many of its names are syscalls of the ABI (308 for x86_64). */
size_t lp_docker_default_count(int abi);
/* All names, sorted (strcmp order). */
const char *const *lp_docker_default_names(size_t *n);

#endif /* LEARNPROF_DOCKER_DEFAULT_H */
