// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The recorder's decisions that need no kernel: which optional probes a
 * BTF leaves on (recorder_plan_probes, what recorder_start uses), and the
 * probe names the command line accepts. */
#include <bpf/btf.h>

#include "unit.h"
#include "recorder.h"

#define ALL_OPTIONAL ((1U << LP_PROBE_OPTIONAL_COUNT) - 1)
#define BIT(p) (1U << (p))

static const char NO_PROBE[] = "switched off with --no-probe";

/* Each probe's tracepoint and the reason given when the kernel lacks it. */
static const struct {
	const char *tp;
	const char *missing;
} want[LP_PROBE_OPTIONAL_COUNT] = {
	[LP_PROBE_ARGUMENTS] = { "sys_exit",
		"the kernel has no raw_syscalls:sys_exit tracepoint" },
	[LP_PROBE_CAPABILITIES] = { "cap_capable",
		"the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)" },
	[LP_PROBE_SIGNALS] = { "signal_generate",
		"the kernel has no signal:signal_generate tracepoint" },
};

/* Is btf_trace_<tp> in the BTF? Asked of libbpf directly, not through
 * the code under test. */
static bool btf_has(const struct btf *btf, const char *tp)
{
	char *name = xasprintf("btf_trace_%s", tp);
	bool yes = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) >= 0;

	free(name);
	return yes;
}

/*
 * Plan with this BTF and these --no-probe bits, and compare with what is
 * right: a disabled probe is off "with --no-probe", a probe whose
 * tracepoint the BTF lacks is off with its reason, the rest stay on.
 * NULL when it agrees, else what differs (malloc'd).
 */
static char *plan_differs(const struct btf *btf, unsigned disabled)
{
	const char *why[LP_PROBE_OPTIONAL_COUNT];
	unsigned off, want_off = 0;

	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		why[i] = "stale";	/* a value the plan did not set fails */
	off = recorder_plan_probes(btf, disabled, why);
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++) {
		const char *w = disabled & BIT(i) ? NO_PROBE :
				btf && btf_has(btf, want[i].tp) ? NULL : want[i].missing;

		if (w)
			want_off |= BIT(i);
		if (!lp_streq(why[i], w))
			return xasprintf("disabled %#x: %s: why '%s', want '%s'", disabled,
					 recorder_probe_name(i), why[i] ? why[i] : "(on)",
					 w ? w : "(on)");
	}
	if (off != want_off)
		return xasprintf("disabled %#x: off %#x, want %#x", disabled, off, want_off);
	return NULL;
}

#define CHECK_PLAN(btf, disabled)                                             \
	do {                                                                  \
		char *_d = plan_differs(btf, disabled);                       \
		CHECK_MSG(!_d, "%s", _d);                                     \
	} while (0)

static struct btf *own_btf(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char *obj = xasprintf("%s/learnprof.bpf.o", build);
	struct btf *own = btf__parse(obj, NULL);

	free(obj);
	return own;
}

TEST(a_missing_tracepoint_switches_its_probe_off)
{
	/* learnprof's own BPF object has BTF, but no btf_trace_* types: it
	 * stands for a kernel that lacks every optional tracepoint. */
	struct btf *own = own_btf();
	const char *why[LP_PROBE_OPTIONAL_COUNT];

	CHECK_MSG(own, "cannot read the BTF of learnprof.bpf.o (BUILD=%s)", getenv("BUILD"));
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		CHECK_MSG(!btf_has(own, want[i].tp), "learnprof.bpf.o has btf_trace_%s", want[i].tp);
	CHECK_INT(recorder_plan_probes(own, 0, why), ALL_OPTIONAL);
	CHECK_STR(why[LP_PROBE_CAPABILITIES], want[LP_PROBE_CAPABILITIES].missing);
	CHECK_PLAN(own, 0);
	CHECK_PLAN(own, BIT(LP_PROBE_CAPABILITIES));
	CHECK_PLAN(own, BIT(LP_PROBE_ARGUMENTS) | BIT(LP_PROBE_SIGNALS));
	CHECK_PLAN(own, ALL_OPTIONAL);
	CHECK_INT(recorder_plan_probes(own, BIT(LP_PROBE_SIGNALS), why), ALL_OPTIONAL);
	CHECK_STR(why[LP_PROBE_SIGNALS], NO_PROBE);
	CHECK_STR(why[LP_PROBE_ARGUMENTS], want[LP_PROBE_ARGUMENTS].missing);
	/* no BTF at all: nothing optional can be attached */
	CHECK_PLAN(NULL, 0);
	CHECK_PLAN(NULL, BIT(LP_PROBE_ARGUMENTS));
	btf__free(own);
}

