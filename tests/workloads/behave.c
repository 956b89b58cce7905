// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A workload whose behaviour is known exactly, for the recording tests.
 *
 * usage: behave files <dir>       file accesses, in <dir> (made its cwd)
 *        behave net <dir> <port>  tcp, udp and unix sockets on loopback
 *        behave procs             exec a child, signal it, ptrace one
 *        behave args              prctl, personality, ioctl, unshare
 *        behave identity          setresgid/setresuid to 65534 (as root)
 *        behave bind80            bind tcp port 80 (fails unprivileged)
 *        behave deep <dir>        open a file 300 directories below <dir>
 *        behave names <dir>       create and read files with names that need
 *                                 escaping: spaces, a newline, quotes, a
 *                                 byte that is not UTF-8, glob characters
 *        behave socket6           open an AF_INET6 socket: exit 0 when it worked,
 *                                 3 on EPERM, 4 otherwise (prints nothing,
 *                                 so that a profile without write can run it)
 * Exit 0 when every step did what it should.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "behave: %s:%d: %s: %s\n", \
	__FILE__, __LINE__, #c, strerror(errno)); exit(1); } } while (0)

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static int files(const char *dir)
{
	char buf[64];
	int fd, dfd;
	void *p;

	CHECK(chdir(dir) == 0);
	/* Set-up through the same calls the test expects to see. */
	put("data.txt", "data\n");			/* create, write */
	fd = open("data.txt", O_RDONLY);		/* read, relative */
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) > 0);
	close(fd);
	fd = open("log.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);	/* append, create */
	CHECK(fd >= 0 && write(fd, "x\n", 2) == 2);
	CHECK(flock(fd, LOCK_EX) == 0);			/* lock */
	close(fd);
	put("new.txt", "new\n");
	CHECK(rename("new.txt", "renamed.txt") == 0);	/* rename, both ends */
	CHECK(unlink("renamed.txt") == 0);		/* delete */
	CHECK(mkdir("sub", 0755) == 0);			/* create dir */
	CHECK(link("data.txt", "hard.txt") == 0);	/* link */
	CHECK(symlink("data.txt", "sym.txt") == 0);	/* create (the link) */
	fd = open("sym.txt", O_RDONLY);			/* read data.txt through it */
	CHECK(fd >= 0);
	close(fd);
	dfd = open("sub", O_RDONLY | O_DIRECTORY);	/* read dir */
	CHECK(dfd >= 0);
	fd = openat(dfd, "inner.txt", O_WRONLY | O_CREAT, 0644);	/* dirfd */
	CHECK(fd >= 0);
	close(fd);
	close(dfd);
	CHECK(chmod("data.txt", 0600) == 0);		/* chmod */
	fd = open("data.txt", O_RDONLY);
	CHECK(fd >= 0 && fchown(fd, 0, 0) == 0);	/* chown */
	close(fd);
	CHECK(truncate("hard.txt", 2) == 0);		/* write */
	CHECK(open("missing.txt", O_RDONLY) < 0 && errno == ENOENT);	/* failed read */
	put("code.bin", "\xc3");
	fd = open("code.bin", O_RDONLY);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);	/* mmap-exec */
	CHECK(p != MAP_FAILED);
	close(fd);
	fd = open("/proc/self/status", O_RDONLY);	/* own /proc */
	CHECK(fd >= 0);
	close(fd);
	fd = open("gone.txt", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0 && unlink("gone.txt") == 0);
	CHECK(fchmod(fd, 0600) == 0);			/* chmod on a deleted file */
	close(fd);
	fd = memfd_create("lpmem", 0);
	CHECK(fd >= 0 && ftruncate(fd, 4096) == 0);	/* write to a memfd */
	close(fd);
	return 0;
}

