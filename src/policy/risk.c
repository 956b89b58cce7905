// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Two tables a reviewer can read: the group each syscall belongs to, and
 * the syscalls and capabilities that widen what a compromised workload can
 * do, with the reason. Groups match by exact name or by prefix (a name
 * ending in '*').
 */
#include <string.h>

#include "risk.h"
#include "util.h"

static const char *const group_names[LP_GROUP_COUNT] = {
	"file", "network", "process", "memory", "time", "ipc", "signal",
	"privileged", "other",
};

const char *lp_group_name(int g)
{
	return g >= 0 && g < LP_GROUP_COUNT ? group_names[g] : NULL;
}

static const struct {
	const char *pattern;
	int group;
} groups[] = {
	/* privileged first: they would match broader patterns below */
	{ "mount", LP_GROUP_PRIVILEGED }, { "umount*", LP_GROUP_PRIVILEGED },
	{ "pivot_root", LP_GROUP_PRIVILEGED }, { "chroot", LP_GROUP_PRIVILEGED },
	{ "bpf", LP_GROUP_PRIVILEGED }, { "keyctl", LP_GROUP_PRIVILEGED },
	{ "add_key", LP_GROUP_PRIVILEGED }, { "request_key", LP_GROUP_PRIVILEGED },
	{ "ptrace", LP_GROUP_PRIVILEGED }, { "process_vm_*", LP_GROUP_PRIVILEGED },
	{ "kexec_*", LP_GROUP_PRIVILEGED }, { "*_module", LP_GROUP_PRIVILEGED },
	{ "reboot", LP_GROUP_PRIVILEGED }, { "swapon", LP_GROUP_PRIVILEGED },
	{ "swapoff", LP_GROUP_PRIVILEGED }, { "setns", LP_GROUP_PRIVILEGED },
	{ "unshare", LP_GROUP_PRIVILEGED }, { "perf_event_open", LP_GROUP_PRIVILEGED },
	{ "userfaultfd", LP_GROUP_PRIVILEGED }, { "io_uring_*", LP_GROUP_PRIVILEGED },
	{ "fsopen", LP_GROUP_PRIVILEGED }, { "fsmount", LP_GROUP_PRIVILEGED },
	{ "fsconfig", LP_GROUP_PRIVILEGED }, { "fspick", LP_GROUP_PRIVILEGED },
	{ "move_mount", LP_GROUP_PRIVILEGED }, { "open_tree*", LP_GROUP_PRIVILEGED },
	{ "mount_setattr", LP_GROUP_PRIVILEGED }, { "iopl", LP_GROUP_PRIVILEGED },
	{ "ioperm", LP_GROUP_PRIVILEGED }, { "acct", LP_GROUP_PRIVILEGED },
	{ "quotactl*", LP_GROUP_PRIVILEGED }, { "syslog", LP_GROUP_PRIVILEGED },
	{ "sethostname", LP_GROUP_PRIVILEGED }, { "setdomainname", LP_GROUP_PRIVILEGED },
	{ "settimeofday", LP_GROUP_PRIVILEGED }, { "clock_settime", LP_GROUP_PRIVILEGED },
	{ "clock_adjtime", LP_GROUP_PRIVILEGED }, { "adjtimex", LP_GROUP_PRIVILEGED },
	{ "lookup_dcookie", LP_GROUP_PRIVILEGED }, { "nfsservctl", LP_GROUP_PRIVILEGED },
	{ "vhangup", LP_GROUP_PRIVILEGED }, { "name_to_handle_at", LP_GROUP_PRIVILEGED },
	{ "open_by_handle_at", LP_GROUP_PRIVILEGED }, { "fanotify_init", LP_GROUP_PRIVILEGED },
	{ "set*id", LP_GROUP_PRIVILEGED }, { "setres*id", LP_GROUP_PRIVILEGED },
	{ "setfs*id", LP_GROUP_PRIVILEGED }, { "setgroups", LP_GROUP_PRIVILEGED },
	{ "capset", LP_GROUP_PRIVILEGED }, { "seccomp", LP_GROUP_PRIVILEGED },
	{ "personality", LP_GROUP_PRIVILEGED }, { "modify_ldt", LP_GROUP_PRIVILEGED },
	/* network */
	{ "socket*", LP_GROUP_NETWORK }, { "bind", LP_GROUP_NETWORK },
	{ "listen", LP_GROUP_NETWORK }, { "accept*", LP_GROUP_NETWORK },
	{ "connect", LP_GROUP_NETWORK }, { "send*", LP_GROUP_NETWORK },
	{ "recv*", LP_GROUP_NETWORK }, { "getsockopt", LP_GROUP_NETWORK },
	{ "setsockopt", LP_GROUP_NETWORK }, { "getsockname", LP_GROUP_NETWORK },
	{ "getpeername", LP_GROUP_NETWORK }, { "shutdown", LP_GROUP_NETWORK },
	/* memory */
	{ "mmap*", LP_GROUP_MEMORY }, { "munmap", LP_GROUP_MEMORY },
	{ "mprotect", LP_GROUP_MEMORY }, { "mremap", LP_GROUP_MEMORY },
	{ "brk", LP_GROUP_MEMORY }, { "madvise", LP_GROUP_MEMORY },
	{ "mlock*", LP_GROUP_MEMORY }, { "munlock*", LP_GROUP_MEMORY },
	{ "mincore", LP_GROUP_MEMORY }, { "msync", LP_GROUP_MEMORY },
	{ "memfd_*", LP_GROUP_MEMORY }, { "membarrier", LP_GROUP_MEMORY },
	{ "pkey_*", LP_GROUP_MEMORY }, { "mseal", LP_GROUP_MEMORY },
	{ "*_mempolicy*", LP_GROUP_MEMORY }, { "mbind", LP_GROUP_MEMORY },
	/* time */
	{ "clock_*", LP_GROUP_TIME }, { "nanosleep", LP_GROUP_TIME },
	{ "gettimeofday", LP_GROUP_TIME }, { "time", LP_GROUP_TIME },
	{ "timer*", LP_GROUP_TIME }, { "*itimer", LP_GROUP_TIME }, { "alarm", LP_GROUP_TIME },
	{ "times", LP_GROUP_TIME },
	/* ipc and waiting */
	{ "pipe*", LP_GROUP_IPC }, { "futex*", LP_GROUP_IPC }, { "eventfd*", LP_GROUP_IPC },
	{ "epoll*", LP_GROUP_IPC }, { "poll", LP_GROUP_IPC }, { "ppoll", LP_GROUP_IPC },
	{ "select", LP_GROUP_IPC }, { "pselect6", LP_GROUP_IPC }, { "msg*", LP_GROUP_IPC },
	{ "sem*", LP_GROUP_IPC }, { "shm*", LP_GROUP_IPC }, { "mq_*", LP_GROUP_IPC },
	/* signals */
	{ "rt_sig*", LP_GROUP_SIGNAL }, { "sigaltstack", LP_GROUP_SIGNAL },
	{ "kill", LP_GROUP_SIGNAL }, { "tkill", LP_GROUP_SIGNAL }, { "tgkill", LP_GROUP_SIGNAL },
	{ "signalfd*", LP_GROUP_SIGNAL }, { "pause", LP_GROUP_SIGNAL },
	{ "pidfd_send_signal", LP_GROUP_SIGNAL }, { "restart_syscall", LP_GROUP_SIGNAL },
	/* processes */
	{ "clone*", LP_GROUP_PROCESS }, { "fork", LP_GROUP_PROCESS }, { "vfork", LP_GROUP_PROCESS },
	{ "execve*", LP_GROUP_PROCESS }, { "exit*", LP_GROUP_PROCESS }, { "wait*", LP_GROUP_PROCESS },
	{ "get*id", LP_GROUP_PROCESS }, { "getres*id", LP_GROUP_PROCESS }, { "gettid", LP_GROUP_PROCESS },
	{ "getgroups", LP_GROUP_PROCESS }, { "set_tid_address", LP_GROUP_PROCESS },
	{ "*robust_list", LP_GROUP_PROCESS }, { "rseq", LP_GROUP_PROCESS },
	{ "arch_prctl", LP_GROUP_PROCESS }, { "prctl", LP_GROUP_PROCESS },
	{ "sched_*", LP_GROUP_PROCESS }, { "*priority", LP_GROUP_PROCESS },
	{ "*rlimit*", LP_GROUP_PROCESS }, { "getrusage", LP_GROUP_PROCESS },
	{ "capget", LP_GROUP_PROCESS }, { "setpgid", LP_GROUP_PROCESS }, { "setsid", LP_GROUP_PROCESS },
	{ "pidfd_*", LP_GROUP_PROCESS }, { "uname", LP_GROUP_PROCESS }, { "sysinfo", LP_GROUP_PROCESS },
	{ "getrandom", LP_GROUP_PROCESS }, { "umask", LP_GROUP_PROCESS }, { "ioprio_*", LP_GROUP_PROCESS },
	{ "getcpu", LP_GROUP_PROCESS },
};

