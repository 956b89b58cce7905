// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof record: run a command (or watch a cgroup) with every probe
 * attached before its first instruction, and write the Recording.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "container.h"
#include "container_client.h"
#include "record.h"
#include "recorder.h"
#include "recording.h"
#include "strmap.h"
#include "target.h"
#include "util.h"

#define DEFAULT_OUTPUT "learnprof-recording.json"
#define DEFAULT_LINGER_S 5

static const char usage[] =
	"usage: learnprof record [-o <file>] [--user <user>] [<options>] [--] <command> [<args>...]\n"
	"   or: learnprof record --cgroup <path> [-o <file>] [--duration <seconds>] [<options>]\n"
	"   or: learnprof record --container <id> [--runtime <name>] [-o <file>] [--duration <seconds>]\n"
	"   or: learnprof record [-o <file>] [<options>] -- (docker | podman) run [<run options>] <image> [<args>...]\n";

static const char help[] =
	"\n"
	"Run <command> in a new cgroup with every probe attached before it starts,\n"
	"or watch an existing cgroup and its children, and write what it did to a\n"
	"recording (JSON, docs/recording.md). The exit status is the command's.\n"
	"A `docker run` (or `podman run`) command records the container it starts,\n"
	"from its first instruction, and not the client: learnprof adds\n"
	"--cgroup-parent (its own, watched before the client runs) and --cidfile.\n"
	"\n"
	"    -o, --output <file>     write the recording here (default " DEFAULT_OUTPUT ")\n"
	"    -u, --user <user>       run the command as this user (name or uid)\n"
	"    -c, --cgroup <path>     record an existing cgroup v2 (relative to the mount)\n"
	"        --container <id>    record a running container (and its child cgroups)\n"
	"        --runtime <name>    where to look for it: runc, crun, docker, containerd\n"
	"                            or podman (default: all of them)\n"
	"    -d, --duration <secs>   stop recording after this many seconds\n"
	"        --linger <secs>     after the command exits, keep recording what it left\n"
	"                            running for at most this long (default 5)\n"
	"        --max-programs <n>  distinct executables counted apart (default 1024)\n"
	"        --buffer-size <n>   ring buffer for paths and execs, e.g. 64M (default 8M)\n"
	"        --no-probe <probe>  switch off an optional probe: arguments, capabilities,\n"
	"                            signals (repeat or separate with commas)\n"
	"        --strict            exit 125 when any event was lost\n"
	"        --ready <file>      create <file> once every probe is attached\n"
	"        --no-follow-container  with docker or podman run: record the client\n"
	"                            itself, not the container\n"
	"    -v, --verbose           show libbpf's messages\n"
	"\n"
	"examples:\n"
	"    learnprof record -o rec.json -- make integration-test\n"
	"    learnprof record --user nobody -- python3 -m http.server\n"
	"    learnprof record --cgroup /system.slice/nginx.service --duration 60\n"
	"    learnprof record -o redis.json -- docker run --rm redis:7 redis-server\n";

struct loop {
	int epfd, sigfd, timerfd, lingerfd;
	struct lp_child *child;
	struct lp_cgroup *cg;
	struct lp_recorder *rec;
	bool child_done;
	int status;
	bool stop;
	bool stopped_by_signal;
	bool was_populated;
	/* recording through a container client: the container's cgroup
	 * outlives the client (docker run -d); its id arrives in a cidfile */
	const char *client, *cidfile;
	struct lp_container *ct;
	bool identified;
};

