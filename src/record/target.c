// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The target of a recording. In command mode, learnprof creates a cgroup,
 * forks the command into it and holds it on a pipe until every probe is
 * attached: there is no start-up race. In cgroup mode it opens a cgroup that
 * exists. The cgroup2 mount is found in /proc/self/mountinfo, never assumed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "target.h"
#include "util.h"

char *cgroup2_mount(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, *found = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		/* id parent major:minor root mountpoint opts [tags] - fstype src opts */
		char *sep = strstr(line, " - "), *fields[5];
		char *save = NULL, *p = line;
		int n = 0;

		if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
			continue;
		*sep = '\0';
		while (n < 5 && (fields[n] = strtok_r(p, " ", &save)))
			p = NULL, n++;
		if (n < 5)
			continue;
		/* Octal escapes (\040) stand for spaces in mount points. */
		found = xmalloc(strlen(fields[4]) + 1);
		char *o = found;
		for (char *s = fields[4]; *s; s++) {
			if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
			    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
				*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
				s += 3;
			} else {
				*o++ = *s;
			}
		}
		*o = '\0';
		break;
	}
	free(line);
	fclose(f);
	return found;
}

/* learnprof's own cgroup v2 path ("0::/path" in /proc/self/cgroup). */
static char *self_cgroup(void)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char *line = NULL, *res = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			res = xstrdup(line + 3);
			break;
		}
	}
	free(line);
	fclose(f);
	return res;
}

static int cgroup_open_fds(struct lp_cgroup *cg)
{
	char *ev;

	cg->fd = open(cg->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->fd < 0)
		return -1;
	ev = xasprintf("%s/cgroup.events", cg->dir);
	cg->events_fd = open(ev, O_RDONLY | O_CLOEXEC);
	free(ev);
	return cg->events_fd < 0 ? -1 : 0;
}

static int no_cgroup2(void)
{
	return lp_err("no cgroup2 mount found in /proc/self/mountinfo: mount one (mount -t cgroup2 none /sys/fs/cgroup/unified)");
}

static void evacuate_and_remove(const char *dir, const char *dest_procs);

/* Is pid a running learnprof? */
static bool learnprof_alive(long pid)
{
	char *path = xasprintf("/proc/%ld/comm", pid), *comm = lp_read_file(path, 64, NULL);
	bool alive = comm && !strncmp(comm, "learnprof", 9);

	free(comm);
	free(path);
	return alive;
}

/*
 * A learnprof killed with SIGKILL leaves its cgroup (learnprof.<pid>) behind,
 * maybe with the workload still in it. Its BPF programs and maps went with
 * it (they were never pinned). The next recording under the same parent
 * moves what is left to the parent cgroup, so nothing stays stranded, and
 * removes the cgroup.
 */
static void cleanup_stale(const char *parent_dir)
{
	DIR *d = opendir(parent_dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *end, *dir, *procs;
		size_t n;
		long pid;
		pid_t *pids;
		struct lp_cgroup tmp = { 0 };

		if (strncmp(de->d_name, "learnprof.", 10))
			continue;
		pid = strtol(de->d_name + 10, &end, 10);
		if (*end || pid <= 0 || (pid != getpid() && learnprof_alive(pid)))
			continue;
		dir = xasprintf("%s/%s", parent_dir, de->d_name);
		procs = xasprintf("%s/cgroup.procs", parent_dir);
		tmp.dir = dir;
		pids = cgroup_pids(&tmp, &n);
		free(pids);
		evacuate_and_remove(dir, procs);
		lp_warn("removed cgroup '%s' left by a learnprof that was killed%s", de->d_name,
			n ? "; its processes were moved to the parent cgroup" : "");
		free(dir);
		free(procs);
	}
	if (d)
		closedir(d);
}

int cgroup_create(struct lp_cgroup *cg)
{
	char *self, *parent;

	memset(cg, 0, sizeof(*cg));
	cg->fd = cg->events_fd = -1;
	cg->mount = cgroup2_mount();
	if (!cg->mount)
		return no_cgroup2();
	self = self_cgroup();
	if (!self || !strcmp(self, "/")) {
		free(self);
		self = xstrdup("");
	}
	cg->rel = xasprintf("%s/learnprof.%d", self, (int)getpid());
	parent = xasprintf("%s%s", cg->mount, self);
	cleanup_stale(*parent ? parent : "/");
	free(parent);
	free(self);
	cg->dir = xasprintf("%s%s", cg->mount, cg->rel);
	if (mkdir(cg->dir, 0755) && errno != EEXIST)
		return lp_err("cannot create cgroup '%s': %s", cg->dir, strerror(errno));
	cg->created = true;
	if (cgroup_open_fds(cg))
		return lp_err("cannot open cgroup '%s': %s", cg->dir, strerror(errno));
	return 0;
}

