// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Which programs of a recording get a profile, what each is called, and
 * which is the main one (exec modes ix, cx, px: include/apparmor.h).
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

/* ---- names -------------------------------------------------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("._+-", c));
}

int apparmor_exec_mode_from_name(const char *name)
{
	static const char *const modes[] = { "ix", "cx", "px" };

	for (int i = 0; i < (int)ARRAY_SIZE(modes); i++)
		if (!strcmp(name, modes[i]))
			return i;
	return -1;
}

/* A name from a program's file name: what name_char allows (and spaces
 * with keep_space) is kept, anything else becomes '_'. */
static char *name_from(const char *program, bool keep_space)
{
	char *s = xstrdup(*lp_base_name(program) ? lp_base_name(program) : "program");

	for (char *c = s; *c; c++)
		if (!name_char(*c) && !(keep_space && *c == ' '))
			*c = '_';
	return s;
}

static bool name_taken(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nprofs; i++)
		if (!strcmp(g->profs[i]->name, name))
			return true;
	return false;
}

/* name, or name-2, name-3, ...: the first that no profile has. */
static char *unique_name(const struct gen *g, char *name)
{
	char *n = xstrdup(name);

	for (int k = 2; name_taken(g, n); k++) {
		free(n);
		n = xasprintf("%s-%d", name, k);
	}
	free(name);
	return n;
}

/* ---- the programs -------------------------------------------------------- */

static bool is_program(const struct lp_exe *e)
{
	return e->path[0] == '/' &&
	       !(e->flags & (LP_PATH_TRUNCATED | LP_PATH_DETACHED | LP_PATH_FAULT));
}

/* Programs e executed successfully: its executes facts and exec accesses. */
void aa_execs_of(const struct lp_exe *e, struct strlist *out)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_EXECUTES];

	for (size_t i = 0; i < fs->n; i++)
		if (!fs->v[i].err && fs->v[i].s[0] && fs->v[i].s[0][0] == '/')
			sl_add(out, xstrdup(fs->v[i].s[0]));
	for (size_t i = 0; i < e->nfiles; i++) {
		const struct lp_file *f = e->files[i];

		if ((f->kinds & LP_F_EXEC) && f->path[0] == '/' &&
		    !(f->flags & (LP_FILE_MEMFD | LP_PATH_DETACHED | LP_PATH_TRUNCATED)))
			sl_add(out, xstrdup(f->path));
	}
	sl_sort_uniq(out);
}

/* How many other programs of the recording e leads to by exec. */
size_t aa_reachable(const struct lp_recording *r, const struct lp_exe *e)
{
	const struct lp_exe **q = NULL;
	size_t nq = 0, cap = 0;
	struct strmap seen;

	strmap_init(&seen);
	strmap_put(&seen, e->path, 0);
	*LP_PUSH(q, nq, cap) = e;
	for (size_t i = 0; i < nq; i++) {
		struct strlist ex = { 0 };

		aa_execs_of(q[i], &ex);
		for (size_t k = 0; k < ex.n; k++) {
			const struct lp_exe *t = rec_find_exe(r, ex.v[k]);

			if (t && !strmap_get(&seen, t->path, NULL)) {
				strmap_put(&seen, t->path, 0);
				*LP_PUSH(q, nq, cap) = t;
			}
		}
		sl_free(&ex);
	}
	free(q);
	strmap_free(&seen);
	return nq - 1;
}

static bool run_by_another(const struct gen *g, const struct lp_exe *e)
{
	bool found = false;

	for (size_t i = 0; i < g->nexes && !found; i++) {
		struct strlist ex = { 0 };

		if (g->exes[i] == e)
			continue;
		aa_execs_of(g->exes[i], &ex);
		for (size_t k = 0; k < ex.n && !found; k++)
			found = !strcmp(ex.v[k], e->path);
		sl_free(&ex);
	}
	return found;
}

/* The metas of the runs: a merge lists them in sources (its own target is
 * the first run's, so it depends on the order of the merge). */
void aa_run_metas(const struct lp_meta *m, const struct lp_meta **v, size_t *n)
{
	*n = m->nsources ? m->nsources : 1;
	for (size_t i = 0; i < *n; i++)
		v[i] = m->nsources ? &m->sources[i] : m;
}

/* Did a recorded program exec e under the name cmd (argv[0])? Wrappers and
 * shims do: pyenv's python3 runs env, bash, then python3.11 as "python3". */
