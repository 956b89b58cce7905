// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Names that change from run to run, used in an exact, known way
 * (tests/integration/stable.sh): three threads that the main thread names
 * through /proc/self/task/<tid>/comm, a numbered /dev/shm segment and a
 * file named by the process's own pid, each created, written and removed.
 * Usage: volatile <dir>
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_barrier_t started, done;
static pid_t tids[3];

static void *worker(void *arg)
{
	tids[(long)arg] = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&started);
	pthread_barrier_wait(&done);
	return NULL;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0 || write(fd, text, strlen(text)) < 0 || close(fd)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	pthread_t th[3];
	char path[256];

	if (argc != 2) {
		fprintf(stderr, "usage: volatile <dir>\n");
		return 2;
	}
	pthread_barrier_init(&started, NULL, 4);
	pthread_barrier_init(&done, NULL, 4);
	for (long i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	pthread_barrier_wait(&started);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tids[i]);
		{
			int fd = open(path, O_WRONLY);

			if (fd < 0 || write(fd, "worker", 6) < 0 || close(fd)) {
				perror(path);
				return 1;
			}
		}
	}
	pthread_barrier_wait(&done);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	/* a segment with a random 10-digit number, like PostgreSQL's */
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	snprintf(path, sizeof(path), "/dev/shm/lp-volatile.%u", 1000000000U + (unsigned)(random() % 3000000000U));
	write_file(path, "segment");
	unlink(path);
	/* a file named by the process's own pid */
	snprintf(path, sizeof(path), "%s/state.%d", argv[1], (int)getpid());
	write_file(path, "state");
	unlink(path);
	puts("ok");
	return 0;
}
