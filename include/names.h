/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Symbolic names for the numbers a recording holds: capabilities, errnos,
 * signals, address families, socket types, ptrace requests, prctl options,
 * namespace flags, file types; the inverses the loader needs.
 */
#ifndef LEARNPROF_NAMES_H
#define LEARNPROF_NAMES_H

#include <stdbool.h>
#include <stdint.h>

#define LP_CAP_COUNT 41	/* CAP_CHOWN (0) .. CAP_CHECKPOINT_RESTORE (40) */

/* "CAP_CHOWN"; NULL when out of range. */
const char *lp_cap_name(int cap);
/* Accepts "CAP_CHOWN", "chown", "cap_chown"; -1 when unknown. */
int lp_cap_from_name(const char *name);
/* Is cap in this process's effective set? */
bool lp_cap_effective(int cap);

/* "EACCES"; a number as text for unknown ones. Static storage. */
const char *lp_errno_name(int err);
int lp_errno_from_name(const char *name);	/* -1 when unknown */

/* "SIGTERM" ("SIG42" for unnamed). */
const char *lp_signal_name(int sig);
int lp_signal_from_name(const char *name);

/* Tables of (number, name) with a fallback to the number in decimal. */
const char *lp_family_name(int family);		/* "inet", "unix", ... */
int lp_family_from_name(const char *name);
const char *lp_socktype_name(int type);		/* "stream", "dgram", ... */
const char *lp_ptrace_name(long request);	/* "PTRACE_ATTACH" */
const char *lp_prctl_name(long option);		/* "PR_SET_NAME" */
const char *lp_filetype_name(int type);		/* S_IFMT >> 12: "chr", "reg" */
const char *lp_ioctl_name(uint32_t request);	/* "TCGETS", or NULL */

/* Namespace flags of a clone/unshare flags word: "net,pid" ("" for none). */
char *lp_clone_namespaces(uint64_t flags);
#define LP_CLONE_NS_MASK 0x7E020080ULL	/* CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET,TIME} */

#endif /* LEARNPROF_NAMES_H */
