// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The AppArmor generator: golden profiles for each exec mode and option,
 * determinism, what the rules mean, and the real parser: every golden
 * profile must compile with apparmor_parser 3.0, and the parser's own DFA
 * decides what our escaped and widened patterns match.
 */
#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>

#include "unit.h"
#include "apparmor.h"
#include "profile_name.h"
#include "apparmor_rules.h"
#include "learnprof_abi.h"
#include "apparmor_pattern.h"
#include "recording.h"

extern char **environ;

static char *generate(const char *a, const char *b, const struct lp_apparmor_opts *o)
{
	struct lp_recording *r = golden_recording(a, b);
	char *t = r ? apparmor_generate(r, o) : NULL;

	rec_free(r);
	return t;
}

/* ---- the real parser ----------------------------------------------------- */

static const char *parser_path(void)
{
	static const char *const where[] = {
		"/usr/sbin/apparmor_parser", "/sbin/apparmor_parser", "/usr/bin/apparmor_parser",
	};
	const char *env = getenv("APPARMOR_PARSER");

	if (env && *env)
		return access(env, X_OK) ? NULL : env;
	for (size_t i = 0; i < ARRAY_SIZE(where); i++)
		if (!access(where[i], X_OK))
			return where[i];
	return NULL;
}

#define NO_PARSER "apparmor_parser is not installed (Debian package apparmor)"
#define NEED_PARSER(p)                                                        \
	do {                                                                  \
		if (!(p))                                                     \
			SKIP_MSG(NO_PARSER);                                  \
	} while (0)

/* Run apparmor_parser -Q -K -M <abi 3.0> <extra> <file>; its exit status,
 * and what it printed in *out. */
static int run_parser(const char *parser, const char *extra, const char *file, char **out)
{
	char log[] = "/tmp/learnprof-aa-log.XXXXXX";
	char *argv[] = { (char *)parser, "-Q", "-K", "-M", "/etc/apparmor.d/abi/3.0",
			 (char *)extra, (char *)file, NULL };
	posix_spawn_file_actions_t fa;
	int fd = mkstemp(log), st = -1;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	posix_spawn_file_actions_adddup2(&fa, fd, 2);
	if (!posix_spawn(&pid, parser, &fa, NULL, argv, environ))
		waitpid(pid, &st, 0);
	posix_spawn_file_actions_destroy(&fa);
	close(fd);
	*out = lp_read_file(log, 1 << 26, NULL);
	if (!*out)
		*out = xstrdup("");
	unlink(log);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int parse_text(const char *parser, const char *extra, const char *text, char **out)
{
	char f[] = "/tmp/learnprof-aa-profile.XXXXXX";
	int fd = mkstemp(f), rc;

	rc = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	if (!rc)
		rc = run_parser(parser, extra, f, out);
	unlink(f);
	return rc;
}

/*
 * The parser's DFA for a profile holding one rule (-D dfa-states). After a
 * summary block, each state is listed as "{n} perms: ..." followed by its
 * transitions: "c 0xHH -> {m}" for one byte, "[^...] -> {m}" (or "[]") for
 * every byte not listed otherwise nor excluded in the brackets. A state or
 * a transition into one that allows something carries "(0x <allow>/...)".
 */
struct dfa_state {
	int next[256];
};

struct dfa {
	struct dfa_state *s;
	size_t n;
	bool *accept;
};

static int bracket_byte(const char **p)
{
	const char *c = *p;

	if (c[0] != '\\') {
		*p = c + 1;
		return (unsigned char)c[0];
	}
	if (c[1] == 'x')
		return (int)strtol(c + 2, (char **)p, 16) & 0xff;
	*p = c + 2;
	switch (c[1]) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'a': return '\a';
	default: return (unsigned char)c[1];
	}
}

static void dfa_default(struct dfa_state *st, const char *br, int to)
{
	bool excl[256] = { false };
	const char *p = br + 1 + (br[1] == '^');

	while (*p && *p != ']')
		excl[bracket_byte(&p)] = true;
	for (int c = 0; c < 256; c++)
		if (!excl[c] && st->next[c] == 0)
			st->next[c] = -to;	/* explicit ones win */
}

static struct dfa_state *dfa_get(struct dfa *d, size_t i)
{
	while (d->n <= i) {
		d->s = xrealloc(d->s, (d->n + 1) * sizeof(*d->s));
		d->accept = xrealloc(d->accept, (d->n + 1) * sizeof(*d->accept));
		memset(&d->s[d->n], 0, sizeof(*d->s));
		d->accept[d->n++] = false;
	}
	return &d->s[i];
}

/* Does a line carry "(0x <allow>/..." with a non-zero allow? */
static bool allows(const char *line)
{
	const char *p = strstr(line, "(0x ");
	unsigned allow = 0;

	return p && sscanf(p, "(0x %x", &allow) == 1 && allow;
}

