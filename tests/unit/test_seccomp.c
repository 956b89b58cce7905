// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The seccomp generator (golden files) and the profile reader. */
#include <errno.h>
#include <sys/mman.h>

#include <json-c/json.h>

#include "unit.h"
#include "recording.h"
#include "seccomp_gen.h"
#include "seccomp_profile.h"

static struct lp_recording *load2(const char *a, const char *b)
{
	char *pa = golden_path(a), *pb = b ? golden_path(b) : NULL;
	char *paths[] = { pa, pb };
	struct lp_recording *r = rec_load_all(paths, b ? 2 : 1);

	free(pa);
	free(pb);
	return r;
}

static char *generate_opts(struct lp_recording *r, const struct lp_seccomp_opts *o)
{
	struct capture c;
	char *text, *warn;

	capture_start(&c);
	text = seccomp_generate(r, o);
	warn = capture_end(&c);
	free(warn);
	return text;
}

static char *generate(struct lp_recording *r, enum lp_seccomp_format f)
{
	struct lp_seccomp_opts o = { .format = f };
	struct capture c;
	char *text, *warn;

	capture_start(&c);	/* the "#999" warning */
	text = seccomp_generate(r, &o);
	warn = capture_end(&c);
	free(warn);
	return text;
}

/* The filter libseccomp builds, as pseudo-filter-code text. */
static char *pfc_of(scmp_filter_ctx ctx)
{
	int fd = memfd_create("pfc", 0);
	char *path, *s;

	seccomp_export_pfc(ctx, fd);
	path = xasprintf("/proc/self/fd/%d", fd);
	s = lp_read_file(path, 1 << 24, NULL);
	free(path);
	close(fd);
	return s;
}

static scmp_filter_ctx parse_quiet(const char *text, char **err)
{
	struct capture c;
	scmp_filter_ctx ctx;

	capture_start(&c);
	ctx = seccomp_profile_parse(text, strlen(text), "p.json", false);
	*err = capture_end(&c);
	return ctx;
}

