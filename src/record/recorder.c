// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The userspace half of bpf/learnprof.bpf.c: open the skeleton, configure
 * it (read-only globals, map sizes, optional probes off where the kernel
 * lacks them), load, attach; drain the ring buffer while recording (files
 * and execs, by program slot); at the end detach, and let maps.c turn the
 * maps into the Recording.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "learnprof.skel.h"
#include "recorder_int.h"
#include "ksyms.h"
#include "learnprof_abi.h"
#include "names.h"
#include "paths.h"
#include "recorder.h"
#include "syscalls.h"
#include "util.h"
#include "volatile.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static const struct {
	const char *name;
	const char *prog;	/* in the skeleton */
	const char *tp;		/* the kernel's btf_trace_<tp> */
	const char *hook;
	const char *missing;
	const char *note;
} optional[LP_PROBE_OPTIONAL_COUNT] = {
	/* Not a program of its own: lp_sys_exit counts every syscall and
	 * decodes arguments unless decode_args is off. */
	[LP_PROBE_ARGUMENTS] = { "arguments", NULL, "sys_exit", "tp_btf/sys_exit",
		"the kernel has no raw_syscalls:sys_exit tracepoint",
		"files, network, identities and pinnable arguments of x86_64 syscalls; "
		"i386 and x32 syscalls are counted but not decoded" },
	[LP_PROBE_CAPABILITIES] = { "capabilities", "lp_cap_capable", "cap_capable",
		"tp_btf/cap_capable",
		"the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)", NULL },
	[LP_PROBE_SIGNALS] = { "signals", "lp_signal_generate", "signal_generate",
		"tp_btf/signal_generate",
		"the kernel has no signal:signal_generate tracepoint", NULL },
};

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (!lp_verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bool has_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

int recorder_preflight(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d))
		return lp_err("cannot read capabilities: %s", strerror(errno));
	if (!has_cap(d, CAP_SYS_ADMIN) &&
	    !(has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON)))
		return lp_err("recording needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN): run it with sudo");
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		return lp_err("kernel has no BTF (/sys/kernel/btf/vmlinux: %s): it needs CONFIG_DEBUG_INFO_BTF=y",
			      strerror(errno));
	return 0;
}

int recorder_probe_from_name(const char *name)
{
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		if (!strcmp(optional[i].name, name))
			return i;
	return -1;
}

const char *recorder_probe_name(int probe)
{
	return probe >= 0 && probe < LP_PROBE_OPTIONAL_COUNT ? optional[probe].name : NULL;
}

bool recorder_has_tracepoint(const struct btf *vmlinux, const char *tp)
{
	char name[128];

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	return vmlinux && btf__find_by_name_kind(vmlinux, name, BTF_KIND_TYPEDEF) >= 0;
}

unsigned recorder_plan_probes(const struct btf *vmlinux, unsigned disabled,
			      const char *why[LP_PROBE_OPTIONAL_COUNT])
{
	unsigned off = 0;

	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++) {
		if (disabled & (1U << i))
			why[i] = "switched off with --no-probe";
		else if (!recorder_has_tracepoint(vmlinux, optional[i].tp))
			why[i] = optional[i].missing;
		else
			why[i] = NULL;
		if (why[i])
			off |= 1U << i;
	}
	return off;
}

/* ---- slots and events ------------------------------------------------- */

static void slot_cache_grow(struct lp_recorder *r)
{
	if (r->slot_path)
		return;
	r->slot_path = xcalloc(r->max_programs, sizeof(char *));
	r->slot_flags = xcalloc(r->max_programs, sizeof(uint32_t));
	r->slot_read = xcalloc(r->max_programs, sizeof(bool));
}

