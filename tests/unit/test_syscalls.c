// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Syscall names per ABI: libseccomp's, and learnprof's table beyond it. */
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

TEST(newer_numbers_from_own_table)
{
	CHECK(name_is(LP_ABI_X86_64, 462, "mseal"));
	CHECK(name_is(LP_ABI_X86_64, 457, "statmount"));
	CHECK(name_is(LP_ABI_I386, 462, "mseal"));
	CHECK(name_is(LP_ABI_X86_64, 469, "file_setattr"));
	CHECK_INT(lp_syscall_nr(LP_ABI_X86_64, "mseal"), 462);
	CHECK(lp_syscall_is_ours("mseal"));
	CHECK(!lp_syscall_is_ours("read"));
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
	RUN(newer_numbers_from_own_table);
	RUN(unknown_numbers_have_a_marked_name);
	RUN(numbers_per_abi);
	RUN(abi_names);
	return unit_exit();
}
