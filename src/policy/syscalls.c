// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Names come from libseccomp so that names in reports match names in
 * profiles. Debian 12's libseccomp 2.5.4 knows syscalls up to Linux 6.7;
 * newer numbers, identical on x86_64, i386 and x32 since the unified
 * numbering of Linux 5.1, come from the table below.
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls.h"
#include "util.h"

static const struct {
	int nr;
	const char *name;
} newer[] = {
	{ 457, "statmount" },
	{ 458, "listmount" },
	{ 459, "lsm_get_self_attr" },
	{ 460, "lsm_set_self_attr" },
	{ 461, "lsm_list_modules" },
	{ 462, "mseal" },
	{ 463, "setxattrat" },
	{ 464, "getxattrat" },
	{ 465, "listxattrat" },
	{ 466, "removexattrat" },
	{ 467, "open_tree_attr" },
	{ 468, "file_getattr" },
	{ 469, "file_setattr" },
};

static const struct {
	const char *name;
	const char *token;
	uint32_t arch;
} abis[LP_ABI_COUNT] = {
	[LP_ABI_X86_64] = { "x86_64", "SCMP_ARCH_X86_64", SCMP_ARCH_X86_64 },
	[LP_ABI_I386] = { "i386", "SCMP_ARCH_X86", SCMP_ARCH_X86 },
	[LP_ABI_X32] = { "x32", "SCMP_ARCH_X32", SCMP_ARCH_X32 },
};

const char *lp_abi_name(int abi)
{
	return abi >= 0 && abi < LP_ABI_COUNT ? abis[abi].name : NULL;
}

int lp_abi_from_name(const char *name)
{
	for (int i = 0; i < LP_ABI_COUNT; i++)
		if (!strcmp(abis[i].name, name))
			return i;
	return -1;
}

const char *lp_abi_scmp_token(int abi)
{
	return abi >= 0 && abi < LP_ABI_COUNT ? abis[abi].token : NULL;
}

uint32_t lp_abi_scmp_arch(int abi)
{
	return abis[abi].arch;
}

static uint64_t to_scmp_nr(int abi, uint64_t nr)
{
	return abi == LP_ABI_X32 ? nr | LP_X32_SYSCALL_BIT : nr;
}

char *lp_syscall_name(int abi, uint64_t nr)
{
	char *s = NULL;

	if (abi < 0 || abi >= LP_ABI_COUNT)
		return xasprintf("#%llu", (unsigned long long)nr);
	if (nr < 0x10000)
		s = seccomp_syscall_resolve_num_arch(abis[abi].arch,
						     (int)to_scmp_nr(abi, nr));
	if (s) {
		char *r = xstrdup(s);

		free(s);
		return r;
	}
	for (size_t i = 0; i < ARRAY_SIZE(newer); i++)
		if ((uint64_t)newer[i].nr == nr)
			return xstrdup(newer[i].name);
	return xasprintf("#%llu", (unsigned long long)nr);
}

int64_t lp_syscall_nr(int abi, const char *name)
{
	int nr;

	if (abi < 0 || abi >= LP_ABI_COUNT || !name)
		return -1;
	if (name[0] == '#') {
		uint64_t v;

		return lp_parse_u64(name + 1, &v) ? -1 : (int64_t)v;
	}
	nr = seccomp_syscall_resolve_name_arch(abis[abi].arch, name);
	if (nr >= 0)
		return abi == LP_ABI_X32 ? (nr & ~(int)LP_X32_SYSCALL_BIT) : nr;
	if (nr != __NR_SCMP_ERROR)
		return -1;	/* a name of another architecture */
	for (size_t i = 0; i < ARRAY_SIZE(newer); i++)
		if (!strcmp(newer[i].name, name))
			return newer[i].nr;
	return -1;
}

int lp_syscall_is_ours(const char *name)
{
	if (seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(newer); i++)
		if (!strcmp(newer[i].name, name))
			return 1;
	return 0;
}
