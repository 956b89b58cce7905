// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Landlock policy model (include/landlock.h): rights by name and ABI,
 * landlockconfig's groups, rules, variables and their expansion.
 */
#include <stdlib.h>
#include <string.h>

#include "landlock.h"
#include "landlock_uapi.h"

/* Names as landlockconfig spells them; ABIs from the kernel's
 * Documentation/userspace-api/landlock.rst. */
const struct ll_right ll_rights[] = {
	{ "execute",		LL_FS, LANDLOCK_ACCESS_FS_EXECUTE, 1 },
	{ "write_file",		LL_FS, LANDLOCK_ACCESS_FS_WRITE_FILE, 1 },
	{ "read_file",		LL_FS, LANDLOCK_ACCESS_FS_READ_FILE, 1 },
	{ "read_dir",		LL_FS, LANDLOCK_ACCESS_FS_READ_DIR, 1 },
	{ "remove_dir",		LL_FS, LANDLOCK_ACCESS_FS_REMOVE_DIR, 1 },
	{ "remove_file",	LL_FS, LANDLOCK_ACCESS_FS_REMOVE_FILE, 1 },
	{ "make_char",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_CHAR, 1 },
	{ "make_dir",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_DIR, 1 },
	{ "make_reg",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_REG, 1 },
	{ "make_sock",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_SOCK, 1 },
	{ "make_fifo",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_FIFO, 1 },
	{ "make_block",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_BLOCK, 1 },
	{ "make_sym",		LL_FS, LANDLOCK_ACCESS_FS_MAKE_SYM, 1 },
	{ "refer",		LL_FS, LANDLOCK_ACCESS_FS_REFER, 2 },
	{ "truncate",		LL_FS, LANDLOCK_ACCESS_FS_TRUNCATE, 3 },
	{ "ioctl_dev",		LL_FS, LANDLOCK_ACCESS_FS_IOCTL_DEV, 5 },
	{ "bind_tcp",		LL_NET, LANDLOCK_ACCESS_NET_BIND_TCP, 4 },
	{ "connect_tcp",	LL_NET, LANDLOCK_ACCESS_NET_CONNECT_TCP, 4 },
	{ "abstract_unix_socket", LL_SCOPE, LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET, 6 },
	{ "signal",		LL_SCOPE, LANDLOCK_SCOPE_SIGNAL, 6 },
};
const size_t ll_nrights = ARRAY_SIZE(ll_rights);

_Static_assert(LL_FS_EXECUTE == LANDLOCK_ACCESS_FS_EXECUTE &&
	       LL_FS_READ_DIR == LANDLOCK_ACCESS_FS_READ_DIR &&
	       LL_FS_REFER == LANDLOCK_ACCESS_FS_REFER &&
	       LL_FS_TRUNCATE == LANDLOCK_ACCESS_FS_TRUNCATE &&
	       LL_FS_IOCTL_DEV == LANDLOCK_ACCESS_FS_IOCTL_DEV, "LL_FS_* are the kernel's bits");

const struct ll_right *ll_right_find(enum ll_kind kind, const char *name)
{
	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && !strcmp(ll_rights[i].name, name))
			return &ll_rights[i];
	return NULL;
}

const struct ll_right *ll_right_of(enum ll_kind kind, uint64_t bit)
{
	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && ll_rights[i].bit == bit)
			return &ll_rights[i];
	return NULL;
}

uint64_t ll_all(enum ll_kind kind, int abi)
{
	uint64_t m = 0;

	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && ll_rights[i].abi <= abi)
			m |= ll_rights[i].bit;
	return m;
}

/* landlockconfig src/parser.rs (commit bdffdcd14e6c), AbiGroupFs:
 *   ReadExecute => AccessFs::from_read(abi) | (AccessFs::from_all(abi) & AccessFs::Refer)
 *   ReadWrite   => AccessFs::from_all(abi) & !AccessFs::Execute
 * with from_read = Execute | ReadFile | ReadDir (its test_v1_read_execute). */
uint64_t ll_read_execute(int abi)
{
	return LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR |
	       (ll_all(LL_FS, abi) & LL_FS_REFER);
}

uint64_t ll_read_write(int abi)
{
	return ll_all(LL_FS, abi) & ~LL_FS_EXECUTE;
}

char *ll_rights_text(enum ll_kind kind, uint64_t mask)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_puts(&sb, "");
	for (size_t i = 0; i < ll_nrights; i++)
		if (ll_rights[i].kind == kind && (mask & ll_rights[i].bit))
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", ll_rights[i].name);
	return sb_detach(&sb);
}

