// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The soak workload: for <seconds>, rounds of <procs> processes, each
 * opening its share of <files> distinct files (created in the first round,
 * reopened after) and making <calls> getppid syscalls. Prints the exact
 * number of getppid calls made, which a recording must match.
 *
 * usage: soak <dir> <seconds> <procs> <files> <calls>
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void worker(const char *dir, int id, long files, long calls, int round)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/w%d", dir, id);
	mkdir(path, 0755);
	for (long f = 0; f < files; f++) {
		int fd;

		snprintf(path, sizeof(path), "%s/w%d/f%ld", dir, id, f);
		fd = open(path, round ? O_RDONLY : O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			_exit(1);
		close(fd);
	}
	for (long i = 0; i < calls; i++)
		syscall(SYS_getppid);
	_exit(0);
}

int main(int argc, char **argv)
{
	long seconds, procs, files, calls, rounds = 0, st;
	time_t end;
	int bad = 0;

	if (argc < 6) {
		fprintf(stderr, "usage: soak <dir> <seconds> <procs> <files> <calls>\n");
		return 2;
	}
	seconds = atol(argv[2]);
	procs = atol(argv[3]);
	files = atol(argv[4]);
	calls = atol(argv[5]);
	end = time(NULL) + seconds;
	do {
		for (long p = 0; p < procs; p++) {
			pid_t pid = fork();

			if (pid < 0)
				return 3;
			if (pid == 0)
				worker(argv[1], (int)p, files / procs, calls, (int)rounds);
		}
		for (long p = 0; p < procs; p++) {
			int s;

			if (wait(&s) < 0)
				return 4;
			bad |= !WIFEXITED(s) || WEXITSTATUS(s);
		}
		rounds++;
	} while (time(NULL) < end);
	st = rounds * procs * calls;
	printf("rounds %ld getppid %ld files %ld\n", rounds, st, (files / procs) * procs);
	return bad;
}
