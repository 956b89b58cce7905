// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The capability and hardening advice in its formats: text for people,
 * docker flags (one line, for $(...)), a Kubernetes securityContext, a
 * systemd drop-in, JSON. What analyze.c withholds is left out and said.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "jsonutil.h"
#include "names.h"
#include "profile_name.h"
#include "strmap.h"
#include "util.h"

/* ---- output ------------------------------------------------------------ */

/* "NET_BIND_SERVICE": the name docker and Kubernetes use. */
static const char *short_cap(int cap)
{
	const char *n = lp_cap_name(cap);

	return n ? n + 4 : "?";
}

/* One docker flag, space-separated from the ones before. */
static void flag(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void flag(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *t;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&t, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_printf(sb, "%s%s", sb->len ? " " : "", t);
	free(t);
}

/* A line of flags for $(...), where no comment can go: a withheld flag is
 * left out and, when warn, said on stderr. */
static void docker_flags(struct strbuf *sb, const struct lp_hardening *h, const char *name,
			 bool warn)
{
	if (h->caps_withheld && warn)
		lp_warn("caps: --cap-drop, --cap-add and --user left out: %s", h->caps_withheld);
	if (h->procs_withheld && warn)
		lp_warn("caps: no-new-privileges left out: %s", h->procs_withheld);
	if (h->args_withheld && warn)
		lp_warn("caps: --read-only and --tmpfs left out: %s", h->args_withheld);
	if (!h->caps_withheld) {
		flag(sb, "--cap-drop=ALL");
		for (size_t i = 0; i < h->nneeded; i++)
			flag(sb, "--cap-add=%s", short_cap(h->needed[i].cap));
	}
	if (h->no_new_privs_possible)
		flag(sb, "--security-opt=no-new-privileges");
	if (h->read_only_possible) {
		flag(sb, "--read-only");
		for (size_t i = 0; i < h->nwritable; i++)
			if (h->held_data[i])
				flag(sb, "--volume=%s:%s", h->writable[i], h->writable[i]);
			else
				flag(sb, "--tmpfs=%s", h->writable[i]);
	}
	if (h->run_uid >= 0)
		flag(sb, "--user=%lld:%lld", h->run_uid, h->run_gid);
	flag(sb, "--security-opt=seccomp=seccomp-docker.json");
	flag(sb, "--security-opt=apparmor=%s", name);
	sb_puts(sb, "\n");
}

static void kubernetes(struct strbuf *sb, const struct lp_hardening *h, const char *name)
{
	sb_puts(sb, "securityContext:\n");
	if (h->caps_withheld)
		sb_printf(sb, "  # runAsNonRoot, runAsUser and capabilities withheld: %s\n",
			  h->caps_withheld);
	if (h->non_root_possible && h->run_uid < 0)
		sb_printf(sb, "  # runAsUser left out: %s\n  runAsNonRoot: true\n", h->user_why);
	else if (h->non_root_possible)
		sb_printf(sb, "  # runAsUser %lld: %s\n  runAsNonRoot: true\n  runAsUser: %lld\n"
			      "  runAsGroup: %lld\n", h->run_uid, h->user_why, h->run_uid, h->run_gid);
	if (h->procs_withheld)
		sb_printf(sb, "  # allowPrivilegeEscalation withheld: %s\n", h->procs_withheld);
	else
		sb_printf(sb, "  allowPrivilegeEscalation: %s\n",
			  h->no_new_privs_possible ? "false" : "true");
	if (h->args_withheld)
		sb_printf(sb, "  # readOnlyRootFilesystem withheld: %s\n", h->args_withheld);
	else
		sb_printf(sb, "  readOnlyRootFilesystem: %s\n",
			  h->read_only_possible ? "true" : "false");
	if (!h->caps_withheld)
		sb_puts(sb, "  capabilities:\n    drop:\n    - ALL\n");
	if (!h->caps_withheld && h->nneeded) {
		sb_puts(sb, "    add:\n");
		for (size_t i = 0; i < h->nneeded; i++)
			sb_printf(sb, "    - %s\n", short_cap(h->needed[i].cap));
	}
	sb_printf(sb, "  seccompProfile:\n    type: Localhost\n"
		      "    localhostProfile: learnprof/%s.json\n", name);
	sb_printf(sb, "  appArmorProfile:\n    type: Localhost\n    localhostProfile: %s\n", name);
	if (h->read_only_possible && h->nwritable) {
		sb_puts(sb, "# writable directories, as volumes:\n");
		for (size_t i = 0; i < h->nwritable; i++)
			if (h->held_data[i])
				sb_printf(sb, "#   %s: a persistent volume, not emptyDir: %s\n",
					  h->writable[i], h->held_data[i]);
			else
				sb_printf(sb, "#   %s: emptyDir\n", h->writable[i]);
	}
}

static void systemd_caps(struct strbuf *sb, const struct lp_hardening *h)
{
	if (h->caps_withheld) {
		sb_printf(sb, "# CapabilityBoundingSet= and AmbientCapabilities= withheld: %s\n",
			  h->caps_withheld);
		return;
	}
	sb_puts(sb, "CapabilityBoundingSet=");
	for (size_t i = 0; i < h->nneeded; i++)
		sb_printf(sb, "%s%s", i ? " " : "", lp_cap_name(h->needed[i].cap));
	sb_puts(sb, "\n");
	if (h->nneeded) {
		sb_puts(sb, "# only if the service runs as a non-root User=:\nAmbientCapabilities=");
		for (size_t i = 0; i < h->nneeded; i++)
			sb_printf(sb, "%s%s", i ? " " : "", lp_cap_name(h->needed[i].cap));
		sb_puts(sb, "\n");
	}
}

static void systemd(struct strbuf *sb, const struct lp_hardening *h)
{
	sb_puts(sb, "[Service]\n");
	systemd_caps(sb, h);
	if (h->procs_withheld)
		sb_printf(sb, "# NoNewPrivileges= withheld: %s\n", h->procs_withheld);
	else
		sb_printf(sb, "NoNewPrivileges=%s\n", h->no_new_privs_possible ? "yes" : "no");
	if (h->run_uid >= 0)
		sb_printf(sb, "# User=%lld and Group=%lld: %s\n", h->run_uid, h->run_gid,
			  h->user_why);
	if (h->only_native)
		sb_puts(sb, "SystemCallArchitectures=native\n");
	sb_puts(sb, "SystemCallErrorNumber=EPERM\nSystemCallFilter=");
	for (size_t i = 0; i < h->nsyscalls; i++)
		sb_printf(sb, "%s%s", i ? " " : "", h->syscalls[i]);
	sb_puts(sb, "\n");
	if (h->args_withheld)
		sb_printf(sb, "# ReadOnlyPaths= and ReadWritePaths= withheld: %s\n",
			  h->args_withheld);
	if (h->read_only_possible) {
		sb_puts(sb, "ReadOnlyPaths=/\n");
		if (h->nwritable) {
			sb_puts(sb, "ReadWritePaths=");
			for (size_t i = 0; i < h->nwritable; i++)
				sb_printf(sb, "%s%s", i ? " " : "", h->writable[i]);
			sb_puts(sb, "\n");
		}
	}
}

static void cap_list(struct strbuf *sb, const int *caps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "%s%s", i ? ", " : "  ", lp_cap_name(caps[i]));
	sb_puts(sb, n ? "\n" : "  none\n");
}

