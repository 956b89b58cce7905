// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof's kernel side: tracepoint programs that record what the target
 * tasks do, per executable.
 *
 *   tp_btf/sys_exit             count syscalls (per program and ABI, in maps)
 *                               and decode the arguments and results of the
 *                               ~60 that matter: files, network, identities,
 *                               clone/personality/prctl/ioctl
 *   tp_btf/sched_process_fork   follow the process tree
 *   tp_btf/sched_process_exec   executables and the exec tree (and the
 *                               count of a successful execve)
 *   tp_btf/sched_process_exit   the count of exit and exit_group, which
 *                               never return
 *   tp_btf/cap_capable          capability checks (optional, Linux 6.14+)
 *   tp_btf/signal_generate      signals sent, with their receiver (optional)
 *
 * All are plain tracepoints: no kprobe, fentry or LSM program is needed.
 * One program runs per syscall of the host (sys_exit), so a task that is not
 * recorded pays one task-storage lookup per syscall and nothing else
 * (docs/overhead.md).
 * Arguments are decoded for the x86_64 ABI; i386 and x32 syscalls are
 * counted but not decoded.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "learnprof_abi.h"
#include "syscall_nr.h"
#include "target.bpf.h"
#include "events.bpf.h"
#include "path.bpf.h"
#include "files.bpf.h"
#include "net.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TS_COMPAT 0x0002	/* arch/x86/include/asm/thread_info.h */

const volatile __u32 max_programs = 1024;
const volatile bool decode_args = true;	/* the "arguments" probe */

/* Next free program slot; slot 0 is LP_SLOT_OVERFLOW. */
__u32 next_slot = 1;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);	/* = max_programs, set at load */
	__type(key, struct lp_exe_key);
	__type(value, __u32);
} exe_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);	/* = max_programs */
	__type(key, __u32);
	__type(value, struct lp_exe_path);
} exe_paths SEC(".maps");

/*
 * Syscall counts. The totals live in one shared array (max_programs x
 * LP_NR_SPAN u64, whatever the CPU count); each CPU adds to its own small
 * direct-mapped cache of (program, nr) counters without atomics, and folds
 * a counter into the shared array, atomically, only when another key takes
 * its place or it nears overflow. Userspace adds the caches to the array at
 * the end: the counts are exact.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024 * LP_NR_SPAN);	/* = max_programs * LP_NR_SPAN */
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lp_count_cache);
} count_cache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LP_RARE_MAX);
	__type(key, struct lp_rare_key);
	__type(value, __u64);
} rare_counts SEC(".maps");

/* Distinct (program, ABI, syscall) counters started, for the status line. */
__u64 nkinds = 0;

/* Publish a filled slot under key; a racing CPU may have won with another. */
static __always_inline __u32 lp_slot_publish(struct lp_exe_key *key, __u32 slot)
{
	__u32 *found;

	if (bpf_map_update_elem(&exe_slots, key, &slot, BPF_NOEXIST)) {
		found = bpf_map_lookup_elem(&exe_slots, key);
		if (found)
			return *found;
		lp_lose(LP_LOST_PROGRAMS);
		return LP_SLOT_OVERFLOW;
	}
	return slot;
}

/* The slot of the executable behind @file, allocating one (and recording
 * its path) the first time the inode is seen. */
static __noinline __u32 lp_slot_for_file(struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_exe_key key = {};
	struct lp_exe_path *ep;
	struct lp_scratch *s;
	__u32 *found, slot, off = 0, flags = 0, len, zero = 0;

	if (!file)
		return LP_SLOT_OVERFLOW;
	file = LP_CAST(struct file, file);
	key.ino = file->f_inode->i_ino;
	key.dev = file->f_inode->i_sb->s_dev;
	found = bpf_map_lookup_elem(&exe_slots, &key);
	if (found)
		return *found;

	slot = __sync_fetch_and_add(&next_slot, 1);
	if (slot >= max_programs) {
		lp_lose(LP_LOST_PROGRAMS);
		return LP_SLOT_OVERFLOW;
	}
	ep = bpf_map_lookup_elem(&exe_paths, &slot);
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!ep || !s)
		return LP_SLOT_OVERFLOW;
	len = lp_resolve(task, &file->f_path, &off, &flags);
	ep->ino = key.ino;
	ep->dev = key.dev;
	ep->flags = flags;
	ep->len = len & (LP_PATH_MAX - 1);
	bpf_probe_read_kernel(ep->path, (len & (LP_PATH_MAX - 1)) + 1,
			      s->buf + (off & (LP_PATH_MAX - 1)));
	return lp_slot_publish(&key, slot);
}

