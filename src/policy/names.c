// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Names for numbers, and back. */
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

struct pair {
	long nr;
	const char *name;
};

static const char *pair_name(const struct pair *t, size_t n, long nr)
{
	static __thread char buf[8][24];
	static __thread int next;
	char *b;

	for (size_t i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].name;
	b = buf[next++ & 7];
	snprintf(b, sizeof(buf[0]), "%ld", nr);
	return b;
}

static long pair_nr(const struct pair *t, size_t n, const char *name)
{
	char *end;
	long v;

	if (!name)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].nr;
	v = strtol(name, &end, 0);
	return *name && !*end ? v : -1;
}

#define NAME_FNS(fn, table, type)                                           \
	const char *lp_##fn##_name(type v)                                  \
	{                                                                   \
		return pair_name(table, ARRAY_SIZE(table), (long)v);        \
	}

static const char *const caps[LP_CAP_COUNT] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

const char *lp_cap_name(int cap)
{
	return cap >= 0 && cap < LP_CAP_COUNT ? caps[cap] : NULL;
}

int lp_cap_from_name(const char *name)
{
	if (!name)
		return -1;
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (int i = 0; i < LP_CAP_COUNT; i++)
		if (!strcasecmp(caps[i] + 4, name))
			return i;
	return -1;
}

bool lp_cap_effective(int cap)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (cap < 0 || cap >= 64 || syscall(SYS_capget, &h, d))
		return false;
	return d[cap / 32].effective & (1U << (cap % 32));
}

const char *lp_errno_name(int err)
{
	static __thread char buf[24];
	const char *s = err > 0 ? strerrorname_np(err) : NULL;

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}

int lp_errno_from_name(const char *name)
{
	char *end;
	long v;

	if (!name)
		return -1;
	for (int e = 1; e < 4096; e++) {
		const char *s = strerrorname_np(e);

		if (s && !strcmp(s, name))
			return e;
	}
	v = strtol(name, &end, 10);
	return *name && !*end && v > 0 && v < 4096 ? (int)v : -1;
}

const char *lp_signal_name(int sig)
{
	static __thread char buf[8][16];
	static __thread int next;
	const char *a = sig > 0 ? sigabbrev_np(sig) : NULL;
	char *b = buf[next++ & 7];

	if (a)
		snprintf(b, sizeof(buf[0]), "SIG%s", a);
	else
		snprintf(b, sizeof(buf[0]), "SIG%d", sig);
	return b;
}

int lp_signal_from_name(const char *name)
{
	char *end;
	long v;

	if (!name || strncmp(name, "SIG", 3))
		return -1;
	for (int s = 0; s < 65; s++)
		if (!strcmp(lp_signal_name(s), name))
			return s;
	v = strtol(name + 3, &end, 10);
	return name[3] && !*end ? (int)v : -1;
}

static const struct pair families[] = {
	{ 0, "unspec" }, { 1, "unix" }, { 2, "inet" }, { 3, "ax25" },
	{ 4, "ipx" }, { 5, "appletalk" }, { 6, "netrom" }, { 7, "bridge" },
	{ 8, "atmpvc" }, { 9, "x25" }, { 10, "inet6" }, { 11, "rose" },
	{ 12, "decnet" }, { 13, "netbeui" }, { 14, "security" }, { 15, "key" },
	{ 16, "netlink" }, { 17, "packet" }, { 18, "ash" }, { 19, "econet" },
	{ 20, "atmsvc" }, { 21, "rds" }, { 22, "sna" }, { 23, "irda" },
	{ 24, "pppox" }, { 25, "wanpipe" }, { 26, "llc" }, { 27, "ib" },
	{ 28, "mpls" }, { 29, "can" }, { 30, "tipc" }, { 31, "bluetooth" },
	{ 32, "iucv" }, { 33, "rxrpc" }, { 34, "isdn" }, { 35, "phonet" },
	{ 36, "ieee802154" }, { 37, "caif" }, { 38, "alg" }, { 39, "nfc" },
	{ 40, "vsock" }, { 41, "kcm" }, { 42, "qipcrtr" }, { 43, "smc" },
	{ 44, "xdp" }, { 45, "mctp" },
};
NAME_FNS(family, families, int)
int lp_family_from_name(const char *n) { return (int)pair_nr(families, ARRAY_SIZE(families), n); }

static const struct pair socktypes[] = {
	{ 1, "stream" }, { 2, "dgram" }, { 3, "raw" }, { 4, "rdm" },
	{ 5, "seqpacket" }, { 6, "dccp" }, { 10, "packet" },
};
NAME_FNS(socktype, socktypes, int)

