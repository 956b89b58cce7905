// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A process tree with known sentinels: a thread makes getcpu exactly 11
 * times, the main thread makes mincore exactly 4 times, and a forked child
 * execs argv[1] (the exact-nolibc workload). Neither main nor libc makes
 * getcpu or mincore otherwise.
 *
 * usage: family <program-to-exec>
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	unsigned cpu, node;

	for (int i = 0; i < 11; i++)
		syscall(SYS_getcpu, &cpu, &node, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	static char page[4096] __attribute__((aligned(4096)));
	unsigned char vec[1];
	pthread_t t;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: family <program>\n");
		return 2;
	}
	if (pthread_create(&t, NULL, thread_main, NULL) || pthread_join(t, NULL))
		return 3;
	page[0] = 1;
	for (int i = 0; i < 4; i++)
		syscall(SYS_mincore, page, sizeof(page), vec);
	pid = fork();
	if (pid < 0)
		return 4;
	if (pid == 0) {
		execl(argv[1], argv[1], (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 5;
	return WEXITSTATUS(status);
}
