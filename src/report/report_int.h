/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the parts of the report model share (report.c, files.c, summary.c,
 * reach.c).
 */
#ifndef LEARNPROF_REPORT_INT_H
#define LEARNPROF_REPORT_INT_H

#include <stdint.h>
#include "report.h"

void rp_build_files(struct lp_report *r);
void rp_build_manifest(struct lp_report *r);
void rp_build_checklist(struct lp_report *r);
void rp_build_coverage(struct lp_report *r);
void rp_build_reach(struct lp_report *r);
void rp_free_reach(struct lp_report *r);
void rp_build_landlock(struct lp_report *r);
void rp_lines_free(struct rp_lines *l);
void rp_lines_add(struct rp_lines *l, uint32_t runs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LEARNPROF_REPORT_INT_H */