int cgroup_open(struct lp_cgroup *cg, const char *path)
{
	size_t ml;

	memset(cg, 0, sizeof(*cg));
	cg->fd = cg->events_fd = -1;
	cg->mount = cgroup2_mount();
	if (!cg->mount)
		return no_cgroup2();
	ml = strlen(cg->mount);
	if (!strncmp(path, cg->mount, ml) && (path[ml] == '/' || !path[ml]))
		path += ml;
	while (path[0] == '/' && path[1] == '/')
		path++;
	cg->rel = path[0] == '/' ? xstrdup(path) : xasprintf("/%s", path);
	if (strlen(cg->rel) > 1 && cg->rel[strlen(cg->rel) - 1] == '/')
		cg->rel[strlen(cg->rel) - 1] = '\0';
	cg->dir = xasprintf("%s%s", cg->mount, strcmp(cg->rel, "/") ? cg->rel : "");
	if (cgroup_open_fds(cg))
		return lp_err("cgroup '%s' not found under the cgroup2 mount '%s': %s",
			      cg->rel, cg->mount, strerror(errno));
	return 0;
}

int cgroup_populated(struct lp_cgroup *cg)
{
	char buf[256];
	ssize_t n;
	char *p;

	if (cg->events_fd < 0)
		return -1;
	n = pread(cg->events_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "populated ");
	return p ? p[10] == '1' : -1;
}

/* Visit dir and its child cgroups, depth first, at most 32 levels. */
static void walk_cgroups(const char *dir, int depth,
			 void (*fn)(const char *dir, void *arg), void *arg,
			 bool post)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;

	if (!post)
		fn(dir, arg);
	while (d && depth < 32 && (de = readdir(d))) {
		char *sub;

		if (de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", dir, de->d_name);
		if (!lstat(sub, &st) && S_ISDIR(st.st_mode))
			walk_cgroups(sub, depth + 1, fn, arg, post);
		free(sub);
	}
	if (d)
		closedir(d);
	if (post)
		fn(dir, arg);
}

struct pidlist {
	pid_t *pids;
	size_t n, cap;
};

static void add_pids(const char *dir, void *arg)
{
	struct pidlist *l = arg;
	char *path = xasprintf("%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	long v;

	free(path);
	if (!f)
		return;
	while (fscanf(f, "%ld", &v) == 1)
		*LP_PUSH(l->pids, l->n, l->cap) = (pid_t)v;
	fclose(f);
}

pid_t *cgroup_pids(struct lp_cgroup *cg, size_t *n)
{
	struct pidlist l = { 0 };

	walk_cgroups(cg->dir, 0, add_pids, &l, false);
	*n = l.n;
	return l.pids;
}

static void remove_dir(const char *dir, void *arg)
{
	rmdir(dir);
}

/* Move whatever is left in the tree to dest_procs, then remove the tree. */
static void evacuate_and_remove(const char *dir, const char *dest_procs)
{
	struct pidlist l = { 0 };

	walk_cgroups(dir, 0, add_pids, &l, false);
	for (size_t i = 0; i < l.n; i++) {
		FILE *f = fopen(dest_procs, "we");

		if (!f)
			break;
		fprintf(f, "%d\n", (int)l.pids[i]);
		fclose(f);
	}
	free(l.pids);
	walk_cgroups(dir, 0, remove_dir, NULL, true);
}

void cgroup_release(struct lp_cgroup *cg)
{
	if (!cg)
		return;
	if (cg->fd >= 0)
		close(cg->fd);
	if (cg->events_fd >= 0)
		close(cg->events_fd);
	cg->fd = cg->events_fd = -1;
	if (cg->created && cg->dir) {
		char *parent = xstrdup(cg->dir), *slash = strrchr(parent, '/');
		char *procs;

		*slash = '\0';
		procs = xasprintf("%s/cgroup.procs", parent);
		evacuate_and_remove(cg->dir, procs);
		free(procs);
		free(parent);
	}
	free(cg->mount);
	free(cg->rel);
	free(cg->dir);
	memset(cg, 0, sizeof(*cg));
	cg->fd = cg->events_fd = -1;
}

static int check_exec(const char *path, int *code)
{
	struct stat st;

	if (stat(path, &st)) {
		*code = errno == ENOENT || errno == ENOTDIR ? LP_EXIT_NOTFOUND
							      : LP_EXIT_NOEXEC;
		return -errno;
	}
	if (S_ISDIR(st.st_mode)) {
		*code = LP_EXIT_NOEXEC;
		return -EISDIR;
	}
	if (access(path, X_OK)) {
		*code = LP_EXIT_NOEXEC;
		return -errno;
	}
	return 0;
}

char *command_resolve(const char *name, int *code)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *cand;
	int first_err = 0, first_code = LP_EXIT_NOTFOUND, err, c;

	if (!*name) {
		*code = LP_EXIT_NOTFOUND;
		lp_err("cannot run '': command not found");
		return NULL;
	}
	if (strchr(name, '/')) {
		err = check_exec(name, code);
		if (!err)
			return xstrdup(name);
		lp_err("cannot run '%s': %s", name, strerror(-err));
		return NULL;
	}
	copy = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		cand = xasprintf("%s/%s", *dir ? dir : ".", name);
		err = check_exec(cand, &c);
		if (!err) {
			free(copy);
			return cand;
		}
		/* Like execvp: a file that exists but cannot run wins over
		 * "not found" in later directories. */
		if (c == LP_EXIT_NOEXEC && !first_err) {
			first_err = err;
			first_code = c;
		}
		free(cand);
	}
	free(copy);
	*code = first_err ? first_code : LP_EXIT_NOTFOUND;
	if (first_err)
		lp_err("cannot run '%s': %s", name, strerror(-first_err));
	else
		lp_err("cannot run '%s': command not found", name);
	return NULL;
}

