/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Every artifact made from recordings, under stable file names. */
#ifndef LEARNPROF_ARTIFACTS_H
#define LEARNPROF_ARTIFACTS_H

#include "recording.h"
#include "seccomp_gen.h"

struct lp_artifact_opts {
	const char *name;		/* profile name */
	enum lp_runtime runtime;
};

/* Write them all into dir (which exists); prints each written file's name
 * on stdout. Returns 0, or -1 with an error printed. */
int artifacts_write(const struct lp_recording *rec,
		    const struct lp_artifact_opts *o, const char *dir);

#endif /* LEARNPROF_ARTIFACTS_H */