/* The path of a program slot (NULL for none), cached once known. */
const char *slot_path(struct lp_recorder *r, uint32_t slot, uint32_t *flags)
{
	struct lp_exe_path *ep;

	if (flags)
		*flags = 0;
	if (slot == LP_NO_SLOT || slot >= r->max_programs)
		return NULL;
	if (slot == LP_SLOT_OVERFLOW)
		return LP_EXE_UNATTRIBUTED;
	slot_cache_grow(r);
	if (!r->slot_read[slot] || !(r->slot_flags[slot] & LP_EXE_RAN)) {
		ep = xmalloc(sizeof(*ep));
		if (!bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.exe_paths), &slot, ep) &&
		    ep->len) {
			ep->path[LP_PATH_MAX - 1] = '\0';
			if (r->slot_path[slot])
				;
			else if (ep->flags & LP_PATH_AFTER_FILTER)
				r->slot_path[slot] = xasprintf("%s" LP_AFTER_FILTER_SUFFIX,
					slot_path(r, (uint32_t)ep->ino, NULL) ?: LP_EXE_UNATTRIBUTED);
			else
				r->slot_path[slot] = ep->flags & LP_PATH_TRUNCATED ?
					xasprintf("<truncated>%s", ep->path) : xstrdup(ep->path);
			r->slot_flags[slot] = ep->flags;
			r->slot_read[slot] = true;
		}
		free(ep);
	}
	if (flags)
		*flags = r->slot_flags[slot];
	return r->slot_path[slot];
}

struct lp_exe *slot_exe(struct lp_recorder *r, uint32_t slot)
{
	uint32_t flags;
	const char *p = slot_path(r, slot, &flags);
	struct lp_exe *e;

	if (!p)
		p = LP_EXE_UNATTRIBUTED;
	e = rec_exe(r->rec, p);
	e->flags |= flags & 0xffff;
	return e;
}

static void on_file(struct lp_recorder *r, const void *data, size_t size)
{
	struct lp_ev_file ev;
	size_t hdr = offsetof(struct lp_ev_file, path);
	char *path;
	uint32_t flags;

	if (size < hdr + 1)
		return;
	memcpy(&ev, data, hdr);
	if (ev.len > size - hdr - 1 || ev.len >= LP_PATH_MAX)
		return;
	path = xmalloc(ev.len + 1);
	memcpy(path, (const char *)data + hdr, ev.len);
	path[ev.len] = '\0';
	flags = ev.flags;
	if (flags & LP_PATH_UNRESOLVED) {
		char *n = lp_path_normalize(path);

		free(path);
		path = n;
	}
	/* Literal names stay until recorder_stop stabilises them
	 * (src/volatile.c); only the task's ids are known here. */
	if ((flags & LP_PATH_PROC) && lp_vol_own_proc(path, ev.ns_tgid, ev.ns_tid))
		flags |= LP_FILE_OWN;
	lp_vol_ctx_task(&r->vol, path, ev.ns_tgid, ev.ns_tid);
	if ((flags & LP_PATH_DETACHED) && !strncmp(path, "/memfd:", 7))
		flags |= LP_FILE_MEMFD;
	if (flags & LP_PATH_TRUNCATED) {
		/* Never pass a cut path off as a whole one. */
		char *t = xasprintf("<truncated>%s", path);

		free(path);
		path = t;
	}
	file_add(exe_file(slot_exe(r, ev.slot), path), ev.kinds, ev.err, flags);
	free(path);
}

static void on_exec(struct lp_recorder *r, const void *data, size_t size)
{
	struct lp_ev_exec ev;
	struct lp_fact f = { 0 };
	struct lp_exe *child;

	if (size < sizeof(ev))
		return;
	memcpy(&ev, data, sizeof(ev));
	ev.argv0[LP_ARGV0_MAX - 1] = '\0';
	child = slot_exe(r, ev.slot);
	f.n[0] = ev.uid;
	f.n[1] = ev.euid;
	f.n[2] = ev.gid;
	f.n[3] = ev.egid;
	f.n[4] = ev.no_new_privs;
	f.count = 1;
	exe_fact(child, LP_CAT_CREDS, &f);
	if (ev.parent_slot != LP_NO_SLOT) {
		struct lp_exe *parent = slot_exe(r, ev.parent_slot);

		memset(&f, 0, sizeof(f));
		f.s[0] = child->path;
		f.s[1] = ev.argv0;
		f.count = 1;
		exe_fact(parent, LP_CAT_EXECUTES, &f);
		file_add(exe_file(parent, child->path), LP_F_EXEC, 0,
			 child->flags & 0xffff);
	}
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct lp_recorder *r = ctx;
	uint32_t type;

	if (size < sizeof(type))
		return 0;
	memcpy(&type, data, sizeof(type));
	if (type == LP_EV_FILE)
		on_file(r, data, size);
	else if (type == LP_EV_EXEC)
		on_exec(r, data, size);
	return 0;
}

