// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Enforcing a Landlock policy (include/landlock.h): the ruleset is built
 * for the running kernel's ABI, saying what it cannot enforce, then the
 * calling thread is restricted (after no_new_privs) and everything it execs
 * stays so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "landlock.h"
#include "landlock_uapi.h"

static int sys_create_ruleset(const struct landlock_ruleset_attr *attr, size_t size, __u32 flags)
{
	return (int)syscall(__NR_landlock_create_ruleset, attr, size, flags);
}

static int sys_add_rule(int fd, int type, const void *attr)
{
	return (int)syscall(__NR_landlock_add_rule, fd, type, attr, 0);
}

static int sys_restrict_self(int fd)
{
	return (int)syscall(__NR_landlock_restrict_self, fd, 0);
}

int ll_kernel_abi(void)
{
	int abi = sys_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? -errno : abi;
}

const char *ll_unavailable_why(int err)
{
	switch (err) {
	case ENOSYS:
		return "Landlock is not available: this kernel is built without it (CONFIG_SECURITY_LANDLOCK)";
	case EOPNOTSUPP:
		return "Landlock is not available: it is disabled on this kernel (add landlock to the lsm= boot parameter)";
	default:
		return "Landlock is not available: the kernel refuses to say its Landlock ABI";
	}
}

bool ll_warn_privileged_exec(const char *program, bool strict)
{
	struct stat st;
	const char *what;

	if (stat(program, &st))
		return false;
	if (st.st_mode & S_ISUID)
		what = "set-user-ID";
	else if ((st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP))
		what = "set-group-ID";
	else if (getxattr(program, "security.capability", NULL, 0) > 0)
		what = "given file capabilities";
	else
		return false;
	if (strict)
		lp_err("'%s' is %s: under no_new_privs, which Landlock needs, it runs without those privileges: refusing (--strict)",
		       program, what);
	else
		lp_warn("'%s' is %s: under no_new_privs, which Landlock needs, it runs without those privileges",
			program, what);
	return true;
}

struct build {
	const struct ll_policy *p;
	const char *file;
	bool strict;
	int abi;		/* what is enforced */
	int fd;
	bool refused;
};

/* Say, per right, what the ABI lacks of what the policy uses. */
static void say_dropped(struct build *b, enum ll_kind kind, uint64_t used)
{
	for (size_t i = 0; i < ll_nrights; i++) {
		const struct ll_right *x = &ll_rights[i];
		const char *effect;

		if (x->kind != kind || !(used & x->bit) || x->abi <= b->abi)
			continue;
		effect = x->bit == LL_FS_REFER && kind == LL_FS ?
			 "renaming and linking across directories stays denied" :
			 kind == LL_SCOPE ? "not scoped" : "not denied";
		if (b->strict) {
			lp_err("Landlock ABI %d lacks '%s' (ABI %d), which '%s' uses: refusing (--strict)",
			       b->abi, x->name, x->abi, b->file);
			b->refused = true;
		} else {
			lp_warn("Landlock ABI %d lacks '%s' (ABI %d): %s", b->abi, x->name, x->abi, effect);
		}
	}
}

static int create(struct build *b)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = b->p->handled_fs & ll_all(LL_FS, b->abi),
		.handled_access_net = b->p->handled_net & ll_all(LL_NET, b->abi),
		.scoped = b->p->scoped & ll_all(LL_SCOPE, b->abi),
	};

	say_dropped(b, LL_FS, b->p->handled_fs);
	say_dropped(b, LL_NET, b->p->handled_net);
	say_dropped(b, LL_SCOPE, b->p->scoped);
	if (b->refused)
		return -1;
	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped)
		return lp_err("'%s' restricts nothing Landlock ABI %d can enforce", b->file, b->abi);
	b->fd = sys_create_ruleset(&attr, sizeof(attr), 0);
	if (b->fd < 0)
		return lp_err("cannot create the Landlock ruleset: %s", strerror(errno));
	return 0;
}

/* One parent of a rule: opened now (rules bind inodes), masked to the file
 * rights when it is not a directory. */
