/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The AppArmor profile generator (docs/apparmor.md): a pure function of a
 * recording, byte-for-byte deterministic, no I/O.
 */
#ifndef LEARNPROF_APPARMOR_H
#define LEARNPROF_APPARMOR_H

#include <stdbool.h>

#include "recording.h"

/* How the programs the main program runs are confined. */
enum lp_aa_exec {
	LP_AA_IX = 0,	/* ix: under the main profile (one profile for all) */
	LP_AA_CX,	/* cx: a child profile each, inside the main profile */
	LP_AA_PX,	/* px: a discrete profile each, in the same file */
};

struct lp_apparmor_opts {
	const char *name;	/* profile name; NULL: learnprof-<program> */
	bool complain;		/* flags=(..., complain) */
	enum lp_aa_exec exec_mode;
	bool no_glob;		/* write every recorded path literally */
};

/* The profile text (malloc'd), or NULL after printing one line saying why. */
char *apparmor_generate(const struct lp_recording *rec, const struct lp_apparmor_opts *opts);

/* "ix", "cx", "px" <-> mode; -1 when unknown. */
int apparmor_exec_mode_from_name(const char *name);

#endif /* LEARNPROF_APPARMOR_H */
