// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Capabilities and hardening from recordings (a pure function).
 *
 * A capability is needed when the kernel checked it, granted it, and the
 * check was not one it makes without auditing (the "optional" checks, like
 * the admin memory reserve of vm_enough_memory): a capability only ever
 * denied was not needed by the run. The evidence for each claim is what was
 * observed, so a reviewer can check it, and a claim whose probe was not
 * active in every run is withheld with the reason: which capabilities, the
 * user to run as (the one the service ran as), a read-only root with the
 * places it writes (a volume where data was there before the run, else a
 * tmpfs), no-new-privileges.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "jsonutil.h"
#include "names.h"
#include "profile_name.h"
#include "companions.h"
#include "strmap.h"
#include "util.h"

#define WRITE_KINDS (LP_F_WRITE | LP_F_APPEND | LP_F_CREATE | LP_F_DELETE | \
		     LP_F_RENAME | LP_F_LINK | LP_F_CHMOD | LP_F_CHOWN)

/* Paths that are not the root filesystem's in a container. */
static bool virtual_path(const char *p)
{
	static const char *const prefixes[] = { "/proc/", "/sys/", "/dev/", "<" };

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(p, prefixes[i], strlen(prefixes[i])))
			return true;
	return !strcmp(p, "/proc") || !strcmp(p, "/sys") || !strcmp(p, "/dev");
}

static struct lp_cap_need *need_of(struct lp_hardening *h, int cap, size_t *cap_alloc)
{
	struct lp_cap_need *n;

	for (size_t i = 0; i < h->nneeded; i++)
		if (h->needed[i].cap == cap)
			return &h->needed[i];
	n = LP_PUSH(h->needed, h->nneeded, *cap_alloc);
	memset(n, 0, sizeof(*n));
	n->cap = cap;
	return n;
}

static void add_use(struct lp_cap_need *n, const char *program, const struct lp_fact *f)
{
	struct lp_cap_use *u;

	for (size_t i = 0; i < n->nuses; i++) {
		u = &n->uses[i];
		if (!strcmp(u->program, program) && lp_streq(u->syscall, f->s[1]) &&
		    lp_streq(u->function, f->s[2])) {
			u->count += f->count;
			return;
		}
	}
	n->uses = xrealloc(n->uses, (n->nuses + 1) * sizeof(*n->uses));
	u = &n->uses[n->nuses++];
	u->program = xstrdup(program);
	u->syscall = f->s[1] ? xstrdup(f->s[1]) : NULL;
	u->function = f->s[2] ? xstrdup(f->s[2]) : NULL;
	u->count = f->count;
}

static int cmp_need(const void *a, const void *b)
{
	return ((const struct lp_cap_need *)a)->cap - ((const struct lp_cap_need *)b)->cap;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void push_int(int **v, size_t *n, int x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof(int));
	(*v)[(*n)++] = x;
}

static void analyze_caps(const struct lp_recording *rec, struct lp_hardening *h)
{
	bool granted[64] = { 0 }, denied[64] = { 0 }, optional[64] = { 0 };
	size_t alloc = 0;

	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_factset *fs = &rec->exes[i]->facts[LP_CAT_CAPS];

		if (rec_is_runtime_program(rec->exes[i]->path))
			continue;	/* the runtime's set-up, not the container's */
		for (size_t k = 0; k < fs->n; k++) {
			const struct lp_fact *f = &fs->v[k];
			int cap = f->s[0] ? lp_cap_from_name(f->s[0]) : -1;

			if (cap < 0 || cap >= 64)
				continue;
			if (f->n[0]) {
				optional[cap] = true;
			} else if (f->err) {
				denied[cap] = true;
			} else {
				granted[cap] = true;
				add_use(need_of(h, cap, &alloc), rec->exes[i]->path, f);
			}
		}
	}
	for (int c = 0; c < 64; c++) {
		if (denied[c] && !granted[c])
			push_int(&h->denied, &h->ndenied, c);
		if (optional[c] && !granted[c] && !denied[c])
			push_int(&h->optional, &h->noptional, c);
	}
	lp_qsort(h->needed, h->nneeded, sizeof(*h->needed), cmp_need);
	lp_qsort(h->denied, h->ndenied, sizeof(int), cmp_int);
	lp_qsort(h->optional, h->noptional, sizeof(int), cmp_int);
}

static void push_unique(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = xstrdup(s);
}

/* Is a below (or equal to) directory d? */
static bool under(const char *a, const char *d)
{
	size_t n = strlen(d);

	if (!strcmp(d, "/"))
		return true;
	return !strncmp(a, d, n) && (a[n] == '/' || !a[n]);
}

/* Did the run make or remove path (any program)? A file it deleted is
 * not data it keeps. */
static bool made_by_run(const struct lp_recording *rec, const char *path)
{
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_file *f = exe_find_file(rec->exes[i], path);

		if (f && ((f->kinds & (LP_F_CREATE | LP_F_DELETE)) || (f->flags & LP_PATH_DELETED)))
			return true;
	}
	return false;
}

