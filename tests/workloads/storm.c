// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A storm of distinct files from many processes: <procs> children, each
 * creating <files> files named <dir>/p<i>-f<j>, all at once.
 *
 * usage: storm <dir> <procs> <files>
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int procs, files, st, bad = 0;
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: storm <dir> <procs> <files>\n");
		return 2;
	}
	procs = atoi(argv[2]);
	files = atoi(argv[3]);
	for (int i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return 3;
		if (pid)
			continue;
		for (int j = 0; j < files; j++) {
			int fd;

			snprintf(path, sizeof(path), "%s/p%d-f%d", argv[1], i, j);
			fd = open(path, O_WRONLY | O_CREAT, 0644);
			if (fd < 0)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	while (wait(&st) > 0)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	return bad;
}