static const struct pair ptraces[] = {
	{ 0, "PTRACE_TRACEME" }, { 1, "PTRACE_PEEKTEXT" }, { 2, "PTRACE_PEEKDATA" },
	{ 3, "PTRACE_PEEKUSER" }, { 4, "PTRACE_POKETEXT" }, { 5, "PTRACE_POKEDATA" },
	{ 6, "PTRACE_POKEUSER" }, { 7, "PTRACE_CONT" }, { 8, "PTRACE_KILL" },
	{ 9, "PTRACE_SINGLESTEP" }, { 12, "PTRACE_GETREGS" }, { 13, "PTRACE_SETREGS" },
	{ 16, "PTRACE_ATTACH" }, { 17, "PTRACE_DETACH" }, { 24, "PTRACE_SYSCALL" },
	{ 0x4200, "PTRACE_SETOPTIONS" }, { 0x4201, "PTRACE_GETEVENTMSG" },
	{ 0x4202, "PTRACE_GETSIGINFO" }, { 0x4204, "PTRACE_GETREGSET" },
	{ 0x4205, "PTRACE_SETREGSET" }, { 0x4206, "PTRACE_SEIZE" },
	{ 0x4207, "PTRACE_INTERRUPT" }, { 0x4208, "PTRACE_LISTEN" },
	{ 0x420e, "PTRACE_GET_SYSCALL_INFO" },
};
NAME_FNS(ptrace, ptraces, long)

static const struct pair prctls[] = {
	{ 1, "PR_SET_PDEATHSIG" }, { 2, "PR_GET_PDEATHSIG" }, { 3, "PR_GET_DUMPABLE" },
	{ 4, "PR_SET_DUMPABLE" }, { 7, "PR_GET_KEEPCAPS" }, { 8, "PR_SET_KEEPCAPS" },
	{ 15, "PR_SET_NAME" }, { 16, "PR_GET_NAME" }, { 21, "PR_GET_SECCOMP" },
	{ 22, "PR_SET_SECCOMP" }, { 23, "PR_CAPBSET_READ" }, { 24, "PR_CAPBSET_DROP" },
	{ 27, "PR_GET_SECUREBITS" }, { 28, "PR_SET_SECUREBITS" },
	{ 36, "PR_SET_CHILD_SUBREAPER" }, { 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" }, { 39, "PR_GET_NO_NEW_PRIVS" },
	{ 41, "PR_SET_THP_DISABLE" }, { 47, "PR_CAP_AMBIENT" },
	{ 59, "PR_SET_VMA" }, { 0x59616d61, "PR_SET_PTRACER" },
};
NAME_FNS(prctl, prctls, long)

static const struct pair filetypes[] = {
	{ 1, "fifo" }, { 2, "chr" }, { 4, "dir" }, { 6, "blk" }, { 8, "reg" },
	{ 10, "lnk" }, { 12, "sock" }, { 0, "anon" },
};
NAME_FNS(filetype, filetypes, int)

static const struct pair ioctls[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x540b, "TCFLSH" }, { 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" },
	{ 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" },
	{ 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" }, { 0x5452, "FIOASYNC" },
	{ 0x80045430, "TIOCGPTN" }, { 0x40045431, "TIOCSPTLCK" },
	{ 0x8912, "SIOCGIFCONF" }, { 0x8913, "SIOCGIFFLAGS" }, { 0x8927, "SIOCGIFHWADDR" },
	{ 0x8933, "SIOCGIFINDEX" }, { 0x5441, "TIOCGPTPEER" },
};

const char *lp_ioctl_name(uint32_t request)
{
	for (size_t i = 0; i < ARRAY_SIZE(ioctls); i++)
		if ((uint32_t)ioctls[i].nr == request)
			return ioctls[i].name;
	return NULL;
}

char *lp_clone_namespaces(uint64_t flags)
{
	static const struct pair ns[] = {
		{ 0x00020000, "mnt" }, { 0x02000000, "cgroup" }, { 0x04000000, "uts" },
		{ 0x08000000, "ipc" }, { 0x10000000, "user" }, { 0x20000000, "pid" },
		{ 0x40000000, "net" }, { 0x00000080, "time" },
	};
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		if (flags & (uint64_t)ns[i].nr) {
			if (sb.len)
				sb_puts(&sb, ",");
			sb_puts(&sb, ns[i].name);
		}
	return sb_detach(&sb);
}