static void dfa_line(struct dfa *d, const char *line, int *cur)
{
	const char *arrow = strstr(line, "-> {"), *hex = strstr(line, " 0x");
	int to;

	if (sscanf(line, "{%d} perms:", cur) == 1) {
		dfa_get(d, *cur);
		d->accept[*cur] = allows(line);
		return;
	}
	if (!arrow || *cur < 0 || sscanf(arrow, "-> {%d}", &to) != 1)
		return;
	dfa_get(d, to);
	if (allows(arrow))
		d->accept[to] = true;
	if (hex && hex < arrow)		/* "[ 0x5b" is the byte '[' */
		d->s[*cur].next[strtol(hex + 1, NULL, 16) & 0xff] = to;
	else if (line[4] == '[')
		dfa_default(&d->s[*cur], line + 4, to);
}

static int dfa_parse(struct dfa *d, const char *dump)
{
	int block = 0, cur = -1;

	memset(d, 0, sizeof(*d));
	for (const char *l = dump; *l && block < 2;) {
		size_t n = strcspn(l, "\n");
		char *line = xasprintf("%.*s", (int)n, l);	/* searches stop at its end */

		if (!n)
			block++;
		else if (block == 1)
			dfa_line(d, line, &cur);
		free(line);
		l += n + (l[n] == '\n');
	}
	return d->n > 1 ? 0 : -1;
}

static bool dfa_accepts(const struct dfa *d, const char *s)
{
	int st = 1;

	for (; *s; s++) {
		int to = d->s[st].next[(unsigned char)*s];

		if (!to)
			return false;
		st = to < 0 ? -to : to;
	}
	return d->accept[st];
}

/* Does the rule "<pattern> r," accept path, as apparmor_parser compiles it?
 * 1 or 0, -1 when the parser or its dump failed. */
static int parser_accepts(const char *parser, const char *pattern, const char *path)
{
	char *q = lp_aa_quote(pattern), *out = NULL;
	char *text = xasprintf("abi <abi/3.0>,\n#include <tunables/global>\n"
			       "profile t {\n  %s r,\n}\n", q);
	struct dfa d;
	int rc = parse_text(parser, "-Ddfa-states", text, &out);

	if (!rc)
		rc = dfa_parse(&d, out) ? -1 : dfa_accepts(&d, path);
	else
		rc = -1;
	if (rc >= 0) {
		free(d.s);
		free(d.accept);
	}
	free(out);
	free(text);
	free(q);
	return rc;
}

/* ---- golden profiles ----------------------------------------------------- */

static const struct golden {
	const char *file;
	const char *rec[2];
	struct lp_apparmor_opts o;
} goldens[] = {
	{ "rec-files.ix.apparmor", { "rec-files.json" }, { .exec_mode = LP_AA_IX } },
	{ "rec-files.cx.apparmor", { "rec-files.json" }, { .exec_mode = LP_AA_CX } },
	{ "rec-files.px.apparmor", { "rec-files.json" }, { .exec_mode = LP_AA_PX } },
	{ "rec-files.no-glob.apparmor", { "rec-files.json" }, { .no_glob = true } },
	{ "rec-files.complain.apparmor", { "rec-files.json" },
	  { .complain = true, .name = "app under test", .exec_mode = LP_AA_CX } },
	{ "rec-odd.ix.apparmor", { "rec-odd.json" }, { .exec_mode = LP_AA_IX } },
	{ "rec-odd.cx.apparmor", { "rec-odd.json" }, { .exec_mode = LP_AA_CX } },
	{ "rec-odd.px.apparmor", { "rec-odd.json" }, { .exec_mode = LP_AA_PX } },
	{ "rec-a.ix.apparmor", { "rec-a.json" }, { .exec_mode = LP_AA_IX } },
	{ "merged-ab.cx.apparmor", { "rec-a.json", "rec-b.json" }, { .exec_mode = LP_AA_CX } },
};

TEST(golden_profiles)
{
	struct strbuf bad;

	sb_init(&bad);
	sb_puts(&bad, "");
	/* every golden is compared (and rewritten with UPDATE_GOLDEN) */
	for (size_t i = 0; i < ARRAY_SIZE(goldens); i++) {
		const struct golden *g = &goldens[i];
		char *t = generate(g->rec[0], g->rec[1], &g->o);

		if (!t || !golden_matches(g->file, t))
			sb_printf(&bad, " %s%s", g->file, t ? "" : " (not generated)");
		free(t);
	}
	CHECK_MSG(!bad.len, "differ:%s", bad.buf);
	free(bad.buf);
}

TEST(every_golden_profile_compiles)
{
	const char *parser = parser_path();

	NEED_PARSER(parser);
	for (size_t i = 0; i < ARRAY_SIZE(goldens); i++) {
		char *p = golden_path(goldens[i].file), *out;
		int rc = run_parser(parser, "--Werror", p, &out);

		CHECK_MSG(rc == 0, "apparmor_parser refused %s (status %d): %s", p, rc, out);
		free(out);
		free(p);
	}
}

