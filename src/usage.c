// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Usage and help text shared by the subcommands. */
#include <stdarg.h>
#include <stdio.h>

#include "cmds.h"
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
