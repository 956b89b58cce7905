/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Canonical paths from the kernel's own objects: walk a struct path's
 * dentries up to the task's root, crossing mounts, writing the components
 * backwards into a per-CPU scratch buffer. The result is what the kernel
 * resolved (symlinks followed, ".." gone, relative to the task's root, so a
 * container's files read as the container sees them), never the string the
 * program passed.
 *
 * When there is no object to walk (the call failed, or unlinked it), the
 * string the program passed is joined to the walked path of its directory
 * (dirfd or cwd) and marked LP_PATH_UNRESOLVED; userspace removes "." and
 * ".." lexically.
 *
 * bpf_d_path() would do this, but it is allowed only in LSM and fentry
 * programs, which this project cannot rely on (see DESIGN.md).
 */
#ifndef LEARNPROF_PATH_BPF_H
#define LEARNPROF_PATH_BPF_H

#define LP_NAME_MAX 255

/* Turn an address into a typed pointer the verifier lets us load through
 * directly (one instruction each, faults read as 0), instead of a helper
 * call per field: the walk below is on the hot path of every new file. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#define LP_CAST(type, p) \
	((type *)bpf_rdonly_cast((void *)(p), bpf_core_type_id_kernel(type)))
#define LP_AT_FDCWD -100
#define LP_PROC_SUPER_MAGIC 0x9fa0
#define LP_S_IFMT 00170000
#define LP_S_IFDIR 0040000

/* Scratch: a path is built right to left, ending at LP_PATH_MAX - 1. The
 * buffer is twice as large so that masked offsets plus a name always fit;
 * its second half also holds a user string while it is read. */
struct lp_scratch {
	char buf[2 * LP_PATH_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lp_scratch);
} scratch SEC(".maps");

struct lp_walk {
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	__u32 off;	/* first byte of the path built so far */
	__u32 flags;	/* LP_PATH_* */
	__u32 done;
	__u32 leaf;	/* the first component is the object itself */
};

static __always_inline struct mount *lp_real_mount(struct vfsmount *vfsmnt)
{
	return (struct mount *)((char *)vfsmnt -
				bpf_core_field_offset(struct mount, mnt));
}

/* Prepend "/name" to the path; returns 1 when the buffer is full. */
static __always_inline int lp_prepend(struct lp_walk *w, struct dentry *d)
{
	__u32 zero = 0, len;
	struct lp_scratch *s;
	const unsigned char *name;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 1;
	len = d->d_name.len;
	name = d->d_name.name;
	if (len > LP_NAME_MAX || w->off < len + 2) {
		w->flags |= LP_PATH_TRUNCATED;
		return 1;
	}
	w->off -= len;
	if (bpf_probe_read_kernel(s->buf + (w->off & (LP_PATH_MAX - 1)),
				  len & LP_NAME_MAX, name))
		w->flags |= LP_PATH_FAULT;
	w->off -= 1;
	s->buf[w->off & (LP_PATH_MAX - 1)] = '/';
	return 0;
}

static long lp_walk_step(__u32 i, void *data)
{
	struct lp_walk *w = data;
	struct dentry *d = w->dentry, *parent;
	struct vfsmount *vfsmnt = w->vfsmnt;
	struct mount *mnt = w->mnt, *pm;

	if (!d || !vfsmnt || !mnt) {
		w->flags |= LP_PATH_FAULT;
		w->done = 1;
		return 1;
	}
	if (d == w->root_dentry && vfsmnt == w->root_mnt) {
		w->done = 1;
		return 1;
	}
	if (d == vfsmnt->mnt_root) {
		pm = mnt->mnt_parent;
		if (pm == mnt || !pm) {
			/* The top of a mount tree that is not our root:
			 * an internal mount or another namespace. A file that
			 * is itself such a mount (a detached bind mount of one
			 * file) still has its own name. */
			w->flags |= LP_PATH_DETACHED;
			w->done = 1;
			if (w->leaf && i == 0 && d->d_name.len &&
			    !(d->d_name.len == 1 && d->d_parent == d))
				lp_prepend(w, d);
			return 1;
		}
		w->dentry = mnt->mnt_mountpoint;
		w->mnt = pm;
		w->vfsmnt = &pm->mnt;
		return 0;
	}
	parent = d->d_parent;
	if (w->leaf && i == 0 && !d->d_hash.pprev && parent != d)
		w->flags |= LP_PATH_DELETED;
	if (lp_prepend(w, d)) {
		w->done = 1;
		return 1;
	}
	if (parent == d || !parent) {
		/* A disconnected dentry (pipe, socket, memfd): its name is
		 * all there is. */
		w->flags |= LP_PATH_DETACHED;
		w->done = 1;
		return 1;
	}
	w->dentry = parent;
	return 0;
}

/* Walk @path (a kernel struct path) from @task's root, prepending before
 * *off in the scratch buffer. */
static __always_inline void lp_walk_path(struct task_struct *task,
					 const struct path *path, __u32 *off,
					 __u32 *flags, bool leaf)
{
	struct lp_walk w = {};
	struct fs_struct *fs = task->fs;

	w.dentry = path->dentry;
	w.vfsmnt = path->mnt;
	w.mnt = LP_CAST(struct mount, lp_real_mount(w.vfsmnt));
	w.root_dentry = fs->root.dentry;
	w.root_mnt = fs->root.mnt;
	w.off = *off;
	w.flags = *flags;
	w.leaf = leaf;
	bpf_loop(LP_PATH_DEPTH, lp_walk_step, &w, 0);
	if (!w.done)
		w.flags |= LP_PATH_TRUNCATED;
	*off = w.off & (LP_PATH_MAX - 1);
	*flags = w.flags;
}

/*
 * Resolve @path as seen from @task's root. On return the path is the
 * NUL-terminated string at scratch.buf + *off; the return value is its
 * length. Flags are LP_PATH_*.
 */
static __always_inline __u32 lp_resolve(struct task_struct *task,
					const struct path *path, __u32 *off,
					__u32 *flags)
{
	struct lp_scratch *s;
	__u32 zero = 0, o = LP_PATH_MAX - 1;

	*flags = 0;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	s->buf[LP_PATH_MAX - 1] = '\0';
	lp_walk_path(task, path, &o, flags, true);
	if (o == LP_PATH_MAX - 1) {
		/* The root itself. */
		o -= 1;
		s->buf[o & (LP_PATH_MAX - 1)] = '/';
	}
	*off = o & (LP_PATH_MAX - 1);
	return LP_PATH_MAX - 1 - *off;
}

/* The file behind fd in task's table, or NULL. */
static __always_inline struct file *lp_fd_file(struct task_struct *task, int fd)
{
	struct fdtable *fdt;
	struct file *f = NULL;

	if (fd < 0)
		return NULL;
	fdt = task->files->fdt;
	if (!fdt || (unsigned)fd >= fdt->max_fds)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fdt->fd[fd]);
	return f ? LP_CAST(struct file, f) : NULL;
}

