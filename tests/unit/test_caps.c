// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Capabilities and hardening flags: analysis and every output format. */
#include "unit.h"
#include "caps.h"
#include "names.h"
#include "recording.h"

TEST(analysis)
{
	struct lp_recording *r = golden_recording("rec-a.json", "rec-b.json");
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
	struct lp_recording *r = golden_recording("rec-a.json", "rec-b.json");
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

/* Switch a probe of a loaded recording off, as record --no-probe does. */
static void probe_off(struct lp_recording *r, const char *name)
{
	for (size_t i = 0; i < r->meta.nprobes; i++)
		if (!strcmp(r->meta.probes[i].name, name)) {
			r->meta.probes[i].active = false;
			r->meta.probes[i].reason = xstrdup("switched off by --no-probe");
		}
}

static char *gen(const struct lp_recording *r, enum lp_caps_format f)
{
	struct lp_caps_opts o = { .format = f, .name = "app" };

	return caps_generate(r, &o);
}

TEST(formats_golden)
{
	static const struct {
		const char *rec;	/* NULL: rec-a merged with rec-b */
		enum lp_caps_format f;
		const char *golden;
	} cases[] = {
		/* No capabilities probe listed: capability claims withheld. */
		{ NULL, LP_CAPS_TEXT, "merged-ab.caps.txt" },
		{ NULL, LP_CAPS_DOCKER, "merged-ab.caps.docker" },
		{ NULL, LP_CAPS_KUBERNETES, "merged-ab.caps.k8s.yaml" },
		{ NULL, LP_CAPS_SYSTEMD, "merged-ab.caps.systemd" },
		{ NULL, LP_CAPS_JSON, "merged-ab.caps.json" },
		/* Every probe active: every claim made. */
		{ "rec-nonroot.json", LP_CAPS_TEXT, "rec-nonroot.caps.txt" },
		{ "rec-nonroot.json", LP_CAPS_DOCKER, "rec-nonroot.caps.docker" },
		{ "rec-nonroot.json", LP_CAPS_KUBERNETES, "rec-nonroot.caps.k8s.yaml" },
		{ "rec-nonroot.json", LP_CAPS_SYSTEMD, "rec-nonroot.caps.systemd" },
		{ "rec-nonroot.json", LP_CAPS_JSON, "rec-nonroot.caps.json" },
		{ "rec-files.json", LP_CAPS_TEXT, "rec-files.caps.txt" },
	};

	struct strbuf bad;

	/* Every golden is compared (and, with UPDATE_GOLDEN, rewritten)
	 * before the check fails. */
	sb_init(&bad);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct lp_recording *r = cases[i].rec ? golden_recording(cases[i].rec, NULL) : golden_recording("rec-a.json", "rec-b.json");
		char *t = gen(r, cases[i].f), *again = gen(r, cases[i].f);

		if (strcmp(t, again))
			sb_printf(&bad, " %s (not deterministic)", cases[i].golden);
		if (!golden_matches(cases[i].golden, t))
			sb_printf(&bad, " %s", cases[i].golden);
		free(t);
		free(again);
		rec_free(r);
	}
	CHECK_MSG(!bad.len, "differ:%s", bad.buf);
	sb_free(&bad);
}

TEST(all_probes_active_makes_every_claim)
{
	struct lp_recording *r = golden_recording("rec-nonroot.json", NULL);
	struct lp_hardening h;
	char *t;

	hardening_analyze(r, &h);
	CHECK(!h.caps_withheld && !h.args_withheld && !h.procs_withheld);
	CHECK(h.non_root_possible && h.read_only_possible && h.no_new_privs_possible);
	hardening_free(&h);
	t = gen(r, LP_CAPS_DOCKER);
	CHECK_STR(t, "--cap-drop=ALL --security-opt=no-new-privileges --read-only "
		     "--tmpfs=/var/lib/app --user=1000:1000 "
		     "--security-opt=seccomp=seccomp-docker.json --security-opt=apparmor=app\n");
	free(t);
	rec_free(r);
}

