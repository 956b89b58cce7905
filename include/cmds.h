/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The subcommands: one src/cmd_<verb>.c each, dispatched by src/main.c. */
#ifndef LEARNPROF_CMDS_H
#define LEARNPROF_CMDS_H

int cmd_record(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_seccomp(int argc, char **argv);
int cmd_apparmor(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_caps(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_oci_hook(int argc, char **argv);

/* Print usage (and the help text) for a verb; returns the exit code. */
int usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void print_help(const char *usage, const char *help);

#endif /* LEARNPROF_CMDS_H */