/* The companion slot of @base: what its program does after installing a
 * seccomp filter. For a container runtime's init that is exactly what the
 * container's profile must allow besides the application: the runtime's
 * post-filter floor, measured. */
static __noinline __u32 lp_slot_after_filter(__u32 base)
{
	struct lp_exe_key key = { .ino = base, .dev = LP_AFTER_FILTER_DEV };
	struct lp_exe_path *ep;
	__u32 *found, slot;

	found = bpf_map_lookup_elem(&exe_slots, &key);
	if (found)
		return *found;
	ep = bpf_map_lookup_elem(&exe_paths, &base);
	if (ep && (ep->flags & LP_PATH_AFTER_FILTER))
		return base;	/* a second filter: still after the first */
	slot = __sync_fetch_and_add(&next_slot, 1);
	if (slot >= max_programs) {
		lp_lose(LP_LOST_PROGRAMS);
		return base;
	}
	ep = bpf_map_lookup_elem(&exe_paths, &slot);
	if (!ep)
		return base;
	ep->ino = base;
	ep->dev = LP_AFTER_FILTER_DEV;
	ep->flags = LP_PATH_AFTER_FILTER | LP_EXE_RAN;
	ep->len = 1;
	ep->path[0] = '?';
	ep->path[1] = '\0';
	return lp_slot_publish(&key, slot);
}

static __always_inline void lp_mark_ran(__u32 slot)
{
	struct lp_exe_path *ep = bpf_map_lookup_elem(&exe_paths, &slot);

	if (ep && !(ep->flags & LP_EXE_RAN))
		__sync_fetch_and_or(&ep->flags, LP_EXE_RAN);
}

/* The program another task runs (a peer of a signal or ptrace). */
static __always_inline __u32 lp_peer_slot(struct task_struct *p)
{
	struct file *exe;

	if (!p)
		return LP_NO_SLOT;
	exe = BPF_CORE_READ(p, mm, exe_file);
	return exe ? lp_slot_for_file(exe) : LP_NO_SLOT;
}

/* A new counter: note its kind for the status line. */
static __always_inline void lp_counter_add(__u64 *c, __u64 n)
{
	if (__sync_fetch_and_add(c, n) == 0)
		__sync_fetch_and_add(&nkinds, 1);
}

/* Fold the cached counter in @e into the shared array and give the entry
 * to @key, counting this first occurrence directly. */
static __noinline void lp_count_miss(struct lp_cache_ent *e, __u32 key)
{
	__u32 old = e->key - 1;
	__u64 *c;

	if (e->key && e->n) {
		c = bpf_map_lookup_elem(&counts, &old);
		if (c)
			__sync_fetch_and_add(c, e->n);
	}
	e->key = key + 1;
	e->n = 0;
	c = bpf_map_lookup_elem(&counts, &key);
	if (c)
		lp_counter_add(c, 1);
}

/* One native syscall of a program: per-CPU, no atomic on the hit path
 * (tracepoint programs do not nest on a CPU while they count). */
static __always_inline void lp_count_native(__u32 slot, __u32 nr)
{
	__u32 key = slot * LP_NR_SPAN + nr, zero = 0;
	struct lp_count_cache *cc;
	struct lp_cache_ent *e;

	cc = bpf_map_lookup_elem(&count_cache, &zero);
	if (!cc)
		return;
	e = &cc->e[LP_CACHE_INDEX(key)];
	if (e->key == key + 1 && e->n < LP_CACHE_FLUSH) {
		e->n++;
		return;
	}
	lp_count_miss(e, key);
}

/* i386, x32 and numbers beyond the dense span: a shared hash. */
static __noinline void lp_count_rare(__u32 slot, __u32 abi, __u64 nr)
{
	struct lp_rare_key rk = { .slot = slot, .abi = abi, .nr = nr };
	__u64 *c, one = 1;

	c = bpf_map_lookup_elem(&rare_counts, &rk);
	if (c) {
		__sync_fetch_and_add(c, 1);
		return;
	}
	if (!bpf_map_update_elem(&rare_counts, &rk, &one, BPF_NOEXIST)) {
		__sync_fetch_and_add(&nkinds, 1);
		return;
	}
	c = bpf_map_lookup_elem(&rare_counts, &rk);
	if (c)
		__sync_fetch_and_add(c, 1);
	else
		lp_lose(LP_LOST_RARE);
}

