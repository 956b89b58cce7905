// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Cgroup mode's start: every thread already in the target cgroup or below
 * it gets task storage, through a pidfd, once every hook is attached (the
 * kernel side, bpf/target.bpf.h, adopts the tasks that arrive later). Its
 * program is found by the thread itself on its next hook. Passes repeat
 * until one adopts nothing new: a thread forked meanwhile by one not yet
 * adopted shows up in the next pass, and a thread forked after it by an
 * adopted one inherits its storage.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "recorder_int.h"
#include "learnprof.skel.h"
#include "util.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL	/* Linux 6.9: a pidfd for any thread */
#endif

struct adoption {
	int map_fd;
	unsigned adopted;	/* this pass */
	unsigned missed;	/* threads that could not be given storage */
	int last_errno;
	bool too_deep;
};

static bool is_own_thread(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d", (int)tid);
	return access(path, F_OK) == 0;
}

static void adopt_thread(struct adoption *a, pid_t tid)
{
	struct lp_task fresh = { 0 };	/* no LP_TASK_READY: finds its program */
	int pidfd, err;

	if (is_own_thread(tid))
		return;
	pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
	if (pidfd < 0 && errno == EINVAL)	/* before 6.9: leaders only */
		pidfd = (int)syscall(SYS_pidfd_open, tid, 0);
	if (pidfd < 0) {
		if (errno != ESRCH) {	/* ESRCH: gone meanwhile */
			a->missed++;
			a->last_errno = errno;
		}
		return;
	}
	err = bpf_map_update_elem(a->map_fd, &pidfd, &fresh, BPF_NOEXIST);
	if (!err)
		a->adopted++;
	else if (errno != EEXIST && errno != ESRCH && errno != ENOENT) {
		/* EEXIST: adopted by a hook; ESRCH, ENOENT: exited meanwhile */
		a->missed++;
		a->last_errno = errno;
	}
	close(pidfd);
}

/* One cgroup directory and those below it. */
static void adopt_dir(struct adoption *a, int dirfd, int depth)
{
	int fd = openat(dirfd, "cgroup.threads", O_RDONLY | O_CLOEXEC);
	struct dirent *de;
	FILE *f;
	DIR *d;
	long tid;

	if (fd >= 0 && (f = fdopen(fd, "r"))) {
		while (fscanf(f, "%ld", &tid) == 1)
			adopt_thread(a, (pid_t)tid);
		fclose(f);
	} else if (fd >= 0) {
		close(fd);
	}
	if (depth >= 64) {	/* deeper than any cgroup tree in use */
		a->too_deep = true;
		return;
	}
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		int sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0)
			continue;
		adopt_dir(a, sub, depth + 1);
		close(sub);
	}
	closedir(d);
}

unsigned recorder_adopt_cgroup(struct lp_recorder *r, int cgroup_fd)
{
	struct adoption a = { .map_fd = bpf_map__fd(r->skel->maps.tasks) };
	int pass;

	for (pass = 0; pass < 100; pass++) {
		a.adopted = 0;
		a.missed = 0;
		adopt_dir(&a, cgroup_fd, 0);
		if (!a.adopted)
			break;
	}
	if (a.missed)
		lp_warn("%u threads in the cgroup cannot be recorded: %s%s", a.missed,
			strerror(a.last_errno),
			a.last_errno == EINVAL ? " (a pidfd for a thread that is not a process's first needs Linux 6.9)" : "");
	if (a.too_deep)
		lp_warn("cgroups more than 64 levels below the target are not recorded");
	return a.missed;
}