TEST(oci_golden)
{
	struct lp_recording *r = load2("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_OCI);

	CHECK(golden_matches("rec-a.oci.json", t));
	free(t);
	rec_free(r);
}

TEST(docker_golden)
{
	struct lp_recording *r = load2("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_DOCKER);

	CHECK(golden_matches("rec-a.docker.json", t));
	free(t);
	rec_free(r);
}

TEST(union_of_recordings_is_order_independent)
{
	struct lp_recording *ab = load2("rec-a.json", "rec-b.json");
	struct lp_recording *ba = load2("rec-b.json", "rec-a.json");
	char *t1 = generate(ab, LP_SECCOMP_OCI), *t2 = generate(ba, LP_SECCOMP_OCI);
	char *t3 = generate(ab, LP_SECCOMP_OCI);

	CHECK_STR(t1, t2);
	CHECK_STR(t1, t3);
	CHECK(golden_matches("merged-ab.oci.json", t1));
	/* clone3 was observed in b: no ENOSYS rule, and it is allowed. */
	CHECK(!strstr(t1, "\"errnoRet\": 38"));
	free(t1);
	free(t2);
	free(t3);
	rec_free(ab);
	rec_free(ba);
}

TEST(generated_profile_builds_the_expected_filter)
{
	struct lp_recording *r = load2("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_OCI), *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(t, &err);

	CHECK_MSG(ctx, "libseccomp refused the profile: %s", err);
	pfc = pfc_of(ctx);
	/* x86_64: read=0 allowed, openat=257 allowed, mseal=462 allowed
	 * through learnprof's own table, getcpu=309 not. */
	CHECK(strstr(pfc, "# filter for arch x86_64"));
	CHECK(strstr(pfc, "# filter for arch x86 "));
	CHECK(strstr(pfc, "if ($syscall == 257)"));
	CHECK(strstr(pfc, "if ($syscall == 462)"));
	CHECK(!strstr(pfc, "if ($syscall == 309)"));
	CHECK(strstr(pfc, "action ERRNO(38);"));
	CHECK(strstr(pfc, "action ERRNO(1);"));
	free(pfc);
	free(err);
	free(t);
	seccomp_release(ctx);
	rec_free(r);
}

TEST(conditions_on_one_argument_become_separate_rules)
{
	const char *p =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
		" \"syscalls\": [{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"},"
		"            {\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},"
		" {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\","
		" \"args\": [{\"index\": 0, \"value\": 2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}";
	char *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(p, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	pfc = pfc_of(ctx);
	CHECK(strstr(pfc, "if ($a0.lo32 == 0)") || strstr(pfc, "if ($a0.hi32 == 0)"));
	CHECK(strstr(pfc, "if ($a0.lo32 == 8)"));
	CHECK(strstr(pfc, "& 0x7e020000"));
	free(pfc);
	free(err);
	seccomp_release(ctx);
}

TEST(rules_equal_to_default_and_unknown_names_are_skipped)
{
	const char *p =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		" {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		" {\"names\": [\"no_such_syscall\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";
	char *err;
	scmp_filter_ctx ctx = parse_quiet(p, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	CHECK_STR(err, "");
	free(err);
	seccomp_release(ctx);
}

TEST(docker_conditions)
{
	/* includes.caps needs a capability: applies only when we have it;
	 * excludes.arches of another architecture does not exclude. */
	const char *p =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\","
		" \"subArchitectures\": [\"SCMP_ARCH_X86\"]}, {\"architecture\": \"SCMP_ARCH_AARCH64\", \"subArchitectures\": [\"SCMP_ARCH_ARM\"]}],"
		" \"syscalls\": [{\"names\": [\"getcpu\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"arches\": [\"arm64\"]}},"
		" {\"names\": [\"mincore\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"arm64\"]}}]}";
	char *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(p, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	pfc = pfc_of(ctx);
	CHECK(strstr(pfc, "if ($syscall == 309)"));	/* getcpu */
	CHECK(!strstr(pfc, "if ($syscall == 27)"));	/* mincore */
	CHECK(!strstr(pfc, "arch arm"));
	CHECK(strstr(pfc, "# filter for arch x86 "));
	free(pfc);
	free(err);
	seccomp_release(ctx);
}

TEST(second_pass_goldens)
{
	struct lp_recording *r = load2("rec-a.json", "rec-b.json");
	struct lp_seccomp_opts args = { .format = LP_SECCOMP_OCI, .args = true };
	struct lp_seccomp_opts runc = { .format = LP_SECCOMP_DOCKER, .runtime = LP_RUNTIME_RUNC };
	struct lp_seccomp_opts spo = { .format = LP_SECCOMP_SPO, .args = true, .name = "My App_1" };
	struct lp_seccomp_opts all = { .format = LP_SECCOMP_OCI, .all_abis = true };
	char *t;

	t = generate_opts(r, &args);
	CHECK(golden_matches("merged-ab.args.oci.json", t));
	free(t);
	t = generate_opts(r, &runc);
	CHECK(golden_matches("merged-ab.runc.docker.json", t));
	free(t);
	t = generate_opts(r, &spo);
	CHECK(golden_matches("merged-ab.spo.yaml", t));
	free(t);
	t = generate_opts(r, &all);
	CHECK(strstr(t, "\"SCMP_ARCH_X32\""));
	free(t);
	rec_free(r);
}

TEST(pinned_arguments_build_the_expected_filter)
{
	struct lp_recording *r = load2("rec-a.json", "rec-b.json");
	struct lp_seccomp_opts args = { .format = LP_SECCOMP_OCI, .args = true };
	char *t = generate_opts(r, &args), *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(t, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	pfc = pfc_of(ctx);
	/* socket(AF_INET) only; personality(0) only. */
	CHECK(strstr(pfc, "if ($syscall == 41)"));
	CHECK(strstr(pfc, "if ($a0.lo32 == 2)"));
	CHECK(strstr(pfc, "if ($syscall == 135)"));
	free(pfc);
	free(err);
	free(t);
	seccomp_release(ctx);
	rec_free(r);
}

/* A recording of the given executables ("path": {"x86_64": [names], ...}). */
static struct lp_recording *mini(const char *exes)
{
	static const char head[] =
		"{\"format\": \"learnprof-recording\", \"schema\": 1, \"meta\": {"
		"\"learnprof_version\": \"0.1.0\", \"kernel\": \"6.18\", \"machine\": \"x86_64\","
		"\"start\": \"2026-01-02T00:00:00Z\", \"end\": \"2026-01-02T00:00:01Z\", \"runs\": 1,"
		"\"target\": {\"kind\": \"command\", \"command\": [\"/app\"]},"
		"\"lost\": {\"events\": 0, \"programs\": 0, \"tasks\": 0, \"syscall_keys\": 0, \"facts\": 0},"
		"\"probes\": {\"syscalls\": {\"active\": true, \"hook\": \"tp_btf/sys_enter\"}}},"
		"\"executables\": {";
	char *text = xasprintf("%s%s}}", head, exes);
	struct lp_recording *r = rec_parse(text, strlen(text), "mini.json");

	free(text);
	return r;
}

#define SC(name, nr) "\"" name "\": {\"nr\": " #nr ", \"count\": 1, \"runs\": 1}"

/* The names of the rule whose comment starts with prefix, "" if none. */
static char *rule_names(const char *docker, const char *prefix)
{
	json_object *o = json_tokener_parse(docker), *rules, *rule, *c, *names;
	struct strbuf sb;

	sb_init(&sb);
	sb_puts(&sb, "");
	if (o && json_object_object_get_ex(o, "syscalls", &rules))
		for (size_t i = 0; i < json_object_array_length(rules); i++) {
			rule = json_object_array_get_idx(rules, i);
			if (!json_object_object_get_ex(rule, "comment", &c) ||
			    strncmp(json_object_get_string(c), prefix, strlen(prefix)) ||
			    !json_object_object_get_ex(rule, "names", &names))
				continue;
			for (size_t k = 0; k < json_object_array_length(names); k++)
				sb_printf(&sb, "%s%s", sb.len ? " " : "",
					  json_object_get_string(json_object_array_get_idx(names, k)));
		}
	json_object_put(o);
	return sb_detach(&sb);
}

/* futex is implied by clone (timing decides whether pthread_join waits),
 * restart_syscall by futex, rt_sigreturn by rt_sigaction; the i386 names
 * only when an i386 program ran; --exact keeps only what was observed. */
TEST(companions_are_implied_unless_exact)
{
	struct lp_recording *r = mini("\"/app\": {\"runs\": 1, \"syscalls\": {\"x86_64\": {"
				      SC("clone", 56) ", " SC("rt_sigaction", 13) ", " SC("write", 1) "}}}");
	struct lp_recording *r32 = mini("\"/app32\": {\"runs\": 1, \"syscalls\": {\"i386\": {"
				      SC("clone", 120) ", " SC("sigaction", 67) ", " SC("clock_nanosleep_time64", 407) "}}}");
	struct lp_recording *sleeper = mini("\"/app\": {\"runs\": 1, \"syscalls\": {\"x86_64\": {"
				      SC("nanosleep", 35) ", " SC("rt_sigreturn", 15) "}}}");
	struct lp_seccomp_opts dflt = { .format = LP_SECCOMP_DOCKER };
	struct lp_seccomp_opts exact = { .format = LP_SECCOMP_DOCKER, .exact = true };
	char *t = generate_opts(r, &dflt), *e = generate_opts(r, &exact);
	char *t32 = generate_opts(r32, &dflt), *ts = generate_opts(sleeper, &dflt), *n;

	n = rule_names(t, "implied by");
	CHECK_STR(n, "futex restart_syscall rt_sigreturn");
	free(n);
	CHECK(strstr(t, "futex (by clone)"));
	CHECK(strstr(t, "restart_syscall (by futex)"));
	CHECK(strstr(t, "rt_sigreturn (by rt_sigaction)"));
	n = rule_names(t32, "implied by");
	CHECK_STR(n, "futex futex_time64 restart_syscall sigreturn");
	free(n);
	n = rule_names(ts, "implied by");	/* rt_sigreturn observed: not implied again */
	CHECK_STR(n, "restart_syscall");
	free(n);
	CHECK(!strstr(e, "futex"));
	CHECK(!strstr(e, "restart_syscall"));
	CHECK(!strstr(e, "implied"));
	free(t);
	free(e);
	free(t32);
	free(ts);
	rec_free(r);
	rec_free(r32);
	rec_free(sleeper);
}

/* A measured runc floor gets the Go scheduler's calls unless --exact; a
 * floor the companions empty leaves no rule (and no leak, under ASan). */
TEST(measured_runc_floor)
{
	struct lp_recording *r = mini(
		"\"/app\": {\"runs\": 1, \"syscalls\": {\"x86_64\": {" SC("clone", 56) ", " SC("write", 1) "}}},"
		"\"/usr/sbin/runc (after seccomp filter)\": {\"runs\": 1, \"path_flags\": [\"after-filter\"],"
		" \"syscalls\": {\"x86_64\": {" SC("execve", 59) "}}}");
	struct lp_recording *c = mini(
		"\"/app\": {\"runs\": 1, \"syscalls\": {\"x86_64\": {" SC("clone", 56) ", " SC("write", 1) "}}},"
		"\"/usr/bin/crun (after seccomp filter)\": {\"runs\": 1, \"path_flags\": [\"after-filter\"],"
		" \"syscalls\": {\"x86_64\": {" SC("futex", 202) "}}}");
	struct lp_seccomp_opts dflt = { .format = LP_SECCOMP_DOCKER };
	struct lp_seccomp_opts exact = { .format = LP_SECCOMP_DOCKER, .exact = true };
	char *t = generate_opts(r, &dflt), *e = generate_opts(r, &exact), *tc = generate_opts(c, &dflt), *n;

	n = rule_names(t, "runtime floor");
	CHECK_STR(n, "epoll_pwait execve getpid mmap mprotect nanosleep rt_sigreturn sched_yield sigaltstack tgkill");
	free(n);
	n = rule_names(e, "runtime floor");
	CHECK_STR(n, "execve");
	free(n);
	n = rule_names(tc, "runtime floor");	/* futex is the app's companion */
	CHECK_STR(n, "");
	free(n);
	n = rule_names(tc, "implied by");
	CHECK_STR(n, "futex restart_syscall");
	free(n);
	free(t);
	free(e);
	free(tc);
	rec_free(r);
	rec_free(c);
}

TEST(only_abis_seen_are_listed)
{
	struct lp_recording *r = load2("rec-b.json", NULL);
	char *t = generate(r, LP_SECCOMP_OCI);

	CHECK(strstr(t, "\"architectures\": [\n    \"SCMP_ARCH_X86_64\"\n  ]"));
	free(t);
	rec_free(r);
}

TEST(bad_profiles)
{
	static const struct {
		const char *text;
		const char *error;
	} cases[] = {
		{ "[]", "learnprof: 'p.json': not a seccomp profile (not a JSON object)" },
		{ "{}", "learnprof: 'p.json': not a seccomp profile (no defaultAction)" },
		{ "{\"defaultAction\": 1}", "learnprof: 'p.json': defaultAction: expected a string, found an integer" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_VAX\"]}",
		  "learnprof: 'p.json': architectures: unknown architecture 'SCMP_ARCH_VAX'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_BOGUS\"]}",
		  "learnprof: 'p.json': flags: unsupported flag 'SECCOMP_FILTER_FLAG_BOGUS'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]}",
		  "learnprof: 'p.json': syscalls[0]: names: missing" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
		  " \"args\": [{\"index\": 9, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "learnprof: 'p.json': syscalls[0]: args: index 9 out of range 0..5" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\","
		  " \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_SORTOF\"}]}]}",
		  "learnprof: 'p.json': syscalls[0]: args: unknown op 'SCMP_CMP_SORTOF'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 70000}",
		  "learnprof: 'p.json': defaultErrnoRet: 70000 out of range" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err;
		scmp_filter_ctx ctx = parse_quiet(cases[i].text, &err);

		CHECK_MSG(!ctx && !strcmp(err, cases[i].error), "case %zu: got '%s', want '%s'",
			  i, err, cases[i].error);
		free(err);
	}
}

int main(void)
{
	unit_suite = "seccomp";
	RUN(oci_golden);
	RUN(docker_golden);
	RUN(union_of_recordings_is_order_independent);
	RUN(generated_profile_builds_the_expected_filter);
	RUN(conditions_on_one_argument_become_separate_rules);
	RUN(rules_equal_to_default_and_unknown_names_are_skipped);
	RUN(docker_conditions);
	RUN(second_pass_goldens);
	RUN(pinned_arguments_build_the_expected_filter);
	RUN(companions_are_implied_unless_exact);
	RUN(measured_runc_floor);
	RUN(only_abis_seen_are_listed);
	RUN(bad_profiles);
	return unit_exit();
}