/* Count syscall @id (orig_ax) of @task. Returns true for a native x86_64
 * number below LP_NR_SPAN, the only ones decoded. */
static __always_inline bool lp_count(__u32 slot, struct task_struct *task,
				     long id)
{
	lp_note(LP_SUM_SYSCALLS);
	if (task->thread_info.status & TS_COMPAT) {
		lp_count_rare(slot, LP_ABI_I386, (__u64)id);
	} else if ((__u64)id & LP_X32_SYSCALL_BIT) {
		lp_count_rare(slot, LP_ABI_X32, (__u64)id & ~LP_X32_SYSCALL_BIT);
	} else if ((__u64)id < LP_NR_SPAN) {
		lp_count_native(slot, (__u32)id);
		return true;
	} else {
		lp_count_rare(slot, LP_ABI_X86_64, (__u64)id);
	}
	return false;
}

/* A task found in the target cgroup that has no storage yet: give it one. */
static __noinline struct lp_task *lp_adopt(struct task_struct *task)
{
	struct lp_task *t;

	t = bpf_task_storage_get(&tasks, task, 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!t) {
		lp_lose(LP_LOST_TASKS);
		return NULL;
	}
	t->slot = lp_slot_for_file(BPF_CORE_READ(task, mm, exe_file));
	lp_mark_ran(t->slot);
	return t;
}

/* The target's storage, or NULL for a task that is not recorded: in
 * command mode one lookup decides (cgroup_mode is a load-time constant). */
static __always_inline struct lp_task *lp_target(struct task_struct *task)
{
	struct lp_task *t = NULL;

	/* Most tasks of a host have no BPF task storage at all: one load
	 * says so, without the helper call. */
	if (task->bpf_storage)
		t = bpf_task_storage_get(&tasks, task, 0, 0);
	if (t || !cgroup_mode || !lp_in_target_cgroup(task))
		return t;
	return lp_adopt(task);
}

/* ---- sys_exit: arguments and results --------------------------------- */

#define LP_AT_REMOVEDIR 0x200
#define LP_AT_EMPTY_PATH 0x1000
#define LP_PROT_EXEC 0x4
#define LP_MAP_ANONYMOUS 0x20

static __noinline void lp_open(__u32 slot, int dirfd, const char *upath,
			       __u64 flags, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 kinds = lp_open_kinds(flags);

	if (!kinds)
		return;
	if (ret >= 0)
		lp_file_fd(slot, lp_fd_file(task, (int)ret), kinds, 0);
	else
		lp_file_user(slot, dirfd, upath, kinds, (__s32)-ret);
}

/* chmod/chown with AT_EMPTY_PATH act on dirfd itself. */
static __noinline void lp_attr(__u32 slot, int dirfd, const char *upath,
			       __u32 kinds_flags, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__s32 err = ret < 0 ? (__s32)-ret : 0;
	char c = 0;

	if (kinds_flags & (LP_AT_EMPTY_PATH << 12)) {
		if (upath)
			bpf_probe_read_user(&c, 1, upath);
		if (!c) {
			lp_file_fd(slot, lp_fd_file(task, dirfd),
				   kinds_flags & 0xfff, err);
			return;
		}
	}
	lp_file_user(slot, dirfd, upath, kinds_flags & 0xfff, err);
}

static __noinline void lp_identity(__u32 slot, long nr, __u64 a0, __u64 a1,
				   __u64 a2_err)
{
	struct lp_fact_key k = {};
	__u32 caps[6] = {};

	k.slot = slot;
	k.kind = LP_FACT_IDENTITY;
	k.err = (__s32)(a2_err >> 32);
	k.a = (__u32)nr;
	if (nr == LP_NR_capset) {	/* capset(hdr, data): effective and permitted */
		if (a1)
			bpf_probe_read_user(caps, sizeof(caps), (void *)a1);
		k.b = caps[0] | (__u64)caps[3] << 32;
		k.c = caps[1] | (__u64)caps[4] << 32;
	} else {
		k.b = (__u32)a0 | (__u64)(__u32)a1 << 32;
		k.c = (__u32)a2_err;
	}
	lp_fact_add(&k);
}

static __always_inline void lp_simple_fact(__u32 slot, __u16 kind, __u32 a,
					   __u64 b, __u64 c, __s32 err)
{
	struct lp_fact_key k = {};

	k.slot = slot;
	k.kind = kind;
	k.err = err;
	k.a = a;
	k.b = b;
	k.c = c;
	lp_fact_add(&k);
}

