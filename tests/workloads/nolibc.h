/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * For the workloads that use no C library (*-nolibc.c), so that their whole
 * syscall set is known: the entry point, which passes the initial stack
 * (argc, argv) to start_c, and raw syscalls through the x86_64 `syscall`
 * instruction (x32 numbers carry 0x40000000) and the i386 `int $0x80`.
 */
#ifndef LEARNPROF_NOLIBC_H
#define LEARNPROF_NOLIBC_H

void start_c(long *sp);

__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");

static inline long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long sys32(long nr)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
	return ret;
}

static inline void __attribute__((noreturn)) sys_exit_group(long code)
{
	sys3(231, code, 0, 0);
	for (;;)
		;
}

#endif /* LEARNPROF_NOLIBC_H */
