/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The recorder: load and attach the BPF side, drain it, read the result. */
#ifndef LEARNPROF_RECORDER_H
#define LEARNPROF_RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "recording.h"

struct btf;

/* Optional probes, each switched off alone when missing or unwanted. */
enum lp_optional_probe {
	LP_PROBE_ARGUMENTS = 0,	/* tp_btf/sys_exit: files, network, identities, args */
	LP_PROBE_CAPABILITIES,	/* tp_btf/cap_capable */
	LP_PROBE_SIGNALS,	/* tp_btf/signal_generate */
	LP_PROBE_OPTIONAL_COUNT,
};

struct lp_recorder_opts {
	pid_t root_tgid;	/* command mode: the held child */
	int cgroup_fd;		/* cgroup mode: the target cgroup, else -1 */
	uint32_t max_programs;	/* distinct executables with their own counts */
	uint64_t buffer_size;	/* ring buffer bytes (power of two, >= page) */
	unsigned disabled;	/* bits of lp_optional_probe not wanted */
};

struct lp_recorder;

/* Can this process record at all? Prints why not; returns 0 or -1. */
int recorder_preflight(void);

/* "capabilities" -> LP_PROBE_CAPABILITIES; -1 when not an optional probe. */
int recorder_probe_from_name(const char *name);
const char *recorder_probe_name(int probe);
/* Does this kernel BTF have the tracepoint (btf_trace_<tp>)? */
bool recorder_has_tracepoint(const struct btf *vmlinux, const char *tp);
/*
 * Which optional probes to leave off (bits of lp_optional_probe): those in
 * disabled (--no-probe) and those whose tracepoint this kernel BTF lacks
 * (all of them when vmlinux is NULL). why[i] says why probe i is off, and is
 * NULL for a probe that stays on.
 */
unsigned recorder_plan_probes(const struct btf *vmlinux, unsigned disabled,
			      const char *why[LP_PROBE_OPTIONAL_COUNT]);

/* Load, configure and attach everything; probes are listed in rec->meta
 * and events go into rec as they arrive. */
struct lp_recorder *recorder_start(const struct lp_recorder_opts *opts,
				   struct lp_recording *rec);
/*
 * The kernel memory of every map at these settings (max_programs 0: the
 * default; buffer_size 0: the default) on a host with ncpus possible CPUs,
 * in bytes as the kernel charges it (docs/overhead.md). recorder_map_plan
 * also prints each map to out when out is not NULL.
 */
uint64_t recorder_map_bytes(uint32_t max_programs, uint64_t buffer_size, int ncpus);
uint64_t recorder_map_plan(uint32_t max_programs, uint64_t buffer_size,
			   int ncpus, FILE *out);

/* Running totals for the status line, from small maps only. */
struct lp_recorder_summary {
	uint64_t programs, syscalls, kinds, files, lost;
};
int recorder_summary(struct lp_recorder *r, struct lp_recorder_summary *sum);

/* An fd that becomes readable when there is data to drain. */
int recorder_fd(struct lp_recorder *r);
/* Drain what is pending without blocking. */
int recorder_drain(struct lp_recorder *r);
/* Detach, drain the rest and read the maps into the recording. */
void recorder_stop(struct lp_recorder *r);
void recorder_free(struct lp_recorder *r);

#endif /* LEARNPROF_RECORDER_H */
