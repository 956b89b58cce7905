// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Companions (include/companions.h): one table, used by the seccomp profile
 * and by systemd's SystemCallFilter= (caps).
 */
#include <stdbool.h>
#include <string.h>

#include "companions.h"
#include "util.h"

/* Companions: syscalls a program makes or not as timing decides, implied by
 * what it was seen to do. Without them a profile learned from a run where the
 * thread had already exited at pthread_join (no futex wait) kills the next
 * run, where it had not (measured: 9 of 40 runs of tests/workloads/family).
 * In order: an implied name can imply the later ones. The time64 and old
 * signal names are i386's (glibc >= 2.34 waits with futex_time64 there) and
 * are implied only when an i386 program ran. */
#define WAIT_WHY "threads and processes wait on and wake each other (pthread_join, locks), " \
		 "and a recording may see no wait"
#define SIG_WHY "a signal handler it installed returns through it when a signal arrives"
static const struct companion {
	const char *name;
	bool i386_only;
	const char *by[7];	/* any of these observed implies name */
	const char *why;
} companions[] = {
	{ "futex", false, { "clone", "clone3", "fork", "vfork" }, WAIT_WHY },
	{ "futex_time64", true, { "clone", "clone3", "fork", "vfork" }, WAIT_WHY },
	{ "rt_sigreturn", false, { "rt_sigaction" }, SIG_WHY },
	{ "sigreturn", true, { "sigaction", "signal" }, SIG_WHY },
	{ "restart_syscall", false,
	  { "nanosleep", "clock_nanosleep", "clock_nanosleep_time64", "poll", "futex",
	    "futex_time64" },
	  "a sleep or wait stopped by SIGSTOP resumes through restart_syscall after SIGCONT" },
};

_Static_assert(sizeof(companions) / sizeof(companions[0]) <= LP_COMPANIONS_MAX,
	       "LP_COMPANIONS_MAX holds every companion");

size_t lp_companions(char *const *names, size_t n, bool i386, struct lp_companion *out)
{
	size_t m = 0;

	for (size_t i = 0; i < ARRAY_SIZE(companions); i++) {
		const struct companion *c = &companions[i];
		const char *by = NULL;

		if (lp_in_names(names, n, c->name) || (c->i386_only && !i386))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(c->by) && c->by[k] && !by; k++) {
			if (lp_in_names(names, n, c->by[k]))
				by = c->by[k];
			for (size_t j = 0; j < m && !by; j++)
				if (!strcmp(out[j].name, c->by[k]))
					by = c->by[k];
		}
		if (by)
			out[m++] = (struct lp_companion){ c->name, by, c->why };
	}
	return m;
}
