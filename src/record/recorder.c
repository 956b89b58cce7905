// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The userspace half of bpf/learnprof.bpf.c: open the skeleton, configure
 * it (read-only globals, map sizes, optional probes off where the kernel
 * lacks them), load, attach; drain the ring buffer while recording; at the
 * end detach and turn the maps into the Recording.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "learnprof.skel.h"
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
	[LP_PROBE_ARGUMENTS] = { "arguments", "lp_sys_exit", "sys_exit", "tp_btf/sys_exit",
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

struct lp_recorder {
	struct ksyms *ksyms;
	bool ksyms_tried;
	struct learnprof_bpf *skel;
	struct bpf_link *links[8];
	int nlinks;
	struct ring_buffer *rb;
	struct lp_recording *rec;
	uint32_t max_programs;
	int ncpus;
	char **slot_path;	/* cache of exe_paths, by slot */
	uint32_t *slot_flags;
	bool *slot_read;
	struct lp_vol_ctx vol;	/* pids that named files, for volatile.c */
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
static const char *slot_path(struct lp_recorder *r, uint32_t slot, uint32_t *flags)
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

static struct lp_exe *slot_exe(struct lp_recorder *r, uint32_t slot)
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

/* ---- start -------------------------------------------------------------- */

static struct learnprof_bpf *open_configured(const struct lp_recorder_opts *opts,
					     uint32_t max_programs, unsigned off)
{
	struct learnprof_bpf *skel = learnprof_bpf__open();

	if (!skel)
		return NULL;
	skel->rodata->root_tgid = opts->root_tgid > 0 ? opts->root_tgid : 0;
	skel->rodata->self_tgid = getpid();
	skel->rodata->cgroup_mode = opts->cgroup_fd >= 0;
	skel->rodata->max_programs = max_programs;
	bpf_map__set_max_entries(skel->maps.exe_slots, max_programs);
	bpf_map__set_max_entries(skel->maps.exe_paths, max_programs);
	bpf_map__set_max_entries(skel->maps.counts, max_programs * LP_NR_SPAN);
	if (opts->buffer_size)
		bpf_map__set_max_entries(skel->maps.events, (uint32_t)opts->buffer_size);
	for (int i = 0; i < LP_PROBE_OPTIONAL_COUNT; i++)
		if (off & (1U << i))
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

	r->skel = open_configured(opts, r->max_programs, off);
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
		r->skel = open_configured(opts, r->max_programs, off);
		err = r->skel ? learnprof_bpf__load(r->skel) : -errno;
	}
	if (err) {
		lp_err("cannot load BPF programs: %s (run with -v for the verifier's log)",
		       strerror(-err));
		goto fail;
	}
	if (opts->cgroup_fd >= 0) {
		__u32 zero = 0;
		int fd = opts->cgroup_fd;

		if (bpf_map_update_elem(bpf_map__fd(r->skel->maps.target_cgroup),
					&zero, &fd, BPF_ANY)) {
			lp_err("cannot set the target cgroup: %s", strerror(errno));
			goto fail;
		}
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
	    !attach(r, r->skel->progs.lp_sys_enter)) {
		lp_err("cannot attach BPF programs: %s", strerror(errno));
		goto fail;
	}
	rec_add_probe(rec, "syscalls", "tp_btf/sys_enter", true, NULL, NULL);
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

/* Sum of a per-CPU u64 value. */
static int percpu_sum(int fd, const void *key, uint64_t *vals, int ncpus,
		      uint64_t *sum)
{
	if (bpf_map_lookup_elem(fd, key, vals))
		return -1;
	*sum = 0;
	for (int i = 0; i < ncpus; i++)
		*sum += vals[i];
	return 0;
}

static void add_count(struct lp_exe *e, int abi, const char *name, uint64_t nr,
		      uint64_t count)
{
	struct lp_syscall *s = exe_syscall(e, abi, name, (int64_t)nr);

	s->count += count;
}

static void read_counts(struct lp_recorder *r, uint32_t nslots)
{
	int counts_fd = bpf_map__fd(r->skel->maps.counts);
	int rare_fd = bpf_map__fd(r->skel->maps.rare_counts);
	uint64_t *vals = xcalloc(r->ncpus, sizeof(uint64_t)), sum;
	char *names[LP_NR_SPAN] = { 0 };
	struct lp_rare_key key, next, *prev = NULL;
	uint32_t flags;

	for (uint32_t slot = 0; slot < nslots; slot++) {
		struct lp_exe *e = NULL;

		slot_path(r, slot, &flags);
		if (slot != LP_SLOT_OVERFLOW && (flags & LP_EXE_RAN))
			e = slot_exe(r, slot);	/* ran, even if no syscall was seen */
		for (uint32_t nr = 0; nr < LP_NR_SPAN; nr++) {
			uint32_t idx = slot * LP_NR_SPAN + nr;

			if (percpu_sum(counts_fd, &idx, vals, r->ncpus, &sum) || !sum)
				continue;
			if (!e)
				e = slot_exe(r, slot);
			if (!names[nr])
				names[nr] = lp_syscall_name(LP_ABI_X86_64, nr);
			add_count(e, LP_ABI_X86_64, names[nr], nr, sum);
		}
	}
	while (bpf_map_get_next_key(rare_fd, prev, &next) == 0) {
		char *name;

		key = next;
		prev = &key;
		if (percpu_sum(rare_fd, &key, vals, r->ncpus, &sum) || !sum ||
		    key.slot >= nslots || key.abi >= LP_ABI_COUNT)
			continue;
		name = lp_syscall_name((int)key.abi, key.nr);
		add_count(slot_exe(r, key.slot), (int)key.abi, name, key.nr, sum);
		free(name);
	}
	for (int i = 0; i < LP_NR_SPAN; i++)
		free(names[i]);
	free(vals);
}

static char *addr_string(int family, const uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN];

	if (family == 2 && inet_ntop(AF_INET, addr, buf, sizeof(buf)))
		return xstrdup(buf);
	if (family == 10 && inet_ntop(AF_INET6, addr, buf, sizeof(buf)))
		return xstrdup(buf);
	return NULL;
}

static const enum lp_cat kind_cat[LP_FACT_KIND_COUNT] = {
	[LP_FACT_CAP] = LP_CAT_CAPS,
	[LP_FACT_SOCKET] = LP_CAT_SOCKETS,
	[LP_FACT_BIND] = LP_CAT_BIND,
	[LP_FACT_LISTEN] = LP_CAT_LISTEN,
	[LP_FACT_CONNECT] = LP_CAT_CONNECT,
	[LP_FACT_SENDTO] = LP_CAT_SENDTO,
	[LP_FACT_ACCEPT] = LP_CAT_ACCEPT,
	[LP_FACT_IDENTITY] = LP_CAT_IDENTITY,
	[LP_FACT_SIGNAL] = LP_CAT_SIGNALS,
	[LP_FACT_PTRACE] = LP_CAT_PTRACE,
	[LP_FACT_CLONE] = LP_CAT_CLONE,
	[LP_FACT_PERSONALITY] = LP_CAT_PERSONALITY,
	[LP_FACT_PRCTL] = LP_CAT_PRCTL,
	[LP_FACT_IOCTL] = LP_CAT_IOCTL,
};

/*
 * Where a capability was checked, from its kernel stack: the first function
 * that is not capability plumbing names the use ("inet_bind"), and a check
 * the kernel makes without auditing (ns_capable_noaudit, the admin reserve
 * of vm_enough_memory) is marked optional: the call succeeds without it.
 */
static const char *const cap_plumbing[] = {
	"cap_capable", "security_capable", "ns_capable", "ns_capable_common",
	"ns_capable_noaudit", "ns_capable_setid", "capable", "has_ns_capability",
	"has_ns_capability_noaudit", "has_capability", "has_capability_noaudit",
	"file_ns_capable", "capable_wrt_inode_uidgid", "privileged_wrt_inode_uidgid",
	"bpf_trace_run5", "__bpf_trace_cap_capable", "__traceiter_cap_capable",
};

static const char *const cap_optional_markers[] = {
	"security_vm_enough_memory_mm", "cap_vm_enough_memory", "__vm_enough_memory",
};

static void cap_stack(struct lp_recorder *r, int64_t id, struct lp_fact *f)
{
	uint64_t ips[LP_CAP_STACK_DEPTH] = { 0 };
	uint32_t key = (uint32_t)id;

	if (id < 0 || bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.cap_stacks), &key, ips))
		return;
	if (!r->ksyms_tried) {
		r->ksyms = ksyms_load();
		r->ksyms_tried = true;
	}
	for (int i = 0; i < LP_CAP_STACK_DEPTH && ips[i]; i++) {
		const char *name = ksyms_name(r->ksyms, ips[i]);
		bool plumbing = false;

		if (!name)
			return;
		if (strstr(name, "noaudit"))
			f->n[0] = 1;
		for (size_t k = 0; k < ARRAY_SIZE(cap_optional_markers); k++)
			if (!strcmp(name, cap_optional_markers[k]))
				f->n[0] = 1;
		for (size_t k = 0; k < ARRAY_SIZE(cap_plumbing); k++)
			if (!strcmp(name, cap_plumbing[k]))
				plumbing = true;
		/* Our own program and the tracepoint machinery. */
		if (!strncmp(name, "bpf_", 4) || !strncmp(name, "__bpf_", 6) ||
		    !strncmp(name, "__traceiter_", 12))
			plumbing = true;
		if (lp_verbose > 1)
			fprintf(stderr, "  cap frame %d: %s\n", i, name);
		if (!plumbing && !f->s[2])
			f->s[2] = xstrdup(name);
	}
}