/* '*' at either end of a pattern matches anything; "a*b" too. */
static bool match(const char *pat, const char *name)
{
	const char *star = strchr(pat, '*');
	size_t pl, sl, nl = strlen(name);

	if (!star)
		return !strcmp(pat, name);
	pl = (size_t)(star - pat);
	sl = strlen(star + 1);
	return nl >= pl + sl && !strncmp(name, pat, pl) &&
	       !strcmp(name + nl - sl, star + 1);
}

int lp_syscall_group(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		if (match(groups[i].pattern, name))
			return groups[i].group;
	return name[0] ? LP_GROUP_FILE : LP_GROUP_OTHER;
}

static const struct {
	const char *name;
	const char *why;
} syscall_risks[] = {
	{ "bpf", "loads programs into the kernel; a large kernel attack surface" },
	{ "keyctl", "kernel keyring: secrets shared across containers, a history of kernel bugs" },
	{ "add_key", "kernel keyring: secrets shared across containers" },
	{ "request_key", "kernel keyring: secrets shared across containers" },
	{ "ptrace", "reads and changes other processes' memory and registers" },
	{ "process_vm_readv", "reads another process's memory" },
	{ "process_vm_writev", "writes another process's memory" },
	{ "mount", "changes the filesystem view; a container escape path" },
	{ "umount2", "changes the filesystem view" },
	{ "pivot_root", "changes the root filesystem" },
	{ "unshare", "creates namespaces: exposes kernel code normally reserved to root" },
	{ "setns", "joins other namespaces" },
	{ "userfaultfd", "pauses the kernel on page faults: a classic exploit primitive" },
	{ "perf_event_open", "kernel performance counters: side channels and kernel bugs" },
	{ "io_uring_setup", "io_uring: a large, often exploited kernel surface" },
	{ "io_uring_enter", "io_uring: a large, often exploited kernel surface" },
	{ "io_uring_register", "io_uring: a large, often exploited kernel surface" },
	{ "kexec_load", "replaces the running kernel" },
	{ "kexec_file_load", "replaces the running kernel" },
	{ "init_module", "loads kernel code" },
	{ "finit_module", "loads kernel code" },
	{ "delete_module", "unloads kernel code" },
	{ "open_by_handle_at", "opens files by handle, bypassing path checks (the 'shocker' escape)" },
	{ "name_to_handle_at", "file handles: first step of the 'shocker' escape" },
	{ "personality", "can disable address space randomisation" },
	{ "modify_ldt", "16-bit segments: old kernel bugs" },
	{ "chroot", "changes the root directory" },
	{ "reboot", "restarts the machine" },
	{ "swapon", "adds swap devices" },
	{ "syslog", "reads the kernel log: kernel addresses" },
	{ "clock_settime", "changes the system clock" },
	{ "settimeofday", "changes the system clock" },
	{ "acct", "process accounting of the whole host" },
	{ "iopl", "direct I/O port access" },
	{ "ioperm", "direct I/O port access" },
};