/* ---- the memory plan ---------------------------------------------------- */

/* The map sizes that depend on the options. */
static void size_maps(struct learnprof_bpf *skel, uint32_t max_programs,
		      uint64_t buffer_size, int ncpus)
{
	bpf_map__set_max_entries(skel->maps.cpus, (uint32_t)ncpus);
	bpf_map__set_max_entries(skel->maps.exe_slots, max_programs);
	bpf_map__set_max_entries(skel->maps.exe_paths, max_programs);
	bpf_map__set_max_entries(skel->maps.counts, max_programs * LP_NR_SPAN);
	if (buffer_size)
		bpf_map__set_max_entries(skel->maps.events, (uint32_t)buffer_size);
}

#define ROUND8(x) (((uint64_t)(x) + 7) & ~7ULL)
#define PAGE 4096ULL

/*
 * What the kernel charges for a map (bpftool's bytes_memlock), by type, as
 * kernel/bpf/{arraymap,hashtab,ringbuf,stackmap}.c allocate it: docs/overhead.md
 * gives the same formula in words. Task storage grows by 80 bytes or so a
 * recorded task and is not counted.
 */
static uint64_t map_bytes(const struct bpf_map *m, int ncpus)
{
	uint64_t n = bpf_map__max_entries(m), k = ROUND8(bpf_map__key_size(m));
	uint64_t v = ROUND8(bpf_map__value_size(m));

	switch (bpf_map__type(m)) {
	case BPF_MAP_TYPE_ARRAY:
		if (bpf_map__map_flags(m) & BPF_F_MMAPABLE)
			return ((v * n + PAGE - 1) & ~(PAGE - 1)) + PAGE;
		return v * n + 312;
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		return v * n * ncpus + 8 * n + 312;
	case BPF_MAP_TYPE_HASH:
		return (n + ncpus) * (64 + k + v);
	case BPF_MAP_TYPE_LRU_HASH:
		return n * (64 + k + v);
	case BPF_MAP_TYPE_RINGBUF:
		return n + n / PAGE * 16 + 3 * PAGE;
	case BPF_MAP_TYPE_STACK_TRACE:
		return n * (v + 24) + 320;
	default:
		return 320;
	}
}

uint64_t recorder_map_plan(uint32_t max_programs, uint64_t buffer_size,
			   int ncpus, FILE *out)
{
	struct learnprof_bpf *skel = learnprof_bpf__open();
	const struct bpf_map *m;
	uint64_t total = 0, b;

	if (!skel)
		return 0;
	size_maps(skel, max_programs ? max_programs : 1024, buffer_size, ncpus);
	bpf_object__for_each_map(m, skel->obj) {
		b = map_bytes(m, ncpus);
		total += b;
		if (out)
			fprintf(out, "learnprof: map %-16s %10llu bytes\n", bpf_map__name(m),
				(unsigned long long)b);
	}
	if (out)
		fprintf(out, "learnprof: maps in all     %10llu bytes (%.1f MiB) for %d CPUs\n",
			(unsigned long long)total, total / 1048576.0, ncpus);
	learnprof_bpf__destroy(skel);
	return total;
}

uint64_t recorder_map_bytes(uint32_t max_programs, uint64_t buffer_size, int ncpus)
{
	return recorder_map_plan(max_programs, buffer_size, ncpus, NULL);
}

/* ---- the live summary --------------------------------------------------- */