TEST(the_compile_check_can_fail)
{
	const char *parser = parser_path();
	char *out;
	int rc;

	NEED_PARSER(parser);
	rc = parse_text(parser, "--Werror", "abi <abi/3.0>,\nprofile t {\n  /tmp/x wa,\n}\n", &out);
	CHECK_MSG(rc != 0 && strstr(out, "mutually exclusive"), "status %d: %s", rc, out);
	free(out);
	rc = parse_text(parser, "--Werror", "abi <abi/3.0>,\nprofile t {\n  /tmp/x rx,\n}\n", &out);
	CHECK_MSG(rc != 0, "a bare x compiled: %s", out);
	free(out);
}

/* ---- what the rules mean -------------------------------------------------- */

/* Does text have this exact line? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

#define CHECK_LINE(t, l) CHECK_MSG(has_line(t, l), "missing line: %s", l)
#define CHECK_NO_LINE(t, l) CHECK_MSG(!has_line(t, l), "unexpected line: %s", l)

TEST(file_permissions_follow_what_the_kernel_checks)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  /var/log/app/app.log wk,");		/* append + lock: write lock */
	CHECK_LINE(t, "  /var/log/app/audit.log a,");		/* append only */
	CHECK_LINE(t, "  /var/log/app/access.log w,");		/* w wins over a */
	CHECK_LINE(t, "  /var/lib/app/state.json rw,");	/* rename needs rw */
	CHECK_LINE(t, "  /var/lib/app/gone w,");		/* delete */
	CHECK_LINE(t, "  /var/lib/app/owned w,");		/* chmod, chown */
	CHECK_LINE(t, "  /var/lib/app/hard.link wl,");
	CHECK_LINE(t, "  /var/lib/app/db.lock rk,");
	CHECK_LINE(t, "  /var/lib/app/jit.bin rwm,");		/* mmap-exec */
	CHECK_LINE(t, "  /var/lib/app/data/ rw,");		/* a directory */
	CHECK_LINE(t, "  /var/lib/app/state rw,");		/* app writes, helper reads */
	CHECK_LINE(t, "  /run/app/app.sock w,");		/* bound unix socket */
	CHECK_LINE(t, "  /run/dbus/system_bus_socket rw,");	/* connected one */
	CHECK_LINE(t, "  /opt/app/bin/app rm,");		/* the program itself */
	/* abstractions/base covers these: no rule */
	CHECK(!strstr(t, "ld.so.cache"));
	CHECK(!strstr(t, "libssl"));
	CHECK(!strstr(t, "/status"));
	/* failures get a comment, never a rule */
	CHECK_LINE(t, "  # denied while recording: /etc/app/secret.key: read (EACCES)");
	CHECK_LINE(t, "  # failed while recording: /usr/bin/missing: exec (ENOENT)");
	CHECK_LINE(t, "  # failed while recording: /var/lib/app/state: chmod (EROFS)");
	CHECK(!strstr(t, "secret.key r"));
	CHECK(!strstr(t, "missing ix"));
	free(t);
}

/* Every file rule: letters r w a l k m in order, never w with a, and an
 * exec mode only as ix, cx -> or px ->. */
static bool perms_ok(const char *perms)
{
	const char *p = perms, *order = "rwalkm";

	for (const char *o = order; *o && *p; o++)
		if (*p == *o)
			p++;
	if (strchr(perms, 'w') && strchr(perms, 'a'))
		return false;
	return !*p || !strcmp(p, "ix") || !strncmp(p, "cx -> ", 6) || !strncmp(p, "px -> ", 6);
}

TEST(no_rule_has_a_bare_x_or_w_with_a)
{
	for (size_t i = 0; i < ARRAY_SIZE(goldens); i++) {
		char *t = generate(goldens[i].rec[0], goldens[i].rec[1], &goldens[i].o);
		int rules = 0;

		CHECK_MSG(t, "%s: not generated", goldens[i].file);
		for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n")) {
			char *s = l + strspn(l, " "), *sp, *end = strrchr(s, ',');

			if ((*s != '/' && *s != '"' && *s != '@') || !end || end[1])
				continue;
			sp = s[0] == '"' ? strchr(strchr(s + 1, '"') + 1, ' ') : strchr(s, ' ');
			*end = '\0';
			CHECK_MSG(sp && perms_ok(sp + 1), "%s: bad permissions in: %s", goldens[i].file, s);
			rules++;
		}
		free(t);
		CHECK_MSG(rules > 0, "%s: no file rule was checked", goldens[i].file);
	}
}

