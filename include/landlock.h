/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Landlock policies in landlockconfig, the Landlock maintainers' format
 * (TOML and JSON; docs/landlock.md): the model, its readers and writers,
 * and enforcement (learnprof run --landlock).
 *
 * The model keeps a policy as written: handled rights, rules with their
 * parents as templates (${name} refers to a variable), variables. Rights
 * are kernel bit masks (LANDLOCK_ACCESS_FS_*, _NET_*, LANDLOCK_SCOPE_*).
 * A generator fills a struct ll_policy with ll_policy_new, ll_add_path,
 * ll_add_port, then calls ll_policy_to_toml or ll_policy_to_json.
 */
#ifndef LEARNPROF_LANDLOCK_H
#define LEARNPROF_LANDLOCK_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The highest Landlock ABI whose rights learnprof knows. */
#define LL_ABI_MAX 7

enum ll_kind { LL_FS, LL_NET, LL_SCOPE };

struct ll_right {
	const char *name;	/* as landlockconfig names it: "read_file" */
	enum ll_kind kind;
	uint64_t bit;
	int abi;		/* the first ABI that has it */
};

/* Every right, in the kernel's bit order within each kind. */
extern const struct ll_right ll_rights[];
extern const size_t ll_nrights;

const struct ll_right *ll_right_find(enum ll_kind kind, const char *name);
const struct ll_right *ll_right_of(enum ll_kind kind, uint64_t bit);

/* Rights of one kind that ABI abi has (abi above LL_ABI_MAX: those of
 * LL_ABI_MAX). */
uint64_t ll_all(enum ll_kind kind, int abi);

/* landlockconfig's groups, resolved against an ABI (src/parser.rs of
 * landlock-lsm/landlockconfig, AbiGroupFs::resolve_bitflags):
 *   abi.all           every right of the kind at that ABI
 *   abi.read_execute  execute, read_file, read_dir, and refer from ABI 2
 *   abi.read_write    every fs right at that ABI but execute */
uint64_t ll_read_execute(int abi);
uint64_t ll_read_write(int abi);

/* Rights a rule on a non-directory may carry (the kernel rejects others). */
#define LL_FS_FILE_RIGHTS (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | \
			   LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)
#define LL_FS_EXECUTE		(1ULL << 0)
#define LL_FS_WRITE_FILE	(1ULL << 1)
#define LL_FS_READ_FILE		(1ULL << 2)
#define LL_FS_READ_DIR		(1ULL << 3)
#define LL_FS_REFER		(1ULL << 13)
#define LL_FS_TRUNCATE		(1ULL << 14)
#define LL_FS_IOCTL_DEV		(1ULL << 15)

/* "read_file, write_file" (kernel bit order); "" for none. Malloc'd. */
char *ll_rights_text(enum ll_kind kind, uint64_t mask);

struct ll_path_rule {
	uint64_t access;	/* LANDLOCK_ACCESS_FS_* */
	struct strlist parents;	/* as written; may hold ${name} */
	char *comment;		/* TOML only; may span lines; NULL: none */
};

struct ll_port_rule {
	uint64_t access;	/* LANDLOCK_ACCESS_NET_* */
	uint64_t *ports;
	size_t nports, cap;
	char *comment;
};

struct ll_variable {
	char *name;
	struct strlist literals;	/* sorted, unique */
};

struct ll_policy {
	int abi;		/* 0: the file gives none */
	bool has_ruleset;	/* the file declares [[ruleset]] */
	uint64_t handled_fs, handled_net, scoped;
	/* What the reader added to the handled sets because rules use it (as
	 * landlockconfig does); rights nobody names are not denied then. */
	uint64_t completed_fs, completed_net;
	char *comment;		/* at the top of the TOML form; NULL: none */
	struct ll_path_rule *paths;
	size_t npaths, paths_cap;
	struct ll_port_rule *ports;
	size_t nports, ports_cap;
	struct ll_variable *vars;
	size_t nvars, vars_cap;
};

struct ll_policy *ll_policy_new(int abi);
void ll_policy_free(struct ll_policy *p);	/* accepts NULL */

/* Add a rule (taking copies of what it is given; comment may be NULL) and
 * return it, to add parents (sl_add(&r->parents, xstrdup(...))) or ports
 * (ll_port_add). The handled sets are not touched: set them. */
struct ll_path_rule *ll_add_path(struct ll_policy *p, uint64_t access, const char *comment);
struct ll_port_rule *ll_add_port(struct ll_policy *p, uint64_t access, const char *comment);
void ll_port_add(struct ll_port_rule *r, uint64_t port);
/* Declare literals of a variable (merged with an earlier declaration). */
struct ll_variable *ll_add_variable(struct ll_policy *p, const char *name);

