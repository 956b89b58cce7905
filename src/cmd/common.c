// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Usage and help text shared by the subcommands. */
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "profile_name.h"
#include "seccomp_gen.h"
#include "recording.h"
#include "util.h"

int usage_error(const char *u, const char *fmt, ...)
{
	va_list ap;

	fputs("learnprof: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(u, stderr);
	return LP_EXIT_USAGE;
}

void print_help(const char *u, const char *help)
{
	fputs(u, stdout);
	fputs(help, stdout);
}

int bad_option(const char *u, char **argv)
{
	return usage_error(u, "unknown option or missing value '%s'", argv[optind - 1]);
}

int pick(const char *u, const char *opt, const char *arg, const char *const *names, size_t n)
{
	struct strbuf list;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return (int)i;
	sb_init(&list);
	for (size_t i = 0; i < n; i++)
		sb_printf(&list, "%s%s", i ? ", " : "", names[i]);
	usage_error(u, "%s: '%s' is not one of %s", opt, arg, list.buf);
	sb_free(&list);
	return -1;
}

int load_recordings(const char *u, int argc, char **argv, const char *out,
		    struct lp_recording **rec)
{
	*rec = NULL;
	if (optind >= argc)
		return usage_error(u, "no recording given");
	if (out && lp_check_writable(out))
		return LP_EXIT_FAIL;
	*rec = rec_load_all(argv + optind, argc - optind);
	return *rec ? 0 : LP_EXIT_FAIL;
}

int write_output(const char *out, char *text)
{
	int ret = !text || lp_write_file(out, text, strlen(text)) ? LP_EXIT_FAIL : 0;

	free(text);
	return ret;
}

int name_option(const char *u, const char *arg, const char **name)
{
	const char *why = lp_profile_name_problem(arg);

	if (why)
		return usage_error(u, "--name: '%s': %s", arg, why);
	*name = arg;
	return 0;
}

int runtime_option(const char *u, const char *arg, enum lp_runtime *rt)
{
	int r = lp_runtime_from_name(arg);

	if (r < 0)
		return usage_error(u, "--runtime: '%s' is not one of none, runc", arg);
	*rt = (enum lp_runtime)r;
	return 0;
}

int generate_from(const char *u, int argc, char **argv, const char *out,
		  lp_gen_fn gen, const void *opts)
{
	struct lp_recording *r;
	int ret = load_recordings(u, argc, argv, out, &r);

	if (ret)
		return ret;
	ret = write_output(out, gen(r, opts));
	rec_free(r);
	return ret;
}
