/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The seccomp profile generator: a pure function of recordings. */
#ifndef LEARNPROF_SECCOMP_GEN_H
#define LEARNPROF_SECCOMP_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include "recording.h"

enum lp_seccomp_format {
	LP_SECCOMP_OCI = 0,	/* runc/crun/Kubernetes localhost */
	LP_SECCOMP_DOCKER,	/* docker --security-opt seccomp= */
	LP_SECCOMP_SPO,		/* Security Profiles Operator SeccompProfile (YAML) */
};

enum lp_runtime {
	LP_RUNTIME_NONE = 0,
	LP_RUNTIME_RUNC,
};

/* What the profile does with the syscalls a program can reach but was not
 * seen making (the recording's "reachable" sets, docs/reach.md). */
enum lp_unobserved {
	LP_UNOBSERVED_DENY = 0,	/* the default action: EPERM */
	LP_UNOBSERVED_LOG,	/* allowed and logged by the kernel (SCMP_ACT_LOG) */
	LP_UNOBSERVED_ALLOW,
};

/* The comment of every rule --unobserved adds starts so. */
#define LP_UNOBSERVED_COMMENT "reachable but not observed"

struct lp_seccomp_opts {
	enum lp_seccomp_format format;
	bool args;		/* pin socket families, clone flags, personality */
	enum lp_runtime runtime;	/* add the runtime's post-filter floor */
	bool all_abis;		/* list x86_64, i386 and x32 even if unseen */
	bool exact;		/* no companions: only what was observed */
	const char *name;	/* metadata.name for SPO (NULL: lp_profile_name) */
	enum lp_unobserved unobserved;
};

/* The profile text (malloc'd, ends in a newline); NULL on error (printed). */
char *lp_seccomp_generate(const struct lp_recording *rec,
		       const struct lp_seccomp_opts *opts);

/* The syscall names a profile allows, and where they come from: the one
 * count every output states (the report's "N syscalls" is this). */
struct lp_profile_count {
	size_t allowed;		/* = observed + companions + floor + unobserved */
	size_t observed;	/* the application made them */
	size_t companions;	/* implied by those (lp_companions) */
	size_t floor;		/* the container runtime's, after its filter */
	size_t unobserved;	/* reachable, not observed: logged or allowed */
};

/* What lp_seccomp_generate(rec, opts) would allow; prints nothing. */
void lp_seccomp_count(const struct lp_recording *rec, const struct lp_seccomp_opts *opts,
		   struct lp_profile_count *c);

/* The syscalls a runtime makes after installing the filter and before
 * exec'ing the entrypoint (sorted); NULL for LP_RUNTIME_NONE. */
const char *const *lp_runtime_floor(enum lp_runtime rt, size_t *n);
/* The calls runc's Go scheduler makes when timing decides, which a profile
 * with a measured runc floor allows too (sorted). */
const char *const *lp_runc_timing(size_t *n);
/* "runc" -> LP_RUNTIME_RUNC, "none"; -1 when unknown. */
int lp_runtime_from_name(const char *name);

#endif /* LEARNPROF_SECCOMP_GEN_H */
