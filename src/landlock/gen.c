// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Learning a Landlock policy from a recording (include/landlock.h,
 * docs/landlock.md "Learning"): recorded file accesses become path_beneath
 * rules, TCP binds and connects net_port rules, and the absence of abstract
 * unix sockets and of signals leaving the workload becomes scopes. The
 * not-enforceable half (network facts, file kinds and syscalls Landlock
 * cannot restrict) is listed in src/landlock/limits.c.
 */
#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor_pattern.h"
#include "landlock.h"
#include "landlock_gen.h"
#include "landlock_uapi.h"
#include "profile_name.h"
#include "recording.h"

#define WHY_MAX 8	/* comment lines a rule keeps */

#define FS(x) LANDLOCK_ACCESS_FS_##x

static struct grant *grant_at(struct lgen *g, const char *path, bool dir)
{
	struct grant *gr;
	size_t i;

	if (strmap_get(&g->index, path, &i)) {
		g->v[i].dir |= dir;
		return &g->v[i];
	}
	gr = LP_PUSH(g->v, g->n, g->cap);
	memset(gr, 0, sizeof(*gr));
	gr->path = xstrdup(path);
	gr->dir = dir;
	strmap_put(&g->index, gr->path, g->n - 1);
	return gr;
}

/* Allow access on path (a directory when dir), saying why. */
void lg_grant(struct lgen *g, const char *path, bool dir, uint64_t access, char *why)
{
	struct grant *gr;

	if (!access) {
		free(why);
		return;
	}
	gr = grant_at(g, path, dir);
	gr->access |= access;
	if (why)
		sl_add(&gr->why, why);
}

static char *dir_name(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s || s == path)
		return xstrdup("/");
	return xstrndup(path, s - path);
}

static bool made_dir(const struct lgen *g, const char *path)
{
	size_t i;

	return strmap_get(&g->made, path, &i);
}

/*
 * The directory a rule about path's entry goes on: its parent, or the
 * nearest ancestor whose name does not vary and that the workload did not
 * create (rules bind inodes when the ruleset is built, so neither can be
 * named).
 */
char *lg_anchor(const struct lgen *g, const char *path)
{
	char *d = dir_name(path);

	while (strcmp(d, "/") && (strchr(d, '<') || made_dir(g, d))) {
		char *up = dir_name(d);

		free(d);
		d = up;
	}
	return d;
}

/* "read, mmap-exec" */
static char *kinds_text(uint32_t kinds)
{
	struct strbuf sb;

	sb_init(&sb);
	for (int b = 0; b < LP_F_KIND_COUNT; b++)
		if (kinds & (1U << b))
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", lp_file_kind_name(b));
	return sb_detach(&sb);
}

static bool path_usable(const char *path, uint32_t flags)
{
	return path[0] == '/' &&
	       !(flags & (LP_FILE_MEMFD | LP_PATH_DETACHED | LP_PATH_TRUNCATED | LP_PATH_FAULT));
}

/* The rights a file's recorded kinds need on the file itself. */
static uint64_t own_rights(uint32_t k, bool dir)
{
	uint64_t a = 0;

	if (k & LP_F_READ)
		a |= dir ? FS(READ_DIR) : FS(READ_FILE);
	if (dir)
		return a;
	/* The kernel documentation: grant write_file and truncate together
	 * (O_TRUNC and creat() over a file need truncate; the recording
	 * writes O_TRUNC and truncate(2) as "write"). */
	if (k & (LP_F_WRITE | LP_F_APPEND))
		a |= FS(WRITE_FILE) | FS(TRUNCATE);
	/* execve opens the file for reading and executing. */
	if (k & LP_F_EXEC)
		a |= FS(EXECUTE) | FS(READ_FILE);
	/* mmap(PROT_EXEC) is not checked by Landlock: reading suffices
	 * (docs/landlock.md: tested). */
	if (k & LP_F_MMAP_EXEC)
		a |= FS(READ_FILE);
	return a;
}

/* The rights a file's recorded kinds need on its parent directory. */
static uint64_t parent_rights(const struct lp_exe *e, uint32_t k, bool dir)
{
	uint64_t a = 0;

	if (k & (LP_F_CREATE | LP_F_RENAME | LP_F_LINK))
		a |= dir ? FS(MAKE_DIR) : FS(MAKE_REG);
	if (k & (LP_F_DELETE | LP_F_RENAME))
		a |= dir ? FS(REMOVE_DIR) : FS(REMOVE_FILE);
	if (dir || !(k & (LP_F_CREATE | LP_F_LINK)))
		return a;
	/* "create" also stands for what symlink and mknod made: the syscalls
	 * say whether the program made any. */
	if (exe_find_syscall(e, LP_ABI_X86_64, "symlink") ||
	    exe_find_syscall(e, LP_ABI_X86_64, "symlinkat"))
		a |= FS(MAKE_SYM);
	if (exe_find_syscall(e, LP_ABI_X86_64, "mknod") ||
	    exe_find_syscall(e, LP_ABI_X86_64, "mknodat"))
		a |= FS(MAKE_FIFO);
	return a;
}

