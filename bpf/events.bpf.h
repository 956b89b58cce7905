/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * How facts leave the kernel. Facts without strings are counted in the
 * "facts" and "unix_facts" hashes (read once at the end, never lost unless
 * a hash is full, which is counted). Facts with a path or argv[0] go through
 * the ring buffer, once each: the "seen" LRU hash remembers what was sent
 * per program, and a failed send forgets it again so a later sighting can
 * retry. Every failure is counted in "lost".
 */
#ifndef LEARNPROF_EVENTS_BPF_H
#define LEARNPROF_EVENTS_BPF_H

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LP_LOST_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/*
 * What a recorded syscall touches, a struct lp_cpu per CPU in one plain
 * array (max_entries = the possible CPUs, set at load): the task cache, the
 * counter cache, the decoded numbers and the status line's totals.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lp_cpu);
} cpus SEC(".maps");

static __always_inline struct lp_cpu *lp_this_cpu(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&cpus, &cpu);
}

/* Add one to a status-line total of this CPU (tracepoint programs do not
 * nest on a CPU while they count: no atomic). */
static __always_inline void lp_note_file_or_exec(bool file)
{
	struct lp_cpu *c = lp_this_cpu();

	if (!c)
		return;
	if (file)
		c->sum.files++;
	else
		c->sum.execs++;
}

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);	/* --buffer-size */
} events SEC(".maps");

struct lp_seen_key {
	__u32 slot;
	__u32 type;	/* LP_EV_* */
	__u32 kinds;
	__s32 err;
	__u64 a;	/* inode, or a hash of the name */
	__u64 b;	/* device | inode generation << 32 (LP_EV_FILE of an
			 * open file); the path's length (LP_EV_FILE of a
			 * path string); uid | euid << 32 (LP_EV_EXEC) */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 49152);
	__type(key, struct lp_seen_key);
	__type(value, __u8);
} seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct lp_fact_key);
	__type(value, __u64);
} facts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct lp_unix_key);
	__type(value, __u64);
} unix_facts SEC(".maps");

/* Event staging, one per CPU: the file event is built here and sent with
 * only as many bytes as its path needs. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lp_ev_file);
} ev_file_buf SEC(".maps");

/* Atomic although per CPU: a program in interrupt context (signals) may
 * count a loss in the middle of another's. Never on a hot path. */
static __always_inline void lp_lose(__u32 what)
{
	__u64 *c = bpf_map_lookup_elem(&lost, &what);

	if (c)
		__sync_fetch_and_add(c, 1);
}

/* Count one occurrence of a fact. */
static __always_inline void lp_fact_add(struct lp_fact_key *k)
{
	__u64 one = 1, *c = bpf_map_lookup_elem(&facts, k);

	if (c) {
		__sync_fetch_and_add(c, 1);
		return;
	}
	if (bpf_map_update_elem(&facts, k, &one, BPF_NOEXIST)) {
		c = bpf_map_lookup_elem(&facts, k);
		if (c)
			__sync_fetch_and_add(c, 1);
		else
			lp_lose(LP_LOST_FACTS);
	}
}

static __always_inline void lp_unix_add(struct lp_unix_key *k)
{
	__u64 one = 1, *c = bpf_map_lookup_elem(&unix_facts, k);

	if (c) {
		__sync_fetch_and_add(c, 1);
		return;
	}
	if (bpf_map_update_elem(&unix_facts, k, &one, BPF_NOEXIST)) {
		c = bpf_map_lookup_elem(&unix_facts, k);
		if (c)
			__sync_fetch_and_add(c, 1);
		else
			lp_lose(LP_LOST_FACTS);
	}
}

/* True the first time a key is offered (and remembered). */
static __always_inline bool lp_first_sighting(struct lp_seen_key *k)
{
	__u8 one = 1;

	if (bpf_map_lookup_elem(&seen, k))
		return false;
	return bpf_map_update_elem(&seen, k, &one, BPF_NOEXIST) == 0;
}

/* Wake the reader only when the buffer is a quarter full; meanwhile the
 * session loop drains it on its own tick (every 250 ms, session.c), so
 * events wait at most that long and no wakeup is paid per event. */
static __always_inline __u64 lp_wakeup_flags(void)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 size = bpf_ringbuf_query(&events, BPF_RB_RING_SIZE);

	return avail > size / 4 ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/* Send, or count the loss and forget the key so it may be sent later. */
static __always_inline bool lp_send(void *data, __u64 size,
				    struct lp_seen_key *k)
{
	if (bpf_ringbuf_output(&events, data, size, lp_wakeup_flags())) {
		lp_lose(LP_LOST_EVENTS);
		bpf_map_delete_elem(&seen, k);
		return false;
	}
	lp_note_file_or_exec(k->type == LP_EV_FILE);
	return true;
}

#endif /* LEARNPROF_EVENTS_BPF_H */
