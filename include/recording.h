/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The Recording: what one or more runs of a workload did, per executable.
 * It is the contract between the recorder and every generator; its JSON form
 * is documented in docs/recording.md.
 */
#ifndef LEARNPROF_RECORDING_H
#define LEARNPROF_RECORDING_H

#include <stdbool.h>
#include <stdint.h>
#include "learnprof_abi.h"
#include "strmap.h"
#include "util.h"

struct lp_vol_ctx;

#define LP_RECORDING_FORMAT "learnprof-recording"
#define LP_RECORDING_SCHEMA 1
/* Largest recording file accepted, to bound memory on hostile input. */
#define LP_RECORDING_MAX_BYTES (1024UL * 1024 * 1024)

/* Executable names that are not paths. */
#define LP_EXE_UNATTRIBUTED "<unattributed>"

struct lp_syscall {
	char *name;
	int64_t nr;		/* -1 when the name has no number here */
	uint64_t count;
	uint32_t runs;		/* runs in which it was seen */
};

/* Flags of a file beyond LP_PATH_* (which use the low 16 bits). */
#define LP_FILE_OWN	(1U << 16)	/* /proc/<pid> of the task itself */
#define LP_FILE_MEMFD	(1U << 17)	/* a memfd, not a path on disk */

struct lp_file_err {
	int err;		/* errno */
	uint32_t kinds;		/* LP_F_* that failed with it */
};

/* Literal names kept for a file whose name varies (include/volatile.h). */
#define LP_FILE_OBSERVED 3

struct lp_file {
	char *path;		/* the stable name */
	uint32_t kinds;		/* LP_F_* that succeeded */
	uint32_t flags;		/* LP_PATH_* | LP_FILE_* */
	struct lp_file_err *errs;
	size_t nerrs;
	uint32_t runs;
	uint32_t varies;	/* bit i: lp_vol_rules[i] made the stable name */
	char *observed[LP_FILE_OBSERVED];	/* the smallest literal names
						 * seen, sorted; NULL after */
};

/*
 * Every other fact is a small record of up to three strings and five
 * numbers, an errno and a count, whose meaning depends on its category
 * (see the table in recording_json.c and docs/recording.md).
 */
enum lp_cat {
	LP_CAT_CAPS = 0,	/* capability, syscall, function; optional;
				 * error EPERM: denied */
	LP_CAT_SOCKETS,		/* family, type; protocol */
	LP_CAT_BIND,		/* family, type, address; port, protocol */
	LP_CAT_LISTEN,
	LP_CAT_CONNECT,
	LP_CAT_SENDTO,
	LP_CAT_ACCEPT,		/* family, type, peer; port (local), protocol */
	LP_CAT_EXECUTES,	/* program, argv0 */
	LP_CAT_CREDS,		/* ; uid, euid, gid, egid, no_new_privs */
	LP_CAT_IDENTITY,	/* syscall; arg0, arg1, arg2 */
	LP_CAT_SIGNALS,		/* signal, peer */
	LP_CAT_PTRACE,		/* request, peer */
	LP_CAT_CLONE,		/* syscall, namespaces; flags */
	LP_CAT_PERSONALITY,	/* ; persona */
	LP_CAT_PRCTL,		/* option; arg2 */
	LP_CAT_IOCTL,		/* file_type, name, device; request */
	LP_CAT_COUNT,
};

#define LP_FACT_S 3
#define LP_FACT_N 5

struct lp_fact {
	char *s[LP_FACT_S];	/* NULL when unused */
	int64_t n[LP_FACT_N];
	int err;
	uint64_t count;
	uint32_t runs;
};

struct lp_factset {
	struct lp_fact *v;
	size_t n, cap;
	struct strmap index;	/* key -> position; keys owned in keys[] */
	char **keys;
};

