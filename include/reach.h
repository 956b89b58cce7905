/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reachable but not observed: the syscalls a program (and the libraries it
 * mapped) can make through the C library functions it imports, less those a
 * recording saw it make. See docs/reach.md for the method and its limits.
 */
#ifndef LEARNPROF_REACH_H
#define LEARNPROF_REACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct lp_exe;
struct lp_recording;

/* --- The table of wrappers (src/reach/wrappers.c) --- */

#define LP_WRAP_ANY	(1U << 0)	/* reaches any syscall: syscall() */
#define LP_WRAP_VDSO	(1U << 1)	/* usually answered by the vDSO,
					 * without entering the kernel */

struct lp_wrapper {
	const char *func;	/* glibc 2.36 exported name */
	const char *syscalls;	/* x86_64 names, separated by spaces */
	unsigned int flags;	/* LP_WRAP_* */
};

/* The whole table, sorted by function name (strcmp order, no duplicates). */
const struct lp_wrapper *lp_wrappers(size_t *n);
/* The entry of a function, or NULL when it makes no syscall worth knowing. */
const struct lp_wrapper *lp_wrapper_find(const char *func);
/* Call fn for each distinct syscall name of w (at most 64 bytes each). */
void lp_wrapper_each(const struct lp_wrapper *w,
		     void (*fn)(const char *syscall, void *arg), void *arg);

/* --- What an ELF file imports (src/reach/elf.c) --- */

enum lp_elf_method {
	LP_ELF_IMPORTS = 0,	/* the dynamic symbol table's undefined functions */
	LP_ELF_SCAN,		/* static: constant numbers before `syscall` */
};

struct lp_elf {
	enum lp_elf_method method;
	bool is_static;		/* no PT_INTERP, no DT_NEEDED, no .dynsym */
	struct strlist imports;	/* LP_ELF_IMPORTS: sorted, unique, no versions */
	int64_t *nrs;		/* LP_ELF_SCAN: x86_64 numbers, sorted, unique */
	size_t nnrs;
};

/*
 * Read path. Returns 0, or -1 with *why a malloc'd reason ("not an ELF
 * file", "No such file or directory") and nothing printed.
 */
int lp_elf_read(const char *path, struct lp_elf *out, char **why);
void lp_elf_free(struct lp_elf *e);

/* --- Reachable but not observed (src/reach/reach.c) --- */

/*
 * For one program of a recording: read it and every library it mapped
 * executable (LP_F_MMAP_EXEC files), map their imports through the table
 * and keep the x86_64 syscalls the recording did not see it make (the model,
 * struct lp_reach, is in recording.h; free it with reach_free). A file that
 * cannot be read goes to unread; this never fails.
 */
struct lp_reach *lp_reach_exe(const struct lp_exe *e);
/* Compute it for every program of rec, replacing what rec held: what
 * `record` does before it saves a recording, and `reach --update`. */
void lp_reach_recording(struct lp_recording *rec);

/* A text table of every program of a recording (what `learnprof reach`
 * prints), malloc'd. */
char *lp_reach_text(const struct lp_recording *rec);

#endif /* LEARNPROF_REACH_H */