/* "64K", "16M", "1G" or bytes; rounded up to a power of two, 4K..1G. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	uint64_t p = 4096;

	if (end == s || *s == '-')
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end || v < 4096 || v > (1ULL << 30))
		return -1;
	while (p < v)
		p <<= 1;
	*out = p;
	return 0;
}

static int parse_probes(const char *list, unsigned *bits)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int p = recorder_probe_from_name(tok);

		if (p < 0) {
			ret = -1;
			break;
		}
		*bits |= 1U << p;
	}
	free(copy);
	return ret;
}

static int parse_args(int argc, char **argv, struct record_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "user", required_argument, NULL, 'u' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "linger", required_argument, NULL, 'L' },
		{ "max-programs", required_argument, NULL, 'P' },
		{ "strict", no_argument, NULL, 'S' },
		{ "ready", required_argument, NULL, 'R' },
		{ "buffer-size", required_argument, NULL, 'B' },
		{ "no-probe", required_argument, NULL, 'N' },
		{ "container", required_argument, NULL, 'K' },
		{ "runtime", required_argument, NULL, 'T' },
		{ "no-follow-container", no_argument, NULL, 'F' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->ready_fd = -1;
	o->output = DEFAULT_OUTPUT;
	o->linger = DEFAULT_LINGER_S;
	o->max_programs = 1024;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:u:c:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'u': o->user = optarg; break;
		case 'c': o->cgroup = optarg; break;
		case 'd':
			if (lp_parse_u64(optarg, &o->duration) || !o->duration)
				return usage_error(usage, "--duration: '%s' is not a positive number of seconds", optarg);
			break;
		case 'L':
			if (lp_parse_u64(optarg, &o->linger))
				return usage_error(usage, "--linger: '%s' is not a number of seconds", optarg);
			break;
		case 'P':
			if (lp_parse_u64(optarg, &o->max_programs) ||
			    o->max_programs < 2 || o->max_programs > 65536)
				return usage_error(usage, "--max-programs: '%s' is not a number from 2 to 65536", optarg);
			break;
		case 'S': o->strict = true; break;
		case 'R': o->ready = optarg; break;
		case 'K': o->container = optarg; break;
		case 'T': o->runtime = optarg; break;
		case 'F': o->no_follow = true; break;
		case 'B':
			if (parse_size(optarg, &o->buffer_size))
				return usage_error(usage, "--buffer-size: '%s' is not a size from 4K to 1G", optarg);
			break;
		case 'N':
			if (parse_probes(optarg, &o->disabled))
				return usage_error(usage, "--no-probe: '%s' is not one of arguments, capabilities, signals", optarg);
			break;
		case 'v': lp_verbose = 1; break;
		case 'h': print_help(usage, help); exit(0);
		default:
			if (optopt && strchr("oucdLPRBNKT", optopt))
				return usage_error(usage, "option '%s' needs a value", argv[optind - 1]);
			return usage_error(usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
	o->argc = argc - optind;
	if ((o->cgroup != NULL) + (o->container != NULL) + (o->argc > 0) > 1)
		return usage_error(usage, "give one of --cgroup, --container or a command");
	if (!o->cgroup && !o->container && !o->argc)
		return usage_error(usage, "no command given");
	if ((o->cgroup || o->container) && o->user)
		return usage_error(usage, "--user applies to a command, not to --cgroup or --container");
	if (o->runtime && !o->container)
		return usage_error(usage, "--runtime applies to --container");
	o->client = !o->no_follow && client_run_detect(o->argv, o->argc);
	if (o->client && o->user)
		return usage_error(usage, "--user applies to a command: give the container's user to '%s run --user'",
				   lp_base_name(o->argv[0]));
	return 0;
}

static void fill_meta(struct lp_recording *rec, const struct record_opts *o,
		      const struct lp_cgroup *cg)
{
	struct lp_meta *m = &rec->meta;
	struct utsname u;
	FILE *f;
	char line[256];

	m->version = xstrdup(LEARNPROF_VERSION);
	if (!uname(&u)) {
		m->kernel = xstrdup(u.release);
		m->machine = xstrdup(u.machine);
	}
	m->start = xstrdup(lp_now_rfc3339());
	m->kind = o->cgroup ? LP_TARGET_CGROUP : o->client ? LP_TARGET_CONTAINER : LP_TARGET_COMMAND;
	m->command = xcalloc(o->argc, sizeof(char *));
	for (int i = 0; i < o->argc; i++)
		m->command[m->ncommand++] = xstrdup(o->argv[i]);
	m->cgroup = xstrdup(cg->rel);
	m->user = o->user ? xstrdup(o->user) : NULL;
	/* The command inherits learnprof's no_new_privs. */
	m->no_new_privs = -1;
	f = fopen("/proc/self/status", "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "NoNewPrivs:", 11))
			m->no_new_privs = atoi(line + 11) ? 1 : 0;
	if (f)
		fclose(f);
	if (o->cgroup)
		m->no_new_privs = -1;
	if (o->ct) {
		m->kind = LP_TARGET_CONTAINER;
		m->container_id = xstrdup(o->ct->id);
		m->container_runtime = o->ct->runtime ? xstrdup(o->ct->runtime) : NULL;
		m->image = o->ct->image ? xstrdup(o->ct->image) : NULL;
		m->image_digest = o->ct->digest ? xstrdup(o->ct->digest) : NULL;
		m->bundle = o->ct->bundle ? xstrdup(o->ct->bundle) : NULL;
		m->no_new_privs = o->ct->no_new_privs;
		m->startup_missed = o->startup_missed;
	}
}

