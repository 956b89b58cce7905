/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Complain mode with names: run a command under a seccomp filter whose
 * complain action is SCMP_ACT_NOTIFY, let every call the profile would deny
 * (or log) go on, and say by name which calls those were, made by which
 * program, how often. No root, no audit daemon, no kernel log to parse.
 */
#ifndef LEARNPROF_COMPLAIN_H
#define LEARNPROF_COMPLAIN_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lp_complaint {
	char *exe;		/* the program that made the call */
	char *name;		/* syscall name ("#<nr>" when unknown) */
	int abi;		/* LP_ABI_* */
	uint64_t count;
};

struct lp_complaints {
	struct lp_complaint *v;
	size_t n, cap;
};

/* Can this kernel and libseccomp let a supervisor continue a call? */
bool complain_supported(void);

/*
 * Fork, install ctx (built with SCMP_ACT_NOTIFY as its complain action) in
 * the child, exec path with argv there, and answer every notification with
 * "continue" while recording it in *out. Signals that stop learnprof are
 * passed on. Returns the command's status as a shell gives it (128+N when
 * killed by signal N), or 125/126/127 with the error printed.
 */
int complain_run(scmp_filter_ctx ctx, const char *path, char *const argv[],
		 struct lp_complaints *out);

/* exec, or write "<prefix><why>" (and a hint for EPERM) and exit 126 or
 * 127, making no call but write and exit_group: for use under a filter. */
void lp_exec_filtered(const char *path, char *const argv[], const char *prefix)
	__attribute__((noreturn));

/* Sorted by program, then syscall. */
void complaints_sort(struct lp_complaints *c);
void complaints_free(struct lp_complaints *c);

#endif /* LEARNPROF_COMPLAIN_H */