static void text(struct strbuf *sb, const struct lp_hardening *h, const char *name)
{
	sb_puts(sb, "Capabilities needed (checked and granted):\n");
	if (h->caps_withheld)
		sb_printf(sb, "  withheld: %s\n", h->caps_withheld);
	else if (!h->nneeded)
		sb_puts(sb, "  none\n");
	for (size_t i = 0; i < h->nneeded; i++) {
		const struct lp_cap_need *n = &h->needed[i];

		sb_printf(sb, "  %s\n", lp_cap_name(n->cap));
		for (size_t k = 0; k < n->nuses; k++)
			sb_printf(sb, "    %s: %s%s%s%s, %llu time%s\n", n->uses[k].program,
				  n->uses[k].syscall ? n->uses[k].syscall : "outside a syscall",
				  n->uses[k].function ? " (in " : "",
				  n->uses[k].function ? n->uses[k].function : "",
				  n->uses[k].function ? ")" : "",
				  (unsigned long long)n->uses[k].count,
				  n->uses[k].count == 1 ? "" : "s");
	}
	sb_puts(sb, "Checked but only denied (the run did without them):\n");
	if (h->caps_withheld)
		sb_puts(sb, "  withheld (above)\n");
	else
		cap_list(sb, h->denied, h->ndenied);
	sb_puts(sb, "Checked by the kernel without auditing (not needed):\n");
	if (h->caps_withheld)
		sb_puts(sb, "  withheld (above)\n");
	else
		cap_list(sb, h->optional, h->noptional);

	sb_puts(sb, "\nHardening:\n");
	if (h->caps_withheld)
		sb_printf(sb, "  non-root user       withheld: %s\n", h->caps_withheld);
	else if (h->non_root_possible && h->run_uid >= 0)
		sb_printf(sb, "  non-root user       possible: run as %lld:%lld: %s\n",
			  h->run_uid, h->run_gid, h->user_why);
	else if (h->non_root_possible)
		sb_printf(sb, "  non-root user       possible, no capability was needed: %s\n",
			  h->user_why);
	else
		sb_printf(sb, "  non-root user       not without capabilities: it needs %zu (above)\n",
			  h->nneeded);
	if (h->args_withheld)
		sb_printf(sb, "  read-only rootfs    withheld: %s\n", h->args_withheld);
	else if (h->read_only_possible && !h->nwritable)
		sb_puts(sb, "  read-only rootfs    possible: nothing was written\n");
	else if (h->read_only_possible) {
		sb_puts(sb, "  read-only rootfs    possible, with these writable:\n");
		for (size_t i = 0; i < h->nwritable; i++)
			if (h->held_data[i])
				sb_printf(sb, "                        %s: a volume: %s\n",
					  h->writable[i], h->held_data[i]);
			else
				sb_printf(sb, "                        %s: a tmpfs (nothing there before the run was used)\n",
					  h->writable[i]);
	} else
		sb_puts(sb, "  read-only rootfs    not possible: it writes in /\n");
	if (h->procs_withheld)
		sb_printf(sb, "  no-new-privileges   withheld: %s\n", h->procs_withheld);
	else if (h->no_new_privs_possible)
		sb_puts(sb, "  no-new-privileges   possible: no program gained privileges at exec\n");
	else
		for (size_t i = 0; i < h->nsetid; i++)
			sb_printf(sb, "  no-new-privileges   not possible: %s starts set-id\n",
				  h->setid_programs[i]);

	sb_puts(sb, "\ndocker run:\n");
	{
		struct strbuf flags;
		char *save = NULL, *tok;
		size_t col = 2;

		sb_init(&flags);
		docker_flags(&flags, h, name, false);
		flags.buf[strcspn(flags.buf, "\n")] = '\0';
		sb_puts(sb, " ");
		for (tok = strtok_r(flags.buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			if (col + 1 + strlen(tok) > 78) {
				sb_puts(sb, " \\\n   ");
				col = 3;
			}
			sb_printf(sb, " %s", tok);
			col += 1 + strlen(tok);
		}
		sb_puts(sb, "\n");
		sb_free(&flags);
	}
	sb_puts(sb, "\nKubernetes (container spec):\n");
	kubernetes(sb, h, name);
	sb_puts(sb, "\nsystemd (unit drop-in):\n");
	systemd(sb, h);
}

static json_object *caps_array(const int *caps, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(lp_cap_name(caps[i])));
	return a;
}