TEST(capabilities_network_signals_ptrace)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  capability chown,");		/* granted once, denied once */
	CHECK_LINE(t, "  capability net_bind_service,");
	CHECK(!strstr(t, "capability sys_admin"));	/* only optional */
	CHECK(!strstr(t, "capability dac_override,"));
	CHECK_LINE(t, "  # denied while recording: capability dac_override (EPERM)");
	CHECK(!strstr(t, "capability chown (EPERM)"));
	CHECK_LINE(t, "  network inet stream,");
	CHECK_LINE(t, "  network inet,");		/* dccp: no AppArmor type */
	CHECK_LINE(t, "  network netlink raw,");
	CHECK(!strstr(t, "network inet6 raw"));		/* EPERM */
	CHECK(!strstr(t, "network decnet"));
	CHECK_LINE(t, "  # no rule: socket family decnet: AppArmor 3.0 has no name for it, so no rule can allow it");
	/* ix: every program runs under this profile */
	CHECK_LINE(t, "  signal (send, receive) set=(usr1, term, chld, rtmin+2) peer=learnprof-app,");
	CHECK_LINE(t, "  signal (send) set=(hup) peer=unconfined,");
	CHECK_LINE(t, "  ptrace (trace) peer=learnprof-app,");
	CHECK_LINE(t, "  ptrace (trace) peer=unconfined,");
	CHECK_LINE(t, "  /usr/bin/helper ix,");
	CHECK_LINE(t, "  /usr/bin/sh ix,");
	free(t);
}

TEST(child_profiles_name_each_other)
{
	struct lp_apparmor_opts o = { .exec_mode = LP_AA_CX };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  /usr/bin/helper cx -> helper,");
	CHECK_LINE(t, "  profile helper /usr/bin/helper flags=(attach_disconnected,mediate_deleted) {");
	CHECK_LINE(t, "    /usr/bin/sh px -> learnprof-app//sh,");	/* a sibling */
	CHECK_LINE(t, "    /opt/app/bin/app px -> learnprof-app,");	/* back to main */
	/* both sides of each signal, and TRACEME makes the parent the tracer */
	CHECK_LINE(t, "  signal (send) set=(term, rtmin+2) peer=learnprof-app//helper,");
	CHECK_LINE(t, "    signal (receive) set=(term, rtmin+2) peer=learnprof-app,");
	CHECK_LINE(t, "    signal (send) set=(chld) peer=learnprof-app,");
	CHECK_LINE(t, "  signal (receive) set=(chld) peer=learnprof-app//helper,");
	CHECK_LINE(t, "  signal (send, receive) set=(usr1) peer=learnprof-app,");
	CHECK_LINE(t, "  ptrace (trace) peer=learnprof-app//helper,");
	CHECK_LINE(t, "    /etc/helper.conf r,");
	CHECK_LINE(t, "    /usr/bin/helper rm,");
	CHECK(!strstr(t, "nothing enters"));	/* helper and sh are run */
	free(t);
}

TEST(discrete_profiles_are_not_attached)
{
	struct lp_apparmor_opts o = { .exec_mode = LP_AA_PX };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "profile learnprof-app /opt/app/bin/app flags=(attach_disconnected,mediate_deleted) {");
	CHECK_LINE(t, "profile learnprof-app-helper flags=(attach_disconnected,mediate_deleted) {");
	CHECK_LINE(t, "profile learnprof-app-sh flags=(attach_disconnected,mediate_deleted) {");
	CHECK_LINE(t, "  /usr/bin/helper px -> learnprof-app-helper,");
	CHECK_LINE(t, "  /usr/bin/sh px -> learnprof-app-sh,");
	CHECK_LINE(t, "  signal (send) set=(term, rtmin+2) peer=learnprof-app-helper,");
	free(t);
}

TEST(names_with_spaces_are_quoted_and_unique)
{
	struct lp_apparmor_opts o = { .exec_mode = LP_AA_CX };
	char *t = generate("rec-odd.json", NULL, &o);

	CHECK(t);
	/* the profile's name is lp_profile_name's: [a-z0-9-] */
	CHECK_LINE(t, "profile learnprof-my-app \"/opt/my app/my app\" flags=(attach_disconnected,mediate_deleted) {");
	CHECK_LINE(t, "  \"/opt/my app/helper tool\" cx -> helper_tool,");
	CHECK_LINE(t, "  /usr/bin/env cx -> env,");
	CHECK_LINE(t, "  /usr/local/bin/env cx -> env-2,");
	CHECK_LINE(t, "  signal (send) set=(term) peer=learnprof-my-app//helper_tool,");
	CHECK_LINE(t, "    ptrace (trace) peer=learnprof-my-app,");
	CHECK_LINE(t, "# warning: 3 events were lost while recording: rules may be missing");
	CHECK(strstr(t, "# warning: the capabilities probe was not active ("));
	free(t);
}

