// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report's first page: the manifest (what it listens on, connects to,
 * writes, runs and needs, in sentences), the hardening checklist (CIS Docker
 * Benchmark items, each ready, blocked or unknown with its evidence), and
 * the coverage (what the recording may not show).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker_default.h"
#include "names.h"
#include "apparmor_pattern.h"
#include "report.h"
#include "risk.h"
#include "seccomp_gen.h"
#include "strmap.h"
#include "syscalls.h"
#include "util.h"
#include "report_int.h"

/* ---- the manifest, the checklist, coverage ------------------------------ */

static void join(struct strbuf *sb, const struct rp_lines *l, const char *prefix,
		 size_t max)
{
	size_t shown = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strncmp(l->v[i].text, prefix, strlen(prefix)) || strstr(l->v[i].text, ": E"))
			continue;
		if (shown == max) {
			sb_puts(sb, ", ...");
			break;
		}
		sb_printf(sb, "%s%s", shown ? ", " : "", l->v[i].text + strlen(prefix));
		shown++;
	}
	if (!shown)
		sb_puts(sb, "nothing");
}

static void manifest_add(struct lp_report *r, char *s)
{
	r->manifest = xrealloc(r->manifest, (r->nmanifest + 1) * sizeof(char *));
	r->manifest[r->nmanifest++] = s;
}

/* A manifest line that claims an absence or a complete list: said only
 * when the probe that sees the facts was active in every run. */
static bool manifest_withheld(struct lp_report *r, const char *what, const char *why)
{
	if (why)
		manifest_add(r, xasprintf("%s: withheld: %s", what, why));
	return why != NULL;
}

static void manifest_network(struct lp_report *r, const char *verb)
{
	struct strbuf sb;
	char *prefix = xasprintf("%s ", verb);

	if (!manifest_withheld(r, verb, r->hard.args_withheld)) {
		sb_init(&sb);
		sb_puts(&sb, prefix);
		join(&sb, &r->network, prefix, 6);
		manifest_add(r, sb_detach(&sb));
	}
	free(prefix);
}

static void manifest_writes(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;
	struct strbuf sb;

	if (manifest_withheld(r, "writes", h->args_withheld))
		return;
	sb_init(&sb);
	if (!h->nwritable) {
		sb_puts(&sb, "writes nothing on the root filesystem");
		if (h->writes_shm)
			sb_puts(&sb, "; writes under /dev/shm (a tmpfs in containers)");
	} else {
		sb_puts(&sb, "writes only under ");
		for (size_t i = 0; i < h->nwritable && i < 6; i++) {
			char *d = lp_display(h->writable[i]);

			sb_printf(&sb, "%s%s", i ? ", " : "", d);
			free(d);
		}
		if (h->nwritable > 6)
			sb_puts(&sb, ", ...");
		if (h->writes_shm)
			sb_puts(&sb, " and /dev/shm (a tmpfs in containers)");
	}
	manifest_add(r, sb_detach(&sb));
}

