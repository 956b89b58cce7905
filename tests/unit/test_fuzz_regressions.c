// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every input the fuzzers once crashed or leaked on, replayed through the
 * same code (tests/fuzz/fuzz_*.c): no crash here, and under
 * `make check-sanitize` no leak and no undefined behaviour either.
 */
#include <dirent.h>

#include "unit.h"

#define FUZZ_ONE fuzz_recording
#define FUZZ_INIT init_recording
#include "../fuzz/fuzz_recording.c"
#undef FUZZ_ONE
#undef FUZZ_INIT
#define FUZZ_ONE fuzz_seccomp
#define FUZZ_INIT init_seccomp
#include "../fuzz/fuzz_seccomp.c"
#undef FUZZ_ONE
#undef FUZZ_INIT
#define FUZZ_ONE fuzz_apparmor
#define FUZZ_INIT init_apparmor
#include "../fuzz/fuzz_apparmor.c"

/* Replay every file of tests/fuzz/regressions/<target>: how many, or -1
 * when the directory or one of its files cannot be read. */
static int replay(const char *target, int (*fn)(const uint8_t *, size_t))
{
	char *dir = xasprintf("tests/fuzz/regressions/%s", target);
	DIR *d = opendir(dir);
	struct dirent *de;
	bool bad = false;
	int n = 0;

	while (d && (de = readdir(d))) {
		char *path;
		size_t len;
		char *data;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		data = lp_read_file(path, 1 << 24, &len);
		if (data) {
			fn((const uint8_t *)data, len);
			n++;
		} else {
			fprintf(stderr, "cannot read %s\n", path);
			bad = true;
		}
		free(data);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return !d || bad ? -1 : n;
}

/* The counts are those of the directories: a new regression file raises
 * its count here, a lost one fails. */
TEST(recording_regressions)
{
	CHECK_INT(replay("recording", fuzz_recording), 1);
}

TEST(seccomp_regressions)
{
	CHECK_INT(replay("seccomp", fuzz_seccomp), 2);
}

TEST(apparmor_regressions)
{
	CHECK_INT(replay("apparmor", fuzz_apparmor), 2);
}

int main(void)
{
	unit_suite = "fuzz-regressions";
	lp_quiet = 1;
	RUN(recording_regressions);
	RUN(seccomp_regressions);
	RUN(apparmor_regressions);
	return unit_exit();
}
