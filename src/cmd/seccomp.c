// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* learnprof seccomp: the minimal seccomp profile for recordings. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "profile_name.h"
#include "recording.h"
#include "seccomp_gen.h"
#include "util.h"

static const char usage[] =
	"usage: learnprof seccomp [-o <file>] [--format (oci | docker | spo)] [--args]\n"
	"                         [--runtime (none | runc)] [--all-abis] [--exact] [--name <name>]\n"
	"                         [--unobserved (deny | log | allow)] <recording>...\n";

static const char help[] =
	"\n"
	"Write the seccomp profile that allows the syscalls observed in the recordings\n"
	"(their union), and the few that timing decides whether a run makes (see\n"
	"--exact), and denies everything else with EPERM.\n"
	"\n"
	"    -o, --output <file>    write here instead of standard output\n"
	"    -f, --format <fmt>     oci (default): runc, crun, Kubernetes localhost\n"
	"                           docker: docker run --security-opt seccomp=<file>\n"
	"                           spo: a Security Profiles Operator SeccompProfile (YAML)\n"
	"    -a, --args             pin arguments the recording pins: socket families,\n"
	"                           clone without namespace flags, personality values\n"
	"    -r, --runtime <rt>     add what the container runtime itself needs after\n"
	"                           installing the filter: none (default) or runc\n"
	"        --all-abis         list x86_64, i386 and x32 even when a program of that\n"
	"                           ABI never ran (default: only the ABIs seen)\n"
	"        --exact            only what was observed, without the companions\n"
	"                           that timing decides: futex for a program that\n"
	"                           starts threads, rt_sigreturn for one that sets\n"
	"                           signal handlers, restart_syscall for sleeps,\n"
	"                           and runc's Go scheduler calls in a measured floor\n"
	"    -n, --name <name>      the SeccompProfile's name (--format spo; default:\n"
	"                           learnprof-<image or command>, as every command)\n"
	"    -u, --unobserved <what>  the syscalls a program can reach through the C\n"
	"                           library functions it imports but was not seen\n"
	"                           making (the recording's \"reachable\" sets, see\n"
	"                           learnprof reach and docs/reach.md):\n"
	"                           deny (default): denied with the rest\n"
	"                           log: allowed and logged by the kernel (SCMP_ACT_LOG;\n"
	"                           dmesg, audit), so a production run shows what the\n"
	"                           tests missed without breaking\n"
	"                           allow: allowed\n"
	"                           One rule per syscall; its comment (docker, spo)\n"
	"                           says why and what reaches it. OCI profiles have no\n"
	"                           comments: there every SCMP_ACT_LOG or extra rule\n"
	"                           is one of these. clone3 keeps ENOSYS.\n"
	"\n"
	"examples:\n"
	"    learnprof seccomp -o seccomp.json rec.json\n"
	"    learnprof seccomp --args --runtime runc -o config-seccomp.json rec.json\n"
	"    learnprof seccomp --format docker rec-*.json > docker-seccomp.json\n"
	"    learnprof seccomp --format spo --name redis -o redis.yaml rec.json\n"
	"    learnprof seccomp --unobserved log --format docker -o canary.json rec.json\n";

/* The generator, as generate_from calls it. */
static char *generate(const struct lp_recording *r, const void *o)
{
	return lp_seccomp_generate(r, o);
}

int cmd_seccomp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "args", no_argument, NULL, 'a' },
		{ "runtime", required_argument, NULL, 'r' },
		{ "all-abis", no_argument, NULL, 'A' },
		{ "exact", no_argument, NULL, 'E' },
		{ "name", required_argument, NULL, 'n' },
		{ "unobserved", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct lp_seccomp_opts so = { .format = LP_SECCOMP_OCI };
	const char *out = "-";
	static const char *const formats[] = { "oci", "docker", "spo" };
	static const char *const unobserved[] = { "deny", "log", "allow" };
	int c, k;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:ar:n:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f':
			k = pick(usage, "--format", optarg, formats, ARRAY_SIZE(formats));
			if (k < 0)
				return LP_EXIT_USAGE;
			so.format = (enum lp_seccomp_format)k;
			break;
		case 'u':
			k = pick(usage, "--unobserved", optarg, unobserved, ARRAY_SIZE(unobserved));
			if (k < 0)
				return LP_EXIT_USAGE;
			so.unobserved = (enum lp_unobserved)k;
			break;
		case 'a': so.args = true; break;
		case 'A': so.all_abis = true; break;
		case 'E': so.exact = true; break;
		case 'n':
			if (name_option(usage, optarg, &so.name))
				return LP_EXIT_USAGE;
			break;
		case 'r':
			if (runtime_option(usage, optarg, &so.runtime))
				return LP_EXIT_USAGE;
			break;
		case 'h': print_help(usage, help); return 0;
		default: return bad_option(usage, argv);
		}
	}
	return generate_from(usage, argc, argv, out, generate, &so);
}
