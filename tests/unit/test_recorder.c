// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The recorder's decisions that need no kernel: which probes a BTF allows,
 * and the probe names the command line accepts. */
#include <bpf/btf.h>

#include "unit.h"
#include "recorder.h"

TEST(a_missing_tracepoint_switches_its_probe_off)
{
	/* learnprof's own BPF object has BTF, but no btf_trace_* types: it
	 * stands for a kernel that lacks the tracepoints. */
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char *obj = xasprintf("%s/learnprof.bpf.o", build);
	struct btf *own = btf__parse(obj, NULL);

	free(obj);
	CHECK(own);
	CHECK(!recorder_has_tracepoint(own, "cap_capable"));
	CHECK(!recorder_has_tracepoint(NULL, "sys_exit"));
	btf__free(own);
}

TEST(the_running_kernel_has_its_tracepoints)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();

	if (!vmlinux) {
		printf("SKIP recorder/the_running_kernel_has_its_tracepoints: no vmlinux BTF\n");
		unit_failed = -1;
		return;
	}
	CHECK(recorder_has_tracepoint(vmlinux, "sys_exit"));
	CHECK(recorder_has_tracepoint(vmlinux, "sched_process_exec"));
	CHECK(!recorder_has_tracepoint(vmlinux, "no_such_tracepoint"));
	btf__free(vmlinux);
}

TEST(probe_names)
{
	CHECK_INT(recorder_probe_from_name("capabilities"), LP_PROBE_CAPABILITIES);
	CHECK_INT(recorder_probe_from_name("arguments"), LP_PROBE_ARGUMENTS);
	CHECK_INT(recorder_probe_from_name("syscalls"), -1);
	CHECK_STR(recorder_probe_name(LP_PROBE_SIGNALS), "signals");
}

int main(void)
{
	unit_suite = "recorder";
	RUN(a_missing_tracepoint_switches_its_probe_off);
	RUN(the_running_kernel_has_its_tracepoints);
	RUN(probe_names);
	return unit_exit();
}