TEST(widened_rules_say_what_they_cover)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  # covers 10 paths: /var/cache/app/e0, /var/cache/app/e1, /var/cache/app/e2, ... (many-entries)");
	CHECK_LINE(t, "  /var/cache/app/* rw,");
	CHECK_LINE(t, "  # covers 8 paths: /srv/tree/a/s, /srv/tree/b/t, /srv/tree/c/u, ... (many-entries)");
	CHECK_LINE(t, "  /srv/tree/** r,");
	CHECK_LINE(t, "  /srv/seven/s6 r,");	/* 7 stay literal */
	CHECK_LINE(t, "  # covers 2 paths: /opt/app/lib/libfoo.so.1, /opt/app/lib/libfoo.so.1.2.3 (versioned-library)");
	CHECK_LINE(t, "  /opt/app/lib/libfoo.so* rm,");
	CHECK_LINE(t, "  # varies from run to run (temp-random): /tmp/tmpab3x9q2z, /tmp/tmpq8z1k0wd");
	CHECK_LINE(t, "  /tmp/tmp* rw,");
	CHECK_LINE(t, "  /var/lib/app/state.json.* rw,");
	CHECK_LINE(t, "  # varies from run to run (proc-pid): /proc/1234/stat, /proc/567/stat");
	CHECK_LINE(t, "  @{PROC}/@{pid}/stat r,");
	CHECK_LINE(t, "  @{PROC}/@{pid}/task/@{tid}/comm rw,");
	/* every rule with a glob character outside quotes carries a comment */
	for (char *l = strtok(t, "\n"), *prev = NULL; l; prev = l, l = strtok(NULL, "\n")) {
		if (strncmp(l, "  /", 3) && strncmp(l, "  @", 3))
			continue;
		if (strpbrk(l, "*[") && !strstr(l, "@{pid}/status"))
			CHECK_MSG(prev && strstr(prev, "# "), "no comment before: %s", l);
	}
	free(t);
}

TEST(no_glob_writes_every_path_as_recorded)
{
	struct lp_apparmor_opts o = { .no_glob = true };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  /var/cache/app/e9 rw,");
	CHECK_LINE(t, "  /tmp/tmp* rw,");	/* a stable name's placeholder */
	CHECK_LINE(t, "  /opt/app/lib/libfoo.so.1.2.3 rm,");
	CHECK_LINE(t, "  @{PROC}/@{pid}/stat r,");
	CHECK_LINE(t, "  @{PROC}/@{pid}/oom_score_adj w,");	/* no literal pid works */
	CHECK(!strstr(t, "(many-entries)"));
	CHECK(!strstr(t, "(temp-name)"));
	CHECK(!strstr(t, "(versioned-library)"));
	CHECK(!strstr(t, "@{PROC}/[0-9]*"));
	free(t);
}

TEST(special_characters_are_escaped)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = generate("rec-files.json", NULL, &o);

	CHECK(t);
	CHECK_LINE(t, "  \"/srv/odd/\\*\" r,");
	CHECK_LINE(t, "  \"/srv/odd/a b\" r,");
	CHECK_LINE(t, "  \"/srv/odd/quo\\\"te\" r,");
	CHECK_LINE(t, "  \"/srv/odd/new\\x0aline\" r,");
	CHECK_LINE(t, "  \"/srv/odd/back\\\\slash\" r,");
	CHECK_LINE(t, "  \"/srv/odd/br\\{a,b\\}ce\" r,");
	CHECK_LINE(t, "  \"/srv/odd/\\@\\{HOME\\}\" w,");
	CHECK_LINE(t, "  \"/srv/odd/\\^caret\\?\\[q\\]\" w,");
	CHECK_LINE(t, "  \"/srv/odd/ctl\\x01x\" w,");
	CHECK_LINE(t, "  \"/srv/bytes/bad\\xff\\xfe\" r,");
	CHECK_LINE(t, "  \"/srv/libs/lib\\[x\\].so*\" rm,");
	CHECK(!strchr(t, '\x01') && !strchr(t, '\xff'));
	free(t);
}

/* What the real parser makes of our patterns: its DFA decides. */
TEST(the_parser_matches_escaped_paths_only_literally)
{
	static const struct {
		const char *path;	/* recorded */
		uint32_t flags;
		const char *yes, *no;	/* a path the rule must, must not match */
	} cases[] = {
		{ "/srv/odd/*", 0, "/srv/odd/*", "/srv/odd/x" },
		{ "/srv/odd/**", 0, "/srv/odd/**", "/srv/odd/a/b" },
		{ "/srv/odd/a?b", 0, "/srv/odd/a?b", "/srv/odd/axb" },
		{ "/srv/odd/a?b", 0, "/srv/odd/a?b", "/srv/odd/ab" },
		{ "/srv/odd/[x]", 0, "/srv/odd/[x]", "/srv/odd/x" },
		{ "/srv/odd/{a,b}", 0, "/srv/odd/{a,b}", "/srv/odd/a" },
		{ "/srv/odd/@{HOME}", 0, "/srv/odd/@{HOME}", "/srv/odd/@" },
		{ "/srv/odd/^x", 0, "/srv/odd/^x", "/srv/odd/x" },
		{ "/srv/odd/quo\"te", 0, "/srv/odd/quo\"te", "/srv/odd/quote" },
		{ "/srv/odd/back\\slash", 0, "/srv/odd/back\\slash", "/srv/odd/backslash" },
		{ "/srv/odd/new\nline", 0, "/srv/odd/new\nline", "/srv/odd/newline" },
		{ "/srv/odd/bad\xff\xfe", 0, "/srv/odd/bad\xff\xfe", "/srv/odd/bad" },
		{ "/srv/odd/a b#c,(d)=e", 0, "/srv/odd/a b#c,(d)=e", "/srv/odd/a" },
		{ "/srv/odd/caf\xc3\xa9", 0, "/srv/odd/caf\xc3\xa9", "/srv/odd/caf" },
		{ "/tmp/tmp<random>", 0, "/tmp/tmpzz99yy88", "/tmp/sub/tmpab3x9q2z" },
		{ "/dev/shm/PostgreSQL.<n>", 0, "/dev/shm/PostgreSQL.1843526344", "/dev/shm/PostgreSQL.x" },
		{ "/tmp/#<inode>", 0, "/tmp/#10956604", "/tmp/#" },
		{ "/opt/lib/lib[x].so.1", 0, "/opt/lib/lib[x].so.2", "/opt/lib/libx.so.1" },
		{ "/proc/<pid>/status", LP_FILE_OWN, "/proc/42/status", "/proc/self/status" },
		{ "/proc/1234/stat", 0, "/proc/99/stat", "/proc/99/x/stat" },
		{ "/var/lib/app/data", LP_PATH_DIR, "/var/lib/app/data/", "/var/lib/app/data" },
	};
	const char *parser = parser_path();

	NEED_PARSER(parser);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint32_t rules;
		char *pat = lp_path_pattern(cases[i].path, cases[i].flags, true, &rules);
		int y = parser_accepts(parser, pat, cases[i].yes);
		int n = parser_accepts(parser, pat, cases[i].no);

		CHECK_MSG(y == 1 && n == 0, "case %zu: pattern %s: matches '%s': %d, '%s': %d", i,
			  pat, cases[i].yes, y, cases[i].no, n);
		free(pat);
	}
}

