// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report's Landlock section (include/report.h): the policy `learnprof
 * landlock` learns from the same recordings, for LL_ABI_MAX so the report
 * does not depend on the machine that renders it; its rules counted, what
 * it says up front, and what Landlock cannot enforce.
 */
#include "landlock.h"
#include "report_int.h"

void rp_build_landlock(struct lp_report *r)
{
	struct ll_gen_opts o = { .abi = LL_ABI_MAX };
	struct ll_learned l;

	ll_learn(r->rec, &o, &l);
	r->ll_path_rules = l.policy->npaths;
	r->ll_port_rules = l.policy->nports;
	rp_lines_add(&r->landlock, r->runs, "policy %s (learnprof landlock, ABI %d): %zu path "
		     "rule%s, %zu port rule%s", l.name, LL_ABI_MAX, r->ll_path_rules,
		     r->ll_path_rules == 1 ? "" : "s", r->ll_port_rules,
		     r->ll_port_rules == 1 ? "" : "s");
	for (size_t i = 0; i < l.warnings.n; i++)
		rp_lines_add(&r->landlock, r->runs, "cannot run under it: %s", l.warnings.v[i]);
	for (size_t i = 0; i < l.not_enforceable.n; i++)
		rp_lines_add(&r->landlock, r->runs, "not enforceable by Landlock: %s",
			     l.not_enforceable.v[i]);
	ll_learned_free(&l);
}