TEST(capabilities_probe_off_withholds_capability_claims)
{
	static const char why[] = "the capabilities probe was not active: switched off by --no-probe";
	struct lp_recording *r = golden_recording("rec-nonroot.json", NULL);
	struct lp_hardening h;
	char *t;

	probe_off(r, "capabilities");
	hardening_analyze(r, &h);
	CHECK_STR(h.caps_withheld, why);
	CHECK(!h.non_root_possible);
	CHECK(!h.args_withheld && h.read_only_possible);
	CHECK(!h.procs_withheld && h.no_new_privs_possible);
	hardening_free(&h);

	t = gen(r, LP_CAPS_DOCKER);
	CHECK_STR(t, "--security-opt=no-new-privileges --read-only --tmpfs=/var/lib/app "
		     "--security-opt=seccomp=seccomp-docker.json --security-opt=apparmor=app\n");
	free(t);
	t = gen(r, LP_CAPS_KUBERNETES);
	CHECK(strstr(t, "securityContext:\n  # runAsNonRoot, runAsUser and capabilities withheld: "
		       "the capabilities probe was not active: switched off by --no-probe\n"
		       "  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n"
		       "  seccompProfile:\n"));
	CHECK(!strstr(t, "runAsNonRoot: true") && !strstr(t, "drop:"));
	free(t);
	t = gen(r, LP_CAPS_SYSTEMD);
	CHECK(strstr(t, "[Service]\n# CapabilityBoundingSet= and AmbientCapabilities= withheld: "
		       "the capabilities probe was not active: switched off by --no-probe\n"
		       "NoNewPrivileges=yes\n"));
	CHECK(!strstr(t, "\nCapabilityBoundingSet="));
	free(t);
	t = gen(r, LP_CAPS_TEXT);
	CHECK(strstr(t, "Capabilities needed (checked and granted):\n  withheld: "
		       "the capabilities probe was not active: switched off by --no-probe\n"));
	CHECK(strstr(t, "  non-root user       withheld: the capabilities probe was not active"));
	CHECK(!strstr(t, "--cap-drop") && !strstr(t, "--user") && !strstr(t, "possible: no capability"));
	free(t);
	t = gen(r, LP_CAPS_JSON);
	CHECK(strstr(t, "\"needed\": null,\n  \"needed_withheld\": \"the capabilities probe was not active: switched off by --no-probe\""));
	CHECK(strstr(t, "\"non_root\": {\n    \"possible\": null,\n    \"withheld\": \"the capabilities probe"));
	free(t);
	rec_free(r);
}

TEST(arguments_and_processes_probes_off_withhold_their_claims)
{
	struct lp_recording *r = golden_recording("rec-nonroot.json", NULL);
	char *t;

	probe_off(r, "arguments");
	probe_off(r, "processes");
	t = gen(r, LP_CAPS_DOCKER);
	/* the uid it ran as is in the recording: still the advice */
	CHECK_STR(t, "--cap-drop=ALL --user=1000:1000 "
		     "--security-opt=seccomp=seccomp-docker.json --security-opt=apparmor=app\n");
	free(t);
	t = gen(r, LP_CAPS_KUBERNETES);
	CHECK(strstr(t, "  # allowPrivilegeEscalation withheld: the processes probe was not active: switched off by --no-probe\n"
		       "  # readOnlyRootFilesystem withheld: the arguments probe was not active: switched off by --no-probe\n"));
	CHECK(!strstr(t, "readOnlyRootFilesystem:") && !strstr(t, "allowPrivilegeEscalation:"));
	CHECK(!strstr(t, "emptyDir"));
	free(t);
	t = gen(r, LP_CAPS_SYSTEMD);
	CHECK(strstr(t, "# NoNewPrivileges= withheld: the processes probe was not active: switched off by --no-probe\n"));
	CHECK(strstr(t, "# ReadOnlyPaths= and ReadWritePaths= withheld: the arguments probe was not active: switched off by --no-probe\n"));
	CHECK(!strstr(t, "\nNoNewPrivileges=") && !strstr(t, "\nReadOnlyPaths="));
	free(t);
	t = gen(r, LP_CAPS_TEXT);
	CHECK(strstr(t, "  read-only rootfs    withheld: the arguments probe was not active: switched off by --no-probe\n"));
	CHECK(strstr(t, "  no-new-privileges   withheld: the processes probe was not active: switched off by --no-probe\n"));
	free(t);
	t = gen(r, LP_CAPS_JSON);
	CHECK(strstr(t, "\"read_only_rootfs\": {\n    \"possible\": null,\n    \"withheld\": \"the arguments probe was not active: switched off by --no-probe\",\n    \"writable\": null,\n    \"volumes\": null\n"));
	free(t);
	rec_free(r);
}

