// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof's kernel side: tracepoint programs that record what the target
 * tasks do, per executable.
 *
 *   tp_btf/sys_enter            count syscalls (per program and ABI, in maps)
 *   tp_btf/sys_exit             decode arguments and results: files, network,
 *                               identities, clone/personality/prctl/ioctl
 *   tp_btf/sched_process_fork   follow the process tree
 *   tp_btf/sched_process_exec   executables and the exec tree
 *   tp_btf/cap_capable          capability checks (optional, Linux 6.14+)
 *   tp_btf/signal_generate      signals sent, with their receiver (optional)
 *
 * All are plain tracepoints: no kprobe, fentry or LSM program is needed.
 * Arguments are decoded for the x86_64 ABI; i386 and x32 syscalls are
 * counted but not decoded.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "learnprof_abi.h"
#include "target.bpf.h"
#include "events.bpf.h"
#include "path.bpf.h"
#include "files.bpf.h"
#include "net.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TS_COMPAT 0x0002	/* arch/x86/include/asm/thread_info.h */

const volatile __u32 max_programs = 1024;

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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1024 * LP_NR_SPAN);	/* = max_programs * LP_NR_SPAN */
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 8192);
	__type(key, struct lp_rare_key);
	__type(value, __u64);
} rare_counts SEC(".maps");

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

static __always_inline void lp_count(struct lp_task *t,
				     struct task_struct *task, long id)
{
	struct lp_rare_key rk = {};
	__u64 *c, one = 1;
	__u32 idx;

