// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Syscall names per ABI: libseccomp's, and learnprof's table beyond it. */
#include <seccomp.h>

#include "unit.h"
#include "syscalls.h"

static int name_is(int abi, uint64_t nr, const char *want)
{
	char *s = lp_syscall_name(abi, nr);
	int ok = !strcmp(s, want);

	if (!ok)
		fprintf(stderr, "%s %llu: got %s want %s\n", lp_abi_name(abi),
			(unsigned long long)nr, s, want);
	free(s);
	return ok;
}

TEST(names_from_libseccomp)
{
	CHECK(name_is(LP_ABI_X86_64, 0, "read"));
	CHECK(name_is(LP_ABI_X86_64, 309, "getcpu"));
	CHECK(name_is(LP_ABI_X86_64, 435, "clone3"));
	CHECK(name_is(LP_ABI_I386, 3, "read"));
	CHECK(name_is(LP_ABI_I386, 102, "socketcall"));
	CHECK(name_is(LP_ABI_X32, 0, "read"));
	CHECK(name_is(LP_ABI_X32, 512, "rt_sigaction"));
}

/* Numbers newer than Debian 12's libseccomp 2.5.4, the same in every ABI. */
static const struct {
	int nr;
	const char *name;
} newer[] = {
	{ 457, "statmount" }, { 458, "listmount" }, { 459, "lsm_get_self_attr" },
	{ 460, "lsm_set_self_attr" }, { 461, "lsm_list_modules" }, { 462, "mseal" },
	{ 463, "setxattrat" }, { 464, "getxattrat" }, { 465, "listxattrat" },
	{ 466, "removexattrat" }, { 467, "open_tree_attr" }, { 468, "file_getattr" },
	{ 469, "file_setattr" },
};

/*
 * Whoever numbers them, libseccomp (when it knows them) or learnprof's
 * table, names and numbers agree in x86_64 and i386; lp_syscall_is_ours
 * says which, as this machine's libseccomp answers.
 */
TEST(newer_numbers_from_libseccomp_or_own_table)
{
	const struct scmp_version *v = seccomp_version();
	int known = 0;

	for (size_t i = 0; i < ARRAY_SIZE(newer); i++) {
		const char *name = newer[i].name;
		int theirs = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

		CHECK_MSG(theirs == __NR_SCMP_ERROR || theirs == newer[i].nr,
			  "libseccomp numbers %s %d, want %d", name, theirs, newer[i].nr);
		known += theirs != __NR_SCMP_ERROR;
		CHECK_MSG(lp_syscall_is_ours(name) == (theirs == __NR_SCMP_ERROR),
			  "%s: ours %d, libseccomp %d", name, lp_syscall_is_ours(name), theirs);
		CHECK(name_is(LP_ABI_X86_64, newer[i].nr, name));
		CHECK(name_is(LP_ABI_I386, newer[i].nr, name));
		CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, name), newer[i].nr);
		CHECK_INT(lp_syscall_nr(LP_ABI_I386, name), newer[i].nr);
	}
	CHECK(!lp_syscall_is_ours("read"));
	CHECK(!lp_syscall_is_ours("no_such_syscall"));
	unit_note("libseccomp %u.%u.%u knows %d of the %zu newer names", v->major, v->minor,
		  v->micro, known, ARRAY_SIZE(newer));
}

TEST(unknown_numbers_have_a_marked_name)
{
	CHECK(name_is(LP_ABI_X86_64, 999, "#999"));
	CHECK(name_is(LP_ABI_X86_64, 1ULL << 40, "#1099511627776"));
	CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, "#999"), 999);
}

TEST(numbers_per_abi)
{
	CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, "read"), 0);
	CHECK_INT(lp_syscall_nr(LP_ABI_I386, "read"), 3);
	CHECK_INT(lp_syscall_nr(LP_ABI_X32, "read"), 0);
	CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, "socketcall"), -1);
	CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, "no_such_syscall"), -1);
}

TEST(abi_names)
{
	CHECK_STR(lp_abi_name(LP_ABI_I386), "i386");
	CHECK_INT(lp_abi_from_name("x32"), LP_ABI_X32);
	CHECK_INT(lp_abi_from_name("arm"), -1);
	CHECK_STR(lp_abi_scmp_token(LP_ABI_I386), "SCMP_ARCH_X86");
}

int main(void)
{
	unit_suite = "syscalls";
	RUN(names_from_libseccomp);
	RUN(newer_numbers_from_libseccomp_or_own_table);
	RUN(unknown_numbers_have_a_marked_name);
	RUN(numbers_per_abi);
	RUN(abi_names);
	return unit_exit();
}
