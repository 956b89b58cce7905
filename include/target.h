/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What is recorded: a cgroup v2 directory, and the command spawned into it. */
#ifndef LEARNPROF_TARGET_H
#define LEARNPROF_TARGET_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

struct lp_cgroup {
	char *mount;		/* where cgroup2 is mounted */
	char *rel;		/* path below the mount, starting with "/" */
	char *dir;		/* mount + rel */
	int fd;			/* O_RDONLY directory fd */
	int events_fd;		/* cgroup.events, for populated changes */
	bool created;		/* ours to remove */
};

/* Find the cgroup2 mount from /proc/self/mountinfo (malloc'd) or NULL. */
char *cgroup2_mount(void);

/* Create a fresh cgroup for a recording below learnprof's own cgroup. */
int cgroup_create(struct lp_cgroup *cg);
/* Open an existing cgroup given relative to the mount or as a full path. */
int cgroup_open(struct lp_cgroup *cg, const char *path);
/* Is anything still running in the cgroup or its children? -1 on error. */
int cgroup_populated(struct lp_cgroup *cg);
/* pids directly in the cgroup tree, malloc'd; *n is set. */
pid_t *cgroup_pids(struct lp_cgroup *cg, size_t *n);
/* Move whatever is left to the parent and remove a cgroup we created. */
void cgroup_release(struct lp_cgroup *cg);

/* Resolve a command like execvp would. Returns the path to exec (malloc'd)
 * or NULL with *code set to 126 or 127 and an error printed. */
char *command_resolve(const char *name, int *code);

struct lp_user {
	uid_t uid;
	gid_t gid;
	char *name;
	bool set;
};
/* Look up a user by name or number; error printed on failure. */
int user_lookup(const char *spec, struct lp_user *u);

/* A command that waits, already in its cgroup, until released. */
struct lp_child {
	pid_t pid;
	int go_fd;		/* write one byte to release it */
	int err_fd;		/* errno of a failed exec, or EOF on success */
};

/* cg: the cgroup it joins (NULL: it stays in learnprof's). ignored:
 * signals the command inherits as ignored (or NULL). */
int child_spawn(struct lp_child *c, const char *path, char *const argv[],
		struct lp_cgroup *cg, const struct lp_user *user,
		const sigset_t *ignored);
/* Let it exec. Returns 0 when it did, else the exit code to use
 * (126/127/125) with the error printed. */
int child_release(struct lp_child *c, const char *name);
/* Kill a child that must not run (set-up failed) and reap it. */
void child_abort(struct lp_child *c);

#endif /* LEARNPROF_TARGET_H */
