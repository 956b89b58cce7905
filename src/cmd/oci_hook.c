// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof oci-hook: record a container from its first instruction, with
 * no daemon and no start-up race. Wired as an OCI createRuntime (or
 * prestart) hook, it reads the container's state on stdin, starts a
 * recorder on the init process's cgroup and returns once every probe is
 * attached, before the entrypoint can run. As a poststop hook it stops that
 * recorder and waits until the recording is written. Containers without the
 * annotation io.learnprof.record=<name> are left alone.
 *
 * Whoever can annotate a container must not choose what the hook writes as
 * root: the annotation gives only a file name, and recordings go into the
 * directory the administrator gives the hook (--output-dir), which must be
 * a real directory (no symlink). The recorder's pid is kept with its start
 * time, so a poststop hook never signals a process that merely reuses it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "container.h"
#include "jsonutil.h"
#include "record.h"
#include "recorder.h"
#include "util.h"

#define ANNOTATION "io.learnprof.record"
#define DEFAULT_STATE_DIR "/run/learnprof"
#define DEFAULT_OUTPUT_DIR "/var/lib/learnprof/recordings"
#define HOOK_FAIL 1		/* a hook's failure stops the container */

static const char usage[] =
	"usage: learnprof oci-hook [--output-dir <dir>] [--state-dir <dir>] [--runtime <name>] < <state.json>\n";

static const char help[] =
	"\n"
	"Run as an OCI hook (runc, crun, podman): at createRuntime or prestart it\n"
	"starts recording the container's cgroup and returns once every probe is\n"
	"attached, so the recording starts before the entrypoint's first\n"
	"instruction; at poststop it stops the recording and waits until it is\n"
	"written. Only containers annotated io.learnprof.record=<name> are recorded,\n"
	"into <dir>/<name> (with the recorder's messages in <name>.log): the\n"
	"annotation names a file, never a path.\n"
	"\n"
	"        --output-dir <dir> where recordings are written (default " DEFAULT_OUTPUT_DIR ")\n"
	"        --state-dir <dir>  where recorders are tracked (default " DEFAULT_STATE_DIR ")\n"
	"        --runtime <name>   the runtime to name in the recording (default runc)\n"
	"\n"
	"config.json:\n"
	"    \"annotations\": { \"io.learnprof.record\": \"app.json\" },\n"
	"    \"hooks\": {\n"
	"      \"createRuntime\": [{ \"path\": \"/usr/local/bin/learnprof\", \"args\": [\"learnprof\", \"oci-hook\", \"--output-dir\", \"/var/lib/learnprof/recordings\"] }],\n"
	"      \"poststop\": [{ \"path\": \"/usr/local/bin/learnprof\", \"args\": [\"learnprof\", \"oci-hook\", \"--output-dir\", \"/var/lib/learnprof/recordings\"] }]\n"
	"    }\n";

struct hook_state {
	char *id, *status, *bundle, *output;
	pid_t pid;
};

static void state_free(struct hook_state *s)
{
	free(s->id);
	free(s->status);
	free(s->bundle);
	free(s->output);
}

/* A plain file name: no path, no "..", no hidden file, nothing odd. */
static bool file_name_ok(const char *n)
{
	if (!*n || *n == '.' || strlen(n) > 200)
		return false;
	for (; *n; n++)
		if (!(*n >= 'a' && *n <= 'z') && !(*n >= 'A' && *n <= 'Z') &&
		    !(*n >= '0' && *n <= '9') && !strchr("._-", *n))
			return false;
	return true;
}

/* A directory of root's own making: created 0700 if missing; never a
 * symlink, never writable by others. */
static int safe_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) && errno != EEXIST)
		return lp_err("oci-hook: cannot create '%s': %s", dir, strerror(errno));
	if (lstat(dir, &st))
		return lp_err("oci-hook: '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return lp_err("oci-hook: '%s' is %s, not a directory: refused", dir,
			      S_ISLNK(st.st_mode) ? "a symlink" : "not a directory");
	if (st.st_uid != geteuid() || (st.st_mode & 0022))
		return lp_err("oci-hook: '%s' must belong to uid %d and not be writable by others",
			      dir, (int)geteuid());
	return 0;
}

