// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Volatile names (include/volatile.h, docs/recording.md): the rules that
 * turn an observed path into its stable name, and the pass that re-keys a
 * recording's files by it.
 */
#include <stdlib.h>
#include <string.h>

#include "learnprof_abi.h"
#include "util.h"
#include "paths.h"
#include "volatile.h"

const struct lp_vol_rule lp_vol_rules[LP_VOL_COUNT] = {
	[LP_VOL_PROC_PID] = {
		"proc-pid", "/proc/4242/status -> /proc/<pid>/status",
		"a process's /proc directory, the task's own or another's: a pid differs "
		"in every run (/proc/1, init, stays)" },
	[LP_VOL_PROC_TID] = {
		"proc-tid", "/proc/<pid>/task/4243/comm -> /proc/<pid>/task/<tid>/comm",
		"a thread's directory under /proc/<pid>/task, the task's own or a "
		"sibling's (a server naming its workers)" },
	[LP_VOL_PID_IN_NAME] = {
		"pid-in-name", "pg_wal/xlogtemp.13300 -> pg_wal/xlogtemp.<pid>",
		"a name holding, after a non-digit, the pid of a task of the run that "
		"accessed a name with its own pid in it (seen by the recorder; every "
		"task of the run that uses the name then gets <pid> too)" },
	[LP_VOL_INODE] = {
		"inode-name", "/tmp/#10956604 -> /tmp/#<inode>",
		"an O_TMPFILE file: the kernel names an unlinked, never linked inode "
		"'#<inode number>'" },
	[LP_VOL_RANDOM] = {
		"temp-random", "/tmp/tmpzxl0xhgq.txt -> /tmp/tmp<random>.txt",
		"a random part of 6 to 12 of [A-Za-z0-9_] (mkstemp, mkdtemp, Python's "
		"tempfile) in a name the run created or removed below /tmp, /var/tmp, "
		"/dev/shm or /run/user/<uid> (so also below such a directory), or, "
		"elsewhere, after a '.', '-' or '_' in a name the run created and then "
		"removed or renamed away (state.json.Ab3dEf)" },
	[LP_VOL_NUMBER] = {
		"temp-number", "/dev/shm/PostgreSQL.1843526344 -> /dev/shm/PostgreSQL.<n>",
		"6 or more digits in a name the run created or removed below a temporary "
		"directory (random segment numbers)" },
};

int lp_vol_rule_from_name(const char *name)
{
	for (int i = 0; i < LP_VOL_COUNT; i++)
		if (!strcmp(lp_vol_rules[i].name, name))
			return i;
	return -1;
}

/* ---- evidence ------------------------------------------------------------ */

void lp_vol_ctx_init(struct lp_vol_ctx *c)
{
	memset(c, 0, sizeof(*c));
	strmap_init(&c->index);
}

void lp_vol_ctx_clear_files(struct lp_vol_ctx *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
	free(c->ev);
	strmap_free(&c->index);
	strmap_init(&c->index);
	c->paths = NULL;
	c->ev = NULL;
	c->n = c->cap = 0;
}

void lp_vol_ctx_free(struct lp_vol_ctx *c)
{
	lp_vol_ctx_clear_files(c);
	strmap_free(&c->index);
	free(c->pids);
	memset(c, 0, sizeof(*c));
}

void lp_vol_ctx_file(struct lp_vol_ctx *c, const char *path, uint32_t kinds)
{
	uint32_t ev = (kinds & LP_F_CREATE ? LP_VOL_MADE : 0) |
		      (kinds & (LP_F_DELETE | LP_F_RENAME) ? LP_VOL_GONE : 0);
	size_t i;

	if (strmap_get(&c->index, path, &i)) {
		c->ev[i] |= ev;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->paths = xrealloc(c->paths, c->cap * sizeof(*c->paths));
		c->ev = xrealloc(c->ev, c->cap * sizeof(*c->ev));
	}
	c->paths[c->n] = xstrdup(path);
	c->ev[c->n] = ev;
	strmap_put(&c->index, c->paths[c->n], c->n);
	c->n++;
}

static uint32_t ctx_evidence(const struct lp_vol_ctx *c, const char *path)
{
	size_t i;

	return c && strmap_get(&c->index, path, &i) ? c->ev[i] : 0;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Digit runs that pid-in-name may fold: maximal, after a non-digit of the
 * component (never its start: relation files such as 16384_fsm keep their
 * number), at least LP_VOL_PID_MIN_DIGITS long. */
static bool pid_run(const char *comp, size_t s, size_t e)
{
	return s > 0 && e - s >= LP_VOL_PID_MIN_DIGITS && e - s <= 10;
}

static bool ctx_has_pid(const struct lp_vol_ctx *c, unsigned long v)
{
	for (size_t i = 0; c && i < c->npids; i++)
		if (c->pids[i] == v)
			return true;
	return false;
}

void lp_vol_ctx_task(struct lp_vol_ctx *c, const char *path, uint32_t tgid, uint32_t tid)
{
	const char *p = path, *comp = path;

	for (; *p; p++) {
		size_t s, e;
		unsigned long v;

		if (*p == '/') {
			comp = p + 1;
			continue;
		}
		if (!is_digit(*p) || (p > comp && is_digit(p[-1])))
			continue;
		s = p - comp;
		for (e = s; is_digit(comp[e]); e++)
			;
		if (!pid_run(comp, s, e))
			continue;
		v = strtoul(comp + s, NULL, 10);
		if ((v == tgid || v == tid) && !ctx_has_pid(c, v))
			*LP_PUSH(c->pids, c->npids, c->cappids) = (uint32_t)v;
	}
}

bool lp_vol_own_proc(const char *path, uint32_t tgid, uint32_t tid)
{
	unsigned long n;
	char *end;

	if (strncmp(path, "/proc/", 6) || !is_digit(path[6]))
		return false;
	n = strtoul(path + 6, &end, 10);
	return (!*end || *end == '/') && (n == tgid || n == tid);
}

/* ---- random parts -------------------------------------------------------- */

static bool rand_char(char ch, bool underscore)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) ||
	       (underscore && ch == '_');
}

