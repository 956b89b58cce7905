// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A recording session, what `learnprof record` and the OCI hook run: the
 * target's cgroup (created, or an existing one), the command held on a pipe
 * until every probe is attached (or a container client, whose container is
 * recorded instead), the event loop (signals passed on, the ring buffer
 * drained, the duration, what the command left running), and the
 * Recording written at the end with its meta.
 */
#include <errno.h>
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

#include "container.h"
#include "container_client.h"
#include "record.h"
#include "recorder.h"
#include "reach.h"
#include "recording.h"
#include "strmap.h"
#include "target.h"
#include "util.h"

struct loop {
	int epfd, sigfd, timerfd, lingerfd;
	int tickfd;		/* every LP_TICK_MS: drain, and the status line */
	bool show;		/* stderr is a terminal: show the status line */
	bool status_shown;
	struct timespec t0;
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

#define LP_TICK_MS 250

/* A periodic timer of ms milliseconds. */
static int arm_ticker(long ms)
{
	struct itimerspec its = {
		.it_value.tv_nsec = ms * 1000000,
		.it_interval.tv_nsec = ms * 1000000,
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0 && timerfd_settime(fd, 0, &its, NULL)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The live status line, redrawn in place; only on a terminal. It reads
 * the small summary maps, never the counts. */
static void show_status(struct loop *l)
{
	struct lp_recorder_summary s;
	struct timespec now;
	long secs;

	if (recorder_summary(l->rec, &s))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = now.tv_sec - l->t0.tv_sec;
	fprintf(stderr, "\r\033[Klearnprof: recording: %llu program%s, %llu syscalls, %llu kinds, %llu files, %llu lost, %ld:%02ld",
		(unsigned long long)s.programs, s.programs == 1 ? "" : "s",
		(unsigned long long)s.syscalls, (unsigned long long)s.kinds,
		(unsigned long long)s.files, (unsigned long long)s.lost,
		secs / 60, secs % 60);
	fflush(stderr);
	l->status_shown = true;
}

static void clear_status(struct loop *l)
{
	if (l->status_shown)
		fputs("\r\033[K", stderr);
	l->status_shown = false;
}

static void on_tick(struct loop *l)
{
	recorder_drain(l->rec);
	if (l->show)
		show_status(l);
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
			else if (fd == l->tickfd && read(fd, &x, sizeof(x)) > 0)
				on_tick(l);
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

int record_run(struct record_opts *op)
{
	struct record_opts o = *op;
	struct lp_cgroup cg = { .fd = -1, .events_fd = -1 };
	struct lp_child child = { .pid = -1, .go_fd = -1, .err_fd = -1 };
	struct lp_recorder_opts ro = { .cgroup_fd = -1 };
	struct lp_recording *rec = NULL;
	struct lp_user user = { 0 };
	struct loop l = { .epfd = -1, .sigfd = -1, .timerfd = -1, .lingerfd = -1,
			  .tickfd = -1 };
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
	l.show = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &l.t0);
	l.tickfd = arm_ticker(LP_TICK_MS);
	if (l.tickfd < 0 || add_fd(l.epfd, l.tickfd, EPOLLIN)) {
		lp_err("cannot set the drain timer: %s", strerror(errno));
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
	clear_status(&l);
	if (cgroup_populated(&cg) == 1 && o.client)
		lp_warn("the container is still running: recording stopped");
	else if (cgroup_populated(&cg) == 1 && l.child)
		report_leftovers(&cg);

	recorder_stop(l.rec);
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
	/* The step after recording: what its programs could do but did not
	 * (docs/reach.md), read from the files that ran, while they are here. */
	lp_reach_recording(rec);
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
	if (l.tickfd >= 0)
		close(l.tickfd);
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