/* Must the file's own rights go on a directory above it? */
static bool on_anchor(const struct lgen *g, const struct lp_file *f, bool dir)
{
	if (strchr(f->path, '<'))
		return true;
	if (dir)
		return made_dir(g, f->path);
	return f->kinds & (LP_F_CREATE | LP_F_DELETE | LP_F_RENAME | LP_F_LINK);
}

static const char *anchor_reason(const struct lp_file *f)
{
	if (strchr(f->path, '<'))
		return "covers a varying name";
	return "created or replaced by the workload: a rule binds an inode when "
	       "the ruleset is built, so it is on the directory";
}

static void map_file(struct lgen *g, const struct lp_exe *e, const struct lp_file *f)
{
	bool dir = f->flags & LP_PATH_DIR;
	uint64_t own = own_rights(f->kinds, dir);
	uint64_t par = parent_rights(e, f->kinds, dir);
	char *k, *anchor;

	if (!f->kinds || !path_usable(f->path, f->flags))
		return;
	k = kinds_text(f->kinds);
	anchor = lg_anchor(g, f->path);
	if (own && on_anchor(g, f, dir)) {
		lg_grant(g, anchor, true, own | par,
			 xasprintf("%s: %s (%s)", f->path, k, anchor_reason(f)));
	} else {
		if (own)
			lg_grant(g, f->path, dir, own, xasprintf("observed: %s", k));
		if (par)
			lg_grant(g, anchor, true, par, xasprintf("%s: %s", f->path, k));
	}
	if (f->kinds & (LP_F_RENAME | LP_F_LINK))
		sl_add(&g->moved, anchor);
	else
		free(anchor);
	free(k);
}

/* Renames and links whose ends lie in different directories need refer on
 * both; the recording does not pair the ends, so when one program renamed
 * or linked in more than one directory, each of them gets refer. */
static void map_refer(struct lgen *g)
{
	sl_sort_uniq(&g->moved);
	if (g->moved.n < 2)
		goto out;
	for (size_t i = 0; i < g->moved.n; i++)
		lg_grant(g, g->moved.v[i], true, FS(REFER),
			 xstrdup("renames or links across directories (refer)"));
out:
	sl_free(&g->moved);
}

/* The ELF interpreter (PT_INTERP) of program, canonical; NULL when it has
 * none or cannot be read here. The recording does not show it: the kernel
 * maps it at execve without a syscall of the program's. */
static char *elf_interp(const char *program)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	char buf[PATH_MAX] = "", *res = NULL;
	FILE *f = fopen(program, "rb");

	if (!f)
		return NULL;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(ph))
		goto out;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			goto out;
		if (ph.p_type != PT_INTERP || ph.p_filesz >= sizeof(buf) ||
		    fseek(f, (long)ph.p_offset, SEEK_SET) ||
		    fread(buf, ph.p_filesz, 1, f) != 1)
			continue;
		buf[ph.p_filesz] = '\0';
		res = realpath(buf, NULL);
		if (!res)
			res = xstrdup(buf);
		break;
	}
out:
	fclose(f);
	return res;
}

/* The program and its ELF interpreter: execve opens both for execution
 * (tested on ABI 7: read_file alone is refused, so is execute alone). */
static void map_program(struct lgen *g, const struct lp_exe *e)
{
	char *interp;

	if (!path_usable(e->path, e->flags) || (e->flags & LP_PATH_DELETED))
		return;
	if (strstr(e->path, LP_AFTER_FILTER_SUFFIX))
		return;
	lg_grant(g, e->path, false, FS(EXECUTE) | FS(READ_FILE),
		 xstrdup("runs as a program"));
	interp = elf_interp(e->path);
	if (interp && interp[0] == '/')
		lg_grant(g, interp, false, FS(EXECUTE) | FS(READ_FILE),
			 xasprintf("the ELF interpreter of %s: execve opens it for execution",
				   e->path));
	free(interp);
}

static bool is_dev_file(const struct lp_file *f)
{
	return !strncmp(f->path, "/dev/", 5) && !(f->flags & LP_PATH_DIR) &&
	       (f->kinds & (LP_F_READ | LP_F_WRITE | LP_F_APPEND));
}

