// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tools/bench-overhead's floors, programs of the type learnprof's
 * lp_sys_exit is (tp_btf/sys_exit): what the kernel's statistics charge a
 * program that does nothing, and one that adds one to a counter of its CPU
 * in a plain array, the least any exact per-syscall count can do.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);		/* = possible CPUs, set at load */
	__type(key, __u32);
	__type(value, __u64);
} floor_counts SEC(".maps");

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_empty, struct pt_regs *regs, long ret)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_count, struct pt_regs *regs, long ret)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *n = bpf_map_lookup_elem(&floor_counts, &cpu);

	if (n)
		(*n)++;
	return 0;
}
