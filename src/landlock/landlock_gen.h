/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The Landlock generator's own model, shared by src/landlock/gen.c (files),
 * net.c (ports, scopes, credentials) and limits.c (what Landlock cannot
 * restrict).
 */
#ifndef LEARNPROF_LANDLOCK_GEN_H
#define LEARNPROF_LANDLOCK_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "landlock.h"
#include "recording.h"
#include "strmap.h"

/* One path rule being built. */
struct grant {
	char *path;
	uint64_t access;	/* LANDLOCK_ACCESS_FS_* */
	bool dir;		/* a directory: any right, covering beneath */
	bool gone;		/* folded into its directory */
	struct strlist why;	/* comment lines */
};

/* One TCP port being allowed. */
struct port {
	uint64_t port;
	uint64_t access;	/* LANDLOCK_ACCESS_NET_* */
	struct strlist why;
};

struct lgen {
	const struct lp_recording *rec;
	struct ll_learned *out;
	int abi;
	struct grant *v;
	size_t n, cap;
	struct strmap index;		/* path -> index in v */
	struct strlist made_dirs;	/* directories the workload created */
	struct strmap made;
	struct strlist moved;		/* one program's rename/link directories */
	struct port *ports;
	size_t nports, capports;
	bool abstract_unix;		/* an abstract unix socket was used */
	uint64_t *eph;			/* ports the workload listened on after
					 * binding port 0: chosen at run time */
	size_t neph, capeph;
	char *connect_free;		/* why connect_tcp cannot be handled */
	char *signal_out;		/* a signal that left the workload */
};

void lg_grant(struct lgen *g, const char *path, bool dir, uint64_t access, char *why);
char *lg_anchor(const struct lgen *g, const char *path);

/* net.c */
/* Before lg_map_net: the ports the workload chose at run time. */
void lg_collect_ephemeral(struct lgen *g);
void lg_map_net(struct lgen *g, const struct lp_exe *e);
void lg_map_creds(struct lgen *g, const struct lp_exe *e);
void lg_add_ports(struct lgen *g, struct ll_policy *p);
void lg_scopes(struct lgen *g, struct ll_policy *p);
void lg_net_free(struct lgen *g);

/* limits.c */
void lg_limits(struct lgen *g);
/* The comment at the head of a learned policy. */
char *lg_top_comment(const struct lgen *g);

#endif /* LEARNPROF_LANDLOCK_GEN_H */