static json_object *str_array(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

/* A claim: "possible" true or false, or null with "withheld": the reason. */
static json_object *claim(bool possible, const char *why)
{
	json_object *o = json_object_new_object();

	if (why) {
		json_object_object_add(o, "possible", NULL);
		jw_str(o, "withheld", why);
	} else {
		jw_bool(o, "possible", possible);
	}
	return o;
}

static json_object *needed_json(const struct lp_hardening *h)
{
	json_object *needed = json_object_new_array();

	for (size_t i = 0; i < h->nneeded; i++) {
		json_object *c = json_object_new_object(), *uses = json_object_new_array();

		jw_str(c, "capability", lp_cap_name(h->needed[i].cap));
		for (size_t k = 0; k < h->needed[i].nuses; k++) {
			json_object *u = json_object_new_object();

			jw_str(u, "program", h->needed[i].uses[k].program);
			jw_str(u, "syscall", h->needed[i].uses[k].syscall);
			jw_str(u, "function", h->needed[i].uses[k].function);
			jw_u64(u, "count", h->needed[i].uses[k].count);
			json_object_array_add(uses, u);
		}
		json_object_object_add(c, "uses", uses);
		json_object_array_add(needed, c);
	}
	return needed;
}

/* The writable directories that held data before the run, with why. */
static json_object *volumes_json(const struct lp_hardening *h)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < h->nwritable; i++) {
		json_object *v;

		if (!h->held_data[i])
			continue;
		v = json_object_new_object();
		jw_str(v, "dir", h->writable[i]);
		jw_str(v, "why", h->held_data[i]);
		json_object_array_add(a, v);
	}
	return a;
}