static __noinline void lp_ioctl(__u32 slot, int fd, __u64 req, __s32 err)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct file *f = lp_fd_file(task, fd);
	struct inode *ino;

	if (!f)
		return;
	ino = BPF_CORE_READ(f, f_inode);
	lp_simple_fact(slot, LP_FACT_IOCTL,
		       (BPF_CORE_READ(ino, i_mode) & LP_S_IFMT) >> 12,
		       (__u32)req, BPF_CORE_READ(ino, i_rdev), err);
}

static __noinline void lp_ptrace(__u32 slot, long request, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf(), *peer = NULL;
	struct list_head *first;

	if (ret == 0 && (request == LP_PTRACE_ATTACH || request == LP_PTRACE_SEIZE)) {
		/* PTRACE_ATTACH/SEIZE put the tracee first on ->ptraced. */
		first = BPF_CORE_READ(task, ptraced.next);
		peer = (struct task_struct *)((char *)first -
			bpf_core_field_offset(struct task_struct, ptrace_entry));
	} else if (ret == 0 && request == LP_PTRACE_TRACEME) {
		peer = BPF_CORE_READ(task, parent);	/* PTRACE_TRACEME */
	}
	lp_simple_fact(slot, LP_FACT_PTRACE, (__u32)request, lp_peer_slot(peer), 0,
		       ret < 0 ? (__s32)-ret : 0);
}

static __always_inline __u64 lp_prctl_arg(long option, __u64 arg2)
{
	switch (option) {
	case LP_PR_SET_PDEATHSIG:
	case LP_PR_SET_DUMPABLE:
	case LP_PR_SET_KEEPCAPS:
	case LP_PR_SET_SECCOMP:
	case LP_PR_CAPBSET_DROP:
	case LP_PR_SET_SECUREBITS:
	case LP_PR_SET_CHILD_SUBREAPER:
	case LP_PR_SET_NO_NEW_PRIVS:
	case LP_PR_CAP_AMBIENT:
		return arg2;
	}
	return 0;
}

static __noinline void lp_sendmsg(__u32 slot, int fd, const void *umsg, __s32 err)
{
	struct user_msghdr m = {};

	if (!umsg || bpf_probe_read_user(&m, sizeof(m), umsg) || !m.msg_name)
		return;
	lp_net_addr(slot, LP_FACT_SENDTO | (__u32)err << 16, fd, m.msg_name,
		    (__u32)m.msg_namelen);
}

/* The syscalls lp_decode looks at, as a bitmap of LP_NR_SPAN bits. */
#define LP_DECODED(X) \
	X(open) X(openat) X(openat2) X(creat) X(execve) X(execveat) X(mmap) \
	X(unlink) X(rmdir) X(unlinkat) X(rename) X(renameat) X(renameat2) \
	X(link) X(linkat) X(symlink) X(symlinkat) X(mkdir) X(mkdirat) \
	X(mknod) X(mknodat) X(chmod) X(fchmodat) X(fchmodat2) X(fchmod) \
	X(chown) X(lchown) X(fchownat) X(fchown) X(truncate) X(ftruncate) \
	X(flock) X(fcntl) X(socket) X(socketpair) X(bind) X(connect) \
	X(sendto) X(sendmsg) X(listen) X(accept) X(accept4) X(setuid) \
	X(setgid) X(setreuid) X(setregid) X(setgroups) X(setresuid) \
	X(setresgid) X(setfsuid) X(setfsgid) X(capset) X(kill) X(tkill) \
	X(tgkill) X(ptrace) X(clone) X(unshare) X(clone3) X(personality) \
	X(prctl) X(seccomp) X(ioctl)
#define LP_BIT(nr, w) (((nr) >> 6) == (w) ? 1ULL << ((nr) & 63) : 0)
#define LP_W0(n) | LP_BIT(LP_NR_##n, 0)
#define LP_W1(n) | LP_BIT(LP_NR_##n, 1)
#define LP_W2(n) | LP_BIT(LP_NR_##n, 2)
#define LP_W3(n) | LP_BIT(LP_NR_##n, 3)
#define LP_W4(n) | LP_BIT(LP_NR_##n, 4)
#define LP_W5(n) | LP_BIT(LP_NR_##n, 5)
#define LP_W6(n) | LP_BIT(LP_NR_##n, 6)
#define LP_W7(n) | LP_BIT(LP_NR_##n, 7)