int recorder_summary(struct lp_recorder *r, struct lp_recorder_summary *sum)
{
	struct lp_cpu c;
	uint64_t *lost = xcalloc(r->ncpus, sizeof(*lost));
	int fd = bpf_map__fd(r->skel->maps.lost), err = 0;

	memset(sum, 0, sizeof(*sum));
	sum->programs = r->skel->data->next_slot - 1;
	if (sum->programs > r->max_programs)
		sum->programs = r->max_programs;
	sum->kinds = r->skel->bss->nkinds;
	for (uint32_t cpu = 0; cpu < (uint32_t)r->ncpus; cpu++) {
		err = bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.cpus), &cpu, &c);
		if (err)
			break;
		sum->syscalls += c.sum.syscalls;
		sum->files += c.sum.files;
	}
	for (uint32_t i = 0; !err && i < LP_LOST_COUNT; i++)
		if (!bpf_map_lookup_elem(fd, &i, lost))
			for (int cpu = 0; cpu < r->ncpus; cpu++)
				sum->lost += lost[cpu];
	free(lost);
	return err;
}

/* ---- start -------------------------------------------------------------- */

static struct learnprof_bpf *open_configured(const struct lp_recorder_opts *opts,
					     uint32_t max_programs, int ncpus,
					     unsigned off)
{
	struct learnprof_bpf *skel = learnprof_bpf__open();

	if (!skel)
		return NULL;
	skel->rodata->root_tgid = opts->root_tgid > 0 ? opts->root_tgid : 0;
	skel->rodata->self_tgid = getpid();
	skel->rodata->cgroup_mode = opts->cgroup_fd >= 0;
	if (opts->cgroup_fd >= 0) {
		struct stat st;

		/* A cgroup's id is its directory's inode number. */
		if (fstat(opts->cgroup_fd, &st)) {
			learnprof_bpf__destroy(skel);
			return NULL;
		}
		skel->rodata->target_cgid = st.st_ino;
	}
	skel->rodata->max_programs = max_programs;
	skel->rodata->decode_args = !(off & (1U << LP_PROBE_ARGUMENTS));
	skel->rodata->nr_cpus = (uint32_t)ncpus;
	size_maps(skel, max_programs, opts->buffer_size, ncpus);
	/* Tasks moved into the target cgroup: cgroup mode only. */
	bpf_program__set_autoload(skel->progs.lp_cgroup_attach, opts->cgroup_fd >= 0);
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		if ((off & (1U << i)) && optional[i].prog)
			bpf_program__set_autoload(
				bpf_object__find_program_by_name(skel->obj, optional[i].prog),
				false);
	return skel;
}

static struct bpf_link *attach(struct lp_recorder *r, struct bpf_program *p)
{
	struct bpf_link *l;

	if (r->nlinks == ARRAY_SIZE(r->links)) {
		errno = ENOSPC;
		return NULL;
	}
	l = bpf_program__attach(p);
	if (l)
		r->links[r->nlinks++] = l;
	return l;
}

static void detach_all(struct lp_recorder *r)
{
	while (r->nlinks > 0)
		bpf_link__destroy(r->links[--r->nlinks]);
}

struct lp_recorder *recorder_start(const struct lp_recorder_opts *opts,
				   struct lp_recording *rec)
{
	struct lp_recorder *r = xcalloc(1, sizeof(*r));
	const char *why[LP_PROBE_OPTIONAL_COUNT] = { 0 };
	char *load_err = NULL;
	struct btf *vmlinux;
	unsigned off;
	int err;

	libbpf_set_print(libbpf_print);
	lp_vol_ctx_init(&r->vol);
	r->rec = rec;
	r->max_programs = opts->max_programs ? opts->max_programs : 1024;
	r->ncpus = libbpf_num_possible_cpus();
	if (r->ncpus <= 0) {
		lp_err("cannot count CPUs: %s", strerror(-r->ncpus));
		goto fail;
	}
	vmlinux = btf__load_vmlinux_btf();
	off = recorder_plan_probes(vmlinux, opts->disabled, why);
	btf__free(vmlinux);

