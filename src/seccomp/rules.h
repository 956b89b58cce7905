/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The seccomp generator's rules, independent of the format they are written
 * in: built by gen.c, written by emit.c (OCI, Docker, Security Profiles
 * Operator).
 */
#ifndef LEARNPROF_SECCOMP_RULES_H
#define LEARNPROF_SECCOMP_RULES_H

#include <stdbool.h>
#include <stdint.h>
#include "recording.h"
#include "seccomp_gen.h"

struct nameset {
	char **names;
	size_t n, cap;
};
struct rule_arg {
	unsigned index;
	uint64_t value, value2;
	const char *op;
};

struct rule {
	struct nameset names;
	const char *action;
	int errno_ret;		/* -1: none */
	char *comment;
	struct rule_arg arg;
	bool has_arg;
};

struct ruleset {
	struct rule *v;
	size_t n, cap;
	bool abi[LP_ABI_COUNT];
	bool quiet;			/* counting: no warning */
	struct lp_profile_count count;	/* the names the rules allow */
};

char *sg_emit_json(const struct ruleset *rs, bool docker);
char *sg_emit_spo(const struct ruleset *rs, const struct lp_recording *rec,
		      const char *name);

#endif /* LEARNPROF_SECCOMP_RULES_H */