/* Is f a file the run read or updated in place? */
static bool data_file(const struct lp_file *f)
{
	return (f->kinds & (LP_F_READ | LP_F_WRITE | LP_F_APPEND)) &&
	       !(f->flags & (LP_PATH_DIR | LP_FILE_MEMFD | LP_PATH_DETACHED));
}

/*
 * Did dir hold data before the run? It did when the run read or updated a
 * file there (below it) that it did not create: then dir must be a volume,
 * never an empty tmpfs. Why (malloc'd), or NULL.
 */
static char *held_data(const struct lp_recording *rec, const char *dir)
{
	const char *first = NULL;
	struct strmap seen;
	size_t n = 0, v;
	char *why;

	strmap_init(&seen);
	for (size_t i = 0; i < rec->nexes; i++)
		for (size_t k = 0; !rec_is_runtime_program(rec->exes[i]->path) &&
				   k < rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = rec->exes[i]->files[k];

			if (!under(f->path, dir) || !strcmp(f->path, dir) || !data_file(f) ||
			    strmap_get(&seen, f->path, &v) || made_by_run(rec, f->path))
				continue;
			strmap_put(&seen, f->path, n++);
			if (!first || strcmp(f->path, first) < 0)
				first = f->path;
		}
	strmap_free(&seen);
	if (!n)
		return NULL;
	if (n == 1)
		return xasprintf("it held data before the run: it used %s, which the run did not create",
				 first);
	why = xasprintf("it held data before the run: it used %zu files there the run did not create (%s, ...)",
			n, first);
	return why;
}

