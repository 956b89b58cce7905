// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Complain mode with names (include/complain.h).
 *
 * The child installs the filter; its listener fd (close-on-exec) is taken
 * by the parent with pidfd_getfd before the child may exec. The listener is
 * the lowest free fd at the moment the filter is loaded, so the child says
 * which number that will be before it loads, and the parent waits until
 * that number in the child is a seccomp listener. Between loading and exec
 * the child makes only read (waiting for the parent) and execve: if the
 * profile denies them they are notified like any other call, and answered.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "complain.h"
#include "learnprof_abi.h"
#include "syscalls.h"
#include "util.h"

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

bool complain_supported(void)
{
	/* API level 6: notify with continue (Linux 5.5, libseccomp 2.5). */
	return seccomp_api_get() >= 6;
}

/* Write "learnprof: cannot run '<arg0>': <why>" and exit 126 or 127, with
 * nothing but write and exit_group (a filter may deny the rest). */
static void __attribute__((noreturn)) exec_failed(const char *prefix, int err)
{
	static const char hint[] = " (does the profile allow execve?)";
	const char *why = strerror(err);

	if (write(STDERR_FILENO, prefix, strlen(prefix)) < 0 ||
	    write(STDERR_FILENO, why, strlen(why)) < 0 ||
	    (err == EPERM && write(STDERR_FILENO, hint, sizeof(hint) - 1) < 0) ||
	    write(STDERR_FILENO, "\n", 1) < 0)
		_exit(LP_EXIT_NOEXEC);
	_exit(err == ENOENT ? LP_EXIT_NOTFOUND : LP_EXIT_NOEXEC);
}

void lp_exec_filtered(const char *path, char *const argv[], const char *prefix)
{
	execv(path, argv);
	exec_failed(prefix, errno);
}

static void __attribute__((noreturn)) child(scmp_filter_ctx ctx, const char *path,
					    char *const argv[], int info, int go)
{
	char *prefix = xasprintf("learnprof: cannot run '%s': ", argv[0]);
	int next = fcntl(go, F_DUPFD_CLOEXEC, 0), rc;
	char c;

	/* The listener will take the lowest free fd: this one. */
	close(next);
	if (write(info, &next, sizeof(next)) != sizeof(next))
		_exit(LP_EXIT_FAIL);
	rc = seccomp_load(ctx);
	if (rc) {
		fprintf(stderr, "learnprof: cannot load the seccomp filter: %s\n", strerror(-rc));
		_exit(LP_EXIT_FAIL);
	}
	if (read(go, &c, 1) != 1)
		_exit(LP_EXIT_FAIL);	/* the parent is gone */
	lp_exec_filtered(path, argv, prefix);
	_exit(LP_EXIT_FAIL);
}

static bool is_listener(int fd)
{
	char link[64], *p = xasprintf("/proc/self/fd/%d", fd);
	ssize_t n = readlink(p, link, sizeof(link) - 1);

	free(p);
	if (n < 0)
		return false;
	link[n] = '\0';
	return !strcmp(link, "anon_inode:seccomp notify");
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return LP_EXIT_FAIL;
}

/* The child's listener, once it is loaded; -1 when the child ended first
 * (*done and *st say how) or it never came. */
static int take_listener(pid_t pid, int n, bool *done, int *st)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), fd = -1;
	struct timespec tick = { 0, 1000000 };

	for (int i = 0; pidfd >= 0 && i < 10000; i++) {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, n, 0);
		if (fd >= 0 && is_listener(fd))
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
		if (waitpid(pid, st, WNOHANG) == pid) {
			*done = true;
			break;
		}
		nanosleep(&tick, NULL);
	}
	if (fd < 0 && !*done)
		lp_err("cannot take the seccomp listener of the command: %s",
		       pidfd < 0 ? strerror(errno) : "it never appeared");
	if (pidfd >= 0)
		close(pidfd);
	return fd;
}

static int abi_of(const struct seccomp_data *d, uint64_t *nr)
{
	*nr = (uint64_t)(uint32_t)d->nr;
	if (d->arch == AUDIT_ARCH_I386)
		return LP_ABI_I386;
	if (*nr & LP_X32_SYSCALL_BIT) {
		*nr &= ~LP_X32_SYSCALL_BIT;
		return LP_ABI_X32;
	}
	return LP_ABI_X86_64;
}

static void note_call(struct lp_complaints *c, const char *exe, int abi, uint64_t nr)
{
	char *name = lp_syscall_name(abi, nr);
	struct lp_complaint *x;

	for (size_t i = 0; i < c->n; i++) {
		x = &c->v[i];
		if (x->abi == abi && !strcmp(x->name, name) && !strcmp(x->exe, exe)) {
			x->count++;
			free(name);
			return;
		}
	}
	x = LP_PUSH(c->v, c->n, c->cap);
	x->exe = xstrdup(exe);
	x->name = name;
	x->abi = abi;
	x->count = 1;
}

