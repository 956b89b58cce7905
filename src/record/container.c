// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Finding a container: its runtime keeps a state file per container (runc's
 * state.json, shared by docker, containerd and podman when they use runc;
 * crun's status), which names the init process. The cgroup to record is the
 * init's cgroup v2 path, read from /proc/<pid>/cgroup; the image comes from
 * the bundle's annotations when they carry it.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "jsonutil.h"
#include "util.h"

/* Where each runtime keeps its state: <root>/<id>/<file>, or with a level
 * of namespaces in between (containerd: <root>/<namespace>/<id>/<file>). */
static const struct {
	const char *runtime;
	const char *root;
	const char *file;
	bool namespaced;
} roots[] = {
	{ "runc", "/run/runc", "state.json", false },
	{ "docker", "/run/docker/runtime-runc/moby", "state.json", false },
	{ "containerd", "/run/containerd/runc", "state.json", true },
	{ "podman", "/run/runc", "state.json", false },
	{ "crun", "/run/crun", "status", false },
	{ "podman", "/run/crun", "status", false },
};

void container_free(struct lp_container *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->runtime);
	free(c->bundle);
	free(c->image);
	free(c->digest);
	free(c->cgroup);
	memset(c, 0, sizeof(*c));
}

char *pid_cgroup2(pid_t pid)
{
	char *path = xasprintf("/proc/%d/cgroup", (int)pid), *text, *line, *save = NULL, *res = NULL;

	text = lp_read_file(path, 1 << 16, NULL);
	free(path);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "0::", 3)) {
			res = xstrdup(line + 3);
			break;
		}
	free(text);
	return res;
}

/* Does dir hold an entry matching id exactly or as the only prefix? */
static char *match_id(const char *dir, const char *id, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!strcmp(de->d_name, id)) {
			free(found);
			found = xstrdup(de->d_name);
			*count = 1;
			break;
		}
		if (!strncmp(de->d_name, id, strlen(id))) {
			(*count)++;
			free(found);
			found = xstrdup(de->d_name);
		}
	}
	if (d)
		closedir(d);
	return found;
}

static int read_state(const char *path, struct lp_container *c)
{
	struct jreader jr = { .file = path };
	json_object *root, *cfg, *v;
	size_t len;
	char *text = lp_read_file(path, 16 << 20, &len);
	int64_t pid = 0;
	bool b;

	if (!text)
		return lp_err("cannot read '%s': %s", path, strerror(errno));
	root = lp_json_parse(text, len, path);
	free(text);
	if (!root)
		return -1;
	/* runc: init_process_pid; crun: pid. */
	if (!jr_i64(&jr, root, "", "init_process_pid", false, &pid))
		jr_i64(&jr, root, "", "pid", false, &pid);
	c->pid = (pid_t)pid;
	cfg = jr_member(&jr, root, "", "config", json_type_object, false);
	if (cfg && jr_bool(&jr, cfg, "config", "no_new_privileges", false, &b))
		c->no_new_privs = b;
	v = cfg ? jr_member(&jr, cfg, "config", "labels", json_type_array, false) : NULL;
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		const char *l = json_object_get_string(json_object_array_get_idx(v, i));

		if (l && !strncmp(l, "bundle=", 7) && !c->bundle)
			c->bundle = xstrdup(l + 7);
	}
	if (!c->bundle && jr_string(&jr, root, "", "bundle", false))
		c->bundle = xstrdup(jr_string(&jr, root, "", "bundle", false));
	json_object_put(root);
	if (jr.failed)
		return -1;
	if (c->pid <= 0 || kill(c->pid, 0))
		return lp_err("container '%s' is not running (state: '%s')", c->id, path);
	return 0;
}

static int find_in_root(size_t r, const char *id, struct lp_container *c, int *matches)
{
	char *name = NULL, *state;

	if (!roots[r].namespaced) {
		name = match_id(roots[r].root, id, matches);
		if (!name)
			return 1;
		state = xasprintf("%s/%s/%s", roots[r].root, name, roots[r].file);
	} else {
		DIR *d = opendir(roots[r].root);
		struct dirent *de;
		char *ns_dir = NULL;

		while (d && (de = readdir(d)) && !name) {
			if (de->d_name[0] == '.')
				continue;
			free(ns_dir);
			ns_dir = xasprintf("%s/%s", roots[r].root, de->d_name);
			name = match_id(ns_dir, id, matches);
		}
		if (d)
			closedir(d);
		if (!name) {
			free(ns_dir);
			return 1;
		}
		state = xasprintf("%s/%s/%s", ns_dir, name, roots[r].file);
		free(ns_dir);
	}
	if (access(state, R_OK)) {
		free(state);
		free(name);
		return 1;
	}
	c->id = name;
	c->runtime = xstrdup(roots[r].runtime);
	r = read_state(state, c);
	free(state);
	return r ? -1 : 0;
}

int container_find(const char *id, const char *runtime, struct lp_container *c)
{
	int matches = 0, rc;
	bool known = !runtime;

	memset(c, 0, sizeof(*c));
	c->no_new_privs = -1;
	if (!*id)
		return lp_err("empty container id");
	for (size_t r = 0; r < ARRAY_SIZE(roots); r++) {
		if (runtime && strcmp(runtime, roots[r].runtime))
			continue;
		known = true;
		rc = find_in_root(r, id, c, &matches);
		if (rc <= 0) {
			if (matches > 1) {
				container_free(c);
				return lp_err("container id '%s' is ambiguous: give more of it", id);
			}
			if (rc < 0)
				return -1;
			container_read_bundle(c);
			c->cgroup = pid_cgroup2(c->pid);
			if (!c->cgroup || !strcmp(c->cgroup, "/"))
				return lp_err("container '%s' (pid %d) is not in a cgroup v2 of its own",
					      c->id, (int)c->pid);
			return 0;
		}
	}
	if (!known)
		return lp_err("unknown runtime '%s' (runc, crun, docker, containerd, podman)", runtime);
	return lp_err("no container '%s' found in the state of %s", id, runtime ? runtime : "runc, crun, docker, containerd or podman");
}

void container_read_bundle(struct lp_container *c)
{
	static const char *const image_keys[] = {
		"org.opencontainers.image.ref.name", "io.kubernetes.cri.image-name",
		"io.containerd.image.name", "org.opencontainers.image.base.name",
	};
	struct jreader jr = { .file = "config.json" };
	json_object *root, *ann, *proc;
	char *path, *text;
	size_t len;
	bool b;

	if (!c->bundle)
		return;
	path = xasprintf("%s/config.json", c->bundle);
	text = lp_read_file(path, 16 << 20, &len);
	free(path);
	if (!text)
		return;
	root = json_tokener_parse(text);
	free(text);
	if (!root)
		return;
	ann = jr_member(&jr, root, "", "annotations", json_type_object, false);
	for (size_t i = 0; ann && !c->image && i < ARRAY_SIZE(image_keys); i++) {
		const char *v = jr_string(&jr, ann, "annotations", image_keys[i], false);

		if (v)
			c->image = xstrdup(v);
	}
	if (ann && !c->digest) {
		const char *v = jr_string(&jr, ann, "annotations", "org.opencontainers.image.digest", false);

		if (!v)
			v = jr_string(&jr, ann, "annotations", "io.kubernetes.cri.image-digest", false);
		if (v)
			c->digest = xstrdup(v);
	}
	proc = jr_member(&jr, root, "", "process", json_type_object, false);
	if (proc && c->no_new_privs < 0 && jr_bool(&jr, proc, "process", "noNewPrivileges", false, &b))
		c->no_new_privs = b;
	json_object_put(root);
}
