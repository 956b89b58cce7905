// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What a learned Landlock policy cannot restrict (as of ABI 7; the kernel's
 * include/uapi/linux/landlock.h and Documentation/userspace-api/landlock.rst),
 * listed from what the recording shows the workload did: file kinds and
 * syscalls Landlock has no right for. Listed, never silently dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "landlock_gen.h"

#define EXAMPLES 3

/* Syscalls whose effect no Landlock right covers, by what they do. */
static const struct {
	const char *what;
	const char *calls[13];
} unrestricted[] = {
	{ "stat, access and readlink", { "stat", "lstat", "newfstatat", "statx", "access",
	  "faccessat", "faccessat2", "readlink", "readlinkat", "statfs" } },
	{ "chmod and chown", { "chmod", "fchmod", "fchmodat", "fchmodat2", "chown",
	  "fchown", "lchown", "fchownat" } },
	{ "extended attributes", { "setxattr", "lsetxattr", "fsetxattr", "getxattr",
	  "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
	  "removexattr", "lremovexattr", "fremovexattr" } },
	{ "timestamps", { "utime", "utimes", "utimensat", "futimesat" } },
	{ "chdir", { "chdir", "fchdir" } },
	{ "file locks", { "flock" } },
};

static void syscalls_seen(struct lgen *g, size_t t)
{
	struct strlist seen = { 0 };
	struct strbuf sb;

	for (size_t k = 0; k < ARRAY_SIZE(unrestricted[t].calls) && unrestricted[t].calls[k]; k++)
		for (size_t i = 0; i < g->rec->nexes; i++)
			if (exe_find_syscall(g->rec->exes[i], LP_ABI_X86_64,
					     unrestricted[t].calls[k]))
				sl_add(&seen, xstrdup(unrestricted[t].calls[k]));
	sl_sort_uniq(&seen);
	if (!seen.n)
		return;
	sb_init(&sb);
	for (size_t i = 0; i < seen.n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", seen.v[i]);
	sl_addf(&g->out->not_enforceable, "%s (%s)", unrestricted[t].what, sb.buf);
	sb_free(&sb);
	sl_free(&seen);
}

/* Files the workload did one of kinds to, as "<what>: a, b, c (n files)". */
static void kinds_seen(struct lgen *g, uint32_t kinds, const char *what)
{
	struct strlist paths = { 0 };
	struct strbuf sb;

	for (size_t i = 0; i < g->rec->nexes; i++)
		for (size_t k = 0; k < g->rec->exes[i]->nfiles; k++) {
			const struct lp_file *f = g->rec->exes[i]->files[k];

			if (f->kinds & kinds)
				sl_add(&paths, lp_display(f->path));
		}
	sl_sort_uniq(&paths);
	if (!paths.n)
		return;
	sb_init(&sb);
	for (size_t i = 0; i < paths.n && i < EXAMPLES; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", paths.v[i]);
	if (paths.n > EXAMPLES)
		sb_printf(&sb, ", ... (%zu files)", paths.n);
	sl_addf(&g->out->not_enforceable, "%s: %s", what, sb.buf);
	sb_free(&sb);
	sl_free(&paths);
}

void lg_limits(struct lgen *g)
{
	struct strlist *l = &g->out->not_enforceable;

	kinds_seen(g, LP_F_CHMOD | LP_F_CHOWN, "chmod and chown of files");
	kinds_seen(g, LP_F_LOCK, "locks on files");
	for (size_t t = 0; t < ARRAY_SIZE(unrestricted); t++)
		syscalls_seen(g, t);
	sl_add(l, xstrdup("file descriptors inherited or opened before the policy is enforced"));
	sl_sort_uniq(l);
}

/* The policy's head: what it is, what it handles, what it cannot. */
char *lg_top_comment(const struct lgen *g)
{
	const struct ll_learned *l = g->out;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "Landlock policy %s, learned by learnprof from %u run%s.\n",
		  l->name, g->rec->meta.runs, g->rec->meta.runs == 1 ? "" : "s");
	if (g->connect_free)
		sb_printf(&sb, "Every right of Landlock ABI %d but connect_tcp (below) is handled: "
			  "what no rule below allows is denied.\n", g->abi);
	else
		sb_printf(&sb, "Every right of Landlock ABI %d is handled: what no rule below "
			  "allows is denied.\n", g->abi);
	sb_puts(&sb, "A rule allows its rights on the path and, for a directory, on "
		"everything beneath it.\nEnforce: learnprof run --landlock <this file> "
		"-- <command>");
	for (size_t i = 0; i < l->warnings.n; i++)
		sb_printf(&sb, "\n\nWARNING: %s", l->warnings.v[i]);
	sb_puts(&sb, "\n\nNot enforceable by Landlock (allowed whatever this policy says):");
	for (size_t i = 0; i < l->not_enforceable.n; i++)
		sb_printf(&sb, "\n- %s", l->not_enforceable.v[i]);
	return sb_detach(&sb);
}
