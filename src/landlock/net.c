// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The network and process half of a learned Landlock policy
 * (src/landlock/landlock_gen.h): TCP binds and connects become net_port
 * rules by port; UDP, pathname unix sockets and other families are listed
 * as not enforceable; abstract unix sockets and signals become scopes when
 * the recording shows the workload never needed them; credentials that
 * changed at exec are said up front.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "landlock_gen.h"
#include "landlock_uapi.h"
#include "names.h"

static struct port *port_at(struct lgen *g, uint64_t port)
{
	struct port *p;

	for (size_t i = 0; i < g->nports; i++)
		if (g->ports[i].port == port)
			return &g->ports[i];
	p = LP_PUSH(g->ports, g->nports, g->capports);
	memset(p, 0, sizeof(*p));
	p->port = port;
	return p;
}

static bool is_inet(const char *family)
{
	return lp_streq(family, "inet") || lp_streq(family, "inet6");
}

static bool is_tcp(const struct lp_fact *f)
{
	return is_inet(f->s[0]) && lp_streq(f->s[1], "stream") &&
	       (f->n[1] == 0 || f->n[1] == 6);
}

static void not_enforceable(struct lgen *g, const char *verb, const struct lp_fact *f,
			    const struct lp_exe *e, const char *what)
{
	char *a = lp_display(f->s[2] ? f->s[2] : "");

	if (is_inet(f->s[0]))
		sl_addf(&g->out->not_enforceable, "%s: %s %s port %lld (%s)", what, verb, a,
			(long long)f->n[0], lp_base_name(e->path));
	else
		sl_addf(&g->out->not_enforceable, "%s: %s %s (%s)", what, verb, a,
			lp_base_name(e->path));
	free(a);
}

static bool ephemeral(const struct lgen *g, uint64_t port)
{
	for (size_t i = 0; i < g->neph; i++)
		if (g->eph[i] == port)
			return true;
	return false;
}

static bool binds_port(const struct lp_exe *e, int64_t port)
{
	const struct lp_factset *b = &e->facts[LP_CAT_BIND];

	for (size_t i = 0; i < b->n; i++)
		if (is_tcp(&b->v[i]) && b->v[i].n[0] == port)
			return true;
	return false;
}

/* A program that bound TCP port 0 and then listened on a port it never
 * bound by number got that port from the kernel: it differs every run, so
 * a connect to it cannot be named by a rule. */
void lg_collect_ephemeral(struct lgen *g)
{
	for (size_t i = 0; i < g->rec->nexes; i++) {
		const struct lp_exe *e = g->rec->exes[i];
		const struct lp_factset *l = &e->facts[LP_CAT_LISTEN];

		if (!binds_port(e, 0))
			continue;
		for (size_t k = 0; k < l->n; k++)
			if (is_tcp(&l->v[k]) && !binds_port(e, l->v[k].n[0]) &&
			    !ephemeral(g, (uint64_t)l->v[k].n[0]))
				*LP_PUSH(g->eph, g->neph, g->capeph) = (uint64_t)l->v[k].n[0];
	}
}

/* One bind, listen, connect or sendto. */
static void map_endpoint(struct lgen *g, const struct lp_exe *e, const struct lp_fact *f,
			 const char *verb, uint64_t right)
{
	struct port *p;
	char *a;

	if (lp_streq(f->s[0], "unix")) {
		if (f->s[2] && f->s[2][0] == '@')
			g->abstract_unix = true;
		else if (f->s[2] && f->s[2][0] == '/' && right != LANDLOCK_ACCESS_NET_BIND_TCP)
			not_enforceable(g, verb, f, e, "pathname unix sockets (not restricted at ABI 7)");
		return;
	}
	if (!is_inet(f->s[0]))
		return;
	if (!is_tcp(f)) {
		not_enforceable(g, verb, f, e, "UDP and other non-TCP inet sockets");
		return;
	}
	if (!right)	/* sending on a TCP socket, listening: no right is checked */
		return;
	if (right == LANDLOCK_ACCESS_NET_CONNECT_TCP && ephemeral(g, (uint64_t)f->n[0])) {
		if (!g->connect_free)
			g->connect_free = xasprintf("connect_tcp: %s connects to port %lld, which "
				"the workload listened on after binding port 0 (the kernel "
				"chose it: it differs every run); rules name ports, so "
				"connects are not handled", lp_base_name(e->path),
				(long long)f->n[0]);
		return;
	}
	p = port_at(g, f->n[0]);
	p->access |= right;
	a = lp_display(f->s[2] ? f->s[2] : "");
	if (f->err)
		sl_addf(&p->why, "%s %s (%s), failed with %s", verb, a, lp_base_name(e->path),
			lp_errno_name(f->err));
	else
		sl_addf(&p->why, "%s %s (%s)", verb, a, lp_base_name(e->path));
	free(a);
}

static void map_sockets(struct lgen *g, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_SOCKETS];

	for (size_t i = 0; i < fs->n; i++) {
		const char *fam = fs->v[i].s[0];

		if (!fam || lp_streq(fam, "unix"))
			continue;
		if (!is_inet(fam))
			sl_addf(&g->out->not_enforceable, "%s sockets (%s): Landlock restricts "
				"only TCP bind and connect", fam, lp_base_name(e->path));
		else if (lp_streq(fs->v[i].s[1], "raw"))
			sl_addf(&g->out->not_enforceable, "raw %s sockets (%s)", fam,
				lp_base_name(e->path));
	}
}

