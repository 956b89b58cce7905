/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A recording session: what `learnprof record` and the OCI hook run. */
#ifndef LEARNPROF_RECORD_H
#define LEARNPROF_RECORD_H

#include <stdbool.h>
#include <stdint.h>

struct lp_container;

struct record_opts {
	const char *output;
	const char *user;
	const char *cgroup;		/* cgroup mode: path below the mount */
	const char *container;		/* --container <id> */
	const char *runtime;		/* --runtime <name> */
	struct lp_container *ct;	/* the container found (cgroup is its) */
	bool startup_missed;		/* ct was already running: its start-up
					 * cannot be recorded */
	uint64_t duration;
	uint64_t linger;
	uint64_t max_programs;
	bool strict;
	bool no_follow;			/* record a container client itself */
	bool client;			/* the command is `docker run ...`: record
					 * the container it starts */
	bool quiet;			/* no summary line */
	const char *ready;		/* file to create once attached */
	int ready_fd;			/* or fd to write one byte to, else -1 */
	uint64_t buffer_size;
	unsigned disabled;
	char **argv;
	int argc;
};

/* Record until the command (or what the cgroup holds) is done; returns
 * the exit status record uses. */
int record_run(struct record_opts *o);

#endif /* LEARNPROF_RECORD_H */
