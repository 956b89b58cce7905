/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Syscall names per ABI: libseccomp's, plus a table for newer numbers. */
#ifndef LEARNPROF_SYSCALLS_H
#define LEARNPROF_SYSCALLS_H

#include <stdint.h>
#include "learnprof_abi.h"

/* "x86_64", "i386", "x32"; NULL for a bad value. */
const char *lp_abi_name(int abi);
/* The inverse; -1 when unknown. */
int lp_abi_from_name(const char *name);
/* libseccomp's token for the ABI: "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", ... */
const char *lp_abi_scmp_token(int abi);
uint32_t lp_abi_scmp_arch(int abi);

/*
 * Name of syscall nr (x32 numbers without the x32 bit) in the ABI, malloc'd.
 * Unknown numbers are written "#<nr>", a form no real name takes.
 */
char *lp_syscall_name(int abi, uint64_t nr);

/* Number of a syscall name in the ABI (x32 without the bit); -1 if none. */
int64_t lp_syscall_nr(int abi, const char *name);

/* Is name a syscall libseccomp itself does not know (only our table)? */
int lp_syscall_is_ours(const char *name);

#endif /* LEARNPROF_SYSCALLS_H */
