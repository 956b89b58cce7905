/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What AppArmor 3.0 already grants or forbids, and its names: the rules of
 * abstractions/base, Docker's hardening denies, an AppArmor glob matcher,
 * and the names AppArmor uses for capabilities, signals and sockets.
 * Tables, no I/O: the generator never reads /etc/apparmor.d at run time.
 */
#ifndef LEARNPROF_APPARMOR_RULES_H
#define LEARNPROF_APPARMOR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* File permissions, a bitmask. */
enum aa_perm {
	AA_R = 1 << 0,
	AA_W = 1 << 1,
	AA_A = 1 << 2,
	AA_L = 1 << 3,
	AA_K = 1 << 4,
	AA_M = 1 << 5,
	AA_X = 1 << 6,		/* any exec mode; only in denies and conflicts */
};

/* "rwklx" -> bits; w also covers a, as the parser makes it. */
uint32_t aa_perms_parse(const char *s);
/* Bits -> letters in the order r w a l k m, never w with a (w wins).
 * Static storage. */
const char *aa_perms_text(uint32_t perms);

/*
 * Does an AppArmor pattern match a literal path? Variables of
 * tunables/global (@{PROC}, @{sys}, @{run}, @{etc_ro}, @{multiarch},
 * @{pid}, @{tid}) are expanded; * does not cross '/' and right after '/'
 * needs one character, ** crosses, ? is one character but '/', [..] and
 * [^..] are classes, {a,b} alternatives, \c a literal c: as apparmor_parser
 * 3.0 compiles them.
 */
bool aa_glob_match(const char *pattern, const char *path);

/* Permissions abstractions/base (with abstractions/crypto) grants on a
 * literal path (a directory ends in '/'), 0 for none. */
uint32_t aa_base_grants(const char *path);

/* Docker's hardening denies (docker-default), kept in generated profiles. */
enum aa_deny_kind { AA_DENY_FILE, AA_DENY_MOUNT, AA_DENY_NETWORK };

struct aa_deny {
	enum aa_deny_kind kind;
	const char *rule;	/* as written, without the trailing comma */
	const char *pattern;	/* AA_DENY_FILE: the path pattern */
	const char *perms;	/* AA_DENY_FILE: letters */
	const char *family;	/* AA_DENY_NETWORK */
};

extern const struct aa_deny aa_docker_denies[];
extern const size_t aa_ndocker_denies;

/* Does the path pattern of aa_docker_denies[i] match path? */
bool aa_deny_matches(size_t i, const char *path);

/* Syscalls that mount (a workload calling one conflicts with deny mount). */
bool aa_is_mount_syscall(const char *name);

/* "CAP_NET_BIND_SERVICE" -> "net_bind_service" (static), NULL when AppArmor
 * 3.0 has no such capability. */
const char *aa_capability_name(const char *cap);
/* Kernel signal number -> "term", "rtmin+2"; NULL when it has no name. */
const char *aa_signal_name(int sig);
/* Socket families and types the 3.0 parser accepts in network rules. */
bool aa_family_known(const char *family);
bool aa_socktype_known(const char *type);

#endif /* LEARNPROF_APPARMOR_RULES_H */
