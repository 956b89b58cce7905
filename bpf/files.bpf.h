/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * File facts: which paths a program opened, created, removed, renamed,
 * linked, chmod'ed, locked, executed or mapped executable, and with which
 * result. Sent once per (program, object, kinds, result).
 */
#ifndef LEARNPROF_FILES_BPF_H
#define LEARNPROF_FILES_BPF_H

#define LP_O_ACCMODE 00000003
#define LP_O_WRONLY 00000001
#define LP_O_RDWR 00000002
#define LP_O_CREAT 00000100
#define LP_O_TRUNC 00001000
#define LP_O_APPEND 00002000
#define LP_O_PATH 010000000

/* Access kinds of an open(2) flags word. */
static __always_inline __u32 lp_open_kinds(__u64 flags)
{
	__u32 k = 0;

	if (flags & LP_O_PATH)
		return 0;	/* a handle, not an access */
	switch (flags & LP_O_ACCMODE) {
	case LP_O_WRONLY: k = LP_F_WRITE; break;
	case LP_O_RDWR: k = LP_F_READ | LP_F_WRITE; break;
	default: k = LP_F_READ; break;
	}
	if ((flags & LP_O_APPEND) && (k & LP_F_WRITE))
		k = (k & ~LP_F_WRITE) | LP_F_APPEND;
	if (flags & LP_O_TRUNC)
		k = (k & ~LP_F_APPEND) | LP_F_WRITE;
	if (flags & LP_O_CREAT)
		k |= LP_F_CREATE;
	return k;
}

struct lp_hash_ctx {
	__u32 start, end;
	__u64 h;
};

/* Positions come from the iteration number, not from state carried in the
 * context, so that the verifier sees every iteration alike. */
static long lp_hash_step(__u32 i, void *data)
{
	struct lp_hash_ctx *c = data;
	struct lp_scratch *s;
	__u32 zero = 0, pos = c->start + i * 8, p;
	__u64 v;

	if (pos >= c->end)
		return 1;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 1;
	p = pos & (2 * LP_PATH_MAX - 1);
	if (p > 2 * LP_PATH_MAX - 8)
		return 1;
	v = *(__u64 *)(s->buf + p);
	if (c->end - pos < 8)	/* ignore bytes past the NUL */
		v &= (1ULL << ((c->end - pos) * 8)) - 1;
	c->h = (c->h ^ v) * 1099511628211ULL;
	return 0;
}

/* A hash (FNV-1a over words) of the scratch bytes at [start, end). */
static __always_inline __u64 lp_hash_scratch(__u32 start, __u32 end)
{
	struct lp_hash_ctx c = { .start = start, .end = end,
				 .h = 1469598103934665603ULL };

	bpf_loop(LP_PATH_MAX / 8, lp_hash_step, &c, 0);
	return c.h;
}

/* A hash of the scratch path at [off, LP_PATH_MAX - 1). */
static __always_inline __u64 lp_hash_path(__u32 off)
{
	return lp_hash_scratch(off, LP_PATH_MAX - 1);
}

/* Copy the scratch path into an event and send it. */
static __always_inline bool lp_send_file(struct lp_seen_key *k, __u32 off,
					 __u32 len, __u32 flags)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_ev_file *e;
	struct lp_scratch *s;
	__u32 zero = 0;

	e = bpf_map_lookup_elem(&ev_file_buf, &zero);
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!e || !s)
		return false;
	len &= LP_PATH_MAX - 1;
	e->type = LP_EV_FILE;
	e->slot = k->slot;
	e->kinds = k->kinds;
	e->err = k->err;
	e->flags = flags;
	e->ns_tgid = lp_ns_pid(BPF_CORE_READ(task, group_leader));
	e->ns_tid = lp_ns_pid(task);
	e->len = len;
	bpf_probe_read_kernel(e->path, len + 1, s->buf + (off & (LP_PATH_MAX - 1)));
	return lp_send(e, offsetof(struct lp_ev_file, path) + len + 1, k);
}

