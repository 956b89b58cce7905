/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Recording `docker run ...` (or `podman run ...`): the container is
 * started by the engine, not by the command line client, so the client's
 * process tree never holds it. learnprof gives the container a cgroup
 * parent of its own (--cgroup-parent), created and watched before the
 * client runs: the runtime's init joins it at its first instruction, and
 * only what is inside it is recorded, never the client. The client writes
 * the container's id to a --cidfile after create and before start.
 */
#ifndef LEARNPROF_CONTAINER_CLIENT_H
#define LEARNPROF_CONTAINER_CLIENT_H

#include <stdbool.h>

struct lp_container;

/* Is argv a container client's run command (docker run, docker container
 * run, podman run)? */
bool client_run_detect(char *const argv[], int argc);

/*
 * The client's argv with --cgroup-parent=<parent> and --cidfile=<*cidfile>
 * added after "run" (a malloc'd copy, NULL-terminated). A --cidfile the
 * user gave is kept, and *cidfile (malloc'd) replaced by it.
 * NULL with the error printed when the user chose a cgroup parent.
 */
char **client_run_argv(char *const argv[], int argc, const char *parent,
		       char **cidfile);
void client_run_argv_free(char **argv);

/* Once the client wrote the id: the container's id, its engine and its
 * image (asked from the same client). 1 when known, 0 not yet. */
int client_run_identify(const char *client, const char *cidfile,
			struct lp_container *c);

/* Remove the cgroup v1 directories the engine made for a cgroup parent
 * (rel, below each v1 hierarchy's root) once they are empty. */
void client_run_cleanup_v1(const char *rel);

#endif /* LEARNPROF_CONTAINER_CLIENT_H */