static int add_fd(int epfd, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	return fd < 0 ? 0 : epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static int arm_timer(uint64_t seconds)
{
	struct itimerspec its = { .it_value.tv_sec = (time_t)seconds };
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

	if (fd >= 0 && timerfd_settime(fd, 0, &its, NULL)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void reap(struct loop *l)
{
	int st;
	pid_t p;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
		if (l->child && p == l->child->pid) {
			l->child_done = true;
			l->status = st;
		}
	}
}

static void on_signal(struct loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			reap(l);
			continue;
		}
		/* Signals from the terminal reach the whole process group,
		 * the command included; forward only those sent to us. */
		if (l->child && !l->child_done && si.ssi_code != SI_KERNEL)
			kill(l->child->pid, (int)si.ssi_signo);
		if (!l->child || l->child_done) {
			l->stop = true;
			l->stopped_by_signal = true;
		}
	}
}

/* Record until the command and what it left behind are gone (command mode)
 * or the cgroup empties (cgroup mode), a signal, or the duration. */
static void run_loop(struct loop *l, uint64_t linger)
{
	struct epoll_event evs[8];
	uint64_t x;
	int pop;

	while (!l->stop) {
		/* Ask for the container's id soon after create: with --rm it
		 * may be gone when it ends. */
		bool asking = l->cidfile && !l->identified;
		int n = epoll_wait(l->epfd, evs, ARRAY_SIZE(evs), asking ? 20 : 1000);

		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == l->sigfd)
				on_signal(l);
			else if ((fd == l->timerfd || fd == l->lingerfd) &&
				 read(fd, &x, sizeof(x)) > 0)
				l->stop = true;
			else if (fd == recorder_fd(l->rec))
				recorder_drain(l->rec);
		}
		if (asking)
			l->identified = client_run_identify(l->client, l->cidfile, l->ct);
		pop = cgroup_populated(l->cg);
		if (pop == 1)
			l->was_populated = true;
		if (!l->child) {
			if (pop == 0 && l->was_populated)
				break;
			if (pop < 0)
				break;	/* the cgroup was removed */
			continue;
		}
		if (!l->child_done)
			continue;
		if (pop != 1)
			break;
		if (l->cidfile)
			continue;	/* the container runs on (docker run -d) */
		/* Orphans and daemons left behind: record them a little
		 * longer. */
		if (l->lingerfd < 0) {
			if (!linger)
				break;
			l->lingerfd = arm_timer(linger);
			if (l->lingerfd < 0 || add_fd(l->epfd, l->lingerfd, EPOLLIN))
				break;
		}
	}
}

static void report_leftovers(struct lp_cgroup *cg)
{
	size_t n;
	pid_t *pids = cgroup_pids(cg, &n);

	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("/proc/%d/comm", (int)pids[i]);
		char *comm = lp_read_file(path, 256, NULL);

		if (comm)
			comm[strcspn(comm, "\n")] = '\0';
		lp_warn("still running after the command exited, not recorded further: pid %d (%s)",
			(int)pids[i], comm ? comm : "?");
		free(comm);
		free(path);
	}
	free(pids);
}

/* The container a client started: its id, engine and image, or a warning
 * that it was never seen. */
static void client_meta(struct lp_recording *rec, struct loop *l, const char *client,
			const char *parent)
{
	struct lp_meta *m = &rec->meta;

	if (!l->identified)
		l->identified = client_run_identify(client, l->cidfile, l->ct);
	if (l->ct->id) {
		m->container_id = xstrdup(l->ct->id);
		m->container_runtime = xstrdup(l->ct->runtime);
		m->image = l->ct->image ? xstrdup(l->ct->image) : NULL;
		m->image_digest = l->ct->digest ? xstrdup(l->ct->digest) : NULL;
	}
	if (!rec->nexes)
		lp_warn("no container appeared in cgroup '%s' while recording: nothing of it was recorded%s",
			parent, l->ct->id ? "" : " (the client made none)");
}

static int exit_code_of(int status, int *sig)
{
	*sig = 0;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status)) {
		*sig = WTERMSIG(status);
		return 128 + *sig;
	}
	return LP_EXIT_FAIL;
}

