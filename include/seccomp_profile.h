/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading a seccomp profile (OCI, Docker, or a Security Profiles Operator
 * resource in JSON) into a plain model, and building its libseccomp filter.
 */
#ifndef LEARNPROF_SECCOMP_PROFILE_H
#define LEARNPROF_SECCOMP_PROFILE_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lp_sc_rule {
	uint32_t action;		/* SCMP_ACT_*, errno folded in */
	char **names;
	size_t nnames;
	struct scmp_arg_cmp args[6];
	unsigned nargs;
	bool split;			/* one argument compared twice: OR */
	char *comment;
};

struct lp_sc_profile {
	uint32_t default_action;
	uint32_t *arches;		/* SCMP_ARCH_* that apply here */
	size_t narches;
	char **flags;			/* SECCOMP_FILTER_FLAG_* */
	size_t nflags;
	struct lp_sc_rule *rules;	/* only rules that apply on this machine */
	size_t nrules;
};

/* Parse; NULL with one line printed on failure. */
struct lp_sc_profile *lp_sc_profile_parse(const char *text, size_t len,
					const char *name);
struct lp_sc_profile *lp_sc_profile_read(const char *path);
void lp_sc_profile_free(struct lp_sc_profile *p);

/* Build the filter. complain 0 keeps the profile's default action; in
 * complain mode it is the action that replaces it: SCMP_ACT_LOG (the kernel
 * logs and allows), or SCMP_ACT_NOTIFY (a supervisor lets the call go on
 * and names it; then the profile's SCMP_ACT_LOG rules notify too). NULL
 * with one line printed on failure. */
scmp_filter_ctx lp_sc_profile_build(const struct lp_sc_profile *p,
				   uint32_t complain, const char *name);

/* Read and build in one step. */
scmp_filter_ctx lp_seccomp_load(const char *path, uint32_t complain);
scmp_filter_ctx lp_seccomp_parse(const char *text, size_t len,
				      const char *name, uint32_t complain);

#endif /* LEARNPROF_SECCOMP_PROFILE_H */