/* Device ioctls need ioctl_dev on the device files the program opened. */
static void map_ioctl(struct lgen *g, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_IOCTL];
	struct strlist names = { 0 };
	char *list, *a;

	for (size_t i = 0; i < fs->n; i++)
		if (lp_streq(fs->v[i].s[0], "chr") || lp_streq(fs->v[i].s[0], "blk"))
			sl_add(&names, xstrdup(fs->v[i].s[1] ? fs->v[i].s[1] : "ioctl"));
	if (!names.n)
		return;
	sl_sort_uniq(&names);
	list = xstrdup(names.v[0]);
	for (size_t i = 1; i < names.n && i < 4; i++) {
		a = xasprintf("%s, %s", list, names.v[i]);
		free(list);
		list = a;
	}
	for (size_t i = 0; i < e->nfiles; i++) {
		const struct lp_file *f = e->files[i];
		bool vary = strchr(f->path, '<');

		if (!is_dev_file(f))
			continue;
		a = vary ? lg_anchor(g, f->path) : xstrdup(f->path);
		lg_grant(g, a, vary, FS(IOCTL_DEV),
			 xasprintf("%s: device ioctls (%s%s)", f->path, list,
				   names.n > 4 ? ", ..." : ""));
		free(a);
	}
	free(list);
	sl_free(&names);
}

/* A unix socket bound to a path is a file the bind creates. */
static void map_unix_bind(struct lgen *g, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_BIND];

	for (size_t i = 0; i < fs->n; i++) {
		const struct lp_fact *b = &fs->v[i];
		char *a;

		if (!lp_streq(b->s[0], "unix") || !b->s[2] || b->s[2][0] != '/' || b->err)
			continue;
		a = lg_anchor(g, b->s[2]);
		lg_grant(g, a, true, FS(MAKE_SOCK),
			 xasprintf("%s: a unix socket bound to the path", b->s[2]));
		free(a);
	}
}

static void collect_made_dirs(struct lgen *g)
{
	const struct lp_recording *r = g->rec;

	for (size_t i = 0; i < r->nexes; i++)
		for (size_t k = 0; k < r->exes[i]->nfiles; k++) {
			const struct lp_file *f = r->exes[i]->files[k];

			if ((f->flags & LP_PATH_DIR) && (f->kinds & LP_F_CREATE))
				sl_add(&g->made_dirs, xstrdup(f->path));
		}
	sl_sort_uniq(&g->made_dirs);
	for (size_t i = 0; i < g->made_dirs.n; i++)
		strmap_put(&g->made, g->made_dirs.v[i], i);
}

static void map_exe(struct lgen *g, const struct lp_exe *e)
{
	if (!strcmp(e->path, LP_EXE_UNATTRIBUTED))
		return;
	map_program(g, e);
	for (size_t i = 0; i < e->nfiles; i++)
		map_file(g, e, e->files[i]);
	map_refer(g);
	map_ioctl(g, e);
	map_unix_bind(g, e);
	lg_map_net(g, e);
	lg_map_creds(g, e);
}

/* ---- many siblings alike ------------------------------------------------ */

static size_t depth(const char *path)
{
	size_t n = 0;

	for (const char *p = path; *p; p++)
		n += *p == '/' && p[1];
	return n;
}

static int grant_cmp(const void *a, const void *b)
{
	return strcmp(((const struct grant *)a)->path, ((const struct grant *)b)->path);
}

/* Sort the grants by path, and index them again. */
static void sort_grants(struct lgen *g)
{
	lp_qsort(g->v, g->n, sizeof(*g->v), grant_cmp);
	strmap_free(&g->index);
	strmap_init(&g->index);
	for (size_t i = 0; i < g->n; i++)
		strmap_put(&g->index, g->v[i].path, i);
}

struct widened {
	char *dir;
	uint64_t access;
	char *why;
};

/*
 * As AppArmor's many-entries rule does (LP_GEN_MANY, LP_GEN_MIN_DEPTH), a
 * directory in which the workload used LP_GEN_MANY or more files with the
 * same rights gets one rule: a library or data directory read whole. A rule
 * on a directory covers everything beneath it, so this widens; the comment
 * says by how much, and shallow directories (/, /etc, /tmp) never widen.
 */
static void widen_dir(struct lgen *g, size_t from, size_t to, const char *dir,
		      struct widened **w, size_t *nw, size_t *cap)
{
	for (size_t i = from; i < to; i++) {
		uint64_t acc = g->v[i].access;
		const char *first = NULL;
		size_t same = 0;
		struct widened *x;

		if (g->v[i].gone || g->v[i].dir)
			continue;
		for (size_t k = from; k < to; k++)
			same += !g->v[k].gone && !g->v[k].dir && g->v[k].access == acc;
		if (same < LP_GEN_MANY)
			continue;
		for (size_t k = from; k < to; k++) {
			if (g->v[k].gone || g->v[k].dir || g->v[k].access != acc)
				continue;
			g->v[k].gone = true;
			if (!first)
				first = g->v[k].path;
		}
		x = LP_PUSH(*w, *nw, *cap);
		x->dir = xstrdup(dir);
		x->access = acc;
		x->why = xasprintf("%zu files alike in it (%s, ...): one rule on the "
				   "directory, which covers everything beneath it",
				   same, lp_base_name(first));
	}
}

