/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The Landlock UAPI that Debian 12's linux-libc-dev (6.1: ABI 1 to 3) lacks,
 * named and valued as the kernel's include/uapi/linux/landlock.h names them
 * (values checked against linux-next, commit 104aeb68e18a of
 * ColinIanKing/linux-next, include/uapi/linux/landlock.h). Every definition
 * is guarded, so a newer <linux/landlock.h> wins.
 *
 * struct landlock_ruleset_attr grew: handled_access_net (ABI 4, Linux 6.7)
 * and scoped (ABI 6, Linux 6.12). A header that lacks the scope flags has
 * the short struct: it is renamed out of the way and the full one defined.
 */
#ifndef LEARNPROF_LANDLOCK_UAPI_H
#define LEARNPROF_LANDLOCK_UAPI_H

#include <linux/types.h>
#include <sys/syscall.h>

#define landlock_ruleset_attr landlock_ruleset_attr_of_the_header
#include <linux/landlock.h>
#undef landlock_ruleset_attr

#ifdef LANDLOCK_SCOPE_SIGNAL
#define landlock_ruleset_attr landlock_ruleset_attr_of_the_header
#else
struct landlock_ruleset_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;	/* ABI 4 */
	__u64 scoped;			/* ABI 6 */
};
#endif

/* Syscall numbers (x86_64 and every other architecture: 444 to 446). */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset	444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule		445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self	446
#endif

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION		(1U << 0)
#endif
#ifndef LANDLOCK_CREATE_RULESET_ERRATA
#define LANDLOCK_CREATE_RULESET_ERRATA		(1U << 1)
#endif

/* ABI 2 and 3 (in Debian 12's header; here for older ones). */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER		(1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE		(1ULL << 14)
#endif

/* ABI 4: TCP ports. LANDLOCK_RULE_NET_PORT is an enumerator of enum
 * landlock_rule_type in the kernel's header (value 2), which came with
 * the network flags: a header without them has neither. */
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP		(1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP		(1ULL << 1)
#define LANDLOCK_RULE_NET_PORT			2
struct landlock_net_port_attr {
	__u64 allowed_access;
	__u64 port;	/* host endianness */
};
#endif

/* ABI 5 */
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV		(1ULL << 15)
#endif

/* ABI 6: scopes. */
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET	(1ULL << 0)
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL			(1ULL << 1)
#endif

/* ABI 7: landlock_restrict_self flags for audit logging. */
#ifndef LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF
#define LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF	(1U << 0)
#endif
#ifndef LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON
#define LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON		(1U << 1)
#endif
#ifndef LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF
#define LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF	(1U << 2)
#endif

#endif /* LEARNPROF_LANDLOCK_UAPI_H */
