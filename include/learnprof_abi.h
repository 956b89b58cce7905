/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The kernel/user ABI of learnprof: map keys, map values and ring-buffer
 * events shared by bpf/learnprof.bpf.c and src/record/.
 *
 * Only fixed-width __u* types, no pointers, explicit padding: the same bytes
 * mean the same thing on both sides.
 */
#ifndef LEARNPROF_ABI_H
#define LEARNPROF_ABI_H

#ifndef __bpf__
#include <linux/types.h>	/* the BPF side has them from vmlinux.h */
#endif

/* Syscall ABIs as recorded. */
enum lp_abi {
	LP_ABI_X86_64 = 0,
	LP_ABI_I386 = 1,
	LP_ABI_X32 = 2,
	LP_ABI_COUNT = 3,
};

/* x32 syscall numbers carry this bit in orig_ax. */
#define LP_X32_SYSCALL_BIT 0x40000000ULL

/*
 * Native (x86_64) syscall numbers below LP_NR_SPAN are counted in a dense
 * shared array indexed by program slot * LP_NR_SPAN + nr, through a small
 * per-CPU cache (struct lp_cpu). Everything else (i386, x32, numbers
 * beyond the span, bogus numbers) goes to a shared hash of LP_RARE_MAX keys.
 * docs/overhead.md gives the memory of every map.
 */
#define LP_NR_SPAN 512
#define LP_RARE_MAX 8192
#define LP_UPATH_MAX 8192	/* path strings remembered before a walk */

/* The counter cache: direct-mapped, LP_CACHE_SIZE entries a CPU. An entry
 * holds key + 1 (0: empty) and the count not yet folded into the shared
 * array; it is folded when another key takes its place or the count reaches
 * LP_CACHE_FLUSH. */
#define LP_CACHE_SIZE 128
#define LP_CACHE_FLUSH 0x80000000U
#define LP_CACHE_INDEX(key) ((__u32)((key) * 2654435761U) >> 25)	/* 7 bits */

struct lp_cache_ent {
	__u32 key;
	__u32 n;
};

/* What the status line reads while recording: per CPU, summed. */
struct lp_summary {
	__u64 syscalls;	/* syscalls of targets counted */
	__u64 files;	/* file facts sent */
	__u64 execs;	/* exec facts sent */
};

/* Recorded tasks a CPU remembers (by thread id), direct-mapped. */
#define LP_TASK_CACHE 8

/*
 * Everything a recorded syscall touches besides the task itself, one per
 * CPU in one small plain array (map "cpus"): the kernel allocates an array
 * of up to 32 KiB with kmalloc, in its direct mapping, so a syscall pays one
 * TLB miss for all of it, where task storage, per-CPU maps and global
 * variables cost one each (docs/overhead.md). 1,280 bytes: 20 lines of 64;
 * an array's values start 8 bytes before a line in the kernel (its struct
 * bpf_array is 312 bytes in 6.x), so lead0 puts each CPU's lines on lines
 * of its own (no CPU writes a line another CPU's struct shares).
 */
struct lp_cpu {
	__u64 lead0;
	struct lp_cpu_task {
		__u32 tid;	/* 0: empty */
		__u32 slot;	/* its program, as its task storage says */
	} task[LP_TASK_CACHE];
	__u64 decode[LP_NR_SPAN / 64];	/* numbers decoded (0: none) */
	struct lp_summary sum;
	__u32 ready;			/* decode[] filled */
	__u32 pad[9];
	struct lp_cache_ent e[LP_CACHE_SIZE];
	__u8 tail[56];
};

/* Slot 0 collects the syscalls of programs that did not get a slot of their
 * own (the program table was full); it is written as "<unattributed>". */
#define LP_SLOT_OVERFLOW 0

/* Bounds of the in-kernel path walk. */
#define LP_PATH_MAX 4096	/* bytes of a path, including the NUL */
#define LP_PATH_DEPTH 256	/* components walked before giving up */

/* Flags of a resolved path. */
#define LP_PATH_TRUNCATED  (1U << 0) /* deeper than LP_PATH_DEPTH or longer than LP_PATH_MAX */
#define LP_PATH_DELETED    (1U << 1) /* the dentry was unlinked */
#define LP_PATH_DETACHED   (1U << 2) /* not reachable from the task's root (memfd, anon, other mount ns) */
#define LP_PATH_FAULT      (1U << 3) /* a kernel read failed during the walk */
#define LP_PATH_DIR        (1U << 4) /* the object is a directory */
#define LP_PATH_PROC       (1U << 5) /* on procfs */
#define LP_PATH_AFTER_FILTER (1U << 7) /* a program's syscalls after it installed
					  * a seccomp filter, until its next exec */
#define LP_PATH_UNRESOLVED (1U << 6) /* built from the string the program passed
				      * (the object was not looked up: the call
				      * failed, or it is gone) */

/* Per-task state kept in task-local storage; its presence marks a target. */
struct lp_task {
	__u32 slot;	/* program slot of the executable the task runs */
	__u32 flags;	/* LP_TASK_* */
};

/* The task's next sys_exit is the return of an execve already counted. */
#define LP_TASK_EXECED (1U << 0)
/* slot is known. Storage given to a task by another (the recorder at the
 * start, a cgroup migration, a fork into the target cgroup) has not got
 * it: the task finds its program itself, in its own context, when it
 * next runs a hook (lp_slot_of). */
#define LP_TASK_READY (1U << 1)

/* Identity of an executable: the inode it was exec'd from. */
struct lp_exe_key {
	__u64 ino;
	__u32 dev;
	__u32 pad;
};

