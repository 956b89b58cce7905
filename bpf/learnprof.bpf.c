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
 * One program runs per syscall of the host (sys_exit); a task that is not
 * recorded pays one load (task->bpf_storage) and nothing else, a recorded
 * one touches its CPU's struct lp_cpu and, on its first syscall there, its
 * task storage (docs/overhead.md: what a program pays is pages touched).
 * Arguments are decoded for the x86_64 ABI; i386 and x32 syscalls are
 * counted but not decoded.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "learnprof_abi.h"
#include "syscall_nr.h"
#include "events.bpf.h"
#include "target.bpf.h"
#include "path.bpf.h"
#include "files.bpf.h"
#include "net.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TS_COMPAT 0x0002	/* arch/x86/include/asm/thread_info.h */

const volatile __u32 max_programs = 1024;
const volatile bool decode_args = true;	/* the "arguments" probe */
const volatile __u32 nr_cpus = 1;		/* entries of "cpus" */

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

/* One native syscall of a program: in this CPU's cache, no atomic on the
 * hit path (tracepoint programs do not nest on a CPU while they count). */
static __always_inline void lp_count_native(struct lp_cpu *c, __u32 slot,
					    __u32 nr)
{
	__u32 key = slot * LP_NR_SPAN + nr;
	struct lp_cache_ent *e;

	e = &c->e[LP_CACHE_INDEX(key) & (LP_CACHE_SIZE - 1)];
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

/* Count syscall @id (orig_ax) of @task on CPU @c. Returns true for a
 * native x86_64 number below LP_NR_SPAN, the only ones decoded. */
static __always_inline bool lp_count(struct lp_cpu *c, __u32 slot,
				     struct task_struct *task, long id)
{
	c->sum.syscalls++;
	if (task->thread_info.status & TS_COMPAT) {
		lp_count_rare(slot, LP_ABI_I386, (__u64)id);
	} else if ((__u64)id & LP_X32_SYSCALL_BIT) {
		lp_count_rare(slot, LP_ABI_X32, (__u64)id & ~LP_X32_SYSCALL_BIT);
	} else if ((__u64)id < LP_NR_SPAN) {
		lp_count_native(c, slot, (__u32)id);
		return true;
	} else {
		lp_count_rare(slot, LP_ABI_X86_64, (__u64)id);
	}
	return false;
}

/* Count a syscall outside sys_exit (exec, exit). */
static __always_inline void lp_count_here(__u32 slot, struct task_struct *task,
					  long id)
{
	struct lp_cpu *c = lp_this_cpu();

	if (c)
		lp_count(c, slot, task, id);
}

static long lp_forget_on(__u32 cpu, void *tidp)
{
	__u32 tid = *(__u32 *)tidp;
	struct lp_cpu *c = bpf_map_lookup_elem(&cpus, &cpu);
	struct lp_cpu_task *ct;

	if (!c)
		return 1;
	ct = &c->task[tid & (LP_TASK_CACHE - 1)];
	if (ct->tid == tid)
		ct->tid = 0;
	return 0;
}

/* Thread @tid's program or flags changed, or it died: every CPU forgets
 * what it remembered of it. Only the CPU running a task remembers it, so
 * no CPU can remember it again with the old slot. */
static __always_inline void lp_forget_task(__u32 tid)
{
	bpf_loop(nr_cpus, lp_forget_on, &tid, 0);
}

/* The program of @t, the current task: found now if the task was given
 * its storage by another (LP_TASK_READY unset). */
static __noinline __u32 lp_find_slot(struct lp_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();

	t->slot = lp_slot_for_file(BPF_CORE_READ(task, mm, exe_file));
	lp_mark_ran(t->slot);
	t->flags |= LP_TASK_READY;
	return t->slot;
}

static __always_inline __u32 lp_slot_of(struct lp_task *t)
{
	return t->flags & LP_TASK_READY ? t->slot : lp_find_slot(t);
}

/* ---- sys_exit: arguments and results (decode.bpf.h) --------------------- */

#include "decode.bpf.h"

#define LP_SKIP 0xffffffffU	/* lp_recall: do not count this syscall */

/*
 * The program of the current task when this CPU does not remember it: from
 * its task storage, then remembered for its next syscalls here. LP_SKIP
 * for a task that is not recorded, and for the return of an execve that
 * lp_exec counted already.
 */
static __noinline __u32 lp_recall(struct lp_cpu *c, struct lp_cpu_task *ct)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct lp_task *t = bpf_task_storage_get(&tasks, task, 0, 0);
	__u32 slot;

	if (!t)
		return LP_SKIP;
	if (!c->ready) {
		for (int i = 0; i < LP_NR_SPAN / 64; i++)
			c->decode[i] = decode_args ? lp_decoded_bits[i] : 0;
		c->ready = 1;
	}
	slot = lp_slot_of(t);
	ct->slot = slot;
	ct->tid = task->pid;
	if (t->flags & LP_TASK_EXECED) {
		t->flags &= ~LP_TASK_EXECED;
		return LP_SKIP;
	}
	return slot;
}

