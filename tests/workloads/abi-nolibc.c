// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Syscalls through all three x86 ABIs from one 64-bit static program:
 *   x86_64: getpid x1, write x1, exit_group x1
 *   i386 (int $0x80, compat mode): getpid (20) x3, getppid (64) x2
 *   x32 (0x40000000 | nr through `syscall`): getpid (39) x4
 * A kernel without x32 support answers the x32 calls with ENOSYS, but
 * they are still entered and recorded. Some kernels with IA32 emulation
 * built in still refuse int $0x80 with a general protection fault (tests
 * probe it, tests/machine): "abi-nolibc no-i386" leaves the i386 calls out.
 *
 * usage: abi-nolibc [all | no-i386]
 */
#include "nolibc.h"

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	const char *mode = sp[0] > 1 ? argv[1] : "all";
	int i, i386 = !(mode[0] == 'n' && mode[1] == 'o');

	sys3(39, 0, 0, 0);			/* getpid */
	for (i = 0; i386 && i < 3; i++)
		sys32(20);			/* i386 getpid */
	for (i = 0; i386 && i < 2; i++)
		sys32(64);			/* i386 getppid */
	for (i = 0; i < 4; i++)
		sys3(0x40000000 | 39, 0, 0, 0);	/* x32 getpid */
	sys3(1, 1, (long)"abi\n", 4);		/* write */
	sys_exit_group(0);
}
