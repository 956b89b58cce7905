// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Threads that enter a cgroup three ways, each making exactly N getppid
 * calls there (cgroup mode must record every one):
 *   into-cgroup wait N FILE     3 threads, already in the cgroup, wait for
 *                               FILE to exist, then make N calls each
 *   into-cgroup move N DIR      3 threads wait while the process moves
 *                               itself into cgroup DIR (cgroup.procs: all
 *                               its threads), then make N calls each
 *   into-cgroup orphan N DIR    the same, but the main thread exits first
 *                               and a thread moves the process (whose
 *                               leader, exited, is not moved)
 *   into-cgroup clone N DIR     a child cloned straight into DIR
 *                               (clone3 CLONE_INTO_CGROUP) makes N calls;
 *                               the parent stays outside
 * Prints "done".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long n;
static const char *file;
static int gate[2];

static void calls(void)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static void *worker(void *arg)
{
	char c;

	if (file) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		while (access(file, F_OK))
			nanosleep(&ts, NULL);
	} else if (read(gate[0], &c, 1) != 1) {
		return NULL;
	}
	calls();
	return NULL;
}

static int move_into(const char *dir, pid_t pid)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f)) {
		perror("into-cgroup: cgroup.procs");
		return 1;
	}
	return 0;
}

/* orphan: the threads left when the main thread has gone. */
static const char *orphan_dir;
static pid_t tgid;
static int left = 3;

static bool leader_gone(void)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tgid);
	f = fopen(path, "r");
	if (!f)
		return true;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return p && (p[2] == 'Z' || p[2] == 'X');
}

static void *orphan_worker(void *arg)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	char c;

	if (arg) {	/* the first: moves the process, opens the gate */
		while (!leader_gone())
			nanosleep(&ts, NULL);
		if (move_into(orphan_dir, tgid))
			exit(1);
		if (write(gate[1], "xxx", 3) != 3)
			exit(1);
	}
	if (read(gate[0], &c, 1) != 1)
		exit(1);
	calls();
	if (__atomic_sub_fetch(&left, 1, __ATOMIC_SEQ_CST) == 0) {
		puts("done");
		fflush(stdout);
	}
	return NULL;
}

static int orphan(const char *dir)
{
	pthread_t t;

	orphan_dir = dir;
	tgid = getpid();
	if (pipe(gate))
		return 1;
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, orphan_worker, i ? NULL : (void *)1);
	pthread_exit(NULL);
}

static int threads(const char *dir)
{
	pthread_t t[3];

	if (pipe(gate))
		return 1;
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	if (dir && move_into(dir, getpid()))
		return 1;
	if (write(gate[1], "xxx", 3) != 3)
		return 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int clone_into(const char *dir)
{
	struct clone_args args;
	int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), status;
	long pid;

	if (cg < 0) {
		perror("into-cgroup: open");
		return 1;
	}
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (unsigned)cg;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0) {
		perror("into-cgroup: clone3");
		return 1;
	}
	if (pid == 0) {
		calls();
		_exit(0);
	}
	if (waitpid((pid_t)pid, &status, 0) < 0 || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: into-cgroup wait|move|orphan|clone N FILE|DIR\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "wait")) {
		file = argv[3];
		rc = threads(NULL);
	} else if (!strcmp(argv[1], "move")) {
		rc = threads(argv[3]);
	} else if (!strcmp(argv[1], "orphan")) {
		return orphan(argv[3]);
	} else if (!strcmp(argv[1], "clone")) {
		rc = clone_into(argv[3]);
	} else {
		return 2;
	}
	if (!rc)
		puts("done");
	return rc;
}