TEST(the_running_kernel_keeps_the_probes_it_has)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	const char *why[LP_PROBE_OPTIONAL_COUNT];
	char missing[128] = "";

	if (!vmlinux)
		SKIP_MSG("this kernel has no BTF (/sys/kernel/btf/vmlinux)");
	/* required tracepoints, and a name no kernel has */
	CHECK(recorder_has_tracepoint(vmlinux, "sys_enter"));
	CHECK(recorder_has_tracepoint(vmlinux, "sched_process_exec"));
	CHECK(!recorder_has_tracepoint(vmlinux, "no_such_tracepoint"));
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		if (!btf_has(vmlinux, want[i].tp))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", missing[0] ? ", " : "", want[i].tp);
	for (unsigned d = 0; d <= ALL_OPTIONAL; d++)
		CHECK_PLAN(vmlinux, d);
	CHECK_INT(recorder_plan_probes(vmlinux, ALL_OPTIONAL, why), ALL_OPTIONAL);
	CHECK_STR(why[LP_PROBE_ARGUMENTS], NO_PROBE);
	if (missing[0])
		unit_note("this kernel lacks %s: those probes checked off", missing);
	btf__free(vmlinux);
}

TEST(probe_names)
{
	CHECK_INT(recorder_probe_from_name("capabilities"), LP_PROBE_CAPABILITIES);
	CHECK_INT(recorder_probe_from_name("arguments"), LP_PROBE_ARGUMENTS);
	CHECK_INT(recorder_probe_from_name("signals"), LP_PROBE_SIGNALS);
	CHECK_INT(recorder_probe_from_name("syscalls"), -1);
	CHECK_STR(recorder_probe_name(LP_PROBE_SIGNALS), "signals");
	CHECK_STR(recorder_probe_name(LP_PROBE_ARGUMENTS), "arguments");
	CHECK(!recorder_probe_name(LP_PROBE_OPTIONAL_COUNT));
	CHECK(!recorder_probe_name(-1));
}

/*
 * The memory plan (docs/overhead.md): bounded by design, not by the CPU
 * count. The kernel's own figures for this host are checked against the
 * formula by tests/integration/overhead.sh.
 */
TEST(map_memory_is_bounded_by_design)
{
	uint64_t two = recorder_map_bytes(0, 0, 2);
	uint64_t big = recorder_map_bytes(0, 0, 128);
	uint64_t buf = recorder_map_bytes(0, 64 << 20, 2);

	CHECK_MSG(two > (16ULL << 20) && two <= (24ULL << 20),
		  "2 CPUs: %llu bytes, want 16 to 24 MiB", (unsigned long long)two);
	CHECK_MSG(big <= (64ULL << 20), "128 CPUs: %llu bytes, want at most 64 MiB",
		  (unsigned long long)big);
	/* What grows with the CPUs: the path scratch (8 KiB), the file event
	 * (4 KiB), struct lp_cpu (1,280 bytes) and small change. */
	CHECK_MSG(big - two < 126ULL * 16 * 1024, "per CPU: %llu bytes",
		  (unsigned long long)(big - two) / 126);
	CHECK_INT(sizeof(struct lp_cpu) % 64, 0);	/* whole cache lines a CPU */
	CHECK_MSG(buf - two >= (60ULL << 20), "--buffer-size 64M adds %llu bytes",
		  (unsigned long long)(buf - two));
	/* Doubling the program table doubles the counts and the paths. */
	CHECK(recorder_map_bytes(2048, 0, 2) - two > (8ULL << 20));
}

int main(void)
{
	unit_suite = "recorder";
	RUN(a_missing_tracepoint_switches_its_probe_off);
	RUN(the_running_kernel_keeps_the_probes_it_has);
	RUN(probe_names);
	RUN(map_memory_is_bounded_by_design);
	return unit_exit();
}