/*
 * A service as PostgreSQL runs: it found its data directory (PG_VERSION
 * read, a relation read and written), wrote a pid file there and made a
 * socket directory; its program started as uid:gid. Every probe active.
 */
static struct lp_recording *service(int64_t uid, int64_t gid, bool data)
{
	static const char *const probes[] = {
		"syscalls", "processes", "arguments", "capabilities", "signals",
	};
	struct lp_recording *r = rec_new();
	struct lp_exe *e = rec_exe(r, "/usr/lib/db/bin/db");
	struct lp_fact creds = { .n = { uid, uid, gid, gid, 0 }, .count = 1 };

	r->meta.runs = 1;
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		rec_add_probe(r, probes[i], "tp_btf/x", true, NULL, NULL);
	exe_fact(e, LP_CAT_CREDS, &creds);
	if (data) {
		file_add(exe_file(e, "/srv/db/PG_VERSION"), LP_F_READ, 0, 0);
		file_add(exe_file(e, "/srv/db/base/1/1259"), LP_F_READ | LP_F_WRITE, 0, 0);
	}
	/* made by the run, or deleted by it: no evidence of data */
	file_add(exe_file(e, "/srv/db/postmaster.pid"), LP_F_READ | LP_F_WRITE | LP_F_CREATE, 0, 0);
	file_add(exe_file(e, "/srv/db/pg_wal/xlogtemp.1"), LP_F_READ | LP_F_WRITE | LP_F_DELETE, 0, 0);
	file_add(exe_file(e, "/run/db/.s.PGSQL.5432.lock"), LP_F_WRITE | LP_F_CREATE, 0, 0);
	rec_sort(r);
	return r;
}

static char *gen_default(const struct lp_recording *r, enum lp_caps_format f)
{
	struct lp_caps_opts o = { .format = f };

	return caps_generate(r, &o);
}

