// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof record: its command line (options, usage, help). The session it
 * starts (record_run) is src/record/session.c, which the OCI hook runs too.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "container.h"
#include "container_client.h"
#include "record.h"
#include "recorder.h"
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
	"        --buffer-size <n>   ring buffer for paths and execs, e.g. 64M (default 4M)\n"
	"        --no-probe <probe>  switch off an optional probe: arguments, capabilities,\n"
	"                            signals (repeat or separate with commas)\n"
	"        --strict            exit 125 when any event was lost\n"
	"        --ready <file>      create <file> once every probe is attached\n"
	"        --no-follow-container  with docker or podman run: record the client\n"
	"                            itself, not the container\n"
	"    -v, --verbose           show the maps' memory plan and libbpf's messages\n"
	"\n"
	"examples:\n"
	"    learnprof record -o rec.json -- make integration-test\n"
	"    learnprof record --user nobody -- python3 -m http.server\n"
	"    learnprof record --cgroup /system.slice/nginx.service --duration 60\n"
	"    learnprof record -o redis.json -- docker run --rm redis:7 redis-server\n";

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
