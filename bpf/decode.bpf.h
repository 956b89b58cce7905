/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * sys_exit's decoding (learnprof.bpf.c includes it where it is used): the
 * arguments and results of the ~60 syscalls a profile needs to know more
 * of than their number: files (with their paths), network endpoints,
 * identities, ptrace, ioctl, clone/personality/prctl values, and the
 * switch to a program's post-filter slot. Only x86_64 is decoded.
 */
#ifndef LEARNPROF_DECODE_BPF_H
#define LEARNPROF_DECODE_BPF_H

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

/* A seccomp filter took effect: the task's program continues in the
 * companion slot of its program. */
static __noinline void lp_after_filter(__u32 slot)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = bpf_task_storage_get(&tasks, task, 0, 0);

	if (!t)
		return;
	t->slot = lp_slot_after_filter(slot);
	lp_forget_task(task->pid);
}

/* Arguments and results of the decoded syscalls (lp_decoded_bits). */
static __noinline void lp_decode(__u32 slot, struct pt_regs *regs, long nr,
				 long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 a0, a1, a2, a3, a4, a5, u64v = 0;
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
			lp_after_filter(slot);
		break;
	case LP_NR_seccomp:	/* seccomp(SECCOMP_SET_MODE_FILTER, ...) */
		if (a0 == LP_SECCOMP_SET_MODE_FILTER && !err)
			lp_after_filter(slot);
		break;
	case LP_NR_ioctl:	/* ioctl(fd, request, ...) */
		lp_ioctl(slot, (int)a0, a1, err);
		break;
	}
}

#endif /* LEARNPROF_DECODE_BPF_H */