static int read_state(struct hook_state *s)
{
	struct jreader jr = { .file = "<stdin>" };
	json_object *root, *ann;
	char buf[65536];
	struct strbuf sb;
	int64_t pid = 0;
	ssize_t n;

	memset(s, 0, sizeof(*s));
	sb_init(&sb);
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 && sb.len < (1 << 20))
		sb_add(&sb, buf, (size_t)n);
	root = lp_json_parse(sb.buf, sb.len, "<stdin>");
	sb_free(&sb);
	if (!root)
		return -1;
	s->id = xstrdup(jr_string(&jr, root, "", "id", true));
	s->status = xstrdup(jr_string(&jr, root, "", "status", false));
	s->bundle = xstrdup(jr_string(&jr, root, "", "bundle", false));
	if (jr_i64(&jr, root, "", "pid", false, &pid))
		s->pid = (pid_t)pid;
	ann = jr_member(&jr, root, "", "annotations", json_type_object, false);
	if (ann && jr_string(&jr, ann, "annotations", ANNOTATION, false))
		s->output = xstrdup(jr_string(&jr, ann, "annotations", ANNOTATION, false));
	json_object_put(root);
	if (jr.failed || strchr(s->id, '/') || !strcmp(s->id, "..") || !*s->id)
		return jr.failed ? -1 : lp_err("oci-hook: bad container id '%s'", s->id);
	if (s->output && !file_name_ok(s->output))
		return lp_err("oci-hook: annotation %s='%s' refused: it must be a file name ([A-Za-z0-9._-], not starting with '.'), not a path",
			      ANNOTATION, s->output);
	return 0;
}

/* Alive and not a zombie nobody reaped (the recorder is reparented). */
static bool alive(pid_t pid)
{
	char *path = xasprintf("/proc/%d/stat", (int)pid), *t, *rp;
	bool ok = false;

	t = lp_read_file(path, 4096, NULL);
	free(path);
	rp = t ? strrchr(t, ')') : NULL;
	if (rp && rp[1] == ' ')
		ok = rp[2] != 'Z' && rp[2] != 'X';
	free(t);
	return ok;
}

/* When a process started (field 22 of its stat, clock ticks after boot):
 * with its pid, it names one process for good. 0 when gone. */
static unsigned long long start_time(pid_t pid)
{
	char *path = xasprintf("/proc/%d/stat", (int)pid), *t, *rp;
	unsigned long long st = 0;

	t = lp_read_file(path, 4096, NULL);
	free(path);
	rp = t ? strrchr(t, ')') : NULL;
	/* after ")": state is field 3, start time field 22 */
	if (rp && sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			 &st) != 1)
		st = 0;
	free(t);
	return st;
}

/* The recorder a pidfile names ("<pid> <start time>"), if that very
 * process still runs; 0 otherwise (a reused pid is never ours). */
static pid_t read_pidfile(const char *path)
{
	char *t = lp_read_file(path, 64, NULL);
	unsigned long long st = 0;
	long pid = 0;

	if (!t || sscanf(t, "%ld %llu", &pid, &st) != 2)
		pid = 0;
	free(t);
	if (pid <= 0 || !alive((pid_t)pid) || start_time((pid_t)pid) != st)
		return 0;
	return (pid_t)pid;
}

/* The recorder, detached from the runtime: its own session, stdio to
 * /dev/null and <output>.log. Runs until the cgroup empties or SIGTERM. */
static void __attribute__((noreturn)) recorder_child(const struct hook_state *s, const char *pidfile,
						     const char *output, struct lp_container *ct,
						     int ready_fd)
{
	struct record_opts o = { 0 };
	char *log = xasprintf("%s.log", output), *pid;
	int fd, ret;

	setsid();
	if (fork() > 0)
		_exit(0);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	dup2(fd, 0);
	dup2(fd, 1);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0)
		dup2(fd, 2);
	pid = xasprintf("%d %llu\n", (int)getpid(), start_time(getpid()));
	if (lp_write_file(pidfile, pid, strlen(pid)))
		_exit(LP_EXIT_FAIL);
	o.output = output;
	o.cgroup = ct->cgroup;
	o.ct = ct;
	o.ready_fd = ready_fd;
	o.quiet = true;
	o.max_programs = 1024;
	ret = record_run(&o);
	unlink(pidfile);
	_exit(ret);
}