/* Answer one notification with "continue", and note it unless it is
 * learnprof's own child before its exec (whose execve counts for the
 * command, path). */
static void answer(int fd, pid_t child_pid, const char *self, const char *path,
		   struct seccomp_notif *req, struct seccomp_notif_resp *resp,
		   struct lp_complaints *out)
{
	char link[4096], *p;
	ssize_t n;
	uint64_t nr;
	int abi;

	memset(req, 0, sizeof(*req));
	if (seccomp_notify_receive(fd, req))
		return;
	p = xasprintf("/proc/%d/exe", (int)req->pid);
	n = readlink(p, link, sizeof(link) - 1);
	free(p);
	link[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		strcpy(link, "?");
	/* The pid was read while the call was blocked: still that task? */
	if (seccomp_notify_id_valid(fd, req->id))
		strcpy(link, "?");
	abi = abi_of(&req->data, &nr);
	if ((pid_t)req->pid != child_pid || strcmp(link, self))
		note_call(out, link, abi, nr);
	else if (abi == LP_ABI_X86_64 && (nr == 59 || nr == 322))
		note_call(out, path, abi, nr);	/* its exec counts for the command */
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	seccomp_notify_respond(fd, resp);
}

static void forward_signals(int sigfd, pid_t pid)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo != SIGCHLD && si.ssi_code != SI_KERNEL)
			kill(pid, (int)si.ssi_signo);
}

/* Answer notifications until the command ends; returns its status. */
static int supervise(int fd, pid_t pid, const char *path, int sigfd,
		     struct lp_complaints *out)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	struct pollfd pf[2] = { { fd, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int st = 0;

	self[n > 0 ? n : 0] = '\0';
	if (seccomp_notify_alloc(&req, &resp)) {
		lp_err("cannot allocate seccomp notifications");
		kill(pid, SIGKILL);
	}
	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		if (poll(pf, 2, 100) <= 0)
			continue;
		if (pf[1].revents & POLLIN)
			forward_signals(sigfd, pid);
		if (req && (pf[0].revents & POLLIN))
			answer(fd, pid, self, path, req, resp, out);
	}
	seccomp_notify_free(req, resp);
	return status_of(st);
}

int complain_run(scmp_filter_ctx ctx, const char *path, char *const argv[],
		 struct lp_complaints *out)
{
	static const int passed[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	int info[2], go[2], n = -1, fd = -1, st = 0, sigfd, ret = LP_EXIT_FAIL;
	sigset_t mask, old, ignored;
	char *real;
	bool done = false;
	pid_t pid;

	if (pipe2(info, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		return lp_err("cannot make a pipe: %s", strerror(errno)), LP_EXIT_FAIL;
	/* Take the signals to pass on, even those ignored when we started (a
	 * background job's SIGINT): the command gets its dispositions back. */
	sigemptyset(&mask);
	sigemptyset(&ignored);
	for (size_t i = 0; i < ARRAY_SIZE(passed); i++) {
		struct sigaction sa;

		sigaddset(&mask, passed[i]);
		if (!sigaction(passed[i], NULL, &sa) && sa.sa_handler == SIG_IGN) {
			sigaddset(&ignored, passed[i]);
			signal(passed[i], SIG_DFL);
		}
	}
	sigprocmask(SIG_BLOCK, &mask, &old);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	pid = fork();
	if (pid < 0) {
		lp_err("cannot fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(passed); i++)
			if (sigismember(&ignored, passed[i]))
				signal(passed[i], SIG_IGN);
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(info[0]);
		close(go[1]);
		if (sigfd >= 0)
			close(sigfd);
		child(ctx, path, argv, info[1], go[0]);
	}
	close(info[1]);
	close(go[0]);
	info[1] = go[0] = -1;
	if (read(info[0], &n, sizeof(n)) == sizeof(n))
		fd = take_listener(pid, n, &done, &st);
	if (fd < 0) {
		if (!done) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		} else {
			ret = status_of(st);
		}
		goto out;
	}
	if (write(go[1], "g", 1) != 1)
		lp_warn("cannot release the command: %s", strerror(errno));
	real = realpath(path, NULL);
	ret = supervise(fd, pid, real ? real : path, sigfd, out);
	free(real);
out:
	if (fd >= 0)
		close(fd);
	if (sigfd >= 0)
		close(sigfd);
	close(info[0]);
	close(go[1]);
	for (size_t i = 0; i < ARRAY_SIZE(passed); i++)
		if (sigismember(&ignored, passed[i]))
			signal(passed[i], SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

static int cmp_complaint(const void *a, const void *b)
{
	const struct lp_complaint *x = a, *y = b;
	int c = strcmp(x->exe, y->exe);

	if (!c)
		c = x->abi - y->abi;
	return c ? c : strcmp(x->name, y->name);
}

void complaints_sort(struct lp_complaints *c)
{
	lp_qsort(c->v, c->n, sizeof(*c->v), cmp_complaint);
}

void complaints_free(struct lp_complaints *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].exe);
		free(c->v[i].name);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
