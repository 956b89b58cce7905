// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What AppArmor 3.0 already grants or forbids, and its names
 * (include/apparmor_rules.h). Everything here is a table: the generator
 * never reads /etc/apparmor.d while it runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor_rules.h"
#include "names.h"
#include "util.h"

uint32_t aa_perms_parse(const char *s)
{
	uint32_t p = 0;

	for (; *s; s++) {
		switch (*s) {
		case 'r': p |= AA_R; break;
		case 'w': p |= AA_W | AA_A; break;
		case 'a': p |= AA_A; break;
		case 'l': p |= AA_L; break;
		case 'k': p |= AA_K; break;
		case 'm': p |= AA_M; break;
		case 'x': p |= AA_X; break;
		}
	}
	return p;
}

const char *aa_perms_text(uint32_t perms)
{
	static __thread char buf[8];
	char *o = buf;

	if (perms & AA_R)
		*o++ = 'r';
	if (perms & AA_W)
		*o++ = 'w';
	else if (perms & AA_A)
		*o++ = 'a';
	if (perms & AA_L)
		*o++ = 'l';
	if (perms & AA_K)
		*o++ = 'k';
	if (perms & AA_M)
		*o++ = 'm';
	*o = '\0';
	return buf;
}

/* ---- globs ------------------------------------------------------------- */

/*
 * Variables of tunables/global as Debian 12's apparmor 3.0.8 sets them
 * (/etc/apparmor.d/tunables/{proc,sys,run,etc,multiarch,kernelvars}).
 * @{pid} is 1 to 7 digits without a leading zero there; [1-9]* is close
 * enough for the paths a recording holds.
 */
static const struct {
	const char *name, *value;
} tunables[] = {
	{ "@{PROC}", "/proc/" },
	{ "@{sys}", "/sys/" },
	{ "@{run}", "{/run/,/var/run/}" },
	{ "@{etc_ro}", "{/etc/,/usr/etc/}" },
	{ "@{multiarch}", "*-linux-gnu*" },
	{ "@{pid}", "[1-9]*" },
	{ "@{tid}", "[1-9]*" },
};

#define GLOB_MAX 1024

/* Expand the variables into out. */
static bool expand_vars(const char *p, char *out)
{
	size_t o = 0;

	while (*p) {
		const char *v = p;
		size_t vl = (*p == '\\' && p[1]) ? 2 : 1, skip = vl;

		for (size_t i = 0; i < ARRAY_SIZE(tunables); i++) {
			size_t nl = strlen(tunables[i].name);

			if (!strncmp(p, tunables[i].name, nl)) {
				v = tunables[i].value;
				vl = strlen(v);
				skip = nl;
				break;
			}
		}
		for (size_t i = 0; i < vl; i++) {
			if (o + 1 >= GLOB_MAX)
				return false;
			out[o++] = v[i];
		}
		p += skip;
	}
	out[o] = '\0';
	return true;
}

/* p at '['; is c in the class? *end gets the closing ']'. */
static bool class_match(const char *p, unsigned char c, const char **end)
{
	bool neg = false, in = false;

	if (*++p == '^')
		neg = true, p++;
	for (; *p && *p != ']'; p++) {
		unsigned char lo = *p, hi;

		if (*p == '\\' && p[1])
			lo = *++p;
		hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']')
			hi = p[2], p += 2;
		if (c >= lo && c <= hi)
			in = true;
	}
	*end = p;
	return *p && in != neg;
}

static bool match_from(const char *p0, const char *p, const char *s);

/* p at a run of '*': "**" crosses '/', and right after '/' one character
 * (not '/') is needed, as the parser compiles them. */
static bool match_star(const char *p0, const char *p, const char *s)
{
	bool any = p[1] == '*', need = p > p0 && p[-1] == '/';

	while (*p == '*')
		p++;
	if (need) {
		if (!*s || *s == '/')
			return false;
		s++;
	}
	for (;; s++) {
		if (match_from(p0, p, s))
			return true;
		if (!*s || (!any && *s == '/'))
			return false;
	}
}

static bool match_from(const char *p0, const char *p, const char *s)
{
	const char *e;

	for (;; p++, s++) {
		switch (*p) {
		case '\0':
			return !*s;
		case '*':
			return match_star(p0, p, s);
		case '?':
			if (!*s || *s == '/')
				return false;
			break;
		case '[':
			if (!*s || !class_match(p, *s, &e))
				return false;
			p = e;
			break;
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*p != *s)
				return false;
		}
	}
}