static void analyze_writes(const struct lp_recording *rec, struct lp_hardening *h)
{
	char **dirs = NULL;
	size_t n = 0;

	for (size_t i = 0; i < rec->nexes; i++)
		for (size_t k = 0; !rec_is_runtime_program(rec->exes[i]->path) &&
				   k < rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = rec->exes[i]->files[k];
			char *d, *slash;

			if ((f->kinds & WRITE_KINDS) && !strncmp(f->path, "/dev/shm/", 9))
				h->writes_shm = true;
			if (!(f->kinds & WRITE_KINDS) || virtual_path(f->path) ||
			    (f->flags & (LP_FILE_MEMFD | LP_PATH_DETACHED)))
				continue;
			d = xstrdup(f->path);
			slash = strrchr(d, '/');
			if (slash == d)
				slash[1] = '\0';
			else if (slash)
				*slash = '\0';
			push_unique(&dirs, &n, d);
			free(d);
		}
	lp_qsort(dirs, n, sizeof(char *), lp_strcmp_ptr);
	for (size_t i = 0; i < n; i++) {
		bool covered = false;

		for (size_t j = 0; j < n && !covered; j++)
			covered = j != i && under(dirs[i], dirs[j]) && strcmp(dirs[i], dirs[j]);
		if (!covered)
			push_unique(&h->writable, &h->nwritable, dirs[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	h->read_only_possible = true;
	h->held_data = xcalloc(h->nwritable + 1, sizeof(char *));
	for (size_t i = 0; i < h->nwritable; i++) {
		if (!strcmp(h->writable[i], "/"))
			h->read_only_possible = false;
		h->held_data[i] = held_data(rec, h->writable[i]);
	}
}

static void analyze_identity(const struct lp_recording *rec, struct lp_hardening *h)
{
	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_factset *fs = &rec->exes[i]->facts[LP_CAT_CREDS];

		if (rec_is_runtime_program(rec->exes[i]->path))
			continue;
		for (size_t k = 0; k < fs->n; k++) {
			const int64_t *c = fs->v[k].n;	/* uid, euid, gid, egid, nnp */

			if (c[0] == 0 || c[1] == 0)
				h->ran_as_root = true;
			if (c[0] != c[1] || c[2] != c[3])
				push_unique(&h->setid_programs, &h->nsetid, rec->exes[i]->path);
		}
	}
	h->non_root_possible = h->nneeded == 0;
	h->no_new_privs_possible = h->nsetid == 0;
}

struct ids {
	long long uid, gid;
	size_t programs;
};

/* The non-root uid and gid most programs started with (the lowest on a
 * tie); how many distinct ones there were. */
static size_t non_root_ids(const struct lp_recording *rec, struct ids *best)
{
	struct ids *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < rec->nexes; i++) {
		const struct lp_factset *fs = &rec->exes[i]->facts[LP_CAT_CREDS];

		for (size_t k = 0; !rec_is_runtime_program(rec->exes[i]->path) && k < fs->n; k++) {
			const int64_t *c = fs->v[k].n;	/* uid, euid, gid, egid */
			size_t j;

			if (c[0] == 0 || c[1] == 0)
				continue;
			for (j = 0; j < n && (v[j].uid != c[0] || v[j].gid != c[2]); j++)
				;
			if (j == n)
				*LP_PUSH(v, n, cap) = (struct ids){ c[0], c[2], 0 };
			v[j].programs++;
		}
	}
	for (size_t j = 0; j < n; j++)
		if (!j || v[j].programs > best->programs ||
		    (v[j].programs == best->programs &&
		     (v[j].uid < best->uid || (v[j].uid == best->uid && v[j].gid < best->gid))))
			*best = v[j];
	free(v);
	return n;
}

static bool any_held_data(const struct lp_hardening *h)
{
	for (size_t i = 0; i < h->nwritable; i++)
		if (h->held_data[i])
			return true;
	return false;
}

/*
 * The user to run as, from evidence: the non-root uid:gid the service's
 * programs ran as (its files are that user's); 65534 only when it ran as
 * root, needed no capability and nothing shows it needs a particular owner.
 */
static void analyze_user(const struct lp_recording *rec, struct lp_hardening *h)
{
	struct ids best = { -1, -1, 0 };
	size_t n = non_root_ids(rec, &best);
	const char *user = rec->meta.user;

	h->run_uid = h->run_gid = -1;
	if (!h->non_root_possible)
		return;
	if (n) {
		h->run_uid = best.uid;
		h->run_gid = best.gid;
		h->user_why = xasprintf("it ran as uid %lld gid %lld%s%s%s%s", best.uid, best.gid,
					user ? " (recorded with --user " : "", user ? user : "",
					user ? ")" : "",
					n > 1 ? "; other programs ran as other users" : "");
	} else if (h->procs_withheld) {
		h->user_why = xasprintf("the user it ran as is not known: %s", h->procs_withheld);
	} else if (h->ran_as_root && any_held_data(h)) {
		h->user_why = xstrdup("it ran as root and found data it did not create: run it as the owner of that data");
	} else {
		h->run_uid = h->run_gid = 65534;
		h->user_why = xstrdup(h->ran_as_root ?
				      "it ran as root but needed no capability and found no data of its own: any uid will do" :
				      "no capability was needed");
	}
}

/* The syscalls for systemd's SystemCallFilter=: what the application made,
 * with the companions a seccomp profile adds (seccomp --exact aside). */
static void analyze_syscalls(const struct lp_recording *rec, struct lp_hardening *h)
{
	struct lp_companion c[LP_COMPANIONS_MAX];
	bool i386 = false;
	size_t nc;

	h->only_native = true;
	for (size_t i = 0; i < rec->nexes; i++)
		for (int a = 0; !rec_is_runtime_program(rec->exes[i]->path) && a < LP_ABI_COUNT; a++) {
			if (a != LP_ABI_X86_64 && rec->exes[i]->nsys[a])
				h->only_native = false;
			if (a == LP_ABI_I386 && rec->exes[i]->nsys[a])
				i386 = true;
			for (size_t k = 0; k < rec->exes[i]->nsys[a]; k++)
				if (rec->exes[i]->sys[a][k].name[0] != '#')
					push_unique(&h->syscalls, &h->nsyscalls,
						    rec->exes[i]->sys[a][k].name);
		}
	nc = lp_companions(h->syscalls, h->nsyscalls, i386, c);
	for (size_t i = 0; i < nc; i++)
		push_unique(&h->syscalls, &h->nsyscalls, c[i].name);
	lp_qsort(h->syscalls, h->nsyscalls, sizeof(char *), lp_strcmp_ptr);
}

/* Withhold a claim when the probe that would have seen the contrary was
 * not active in every run; the reason is made safe for one line. */
static bool withheld(const struct lp_recording *rec, const char *probe, char **why)
{
	char *raw;

	if (rec_observed(rec, probe, &raw))
		return false;
	*why = lp_display(raw);
	free(raw);
	return true;
}

static void gate_claims(const struct lp_recording *rec, struct lp_hardening *h)
{
	if (withheld(rec, "capabilities", &h->caps_withheld))
		h->non_root_possible = false;
	if (withheld(rec, "arguments", &h->args_withheld))
		h->read_only_possible = false;
	if (withheld(rec, "processes", &h->procs_withheld))
		h->no_new_privs_possible = false;
}

void hardening_analyze(const struct lp_recording *rec, struct lp_hardening *h)
{
	memset(h, 0, sizeof(*h));
	analyze_caps(rec, h);
	analyze_writes(rec, h);
	analyze_identity(rec, h);
	analyze_syscalls(rec, h);
	gate_claims(rec, h);
	analyze_user(rec, h);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void hardening_free(struct lp_hardening *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nneeded; i++) {
		for (size_t k = 0; k < h->needed[i].nuses; k++) {
			free(h->needed[i].uses[k].program);
			free(h->needed[i].uses[k].syscall);
			free(h->needed[i].uses[k].function);
		}
		free(h->needed[i].uses);
	}
	free(h->needed);
	free(h->denied);
	free(h->optional);
	free_strs(h->writable, h->nwritable);
	free_strs(h->held_data, h->nwritable);
	free(h->user_why);
	free_strs(h->setid_programs, h->nsetid);
	free_strs(h->syscalls, h->nsyscalls);
	free(h->caps_withheld);
	free(h->args_withheld);
	free(h->procs_withheld);
	memset(h, 0, sizeof(*h));
}