static void widen_many(struct lgen *g)
{
	struct widened *w = NULL;
	size_t nw = 0, cap = 0, i = 0;

	sort_grants(g);
	while (i < g->n) {
		char *d = dir_name(g->v[i].path);
		size_t k = i + 1;

		for (; k < g->n; k++) {
			char *dk = dir_name(g->v[k].path);
			bool same = !strcmp(d, dk);

			free(dk);
			if (!same)
				break;
		}
		if (depth(d) >= LP_GEN_MIN_DEPTH && k - i >= LP_GEN_MANY)
			widen_dir(g, i, k, d, &w, &nw, &cap);
		free(d);
		i = k;
	}
	for (i = 0; i < nw; i++) {
		lg_grant(g, w[i].dir, true, w[i].access, w[i].why);
		free(w[i].dir);
	}
	free(w);
}

/* ---- the policy ---------------------------------------------------------- */

static char *why_text(struct strlist *why)
{
	struct strbuf sb;
	size_t shown;

	sl_sort_uniq(why);
	shown = why->n > WHY_MAX ? WHY_MAX - 1 : why->n;
	sb_init(&sb);
	for (size_t i = 0; i < shown; i++)
		sb_printf(&sb, "%s%s", i ? "\n" : "", why->v[i]);
	if (shown < why->n)
		sb_printf(&sb, "\nand %zu more", why->n - shown);
	return sb_detach(&sb);
}

static void add_path_rules(struct lgen *g, struct ll_policy *p)
{
	uint64_t abi_fs = ll_all(LL_FS, g->abi);

	sort_grants(g);
	for (size_t i = 0; i < g->n; i++) {
		struct grant *gr = &g->v[i];
		uint64_t acc = gr->access & (gr->dir ? ~0ULL : LL_FS_FILE_RIGHTS);
		char *c, *lack;
		struct ll_path_rule *r;

		if (gr->gone)
			continue;
		lack = ll_rights_text(LL_FS, acc & ~abi_fs);
		if (*lack)
			sl_addf(&g->out->not_enforceable, "%s needs %s, which Landlock ABI %d lacks",
				gr->path, lack, g->abi);
		free(lack);
		acc &= abi_fs;
		if (!acc)
			continue;
		c = why_text(&gr->why);
		r = ll_add_path(p, acc, c);
		sl_add(&r->parents, xstrdup(gr->path));
		free(c);
	}
}

static void grants_free(struct lgen *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].path);
		sl_free(&g->v[i].why);
	}
	free(g->v);
	strmap_free(&g->index);
	strmap_free(&g->made);
	sl_free(&g->made_dirs);
}

int ll_default_abi(void)
{
	int abi = ll_kernel_abi();

	if (abi < 1 || abi > LL_ABI_MAX)
		return LL_ABI_MAX;
	return abi;
}

void ll_learn(const struct lp_recording *r, const struct ll_gen_opts *o, struct ll_learned *out)
{
	struct lgen g = { .rec = r, .out = out };
	struct ll_policy *p;

	memset(out, 0, sizeof(*out));
	g.abi = o->abi < 1 ? ll_default_abi() : o->abi > LL_ABI_MAX ? LL_ABI_MAX : o->abi;
	out->name = lp_profile_name(r, o->name);
	strmap_init(&g.index);
	strmap_init(&g.made);
	collect_made_dirs(&g);
	lg_collect_ephemeral(&g);
	for (size_t i = 0; i < r->nexes; i++)
		map_exe(&g, r->exes[i]);
	widen_many(&g);
	p = ll_policy_new(g.abi);
	p->has_ruleset = true;
	p->handled_fs = ll_all(LL_FS, g.abi);
	p->handled_net = ll_all(LL_NET, g.abi);
	add_path_rules(&g, p);
	lg_add_ports(&g, p);
	lg_scopes(&g, p);
	lg_limits(&g);
	sl_sort_uniq(&out->warnings);
	p->comment = lg_top_comment(&g);
	out->policy = p;
	lg_net_free(&g);
	grants_free(&g);
}

void ll_learned_free(struct ll_learned *l)
{
	if (!l)
		return;
	ll_policy_free(l->policy);
	free(l->name);
	sl_free(&l->warnings);
	sl_free(&l->not_enforceable);
}

char *ll_generate(const struct lp_recording *r, const struct ll_gen_opts *o, bool json)
{
	struct ll_learned l;
	char *text;

	ll_learn(r, o, &l);
	text = json ? ll_policy_to_json(l.policy) : ll_policy_to_toml(l.policy);
	ll_learned_free(&l);
	return text;
}