/*
 * Reachable but not observed (src/recording/reachable.c; computed by
 * src/reach/, docs/reach.md): the x86_64 syscalls a program and the
 * libraries it mapped can make through the C library functions they import,
 * less those it was seen making.
 */
/* The name a syscall found by the static scan is reached through. */
#define LP_REACH_SCAN_FUNC "<syscall instruction>"

struct lp_reach_item {
	char *syscall;		/* x86_64 name */
	struct strlist funcs;	/* the functions that reach it, sorted */
	struct strlist files;	/* the files that import them, sorted */
};

struct lp_reach {
	struct lp_reach_item *v;	/* sorted by syscall name */
	size_t n, cap;
	struct strlist read;	/* files read, sorted */
	struct strlist any;	/* files importing syscall(): anything reachable */
	struct strlist scanned;	/* static files read by the instruction scan */
	struct strlist unread;	/* "<path>: <why>" for files not read */
};

struct lp_exe {
	char *path;
	uint32_t flags;		/* LP_PATH_* of the executable's path */
	uint32_t runs;
	struct lp_syscall *sys[LP_ABI_COUNT];
	size_t nsys[LP_ABI_COUNT], capsys[LP_ABI_COUNT];
	struct lp_file **files;
	size_t nfiles, capfiles;
	struct strmap file_index;
	struct lp_factset facts[LP_CAT_COUNT];
	struct lp_reach *reach;	/* NULL: not computed (older recordings) */
};

struct lp_probe {
	char *name;
	char *hook;		/* what it attaches to */
	bool active;
	char *reason;		/* why not, when inactive */
	char *note;		/* what it does not see, when active */
};

enum lp_target_kind {
	LP_TARGET_COMMAND = 0,
	LP_TARGET_CGROUP,
	LP_TARGET_CONTAINER,
};

struct lp_meta {
	char *version;		/* learnprof's */
	char *kernel;		/* uname -r */
	char *machine;		/* uname -m */
	char *start, *end;	/* RFC 3339, UTC */
	uint32_t runs;
	enum lp_target_kind kind;
	char **command;
	size_t ncommand;
	char *cgroup;		/* cgroup v2 path, relative to the mount */
	char *user;		/* --user, if given */
	char *container_id;	/* container targets: */
	char *container_runtime;
	char *image, *image_digest;
	char *bundle;
	bool startup_missed;	/* attached to a running container: its start-up
				 * (runtime set-up, the entrypoint's first calls)
				 * was not recorded */
	bool has_exit;
	int exit_status;	/* as record returns it: 128+N for signal N */
	int exit_signal;	/* N, or 0 */
	int no_new_privs;	/* -1 unknown, 0, 1 */
	uint64_t lost[LP_LOST_COUNT];
	struct lp_probe *probes;
	size_t nprobes;
	struct lp_meta *sources;	/* the runs a merge was made of */
	size_t nsources;
};

struct lp_recording {
	struct lp_meta meta;
	struct lp_exe **exes;
	size_t nexes, capexes;
	struct strmap exe_index;	/* path -> index in exes */
};

const char *lp_lost_name(int i);

struct lp_recording *rec_new(void);
void rec_free(struct lp_recording *r);
void meta_free(struct lp_meta *m);
void meta_copy(struct lp_meta *dst, const struct lp_meta *src);

/* Find or add an executable / a syscall of an executable. */
struct lp_exe *rec_exe(struct lp_recording *r, const char *path);
struct lp_exe *rec_find_exe(const struct lp_recording *r, const char *path);
struct lp_syscall *exe_syscall(struct lp_exe *e, int abi, const char *name,
			       int64_t nr);
struct lp_syscall *exe_find_syscall(const struct lp_exe *e, int abi,
				    const char *name);

void rec_add_probe(struct lp_recording *r, const char *name, const char *hook,
		   bool active, const char *reason, const char *note);

