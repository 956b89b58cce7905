/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which tasks are recorded. A task is a target when it carries an lp_task in
 * task-local storage. Storage is given
 *   - to the workload's root task at its first exec (command mode),
 *   - in cgroup mode, to every thread in the target cgroup or below it: by
 *     the recorder when it starts (through pidfds, after every hook is
 *     attached), by lp_cgroup_attach to tasks moved in, and by lp_fork to
 *     children cloned into it (CLONE_INTO_CGROUP), and
 *   - by every target to the tasks it forks or clones,
 * so the process tree stays followed when a descendant changes cgroup (as a
 * container runtime's init does). Storage dies with the task: no pid reuse.
 *
 * So a non-target's sys_exit pays one load, task->bpf_storage, in either
 * mode: nothing on the hot path asks which cgroup a task is in.
 */
#ifndef LEARNPROF_TARGET_BPF_H
#define LEARNPROF_TARGET_BPF_H

const volatile __u32 root_tgid = 0;	/* command mode: adopt at exec */
const volatile __u32 self_tgid = 0;	/* never record learnprof itself */
const volatile bool cgroup_mode = false;
const volatile __u64 target_cgid = 0;	/* cgroup mode: the target's id */

extern struct cgroup *bpf_cgroup_from_id(__u64 cgid) __weak __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __weak __ksym;
extern long bpf_task_under_cgroup(struct task_struct *task,
				  struct cgroup *ancestor) __weak __ksym;
extern struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level) __weak __ksym;
extern int bpf_iter_task_new(struct bpf_iter_task *it, struct task_struct *task,
			     unsigned int flags) __weak __ksym;
extern struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it) __weak __ksym;
extern void bpf_iter_task_destroy(struct bpf_iter_task *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct lp_task);
} tasks SEC(".maps");

/* Is @task (not learnprof) in the target cgroup or below it? Cgroup mode
 * only; never on a syscall's path. */
static __always_inline bool lp_task_in_target(struct task_struct *task)
{
	struct cgroup *cg;
	long in;

	if (task->tgid == self_tgid)
		return false;
	cg = bpf_cgroup_from_id(target_cgid);
	if (!cg)
		return false;
	in = bpf_task_under_cgroup(task, cg);
	bpf_cgroup_release(cg);
	return in;
}

/* Is cgroup @cgrp the target or below it? (For a cgroup of the default
 * hierarchy; another hierarchy's never matches.) */
static __always_inline bool lp_cgroup_in_target(struct cgroup *cgrp)
{
	struct cgroup *target = bpf_cgroup_from_id(target_cgid), *anc;
	bool in = false;

	if (!target)
		return false;
	anc = bpf_cgroup_ancestor(cgrp, target->level);
	if (anc) {
		in = anc == target;
		bpf_cgroup_release(anc);
	}
	bpf_cgroup_release(target);
	return in;
}

/* Give @task storage whose program it will find itself (LP_TASK_READY
 * unset), unless it has some. */
static __always_inline void lp_adopt_later(struct task_struct *task)
{
	if (!bpf_task_storage_get(&tasks, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
		lp_lose(LP_LOST_TASKS);
}

/* A task's id in its own pid namespace (what its /proc shows). */
static __always_inline __u32 lp_ns_pid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	unsigned int lvl = BPF_CORE_READ(p, level);
	struct upid up = {};

	bpf_probe_read_kernel(&up, sizeof(up), &p->numbers[lvl & 31]);
	return up.nr;
}

#endif /* LEARNPROF_TARGET_BPF_H */
