/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Capabilities and hardening flags from recordings: which capabilities the
 * run needed and for what, and the evidence for running as non-root, with a
 * read-only root filesystem and with no-new-privileges. Printed as docker
 * flags, a Kubernetes securityContext and a systemd unit snippet.
 */
#ifndef LEARNPROF_CAPS_H
#define LEARNPROF_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include "recording.h"

struct lp_cap_use {
	char *program, *syscall, *function;
	uint64_t count;
};

struct lp_cap_need {
	int cap;		/* CAP_* number */
	struct lp_cap_use *uses;
	size_t nuses;
};

struct lp_hardening {
	struct lp_cap_need *needed;	/* granted, not optional: sorted by cap */
	size_t nneeded;
	int *denied;			/* checked, only ever denied */
	size_t ndenied;
	int *optional;			/* checked without auditing only */
	size_t noptional;

	bool ran_as_root;		/* some program started with uid 0 */
	bool non_root_possible;
	long long run_uid, run_gid;	/* the user to run as; -1: none */
	char *user_why;			/* why that user, or why none (malloc'd) */

	char **writable;		/* directories written (tmpfs/volume candidates) */
	char **held_data;		/* [i]: why writable[i] held data before the
					 * run (a volume, never a tmpfs), or NULL */
	size_t nwritable;
	bool read_only_possible;	/* true: with the writable dirs mounted */
	bool writes_shm;		/* wrote under /dev/shm (a tmpfs of every
					 * container already, so no flag) */

	char **setid_programs;		/* started with euid != uid or egid != gid */
	size_t nsetid;
	bool no_new_privs_possible;

	char **syscalls;		/* every syscall name seen, sorted */
	size_t nsyscalls;
	bool only_native;		/* x86_64 syscalls only */

	/*
	 * Claims withheld because the probe that would have seen the
	 * contrary was not active in every run (rec_observed()): the reason,
	 * malloc'd, or NULL when the claim stands. A withheld claim's
	 * *_possible is false and nothing that would enforce it is printed.
	 */
	char *caps_withheld;		/* capabilities: the needed list, cap-drop
					 * and cap-add, non-root */
	char *args_withheld;		/* arguments: read-only rootfs and the
					 * writable dirs (and, in the report,
					 * endpoints) */
	char *procs_withheld;		/* processes: no-new-privileges (and, in
					 * the report, programs run) */
};

void hardening_analyze(const struct lp_recording *rec, struct lp_hardening *h);
void hardening_free(struct lp_hardening *h);

enum lp_caps_format {
	LP_CAPS_TEXT = 0,	/* every section, for people */
	LP_CAPS_DOCKER,
	LP_CAPS_KUBERNETES,
	LP_CAPS_SYSTEMD,
	LP_CAPS_JSON,
};

struct lp_caps_opts {
	enum lp_caps_format format;
	const char *name;	/* profile name (NULL: lp_profile_name) */
};

char *caps_generate(const struct lp_recording *rec, const struct lp_caps_opts *o);

#endif /* LEARNPROF_CAPS_H */
