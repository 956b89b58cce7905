// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The seccomp generator (golden files) and the profile reader. */
#include <errno.h>
#include <sys/mman.h>

#include <json-c/json.h>

#include "unit.h"
#include "recording.h"
#include "seccomp_gen.h"
#include "seccomp_profile.h"

static char *generate_opts(struct lp_recording *r, const struct lp_seccomp_opts *o)
{
	struct capture c;
	char *text, *warn;

	capture_start(&c);
	text = lp_seccomp_generate(r, o);
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
	text = lp_seccomp_generate(r, &o);
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

/*
 * The code libseccomp emits for one case of arch's filter: after
 * "if ($syscall == <nr>)" (nr >= 0) or after "# default action" (nr < 0),
 * up to the next case. "" when arch's filter has no such case.
 */
static char *pfc_case(const char *pfc, const char *arch, long nr)
{
	char *head = xasprintf("# filter for arch %s (", arch);
	char *mark = nr >= 0 ? xasprintf("\n  if ($syscall == %ld)\n", nr) :
			       xstrdup("\n  # default action\n");
	const char *a = pfc ? strstr(pfc, head) : NULL;
	const char *end = a ? strstr(a + 1, "\n# ") : NULL;
	const char *b = a ? strstr(a, mark) : NULL, *e;
	char *code;

	if (!b || (end && b > end)) {
		code = xstrdup("");
	} else {
		b += strlen(mark);
		e = strstr(b, "\n  #");
		e = e && (!end || e < end) ? e : end ? end : b + strlen(b);
		code = xasprintf("%.*s\n", (int)(e - b), b);
	}
	free(head);
	free(mark);
	return code;
}

#define CHECK_PFC(pfc, arch, nr, want)                                        \
	do {                                                                  \
		char *_c = pfc_case(pfc, arch, nr);                           \
		int _ok = !strcmp(_c, want);                                  \
                                                                              \
		CHECK_MSG(_ok, "arch %s, syscall %ld: got '%s', want '%s'",   \
			  arch, (long)(nr), _c, want);                        \
		free(_c);                                                     \
	} while (0)

#define PFC_ALLOW "    action ALLOW;\n"

/* A member of a JSON object as text, "-" when absent. */
static const char *field(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "-";
}

/* One rule of a JSON profile as "ACTION[ errnoRet=N][ args=[i op v v2]...]". */
static void describe_rule(struct strbuf *sb, json_object *rule)
{
	json_object *v, *args, *a;

	sb_puts(sb, field(rule, "action"));
	if (json_object_object_get_ex(rule, "errnoRet", &v))
		sb_printf(sb, " errnoRet=%s", json_object_get_string(v));
	if (!json_object_object_get_ex(rule, "args", &args))
		return;
	sb_puts(sb, " args=");
	for (size_t i = 0; i < json_object_array_length(args); i++) {
		a = json_object_array_get_idx(args, i);
		sb_printf(sb, "[%s %s %s %s]", field(a, "index"), field(a, "op"),
			  field(a, "value"), field(a, "valueTwo"));
	}
}

static bool rule_names_has(json_object *rule, const char *name)
{
	json_object *names;

	if (!json_object_object_get_ex(rule, "names", &names))
		return false;
	for (size_t k = 0; k < json_object_array_length(names); k++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(names, k)), name))
			return true;
	return false;
}

/* Every rule of the profile that names the syscall, described and joined
 * with "; "; "" when none does (the default action applies). */
static char *rules_for(const char *profile, const char *name)
{
	json_object *o = json_tokener_parse(profile), *rules, *rule;
	struct strbuf sb;
	int n = 0;

	sb_init(&sb);
	sb_puts(&sb, "");
	if (o && json_object_object_get_ex(o, "syscalls", &rules))
		for (size_t i = 0; i < json_object_array_length(rules); i++) {
			rule = json_object_array_get_idx(rules, i);
			if (!rule_names_has(rule, name))
				continue;
			if (n++)
				sb_puts(&sb, "; ");
			describe_rule(&sb, rule);
		}
	json_object_put(o);
	return sb_detach(&sb);
}

#define CHECK_RULE(profile, name, want)                                       \
	do {                                                                  \
		char *_r = rules_for(profile, name);                          \
		int _ok = !strcmp(_r, want);                                  \
                                                                              \
		CHECK_MSG(_ok, "rules for %s: got '%s', want '%s'", name, _r, want); \
		free(_r);                                                     \
	} while (0)

static scmp_filter_ctx parse_quiet(const char *text, char **err)
{
	struct capture c;
	scmp_filter_ctx ctx;

	capture_start(&c);
	ctx = lp_seccomp_parse(text, strlen(text), "p.json", 0);
	*err = capture_end(&c);
	return ctx;
}