TEST(widened_patterns_match_like_the_parser_says)
{
	struct lp_patterns ps;
	const char *parser = parser_path();
	int y, n1, n2;

	NEED_PARSER(parser);
	lp_patterns_init(&ps, true);
	for (int i = 0; i < 8; i++) {
		char *p = xasprintf("/var/cache/app/e%d", i);

		lp_patterns_add(&ps, p, 0, 1);
		free(p);
	}
	lp_patterns_collapse(&ps, LP_GEN_MANY);
	CHECK_INT(ps.n, 1);
	CHECK_STR(ps.v[0].text, "/var/cache/app/*");
	y = parser_accepts(parser, ps.v[0].text, "/var/cache/app/other");
	n1 = parser_accepts(parser, ps.v[0].text, "/var/cache/app/sub/x");
	n2 = parser_accepts(parser, ps.v[0].text, "/var/cache/app/");
	CHECK_MSG(y == 1 && n1 == 0 && n2 == 0, "%s: %d %d %d", ps.v[0].text, y, n1, n2);
	lp_patterns_free(&ps);
}

/* learnprof's own matcher (for abstractions/base and the denies) agrees
 * with the parser's DFA. */
TEST(glob_matcher_agrees_with_the_parser)
{
	static const struct {
		const char *pattern, *path;
		bool match;
	} cases[] = {
		{ "/usr/lib/**", "/usr/lib/x/y.so", true },
		{ "/usr/lib/**", "/usr/lib/", false },
		{ "/tmp/*", "/tmp/", false },
		{ "/tmp/*", "/tmp/a", true },
		{ "/tmp/*", "/tmp/a/b", false },
		{ "/usr/lib/gconv/gconv-modules*", "/usr/lib/gconv/gconv-modules", true },
		{ "@{etc_ro}/ld.so.cache", "/etc/ld.so.cache", true },
		{ "@{etc_ro}/ld.so.cache", "/usr/etc/ld.so.cache", true },
		{ "@{etc_ro}/ld.so.conf.d/{,*.conf}", "/etc/ld.so.conf.d/", true },
		{ "@{etc_ro}/ld.so.conf.d/{,*.conf}", "/etc/ld.so.conf.d/x.conf", true },
		{ "/{usr/,}lib{,32,64}/**.so*", "/lib64/x/libz.so.1", true },
		{ "/{usr/,}lib/@{multiarch}/**.so*", "/usr/lib/x86_64-linux-gnu/libc.so.6", true },
		{ "@{PROC}/@{pid}/{maps,auxv,status}", "/proc/1/status", true },
		{ "@{PROC}/@{pid}/{maps,auxv,status}", "/proc/self/status", false },
		{ "@{PROC}/sys/[^k]**", "/proc/sys/net/ipv4/ip_forward", true },
		{ "@{PROC}/sys/[^k]**", "/proc/sys/kernel/shmmax", false },
		{ "@{PROC}/sys/kernel/{?,??,[^s][^h][^m]**}", "/proc/sys/kernel/shmmax", false },
		{ "@{PROC}/sys/kernel/{?,??,[^s][^h][^m]**}", "/proc/sys/kernel/hostname", true },
		{ "@{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/**",
		  "/proc/1234/oom_score_adj", false },
		{ "@{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/**",
		  "/proc/sys/x", false },
		{ "@{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/**",
		  "/proc/acpi/x", true },
		{ "/sys/[^f]*/**", "/sys/kernel/mm/x", true },
		{ "/sys/fs/cg[^r]*/**", "/sys/fs/cgroup/x", false },
		{ "/\\*", "/*", true },
		{ "/\\*", "/x", false },
	};
	const char *parser = parser_path();

	NEED_PARSER(parser);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool ours = aa_glob_match(cases[i].pattern, cases[i].path);
		int theirs = parser_accepts(parser, cases[i].pattern, cases[i].path);

		CHECK_MSG(ours == cases[i].match && theirs == cases[i].match,
			  "case %zu: %s on %s: ours %d, parser %d, want %d", i, cases[i].pattern,
			  cases[i].path, ours, theirs, cases[i].match);
	}
}