static const __u64 lp_decoded_bits[LP_NR_SPAN / 64] = {
	0 LP_DECODED(LP_W0), 0 LP_DECODED(LP_W1), 0 LP_DECODED(LP_W2),
	0 LP_DECODED(LP_W3), 0 LP_DECODED(LP_W4), 0 LP_DECODED(LP_W5),
	0 LP_DECODED(LP_W6), 0 LP_DECODED(LP_W7),
};

static __always_inline bool lp_decoded(long nr)
{
	return lp_decoded_bits[(nr >> 6) & 7] & (1ULL << (nr & 63));
}

/* Arguments and results of the decoded syscalls (lp_decoded). */
static __noinline void lp_decode(struct lp_task *t, struct pt_regs *regs,
				 long nr, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 a0, a1, a2, a3, a4, a5, u64v = 0;
	__u32 slot = t->slot;
	__s32 err;

	err = ret < 0 && ret >= -4095 ? (__s32)-ret : 0;
	a0 = regs->di;
	a1 = regs->si;
	a2 = regs->dx;
	a3 = regs->r10;
	a4 = regs->r8;
	a5 = regs->r9;

	switch (nr) {
	/* files */
	case LP_NR_open:		/* open(path, flags) */
		lp_open(slot, LP_AT_FDCWD, (const char *)a0, a1, ret);
		break;
	case LP_NR_openat:	/* openat(dirfd, path, flags) */
		lp_open(slot, (int)a0, (const char *)a1, a2, ret);
		break;
	case LP_NR_openat2:	/* openat2(dirfd, path, how) */
		if (a2)
			bpf_probe_read_user(&u64v, sizeof(u64v), (void *)a2);
		lp_open(slot, (int)a0, (const char *)a1, u64v, ret);
		break;
	case LP_NR_creat:	/* creat(path, mode) */
		lp_open(slot, LP_AT_FDCWD, (const char *)a0, 0101 | 01000, ret);
		break;
	case LP_NR_execve:	/* execve: success is seen at sched_process_exec */
		if (err)
			lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_EXEC, err);
		break;
	case LP_NR_execveat:	/* execveat(dirfd, path, ...) */
		if (err)
			lp_file_user(slot, (int)a0, (const char *)a1, LP_F_EXEC, err);
		break;
	case LP_NR_mmap:		/* mmap(addr, len, prot, flags, fd, off) */
		if ((a2 & LP_PROT_EXEC) && !(a3 & LP_MAP_ANONYMOUS) && !err)
			lp_file_fd(slot, lp_fd_file(task, (int)a4), LP_F_MMAP_EXEC, 0);
		break;
	case LP_NR_unlink:	/* unlink(path) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_DELETE, err);
		break;
	case LP_NR_rmdir:	/* rmdir(path) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_DELETE | LP_KF_DIR, err);
		break;
	case LP_NR_unlinkat:	/* unlinkat(dirfd, path, flags) */
		lp_file_user(slot, (int)a0, (const char *)a1,
			     LP_F_DELETE | (a2 & LP_AT_REMOVEDIR ? LP_KF_DIR : 0), err);
		break;
	case LP_NR_rename:	/* rename(old, new) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_RENAME, err);
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_RENAME, err);
		break;
	case LP_NR_renameat:	/* renameat(olddirfd, old, newdirfd, new) */
	case LP_NR_renameat2:	/* renameat2(..., flags) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_RENAME, err);
		lp_file_user(slot, (int)a2, (const char *)a3, LP_F_RENAME, err);
		break;
	case LP_NR_link:	/* link(old, new) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_LINK, err);
		break;
	case LP_NR_linkat:	/* linkat(olddirfd, old, newdirfd, new, flags) */
		lp_file_user(slot, (int)a2, (const char *)a3, LP_F_LINK, err);
		break;
	case LP_NR_symlink:	/* symlink(target, linkpath) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_CREATE, err);
		break;
	case LP_NR_symlinkat:	/* symlinkat(target, newdirfd, linkpath) */
		lp_file_user(slot, (int)a1, (const char *)a2, LP_F_CREATE, err);
		break;
	case LP_NR_mkdir:	/* mkdir(path, mode) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CREATE | LP_KF_DIR, err);
		break;
	case LP_NR_mkdirat:	/* mkdirat(dirfd, path, mode) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CREATE | LP_KF_DIR, err);
		break;
	case LP_NR_mknod:	/* mknod(path, mode, dev) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CREATE, err);
		break;
	case LP_NR_mknodat:	/* mknodat(dirfd, path, mode, dev) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CREATE, err);
		break;
	case LP_NR_chmod:	/* chmod(path, mode) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CHMOD, err);
		break;
	case LP_NR_fchmodat:	/* fchmodat(dirfd, path, mode) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CHMOD, err);
		break;
	case LP_NR_fchmodat2:	/* fchmodat2(dirfd, path, mode, flags) */
		lp_attr(slot, (int)a0, (const char *)a1,
			LP_F_CHMOD | (a3 & LP_AT_EMPTY_PATH) << 12, ret);
		break;
	case LP_NR_fchmod:	/* fchmod(fd, mode) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_CHMOD, err);
		break;
	case LP_NR_chown:	/* chown(path, uid, gid) */
	case LP_NR_lchown:	/* lchown(path, uid, gid) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CHOWN, err);
		break;
	case LP_NR_fchownat:	/* fchownat(dirfd, path, uid, gid, flags) */
		lp_attr(slot, (int)a0, (const char *)a1,
			LP_F_CHOWN | (a4 & LP_AT_EMPTY_PATH) << 12, ret);
		break;
	case LP_NR_fchown:	/* fchown(fd, uid, gid) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_CHOWN, err);
		break;
	case LP_NR_truncate:	/* truncate(path, len) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_WRITE, err);
		break;
	case LP_NR_ftruncate:	/* ftruncate(fd, len) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_WRITE, err);
		break;
	case LP_NR_flock:	/* flock(fd, op) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_LOCK, err);
		break;
	case LP_NR_fcntl:	/* fcntl(fd, cmd, ...): the locking commands */
		if (a1 == LP_FCNTL_SETLK || a1 == LP_FCNTL_SETLKW ||
		    a1 == LP_FCNTL_OFD_SETLK || a1 == LP_FCNTL_OFD_SETLKW)
			lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_LOCK, err);
		break;

	/* network */
	case LP_NR_socket:	/* socket(family, type, protocol) */
	case LP_NR_socketpair:	/* socketpair(family, type, protocol, sv) */
		lp_simple_fact(slot, LP_FACT_SOCKET, (__u32)a0, a1 & 0xf, a2, err);
		break;
	case LP_NR_bind:	/* bind(fd, addr, len) */
		lp_net_addr(slot, LP_FACT_BIND | (__u32)err << 16, (int)a0,
			    (const void *)a1, (__u32)a2);
		break;
	case LP_NR_connect:	/* connect(fd, addr, len) */
		lp_net_addr(slot, LP_FACT_CONNECT | (__u32)err << 16, (int)a0,
			    (const void *)a1, (__u32)a2);
		break;
	case LP_NR_sendto:	/* sendto(fd, buf, len, flags, addr, addrlen) */
		if (a4)
			lp_net_addr(slot, LP_FACT_SENDTO | (__u32)err << 16, (int)a0,
				    (const void *)a4, (__u32)a5);
		break;
	case LP_NR_sendmsg:	/* sendmsg(fd, msg, flags) */
		lp_sendmsg(slot, (int)a0, (const void *)a1, err);
		break;
	case LP_NR_listen:	/* listen(fd, backlog) */
		lp_net_sock(slot, LP_FACT_LISTEN, (int)a0, err);
		break;
	case LP_NR_accept:	/* accept(fd, ...) */
	case LP_NR_accept4:	/* accept4(fd, ...) */
		if (ret >= 0)
			lp_net_sock(slot, LP_FACT_ACCEPT, (int)ret, 0);
		break;

	/* identities */
	case LP_NR_setuid: case LP_NR_setgid: case LP_NR_setreuid: case LP_NR_setregid: case LP_NR_setgroups:
	case LP_NR_setresuid: case LP_NR_setresgid: case LP_NR_setfsuid: case LP_NR_setfsgid: case LP_NR_capset:
		lp_identity(slot, nr, a0, a1, (__u32)a2 | (__u64)(__u32)err << 32);
		break;

	/* signals that failed (the ones that worked are seen as generated) */
	case LP_NR_kill:	/* kill(pid, sig) */
	case LP_NR_tkill:	/* tkill(tid, sig) */
		if (err)
			lp_simple_fact(slot, LP_FACT_SIGNAL, (__u32)a1, LP_NO_SLOT, 0, err);
		break;
	case LP_NR_tgkill:	/* tgkill(tgid, tid, sig) */
		if (err)
			lp_simple_fact(slot, LP_FACT_SIGNAL, (__u32)a2, LP_NO_SLOT, 0, err);
		break;
	case LP_NR_ptrace:	/* ptrace(request, pid, ...) */
		lp_ptrace(slot, (long)a0, ret);
		break;

	/* pinnable arguments */
	case LP_NR_clone:	/* clone(flags, ...): the parent's return only */
	case LP_NR_unshare:	/* unshare(flags) */
		if (ret != 0 || nr == LP_NR_unshare)
			lp_simple_fact(slot, LP_FACT_CLONE, (__u32)nr, a0, 0, err);
		break;
	case LP_NR_clone3:	/* clone3(args, size) */
		if (ret != 0) {
			if (a0)
				bpf_probe_read_user(&u64v, sizeof(u64v), (void *)a0);
			lp_simple_fact(slot, LP_FACT_CLONE, (__u32)nr, u64v, 0, err);
		}
		break;
	case LP_NR_personality:	/* personality(persona) */
		lp_simple_fact(slot, LP_FACT_PERSONALITY, (__u32)a0, 0, 0, err);
		break;
	case LP_NR_prctl:	/* prctl(option, arg2, ...) */
		lp_simple_fact(slot, LP_FACT_PRCTL, (__u32)a0,
			       lp_prctl_arg((long)a0, a1), 0, err);
		if (a0 == LP_PR_SET_SECCOMP && a1 == LP_SECCOMP_MODE_FILTER && !err)
			t->slot = lp_slot_after_filter(slot);
		break;
	case LP_NR_seccomp:	/* seccomp(SECCOMP_SET_MODE_FILTER, ...) */
		if (a0 == LP_SECCOMP_SET_MODE_FILTER && !err)
			t->slot = lp_slot_after_filter(slot);
		break;
	case LP_NR_ioctl:	/* ioctl(fd, request, ...) */
		lp_ioctl(slot, (int)a0, a1, err);
		break;
	}
}