static void summarize(const struct lp_recording *rec, const char *output)
{
	uint64_t total = 0, lost = 0;
	struct strmap kinds;

	strmap_init(&kinds);
	for (size_t i = 0; i < rec->nexes; i++)
		for (int a = 0; a < LP_ABI_COUNT; a++)
			for (size_t k = 0; k < rec->exes[i]->nsys[a]; k++) {
				total += rec->exes[i]->sys[a][k].count;
				strmap_put(&kinds, rec->exes[i]->sys[a][k].name, 0);
			}
	for (int i = 0; i < LP_LOST_COUNT; i++) {
		lost += rec->meta.lost[i];
		if (rec->meta.lost[i])
			lp_warn("lost %llu %s (see meta.lost in the recording)",
				(unsigned long long)rec->meta.lost[i], lp_lost_name(i));
	}
	if (strcmp(output, "-"))
		fprintf(stderr, "learnprof: recorded %zu program%s making %llu syscalls of %zu kinds, %llu lost; wrote '%s'\n",
			rec->nexes, rec->nexes == 1 ? "" : "s", (unsigned long long)total,
			kinds.len, (unsigned long long)lost, output);
	strmap_free(&kinds);
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o;
	struct lp_container ct;
	int ret = parse_args(argc, argv, &o);

	if (ret)
		return ret;
	if (o.container) {
		if (container_find(o.container, o.runtime, &ct))
			return LP_EXIT_FAIL;
		o.ct = &ct;
		o.cgroup = ct.cgroup;
		o.startup_missed = true;
	}
	ret = record_run(&o);
	if (o.container)
		container_free(&ct);
	return ret;
}