static void manifest_programs(struct lp_report *r)
{
	struct strbuf sb;

	if (manifest_withheld(r, "programs it runs", r->hard.procs_withheld))
		return;
	sb_init(&sb);
	if (!r->programs.n) {
		sb_puts(&sb, "runs no other program");
	} else {
		sb_puts(&sb, "runs ");
		for (size_t i = 0; i < r->programs.n && i < 6; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", r->programs.v[i].text);
		if (r->programs.n > 6)
			sb_printf(&sb, " and %zu more", r->programs.n - 6);
	}
	manifest_add(r, sb_detach(&sb));
}

static void manifest_caps(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;
	struct strbuf sb;

	if (manifest_withheld(r, "capabilities needed", h->caps_withheld))
		return;
	sb_init(&sb);
	if (!h->nneeded) {
		sb_puts(&sb, "needs no capability");
	} else {
		sb_puts(&sb, "needs ");
		for (size_t i = 0; i < h->nneeded; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", lp_cap_name(h->needed[i].cap));
	}
	manifest_add(r, sb_detach(&sb));
}

/* The profile's count, and how it splits. */
static char *syscalls_sentence(const struct lp_report *r)
{
	const struct lp_profile_count *c = &r->profile;
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "its seccomp profile allows %zu syscalls (%zu observed", c->allowed,
		  c->observed);
	if (c->companions)
		sb_printf(&sb, ", %zu implied companion%s", c->companions,
			  c->companions == 1 ? "" : "s");
	if (c->floor)
		sb_printf(&sb, ", %zu of the container runtime's floor", c->floor);
	sb_printf(&sb, "); Docker's default profile allows %zu", r->docker_total);
	return sb_detach(&sb);
}

void rp_build_manifest(struct lp_report *r)
{
	manifest_network(r, "listens on");
	manifest_network(r, "connects to");
	manifest_writes(r);
	manifest_programs(r);
	manifest_caps(r);
	manifest_add(r, syscalls_sentence(r));
}

const char *rp_status_name(enum rp_status s)
{
	switch (s) {
	case RP_READY: return "ready";
	case RP_BLOCKED: return "blocked";
	default: return "unknown";
	}
}

/*
 * A checklist item. withheld (the reason the probe it rests on was not
 * active in every run) makes it unknown, with the reason as its evidence;
 * evidence is malloc'd and taken over.
 */
static void check(struct lp_report *r, const char *id, const char *title, bool ready,
		  const char *withheld, char *evidence)
{
	struct rp_check *c = &r->checks[r->nchecks++];

	c->id = id;
	c->title = title;
	c->status = ready ? RP_READY : RP_BLOCKED;
	c->evidence = evidence;
	if (withheld) {
		c->status = RP_UNKNOWN;
		free(c->evidence);
		c->evidence = xasprintf("withheld: %s", withheld);
	}
	r->nready += c->status == RP_READY;
}

static char *read_only_evidence(const struct lp_hardening *h)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!h->read_only_possible)
		sb_puts(&sb, "it writes in /");
	else if (!h->nwritable)
		sb_puts(&sb, "nothing was written");
	else {
		sb_puts(&sb, "with writable ");
		for (size_t i = 0; i < h->nwritable && i < 4; i++)
			sb_printf(&sb, "%s%s%s", i ? ", " : "", h->writable[i],
				  h->held_data[i] ? " (a volume: it held data before the run)" : "");
		if (h->nwritable > 4)
			sb_puts(&sb, ", ...");
	}
	return sb_detach(&sb);
}

/* Which user, and why (caps decides it). */
static char *user_evidence(const struct lp_hardening *h)
{
	if (h->run_uid >= 0)
		return xasprintf("run it as %lld:%lld: %s", h->run_uid, h->run_gid, h->user_why);
	return xasprintf("no capability was needed; %s", h->user_why ? h->user_why : "");
}

void rp_build_checklist(struct lp_report *r)
{
	const struct lp_hardening *h = &r->hard;

	check(r, "4.1", "runs as a non-root user", h->non_root_possible, h->caps_withheld,
	      h->non_root_possible ? user_evidence(h)
				   : xasprintf("needs %zu capabilit%s as root", h->nneeded,
					       h->nneeded == 1 ? "y" : "ies"));
	check(r, "5.12", "read-only root filesystem", h->read_only_possible, h->args_withheld,
	      read_only_evidence(h));
	check(r, "5.25", "no-new-privileges", h->no_new_privs_possible, h->procs_withheld,
	      h->no_new_privs_possible || !h->nsetid ?
		xstrdup("no program gained privileges at exec")
	      : xasprintf("%s starts set-id", h->setid_programs[0]));
	check(r, "5.4", "capabilities dropped to what is needed", true, h->caps_withheld,
	      xasprintf("--cap-drop=ALL and %zu added back", h->nneeded));
	check(r, "5.21", "seccomp profile set", true, NULL,
	      xasprintf("learnprof seccomp: %zu syscalls instead of Docker's %zu",
			r->profile.allowed, r->docker_total));
	check(r, "5.2", "AppArmor profile set", true, NULL,
	      xstrdup("learnprof apparmor writes one"));
}

void rp_build_coverage(struct lp_report *r)
{
	const struct lp_meta *m = &r->rec->meta;

	for (size_t i = 0; i < m->nprobes; i++) {
		const struct lp_probe *p = &m->probes[i];

		if (!p->active)
			rp_lines_add(&r->coverage, 0, "%s were not observed: %s", p->name,
				  p->reason ? p->reason : "probe inactive");
		else if (p->note)
			rp_lines_add(&r->coverage, 0, "%s: %s", p->name, p->note);
	}
	for (int i = 0; i < LP_LOST_COUNT; i++)
		if (m->lost[i])
			rp_lines_add(&r->coverage, 0, "%llu %s were lost: the recording is incomplete",
				  (unsigned long long)m->lost[i], lp_lost_name(i));
	if (r->partial.n)
		rp_lines_add(&r->coverage, 0,
			  "%zu facts were seen in only some of the %u runs: the tests may not exercise them every time",
			  r->partial.n, r->runs);
	if (m->startup_missed)
		rp_lines_add(&r->coverage, 0,
			  "the container's start-up was not seen (learnprof attached to it running): "
			  "its profiles may lack what it does only when it starts, and its runtime's "
			  "steps after the seccomp filter were not measured (learnprof's list for runc "
			  "stands in for them)");
}
