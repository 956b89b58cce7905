// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpu-hop N [PROGRAM]: make N getppid calls on the last CPU, N on the first,
 * then exec PROGRAM (with N alone) if given, from the first CPU. Run
 * as PROGRAM itself (a copy, another program to learnprof), it makes N
 * calls on the last CPU, where the exec'ing thread ran under its old
 * program, and N on the first. learnprof remembers on each CPU the program
 * of the threads it ran: a CPU that has not forgotten the thread across
 * its exec counts the new program's calls for the old one.
 * Prints the CPUs it used, "one CPU" when there is only one.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int on(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -1;
	return sched_getcpu() == cpu ? 0 : -1;
}

static void calls(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int last = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;

	if (last < 1) {
		calls(2 * n);
		puts("one CPU");
	} else if (on(last) || (calls(n), on(0))) {
		perror("cpu-hop: sched_setaffinity");
		return 1;
	} else {
		calls(n);
		printf("cpus %d 0\n", last);
	}
	fflush(stdout);
	if (argc > 2) {
		char *args[] = { argv[2], argv[1], NULL };

		execv(argv[2], args);
		perror("cpu-hop: execv");
		return 1;
	}
	return 0;
}