/* Decode one facts-map entry into a fact; strings in f are malloc'd. */
static void decode_fact(struct lp_recorder *r, const struct lp_fact_key *k,
			struct lp_fact *f)
{
	char dev[32];

	f->err = k->err;
	switch (k->kind) {
	case LP_FACT_CAP:
		f->s[0] = xstrdup(lp_cap_name((int)(k->a & 0xffff)) ?
				  lp_cap_name((int)(k->a & 0xffff)) : "?");
		if ((int64_t)k->b >= 0)
			f->s[1] = lp_syscall_name((int)(k->a >> 16), k->b);
		cap_stack(r, (int64_t)k->c, f);
		break;
	case LP_FACT_SOCKET:
		f->s[0] = xstrdup(lp_family_name((int)k->a));
		f->s[1] = xstrdup(lp_socktype_name((int)k->b));
		f->n[0] = (int64_t)k->c;
		break;
	case LP_FACT_BIND: case LP_FACT_LISTEN: case LP_FACT_CONNECT:
	case LP_FACT_SENDTO: case LP_FACT_ACCEPT:
		f->s[0] = xstrdup(lp_family_name((int)k->a));
		if (k->b & 0xffff)
			f->s[1] = xstrdup(lp_socktype_name((int)(k->b & 0xffff)));
		f->s[2] = addr_string((int)k->a, k->addr);
		f->n[0] = (int64_t)k->c;
		f->n[1] = (int64_t)(k->b >> 16);
		break;
	case LP_FACT_IDENTITY:
		f->s[0] = lp_syscall_name(LP_ABI_X86_64, k->a);
		if (k->a == 126) {	/* capset: effective, permitted */
			f->n[0] = (int64_t)k->b;
			f->n[1] = (int64_t)k->c;
		} else {
			f->n[0] = (int32_t)(uint32_t)k->b;
			f->n[1] = (int32_t)(uint32_t)(k->b >> 32);
			f->n[2] = (int32_t)(uint32_t)k->c;
		}
		break;
	case LP_FACT_SIGNAL:
		f->s[0] = xstrdup(lp_signal_name((int)k->a));
		f->s[1] = slot_path(r, (uint32_t)k->b, NULL) ?
			  xstrdup(slot_path(r, (uint32_t)k->b, NULL)) : NULL;
		break;
	case LP_FACT_PTRACE:
		f->s[0] = xstrdup(lp_ptrace_name((long)k->a));
		f->s[1] = slot_path(r, (uint32_t)k->b, NULL) ?
			  xstrdup(slot_path(r, (uint32_t)k->b, NULL)) : NULL;
		break;
	case LP_FACT_CLONE:
		f->s[0] = lp_syscall_name(LP_ABI_X86_64, k->a);
		f->s[1] = lp_clone_namespaces(k->b);
		f->n[0] = (int64_t)k->b;
		break;
	case LP_FACT_PERSONALITY:
		f->n[0] = k->a;
		break;
	case LP_FACT_PRCTL:
		f->s[0] = xstrdup(lp_prctl_name((long)k->a));
		f->n[0] = (int64_t)k->b;
		break;
	case LP_FACT_IOCTL:
		f->s[0] = xstrdup(lp_filetype_name((int)k->a));
		if (lp_ioctl_name((uint32_t)k->b))
			f->s[1] = xstrdup(lp_ioctl_name((uint32_t)k->b));
		if (k->a == 2 || k->a == 6) {	/* character, block device */
			/* The kernel's dev_t: 12 bits major, 20 bits minor. */
			snprintf(dev, sizeof(dev), "%u:%u", (unsigned)(k->c >> 20),
				 (unsigned)(k->c & 0xfffff));
			f->s[2] = xstrdup(dev);
		}
		f->n[0] = (int64_t)(uint32_t)k->b;
		break;
	}
}