int record_run(struct record_opts *op)
{
	struct record_opts o = *op;
	struct lp_cgroup cg = { .fd = -1, .events_fd = -1 };
	struct lp_child child = { .pid = -1, .go_fd = -1, .err_fd = -1 };
	struct lp_recorder_opts ro = { .cgroup_fd = -1 };
	struct lp_recording *rec = NULL;
	struct lp_user user = { 0 };
	struct loop l = { .epfd = -1, .sigfd = -1, .timerfd = -1, .lingerfd = -1 };
	struct lp_container cct = { 0 };
	char *path = NULL, **argv = o.argv, **cargv = NULL, *cidfile = NULL;
	bool own_cidfile = false;
	sigset_t mask, oldmask, ignored;
	int ret = LP_EXIT_FAIL, code = 0, sig = 0, missing_probes = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &oldmask);
	/* A signal ignored when we started (a background job's SIGINT) would
	 * never reach the signalfd: take it, and give the command back the
	 * disposition it would have had without us. */
	sigemptyset(&ignored);
	for (int s = 1; s < NSIG; s++) {
		struct sigaction sa;

		if (s == SIGCHLD || !sigismember(&mask, s) || sigaction(s, NULL, &sa) ||
		    sa.sa_handler != SIG_IGN)
			continue;
		sigaddset(&ignored, s);
		signal(s, SIG_DFL);
	}

	if (recorder_preflight() || lp_check_writable(o.output))
		goto cleanup;
	if (o.user && user_lookup(o.user, &user))
		goto cleanup;
	if (!o.cgroup) {
		path = command_resolve(o.argv[0], &code);
		if (!path) {
			ret = code;
			goto cleanup;
		}
		if (cgroup_create(&cg))
			goto cleanup;
	} else if (cgroup_open(&cg, o.cgroup)) {
		goto cleanup;
	}
	if (o.client) {
		/* The container's cgroup parent is ours: created and watched
		 * before the client runs. */
		cidfile = xasprintf("/tmp/learnprof-cid.%d", (int)getpid());
		unlink(cidfile);
		argv = cargv = client_run_argv(o.argv, o.argc, cg.rel, &cidfile);
		if (!cargv)
			goto cleanup;
		own_cidfile = !strncmp(cidfile, "/tmp/learnprof-cid.", 19);
		l.client = path;
		l.cidfile = cidfile;
		l.ct = &cct;
	}

	rec = rec_new();
	fill_meta(rec, &o, &cg);
	if (!o.cgroup) {
		/* A container client runs outside what is recorded. */
		if (child_spawn(&child, path, argv, o.client ? NULL : &cg, &user, &ignored))
			goto cleanup;
		ro.root_tgid = o.client ? 0 : child.pid;
		ro.cgroup_fd = o.client ? cg.fd : -1;
		l.child = &child;
	} else {
		ro.cgroup_fd = cg.fd;
	}
	ro.max_programs = (uint32_t)o.max_programs;
	ro.buffer_size = o.buffer_size;
	ro.disabled = o.disabled;
	l.rec = recorder_start(&ro, rec);
	if (!l.rec)
		goto cleanup;

	l.cg = &cg;
	l.epfd = epoll_create1(EPOLL_CLOEXEC);
	l.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l.epfd < 0 || l.sigfd < 0 || add_fd(l.epfd, l.sigfd, EPOLLIN) ||
	    add_fd(l.epfd, recorder_fd(l.rec), EPOLLIN) ||
	    add_fd(l.epfd, cg.events_fd, EPOLLPRI)) {
		lp_err("cannot set up the event loop: %s", strerror(errno));
		goto cleanup;
	}
	if (o.duration) {
		l.timerfd = arm_timer(o.duration);
		if (l.timerfd < 0 || add_fd(l.epfd, l.timerfd, EPOLLIN)) {
			lp_err("cannot set the duration timer: %s", strerror(errno));
			goto cleanup;
		}
	}
	if (l.child) {
		code = child_release(&child, o.argv[0]);
		if (code) {
			ret = code;
			goto cleanup;
		}
	}
	if (o.ct && o.startup_missed)
		lp_info("attached to container '%.12s' (%s%s%s): recording from now on; its start-up was not seen, so its profile may lack what it does only when it starts",
			o.ct->id, o.ct->runtime ? o.ct->runtime : "runtime unknown",
			o.ct->image ? ", image " : "", o.ct->image ? o.ct->image : "");
	else if (lp_verbose)
		lp_info("recording %s", o.cgroup ? cg.rel : o.argv[0]);
	if (o.ready && lp_write_file(o.ready, "", 0))
		goto cleanup;
	if (o.ready_fd >= 0) {
		if (write(o.ready_fd, "r", 1) != 1)
			goto cleanup;
		close(o.ready_fd);
		op->ready_fd = -1;
	}

	run_loop(&l, o.linger);
	if (cgroup_populated(&cg) == 1 && o.client)
		lp_warn("the container is still running: recording stopped");
	else if (cgroup_populated(&cg) == 1 && l.child)
		report_leftovers(&cg);

	if (recorder_stop(l.rec))
		goto cleanup;
	free(rec->meta.end);
	rec->meta.end = xstrdup(lp_now_rfc3339());
	if (o.client)
		client_meta(rec, &l, path, cg.rel);
	if (l.child) {
		if (!l.child_done) {
			/* Stopped by --duration or a signal before it ended. */
			int st;

			if (waitpid(child.pid, &st, WNOHANG) == child.pid) {
				l.child_done = true;
				l.status = st;
			}
		}
		if (l.child_done) {
			rec->meta.has_exit = true;
			rec->meta.exit_status = exit_code_of(l.status, &sig);
			rec->meta.exit_signal = sig;
		}
	}
	if (rec_save(rec, o.output))
		goto cleanup;
	for (size_t i = 0; i < rec->meta.nprobes; i++) {
		const struct lp_probe *p = &rec->meta.probes[i];

		if (p->active || (p->reason && strstr(p->reason, "--no-probe")))
			continue;
		lp_warn("%s were not observed: %s", p->name, p->reason ? p->reason : "inactive");
		missing_probes++;
	}
	if (!o.quiet)
		summarize(rec, o.output);
	if (l.child && !l.child_done)
		lp_warn("'%s' (pid %d) was still running when the recording stopped",
			o.argv[0], (int)child.pid);

	ret = l.child && l.child_done ? rec->meta.exit_status : 0;
	if (o.strict) {
		for (int i = 0; i < LP_LOST_COUNT; i++)
			if (rec->meta.lost[i]) {
				lp_err("--strict: events were lost");
				ret = LP_EXIT_FAIL;
				break;
			}
		if (o.client && !rec->nexes && ret != LP_EXIT_FAIL) {
			lp_err("--strict: the container could not be followed from its start");
			ret = LP_EXIT_FAIL;
		}
		if (missing_probes && ret != LP_EXIT_FAIL) {
			lp_err("--strict: %d probe%s could not observe", missing_probes,
			       missing_probes == 1 ? "" : "s");
			ret = LP_EXIT_FAIL;
		}
	}
cleanup:
	if (child.pid > 0 && child.go_fd >= 0)
		child_abort(&child);
	if (o.client && cg.rel)
		client_run_cleanup_v1(cg.rel);
	if (own_cidfile)
		unlink(cidfile);
	client_run_argv_free(cargv);
	container_free(&cct);
	free(cidfile);
	recorder_free(l.rec);
	if (l.epfd >= 0)
		close(l.epfd);
	if (l.sigfd >= 0)
		close(l.sigfd);
	if (l.timerfd >= 0)
		close(l.timerfd);
	if (l.lingerfd >= 0)
		close(l.lingerfd);
	cgroup_release(&cg);
	rec_free(rec);
	free(path);
	free(user.name);
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&ignored, s))
			signal(s, SIG_IGN);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	return ret;
}