	if (lp_verbose)
		recorder_map_plan(r->max_programs, opts->buffer_size, r->ncpus, stderr);
	r->skel = open_configured(opts, r->max_programs, r->ncpus, off);
	if (!r->skel) {
		lp_err("cannot open BPF object: %s", strerror(errno));
		goto fail;
	}
	err = learnprof_bpf__load(r->skel);
	if (err && off != (1U << LP_PROBE_OPTIONAL_COUNT) - 1) {
		/* Degrade: try again with only the required probes. */
		load_err = xasprintf("could not be loaded with the others (%s); run with -v for the verifier's log",
				     strerror(-err));
		learnprof_bpf__destroy(r->skel);
		for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
			if (!(off & (1U << i))) {
				off |= 1U << i;
				why[i] = load_err;
			}
		r->skel = open_configured(opts, r->max_programs, r->ncpus, off);
		err = r->skel ? learnprof_bpf__load(r->skel) : -errno;
	}
	if (err) {
		lp_err("cannot load BPF programs: %s (run with -v for the verifier's log)",
		       strerror(-err));
		goto fail;
	}
	r->rb = ring_buffer__new(bpf_map__fd(r->skel->maps.events), on_event, r, NULL);
	if (!r->rb) {
		lp_err("cannot open the ring buffer: %s", strerror(errno));
		goto fail;
	}
	/* Attach the optional probes first: the required ones start the
	 * recording, and must find the rest in place. */
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++) {
		struct bpf_program *p;

		if (off & (1U << i))
			continue;
		if (!optional[i].prog) {
			rec_add_probe(rec, optional[i].name, optional[i].hook, true, NULL,
				      optional[i].note);
			continue;
		}
		p = bpf_object__find_program_by_name(r->skel->obj, optional[i].prog);
		if (!attach(r, p)) {
			char *msg = xasprintf("could not be attached: %s", strerror(errno));

			rec_add_probe(rec, optional[i].name, optional[i].hook, false, msg, NULL);
			free(msg);
			off |= 1U << i;
			continue;
		}
		rec_add_probe(rec, optional[i].name, optional[i].hook, true, NULL, optional[i].note);
	}
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		if ((off & (1U << i)) && why[i])
			rec_add_probe(rec, optional[i].name, optional[i].hook, false, why[i], NULL);
	if (!attach(r, r->skel->progs.lp_fork) ||
	    !attach(r, r->skel->progs.lp_exec) ||
	    !attach(r, r->skel->progs.lp_exit) ||
	    (opts->cgroup_fd >= 0 && !attach(r, r->skel->progs.lp_cgroup_attach)) ||
	    !attach(r, r->skel->progs.lp_sys_exit)) {
		lp_err("cannot attach BPF programs: %s", strerror(errno));
		goto fail;
	}
	if (opts->cgroup_fd >= 0)
		r->unadopted = recorder_adopt_cgroup(r, opts->cgroup_fd);
	rec_add_probe(rec, "syscalls",
		      "tp_btf/sys_exit,tp_btf/sched_process_exec,tp_btf/sched_process_exit",
		      true, NULL, NULL);
	rec_add_probe(rec, "processes", "tp_btf/sched_process_fork,tp_btf/sched_process_exec",
		      true, NULL, NULL);
	free(load_err);
	return r;
fail:
	free(load_err);
	recorder_free(r);
	return NULL;
}

int recorder_fd(struct lp_recorder *r)
{
	return r && r->rb ? ring_buffer__epoll_fd(r->rb) : -1;
}

int recorder_drain(struct lp_recorder *r)
{
	int n = r && r->rb ? ring_buffer__consume(r->rb) : 0;

	return n < 0 ? n : 0;
}

/* ---- the end: maps into the recording ---------------------------------- */

void recorder_stop(struct lp_recorder *r)
{
	detach_all(r);
	/* Links are gone: nothing new arrives; drain what is there. */
	while (ring_buffer__consume(r->rb) > 0)
		;
	recorder_read_maps(r);
	rec_fold_after_filter(r->rec);
	lp_vol_stabilise(r->rec, &r->vol);
}

void recorder_free(struct lp_recorder *r)
{
	if (!r)
		return;
	detach_all(r);
	ring_buffer__free(r->rb);
	learnprof_bpf__destroy(r->skel);
	for (uint32_t i = 0; r->slot_path && i < r->max_programs; i++)
		free(r->slot_path[i]);
	free(r->slot_path);
	free(r->slot_flags);
	free(r->slot_read);
	lp_vol_ctx_free(&r->vol);
	ksyms_free(r->ksyms);
	free(r);
}