static int start(const struct hook_state *s, const char *dir, const char *outdir,
		 const char *runtime)
{
	char *pidfile = xasprintf("%s/%s.pid", dir, s->id);
	char *output = xasprintf("%s/%s", outdir, s->output);
	struct lp_container ct = { .no_new_privs = -1 };
	struct pollfd pfd;
	int p[2], ret = HOOK_FAIL;
	pid_t child;
	char b;

	if (read_pidfile(pidfile)) {
		ret = 0;	/* already recording: a later hook of the same start */
		goto out;
	}
	if (s->pid <= 0) {
		lp_err("oci-hook: the state of '%s' has no pid: use it as a createRuntime or prestart hook",
		       s->id);
		goto out;
	}
	if (recorder_preflight() || safe_dir(outdir) || safe_dir(dir) || lp_check_writable(output))
		goto out;
	ct.id = xstrdup(s->id);
	ct.runtime = xstrdup(runtime);
	ct.bundle = s->bundle ? xstrdup(s->bundle) : NULL;
	ct.pid = s->pid;
	container_read_bundle(&ct);
	ct.cgroup = pid_cgroup2(s->pid);
	if (!ct.cgroup || !strcmp(ct.cgroup, "/")) {
		lp_err("oci-hook: container '%s' (pid %d) is not in a cgroup v2 of its own",
		       s->id, (int)s->pid);
		goto out;
	}
	if (pipe2(p, O_CLOEXEC)) {
		lp_err("oci-hook: cannot create a pipe: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	child = fork();
	if (child == 0) {
		close(p[0]);
		recorder_child(s, pidfile, output, &ct, p[1]);
	}
	close(p[1]);
	if (child < 0) {
		lp_err("oci-hook: cannot fork: %s", strerror(errno));
		close(p[0]);
		goto out;
	}
	waitpid(child, NULL, 0);
	/* Wait until every probe is attached: then the entrypoint may run. */
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	if (poll(&pfd, 1, 60000) == 1 && read(p[0], &b, 1) == 1)
		ret = 0;
	else
		lp_err("oci-hook: the recorder for '%s' did not start (see '%s.log')", s->id, output);
	close(p[0]);
out:
	container_free(&ct);
	free(pidfile);
	free(output);
	return ret;
}

static int stop(const struct hook_state *s, const char *dir)
{
	char *pidfile = xasprintf("%s/%s.pid", dir, s->id);
	pid_t pid = read_pidfile(pidfile);
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	if (pid) {
		kill(pid, SIGTERM);
		/* Until the recording is written (two minutes at most). */
		for (int i = 0; i < 2400 && alive(pid); i++)
			nanosleep(&ts, NULL);
		if (alive(pid))
			lp_warn("oci-hook: the recorder of '%s' (pid %d) is still writing", s->id, (int)pid);
	}
	unlink(pidfile);
	free(pidfile);
	return 0;
}

int cmd_oci_hook(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state-dir", required_argument, NULL, 'd' },
		{ "output-dir", required_argument, NULL, 'o' },
		{ "runtime", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *dir = DEFAULT_STATE_DIR, *outdir = DEFAULT_OUTPUT_DIR, *runtime = "runc";
	struct hook_state s;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'r': runtime = optarg; break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	if (optind < argc)
		return usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (read_state(&s)) {
		state_free(&s);
		return HOOK_FAIL;
	}
	if (!s.output)
		ret = 0;	/* not asked to record this container */
	else if (s.status && !strcmp(s.status, "stopped"))
		ret = stop(&s, dir);
	else
		ret = start(&s, dir, outdir, runtime);
	state_free(&s);
	return ret;
}