int user_lookup(const char *spec, struct lp_user *u)
{
	struct passwd *pw;
	uint64_t v;

	memset(u, 0, sizeof(*u));
	errno = 0;
	pw = getpwnam(spec);
	if (!pw && !lp_parse_u64(spec, &v) && v < UINT32_MAX) {
		pw = getpwuid((uid_t)v);
		if (!pw) {
			u->uid = (uid_t)v;
			u->gid = (gid_t)v;
			u->name = xstrdup(spec);
			u->set = true;
			return 0;
		}
	}
	if (!pw)
		return lp_err("unknown user '%s'", spec);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->name = xstrdup(pw->pw_name);
	u->set = true;
	return 0;
}

/* In the child: report errno on err_fd and exit. */
static void __attribute__((noreturn)) child_fail(int err_fd, int stage, int err)
{
	int msg[2] = { stage, err };

	if (write(err_fd, msg, sizeof(msg)) < 0)
		_exit(LP_EXIT_FAIL);
	_exit(stage == 0 ? (err == ENOENT ? LP_EXIT_NOTFOUND : LP_EXIT_NOEXEC)
			 : LP_EXIT_FAIL);
}

enum { STAGE_EXEC = 0, STAGE_CGROUP, STAGE_USER };

int child_spawn(struct lp_child *c, const char *path, char *const argv[],
		struct lp_cgroup *cg, const struct lp_user *user,
		const sigset_t *ignored)
{
	int go[2], err[2];
	char *procs = cg ? xasprintf("%s/cgroup.procs", cg->dir) : NULL;

	c->pid = -1;
	c->go_fd = c->err_fd = -1;
	if (pipe2(go, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		free(procs);
		return lp_err("cannot create pipe: %s", strerror(errno));
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		free(procs);
		return lp_err("cannot fork: %s", strerror(errno));
	}
	if (c->pid == 0) {
		sigset_t none;
		ssize_t r;
		char b;
		int fd;

		close(go[1]);
		close(err[0]);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		for (int s = 1; ignored && s < NSIG; s++)
			if (sigismember(ignored, s))
				signal(s, SIG_IGN);
		if (procs) {
			fd = open(procs, O_WRONLY | O_CLOEXEC);
			if (fd < 0 || write(fd, "0\n", 2) != 2)
				child_fail(err[1], STAGE_CGROUP, errno);
			close(fd);
		}
		if (user && user->set) {
			if (setgroups(0, NULL) && errno != EPERM)
				child_fail(err[1], STAGE_USER, errno);
			if (user->name && getpwnam(user->name))
				initgroups(user->name, user->gid);
			if (setgid(user->gid) || setuid(user->uid))
				child_fail(err[1], STAGE_USER, errno);
		}
		/* Wait until every probe is attached. EOF: learnprof gave up. */
		do
			r = read(go[0], &b, 1);
		while (r < 0 && errno == EINTR);
		if (r != 1 || b != 'g')
			_exit(LP_EXIT_FAIL);
		execv(path, argv);
		child_fail(err[1], STAGE_EXEC, errno);
	}
	free(procs);
	close(go[0]);
	close(err[1]);
	c->go_fd = go[1];
	c->err_fd = err[0];
	return 0;
}

int child_release(struct lp_child *c, const char *name)
{
	int msg[2];
	ssize_t n;

	if (write(c->go_fd, "g", 1) != 1)
		return lp_err("cannot start '%s': %s", name, strerror(errno)), LP_EXIT_FAIL;
	close(c->go_fd);
	c->go_fd = -1;
	do
		n = read(c->err_fd, msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
	close(c->err_fd);
	c->err_fd = -1;
	if (n != sizeof(msg))
		return 0;	/* EOF: exec succeeded */
	waitpid(c->pid, NULL, 0);
	c->pid = -1;
	switch (msg[0]) {
	case STAGE_CGROUP:
		lp_err("cannot move '%s' into its cgroup: %s", name, strerror(msg[1]));
		return LP_EXIT_FAIL;
	case STAGE_USER:
		lp_err("cannot switch '%s' to the requested user: %s", name, strerror(msg[1]));
		return LP_EXIT_FAIL;
	}
	lp_err("cannot run '%s': %s", name, strerror(msg[1]));
	return msg[1] == ENOENT ? LP_EXIT_NOTFOUND : LP_EXIT_NOEXEC;
}

void child_abort(struct lp_child *c)
{
	if (c->go_fd >= 0)
		close(c->go_fd);	/* EOF: the child exits without exec */
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->go_fd = c->err_fd = -1;
	if (c->pid > 0)
		waitpid(c->pid, NULL, 0);
	c->pid = -1;
}