	if (task->thread_info.status & TS_COMPAT) {
		rk.abi = LP_ABI_I386;
		rk.nr = (__u64)id;
	} else if ((__u64)id & LP_X32_SYSCALL_BIT) {
		rk.abi = LP_ABI_X32;
		rk.nr = (__u64)id & ~LP_X32_SYSCALL_BIT;
	} else if ((__u64)id < LP_NR_SPAN) {
		idx = t->slot * LP_NR_SPAN + (__u32)id;
		c = bpf_map_lookup_elem(&counts, &idx);
		if (c)
			__sync_fetch_and_add(c, 1);
		return;
	} else {
		rk.abi = LP_ABI_X86_64;
		rk.nr = (__u64)id;
	}
	rk.slot = t->slot;
	c = bpf_map_lookup_elem(&rare_counts, &rk);
	if (c) {
		__sync_fetch_and_add(c, 1);
		return;
	}
	if (bpf_map_update_elem(&rare_counts, &rk, &one, BPF_NOEXIST)) {
		c = bpf_map_lookup_elem(&rare_counts, &rk);
		if (c)
			__sync_fetch_and_add(c, 1);
		else
			lp_lose(LP_LOST_RARE);
	}
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

SEC("tp_btf/sys_enter")
int BPF_PROG(lp_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t;

	t = bpf_task_storage_get(&tasks, task, 0, 0);
	if (!t) {
		if (!cgroup_mode || !lp_in_target_cgroup(task))
			return 0;
		t = lp_adopt(task);
		if (!t)
			return 0;
	}
	lp_count(t, task, id);
	return 0;
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
	if (nr == 126) {	/* capset(hdr, data): effective and permitted */
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

	if (ret == 0 && (request == 16 || request == 0x4206)) {
		/* PTRACE_ATTACH/SEIZE put the tracee first on ->ptraced. */
		first = BPF_CORE_READ(task, ptraced.next);
		peer = (struct task_struct *)((char *)first -
			bpf_core_field_offset(struct task_struct, ptrace_entry));
	} else if (ret == 0 && request == 0) {
		peer = BPF_CORE_READ(task, parent);	/* PTRACE_TRACEME */
	}
	lp_simple_fact(slot, LP_FACT_PTRACE, (__u32)request, lp_peer_slot(peer), 0,
		       ret < 0 ? (__s32)-ret : 0);
}

static __always_inline __u64 lp_prctl_arg(long option, __u64 arg2)
{
	switch (option) {
	case 1:  /* PR_SET_PDEATHSIG */
	case 4:  /* PR_SET_DUMPABLE */
	case 8:  /* PR_SET_KEEPCAPS */
	case 22: /* PR_SET_SECCOMP */
	case 24: /* PR_CAPBSET_DROP */
	case 28: /* PR_SET_SECUREBITS */
	case 36: /* PR_SET_CHILD_SUBREAPER */
	case 38: /* PR_SET_NO_NEW_PRIVS */
	case 47: /* PR_CAP_AMBIENT */
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

SEC("tp_btf/sys_exit")
int BPF_PROG(lp_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 a0, a1, a2, a3, a4, a5, u64v = 0;
	struct lp_task *t;
	__s32 err;
	__u32 slot;
	long nr;

	t = bpf_task_storage_get(&tasks, task, 0, 0);
	if (!t)
		return 0;
	if (task->thread_info.status & TS_COMPAT)
		return 0;
	nr = regs->orig_ax;
	if ((__u64)nr >= LP_NR_SPAN)
		return 0;	/* x32 and unknown numbers are only counted */
	slot = t->slot;
	err = ret < 0 && ret >= -4095 ? (__s32)-ret : 0;
	a0 = regs->di;
	a1 = regs->si;
	a2 = regs->dx;
	a3 = regs->r10;
	a4 = regs->r8;
	a5 = regs->r9;

	switch (nr) {
	/* files */
	case 2:		/* open(path, flags) */
		lp_open(slot, LP_AT_FDCWD, (const char *)a0, a1, ret);
		break;
	case 257:	/* openat(dirfd, path, flags) */
		lp_open(slot, (int)a0, (const char *)a1, a2, ret);
		break;
	case 437:	/* openat2(dirfd, path, how) */
		if (a2)
			bpf_probe_read_user(&u64v, sizeof(u64v), (void *)a2);
		lp_open(slot, (int)a0, (const char *)a1, u64v, ret);
		break;
	case 85:	/* creat(path, mode) */
		lp_open(slot, LP_AT_FDCWD, (const char *)a0, 0101 | 01000, ret);
		break;
	case 59:	/* execve: success is seen at sched_process_exec */
		if (err)
			lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_EXEC, err);
		break;
	case 322:	/* execveat(dirfd, path, ...) */
		if (err)
			lp_file_user(slot, (int)a0, (const char *)a1, LP_F_EXEC, err);
		break;
	case 9:		/* mmap(addr, len, prot, flags, fd, off) */
		if ((a2 & LP_PROT_EXEC) && !(a3 & LP_MAP_ANONYMOUS) && !err)
			lp_file_fd(slot, lp_fd_file(task, (int)a4), LP_F_MMAP_EXEC, 0);
		break;
	case 87:	/* unlink(path) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_DELETE, err);
		break;
	case 84:	/* rmdir(path) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_DELETE | LP_KF_DIR, err);
		break;
	case 263:	/* unlinkat(dirfd, path, flags) */
		lp_file_user(slot, (int)a0, (const char *)a1,
			     LP_F_DELETE | (a2 & LP_AT_REMOVEDIR ? LP_KF_DIR : 0), err);
		break;
	case 82:	/* rename(old, new) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_RENAME, err);
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_RENAME, err);
		break;
	case 264:	/* renameat(olddirfd, old, newdirfd, new) */
	case 316:	/* renameat2(..., flags) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_RENAME, err);
		lp_file_user(slot, (int)a2, (const char *)a3, LP_F_RENAME, err);
		break;
	case 86:	/* link(old, new) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_LINK, err);
		break;
	case 265:	/* linkat(olddirfd, old, newdirfd, new, flags) */
		lp_file_user(slot, (int)a2, (const char *)a3, LP_F_LINK, err);
		break;
	case 88:	/* symlink(target, linkpath) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a1, LP_F_CREATE, err);
		break;
	case 266:	/* symlinkat(target, newdirfd, linkpath) */
		lp_file_user(slot, (int)a1, (const char *)a2, LP_F_CREATE, err);
		break;
	case 83:	/* mkdir(path, mode) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CREATE | LP_KF_DIR, err);
		break;
	case 258:	/* mkdirat(dirfd, path, mode) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CREATE | LP_KF_DIR, err);
		break;
	case 133:	/* mknod(path, mode, dev) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CREATE, err);
		break;
	case 259:	/* mknodat(dirfd, path, mode, dev) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CREATE, err);
		break;
	case 90:	/* chmod(path, mode) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CHMOD, err);
		break;
	case 268:	/* fchmodat(dirfd, path, mode) */
		lp_file_user(slot, (int)a0, (const char *)a1, LP_F_CHMOD, err);
		break;
	case 452:	/* fchmodat2(dirfd, path, mode, flags) */
		lp_attr(slot, (int)a0, (const char *)a1,
			LP_F_CHMOD | (a3 & LP_AT_EMPTY_PATH) << 12, ret);
		break;
	case 91:	/* fchmod(fd, mode) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_CHMOD, err);
		break;
	case 92:	/* chown(path, uid, gid) */
	case 94:	/* lchown(path, uid, gid) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_CHOWN, err);
		break;
	case 260:	/* fchownat(dirfd, path, uid, gid, flags) */
		lp_attr(slot, (int)a0, (const char *)a1,
			LP_F_CHOWN | (a4 & LP_AT_EMPTY_PATH) << 12, ret);
		break;
	case 93:	/* fchown(fd, uid, gid) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_CHOWN, err);
		break;
	case 76:	/* truncate(path, len) */
		lp_file_user(slot, LP_AT_FDCWD, (const char *)a0, LP_F_WRITE, err);
		break;
	case 77:	/* ftruncate(fd, len) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_WRITE, err);
		break;
	case 73:	/* flock(fd, op) */
		lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_LOCK, err);
		break;
	case 72:	/* fcntl(fd, cmd, ...): the locking commands */
		if (a1 == 6 || a1 == 7 || a1 == 37 || a1 == 38)
			lp_file_fd(slot, lp_fd_file(task, (int)a0), LP_F_LOCK, err);
		break;

	/* network */
	case 41:	/* socket(family, type, protocol) */
	case 53:	/* socketpair(family, type, protocol, sv) */
		lp_simple_fact(slot, LP_FACT_SOCKET, (__u32)a0, a1 & 0xf, a2, err);
		break;
	case 49:	/* bind(fd, addr, len) */
		lp_net_addr(slot, LP_FACT_BIND | (__u32)err << 16, (int)a0,
			    (const void *)a1, (__u32)a2);
		break;
	case 42:	/* connect(fd, addr, len) */
		lp_net_addr(slot, LP_FACT_CONNECT | (__u32)err << 16, (int)a0,
			    (const void *)a1, (__u32)a2);
		break;
	case 44:	/* sendto(fd, buf, len, flags, addr, addrlen) */
		if (a4)
			lp_net_addr(slot, LP_FACT_SENDTO | (__u32)err << 16, (int)a0,
				    (const void *)a4, (__u32)a5);
		break;
	case 46:	/* sendmsg(fd, msg, flags) */
		lp_sendmsg(slot, (int)a0, (const void *)a1, err);
		break;
	case 50:	/* listen(fd, backlog) */
		lp_net_sock(slot, LP_FACT_LISTEN, (int)a0, err);
		break;
	case 43:	/* accept(fd, ...) */
	case 288:	/* accept4(fd, ...) */
		if (ret >= 0)
			lp_net_sock(slot, LP_FACT_ACCEPT, (int)ret, 0);
		break;

	/* identities */
	case 105: case 106: case 113: case 114: case 116:
	case 117: case 119: case 122: case 123: case 126:
		lp_identity(slot, nr, a0, a1, (__u32)a2 | (__u64)(__u32)err << 32);
		break;

	/* signals that failed (the ones that worked are seen as generated) */
	case 62:	/* kill(pid, sig) */
	case 200:	/* tkill(tid, sig) */
		if (err)
			lp_simple_fact(slot, LP_FACT_SIGNAL, (__u32)a1, LP_NO_SLOT, 0, err);
		break;
	case 234:	/* tgkill(tgid, tid, sig) */
		if (err)
			lp_simple_fact(slot, LP_FACT_SIGNAL, (__u32)a2, LP_NO_SLOT, 0, err);
		break;
	case 101:	/* ptrace(request, pid, ...) */
		lp_ptrace(slot, (long)a0, ret);
		break;

	/* pinnable arguments */
	case 56:	/* clone(flags, ...): the parent's return only */
	case 272:	/* unshare(flags) */
		if (ret != 0 || nr == 272)
			lp_simple_fact(slot, LP_FACT_CLONE, (__u32)nr, a0, 0, err);
		break;
	case 435:	/* clone3(args, size) */
		if (ret != 0) {
			if (a0)
				bpf_probe_read_user(&u64v, sizeof(u64v), (void *)a0);
			lp_simple_fact(slot, LP_FACT_CLONE, (__u32)nr, u64v, 0, err);
		}
		break;
	case 135:	/* personality(persona) */
		lp_simple_fact(slot, LP_FACT_PERSONALITY, (__u32)a0, 0, 0, err);
		break;
	case 157:	/* prctl(option, arg2, ...) */
		lp_simple_fact(slot, LP_FACT_PRCTL, (__u32)a0,
			       lp_prctl_arg((long)a0, a1), 0, err);
		/* PR_SET_SECCOMP, SECCOMP_MODE_FILTER */
		if (a0 == 22 && a1 == 2 && !err)
			t->slot = lp_slot_after_filter(slot);
		break;
	case 317:	/* seccomp(SECCOMP_SET_MODE_FILTER, ...) */
		if (a0 == 1 && !err)
			t->slot = lp_slot_after_filter(slot);
		break;
	case 16:	/* ioctl(fd, request, ...) */
		lp_ioctl(slot, (int)a0, a1, err);
		break;
	}
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
	ct->flags = pt->flags;
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
	if (fresh) {
		/* The exec that starts the workload ran before the task was a
		 * target; count it for the new program, which is where a
		 * filter installed before that exec has to allow it. */
		regs = (struct pt_regs *)bpf_task_pt_regs(p);
		lp_count(t, p, BPF_CORE_READ(regs, orig_ax));
	}
	lp_exec_event(p, parent_slot, t->slot);
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