TEST(oci_golden)
{
	struct lp_recording *r = golden_recording("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_OCI);

	CHECK(golden_matches("rec-a.oci.json", t));
	free(t);
	rec_free(r);
}

TEST(docker_golden)
{
	struct lp_recording *r = golden_recording("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_DOCKER);

	CHECK(golden_matches("rec-a.docker.json", t));
	free(t);
	rec_free(r);
}

TEST(union_of_recordings_is_order_independent)
{
	struct lp_recording *ab = golden_recording("rec-a.json", "rec-b.json");
	struct lp_recording *ba = golden_recording("rec-b.json", "rec-a.json");
	char *t1 = generate(ab, LP_SECCOMP_OCI), *t2 = generate(ba, LP_SECCOMP_OCI);
	char *t3 = generate(ab, LP_SECCOMP_OCI);

	CHECK_STR(t1, t2);
	CHECK_STR(t1, t3);
	CHECK(golden_matches("merged-ab.oci.json", t1));
	/* clone3 was observed in b: it is allowed, and no rule is ENOSYS. */
	CHECK_RULE(t1, "clone3", "SCMP_ACT_ALLOW");
	CHECK_RULE(t1, "wait4", "SCMP_ACT_ALLOW");
	CHECK(!strstr(t1, "\"errnoRet\": 38"));
	free(t1);
	free(t2);
	free(t3);
	rec_free(ab);
	rec_free(ba);
}

TEST(generated_profile_builds_the_expected_filter)
{
	struct lp_recording *r = golden_recording("rec-a.json", NULL);
	char *t = generate(r, LP_SECCOMP_OCI), *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(t, &err);

	CHECK_MSG(ctx, "libseccomp refused the profile: %s", err);
	CHECK_RULE(t, "clone3", "SCMP_ACT_ERRNO errnoRet=38");
	CHECK_RULE(t, "mseal", "SCMP_ACT_ALLOW");
	CHECK_RULE(t, "getcpu", "");
	pfc = pfc_of(ctx);
	/* x86_64: read=0, openat=257 and mseal=462 allowed, getcpu=309 left
	 * to the default EPERM, clone3=435 ENOSYS. */
	CHECK_PFC(pfc, "x86_64", 0, PFC_ALLOW);
	CHECK_PFC(pfc, "x86_64", 257, PFC_ALLOW);
	CHECK_PFC(pfc, "x86_64", 462, PFC_ALLOW);
	CHECK_PFC(pfc, "x86_64", 309, "");
	CHECK_PFC(pfc, "x86_64", 435, "    action ERRNO(38);\n");
	CHECK_PFC(pfc, "x86_64", -1, "  action ERRNO(1);\n");
	/* i386: read=3, openat=295 allowed, clone3 ENOSYS, getcpu=318 not */
	CHECK_PFC(pfc, "x86", 3, PFC_ALLOW);
	CHECK_PFC(pfc, "x86", 295, PFC_ALLOW);
	CHECK_PFC(pfc, "x86", 435, "    action ERRNO(38);\n");
	CHECK_PFC(pfc, "x86", 318, "");
	CHECK_PFC(pfc, "x86", -1, "  action ERRNO(1);\n");
	/* A libseccomp that knows mseal adds it for i386 too; an older one
	 * cannot, and learnprof adds its own names to the native filter only. */
	if (seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, "mseal") == 462) {
		CHECK_PFC(pfc, "x86", 462, PFC_ALLOW);
	} else {
		CHECK_PFC(pfc, "x86", 462, "");
		unit_note("this libseccomp has no mseal: i386 checked without it");
	}
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
	static const char hi0[] = "    if ($a0.hi32 == 0)\n";
	static const char lo0[] = "      if ($a0.lo32 == 0)\n        action ALLOW;\n";
	static const char lo8[] = "      if ($a0.lo32 == 8)\n        action ALLOW;\n";
	char *err, *pfc, *code;
	scmp_filter_ctx ctx = parse_quiet(p, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	pfc = pfc_of(ctx);
	code = pfc_case(pfc, "x86_64", 135);
	/* personality(0) or personality(8), each its own rule: the order of
	 * the two is libseccomp's */
	CHECK_MSG(!strncmp(code, hi0, strlen(hi0)) && strstr(code, lo0) && strstr(code, lo8) &&
		  strlen(code) == strlen(hi0) + strlen(lo0) + strlen(lo8), "personality: %s", code);
	free(code);
	CHECK_PFC(pfc, "x86_64", 56, "    if ($a0.hi32 & 0x00000000 == 0)\n"
		  "      if ($a0.lo32 & 0x7e020000 == 0)\n        action ALLOW;\n");
	CHECK_PFC(pfc, "x86_64", -1, "  action ERRNO(1);\n");
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
	char *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(p, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	CHECK_STR(err, "");
	pfc = pfc_of(ctx);
	CHECK_PFC(pfc, "x86_64", 0, "");	/* read: the default decides */
	CHECK_PFC(pfc, "x86_64", 1, PFC_ALLOW);
	CHECK_PFC(pfc, "x86_64", -1, "  action ERRNO(1);\n");
	free(pfc);
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
	CHECK_PFC(pfc, "x86_64", 309, PFC_ALLOW);	/* getcpu */
	CHECK_PFC(pfc, "x86", 318, PFC_ALLOW);
	CHECK_PFC(pfc, "x86_64", 27, "");		/* mincore */
	CHECK_PFC(pfc, "x86", 218, "");
	CHECK_PFC(pfc, "x86_64", -1, "  action ERRNO(1);\n");
	CHECK(!strstr(pfc, "arch arm"));
	free(pfc);
	free(err);
	seccomp_release(ctx);
}

TEST(second_pass_goldens)
{
	struct lp_recording *r = golden_recording("rec-a.json", "rec-b.json");
	struct lp_seccomp_opts args = { .format = LP_SECCOMP_OCI, .args = true };
	struct lp_seccomp_opts runc = { .format = LP_SECCOMP_DOCKER, .runtime = LP_RUNTIME_RUNC };
	struct lp_seccomp_opts spo = { .format = LP_SECCOMP_SPO, .args = true, .name = "My App_1" };
	struct lp_seccomp_opts all = { .format = LP_SECCOMP_OCI, .all_abis = true };
	char *t;
	int ok;

	/* every golden is compared (and rewritten with UPDATE_GOLDEN) */
	t = generate_opts(r, &args);
	ok = golden_matches("merged-ab.args.oci.json", t);
	free(t);
	t = generate_opts(r, &runc);
	ok &= golden_matches("merged-ab.runc.docker.json", t);
	free(t);
	t = generate_opts(r, &spo);
	ok &= golden_matches("merged-ab.spo.yaml", t);
	free(t);
	CHECK(ok);
	t = generate_opts(r, &all);
	CHECK(strstr(t, "\"architectures\": [\n    \"SCMP_ARCH_X86_64\",\n"
		     "    \"SCMP_ARCH_X86\",\n    \"SCMP_ARCH_X32\"\n  ]"));
	free(t);
	rec_free(r);
}

TEST(pinned_arguments_build_the_expected_filter)
{
	struct lp_recording *r = golden_recording("rec-a.json", "rec-b.json");
	struct lp_seccomp_opts args = { .format = LP_SECCOMP_OCI, .args = true };
	char *t = generate_opts(r, &args), *err, *pfc;
	scmp_filter_ctx ctx = parse_quiet(t, &err);

	CHECK_MSG(ctx, "refused: %s", err);
	CHECK_RULE(t, "socket", "SCMP_ACT_ALLOW args=[0 SCMP_CMP_EQ 2 0]");
	CHECK_RULE(t, "personality", "SCMP_ACT_ALLOW args=[0 SCMP_CMP_EQ 0 0]");
	pfc = pfc_of(ctx);
	/* socket(AF_INET) only; personality(0) only. */
	CHECK_PFC(pfc, "x86_64", 41, "    if ($a0.hi32 == 0)\n      if ($a0.lo32 == 2)\n"
		  "        action ALLOW;\n");
	CHECK_PFC(pfc, "x86_64", 135, "    if ($a0.hi32 == 0)\n      if ($a0.lo32 == 0)\n"
		  "        action ALLOW;\n");
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

/* The rules whose comment starts with prefix, as "ACTION: names", joined
 * with "; "; "" if none. */
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
			sb_printf(&sb, "%s%s:", sb.len ? "; " : "", field(rule, "action"));
			for (size_t k = 0; k < json_object_array_length(names); k++)
				sb_printf(&sb, " %s",
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
	CHECK_STR(n, "SCMP_ACT_ALLOW: futex restart_syscall rt_sigreturn");
	free(n);
	CHECK(strstr(t, "futex (by clone)"));
	CHECK(strstr(t, "restart_syscall (by futex)"));
	CHECK(strstr(t, "rt_sigreturn (by rt_sigaction)"));
	n = rule_names(t32, "implied by");
	CHECK_STR(n, "SCMP_ACT_ALLOW: futex futex_time64 restart_syscall sigreturn");
	free(n);
	n = rule_names(ts, "implied by");	/* rt_sigreturn observed: not implied again */
	CHECK_STR(n, "SCMP_ACT_ALLOW: restart_syscall");
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
	CHECK_STR(n, "SCMP_ACT_ALLOW: epoll_pwait execve getpid mmap mprotect nanosleep rt_sigreturn sched_yield sigaltstack tgkill");
	free(n);
	n = rule_names(e, "runtime floor");
	CHECK_STR(n, "SCMP_ACT_ALLOW: execve");
	free(n);
	n = rule_names(tc, "runtime floor");	/* futex is the app's companion */
	CHECK_STR(n, "");
	free(n);
	n = rule_names(tc, "implied by");
	CHECK_STR(n, "SCMP_ACT_ALLOW: futex restart_syscall");
	free(n);
	free(t);
	free(e);
	free(tc);
	rec_free(r);
	rec_free(c);
}

TEST(only_abis_seen_are_listed)
{
	struct lp_recording *r = golden_recording("rec-b.json", NULL);
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
