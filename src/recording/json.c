// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Recording's JSON names, shared by json_write.c and json_read.c: target
 * kinds, path flags, and the place and field names of each fact category.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "names.h"
#include "recording.h"
#include "syscalls.h"
#include "util.h"
#include "volatile.h"
#include "json_int.h"

const char *const rj_kind_names[LP_TARGET_CONTAINER + 1] = {
	[LP_TARGET_COMMAND] = "command",
	[LP_TARGET_CGROUP] = "cgroup",
	[LP_TARGET_CONTAINER] = "container",
};

/* Bit i of LP_PATH_* / LP_FILE_* is named rj_path_flag_names[i]. */
const char *const rj_path_flag_names[18] = {
	"truncated", "deleted", "detached", "fault", "dir", "proc", "unresolved",
	"after-filter", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"own", "memfd",
};

const struct cat_desc rj_cats[LP_CAT_COUNT] = {
	[LP_CAT_CAPS] = { NULL, "capabilities", { "capability", "syscall", "function" },
			  { "optional" }, { F_BOOL } },
	[LP_CAT_SOCKETS] = { "network", "sockets", { "family", "type" }, { "protocol" } },
	[LP_CAT_BIND] = { "network", "bind", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_LISTEN] = { "network", "listen", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_CONNECT] = { "network", "connect", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_SENDTO] = { "network", "sendto", { "family", "type", "address" }, { "port", "protocol" } },
	[LP_CAT_ACCEPT] = { "network", "accept", { "family", "type", "peer" }, { "port", "protocol" } },
	[LP_CAT_EXECUTES] = { NULL, "executes", { "program", "argv0" } },
	[LP_CAT_CREDS] = { NULL, "credentials", { NULL },
			   { "uid", "euid", "gid", "egid", "no_new_privs" },
			   { F_INT, F_INT, F_INT, F_INT, F_BOOL } },
	[LP_CAT_IDENTITY] = { NULL, "identity", { "syscall" }, { "arg0", "arg1", "arg2" } },
	[LP_CAT_SIGNALS] = { NULL, "signals", { "signal", "peer" } },
	[LP_CAT_PTRACE] = { NULL, "ptrace", { "request", "peer" } },
	[LP_CAT_CLONE] = { "args", "clone", { "syscall", "namespaces" }, { "flags" }, { F_HEX } },
	[LP_CAT_PERSONALITY] = { "args", "personality", { NULL }, { "persona" }, { F_HEX } },
	[LP_CAT_PRCTL] = { "args", "prctl", { "option" }, { "arg2" } },
	[LP_CAT_IOCTL] = { "args", "ioctl", { "file_type", "name", "device" }, { "request" }, { F_HEX } },
};