/* Is name[s, e) random? See docs/recording.md, "Volatile names". */
static bool random_run(const char *name, size_t s, size_t e, bool transient, bool temp)
{
	bool up = false, low = false, dig = false;
	size_t len = e - s;

	if (len < LP_VOL_RANDOM_MIN || len > LP_VOL_RANDOM_MAX)
		return false;
	if (s == 0 && len != 6 && len != 8)
		return false;		/* a whole name: mkstemp's 6 or Python's 8 */
	for (size_t i = s; i < e; i++) {
		up |= name[i] >= 'A' && name[i] <= 'Z';
		low |= name[i] >= 'a' && name[i] <= 'z';
		dig |= is_digit(name[i]);
	}
	if (up && low)
		return true;		/* mkstemp's XXXXXX */
	if (dig && (up || low) && len >= 8)
		return true;		/* letters and digits */
	if (temp && len == 8 && (up || low) &&
	    (transient || (s == 3 && !strncmp(name, "tmp", 3))))
		return true;		/* Python's tempfile: 8 of [a-z0-9_] */
	return false;
}

/* The run of random characters that ends at e, tried with and without '_'
 * (a prefix such as "my_app_" ends in one). */
static size_t random_ending(const char *name, size_t e, bool transient, bool temp,
			    size_t *start)
{
	for (int u = 1; u >= 0; u--) {
		size_t s = e;

		while (s > 0 && rand_char(name[s - 1], u))
			s--;
		if (s == 0 && e > 3 && !strncmp(name, "tmp", 3))
			s = 3;		/* "tmp" + the random part */
		if (!temp && (s == 0 || !strchr(".-_", name[s - 1])) &&
		    !(s == 3 && !strncmp(name, "tmp", 3)))
			continue;	/* elsewhere only after a separator */
		if (random_run(name, s, e, transient, temp)) {
			*start = s;
			return e - s;
		}
	}
	return 0;
}

/* Where the stem before a suffix ends: a '.' followed by 1 to 8 letters
 * and digits, at least one a letter, before e. Returns e when there is
 * none ("PostgreSQL.477693" has no suffix). */
static size_t strip_suffix(const char *name, size_t e)
{
	size_t d = e;
	bool letter = false;

	while (d > 0 && name[d - 1] != '.' && e - d < 9)
		d--;
	if (d > 1 && name[d - 1] == '.' && e - d >= 1 && e - d <= 8) {
		for (size_t i = d; i < e; i++) {
			if (!rand_char(name[i], false))
				return e;
			letter |= !is_digit(name[i]);
		}
		return letter ? d - 1 : e;
	}
	return e;
}

size_t lp_vol_random_part(const char *name, bool transient, bool temp, size_t *start)
{
	size_t e = strlen(name), len;

	/* The whole name, then without one suffix, then without two. */
	for (int tries = 0; tries < 3; tries++) {
		len = random_ending(name, e, transient, temp, start);
		if (len)
			return len;
		if (strip_suffix(name, e) == e)
			break;
		e = strip_suffix(name, e);
	}
	return 0;
}

/* ---- one path ------------------------------------------------------------ */

/* How many components a temporary directory's root has (0: not below one). */
static size_t temp_root(char **comps, size_t n)
{
	if (n >= 2 && !strcmp(comps[0], "tmp"))
		return 1;
	if (n >= 3 && ((!strcmp(comps[0], "var") && !strcmp(comps[1], "tmp")) ||
		       (!strcmp(comps[0], "dev") && !strcmp(comps[1], "shm"))))
		return 2;
	if (n >= 4 && !strcmp(comps[0], "run") && !strcmp(comps[1], "user") &&
	    all_digits(comps[2], strlen(comps[2])))
		return 3;
	return 0;
}

struct vpath {
	char **comps;		/* literal components */
	char **out;		/* stable components */
	size_t n;
	uint32_t rules;
};

static void set_out(struct vpath *v, size_t i, char *text, int rule)
{
	free(v->out[i]);
	v->out[i] = text;
	v->rules |= 1U << rule;
}