TEST(hardening_denies_stay_unless_needed)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = generate("rec-files.json", NULL, &o), *a;

	CHECK(t);
	CHECK_LINE(t, "  deny @{PROC}/kcore rwklx,");
	CHECK_LINE(t, "  deny @{PROC}/sysrq-trigger rwklx,");
	CHECK_LINE(t, "  deny /sys/firmware/** rwklx,");
	CHECK_LINE(t, "  deny /sys/kernel/security/** rwklx,");
	CHECK_LINE(t, "  deny @{PROC}/* w,");	/* own /proc writes do not collide */
	CHECK_LINE(t, "  # left out, the workload needs it (/proc/sys/net/ipv4/ip_forward w): deny @{PROC}/sys/[^k]** w,");
	CHECK_NO_LINE(t, "  deny @{PROC}/sys/[^k]** w,");
	CHECK_LINE(t, "  # left out, the workload needs it (/sys/kernel/mm/transparent_hugepage/enabled w): deny /sys/[^f]*/** wklx,");
	CHECK_NO_LINE(t, "  deny network alg,");
	CHECK_NO_LINE(t, "  deny mount,");
	free(t);
	a = generate("rec-a.json", NULL, &o);
	CHECK(a);
	CHECK_LINE(a, "  deny mount,");
	CHECK_LINE(a, "  deny network alg,");
	CHECK_LINE(a, "  deny @{PROC}/sys/[^k]** w,");
	free(a);
}

TEST(complain_flags_every_profile)
{
	struct lp_apparmor_opts o = { .complain = true, .exec_mode = LP_AA_PX };
	char *t = generate("rec-files.json", NULL, &o);
	int profiles = 0;

	CHECK(t);
	for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n"))
		if (!strncmp(l + strspn(l, " "), "profile ", 8)) {
			profiles++;
			CHECK_MSG(strstr(l, "flags=(attach_disconnected,mediate_deleted,complain) {"), "%s", l);
		}
	CHECK_INT(profiles, 3);
	free(t);
}

TEST(output_is_deterministic_and_merge_order_free)
{
	struct lp_apparmor_opts o = { .exec_mode = LP_AA_CX };
	char *ab = generate("rec-a.json", "rec-b.json", &o), *ba = generate("rec-b.json", "rec-a.json", &o);
	char *f1 = generate("rec-files.json", "rec-odd.json", &o);
	char *f2 = generate("rec-odd.json", "rec-files.json", &o);
	char *f3 = generate("rec-files.json", "rec-odd.json", &o);

	CHECK_STR(ab, ba);
	CHECK_LINE(ab, "  # no recorded program runs /usr/lib/helper32: nothing enters this profile "
		   "unless you add an exec rule for it");
	CHECK_STR(f1, f2);
	CHECK_STR(f1, f3);
	free(ab);
	free(ba);
	free(f1);
	free(f2);
	free(f3);
}

TEST(bad_names_and_empty_recordings_fail_with_one_line)
{
	struct lp_apparmor_opts o = { .name = "a*b" };
	struct lp_recording *r = golden_recording("rec-a.json", NULL), *empty = rec_new();
	struct capture c;
	char *t, *err;

	capture_start(&c);
	t = apparmor_generate(r, &o);
	err = capture_end(&c);
	CHECK(!t);
	CHECK_STR(err, "learnprof: profile name 'a*b': only letters, digits, spaces and . _ + - may be used");
	free(err);
	CHECK_STR(lp_profile_name_problem(""), "it is empty");
	CHECK_STR(lp_profile_name_problem(" x"), "it starts or ends with a space");
	CHECK(!lp_profile_name_problem("my app-1.2_x+y"));
	o.name = NULL;
	rec_exe(empty, LP_EXE_UNATTRIBUTED);
	capture_start(&c);
	t = apparmor_generate(empty, &o);
	err = capture_end(&c);
	CHECK(!t);
	CHECK_STR(err, "learnprof: apparmor: the recording has no program to write a profile for");
	free(err);
	rec_free(r);
	rec_free(empty);
}

static void add_exec(struct lp_recording *r, const char *from, const char *to, const char *argv0)
{
	struct lp_fact f = { .s = { (char *)to, (char *)argv0 }, .count = 1 };

	exe_fact(rec_exe(r, from), LP_CAT_EXECUTES, &f);
	rec_exe(r, to);
}

