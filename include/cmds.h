/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The subcommands: one src/cmd_<verb>.c each, dispatched by src/main.c. */
#ifndef LEARNPROF_CMDS_H
#define LEARNPROF_CMDS_H

#include <stddef.h>

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
int cmd_reach(int argc, char **argv);
int cmd_landlock(int argc, char **argv);

/* Print usage (and the help text) for a verb; returns the exit code. */
int usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void print_help(const char *usage, const char *help);

/* getopt's default case: the option it did not know, or that missed its value. */
int bad_option(const char *usage, char **argv);

/* The index of arg in names; -1 after printing "<opt>: '<arg>' is not one of ...". */
int pick(const char *usage, const char *opt, const char *arg, const char *const *names, size_t n);

/* The recordings named from argv[optind] on, loaded and merged, once out (if not NULL) is
 * known to be writable. Returns 0, or the exit code (and *rec is NULL). */
struct lp_recording;
int load_recordings(const char *usage, int argc, char **argv, const char *out,
		    struct lp_recording **rec);

/* Write text (generated; NULL when generation failed) to out ("-": stdout) and free it.
 * Returns 0 or LP_EXIT_FAIL. */
int write_output(const char *out, char *text);

/* --name <arg>: a profile name every artifact can take; 0 with *name set,
 * or the usage exit code after saying why not. */
int name_option(const char *usage, const char *arg, const char **name);

/* --runtime <arg> (none | runc); 0 with *rt set, or the usage exit code. */
enum lp_runtime;
int runtime_option(const char *usage, const char *arg, enum lp_runtime *rt);

/* The tail every generating verb shares: the recordings named from
 * argv[optind] on, loaded and merged (once out is known writable), given
 * to gen with opts, the text written to out. Returns the exit code. */
typedef char *(*lp_gen_fn)(const struct lp_recording *rec, const void *opts);
int generate_from(const char *usage, int argc, char **argv, const char *out,
		  lp_gen_fn gen, const void *opts);

#endif /* LEARNPROF_CMDS_H */
