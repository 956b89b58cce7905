/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What syscalls and capabilities are for, and which are dangerous and why. */
#ifndef LEARNPROF_RISK_H
#define LEARNPROF_RISK_H

enum lp_sysgroup {
	LP_GROUP_FILE = 0,
	LP_GROUP_NETWORK,
	LP_GROUP_PROCESS,
	LP_GROUP_MEMORY,
	LP_GROUP_TIME,
	LP_GROUP_IPC,
	LP_GROUP_SIGNAL,
	LP_GROUP_PRIVILEGED,
	LP_GROUP_OTHER,
	LP_GROUP_COUNT,
};

const char *lp_group_name(int g);
int lp_syscall_group(const char *name);

/* Why a syscall or capability is dangerous, or NULL when it is not. */
const char *lp_syscall_risk(const char *name);
const char *lp_cap_risk(const char *cap_name);

#endif /* LEARNPROF_RISK_H */
