/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which tasks are recorded. A task is a target when it carries an lp_task in
 * task-local storage. Storage is given
 *   - to the workload's root task at its first exec (command mode), and
 *   - to any task found inside the target cgroup or its children
 *     (cgroup mode), and
 *   - by every target to the tasks it forks or clones,
 * so the process tree stays followed when a descendant changes cgroup (as a
 * container runtime's init does). Storage dies with the task: no pid reuse.
 *
 * A non-target's sys_exit pays one load, task->bpf_storage (plus, in cgroup
 * mode, one cgroup ancestry check); the other hooks look its storage up.
 */
#ifndef LEARNPROF_TARGET_BPF_H
#define LEARNPROF_TARGET_BPF_H

const volatile __u32 root_tgid = 0;	/* command mode: adopt at exec */
const volatile __u32 self_tgid = 0;	/* never record learnprof itself */
const volatile bool cgroup_mode = false;

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} target_cgroup SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct lp_task);
} tasks SEC(".maps");

/* Is the current task inside the target cgroup tree? Callers check
 * cgroup_mode first. The cgroup comes first: a task outside it reads no
 * global (each is a page of its own, docs/overhead.md). */
static __always_inline bool lp_in_target_cgroup(struct task_struct *task)
{
	return bpf_current_task_under_cgroup(&target_cgroup, 0) == 1 &&
	       task->tgid != self_tgid;
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