/*
 * Every syscall of the host ends here. A task that is not recorded costs
 * one task-storage lookup. A recorded one costs a per-CPU counter, and the
 * ~60 decoded syscalls (a bitmap test) a call to lp_decode.
 *
 * Counting at the exit sees each syscall once, with three exceptions: a
 * successful execve returns into the new program (counted by lp_exec, which
 * sets LP_TASK_EXECED), exit and exit_group never return (counted by
 * lp_exit), and rt_sigreturn has restored orig_ax to -1.
 */
SEC("tp_btf/sys_exit")
int BPF_PROG(lp_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = lp_target(task);
	long nr;

	if (!t)
		return 0;
	if (t->flags & LP_TASK_EXECED) {
		t->flags &= ~LP_TASK_EXECED;
		return 0;
	}
	nr = regs->orig_ax;
	if (nr == -1)
		nr = task->thread_info.status & TS_COMPAT ?
		     LP_NR32_rt_sigreturn : LP_NR_rt_sigreturn;
	if (!lp_count(t->slot, task, nr) || !decode_args || !lp_decoded(nr))
		return 0;
	lp_decode(t, regs, nr, ret);
	return 0;
}

/* ---- processes -------------------------------------------------------- */

SEC("tp_btf/sched_process_fork")
int BPF_PROG(lp_fork, struct task_struct *parent, struct task_struct *child)
{
	struct lp_task *pt, *ct;

	pt = bpf_task_storage_get(&tasks, parent, 0, 0);
	if (!pt)
		return 0;
	ct = bpf_task_storage_get(&tasks, child, 0,
				  BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ct) {
		lp_lose(LP_LOST_TASKS);
		return 0;
	}
	ct->slot = pt->slot;
	ct->flags = pt->flags & ~LP_TASK_EXECED;
	return 0;
}

