/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Containers: find one's cgroup and metadata from its runtime's state. */
#ifndef LEARNPROF_CONTAINER_H
#define LEARNPROF_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

struct lp_container {
	char *id;
	char *runtime;		/* runc, crun, docker, containerd, podman */
	char *bundle;
	char *image;		/* image reference, when an annotation says */
	char *digest;		/* image digest, when an annotation says */
	char *cgroup;		/* cgroup v2 path of the init, below the mount */
	pid_t pid;		/* init, in learnprof's pid namespace */
	int no_new_privs;	/* -1 unknown */
};

/* Find a container by id (or unique id prefix) in the state of the runtime
 * (NULL: every runtime learnprof knows). Prints why not. */
int container_find(const char *id, const char *runtime, struct lp_container *c);

/* Fill what the bundle's config.json says: image annotations and
 * noNewPrivileges. Missing files are not an error. */
void container_read_bundle(struct lp_container *c);

/* The cgroup v2 path (below the mount) of a process, or NULL. */
char *pid_cgroup2(pid_t pid);

void container_free(struct lp_container *c);

#endif /* LEARNPROF_CONTAINER_H */