/* Flags that describe the object behind a file. */
static __always_inline __u32 lp_file_flags(struct file *f)
{
	struct inode *ino = f->f_inode;
	__u32 flags = 0;

	if ((ino->i_mode & LP_S_IFMT) == LP_S_IFDIR)
		flags |= LP_PATH_DIR;
	if (ino->i_sb->s_magic == LP_PROC_SUPER_MAGIC)
		flags |= LP_PATH_PROC;
	return flags;
}

/* Resolve a file: its path from the dentry walk. */
static __always_inline __u32 lp_resolve_file(struct task_struct *task,
					     struct file *f, __u32 *off,
					     __u32 *flags)
{
	__u32 len = lp_resolve(task, &f->f_path, off, flags);

	*flags |= lp_file_flags(f);
	return len;
}

/*
 * Resolve the string @upath a program passed, relative to @dirfd (or its
 * cwd for AT_FDCWD), without looking it up. *hash gets a hash of the string
 * (for de-duplication). Returns the length, 0 when there is nothing.
 */
static __always_inline __u32 lp_resolve_user(struct task_struct *task,
					     int dirfd, const char *upath,
					     __u32 *off, __u32 *flags,
					     __u64 *base_ino)
{
	struct lp_scratch *s;
	struct file *df;
	const struct path *base;
	__u32 zero = 0, dst, o;
	long n;

	*flags = LP_PATH_UNRESOLVED;
	*base_ino = 0;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || !upath)
		return 0;
	n = bpf_probe_read_user_str(s->buf + LP_PATH_MAX, LP_PATH_MAX, upath);
	if (n <= 1)
		return 0;
	n -= 1;
	if (n > LP_PATH_MAX - 2) {
		*flags |= LP_PATH_TRUNCATED;
		n = LP_PATH_MAX - 2;
	}
	dst = (LP_PATH_MAX - 1 - n) & (LP_PATH_MAX - 1);
	bpf_probe_read_kernel(s->buf + dst, n & (LP_PATH_MAX - 1),
			      s->buf + LP_PATH_MAX);
	s->buf[LP_PATH_MAX - 1] = '\0';
	o = dst;
	if (s->buf[dst] != '/') {
		if (o < 2) {
			*flags |= LP_PATH_TRUNCATED;
		} else {
			o -= 1;
			s->buf[o & (LP_PATH_MAX - 1)] = '/';
			if (dirfd == LP_AT_FDCWD) {
				base = &task->fs->pwd;
			} else {
				df = lp_fd_file(task, dirfd);
				if (!df)
					return 0;
				base = &df->f_path;
			}
			*base_ino = base->dentry->d_inode->i_ino;
			lp_walk_path(task, base, &o, flags, false);
		}
	}
	*off = o & (LP_PATH_MAX - 1);
	return LP_PATH_MAX - 1 - *off;
}

#endif /* LEARNPROF_PATH_BPF_H */