/* The first unescaped '{' and its '}', or NULL. */
static const char *find_braces(const char *p, const char **close)
{
	const char *o = NULL;
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '{' && !depth++)
			o = p;
		else if (*p == '}' && depth && !--depth) {
			*close = p;
			return o;
		}
	}
	return NULL;
}

/* Every alternative of the {..} groups, each with "//" made one slash as
 * the parser reads it ("{/etc/,/usr/etc/}/x" leaves one behind). */
static void expand_braces(const char *pat, struct strlist *out)
{
	const char *close, *open = find_braces(pat, &close), *a;
	int depth = 0;

	if (!open) {
		char *s = xstrdup(pat);
		size_t o = 0;

		for (const char *c = pat; *c; c++)
			if (!(*c == '/' && o && s[o - 1] == '/'))
				s[o++] = *c;
		s[o] = '\0';
		sl_add(out, s);
		return;
	}
	a = open + 1;
	for (const char *q = a; q <= close; q++) {
		if (*q == '\\' && q < close) {
			q++;
			continue;
		}
		depth += (*q == '{') - (*q == '}' && q < close);
		if ((*q == ',' && !depth) || q == close) {
			char *alt = xasprintf("%.*s%.*s%s", (int)(open - pat), pat, (int)(q - a), a,
					      close + 1);

			expand_braces(alt, out);
			free(alt);
			a = q + 1;
		}
	}
}

/* A pattern made ready to match many paths: variables and braces expanded,
 * and the literal start of each alternative, to skip most paths quickly. */
struct glob {
	struct strlist alts;
	size_t *lit;
};

static void glob_compile(struct glob *g, const char *pattern)
{
	char buf[GLOB_MAX];

	memset(g, 0, sizeof(*g));
	if (!expand_vars(pattern, buf))
		return;
	expand_braces(buf, &g->alts);
	g->lit = xcalloc(g->alts.n, sizeof(*g->lit));
	for (size_t i = 0; i < g->alts.n; i++)
		g->lit[i] = strcspn(g->alts.v[i], "*?[\\");
}

static bool glob_matches(const struct glob *g, const char *path)
{
	for (size_t i = 0; i < g->alts.n; i++) {
		const char *a = g->alts.v[i];

		if (!strncmp(a, path, g->lit[i]) && match_from(a, a, path))
			return true;
	}
	return false;
}

static void glob_free(struct glob *g)
{
	sl_free(&g->alts);
	free(g->lit);
}

bool aa_glob_match(const char *pattern, const char *path)
{
	struct glob g;
	bool m;

	glob_compile(&g, pattern);
	m = glob_matches(&g, path);
	glob_free(&g);
	return m;
}

/* ---- abstractions/base ------------------------------------------------- */

/*
 * The file rules of abstractions/base and of abstractions/crypto, which it
 * includes, verbatim from Debian 12's apparmor 3.0.8
 * (/etc/apparmor.d/abstractions/base, /etc/apparmor.d/abstractions/crypto).
 * Left out: the owner-qualified rules (they hold only for the task's own
 * files) and base.d (local additions, unknown here).
 */
