/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The recorder's own state, shared by recorder.c (load, attach, drain the
 * ring buffer) and maps.c (read the maps at the end). Private to
 * src/record/.
 */
#ifndef LEARNPROF_RECORDER_INT_H
#define LEARNPROF_RECORDER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "recording.h"
#include "volatile.h"

struct ksyms;
struct learnprof_bpf;
struct bpf_link;
struct ring_buffer;

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
	unsigned unadopted;	/* threads of the cgroup given no storage */
};

/* The path of a program slot (NULL for none), cached once known; *flags
 * gets its LP_PATH_* and LP_EXE_* bits. */
const char *slot_path(struct lp_recorder *r, uint32_t slot, uint32_t *flags);
/* The Recording's program for a slot (added when new). */
struct lp_exe *slot_exe(struct lp_recorder *r, uint32_t slot);

/* Cgroup mode: give every thread in the cgroup tree task storage; returns
 * how many could not be given it (adopt.c). */
unsigned recorder_adopt_cgroup(struct lp_recorder *r, int cgroup_fd);

/* Counts, facts and losses from the maps into the recording (maps.c). */
void recorder_read_maps(struct lp_recorder *r);

#endif /* LEARNPROF_RECORDER_INT_H */