static char *profile_line(const struct lp_recording *r)
{
	struct lp_apparmor_opts o = { 0 };
	char *t = apparmor_generate(r, &o), *p = t ? strstr(t, "\nprofile ") : NULL;
	char *line = p ? xasprintf("%.*s", (int)strcspn(p + 1, "\n"), p + 1) : NULL;

	free(t);
	return line;
}

/* A shim: "python3" runs env, env runs bash, bash runs env again and then
 * python3.11 as "python3". The exec graph has no root; argv[0] tells. */
TEST(the_main_program_behind_a_wrapper)
{
	struct lp_recording *r = rec_new();
	char *line;

	r->meta.command = xcalloc(2, sizeof(char *));
	r->meta.command[0] = xstrdup("python3");
	r->meta.ncommand = 1;
	add_exec(r, "/usr/bin/env", "/usr/bin/bash", "bash");
	add_exec(r, "/usr/bin/bash", "/usr/bin/env", "/usr/bin/env");
	add_exec(r, "/usr/bin/bash", "/usr/bin/readlink", "readlink");
	rec_sort(r);
	line = profile_line(r);
	/* no name matches, no root: the one that reaches the most, by path;
	 * the profile's name is the command's (lp_profile_name) */
	CHECK_STR(line, "profile learnprof-python3 /usr/bin/bash flags=(attach_disconnected,mediate_deleted) {");
	free(line);
	add_exec(r, "/usr/bin/bash", "/opt/py/bin/python3.11", "/opt/py/bin/python3");
	rec_sort(r);
	line = profile_line(r);
	CHECK_STR(line, "profile learnprof-python3 /opt/py/bin/python3.11 "
		  "flags=(attach_disconnected,mediate_deleted) {");
	free(line);
	rec_free(r);
}

/* Recorded strings reach comments (failures, "covers" examples, the
 * command): a newline in one must not start a rule. */
TEST(recorded_text_cannot_break_out_of_a_comment)
{
	static const char evil[] = "x\n  /etc/shadow rw,\n";
	struct lp_recording *r = rec_new();
	struct lp_apparmor_opts o = { 0 };
	struct lp_exe *e = rec_exe(r, "/usr/bin/app");
	const char *parser = parser_path();
	char *t, *p, *out = NULL;

	r->meta.command = xcalloc(2, sizeof(char *));
	r->meta.command[0] = xasprintf("/usr/bin/app%s", evil);
	r->meta.ncommand = 1;
	p = xasprintf("/srv/denied/%s", evil);
	file_add(exe_file(e, p), LP_F_READ, EACCES, LP_PATH_UNRESOLVED);
	free(p);
	for (int i = 0; i < 8; i++) {		/* an example of a widened rule */
		p = xasprintf("/srv/many/%c%s", 'a' + i, evil);
		file_add(exe_file(e, p), LP_F_READ, 0, 0);
		free(p);
	}
	rec_sort(r);
	t = apparmor_generate(r, &o);
	CHECK(t);
	CHECK_NO_LINE(t, "  /etc/shadow rw,");
	CHECK(!strstr(t, "\n  /etc/shadow"));
	CHECK_LINE(t, "  # denied while recording: /srv/denied/x\\x0a  /etc/shadow rw,\\x0a: read (EACCES)");
	CHECK(strstr(t, "#   /usr/bin/appx\\x0a  /etc/shadow rw,\\x0a\n"));
	CHECK_LINE(t, "  /srv/many/** r,");
	if (parser)
		CHECK_MSG(parse_text(parser, "--Werror", t, &out) == 0, "%s", out);
	free(out);
	free(t);
	rec_free(r);
	if (!parser)	/* the text was checked, not compiled */
		SKIP_MSG("%s: the profile was not compiled", NO_PARSER);
}

int main(void)
{
	unit_suite = "apparmor";
	RUN(golden_profiles);
	RUN(every_golden_profile_compiles);
	RUN(the_compile_check_can_fail);
	RUN(file_permissions_follow_what_the_kernel_checks);
	RUN(no_rule_has_a_bare_x_or_w_with_a);
	RUN(capabilities_network_signals_ptrace);
	RUN(child_profiles_name_each_other);
	RUN(discrete_profiles_are_not_attached);
	RUN(names_with_spaces_are_quoted_and_unique);
	RUN(widened_rules_say_what_they_cover);
	RUN(no_glob_writes_every_path_as_recorded);
	RUN(special_characters_are_escaped);
	RUN(the_parser_matches_escaped_paths_only_literally);
	RUN(widened_patterns_match_like_the_parser_says);
	RUN(glob_matcher_agrees_with_the_parser);
	RUN(hardening_denies_stay_unless_needed);
	RUN(complain_flags_every_profile);
	RUN(output_is_deterministic_and_merge_order_free);
	RUN(bad_names_and_empty_recordings_fail_with_one_line);
	RUN(the_main_program_behind_a_wrapper);
	RUN(recorded_text_cannot_break_out_of_a_comment);
	return unit_exit();
}