static const struct {
	const char *pattern, *perms;
} base_rules[] = {
	/* abstractions/crypto */
	{ "@{etc_ro}/gcrypt/hwf.deny", "r" },
	{ "@{etc_ro}/gcrypt/random.conf", "r" },
	{ "@{PROC}/sys/crypto/fips_enabled", "r" },
	{ "@{PROC}/sys/crypto/*", "r" },
	{ "/etc/crypto-policies/*/*.txt", "r" },
	{ "/usr/share/crypto-policies/*/*.txt", "r" },
	/* abstractions/base */
	{ "/dev/log", "w" },
	{ "/dev/random", "r" },
	{ "/dev/urandom", "r" },
	{ "@{run}/uuidd/request", "r" },
	{ "@{etc_ro}/locale/**", "r" },
	{ "@{etc_ro}/locale.alias", "r" },
	{ "@{etc_ro}/localtime", "r" },
	{ "/etc/writable/localtime", "r" },
	{ "/usr/share/locale-bundle/**", "r" },
	{ "/usr/share/locale-langpack/**", "r" },
	{ "/usr/share/locale/**", "r" },
	{ "/usr/share/**/locale/**", "r" },
	{ "/usr/share/zoneinfo/", "r" },
	{ "/usr/share/zoneinfo/**", "r" },
	{ "/usr/share/X11/locale/**", "r" },
	{ "@{run}/systemd/journal/dev-log", "w" },
	{ "@{run}/systemd/journal/socket", "w" },
	{ "@{run}/systemd/journal/stdout", "rw" },
	{ "/usr/lib{,32,64}/locale/**", "mr" },
	{ "/usr/lib{,32,64}/gconv/*.so", "mr" },
	{ "/usr/lib{,32,64}/gconv/gconv-modules*", "mr" },
	{ "/usr/lib/@{multiarch}/gconv/*.so", "mr" },
	{ "/usr/lib/@{multiarch}/gconv/gconv-modules*", "mr" },
	{ "@{etc_ro}/bindresvport.blacklist", "r" },
	{ "@{etc_ro}/ld.so.cache", "mr" },
	{ "@{etc_ro}/ld.so.conf", "r" },
	{ "@{etc_ro}/ld.so.conf.d/{,*.conf}", "r" },
	{ "@{etc_ro}/ld.so.preload", "r" },
	{ "/{usr/,}lib{,32,64}/ld{,32,64}-*.so", "mr" },
	{ "/{usr/,}lib/@{multiarch}/ld{,32,64}-*.so", "mr" },
	{ "/{usr/,}lib/tls/i686/{cmov,nosegneg}/ld-*.so", "mr" },
	{ "/{usr/,}lib/i386-linux-gnu/tls/i686/{cmov,nosegneg}/ld-*.so", "mr" },
	{ "/opt/*-linux-uclibc/lib/ld-uClibc*so*", "mr" },
	{ "/{usr/,}lib{,32,64}/**", "r" },
	{ "/{usr/,}lib{,32,64}/**.so*", "mr" },
	{ "/{usr/,}lib/@{multiarch}/**", "r" },
	{ "/{usr/,}lib/@{multiarch}/**.so*", "mr" },
	{ "/{usr/,}lib/tls/i686/{cmov,nosegneg}/*.so*", "mr" },
	{ "/{usr/,}lib/i386-linux-gnu/tls/i686/{cmov,nosegneg}/*.so*", "mr" },
	{ "/{usr/,}lib{,32,64}/.lib*.so*.hmac", "r" },
	{ "/{usr/,}lib/@{multiarch}/.lib*.so*.hmac", "r" },
	{ "/dev/null", "rw" },
	{ "/dev/zero", "rw" },
	{ "/dev/full", "rw" },
	{ "@{PROC}/sys/kernel/version", "r" },
	{ "@{PROC}/sys/kernel/ngroups_max", "r" },
	{ "@{PROC}/meminfo", "r" },
	{ "@{PROC}/stat", "r" },
	{ "@{PROC}/cpuinfo", "r" },
	{ "@{sys}/devices/system/cpu/", "r" },
	{ "@{sys}/devices/system/cpu/online", "r" },
	{ "@{sys}/devices/system/cpu/possible", "r" },
	{ "@{PROC}/@{pid}/{maps,auxv,status}", "r" },
	{ "@{PROC}/sys/crypto/*", "r" },
	{ "/usr/share/common-licenses/**", "r" },
	{ "@{PROC}/filesystems", "r" },
	{ "@{PROC}/sys/vm/overcommit_memory", "r" },
	{ "@{PROC}/sys/kernel/cap_last_cap", "r" },
};

uint32_t aa_base_grants(const char *path)
{
	/* compiled once: the tables never change */
	static struct glob globs[ARRAY_SIZE(base_rules)];
	static bool ready;
	uint32_t p = 0;

	for (size_t i = 0; !ready && i < ARRAY_SIZE(base_rules); i++)
		glob_compile(&globs[i], base_rules[i].pattern);
	ready = true;
	for (size_t i = 0; i < ARRAY_SIZE(base_rules); i++)
		if (glob_matches(&globs[i], path))
			p |= aa_perms_parse(base_rules[i].perms);
	return p;
}

/* ---- Docker's hardening ------------------------------------------------ */

/*
 * The denies of Docker's docker-default profile (moby/profiles,
 * apparmor/template.go), plus "deny network alg" after Docker's seccomp
 * profile, which refuses AF_ALG sockets.
 */
#define DENY_FILE(pat, p) \
	{ .kind = AA_DENY_FILE, .rule = "deny " pat " " p, .pattern = pat, .perms = p }

