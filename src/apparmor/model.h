/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The AppArmor generator's own model, shared by the files of src/apparmor/:
 * the profiles being built (struct prof), each recorded path merged over a
 * profile's programs (struct facc), and the generation (struct gen).
 */
#ifndef LEARNPROF_APPARMOR_MODEL_H
#define LEARNPROF_APPARMOR_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "apparmor.h"
#include "recording.h"
#include "strmap.h"
#include "util.h"

#define DENIED_MAX 50		/* "denied while recording" lines per profile */
#define COMMENT_MAX 160		/* bytes of a recorded string in a comment */

struct sigpeer {
	char *peer;		/* the label of the profile on the other side */
	uint64_t send, recv;	/* bit n-1: signal n */
};

/* One recorded path, merged over the programs of a profile. */
struct facc {
	const char *path;
	uint32_t ok, flags;	/* LP_F_* that succeeded; LP_PATH_* | LP_FILE_* */
	uint32_t varies;	/* lp_vol_rules that made the stable name */
	char *observed[LP_FILE_OBSERVED + 1];	/* borrowed, NULL-terminated */
	struct lp_file_err *errs;
	size_t nerrs, caperrs;
};

struct prof {
	char *name;		/* written after "profile" */
	char *label;		/* how peers and exec rules name it */
	char *program;		/* the program it runs */
	bool nested;		/* a cx child, written inside the main profile */
	bool attach;		/* attach to program (not for px profiles) */
	const struct lp_exe **exes;
	size_t nexes, capexes;
	struct facc *acc;
	size_t nacc, capacc;
	struct strmap acc_index;
	struct sigpeer *sig;
	size_t nsig, capsig;
	size_t base_covered;	/* accesses abstractions/base allows */
	char **deny_need;	/* per Docker deny: what needs it, or NULL */
	bool entered;		/* another profile's exec rule leads here */
	bool uses_alg;
	char *mount_call;	/* a mount syscall it made */
	struct strlist caps, cap_denied, net, peers, progs, execs, files;
	struct strlist notes, denied, failed, hardening;
};

struct gen {
	const struct lp_recording *rec;
	const struct lp_apparmor_opts *o;
	const struct lp_exe **exes;	/* sorted by path */
	size_t nexes;
	struct prof **profs;		/* [0] is the main profile */
	size_t nprofs, capprofs;
	struct strmap prog;		/* program path -> index in profs */
	struct strlist keep;		/* owns keys of prog not owned by a profile */
};
/* sl_addf with one recorded string passed through aa_comment_text. */
#define SL_ADD_SAFE(sl, fmt, raw, ...)                                      \
	do {                                                                \
		char *_t = aa_comment_text(raw);                            \
		sl_addf(sl, fmt, _t, ##__VA_ARGS__);                        \
		free(_t);                                                   \
	} while (0)

void aa_execs_of(const struct lp_exe *e, struct strlist *out);
size_t aa_reachable(const struct lp_recording *r, const struct lp_exe *e);
void aa_run_metas(const struct lp_meta *m, const struct lp_meta **v, size_t *n);
const struct lp_exe *aa_pick_main(const struct gen *g);
struct prof *aa_prof_of(const struct gen *g, const char *program);
void aa_build_profiles(struct gen *g, const struct lp_exe *main);
char *aa_exec_mode(const struct gen *g, const struct prof *p, const char *program);
void aa_collect(struct gen *g, struct prof *p);
void aa_finish(struct gen *g, struct prof *p);
char *aa_comment_text(const char *s);
char *aa_name_text(const char *name);
char *aa_literal_pattern(const char *path);
char *aa_emit(struct gen *g);
struct strlist *aa_failure_list(struct prof *p, int err);

#endif /* LEARNPROF_APPARMOR_MODEL_H */