/*
 * Every syscall of the host ends here. A task that is not recorded costs
 * one load: task->bpf_storage is NULL for almost every task of a host, in
 * command and cgroup mode alike (target.bpf.h). A recorded one touches one
 * small per-CPU struct (struct lp_cpu): the CPU remembers the program of
 * the threads it runs, counts in its cache, and tests the decoded numbers;
 * only the ~60 decoded syscalls call lp_decode.
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
	struct lp_cpu_task *ct;
	struct lp_cpu *c;
	__u32 slot, tid;
	long nr;

	if (!task->bpf_storage)
		return 0;
	c = lp_this_cpu();
	if (!c)
		return 0;
	tid = task->pid;
	ct = &c->task[tid & (LP_TASK_CACHE - 1)];
	slot = ct->slot;
	if (ct->tid != tid) {
		slot = lp_recall(c, ct);
		if (slot == LP_SKIP)
			return 0;
	}
	nr = regs->orig_ax;
	if (nr == -1)
		nr = task->thread_info.status & TS_COMPAT ?
		     LP_NR32_rt_sigreturn : LP_NR_rt_sigreturn;
	if (!lp_count(c, slot, task, nr) ||
	    !(c->decode[(nr >> 6) & 7] & (1ULL << (nr & 63))))
		return 0;
	lp_decode(slot, regs, nr, ret);
	return 0;
}

/* ---- processes -------------------------------------------------------- */

SEC("tp_btf/sched_process_fork")
int BPF_PROG(lp_fork, struct task_struct *parent, struct task_struct *child)
{
	struct lp_task *pt, *ct;
	__u32 slot;

	pt = bpf_task_storage_get(&tasks, parent, 0, 0);
	if (!pt) {
		/* Cloned into the target cgroup by a task outside it
		 * (CLONE_INTO_CGROUP), as a container runtime may. */
		if (cgroup_mode && lp_task_in_target(child))
			lp_adopt_later(child);
		return 0;
	}
	slot = lp_slot_of(pt);	/* the parent is the current task */
	ct = bpf_task_storage_get(&tasks, child, 0,
				  BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!ct) {
		lp_lose(LP_LOST_TASKS);
		return 0;
	}
	ct->slot = slot;
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
		/* The workload's root; in cgroup mode a task the adoptions
		 * missed (they should not: target.bpf.h). */
		if (!(root_tgid && p->tgid == root_tgid) &&
		    !(cgroup_mode && lp_task_in_target(p)))
			return 0;
		t = bpf_task_storage_get(&tasks, p, 0,
					 BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!t) {
			lp_lose(LP_LOST_TASKS);
			return 0;
		}
	}
	/* A task adopted by another that never ran a hook since: its old
	 * program is gone with its old mm, so the exec counts as a start. */
	if (t->flags & LP_TASK_READY)
		parent_slot = t->slot;
	else
		fresh = true;
	t->slot = lp_slot_for_file(BPF_CORE_READ(bprm, file));
	t->flags |= LP_TASK_READY;
	lp_mark_ran(t->slot);
	/* The execve is counted here, for the program that made it; its
	 * sys_exit, in the new program, is skipped. The exec that starts the
	 * workload ran before the task was a target: it counts for the new
	 * program, which is where a filter installed before that exec has to
	 * allow it. */
	regs = (struct pt_regs *)bpf_task_pt_regs(p);
	lp_count_here(fresh ? t->slot : parent_slot, p, BPF_CORE_READ(regs, orig_ax));
	t->flags |= LP_TASK_EXECED;
	lp_forget_task(p->pid);
	if ((__u32)old_pid != p->pid)
		lp_forget_task(old_pid);
	lp_exec_event(p, parent_slot, t->slot);
	return 0;
}

/* Cgroup mode: a task moved into the target cgroup or below it, with its
 * threads when the whole process moved (cgroup.procs). Asked of the
 * destination, not of @task: a process's leader that has exited already is
 * not moved with its threads. A thread may make syscalls between the move
 * and this hook; those are not seen (docs/overhead.md). */
SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(lp_cgroup_attach, struct cgroup *dst_cgrp, const char *path,
	     struct task_struct *task, bool threadgroup)
{
	struct bpf_iter_task it;
	struct task_struct *pos;

	if (task->tgid == self_tgid || !lp_cgroup_in_target(dst_cgrp))
		return 0;
	if (!threadgroup) {
		lp_adopt_later(task);
		return 0;
	}
	bpf_iter_task_new(&it, task, BPF_TASK_ITER_PROC_THREADS);
	while ((pos = bpf_iter_task_next(&it)))
		lp_adopt_later(pos);
	bpf_iter_task_destroy(&it);
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
		lp_count_here(lp_slot_of(t), task, BPF_CORE_READ(regs, orig_ax));
	lp_forget_task(task->pid);
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
	lp_simple_fact(lp_slot_of(t), LP_FACT_CAP,
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
	lp_simple_fact(lp_slot_of(t), LP_FACT_SIGNAL, (__u32)sig, lp_peer_slot(target), 0, 0);
	return 0;
}