const struct aa_deny aa_docker_denies[] = {
	DENY_FILE("@{PROC}/*", "w"),
	DENY_FILE("@{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],"
		  "[^1-9/][^0-9/][^0-9/][^0-9/]*}/**", "w"),
	DENY_FILE("@{PROC}/sys/[^k]**", "w"),
	DENY_FILE("@{PROC}/sys/kernel/{?,??,[^s][^h][^m]**}", "w"),
	DENY_FILE("@{PROC}/sysrq-trigger", "rwklx"),
	DENY_FILE("@{PROC}/kcore", "rwklx"),
	{ .kind = AA_DENY_MOUNT, .rule = "deny mount" },
	DENY_FILE("/sys/[^f]*/**", "wklx"),
	DENY_FILE("/sys/f[^s]*/**", "wklx"),
	DENY_FILE("/sys/fs/[^c]*/**", "wklx"),
	DENY_FILE("/sys/fs/c[^g]*/**", "wklx"),
	DENY_FILE("/sys/fs/cg[^r]*/**", "wklx"),
	DENY_FILE("/sys/firmware/**", "rwklx"),
	DENY_FILE("/sys/devices/virtual/powercap/**", "rwklx"),
	DENY_FILE("/sys/kernel/security/**", "rwklx"),
	{ .kind = AA_DENY_NETWORK, .rule = "deny network alg", .family = "alg" },
};
const size_t aa_ndocker_denies = ARRAY_SIZE(aa_docker_denies);

bool aa_deny_matches(size_t i, const char *path)
{
	static struct glob globs[ARRAY_SIZE(aa_docker_denies)];
	static bool ready;

	for (size_t k = 0; !ready && k < ARRAY_SIZE(aa_docker_denies); k++)
		if (aa_docker_denies[k].pattern)
			glob_compile(&globs[k], aa_docker_denies[k].pattern);
	ready = true;
	return i < ARRAY_SIZE(aa_docker_denies) && glob_matches(&globs[i], path);
}

bool aa_is_mount_syscall(const char *name)
{
	static const char *const names[] = {
		"mount", "umount", "umount2", "move_mount", "fsmount", "mount_setattr",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* ---- names ------------------------------------------------------------- */

const char *aa_capability_name(const char *cap)
{
	static __thread char buf[32];
	int nr = lp_cap_from_name(cap);
	const char *n = nr >= 0 ? lp_cap_name(nr) : NULL;
	size_t i;

	/* apparmor_parser 3.0.8 knows chown (0) .. checkpoint_restore (40) */
	if (!n || nr >= LP_CAP_COUNT || strncmp(n, "CAP_", 4))
		return NULL;
	for (i = 0; n[i + 4] && i < sizeof(buf) - 1; i++)
		buf[i] = n[i + 4] >= 'A' && n[i + 4] <= 'Z' ? n[i + 4] - 'A' + 'a' : n[i + 4];
	buf[i] = '\0';
	return buf;
}

/*
 * Signal names of the 3.0 parser (parser/signal.cc), by kernel signal
 * number; the kernel maps SIGRTMIN (32) + n to rtmin+n
 * (security/apparmor/include/sig_names.h).
 */
const char *aa_signal_name(int sig)
{
	static const char *const names[32] = {
		NULL, "hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill",
		"usr1", "segv", "usr2", "pipe", "alrm", "term", "stkflt", "chld", "cont",
		"stop", "stp", "ttin", "ttou", "urg", "xcpu", "xfsz", "vtalrm", "prof",
		"winch", "io", "pwr", "sys",
	};
	static __thread char buf[16];

	if (sig > 0 && sig < 32)
		return names[sig];
	if (sig >= 32 && sig <= 64) {
		snprintf(buf, sizeof(buf), "rtmin+%d", sig - 32);
		return buf;
	}
	return NULL;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* Checked one by one with apparmor_parser 3.0.8 (decnet and the numbers
 * learnprof writes for unnamed families are refused). */
bool aa_family_known(const char *family)
{
	static const char *const families[] = {
		"unix", "inet", "ax25", "ipx", "appletalk", "netrom", "bridge", "atmpvc",
		"x25", "inet6", "rose", "netbeui", "security", "key", "netlink", "packet",
		"ash", "econet", "atmsvc", "rds", "sna", "irda", "pppox", "wanpipe", "llc",
		"ib", "mpls", "can", "tipc", "bluetooth", "iucv", "rxrpc", "isdn", "phonet",
		"ieee802154", "caif", "alg", "nfc", "vsock", "kcm", "qipcrtr", "smc", "xdp",
		"mctp",
	};

	return in_list(families, ARRAY_SIZE(families), family);
}

bool aa_socktype_known(const char *type)
{
	static const char *const types[] = {
		"stream", "dgram", "seqpacket", "rdm", "raw", "packet",
	};

	return in_list(types, ARRAY_SIZE(types), type);
}
