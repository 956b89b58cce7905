// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The one name of a workload's profiles (lp_profile_name). */
#include "unit.h"
#include "apparmor.h"
#include "profile_name.h"
#include "recording.h"

static char *name_of(const char *image, const char *command)
{
	struct lp_recording *r = rec_new();
	char *n;

	r->meta.image = image ? xstrdup(image) : NULL;
	if (command) {
		r->meta.command = xcalloc(1, sizeof(char *));
		r->meta.command[r->meta.ncommand++] = xstrdup(command);
	}
	n = lp_profile_name(r, NULL);
	rec_free(r);
	return n;
}

TEST(image_references_give_their_last_component)
{
	static const char *const cases[][2] = {
		{ "docker.io/library/redis:7", "redis" },
		{ "redis", "redis" },
		{ "localhost:5000/team/api-server:2.4.1", "api-server" },
		{ "ghcr.io/org/app@sha256:0123abcd", "app" },
		{ "registry.example.com/app:2.4@sha256:0123abcd", "app" },
		{ "quay.io/x/Web_UI", "Web_UI" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *w = lp_image_word(cases[i][0]);

		CHECK_STR(w, cases[i][1]);
		free(w);
	}
	CHECK(!lp_image_word(""));
	CHECK(!lp_image_word(NULL));
}

TEST(the_name_comes_from_the_image_else_the_command)
{
	static const char *const cases[][3] = {
		/* image, command, name */
		{ "docker.io/library/redis:7", "/usr/local/bin/redis-server", "learnprof-redis" },
		{ NULL, "/usr/bin/python3", "learnprof-python3" },
		{ NULL, "python3.11", "learnprof-python3-11" },
		{ "quay.io/x/Web_UI:1", NULL, "learnprof-web-ui" },
		{ NULL, "./My App!", "learnprof-my-app" },
		{ NULL, "/usr/bin/", "learnprof" },
		{ NULL, NULL, "learnprof" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *n = name_of(cases[i][0], cases[i][1]);

		CHECK_STR(n, cases[i][2]);
		CHECK_MSG(!lp_profile_name_problem(n), "%s: %s", n, lp_profile_name_problem(n));
		free(n);
	}
}

/* A container with no image: the program the runtime started, never the
 * container's id. */
TEST(a_container_without_image_is_named_by_its_entrypoint)
{
	struct lp_recording *r = rec_new();
	struct lp_exe *runc = rec_exe(r, "/usr/bin/runc");
	struct lp_fact f = { .s = { "/bin/busybox", "httpd" }, .count = 1 };
	char *n;

	r->meta.kind = LP_TARGET_CONTAINER;
	r->meta.container_id = xstrdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	r->meta.cgroup = xstrdup("/system.slice/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	exe_fact(runc, LP_CAT_EXECUTES, &f);
	rec_exe(r, "/bin/busybox");
	rec_exe(r, "/bin/sh");
	rec_sort(r);
	n = lp_profile_name(r, NULL);
	CHECK_STR(n, "learnprof-busybox");
	free(n);
	n = lp_profile_name(r, "web");	/* --name wins, as given */
	CHECK_STR(n, "web");
	free(n);
	rec_free(r);
}

/* A merge names the same in any order: the name most runs give. */
TEST(a_merge_is_named_the_same_in_any_order)
{
	struct lp_recording *a = rec_new(), *b = rec_new(), *c = rec_new();
	char *n1, *n2;

	a->meta.runs = b->meta.runs = c->meta.runs = 1;
	a->meta.command = xcalloc(1, sizeof(char *));
	a->meta.command[a->meta.ncommand++] = xstrdup("/usr/bin/zeta");
	b->meta.command = xcalloc(1, sizeof(char *));
	b->meta.command[b->meta.ncommand++] = xstrdup("/usr/bin/alpha");
	c->meta.command = xcalloc(1, sizeof(char *));
	c->meta.command[c->meta.ncommand++] = xstrdup("/usr/bin/zeta");
	rec_merge(a, b);
	rec_merge(a, c);
	n1 = lp_profile_name(a, NULL);
	CHECK_STR(n1, "learnprof-zeta");	/* 2 of 3 runs */
	rec_free(a);
	a = rec_new();
	a->meta.runs = 1;
	a->meta.command = xcalloc(1, sizeof(char *));
	a->meta.command[a->meta.ncommand++] = xstrdup("/usr/bin/zeta");
	rec_merge(b, a);
	n2 = lp_profile_name(b, NULL);
	CHECK_STR(n2, "learnprof-alpha");	/* a tie: the first by bytes */
	free(n1);
	free(n2);
	rec_free(a);
	rec_free(b);
	rec_free(c);
}

TEST(long_names_fit_a_kubernetes_label)
{
	char *n = name_of(NULL, "/opt/a-program-with-a-name-much-longer-than-any-dns-label-allows-for-sure");

	CHECK(strlen(n) <= 63);	/* a trailing - is trimmed */
	CHECK_STR(n, "learnprof-a-program-with-a-name-much-longer-than-any-dns-label");
	free(n);
}

int main(void)
{
	unit_suite = "profile_name";
	RUN(image_references_give_their_last_component);
	RUN(the_name_comes_from_the_image_else_the_command);
	RUN(a_container_without_image_is_named_by_its_entrypoint);
	RUN(a_merge_is_named_the_same_in_any_order);
	RUN(long_names_fit_a_kubernetes_label);
	return unit_exit();
}
