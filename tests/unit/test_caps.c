// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Capabilities and hardening flags: analysis and every output format. */
#include "unit.h"
#include "caps.h"
#include "names.h"
#include "recording.h"

static struct lp_recording *merged(void)
{
	char *a = golden_path("rec-a.json"), *b = golden_path("rec-b.json");
	char *paths[] = { a, b };
	struct lp_recording *r = rec_load_all(paths, 2);

	free(a);
	free(b);
	return r;
}

TEST(analysis)
{
	struct lp_recording *r = merged();
	struct lp_hardening h;

	hardening_analyze(r, &h);
	CHECK_INT(h.nneeded, 1);
	CHECK_STR(lp_cap_name(h.needed[0].cap), "CAP_NET_BIND_SERVICE");
	CHECK_INT(h.needed[0].nuses, 1);
	CHECK_INT(h.needed[0].uses[0].count, 3);
	CHECK_STR(h.needed[0].uses[0].function, "__inet_bind");
	/* CAP_SYS_ADMIN was only checked without auditing: not needed. */
	CHECK_INT(h.noptional, 1);
	CHECK_INT(h.ndenied, 0);
	CHECK(!h.non_root_possible);
	CHECK(h.ran_as_root);
	CHECK(h.read_only_possible);
	CHECK_INT(h.nwritable, 1);
	CHECK_STR(h.writable[0], "/var/lib/app");	/* /proc/<pid> is not rootfs */
	CHECK(h.no_new_privs_possible);
	CHECK(!h.only_native);				/* i386 helper */
	hardening_free(&h);
	rec_free(r);
}

TEST(setid_exec_rules_out_no_new_privileges)
{
	struct lp_recording *r = merged();
	struct lp_exe *e = rec_exe(r, "/usr/bin/sudo");
	struct lp_fact f = { .n = { 1000, 0, 1000, 1000, 0 }, .count = 1 };
	struct lp_hardening h;

	exe_fact(e, LP_CAT_CREDS, &f);
	hardening_analyze(r, &h);
	CHECK(!h.no_new_privs_possible);
	CHECK_INT(h.nsetid, 1);
	CHECK_STR(h.setid_programs[0], "/usr/bin/sudo");
	hardening_free(&h);
	rec_free(r);
}

TEST(formats_golden)
{
	static const struct {
		enum lp_caps_format f;
		const char *golden;
	} cases[] = {
		{ LP_CAPS_TEXT, "merged-ab.caps.txt" },
		{ LP_CAPS_DOCKER, "merged-ab.caps.docker" },
		{ LP_CAPS_KUBERNETES, "merged-ab.caps.k8s.yaml" },
		{ LP_CAPS_SYSTEMD, "merged-ab.caps.systemd" },
		{ LP_CAPS_JSON, "merged-ab.caps.json" },
	};
	struct lp_recording *r = merged();

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct lp_caps_opts o = { .format = cases[i].f, .name = "app" };
		char *t = caps_generate(r, &o), *again = caps_generate(r, &o);

		CHECK_STR(t, again);
		CHECK_MSG(golden_matches(cases[i].golden, t), "%s", cases[i].golden);
		free(t);
		free(again);
	}
	rec_free(r);
}

int main(void)
{
	unit_suite = "caps";
	RUN(analysis);
	RUN(setid_exec_rules_out_no_new_privileges);
	RUN(formats_golden);
	return unit_exit();
}
