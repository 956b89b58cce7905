// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Files: read whole, write atomically (a temporary beside the destination,
 * fsync, rename; never through a planted symlink), and check early that an
 * output can be written.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

char *lp_read_file(const char *path, size_t max, size_t *lenp)
{
	struct strbuf sb;
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	sb_init(&sb);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		if (sb.len + n > max) {
			errno = EFBIG;
			goto fail;
		}
		sb_add(&sb, chunk, n);
	}
	close(fd);
	if (lenp)
		*lenp = sb.len;
	return sb_detach(&sb);
fail:
	saved = errno;
	close(fd);
	sb_free(&sb);
	errno = saved;
	return NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= n;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

int lp_check_writable(const char *path)
{
	struct stat st;
	char *dir;
	int ret = 0;

	if (!strcmp(path, "-"))
		return 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return lp_err("cannot write '%s': is a directory", path);
	dir = dir_of(path);
	if (access(dir, W_OK | X_OK) != 0)
		ret = lp_err("cannot write '%s': %s", path, strerror(errno));
	free(dir);
	return ret;
}

int lp_atomic_open(struct lp_atomic *a, const char *path)
{
	char *dir = dir_of(path), *base_copy = xstrdup(path);

	a->path = xstrdup(path);
	a->tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(base_copy));
	free(dir);
	free(base_copy);
	/* mkstemp opens with O_EXCL: a planted name is never followed. */
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0 || fchmod(a->fd, 0644)) {
		lp_err("cannot write '%s': %s", path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	return 0;
}

int lp_atomic_write(struct lp_atomic *a, const char *data, size_t len)
{
	if (a->fd < 0)
		return -1;
	if (write_all(a->fd, data, len)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	return 0;
}

int lp_atomic_commit(struct lp_atomic *a)
{
	int fd = a->fd;

	if (fd < 0)
		return -1;
	a->fd = -1;
	if (fsync(fd) || close(fd)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	/* rename replaces a symlink at path itself, never its target. */
	if (rename(a->tmp, a->path)) {
		lp_err("cannot write '%s': %s", a->path, strerror(errno));
		lp_atomic_abort(a);
		return -1;
	}
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return 0;
}

void lp_atomic_abort(struct lp_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
}

int lp_write_file(const char *path, const char *data, size_t len)
{
	struct lp_atomic a;

	if (!strcmp(path, "-")) {
		if (write_all(STDOUT_FILENO, data, len))
			return lp_err("cannot write standard output: %s", strerror(errno));
		return 0;
	}
	if (lp_atomic_open(&a, path) || lp_atomic_write(&a, data, len))
		return -1;
	return lp_atomic_commit(&a);
}
