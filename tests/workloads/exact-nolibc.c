// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A workload whose whole syscall set is known: static, no libc, raw
 * syscalls only. After its execve it makes exactly
 *     getcpu x7, mincore x3, sched_getaffinity x5, write x1, exit_group x1
 * and nothing else.
 */
#include "nolibc.h"

#define SYS_write 1
#define SYS_mincore 27
#define SYS_sched_getaffinity 204
#define SYS_getcpu 309

static char page[4096] __attribute__((aligned(4096)));

void start_c(long *sp)
{
	unsigned cpu, node;
	unsigned char vec[1];
	unsigned long mask[16];
	int i;

	page[0] = 1;
	for (i = 0; i < 7; i++)
		sys3(SYS_getcpu, (long)&cpu, (long)&node, 0);
	for (i = 0; i < 3; i++)
		sys3(SYS_mincore, (long)page, sizeof(page), (long)vec);
	for (i = 0; i < 5; i++)
		sys3(SYS_sched_getaffinity, 0, sizeof(mask), (long)mask);
	sys3(SYS_write, 1, (long)"exact\n", 6);
	sys_exit_group(0);
}