/*
 * Was everything the named probe sees observed, in every run? A probe
 * missing from the recording's list counts as not observed. When not, and
 * why is not NULL, *why gets a malloc'd sentence saying so ("the
 * capabilities probe was not active: <reason>"); otherwise *why is NULL.
 * Every claim that the absence of a fact would support (no capability
 * needed, nothing written, no argument value but these) asks this first.
 */
bool rec_observed(const struct lp_recording *rec, const char *probe, char **why);

/* Files: find or add, and record an access (err 0: it succeeded). */
struct lp_file *exe_file(struct lp_exe *e, const char *path);
struct lp_file *exe_find_file(const struct lp_exe *e, const char *path);
void file_add(struct lp_file *f, uint32_t kinds, int err, uint32_t flags);
void file_free(struct lp_file *f);
/* Keep name among the observed literal names (the smallest, sorted). */
void file_add_observed(struct lp_file *f, const char *name);
/* Add everything from says (accesses, errors, flags, observed names, rules)
 * to into; runs are the caller's. */
void file_merge(struct lp_file *into, const struct lp_file *from);

/* Facts: add (count summed when the same fact is already there). */
struct lp_fact *exe_fact(struct lp_exe *e, enum lp_cat cat,
			 const struct lp_fact *f);

/* File kind names: "read", "write", ..., "lock"; -1 when unknown. */
const char *lp_file_kind_name(int bit);
int lp_file_kind_from_name(const char *name);

/* Put executables and their facts in canonical (sorted) order. */
void rec_sort(struct lp_recording *r);

/* Load and validate a recording; on failure prints one line naming the file
 * and the problem and returns NULL. */
struct lp_recording *rec_load(const char *path);
struct lp_recording *rec_parse(const char *text, size_t len, const char *name);

/* Canonical JSON text (malloc'd), and an atomic save. */
char *rec_to_json(struct lp_recording *r);
int rec_save(struct lp_recording *r, const char *path);

/* Union of from into into: counts summed, runs summed. */
void rec_merge(struct lp_recording *into, const struct lp_recording *from);

/* The suffix of a program's companion entry: what it did after it
 * installed a seccomp filter (until it exec'd). */
#define LP_AFTER_FILTER_SUFFIX " (after seccomp filter)"

/* Is this a container runtime's program (runc, crun, conmon, shims)? Its
 * own behaviour is the runtime's, not the application's; only what it did
 * after installing the container's filter belongs in the profile. */
bool rec_is_runtime_program(const char *path);
/* One of runc's programs (runc, runc:[2:INIT], ...), whose init is Go. */
bool rec_is_runc(const char *path);

/* Fold the "after seccomp filter" entries of programs that are not
 * container runtimes back into their program. */
void rec_fold_after_filter(struct lp_recording *r);

/* Add everything from's facts say to into (counts and runs summed). */
void exe_merge_into(struct lp_exe *into, const struct lp_exe *from);

/*
 * (src/recording/stabilise.c) Re-key every file of a recording by its stable name: entries that share
 * one are merged, their literal names kept as observed examples. c holds
 * what the recorder learned (pids), or is NULL; its evidence is (re)built
 * from the recording. Idempotent. Sorts the recording.
 */
void lp_vol_stabilise(struct lp_recording *r, struct lp_vol_ctx *c);

/*
 * (src/recording/reachable.c) The item of syscall, added when missing;
 * sort and de-duplicate everything; free (NULL is fine). Merging unions
 * what from says into *into (allocated when NULL), then drops what the
 * program e was observed making (x86_64).
 */
struct lp_reach_item *reach_item(struct lp_reach *r, const char *syscall);
void reach_sort(struct lp_reach *r);
void reach_free(struct lp_reach *r);
void reach_merge(struct lp_reach **into, const struct lp_reach *from,
		 const struct lp_exe *e);

/* Load and merge several files; NULL (error printed) on failure. */
struct lp_recording *rec_load_all(char *const *paths, int n);

#endif /* LEARNPROF_RECORDING_H */