/* Value of the exe_paths array, one per slot. */
struct lp_exe_path {
	__u64 ino;
	__u32 dev;
	__u32 flags;	/* LP_PATH_* */
	__u32 len;	/* bytes in path, without the NUL */
	__u32 pad;
	char path[LP_PATH_MAX];
};

/* Key of the per-CPU hash for syscalls outside the dense array. */
struct lp_rare_key {
	__u32 slot;
	__u32 abi;
	__u64 nr;	/* as the ABI numbers it, x32 bit removed */
};

/* Indices of the per-CPU loss counters (the "lost" array). */
enum lp_lost {
	LP_LOST_EVENTS = 0,	/* ring-buffer reservations that failed */
	LP_LOST_PROGRAMS,	/* executables that found the program table full */
	LP_LOST_TASKS,		/* tasks whose storage could not be created */
	LP_LOST_RARE,		/* rare syscall keys that found the hash full */
	LP_LOST_FACTS,		/* facts that found the facts hash full */
	LP_LOST_COUNT,
};

/* Flags of a program slot (lp_exe_path.flags, above the LP_PATH_ bits). */
#define LP_EXE_RAN	(1U << 16) /* a target ran it (not only a peer) */
/* The slot counts what the program in slot `ino` did after installing a
 * seccomp filter (dev is LP_AFTER_FILTER_DEV in its key). */
#define LP_AFTER_FILTER_DEV 0xffffffffU

/* File access kinds, a bitmask. */
enum lp_file_kind {
	LP_F_READ = 1 << 0,
	LP_F_WRITE = 1 << 1,
	LP_F_APPEND = 1 << 2,
	LP_F_CREATE = 1 << 3,
	LP_F_DELETE = 1 << 4,
	LP_F_RENAME = 1 << 5,
	LP_F_LINK = 1 << 6,
	LP_F_CHMOD = 1 << 7,
	LP_F_CHOWN = 1 << 8,
	LP_F_EXEC = 1 << 9,
	LP_F_MMAP_EXEC = 1 << 10,
	LP_F_LOCK = 1 << 11,
	LP_F_KIND_COUNT = 12,
};

/* Ring-buffer events: only facts with strings travel this way. */
enum lp_event_type {
	LP_EV_FILE = 1,
	LP_EV_EXEC = 2,
};

struct lp_ev_file {
	__u32 type;		/* LP_EV_FILE */
	__u32 slot;
	__u32 kinds;		/* LP_F_* */
	__s32 err;		/* errno, or 0 */
	__u32 flags;		/* LP_PATH_* */
	__u32 ns_tgid;		/* the task's ids in its pid namespace, to */
	__u32 ns_tid;		/* recognise its own /proc/<pid> */
	__u32 len;		/* of path, without the NUL */
	char path[LP_PATH_MAX];	/* only len + 1 bytes are sent */
};

#define LP_ARGV0_MAX 128
#define LP_NO_SLOT 0xffffffffU

struct lp_ev_exec {
	__u32 type;		/* LP_EV_EXEC */
	__u32 slot;		/* the program now running */
	__u32 parent_slot;	/* the program that exec'd it, or LP_NO_SLOT */
	__u32 uid, euid, gid, egid;
	__u32 no_new_privs;
	char argv0[LP_ARGV0_MAX];
};

/*
 * Facts without strings are counted in the "facts" hash, never streamed.
 * The meaning of a, b, c and addr depends on the kind.
 */
enum lp_fact_kind {
	LP_FACT_CAP = 1,	/* a=cap|abi<<16, b=syscall nr (-1: none),
				 * c=kernel stack id (-1: none); err=0 granted */
	LP_FACT_SOCKET,		/* a=family, b=type, c=protocol */
	LP_FACT_BIND,		/* a=family, b=type|proto<<16, c=port, addr */
	LP_FACT_LISTEN,		/* as bind */
	LP_FACT_CONNECT,	/* as bind */
	LP_FACT_SENDTO,		/* as bind */
	LP_FACT_ACCEPT,		/* as bind, the local end; addr = the peer */
	LP_FACT_IDENTITY,	/* a=syscall nr, b=arg0|arg1<<32, c=arg2 */
	LP_FACT_SIGNAL,		/* a=signal, b=peer slot */
	LP_FACT_PTRACE,		/* a=request, b=peer slot */
	LP_FACT_CLONE,		/* a=syscall nr, b=flags */
	LP_FACT_PERSONALITY,	/* a=persona */
	LP_FACT_PRCTL,		/* a=option, b=arg2 for integer options */
	LP_FACT_IOCTL,		/* a=file type (S_IFMT >> 12), b=request, c=rdev */
	LP_FACT_KIND_COUNT,
};

struct lp_fact_key {
	__u32 slot;
	__u16 kind;
	__u16 pad;
	__s32 err;
	__u32 a;
	__u64 b;
	__u64 c;
	__u8 addr[16];		/* IPv4 in the first 4 bytes, or IPv6 */
};

/* Kernel frames kept per capability check, to name the function that
 * checked it and to tell checks the kernel marks "noaudit". */
#define LP_CAP_STACK_DEPTH 16

/* Unix socket endpoints carry a path (or an abstract name). */
#define LP_UNIX_PATH_MAX 108
struct lp_unix_key {
	__u32 slot;
	__u16 kind;		/* LP_FACT_BIND/CONNECT/SENDTO/LISTEN/ACCEPT */
	__u16 type;		/* SOCK_STREAM, ... */
	__s32 err;
	__u32 len;		/* bytes of path used; path[0] == 0: abstract */
	char path[LP_UNIX_PATH_MAX];
};

#endif /* LEARNPROF_ABI_H */