static void read_facts(struct lp_recorder *r)
{
	int fd = bpf_map__fd(r->skel->maps.facts);
	struct lp_fact_key key, next, *prev = NULL;
	uint64_t count;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct lp_fact f = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &count) || !count ||
		    key.kind == 0 || key.kind >= LP_FACT_KIND_COUNT)
			continue;
		decode_fact(r, &key, &f);
		f.count = count;
		exe_fact(slot_exe(r, key.slot), kind_cat[key.kind], &f);
		for (int i = 0; i < LP_FACT_S; i++)
			free(f.s[i]);
	}
}

/* A unix address as text: the path, or "@name" for an abstract one, with
 * bytes that are not printable written \xNN. */
static char *unix_string(const struct lp_unix_key *k)
{
	struct strbuf sb;
	size_t len = k->len > LP_UNIX_PATH_MAX ? LP_UNIX_PATH_MAX : k->len;
	size_t i = 0;

	sb_init(&sb);
	if (!len)
		return sb_detach(&sb);
	if (k->path[0] == '\0') {
		sb_puts(&sb, "@");
		i = 1;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)k->path[i];

		if (c == '\0' && k->path[0] != '\0')
			break;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			sb_printf(&sb, "\\x%02x", c);
		else
			sb_add(&sb, (const char *)&c, 1);
	}
	return sb_detach(&sb);
}