static int add_parent(struct build *b, const char *path, uint64_t access, size_t rule)
{
	struct landlock_path_beneath_attr attr = { .allowed_access = access };
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC), ret = 0;

	if (fd < 0 || fstat(fd, &st)) {
		lp_warn("'%s': path_beneath[%zu]: '%s': %s: rule not added", b->file, rule, path,
			strerror(errno));
		goto cleanup;
	}
	if (!S_ISDIR(st.st_mode) && (access & ~LL_FS_FILE_RIGHTS)) {
		char *dropped = ll_rights_text(LL_FS, access & ~LL_FS_FILE_RIGHTS);

		lp_warn("'%s': path_beneath[%zu]: '%s' is not a directory: %s not granted there (directory rights)",
			b->file, rule, path, dropped);
		free(dropped);
		attr.allowed_access &= LL_FS_FILE_RIGHTS;
	}
	attr.parent_fd = fd;
	if (attr.allowed_access && sys_add_rule(b->fd, LANDLOCK_RULE_PATH_BENEATH, &attr))
		ret = lp_err("'%s': path_beneath[%zu]: cannot add '%s': %s", b->file, rule, path,
			     strerror(errno));
cleanup:
	if (fd >= 0)
		close(fd);
	return ret;
}

static int add_paths(struct build *b)
{
	uint64_t mask = b->p->handled_fs & ll_all(LL_FS, b->abi);

	for (size_t i = 0; i < b->p->npaths; i++) {
		const struct ll_path_rule *r = &b->p->paths[i];
		struct strlist paths = { 0 };
		char *why = NULL;
		int bad = 0;

		for (size_t k = 0; !bad && k < r->parents.n; k++)
			if (ll_expand(b->p, r->parents.v[k], &paths, &why))
				bad = lp_err("'%s': path_beneath[%zu]: %s", b->file, i, why);
		for (size_t k = 0; !bad && (r->access & mask) && k < paths.n; k++)
			bad = add_parent(b, paths.v[k], r->access & mask, i);
		free(why);
		sl_free(&paths);
		if (bad)
			return -1;
	}
	return 0;
}

static int add_ports(struct build *b)
{
	uint64_t mask = b->p->handled_net & ll_all(LL_NET, b->abi);

	for (size_t i = 0; i < b->p->nports && mask; i++) {
		const struct ll_port_rule *r = &b->p->ports[i];

		for (size_t k = 0; (r->access & mask) && k < r->nports; k++) {
			struct landlock_net_port_attr attr = {
				.allowed_access = r->access & mask,
				.port = r->ports[k],
			};

			if (sys_add_rule(b->fd, LANDLOCK_RULE_NET_PORT, &attr))
				return lp_err("'%s': net_port[%zu]: cannot add port %llu: %s", b->file, i,
					      (unsigned long long)r->ports[k], strerror(errno));
		}
	}
	return 0;
}

int ll_build(const struct ll_policy *p, const char *file, const struct ll_enforce_opts *opts)
{
	struct build b = { .p = p, .file = file, .strict = opts->strict, .fd = -1 };
	int kabi = ll_kernel_abi();

	if (kabi < 0) {
		lp_err("%s", ll_unavailable_why(-kabi));
		return -1;
	}
	b.abi = opts->abi > 0 && opts->abi < kabi ? opts->abi : kabi;
	if (opts->abi > kabi)
		lp_warn("--abi %d is above this kernel's Landlock ABI %d: using %d", opts->abi, kabi, kabi);
	if (create(&b) || add_paths(&b) || add_ports(&b))
		goto fail;
	return b.fd;
fail:
	if (b.fd >= 0)
		close(b.fd);
	return -1;
}

int ll_restrict(int fd)
{
	int ret = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		ret = lp_err("cannot set no_new_privs: %s", strerror(errno));
	else if (sys_restrict_self(fd))
		ret = lp_err("cannot enforce the Landlock ruleset: %s", strerror(errno));
	close(fd);
	return ret;
}