TEST(a_directory_that_held_data_is_a_volume_and_the_user_is_the_one_it_ran_as)
{
	struct lp_recording *r = service(101, 104, true);
	char *t = gen_default(r, LP_CAPS_DOCKER);

	CHECK_STR(t, "--cap-drop=ALL --security-opt=no-new-privileges --read-only --tmpfs=/run/db "
		     "--volume=/srv/db:/srv/db --user=101:104 "
		     "--security-opt=seccomp=seccomp-docker.json "
		     "--security-opt=apparmor=learnprof-db\n");
	free(t);
	t = gen_default(r, LP_CAPS_KUBERNETES);
	CHECK_STR(t, "securityContext:\n"
		     "  # runAsUser 101: it ran as uid 101 gid 104\n"
		     "  runAsNonRoot: true\n  runAsUser: 101\n  runAsGroup: 104\n"
		     "  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n"
		     "  capabilities:\n    drop:\n    - ALL\n"
		     "  seccompProfile:\n    type: Localhost\n"
		     "    localhostProfile: learnprof/learnprof-db.json\n"
		     "  appArmorProfile:\n    type: Localhost\n    localhostProfile: learnprof-db\n"
		     "# writable directories, as volumes:\n"
		     "#   /run/db: emptyDir\n"
		     "#   /srv/db: a persistent volume, not emptyDir: it held data before the run: "
		     "it used 2 files there the run did not create (/srv/db/PG_VERSION, ...)\n");
	free(t);
	t = gen_default(r, LP_CAPS_SYSTEMD);
	CHECK(strstr(t, "NoNewPrivileges=yes\n# User=101 and Group=104: it ran as uid 101 gid 104\n"));
	CHECK(strstr(t, "ReadOnlyPaths=/\nReadWritePaths=/run/db /srv/db\n"));
	free(t);
	t = gen_default(r, LP_CAPS_TEXT);
	CHECK(strstr(t, "  non-root user       possible: run as 101:104: it ran as uid 101 gid 104\n"
		       "  read-only rootfs    possible, with these writable:\n"
		       "                        /run/db: a tmpfs (nothing there before the run was used)\n"
		       "                        /srv/db: a volume: it held data before the run: it used 2 files there the run did not create (/srv/db/PG_VERSION, ...)\n"));
	free(t);
	rec_free(r);
}

TEST(recorded_with_user_says_so)
{
	struct lp_recording *r = service(101, 104, true);
	struct lp_hardening h;

	r->meta.user = xstrdup("postgres");
	hardening_analyze(r, &h);
	CHECK_STR(h.user_why, "it ran as uid 101 gid 104 (recorded with --user postgres)");
	CHECK_INT(h.run_uid, 101);
	CHECK_INT(h.run_gid, 104);
	hardening_free(&h);
	rec_free(r);
}

TEST(root_with_data_gets_no_made_up_user)
{
	struct lp_recording *r = service(0, 0, true);
	char *t = gen_default(r, LP_CAPS_DOCKER);

	CHECK(!strstr(t, "--user"));
	CHECK(strstr(t, "--volume=/srv/db:/srv/db"));
	free(t);
	t = gen_default(r, LP_CAPS_KUBERNETES);
	CHECK(strstr(t, "securityContext:\n  # runAsUser left out: it ran as root and found data "
		       "it did not create: run it as the owner of that data\n  runAsNonRoot: true\n"));
	CHECK(!strstr(t, "runAsUser:"));
	free(t);
	rec_free(r);
}

TEST(root_needing_nothing_and_no_data_runs_as_nobody)
{
	struct lp_recording *r = service(0, 0, false);
	char *t = gen_default(r, LP_CAPS_DOCKER);

	CHECK_STR(t, "--cap-drop=ALL --security-opt=no-new-privileges --read-only --tmpfs=/run/db "
		     "--tmpfs=/srv/db --user=65534:65534 "
		     "--security-opt=seccomp=seccomp-docker.json "
		     "--security-opt=apparmor=learnprof-db\n");
	free(t);
	t = gen_default(r, LP_CAPS_TEXT);
	CHECK(strstr(t, "  non-root user       possible: run as 65534:65534: it ran as root but "
		       "needed no capability and found no data of its own: any uid will do\n"));
	free(t);
	rec_free(r);
}

int main(void)
{
	unit_suite = "caps";
	RUN(analysis);
	RUN(setid_exec_rules_out_no_new_privileges);
	RUN(formats_golden);
	RUN(all_probes_active_makes_every_claim);
	RUN(capabilities_probe_off_withholds_capability_claims);
	RUN(arguments_and_processes_probes_off_withhold_their_claims);
	RUN(a_directory_that_held_data_is_a_volume_and_the_user_is_the_one_it_ran_as);
	RUN(recorded_with_user_says_so);
	RUN(root_with_data_gets_no_made_up_user);
	RUN(root_needing_nothing_and_no_data_runs_as_nobody);
	return unit_exit();
}