struct ll_policy *ll_policy_new(int abi)
{
	struct ll_policy *p = xcalloc(1, sizeof(*p));

	p->abi = abi;
	return p;
}

void ll_policy_free(struct ll_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->npaths; i++) {
		sl_free(&p->paths[i].parents);
		free(p->paths[i].comment);
	}
	for (size_t i = 0; i < p->nports; i++) {
		free(p->ports[i].ports);
		free(p->ports[i].comment);
	}
	for (size_t i = 0; i < p->nvars; i++) {
		free(p->vars[i].name);
		sl_free(&p->vars[i].literals);
	}
	free(p->paths);
	free(p->ports);
	free(p->vars);
	free(p->comment);
	free(p);
}

struct ll_path_rule *ll_add_path(struct ll_policy *p, uint64_t access, const char *comment)
{
	struct ll_path_rule *r = LP_PUSH(p->paths, p->npaths, p->paths_cap);

	memset(r, 0, sizeof(*r));
	r->access = access;
	r->comment = comment ? xstrdup(comment) : NULL;
	return r;
}

struct ll_port_rule *ll_add_port(struct ll_policy *p, uint64_t access, const char *comment)
{
	struct ll_port_rule *r = LP_PUSH(p->ports, p->nports, p->ports_cap);

	memset(r, 0, sizeof(*r));
	r->access = access;
	r->comment = comment ? xstrdup(comment) : NULL;
	return r;
}

void ll_port_add(struct ll_port_rule *r, uint64_t port)
{
	*LP_PUSH(r->ports, r->nports, r->cap) = port;
}

struct ll_variable *ll_add_variable(struct ll_policy *p, const char *name)
{
	struct ll_variable *v;

	for (size_t i = 0; i < p->nvars; i++)
		if (!strcmp(p->vars[i].name, name))
			return &p->vars[i];
	v = LP_PUSH(p->vars, p->nvars, p->vars_cap);
	memset(v, 0, sizeof(*v));
	v->name = xstrdup(name);
	return v;
}

bool ll_var_name_ok(const char *name)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

	if (!*name || !strchr(alpha, *name))
		return false;
	return strspn(name, "_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
	       strlen(name);
}

static const struct ll_variable *find_var(const struct ll_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nvars; i++)
		if (!strcmp(p->vars[i].name, name))
			return &p->vars[i];
	return NULL;
}

/* Append to every prefix in *acc each of the n alternatives. */
static void cross(struct strlist *acc, char *const *alt, size_t n)
{
	struct strlist out = { 0 };

	for (size_t i = 0; i < acc->n; i++)
		for (size_t k = 0; k < n; k++)
			sl_addf(&out, "%s%s", acc->v[i], alt[k]);
	sl_free(acc);
	*acc = out;
}

/* The text from s up to the next "${" (with "$$" unescaped); *end after it. */
static char *text_token(const char *s, const char **end)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_puts(&sb, "");
	while (*s && !(s[0] == '$' && s[1] == '{')) {
		if (s[0] == '$' && s[1] == '$')
			s++;
		sb_add(&sb, s++, 1);
	}
	*end = s;
	return sb_detach(&sb);
}

int ll_expand(const struct ll_policy *p, const char *tmpl, struct strlist *out, char **why)
{
	struct strlist acc = { 0 };
	const char *s = tmpl;
	int ret = -1;

	sl_add(&acc, xstrdup(""));
	while (*s) {
		const struct ll_variable *v;
		const char *close;
		char *name, *text;

		if (s[0] != '$' || s[1] != '{') {
			text = text_token(s, &s);
			cross(&acc, &text, 1);
			free(text);
			continue;
		}
		close = strchr(s + 2, '}');
		if (!close) {
			*why = xasprintf("unclosed variable reference in '%s'", tmpl);
			goto cleanup;
		}
		name = xstrndup(s + 2, close - s - 2);
		v = ll_var_name_ok(name) ? find_var(p, name) : NULL;
		if (!v)
			*why = xasprintf(ll_var_name_ok(name) ? "variable '%s' not found" :
					 "'%s' is not a variable name (a letter, then letters, digits or '_')",
					 name);
		free(name);
		if (!v)
			goto cleanup;
		cross(&acc, v->literals.v, v->literals.n);
		s = close + 1;
	}
	for (size_t i = 0; i < acc.n; i++)
		if (acc.v[i][0])
			sl_add(out, xstrdup(acc.v[i]));
	ret = 0;
cleanup:
	sl_free(&acc);
	return ret;
}