static void proc_ids(struct vpath *v)
{
	char *c1 = v->comps[1];

	if (all_digits(c1, strlen(c1)) && strcmp(c1, "1"))
		set_out(v, 1, xstrdup("<pid>"), LP_VOL_PROC_PID);
	if (v->n >= 4 && !strcmp(v->comps[2], "task") &&
	    all_digits(v->comps[3], strlen(v->comps[3])) && strcmp(v->out[1], "1"))
		set_out(v, 3, xstrdup("<tid>"), LP_VOL_PROC_TID);
}

/* Replace digit runs of comp that `fold` accepts by repl. */
static char *replace_runs(const char *comp, const char *repl, size_t min, bool anywhere,
			  const struct lp_vol_ctx *c, bool *changed)
{
	struct strbuf sb;

	sb_init(&sb);
	*changed = false;
	for (size_t i = 0; comp[i];) {
		size_t e = i;
		bool fold;

		if (!is_digit(comp[i])) {
			sb_add(&sb, comp + i++, 1);
			continue;
		}
		while (is_digit(comp[e]))
			e++;
		if (anywhere)
			fold = e - i >= min;
		else
			fold = pid_run(comp, i, e) && ctx_has_pid(c, strtoul(comp + i, NULL, 10));
		if (fold) {
			sb_puts(&sb, repl);
			*changed = true;
		} else {
			sb_add(&sb, comp + i, e - i);
		}
		i = e;
	}
	return sb_detach(&sb);
}

static void pid_in_name(struct vpath *v, size_t i, const struct lp_vol_ctx *c)
{
	bool changed;
	char *t;

	if (!c || !c->npids)
		return;
	t = replace_runs(v->out[i], "<pid>", 0, false, c, &changed);
	if (changed)
		set_out(v, i, t, LP_VOL_PID_IN_NAME);
	else
		free(t);
}

static bool inode_name(struct vpath *v, size_t i, uint32_t flags)
{
	const char *s = v->out[i];

	if (i + 1 != v->n || !(flags & LP_PATH_DELETED) || s[0] != '#' ||
	    !all_digits(s + 1, strlen(s + 1)))
		return false;
	set_out(v, i, xstrdup("#<inode>"), LP_VOL_INODE);
	return true;
}

/* The literal path of components [0, i]. */
static char *prefix_path(const struct vpath *v, size_t i)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t k = 0; k <= i; k++)
		sb_printf(&sb, "/%s", v->comps[k]);
	return sb_detach(&sb);
}

/*
 * A component that the run created or removed (itself, by its own entry):
 * below a temporary directory a random part, or else a long number;
 * elsewhere only a random part after a separator, in a name the run both
 * created and removed or renamed away (write-then-rename: state.json.Ab3dEf).
 */
static void temp_component(struct vpath *v, size_t i, const struct lp_vol_ctx *c, bool temp)
{
	char *pre = prefix_path(v, i), *t;
	uint32_t ev = ctx_evidence(c, pre);
	const char *s = v->out[i];
	size_t start, len;
	bool changed;

	free(pre);
	if (!ev || (!temp && ev != (LP_VOL_MADE | LP_VOL_GONE)))
		return;
	len = lp_vol_random_part(s, ev == (LP_VOL_MADE | LP_VOL_GONE), temp, &start);
	if (len) {
		set_out(v, i, xasprintf("%.*s<random>%s", (int)start, s, s + start + len),
			LP_VOL_RANDOM);
		return;
	}
	if (!temp)
		return;
	t = replace_runs(s, "<n>", LP_VOL_NUMBER_MIN_DIGITS, true, c, &changed);
	if (changed)
		set_out(v, i, t, LP_VOL_NUMBER);
	else
		free(t);
}

char *lp_vol_stable(const struct lp_vol_ctx *c, const char *path, uint32_t flags,
		    uint32_t *rules)
{
	struct vpath v = { 0 };
	struct strbuf sb;
	size_t root;

	*rules = 0;
	if (path[0] != '/' || (flags & (LP_PATH_TRUNCATED | LP_PATH_DETACHED | LP_PATH_FAULT)))
		return xstrdup(path);
	v.comps = lp_path_split(path, &v.n);
	v.out = xcalloc(v.n + 1, sizeof(*v.out));
	for (size_t i = 0; i < v.n; i++)
		v.out[i] = xstrdup(v.comps[i]);
	root = temp_root(v.comps, v.n);
	if (v.n >= 2 && !strcmp(v.comps[0], "proc"))
		proc_ids(&v);
	for (size_t i = 0; i < v.n; i++) {
		if (v.n >= 2 && !strcmp(v.comps[0], "proc") && i <= 3)
			continue;
		pid_in_name(&v, i, c);
		if (inode_name(&v, i, flags))
			continue;
		temp_component(&v, i, c, root && i >= root);
	}
	sb_init(&sb);
	for (size_t i = 0; i < v.n; i++) {
		sb_printf(&sb, "/%s", v.out[i]);
		free(v.out[i]);
		free(v.comps[i]);
	}
	if (!v.n)
		sb_puts(&sb, "/");
	free(v.out);
	free(v.comps);
	*rules = v.rules;
	return sb_detach(&sb);
}