/* A withheld claim is null and says why: "needed": null with
 * "needed_withheld", "possible": null with "withheld". */
static char *to_json(const struct lp_hardening *h)
{
	json_object *root = json_object_new_object(), *o;
	char *t;

	json_object_object_add(root, "needed", h->caps_withheld ? NULL : needed_json(h));
	jw_str(root, "needed_withheld", h->caps_withheld);
	json_object_object_add(root, "denied", caps_array(h->denied, h->ndenied));
	json_object_object_add(root, "optional", caps_array(h->optional, h->noptional));
	o = claim(h->non_root_possible, h->caps_withheld);
	jw_bool(o, "ran_as_root", h->ran_as_root);
	if (h->run_uid >= 0) {
		jw_i64(o, "uid", h->run_uid);
		jw_i64(o, "gid", h->run_gid);
	}
	jw_str(o, "why", h->user_why);
	json_object_object_add(root, "non_root", o);
	o = claim(h->read_only_possible, h->args_withheld);
	json_object_object_add(o, "writable", h->args_withheld ? NULL :
				  str_array(h->writable, h->nwritable));
	json_object_object_add(o, "volumes", h->args_withheld ? NULL : volumes_json(h));
	json_object_object_add(root, "read_only_rootfs", o);
	o = claim(h->no_new_privs_possible, h->procs_withheld);
	json_object_object_add(o, "setid_programs", str_array(h->setid_programs, h->nsetid));
	json_object_object_add(root, "no_new_privileges", o);
	t = lp_json_text(root);
	json_object_put(root);
	return t;
}

char *caps_generate(const struct lp_recording *rec, const struct lp_caps_opts *o)
{
	struct lp_hardening h;
	struct strbuf sb;
	char *name = lp_profile_name(rec, o->name);

	hardening_analyze(rec, &h);
	sb_init(&sb);
	switch (o->format) {
	case LP_CAPS_DOCKER: docker_flags(&sb, &h, name, true); break;
	case LP_CAPS_KUBERNETES: kubernetes(&sb, &h, name); break;
	case LP_CAPS_SYSTEMD: systemd(&sb, &h); break;
	case LP_CAPS_JSON: {
		char *t = to_json(&h);

		sb_puts(&sb, t);
		free(t);
		break;
	}
	default: text(&sb, &h, name); break;
	}
	hardening_free(&h);
	free(name);
	return sb_detach(&sb);
}
