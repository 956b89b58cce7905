// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The end of a recording: the kernel's maps (syscall counts per program and
 * ABI, facts, unix endpoints, losses) read into the Recording, numbers
 * turned into names, capability checks named by the kernel function that
 * made them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "learnprof.skel.h"
#include "recorder_int.h"
#include "ksyms.h"
#include "learnprof_abi.h"
#include "names.h"
#include "syscalls.h"
#include "util.h"

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

/* The first n counters of the shared counts array, read in batches. */
static uint64_t *read_count_array(struct lp_recorder *r, uint32_t n)
{
	int fd = bpf_map__fd(r->skel->maps.counts);
	uint64_t *vals = xcalloc(n ? n : 1, sizeof(*vals));
	uint32_t *keys = xcalloc(n ? n : 1, sizeof(*keys));
	uint32_t done = 0, in = 0, out = 0;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	while (done < n) {
		__u32 cnt = n - done;
		int err = bpf_map_lookup_batch(fd, done ? &in : NULL, &out,
					       keys + done, vals + done, &cnt, &opts);

		done += cnt;
		in = out;
		if (err && errno != ENOENT) {
			lp_warn("cannot read syscall counts in batches (%s): reading them one by one",
				strerror(errno));
			for (; done < n; done++)
				bpf_map_lookup_elem(fd, &done, vals + done);
		}
		if (err || !cnt)
			break;
	}
	free(keys);
	return vals;
}

/* Add what every CPU's counter cache holds and has not folded yet. */
static void add_count_caches(struct lp_recorder *r, uint64_t *vals, uint32_t n)
{
	struct lp_cpu c;

	for (uint32_t cpu = 0; cpu < (uint32_t)r->ncpus; cpu++) {
		if (bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.cpus), &cpu, &c)) {
			lp_warn("cannot read CPU %u's counter cache (%s): its last counts are missing",
				cpu, strerror(errno));
			continue;
		}
		for (int i = 0; i < LP_CACHE_SIZE; i++) {
			const struct lp_cache_ent *e = &c.e[i];

			if (e->key && e->key - 1 < n)
				vals[e->key - 1] += e->n;
		}
	}
}

static void read_native_counts(struct lp_recorder *r, uint32_t nslots)
{
	uint32_t n = nslots * LP_NR_SPAN, flags;
	uint64_t *vals = read_count_array(r, n);
	char *names[LP_NR_SPAN] = { 0 };

	add_count_caches(r, vals, n);
	for (uint32_t slot = 0; slot < nslots; slot++) {
		struct lp_exe *e = NULL;

		slot_path(r, slot, &flags);
		if (slot != LP_SLOT_OVERFLOW && (flags & LP_EXE_RAN))
			e = slot_exe(r, slot);	/* ran, even if no syscall was seen */
		for (uint32_t nr = 0; nr < LP_NR_SPAN; nr++) {
			uint64_t sum = vals[slot * LP_NR_SPAN + nr];

			if (!sum)
				continue;
			if (!e)
				e = slot_exe(r, slot);
			if (!names[nr])
				names[nr] = lp_syscall_name(LP_ABI_X86_64, nr);
			add_count(e, LP_ABI_X86_64, names[nr], nr, sum);
		}
	}
	for (int i = 0; i < LP_NR_SPAN; i++)
		free(names[i]);
	free(vals);
}

static void read_rare_counts(struct lp_recorder *r, uint32_t nslots)
{
	int fd = bpf_map__fd(r->skel->maps.rare_counts);
	struct lp_rare_key key, next, *prev = NULL;
	uint64_t count;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		char *name;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &count) || !count ||
		    key.slot >= nslots || key.abi >= LP_ABI_COUNT)
			continue;
		name = lp_syscall_name((int)key.abi, key.nr);
		add_count(slot_exe(r, key.slot), (int)key.abi, name, key.nr, count);
		free(name);
	}
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
	r->rec->meta.lost[LP_LOST_TASKS] += r->unadopted;
	free(vals);
}

void recorder_read_maps(struct lp_recorder *r)
{
	uint32_t nslots = r->skel->data->next_slot;

	if (nslots > r->max_programs)
		nslots = r->max_programs;
	read_lost(r);
	read_native_counts(r, nslots);
	read_rare_counts(r, nslots);
	read_facts(r);
	read_unix_facts(r);
}
