/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The report people read: what a workload needs, in plain words first, then
 * the detail, the risks, a hardening checklist and what the recording could
 * not see. The model is built once from recordings; each format renders it.
 */
#ifndef LEARNPROF_REPORT_H
#define LEARNPROF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "caps.h"
#include "paths.h"
#include "recording.h"
#include "seccomp_gen.h"

struct rp_syscall {
	char *name;
	uint64_t count;
	uint32_t runs;		/* most runs any program saw it in */
	int group;		/* LP_GROUP_* */
	bool docker_allows;	/* Docker's default profile allows it */
	const char *risk;	/* why it is dangerous, or NULL */
};

struct rp_file {
	char *path;		/* within its directory group */
	uint32_t kinds, failed, flags, runs;
	char *errors;		/* "not found (ENOENT): read; denied (EACCES):
				 * write" or NULL */
	size_t folded;		/* > 0: "*", standing for this many files of
				 * the directory with these kinds and errors */
};

struct rp_dir {
	char *dir;
	struct rp_file *files;
	size_t nfiles;
};

struct rp_line {		/* a fact rendered as a line, with its runs */
	char *text;
	uint32_t runs;
};

struct rp_lines {
	struct rp_line *v;
	size_t n, cap;
};

/* RP_UNKNOWN: withheld, the probe that would have seen the contrary was
 * not active in every run (the evidence says which and why). */
enum rp_status { RP_READY = 0, RP_BLOCKED, RP_UNKNOWN };

/* "ready", "blocked", "unknown". */
const char *rp_status_name(enum rp_status s);

/* A syscall a program can reach but was not seen making (src/report/reach.c). */
struct rp_reach_sys {
	const struct lp_reach_item *item;	/* in the recording */
	int group;		/* LP_GROUP_* */
	const char *risk;	/* why it is dangerous, or NULL */
};

struct rp_reach_exe {
	const struct lp_exe *exe;	/* exe->reach NULL: not computed */
	struct rp_reach_sys *v;		/* most dangerous first */
	size_t n;
	struct rp_lines lines;		/* "dangerous: ...", then one per group */
	struct rp_lines limits;		/* where the static analysis stopped */
};

struct rp_check {
	const char *id;		/* CIS Docker Benchmark item */
	const char *title;
	enum rp_status status;
	char *evidence;
};

struct lp_report {
	const struct lp_recording *rec;
	struct lp_hardening hard;
	uint32_t runs;

	char **manifest;	/* plain sentences */
	size_t nmanifest;

	struct rp_syscall *sys;		/* what the application made */
	size_t nsys;
	struct lp_profile_count profile;	/* what its seccomp profile allows */
	size_t group_count[9];

	struct rp_dir *dirs;
	size_t ndirs;

	struct rp_lines network, programs, identities, exec_tree, signals;
	struct rp_lines risks;		/* dangerous syscalls and capabilities */
	struct rp_lines coverage;	/* what the recording may not show */
	struct rp_lines partial;	/* facts seen in fewer runs than all */

	size_t docker_total;		/* syscalls Docker's default allows */
	size_t docker_unused;		/* of those, never used here */
	struct rp_lines beyond_docker;	/* used but not allowed by Docker's default */
	struct rp_lines runtime;	/* the container runtime's programs, apart */

	struct rp_reach_exe *reach;	/* reachable but not observed, per program */
	size_t nreach;			/* 0: the recording does not hold it */

	/* The Landlock policy learned for LL_ABI_MAX (src/report/landlock.c):
	 * its rules counted, its up-front warnings, and "not enforceable by
	 * Landlock: ..." lines. */
	size_t ll_path_rules, ll_port_rules;
	struct rp_lines landlock;

	struct rp_check checks[6];
	size_t nchecks, nready;
};

void report_build(const struct lp_recording *rec, struct lp_report *r);
/* The same, for the profiles made with the runtime's floor (generate). */
void report_build_for(const struct lp_recording *rec, enum lp_runtime rt,
		      struct lp_report *r);

/* A directory with this many files sharing their access kinds (and
 * failures) shows them as one "*" line with the count, as AppArmor's
 * many-entries rule widens them (LP_GEN_MANY); a report lists twice as
 * many before it folds: fifteen lines still read, and name each file. */
#define RP_FOLD_MIN (2 * LP_GEN_MANY)
void report_free(struct lp_report *r);

enum lp_report_format {
	LP_REPORT_TEXT = 0,
	LP_REPORT_MARKDOWN,
	LP_REPORT_HTML,
	LP_REPORT_JSON,
};

/* Render; color applies to text only. */
char *report_render(const struct lp_report *r, enum lp_report_format f, bool color);
char *report_text(const struct lp_report *r, bool markdown, bool color);
char *report_json(const struct lp_report *r);
char *report_html(const struct lp_report *r);

#endif /* LEARNPROF_REPORT_H */
