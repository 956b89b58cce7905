// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The static cross-check: the table of wrappers, imports read from ELF,
 * the instruction scan of a static program, and reachable-but-not-observed
 * on a recording made here (a recording of reach-env without LP_REACH).
 */
#include <seccomp.h>

#include "reach.h"
#include "recording.h"
#include "unit.h"

static char unknown[128];

static void check_name(const char *name, void *arg)
{
	const char *func = arg;

	if (!unknown[0] && seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name) < 0)
		snprintf(unknown, sizeof(unknown), "%s (%s)", name, func);
}

/* Every syscall name is libseccomp's for x86_64; every function once, sorted. */
TEST(table_names_known_and_functions_once)
{
	size_t n;
	const struct lp_wrapper *w = lp_wrappers(&n);

	CHECK(n > 500);
	for (size_t k = 0; k < n; k++) {
		CHECK_MSG(!k || strcmp(w[k - 1].func, w[k].func) < 0,
			  "'%s' before '%s': not sorted or twice", w[k - 1].func, w[k].func);
		CHECK_MSG(w[k].syscalls[0] || (w[k].flags & LP_WRAP_ANY),
			  "'%s' reaches nothing", w[k].func);
		lp_wrapper_each(&w[k], check_name, (void *)w[k].func);
		CHECK_MSG(!unknown[0], "libseccomp does not know %s", unknown);
	}
	unit_note("%zu functions", n);
}

struct names {
	char buf[512];
};

static void join_name(const char *name, void *arg)
{
	struct names *s = arg;
	size_t n = strlen(s->buf);

	snprintf(s->buf + n, sizeof(s->buf) - n, "%s%s", n ? " " : "", name);
}

static const char *names_of(const char *func, struct names *s)
{
	const struct lp_wrapper *w = lp_wrapper_find(func);

	s->buf[0] = '\0';
	if (w)
		lp_wrapper_each(w, join_name, s);
	return s->buf;
}

TEST(table_direct_composite_and_any)
{
	struct names s;

	CHECK_STR(names_of("read", &s), "read");
	CHECK_STR(names_of("open", &s), "openat");
	CHECK_STR(names_of("stat", &s), "newfstatat");
	CHECK_STR(names_of("getrusage", &s), "getrusage");
	CHECK_STR(names_of("exit", &s), "exit_group write lseek");
	CHECK_STR(names_of("fork", &s), "clone set_robust_list futex");
	CHECK_STR(names_of("malloc", &s), "brk mmap munmap mprotect madvise");
	CHECK(strstr(names_of("system", &s), "clone3 clone") && strstr(s.buf, "execve") &&
	      strstr(s.buf, "wait4"));
	CHECK(strstr(names_of("getaddrinfo", &s), "socket") && strstr(s.buf, "connect") &&
	      strstr(s.buf, "recvfrom"));
	CHECK(strstr(names_of("pthread_create", &s), "clone3") && strstr(s.buf, "rseq"));
	CHECK(lp_wrapper_find("syscall") && lp_wrapper_find("syscall")->flags & LP_WRAP_ANY);
	CHECK_STR(names_of("syscall", &s), "");
	CHECK(lp_wrapper_find("clock_gettime")->flags & LP_WRAP_VDSO);
	CHECK(!lp_wrapper_find("strlen"));
}

static char *workload(const char *name)
{
	return xasprintf("%s/workloads/%s", getenv("BUILD") ? getenv("BUILD") : "build", name);
}

static bool has(const struct strlist *sl, const char *s)
{
	for (size_t k = 0; k < sl->n; k++)
		if (!strcmp(sl->v[k], s))
			return true;
	return false;
}

TEST(elf_imports_of_dynamic_workloads)
{
	char *b = workload("behave"), *r = workload("reach-env"), *why = NULL;
	struct lp_elf e;

	CHECK_MSG(!lp_elf_read(r, &e, &why), "%s: %s", r, why);
	CHECK(!e.is_static && e.method == LP_ELF_IMPORTS && !e.nnrs);
	CHECK(has(&e.imports, "getrusage") && has(&e.imports, "getenv") && has(&e.imports, "puts"));
	for (size_t k = 1; k < e.imports.n; k++)
		CHECK(strcmp(e.imports.v[k - 1], e.imports.v[k]) < 0);
	lp_elf_free(&e);
	CHECK_MSG(!lp_elf_read(b, &e, &why), "%s: %s", b, why);
	CHECK(!e.is_static && has(&e.imports, "fork") && has(&e.imports, "socket") &&
	      !has(&e.imports, "main"));
	lp_elf_free(&e);
	free(b);
	free(r);
}