static __noinline void lp_exec_event(struct task_struct *p, __u32 parent_slot,
				     __u32 slot)
{
	struct lp_seen_key k = {};
	struct lp_ev_exec e = {};

	e.type = LP_EV_EXEC;
	e.slot = slot;
	e.parent_slot = parent_slot;
	e.uid = BPF_CORE_READ(p, cred, uid.val);
	e.euid = BPF_CORE_READ(p, cred, euid.val);
	e.gid = BPF_CORE_READ(p, cred, gid.val);
	e.egid = BPF_CORE_READ(p, cred, egid.val);
	e.no_new_privs = BPF_CORE_READ(p, atomic_flags) & 1;	/* PFA_NO_NEW_PRIVS */
	bpf_probe_read_user_str(e.argv0, sizeof(e.argv0),
				(void *)BPF_CORE_READ(p, mm, arg_start));
	k.slot = slot;
	k.type = LP_EV_EXEC;
	k.a = parent_slot;
	k.b = e.uid | (__u64)e.euid << 32;
	k.kinds = e.gid;
	k.err = e.no_new_privs;
	if (!lp_first_sighting(&k))
		return;
	lp_send(&e, sizeof(e), &k);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(lp_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct lp_task *t;
	struct pt_regs *regs;
	__u32 parent_slot = LP_NO_SLOT;
	bool fresh = false;

	t = bpf_task_storage_get(&tasks, p, 0, 0);
	if (!t) {
		if (!(root_tgid && p->tgid == root_tgid) &&
		    !lp_in_target_cgroup(p))
			return 0;
		t = bpf_task_storage_get(&tasks, p, 0,
					 BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!t) {
			lp_lose(LP_LOST_TASKS);
			return 0;
		}
		fresh = true;
	} else {
		parent_slot = t->slot;
	}
	t->slot = lp_slot_for_file(BPF_CORE_READ(bprm, file));
	lp_mark_ran(t->slot);
	/* The execve is counted here, for the program that made it; its
	 * sys_exit, in the new program, is skipped. The exec that starts the
	 * workload ran before the task was a target: it counts for the new
	 * program, which is where a filter installed before that exec has to
	 * allow it. */
	regs = (struct pt_regs *)bpf_task_pt_regs(p);
	lp_count(fresh ? t->slot : parent_slot, p, BPF_CORE_READ(regs, orig_ax));
	t->flags |= LP_TASK_EXECED;
	lp_exec_event(p, parent_slot, t->slot);
	return 0;
}

/* exit and exit_group do not return to sys_exit: count them as the task
 * dies inside one (orig_ax holds it, ax still -ENOSYS from the entry). A
 * task killed by a signal dies elsewhere, or after its syscall returned. */
static __always_inline bool lp_in_exit_syscall(struct task_struct *task,
					       struct pt_regs *regs)
{
	long nr = BPF_CORE_READ(regs, orig_ax);

	if (BPF_CORE_READ(regs, ax) != -LP_ENOSYS)
		return false;
	if (task->thread_info.status & TS_COMPAT)
		return nr == LP_NR32_exit || nr == LP_NR32_exit_group;
	nr &= ~LP_X32_SYSCALL_BIT;
	return nr == LP_NR_exit || nr == LP_NR_exit_group;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(lp_exit, struct task_struct *p)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = bpf_task_storage_get(&tasks, task, 0, 0);
	struct pt_regs *regs;

	if (!t)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (lp_in_exit_syscall(task, regs))
		lp_count(t->slot, task, BPF_CORE_READ(regs, orig_ax));
	return 0;
}

/* ---- capabilities and signals (optional hooks) ----------------------- */

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 2048);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, LP_CAP_STACK_DEPTH * sizeof(__u64));
} cap_stacks SEC(".maps");

