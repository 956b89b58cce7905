// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Recording a container through its engine's client (`docker run ...`):
 * the cgroup parent and the cidfile (include/container_client.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "container_client.h"
#include "util.h"

extern char **environ;

static bool is_client(const char *arg0)
{
	const char *b = lp_base_name(arg0);

	return !strcmp(b, "docker") || !strcmp(b, "podman");
}

/* Where "run" is in argv (1, or 2 for "container run"); 0 if nowhere. */
static int run_index(char *const argv[], int argc)
{
	if (argc > 1 && !strcmp(argv[1], "run"))
		return 1;
	if (argc > 2 && !strcmp(argv[1], "container") && !strcmp(argv[2], "run"))
		return 2;
	return 0;
}

bool client_run_detect(char *const argv[], int argc)
{
	return argc > 0 && is_client(argv[0]) && run_index(argv, argc);
}

/* The value of --name=v or --name v in the run command's options (before
 * the image: the first argument that is not an option), or NULL. */
static const char *option(char *const argv[], int argc, int from, const char *name, bool *found)
{
	size_t n = strlen(name);

	*found = false;
	for (int i = from; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], name, n) && argv[i][n] == '=') {
			*found = true;
			return argv[i] + n + 1;
		}
		if (!strcmp(argv[i], name)) {
			*found = true;
			return i + 1 < argc ? argv[i + 1] : NULL;
		}
	}
	return NULL;
}

char **client_run_argv(char *const argv[], int argc, const char *parent, char **cidfile)
{
	int r = run_index(argv, argc), k = 0;
	const char *user_cid;
	char **out;
	bool found;

	option(argv, argc, r + 1, "--cgroup-parent", &found);
	if (found) {
		lp_err("record -- %s run: --cgroup-parent is learnprof's to choose (the container is recorded through it)",
		       lp_base_name(argv[0]));
		return NULL;
	}
	user_cid = option(argv, argc, r + 1, "--cidfile", &found);
	out = xcalloc(argc + 3, sizeof(char *));
	for (int i = 0; i <= r; i++)
		out[k++] = xstrdup(argv[i]);
	out[k++] = xasprintf("--cgroup-parent=%s", parent);
	if (found && user_cid) {
		free(*cidfile);
		*cidfile = xstrdup(user_cid);	/* the user's, kept */
	} else {
		out[k++] = xasprintf("--cidfile=%s", *cidfile);
	}
	for (int i = r + 1; i < argc; i++)
		out[k++] = xstrdup(argv[i]);
	out[k] = NULL;
	return out;
}

void client_run_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* What the client prints for: <client> inspect --format <fmt> <id>. */
static char *ask(const char *client, const char *fmt, const char *id)
{
	char *args[] = { (char *)client, "inspect", "--format", (char *)fmt, (char *)id, NULL };
	posix_spawn_file_actions_t fa;
	char buf[512] = "";
	int p[2], st;
	ssize_t n = 0, r;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, client, &fa, NULL, args, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(p[0]);
	waitpid(pid, &st, 0);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return WIFEXITED(st) && !WEXITSTATUS(st) && *buf ? xstrdup(buf) : NULL;
}

int client_run_identify(const char *client, const char *cidfile, struct lp_container *c)
{
	char *id = lp_read_file(cidfile, 256, NULL);

	if (!id)
		return 0;
	id[strcspn(id, "\n")] = '\0';
	if (!*id) {
		free(id);
		return 0;
	}
	c->id = id;
	c->runtime = xstrdup(lp_base_name(client));
	c->image = ask(client, "{{.Config.Image}}", id);
	c->digest = ask(client, "{{.Image}}", id);
	return 1;
}

void client_run_cleanup_v1(const char *rel)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];

	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - "), mnt[1024], *dir;

		/* field 5 is the mount point; after " - " the type */
		if (!sep || strncmp(sep + 3, "cgroup ", 7) ||
		    sscanf(line, "%*s %*s %*s %*s %1023s", mnt) != 1)
			continue;
		dir = xasprintf("%s%s", mnt, rel);
		rmdir(dir);	/* only when empty: a running container keeps it */
		free(dir);
	}
	if (f)
		fclose(f);
}
