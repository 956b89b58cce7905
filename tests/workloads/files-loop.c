// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The file-heavy benchmark: open, read and close each of <n> files in
 * <dir> (named f<i>), <rounds> times, timed from inside. Prints the
 * nanoseconds per open/read/close. "files-loop prep <dir> <n>" creates them.
 *
 * usage: files-loop <dir> <n> <rounds> | files-loop prep <dir> <n>
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	char path[4096], buf[64];
	long n, rounds;

	if (argc == 4 && !strcmp(argv[1], "prep")) {
		n = atol(argv[3]);
		for (long i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%ld", argv[2], i);
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fd < 0 || write(fd, "x\n", 2) != 2)
				return 1;
			close(fd);
		}
		return 0;
	}
	if (argc < 4)
		return 2;
	n = atol(argv[2]);
	rounds = atol(argv[3]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long r = 0; r < rounds; r++)
		for (long i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%ld", argv[1], i);
			int fd = open(path, O_RDONLY);

			if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
				return 1;
			close(fd);
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) /
			 (double)(n * rounds));
	return 0;
}
