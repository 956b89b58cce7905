// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf-floor empty|count: attach one of tools/floor.bpf.c's tp_btf/sys_exit
 * programs, say "attached" on stdout, and keep it attached until SIGINT or
 * SIGTERM.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "floor.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

int main(int argc, char **argv)
{
	const char *which = argc > 1 ? argv[1] : "empty";
	struct floor_bpf *skel;
	struct bpf_link *link;
	int ncpus = libbpf_num_possible_cpus();

	if (argc > 2 || (strcmp(which, "empty") && strcmp(which, "count"))) {
		fprintf(stderr, "usage: bpf-floor [empty|count]\n");
		return 2;
	}
	skel = floor_bpf__open();
	if (!skel || ncpus <= 0) {
		fprintf(stderr, "bpf-floor: cannot open: %s\n", strerror(errno));
		return 1;
	}
	bpf_map__set_max_entries(skel->maps.floor_counts, (unsigned)ncpus);
	bpf_program__set_autoload(*which == 'e' ? skel->progs.floor_count
						: skel->progs.floor_empty, false);
	link = floor_bpf__load(skel) ? NULL :
	       bpf_program__attach(*which == 'e' ? skel->progs.floor_empty
						 : skel->progs.floor_count);
	if (!link) {
		fprintf(stderr, "bpf-floor: cannot load or attach: %s\n", strerror(errno));
		floor_bpf__destroy(skel);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		pause();
	bpf_link__destroy(link);
	floor_bpf__destroy(skel);
	return 0;
}
