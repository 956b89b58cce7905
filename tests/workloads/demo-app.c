// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The bundled example for `make demo`: a tiny service that does what real
 * ones do. It reads its configuration, listens on a loopback TCP port,
 * serves one request from a client it forks, appends to a log file, runs
 * a helper program, and exits 0 when all of that worked.
 *
 * usage: demo-app <state-dir>
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int client(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char buf[64] = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	if (write(fd, "GET /\n", 6) != 6 || read(fd, buf, sizeof(buf) - 1) <= 0)
		return 1;
	close(fd);
	return strncmp(buf, "200 OK", 6) != 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	char buf[256], *logpath;
	int lfd, cfd, logfd, status, one = 1;
	FILE *cfg;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: demo-app <state-dir>\n");
		return 2;
	}
	cfg = fopen("/etc/hostname", "r");
	if (!cfg || !fgets(buf, sizeof(buf), cfg))
		return 3;
	fclose(cfg);
	mkdir(argv[1], 0755);
	if (asprintf(&logpath, "%s/demo.log", argv[1]) < 0)
		return 3;
	logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (logfd < 0)
		return 3;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 4) ||
	    getsockname(lfd, (struct sockaddr *)&a, &len))
		return 4;
	pid = fork();
	if (pid == 0)
		_exit(client(ntohs(a.sin_port)));
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0 || read(cfd, buf, sizeof(buf)) <= 0 || write(cfd, "200 OK\n", 7) != 7)
		return 5;
	close(cfd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 6;
	dprintf(logfd, "served one request on port %d\n", ntohs(a.sin_port));
	close(logfd);
	/* A helper program, as services run hooks. */
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 7;
	printf("demo-app: served one request, wrote %s\n", logpath);
	free(logpath);
	return 0;
}