const char *lp_syscall_risk(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(syscall_risks); i++)
		if (!strcmp(syscall_risks[i].name, name))
			return syscall_risks[i].why;
	return NULL;
}

static const struct {
	const char *name;
	const char *why;
} cap_risks[] = {
	{ "CAP_SYS_ADMIN", "the catch-all: mount, namespaces, BPF, most of root" },
	{ "CAP_SYS_PTRACE", "traces any process, reads its memory" },
	{ "CAP_SYS_MODULE", "loads kernel modules: full kernel control" },
	{ "CAP_SYS_RAWIO", "raw device and port I/O" },
	{ "CAP_DAC_OVERRIDE", "reads and writes any file regardless of permissions" },
	{ "CAP_DAC_READ_SEARCH", "reads any file; opens files by handle (the 'shocker' escape)" },
	{ "CAP_FOWNER", "acts on any file as its owner" },
	{ "CAP_SETUID", "becomes any user" },
	{ "CAP_SETGID", "joins any group" },
	{ "CAP_SETFCAP", "grants capabilities to files" },
	{ "CAP_SETPCAP", "changes capability sets" },
	{ "CAP_NET_ADMIN", "reconfigures the network: interfaces, firewall, routing" },
	{ "CAP_NET_RAW", "raw sockets: spoofing and sniffing" },
	{ "CAP_BPF", "loads BPF programs" },
	{ "CAP_PERFMON", "kernel performance monitoring" },
	{ "CAP_SYS_TIME", "changes the system clock" },
	{ "CAP_SYS_BOOT", "reboots the machine" },
	{ "CAP_MKNOD", "creates device nodes" },
	{ "CAP_LINUX_IMMUTABLE", "changes immutable files" },
	{ "CAP_MAC_ADMIN", "changes mandatory access control policy" },
	{ "CAP_MAC_OVERRIDE", "overrides mandatory access control" },
	{ "CAP_SYSLOG", "reads the kernel log" },
	{ "CAP_CHOWN", "gives any file to any user" },
};

const char *lp_cap_risk(const char *cap_name)
{
	for (size_t i = 0; i < ARRAY_SIZE(cap_risks); i++)
		if (!strcmp(cap_risks[i].name, cap_name))
			return cap_risks[i].why;
	return NULL;
}