static void read_unix_facts(struct lp_recorder *r)
{
	int fd = bpf_map__fd(r->skel->maps.unix_facts);
	struct lp_unix_key key, next, *prev = NULL;
	uint64_t count;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct lp_fact f = { 0 };
		char *addr;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &count) || !count ||
		    key.kind >= LP_FACT_KIND_COUNT || !kind_cat[key.kind])
			continue;
		addr = unix_string(&key);
		f.s[0] = "unix";
		f.s[1] = key.type ? (char *)lp_socktype_name(key.type) : NULL;
		f.s[2] = *addr ? addr : NULL;
		f.err = key.err;
		f.count = count;
		exe_fact(slot_exe(r, key.slot), kind_cat[key.kind], &f);
		free(addr);
	}
}

static void read_lost(struct lp_recorder *r)
{
	uint64_t *vals = xcalloc(r->ncpus, sizeof(uint64_t)), sum;
	int fd = bpf_map__fd(r->skel->maps.lost);

	for (uint32_t i = 0; i < LP_LOST_COUNT; i++)
		if (!percpu_sum(fd, &i, vals, r->ncpus, &sum))
			r->rec->meta.lost[i] += sum;
	free(vals);
}

int recorder_stop(struct lp_recorder *r)
{
	uint32_t nslots;

	detach_all(r);
	/* Links are gone: nothing new arrives; drain what is there. */
	while (ring_buffer__consume(r->rb) > 0)
		;
	nslots = r->skel->data->next_slot;
	if (nslots > r->max_programs)
		nslots = r->max_programs;
	read_lost(r);
	read_counts(r, nslots);
	read_facts(r);
	read_unix_facts(r);
	rec_fold_after_filter(r->rec);
	lp_vol_stabilise(r->rec, &r->vol);
	return 0;
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
