// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Try one syscall, getppid, through one ABI, and say what happened in the
 * exit status (it writes nothing, so a profile without write can run it):
 *   0 it worked, 1 EPERM, 2 ENOSYS, 3 another error; killed by SIGSYS when
 *   a filter's bad-architecture action stops it.
 *
 * usage: abi-probe-nolibc (none | x86_64 | i386 | x32)
 */
__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");

static long sys1(long nr, long a)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a) : "rcx", "r11", "memory");
	return ret;
}

static long sys32(long nr)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
	return ret;
}

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
		r = sys1(110, 0);			/* getppid */
	else if (eq(abi, "i386"))
		r = (int)sys32(64);			/* getppid, i386 */
	else if (eq(abi, "x32"))
		r = sys1(0x40000000 | 110, 0);		/* getppid, x32 */
	code = r >= 0 ? 0 : r == -1 ? 1 : r == -38 ? 2 : 3;
	sys1(231, code);				/* exit_group */
	for (;;)
		;
}