static int net(const char *dir, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_un u = { .sun_family = AF_UNIX }, ab = { .sun_family = AF_UNIX };
	int l, c, s, ul, uc, us, d;
	char b = 'x';

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* tcp: listen, connect, accept */
	l = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 4) == 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0 && connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	/* udp: sendto port+1 (nobody listens; the datagram is dropped) */
	d = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_port = htons(port + 1);
	CHECK(d >= 0 && sendto(d, &b, 1, 0, (struct sockaddr *)&a, sizeof(a)) == 1);
	/* tcp connect refused: port+2 */
	a.sin_port = htons(port + 2);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0 && connect(c, (struct sockaddr *)&a, sizeof(a)) < 0 && errno == ECONNREFUSED);
	/* unix: a path socket */
	snprintf(u.sun_path, sizeof(u.sun_path), "%s/unix.sock", dir);
	ul = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(ul >= 0 && bind(ul, (struct sockaddr *)&u, sizeof(u)) == 0 && listen(ul, 4) == 0);
	uc = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(uc >= 0 && connect(uc, (struct sockaddr *)&u, sizeof(u)) == 0);
	us = accept(ul, NULL, NULL);
	CHECK(us >= 0);
	/* unix: an abstract name nobody listens on */
	memcpy(ab.sun_path, "\0lp-abstract", 12);
	uc = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(uc >= 0 && connect(uc, (struct sockaddr *)&ab,
				 offsetof(struct sockaddr_un, sun_path) + 12) < 0 &&
	      errno == ECONNREFUSED);
	return 0;
}

static int procs(void)
{
	char exe[64], target[256];
	pid_t pid;
	int st;

	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		execl("/bin/true", "true-child", (char *)NULL);
		_exit(127);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* A sleep that is signalled once it runs sleep. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	snprintf(exe, sizeof(exe), "/proc/%d/exe", pid);
	for (int i = 0; i < 500; i++) {
		ssize_t n = readlink(exe, target, sizeof(target) - 1);

		if (n > 0 && (target[n] = 0, strstr(target, "sleep")))
			break;
		usleep(10000);
	}
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st));
	/* A child that asks to be traced, and stops; then is let go. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st));
	CHECK(ptrace(PTRACE_CONT, pid, NULL, NULL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	return 0;
}

static int args(void)
{
	struct termios t;
	int p[2], n;

	CHECK(prctl(PR_SET_NAME, "behave-args") == 0);
	CHECK(personality(0xffffffff) >= 0);
	CHECK(pipe(p) == 0 && ioctl(p[0], FIONREAD, &n) == 0);
	CHECK(ioctl(p[0], TCGETS, &t) < 0 && errno == ENOTTY);
	CHECK(unshare(CLONE_NEWUTS) == 0);
	return 0;
}

static int identity(void)
{
	CHECK(setresgid(65534, 65534, 65534) == 0);
	CHECK(setresuid(65534, 65534, 65534) == 0);
	return 0;
}

static int bind80(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(s >= 0 && bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 && errno == EACCES);
	return 0;
}

static int names(const char *dir)
{
	static const char *const n[] = {
		"with space", "new\nline", "quo\"te'", "bad\xff\xfe", "*", "a[b]?",
		"{x,y}", "back\\slash", "caf\xc3\xa9", "^hat#hash",
	};
	char buf[8];

	CHECK(chdir(dir) == 0);
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		int fd = open(n[i], O_RDWR | O_CREAT, 0644);

		CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) >= 0);
		close(fd);
	}
	return 0;
}

static int deep(const char *dir)
{
	int fd;

	CHECK(chdir(dir) == 0);
	for (int i = 0; i < 300; i++)
		CHECK(mkdir("d", 0755) == 0 && chdir("d") == 0);
	fd = open("bottom.txt", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "files") && argc > 2)
		return files(argv[2]);
	if (!strcmp(m, "net") && argc > 3)
		return net(argv[2], atoi(argv[3]));
	if (!strcmp(m, "procs"))
		return procs();
	if (!strcmp(m, "args"))
		return args();
	if (!strcmp(m, "identity"))
		return identity();
	if (!strcmp(m, "bind80"))
		return bind80();
	if (!strcmp(m, "deep") && argc > 2)
		return deep(argv[2]);
	if (!strcmp(m, "names") && argc > 2)
		return names(argv[2]);
	if (!strcmp(m, "socket6")) {
		int s = socket(AF_INET6, SOCK_STREAM, 0);

		return s >= 0 ? 0 : errno == EPERM ? 3 : 4;
	}
	fprintf(stderr, "usage: behave (files <dir> | net <dir> <port> | procs | args | identity | bind80 | deep <dir> | socket6)\n");
	return 2;
}
