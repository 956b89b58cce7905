// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The AppArmor profile for recordings (include/apparmor.h, docs/apparmor.md).
 *
 * One profile for the main program and, with exec mode cx or px, one for
 * every other program. Each holds abstractions/base; the capabilities
 * granted and not optional; network rules from its sockets; signal and
 * ptrace rules naming the peer's profile; exec rules for the programs it
 * ran; file rules with merged permissions, generalised by the table in
 * src/policy/paths.c, each widening commented; comments for what failed; and
 * Docker's hardening denies, except one the workload needs. Sorted, no I/O.
 * This file is the entry: the steps live in programs.c, facts.c, emit.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"
#include "apparmor_rules.h"
#include "learnprof_abi.h"
#include "names.h"
#include "apparmor_pattern.h"
#include "profile_name.h"
#include "recording.h"
#include "strmap.h"
#include "util.h"
#include "volatile.h"
#include "model.h"

/* A permission error was denied; anything else (ENOENT, EROFS, ...) failed. */
struct strlist *aa_failure_list(struct prof *p, int err)
{
	return err == EACCES || err == EPERM ? &p->denied : &p->failed;
}

/* ---- entry --------------------------------------------------------------- */

static void prof_free(struct prof *p)
{
	struct strlist *lists[] = { &p->caps, &p->cap_denied, &p->net, &p->peers, &p->progs,
				    &p->execs, &p->files, &p->notes, &p->denied, &p->failed,
				    &p->hardening };

	if (!p)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		sl_free(lists[i]);
	for (size_t i = 0; i < p->nacc; i++)
		free(p->acc[i].errs);
	for (size_t i = 0; i < p->nsig; i++)
		free(p->sig[i].peer);
	for (size_t i = 0; i < aa_ndocker_denies; i++)
		free(p->deny_need[i]);
	strmap_free(&p->acc_index);
	free(p->deny_need);
	free(p->acc);
	free(p->sig);
	free(p->exes);
	free(p->mount_call);
	free(p->name);
	free(p->label);
	free(p->program);
	free(p);
}

static int cmp_exe(const void *a, const void *b)
{
	return strcmp((*(const struct lp_exe *const *)a)->path,
		      (*(const struct lp_exe *const *)b)->path);
}

char *apparmor_generate(const struct lp_recording *rec, const struct lp_apparmor_opts *opts)
{
	struct gen g = { .rec = rec, .o = opts };
	const struct lp_exe *main;
	const char *why;
	char *text = NULL;

	strmap_init(&g.prog);
	if (opts->name && (why = lp_profile_name_problem(opts->name))) {
		lp_err("profile name '%s': %s", opts->name, why);
		goto cleanup;
	}
	g.nexes = rec->nexes;
	g.exes = xcalloc(rec->nexes, sizeof(*g.exes));
	memcpy(g.exes, rec->exes, rec->nexes * sizeof(*g.exes));
	lp_qsort(g.exes, g.nexes, sizeof(*g.exes), cmp_exe);
	main = aa_pick_main(&g);
	if (!main) {
		lp_err("apparmor: the recording has no program to write a profile for");
		goto cleanup;
	}
	aa_build_profiles(&g, main);
	for (size_t i = 0; i < g.nprofs; i++)
		aa_collect(&g, g.profs[i]);
	for (size_t i = 0; i < g.nprofs; i++)
		aa_finish(&g, g.profs[i]);
	text = aa_emit(&g);
cleanup:
	for (size_t i = 0; i < g.nprofs; i++)
		prof_free(g.profs[i]);
	free(g.profs);
	free(g.exes);
	strmap_free(&g.prog);
	sl_free(&g.keep);
	return text;
}
