/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Companions: syscalls a program makes or not as timing decides, implied by
 * others it was seen to make (futex by clone, rt_sigreturn by rt_sigaction,
 * restart_syscall by sleeps and waits). What the seccomp profile and
 * systemd's SystemCallFilter= add to what was observed; src/policy/
 * companions.c has the table and why each is there.
 */
#ifndef LEARNPROF_COMPANIONS_H
#define LEARNPROF_COMPANIONS_H

#include <stdbool.h>
#include <stddef.h>

#define LP_COMPANIONS_MAX 8
struct lp_companion {
	const char *name, *by, *why;
};
/* The companions of the syscall names[0..n) that are not among them, in the
 * table's order; i386: an i386 program ran. Returns how many. */
size_t lp_companions(char *const *names, size_t n, bool i386, struct lp_companion *out);

#endif /* LEARNPROF_COMPANIONS_H */