/* Is name a variable name (ASCII letter, then letters, digits, '_')? */
bool ll_var_name_ok(const char *name);

/*
 * Expand a parent template into the paths it stands for (every combination
 * of the literals of the variables it names; "$$" is a "$"), appended to
 * out in order. Returns 0, or -1 with *why set to a malloc'd message.
 */
int ll_expand(const struct ll_policy *p, const char *tmpl, struct strlist *out, char **why);

/* Read a policy file: TOML or JSON (by its extension, else by its first
 * character). Errors: one line, "learnprof: '<file>': <where>: <problem>";
 * warnings (handled rights completed from the rules) likewise. NULL on
 * error. */
struct ll_policy *ll_policy_read(const char *file);
struct ll_policy *ll_policy_parse_toml(const char *text, size_t len, const char *name);
struct ll_policy *ll_policy_parse_json(const char *text, size_t len, const char *name);

/* Writers: deterministic text ending in a newline, malloc'd; NULL (error
 * printed) when a string cannot be written (not UTF-8). The handled sets
 * are always written as an explicit ruleset, rights by name. */
char *ll_policy_to_toml(const struct ll_policy *p);
char *ll_policy_to_json(const struct ll_policy *p);

/*
 * A small strict TOML reader for what landlockconfig uses: key = value at
 * the top level, arrays of tables [[name]], basic and literal strings,
 * decimal integers, arrays (multi-line, trailing comma), comments. Gives
 * the document as json-c objects; each value carries its line number as
 * userdata (ll_toml_line). Errors: "'<name>': line N: <problem>".
 */
json_object *ll_toml_parse(const char *text, size_t len, const char *name);
int ll_toml_line(json_object *v);	/* 0 when unknown */

/* Enforcement. */
struct ll_enforce_opts {
	bool strict;	/* refuse a policy the kernel cannot fully enforce */
	int abi;	/* act as if the kernel's ABI were this (0: its own) */
};

/* The running kernel's Landlock ABI (>= 1), or -errno: -ENOSYS (not built
 * in), -EOPNOTSUPP (disabled at boot). */
int ll_kernel_abi(void);
/* One line saying why Landlock cannot be used, for ll_kernel_abi's -errno. */
const char *ll_unavailable_why(int err);

/* Say up front when program gains privileges at exec (set-user-ID,
 * set-group-ID, file capabilities): no_new_privs makes the kernel ignore
 * that. Returns true when it does (a warning printed, or with strict an
 * error). */
bool ll_warn_privileged_exec(const char *program, bool strict);

/*
 * Build the ruleset of p for this kernel, saying what it drops (rights the
 * ABI lacks, directory rights on a file, missing paths); returns the ruleset
 * fd, or -1 (error printed; with opts->strict, when anything would be
 * dropped). ll_restrict sets no_new_privs and restricts the calling thread
 * (closing fd); 0 or -1 with the error printed.
 */
int ll_build(const struct ll_policy *p, const char *file, const struct ll_enforce_opts *opts);
int ll_restrict(int ruleset_fd);

/*
 * Learning a policy from a recording (src/landlock/gen.c, docs/landlock.md
 * "Learning"). Every right of the target ABI is handled; rules sit at the
 * leaves, on the parent directory where a name varies, the workload creates
 * or replaces it, or many siblings are alike. What Landlock cannot restrict
 * is listed, never dropped.
 */
struct lp_recording;

struct ll_gen_opts {
	int abi;		/* target ABI, 1 to LL_ABI_MAX */
	const char *name;	/* policy name; NULL: learnprof-<image or command> */
};

struct ll_learned {
	struct ll_policy *policy;	/* its comment holds the lines below */
	char *name;
	struct strlist warnings;	/* said up front (setuid programs) */
	struct strlist not_enforceable;	/* "not enforceable by Landlock" */
};

/* The running kernel's ABI capped at LL_ABI_MAX; LL_ABI_MAX without Landlock. */
int ll_default_abi(void);
void ll_learn(const struct lp_recording *r, const struct ll_gen_opts *o, struct ll_learned *out);
void ll_learned_free(struct ll_learned *l);
/* The policy as TOML (json false) or JSON; NULL (error printed) on failure. */
char *ll_generate(const struct lp_recording *r, const struct ll_gen_opts *o, bool json);

#endif /* LEARNPROF_LANDLOCK_H */