static bool run_as(const struct gen *g, const struct lp_exe *e, const char *cmd)
{
	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_factset *fs = &g->exes[i]->facts[LP_CAT_EXECUTES];

		for (size_t k = 0; k < fs->n; k++)
			if (!fs->v[k].err && lp_streq(fs->v[k].s[0], e->path) && fs->v[k].s[1] &&
			    !strcmp(lp_base_name(fs->v[k].s[1]), lp_base_name(cmd)))
				return true;
	}
	return false;
}

/* Is e the program of a run's command: 3 by path, 2 by file name, 1 run
 * under the command's name by another program, else 0? */
static int command_match(const struct gen *g, const struct lp_exe *e)
{
	const struct lp_meta *m = &g->rec->meta, **v = xcalloc(m->nsources + 1, sizeof(*v));
	size_t n;
	int best = 0, k;

	aa_run_metas(m, v, &n);
	for (size_t i = 0; i < n; i++) {
		const char *cmd = v[i]->ncommand ? v[i]->command[0] : NULL;

		if (!cmd)
			continue;
		k = !strcmp(cmd, e->path) ? 3 : !strcmp(lp_base_name(cmd), lp_base_name(e->path)) ? 2 :
		    run_as(g, e, cmd) ? 1 : 0;
		best = k > best ? k : best;
	}
	free(v);
	return best;
}

/*
 * The main program: the recording does not mark it, so take the command's
 * program (by path, by file name, or run under its name by a wrapper), else
 * a program no other one ran, then the one that leads to the most others,
 * then the first by path.
 */
const struct lp_exe *aa_pick_main(const struct gen *g)
{
	const struct lp_exe *best = NULL;
	uint64_t best_score = 0;

	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_exe *e = g->exes[i];
		uint64_t score;

		if (!is_program(e))
			continue;
		score = (uint64_t)command_match(g, e) << 41 |
			(uint64_t)!run_by_another(g, e) << 40 | aa_reachable(g->rec, e);
		if (!best || score > best_score)
			best = e, best_score = score;
	}
	return best;
}

/* ---- the profiles ------------------------------------------------------- */

static struct prof *prof_new(struct gen *g, const char *program, char *name, char *label)
{
	struct prof *p = xcalloc(1, sizeof(*p));

	p->program = xstrdup(program);
	p->name = name;
	p->label = label;
	p->attach = true;
	p->deny_need = xcalloc(aa_ndocker_denies, sizeof(*p->deny_need));
	strmap_init(&p->acc_index);
	*LP_PUSH(g->profs, g->nprofs, g->capprofs) = p;
	strmap_put(&g->prog, p->program, g->nprofs - 1);
	return p;
}

struct prof *aa_prof_of(const struct gen *g, const char *program)
{
	size_t i;

	return program && strmap_get(&g->prog, program, &i) ? g->profs[i] : NULL;
}

/* The profile a program other than the main one runs under. */
static struct prof *program_profile(struct gen *g, const char *program)
{
	struct prof *p = aa_prof_of(g, program), *m = g->profs[0];
	char *name;

	if (p)
		return p;
	if (g->o->exec_mode == LP_AA_IX) {
		char *key = xstrdup(program);

		sl_add(&g->keep, key);
		strmap_put(&g->prog, key, 0);
		return m;
	}
	name = name_from(program, false);
	if (g->o->exec_mode == LP_AA_PX) {
		char *n = xasprintf("%s-%s", m->name, name);

		free(name);
		name = unique_name(g, n);
		p = prof_new(g, program, name, xstrdup(name));
		p->attach = false;	/* entered only from this workload */
	} else {
		name = unique_name(g, name);
		p = prof_new(g, program, name, xasprintf("%s//%s", m->name, name));
		p->nested = true;
	}
	return p;
}

static void prof_add_exe(struct prof *p, const struct lp_exe *e)
{
	*LP_PUSH(p->exes, p->nexes, p->capexes) = e;
}

void aa_build_profiles(struct gen *g, const struct lp_exe *main)
{
	char *name = lp_profile_name(g->rec, g->o->name);
	struct strlist all = { 0 };

	prof_add_exe(prof_new(g, main->path, name, xstrdup(name)), main);
	for (size_t i = 0; i < g->nexes; i++) {
		const struct lp_exe *e = g->exes[i];

		if (e != main)
			prof_add_exe(is_program(e) ? program_profile(g, e->path) : g->profs[0], e);
	}
	for (size_t i = 0; i < g->nexes; i++)
		aa_execs_of(g->exes[i], &all);
	sl_sort_uniq(&all);
	for (size_t i = 0; i < all.n; i++)
		program_profile(g, all.v[i]);
	sl_free(&all);
}