TEST(elf_static_scan_of_exact_nolibc)
{
	char *p = workload("exact-nolibc"), *why = NULL;
	struct lp_elf e;
	char got[128] = "";

	CHECK_MSG(!lp_elf_read(p, &e, &why), "%s: %s", p, why);
	CHECK(e.is_static && e.method == LP_ELF_SCAN && !e.imports.n);
	for (size_t k = 0; k < e.nnrs; k++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%lld",
			 k ? " " : "", (long long)e.nrs[k]);
	CHECK_STR(got, "1 27 204 231 309");
	lp_elf_free(&e);
	free(p);
}

TEST(elf_unreadable_files_say_why)
{
	struct lp_elf e;
	char *why = NULL;

	CHECK(lp_elf_read("/nonexistent/learnprof", &e, &why) == -1);
	CHECK_STR(why, "No such file or directory");
	free(why);
	CHECK(lp_elf_read("tests/unit/unit.h", &e, &why) == -1);
	CHECK_STR(why, "not an ELF file");
	free(why);
}

/* A recording of reach-env as record wrote it without LP_REACH, built here:
 * its syscalls (all but getrusage), its libc mapped executable, and a library
 * that is gone. */
static struct lp_recording *reach_env_recording(const char *exe, const char *libc)
{
	static const char *const seen[] = {
		"arch_prctl", "brk", "close", "execve", "exit_group", "getrandom", "mmap",
		"mprotect", "munmap", "newfstatat", "openat", "pread64", "prlimit64", "read",
		"rseq", "set_robust_list", "set_tid_address", "write", "access",
	};
	struct lp_recording *r = rec_new();
	struct lp_exe *e = rec_exe(r, exe);

	for (size_t k = 0; k < ARRAY_SIZE(seen); k++)
		exe_syscall(e, LP_ABI_X86_64, seen[k], -1)->count = 1;
	file_add(exe_file(e, libc), LP_F_READ | LP_F_MMAP_EXEC, 0, 0);
	file_add(exe_file(e, "/nonexistent/libgone.so.1"), LP_F_MMAP_EXEC, 0, 0);
	file_add(exe_file(e, "/etc/ld.so.cache"), LP_F_READ, 0, 0);
	return r;
}

TEST(reach_env_getrusage_reachable_not_observed)
{
	char *rel = workload("reach-env"), *exe = realpath(rel, NULL), *libc = realpath("/lib/x86_64-linux-gnu/libc.so.6", NULL);
	struct lp_recording *r;
	struct lp_reach *out;
	const struct lp_reach_item *it = NULL;

	free(rel);
	CHECK_MSG(exe, "no reach-env workload: make test-bins");
	if (!libc)
		SKIP_MSG("no /lib/x86_64-linux-gnu/libc.so.6 here");
	r = reach_env_recording(exe, libc);
	out = lp_reach_exe(r->exes[0]);
	for (size_t k = 0; k < out->n; k++) {
		CHECK(!k || strcmp(out->v[k - 1].syscall, out->v[k].syscall) < 0);
		CHECK_MSG(strcmp(out->v[k].syscall, "write"), "write was observed");
		if (!strcmp(out->v[k].syscall, "getrusage"))
			it = &out->v[k];
	}
	CHECK_MSG(it, "getrusage not reachable");
	CHECK_INT(it->funcs.n, 1);
	CHECK_STR(it->funcs.v[0], "getrusage");
	CHECK_INT(it->files.n, 1);
	CHECK_STR(it->files.v[0], exe);
	CHECK_INT(out->read.n, 2);
	CHECK_INT(out->unread.n, 1);
	CHECK_STR(out->unread.v[0], "/nonexistent/libgone.so.1: No such file or directory");
	CHECK(!out->any.n && !out->scanned.n);
	reach_free(out);
	rec_free(r);
	free(exe);
	free(libc);
}

int main(void)
{
	unit_suite = "reach";
	RUN(table_names_known_and_functions_once);
	RUN(table_direct_composite_and_any);
	RUN(elf_imports_of_dynamic_workloads);
	RUN(elf_static_scan_of_exact_nolibc);
	RUN(elf_unreadable_files_say_why);
	RUN(reach_env_getrusage_reachable_not_observed);
	return unit_exit();
}
