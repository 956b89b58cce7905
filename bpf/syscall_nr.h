/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The numbers the BPF side compares against, by name: x86_64 syscalls
 * (arch/x86/entry/syscalls/syscall_64.tbl), the few i386 and x32 ones it
 * needs, and the prctl, fcntl, ptrace and seccomp constants of the
 * arguments it decodes (the uapi headers of linux/).
 */
#ifndef LEARNPROF_SYSCALL_NR_H
#define LEARNPROF_SYSCALL_NR_H

enum lp_nr {
	LP_NR_read = 0,
	LP_NR_open = 2,
	LP_NR_mmap = 9,
	LP_NR_rt_sigreturn = 15,
	LP_NR_ioctl = 16,
	LP_NR_socket = 41,
	LP_NR_connect = 42,
	LP_NR_accept = 43,
	LP_NR_sendto = 44,
	LP_NR_sendmsg = 46,
	LP_NR_bind = 49,
	LP_NR_listen = 50,
	LP_NR_socketpair = 53,
	LP_NR_clone = 56,
	LP_NR_execve = 59,
	LP_NR_exit = 60,
	LP_NR_kill = 62,
	LP_NR_fcntl = 72,
	LP_NR_flock = 73,
	LP_NR_truncate = 76,
	LP_NR_ftruncate = 77,
	LP_NR_rename = 82,
	LP_NR_mkdir = 83,
	LP_NR_rmdir = 84,
	LP_NR_creat = 85,
	LP_NR_link = 86,
	LP_NR_unlink = 87,
	LP_NR_symlink = 88,
	LP_NR_chmod = 90,
	LP_NR_fchmod = 91,
	LP_NR_chown = 92,
	LP_NR_fchown = 93,
	LP_NR_lchown = 94,
	LP_NR_ptrace = 101,
	LP_NR_setuid = 105,
	LP_NR_setgid = 106,
	LP_NR_setreuid = 113,
	LP_NR_setregid = 114,
	LP_NR_setgroups = 116,
	LP_NR_setresuid = 117,
	LP_NR_setresgid = 119,
	LP_NR_setfsuid = 122,
	LP_NR_setfsgid = 123,
	LP_NR_capset = 126,
	LP_NR_mknod = 133,
	LP_NR_personality = 135,
	LP_NR_prctl = 157,
	LP_NR_tkill = 200,
	LP_NR_exit_group = 231,
	LP_NR_tgkill = 234,
	LP_NR_openat = 257,
	LP_NR_mkdirat = 258,
	LP_NR_mknodat = 259,
	LP_NR_fchownat = 260,
	LP_NR_unlinkat = 263,
	LP_NR_renameat = 264,
	LP_NR_linkat = 265,
	LP_NR_symlinkat = 266,
	LP_NR_fchmodat = 268,
	LP_NR_unshare = 272,
	LP_NR_accept4 = 288,
	LP_NR_renameat2 = 316,
	LP_NR_seccomp = 317,
	LP_NR_execveat = 322,
	LP_NR_clone3 = 435,
	LP_NR_openat2 = 437,
	LP_NR_fchmodat2 = 452,
};

/* i386 (syscall_32.tbl) */
enum lp_nr_i386 {
	LP_NR32_exit = 1,
	LP_NR32_rt_sigreturn = 173,
	LP_NR32_exit_group = 252,
};

/* prctl options (linux/prctl.h) */
enum lp_prctl {
	LP_PR_SET_PDEATHSIG = 1,
	LP_PR_SET_DUMPABLE = 4,
	LP_PR_SET_KEEPCAPS = 8,
	LP_PR_SET_SECCOMP = 22,
	LP_PR_CAPBSET_DROP = 24,
	LP_PR_SET_SECUREBITS = 28,
	LP_PR_SET_CHILD_SUBREAPER = 36,
	LP_PR_SET_NO_NEW_PRIVS = 38,
	LP_PR_CAP_AMBIENT = 47,
};

/* seccomp modes and operations (linux/seccomp.h) */
#define LP_SECCOMP_MODE_FILTER 2
#define LP_SECCOMP_SET_MODE_FILTER 1

/* fcntl locking commands (asm-generic/fcntl.h) */
enum lp_fcntl {
	LP_FCNTL_SETLK = 6,
	LP_FCNTL_SETLKW = 7,
	LP_FCNTL_OFD_SETLK = 37,
	LP_FCNTL_OFD_SETLKW = 38,
};

/* ptrace requests (linux/ptrace.h) */
enum lp_ptrace {
	LP_PTRACE_TRACEME = 0,
	LP_PTRACE_ATTACH = 16,
	LP_PTRACE_SEIZE = 0x4206,
};

#define LP_ENOSYS 38

#endif /* LEARNPROF_SYSCALL_NR_H */