/* A fact about an open file. */
static __noinline void lp_file_fd(__u32 slot, struct file *f, __u32 kinds,
				  __s32 err)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_seen_key k = {};
	__u32 off = 0, flags = 0, len;
	struct inode *ino;

	if (!f || !kinds)
		return;
	ino = f->f_inode;
	k.slot = slot;
	k.type = LP_EV_FILE;
	k.kinds = kinds;
	k.err = err;
	k.a = ino->i_ino;
	/* A new file may get a just-freed inode number; ext4, tmpfs and
	 * most other file systems give it a new generation then. */
	k.b = ino->i_sb->s_dev | ((__u64)ino->i_generation << 32);
	if (!lp_first_sighting(&k))
		return;
	len = lp_resolve_file(task, f, &off, &flags);
	lp_send_file(&k, off, len, flags);
}

/* Path flags ride in the high bits of the kinds argument of lp_file_user
 * (BPF calls take five arguments at most). */
#define LP_KF_DIR (LP_PATH_DIR << 20)

/*
 * Path strings already reported, before any walk: the loader's and
 * interpreters' searches fail with ENOENT on the same names thousands of
 * times. The key is what the resolved path depends on: the string (a hash
 * and its length), the directory it is relative to (dirfd's or the cwd's
 * dentry, or the root's for an absolute path), the kinds and the result.
 */
struct lp_upath_key {
	__u32 slot;
	__u32 kinds;
	__s32 err;
	__u32 len;
	__u64 hash;
	__u64 base;	/* the struct dentry * the string starts from */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, LP_UPATH_MAX);
	__type(key, struct lp_upath_key);
	__type(value, __u8);
} upath_seen SEC(".maps");

/* The dentry a path string starts from, or 0 when dirfd is not open. */
static __always_inline __u64 lp_upath_base(struct task_struct *task,
					   int dirfd, char first)
{
	struct file *df;

	if (first == '/')
		return (__u64)task->fs->root.dentry;
	if (dirfd == LP_AT_FDCWD)
		return (__u64)task->fs->pwd.dentry;
	df = lp_fd_file(task, dirfd);
	return df ? (__u64)df->f_path.dentry : 0;
}

/* Fill @k for the string at @upath (read into the scratch's second half);
 * false when there is no string. */
static __always_inline bool lp_upath_key(struct task_struct *task, int dirfd,
					 const char *upath,
					 struct lp_upath_key *k)
{
	struct lp_scratch *s;
	__u32 zero = 0;
	long n;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || !upath)
		return false;
	n = bpf_probe_read_user_str(s->buf + LP_PATH_MAX, LP_PATH_MAX, upath);
	if (n <= 1)
		return false;
	k->len = (__u32)n;
	k->hash = lp_hash_scratch(LP_PATH_MAX, LP_PATH_MAX + (__u32)n - 1);
	k->base = lp_upath_base(task, dirfd, s->buf[LP_PATH_MAX]);
	return true;
}

/* A fact about a path given as a string (failed calls, removed objects). */
static __noinline void lp_file_user(__u32 slot, int dirfd, const char *upath,
				    __u32 kinds, __s32 err)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 off = 0, flags = 0, len, extra_flags = kinds >> 20;
	struct lp_upath_key uk = {};
	struct lp_seen_key k = {};
	__u64 base = 0;
	__u8 one = 1;

	kinds &= (1U << 20) - 1;
	if (!kinds)
		return;
	uk.slot = slot;
	uk.kinds = kinds;
	uk.err = err;
	if (!lp_upath_key(task, dirfd, upath, &uk) ||
	    bpf_map_lookup_elem(&upath_seen, &uk))
		return;
	len = lp_resolve_user(task, dirfd, upath, &off, &flags, &base);
	if (!len)
		return;
	k.slot = slot;
	k.type = LP_EV_FILE;
	k.kinds = kinds;
	k.err = err;
	k.a = lp_hash_path(off);
	k.b = len;
	if (lp_first_sighting(&k) &&
	    !lp_send_file(&k, off, len, flags | extra_flags))
		return;	/* not sent: let a later call try again */
	bpf_map_update_elem(&upath_seen, &uk, &one, BPF_ANY);
}

#endif /* LEARNPROF_FILES_BPF_H */
