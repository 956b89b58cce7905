// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Try one syscall, getppid, through one ABI, and say what happened in the
 * exit status (it writes nothing, so a profile without write can run it):
 *   0 it worked, 1 EPERM, 2 ENOSYS, 3 another error; killed by SIGSYS when
 *   a filter's bad-architecture action stops it.
 *
 * usage: abi-probe-nolibc (none | x86_64 | i386 | x32)
 */
#include "nolibc.h"

static int eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void start_c(long *sp)
{
	long argc = sp[0], r = 0;
	char **argv = (char **)(sp + 1);
	const char *abi = argc > 1 ? argv[1] : "none";
	int code;

	if (eq(abi, "x86_64"))
		r = sys3(110, 0, 0, 0);			/* getppid */
	else if (eq(abi, "i386"))
		r = (int)sys32(64);			/* getppid, i386 */
	else if (eq(abi, "x32"))
		r = sys3(0x40000000 | 110, 0, 0, 0);		/* getppid, x32 */
	code = r >= 0 ? 0 : r == -1 ? 1 : r == -38 ? 2 : 3;
	sys_exit_group(code);
}