SEC("tp_btf/cap_capable")
int BPF_PROG(lp_cap_capable, const struct cred *cred,
	     struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = bpf_task_storage_get(&tasks, task, 0, 0);
	struct pt_regs *regs;

	if (!t)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	lp_simple_fact(t->slot, LP_FACT_CAP,
		       (__u32)cap | (task->thread_info.status & TS_COMPAT ?
				     LP_ABI_I386 : LP_ABI_X86_64) << 16,
		       (__u64)BPF_CORE_READ(regs, orig_ax),
		       (__u64)bpf_get_stackid(ctx, &cap_stacks, 0),
		       ret < 0 ? -ret : 0);
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(lp_signal_generate, int sig, struct kernel_siginfo *info,
	     struct task_struct *target, int group, int result)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = bpf_task_storage_get(&tasks, task, 0, 0);

	if (!t)
		return 0;
	/* Only signals a program sent: SEND_SIG_NOINFO (0) or si_code <= 0.
	 * SEND_SIG_PRIV (1) and positive codes come from the kernel. */
	if ((unsigned long)info == 1)
		return 0;
	if ((unsigned long)info > 1 && BPF_CORE_READ(info, si_code) > 0)
		return 0;
	lp_simple_fact(t->slot, LP_FACT_SIGNAL, (__u32)sig, lp_peer_slot(target), 0, 0);
	return 0;
}