static void map_signals(struct lgen *g, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_SIGNALS];

	for (size_t i = 0; i < fs->n && !g->signal_out; i++) {
		const struct lp_fact *f = &fs->v[i];

		if (!f->s[1] || rec_find_exe(g->rec, f->s[1]))
			continue;
		g->signal_out = xasprintf("%s from %s to %s", f->s[0] ? f->s[0] : "a signal",
					  e->path, f->s[1]);
	}
}

void lg_map_net(struct lgen *g, const struct lp_exe *e)
{
	static const struct {
		enum lp_cat cat;
		const char *verb;
		uint64_t right;
	} eps[] = {
		{ LP_CAT_BIND, "bind", LANDLOCK_ACCESS_NET_BIND_TCP },
		{ LP_CAT_LISTEN, "listen", 0 },	/* Landlock checks bind, not listen */
		{ LP_CAT_CONNECT, "connect", LANDLOCK_ACCESS_NET_CONNECT_TCP },
		{ LP_CAT_SENDTO, "sendto", 0 },
	};

	for (size_t k = 0; k < ARRAY_SIZE(eps); k++) {
		const struct lp_factset *fs = &e->facts[eps[k].cat];

		for (size_t i = 0; i < fs->n; i++)
			map_endpoint(g, e, &fs->v[i], eps[k].verb, eps[k].right);
	}
	map_sockets(g, e);
	map_signals(g, e);
}

/* landlock_restrict_self needs no_new_privs, under which exec grants no
 * privilege: a program that ran with more than its caller cannot. */
void lg_map_creds(struct lgen *g, const struct lp_exe *e)
{
	const struct lp_factset *fs = &e->facts[LP_CAT_CREDS];

	for (size_t i = 0; i < fs->n; i++) {
		const int64_t *n = fs->v[i].n;

		if (n[0] == n[1] && n[2] == n[3])
			continue;
		sl_addf(&g->out->warnings, "%s gained privileges at exec (uid %lld, euid %lld, "
			"gid %lld, egid %lld: set-user-ID or set-group-ID); Landlock needs "
			"no_new_privs, under which exec grants none, so it cannot run as "
			"recorded under this policy", e->path, (long long)n[0], (long long)n[1],
			(long long)n[2], (long long)n[3]);
	}
}

static int port_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct port *)a)->port, y = ((const struct port *)b)->port;

	return x < y ? -1 : x > y;
}

void lg_add_ports(struct lgen *g, struct ll_policy *p)
{
	uint64_t abi_net;

	if (g->connect_free) {
		p->handled_net &= ~(uint64_t)LANDLOCK_ACCESS_NET_CONNECT_TCP;
		sl_add(&g->out->not_enforceable, xstrdup(g->connect_free));
	}
	abi_net = p->handled_net;

	lp_qsort(g->ports, g->nports, sizeof(*g->ports), port_cmp);
	for (size_t i = 0; i < g->nports; i++) {
		struct port *pt = &g->ports[i];
		struct ll_port_rule *r;
		struct strbuf sb;

		if (!(pt->access & abi_net)) {
			sl_addf(&g->out->not_enforceable, "TCP port %llu: Landlock ABI %d has no "
				"network rights (ABI 4)", (unsigned long long)pt->port, g->abi);
			continue;
		}
		sl_sort_uniq(&pt->why);
		sb_init(&sb);
		for (size_t k = 0; k < pt->why.n; k++)
			sb_printf(&sb, "%s%s", k ? "\n" : "", pt->why.v[k]);
		r = ll_add_port(p, pt->access & abi_net, sb.buf);
		ll_port_add(r, pt->port);
		sb_free(&sb);
	}
}

/* A scope is all or nothing for the domain: set it only when the recording
 * (with the probe that would see a use active) shows none. */
static void scope(struct lgen *g, struct ll_policy *p, uint64_t bit, const char *probe,
		  const char *used, const char *what)
{
	char *why = NULL;

	if (g->abi < 6) {
		sl_addf(&g->out->not_enforceable, "%s: scopes need Landlock ABI 6", what);
		return;
	}
	if (used) {
		sl_addf(&g->out->not_enforceable, "%s: not scoped, the workload needs it (%s)",
			what, used);
		return;
	}
	if (!rec_observed(g->rec, probe, &why)) {
		sl_addf(&g->out->not_enforceable, "%s: not scoped, %s", what, why);
		free(why);
		return;
	}
	p->scoped |= bit;
}

void lg_scopes(struct lgen *g, struct ll_policy *p)
{
	scope(g, p, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET, "arguments",
	      g->abstract_unix ? "it used an abstract unix socket" : NULL,
	      "abstract unix sockets outside the workload");
	scope(g, p, LANDLOCK_SCOPE_SIGNAL, "signals", g->signal_out,
	      "signals to processes outside the workload");
}

void lg_net_free(struct lgen *g)
{
	for (size_t i = 0; i < g->nports; i++)
		sl_free(&g->ports[i].why);
	free(g->ports);
	free(g->signal_out);
	free(g->eph);
	free(g->connect_free);
}
