// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tools/bench-overhead's floor: an empty program of the type learnprof's
 * lp_sys_exit is (tp_btf/sys_exit), what the kernel's statistics charge a
 * program that does nothing.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit, struct pt_regs *regs, long ret)
{
	return 0;
}
