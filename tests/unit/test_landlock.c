// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Landlock policies: rights and groups per ABI, both readers on every
 * landlockconfig reference example (the exact model), bad input (one line
 * each), the writers and their round trips, and the kernel's answers.
 */
#include <errno.h>

#include "landlock.h"
#include "unit.h"

#define EXAMPLES "tests/data/landlockconfig/examples/"

/* The model as one line per part, for exact comparison. */
static char *model_text(const struct ll_policy *p)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "abi=%d ruleset=%d fs=%#llx net=%#llx scoped=%#llx completed=%#llx/%#llx\n",
		  p->abi, p->has_ruleset, (unsigned long long)p->handled_fs,
		  (unsigned long long)p->handled_net, (unsigned long long)p->scoped,
		  (unsigned long long)p->completed_fs, (unsigned long long)p->completed_net);
	for (size_t i = 0; i < p->nvars; i++) {
		sb_printf(&sb, "var %s:", p->vars[i].name);
		for (size_t k = 0; k < p->vars[i].literals.n; k++)
			sb_printf(&sb, " %s", p->vars[i].literals.v[k]);
		sb_puts(&sb, "\n");
	}
	for (size_t i = 0; i < p->npaths; i++) {
		sb_printf(&sb, "path %#llx:", (unsigned long long)p->paths[i].access);
		for (size_t k = 0; k < p->paths[i].parents.n; k++)
			sb_printf(&sb, " %s", p->paths[i].parents.v[k]);
		sb_puts(&sb, "\n");
	}
	for (size_t i = 0; i < p->nports; i++) {
		sb_printf(&sb, "port %#llx:", (unsigned long long)p->ports[i].access);
		for (size_t k = 0; k < p->ports[i].nports; k++)
			sb_printf(&sb, " %llu", (unsigned long long)p->ports[i].ports[k]);
		sb_puts(&sb, "\n");
	}
	return sb_detach(&sb);
}

/* Read a file; the model's text and what was said on stderr. */
static char *load(const char *file, char **said)
{
	struct capture c;
	struct ll_policy *p;
	char *text;

	capture_start(&c);
	p = ll_policy_read(file);
	*said = capture_end(&c);
	text = p ? model_text(p) : NULL;
	ll_policy_free(p);
	return text;
}

TEST(rights_per_abi)
{
	CHECK_INT(ll_nrights, 20);
	CHECK_INT(ll_all(LL_FS, 1), 0x1fff);
	CHECK_INT(ll_all(LL_FS, 2), 0x3fff);
	CHECK_INT(ll_all(LL_FS, 3), 0x7fff);
	CHECK_INT(ll_all(LL_FS, 4), 0x7fff);
	CHECK_INT(ll_all(LL_FS, 5), 0xffff);
	CHECK_INT(ll_all(LL_FS, 7), 0xffff);
	CHECK_INT(ll_all(LL_NET, 3), 0);
	CHECK_INT(ll_all(LL_NET, 4), 0x3);
	CHECK_INT(ll_all(LL_SCOPE, 5), 0);
	CHECK_INT(ll_all(LL_SCOPE, 6), 0x3);
	CHECK_INT(ll_all(LL_SCOPE, 9), 0x3);	/* above LL_ABI_MAX: what 7 has */
	CHECK_INT(ll_right_find(LL_FS, "ioctl_dev")->abi, 5);
	CHECK_INT(ll_right_find(LL_FS, "refer")->abi, 2);
	CHECK_INT(ll_right_find(LL_FS, "truncate")->abi, 3);
	CHECK_INT(ll_right_find(LL_NET, "connect_tcp")->bit, 2);
	CHECK(!ll_right_find(LL_FS, "bind_tcp"));
	char *t = ll_rights_text(LL_FS, 0x8005);
	CHECK_STR(t, "execute, read_file, ioctl_dev");
	free(t);
}

TEST(groups_resolve_against_the_abi)
{
	CHECK_INT(ll_read_execute(1), 0xd);		/* execute, read_file, read_dir */
	CHECK_INT(ll_read_execute(2), 0x200d);		/* + refer */
	CHECK_INT(ll_read_execute(7), 0x200d);
	CHECK_INT(ll_read_write(1), 0x1ffe);		/* all of ABI 1 but execute */
	CHECK_INT(ll_read_write(3), 0x7ffe);
	CHECK_INT(ll_read_write(5), 0xfffe);
	/* read_execute + read_write = all, at every ABI */
	for (int abi = 1; abi <= LL_ABI_MAX; abi++)
		CHECK_INT(ll_read_execute(abi) | ll_read_write(abi), ll_all(LL_FS, abi));
}

static const char mini_model[] =
	"abi=5 ruleset=1 fs=0xffff net=0x1 scoped=0 completed=0/0\n"
	"path 0x200d: . /bin /lib /usr /dev /etc /proc\n"
	"path 0xfffe: /tmp\n"
	"port 0x1: 80 443\n";

TEST(mini_write_tmp_toml_and_json)
{
	char *said, *m = load(EXAMPLES "mini-write-tmp.toml", &said);

	CHECK_STR(said, "");
	CHECK_STR(m, mini_model);
	free(m);
	free(said);
	m = load(EXAMPLES "mini-write-tmp.json", &said);
	CHECK_STR(said, "");
	CHECK_STR(m, mini_model);
	free(m);
	free(said);
}

TEST(micro_write_tmp_completes_and_says_so)
{
	char *said, *m = load(EXAMPLES "micro-write-tmp.toml", &said);

	CHECK_STR(m, "abi=5 ruleset=0 fs=0xffff net=0 scoped=0 completed=0xffff/0\n"
		  "path 0x200d: . /bin /lib /usr /dev /etc /proc\n"
		  "path 0xfffe: /tmp\n");
	CHECK_STR(said, "learnprof: warning: '" EXAMPLES "micro-write-tmp.toml': no ruleset: only the rights "
		  "the rules allow are handled, so this is not deny-by-default; not denied anywhere: "
		  "bind_tcp, connect_tcp");
	free(m);
	free(said);
}

TEST(micro_var_variables_expand_to_every_literal)
{
	struct ll_policy *p;
	struct strlist out = { 0 };
	struct capture c;
	char *said, *why = NULL, *m = load(EXAMPLES "micro-var.toml", &said);

	CHECK_STR(m, "abi=5 ruleset=0 fs=0xffff net=0 scoped=0 completed=0xffff/0\n"
		  "var tmp: /tmp /var/tmp\n"
		  "var home: /home /root\n"
		  "var config: /etc\n"
		  "path 0x200d: . /bin /lib /usr /dev /proc ${config}\n"
		  "path 0xfffe: ${tmp} ${home}\n");
	free(m);
	free(said);
	capture_start(&c);
	p = ll_policy_read(EXAMPLES "micro-var.toml");
	free(capture_end(&c));
	CHECK(p);
	for (size_t i = 0; i < p->paths[1].parents.n; i++)
		CHECK(!ll_expand(p, p->paths[1].parents.v[i], &out, &why));
	CHECK_INT(out.n, 4);
	CHECK_STR(out.v[0], "/tmp");
	CHECK_STR(out.v[1], "/var/tmp");
	CHECK_STR(out.v[2], "/home");
	CHECK_STR(out.v[3], "/root");
	sl_free(&out);
	ll_policy_free(p);
}

TEST(mini_scoped_json)
{
	char *said, *m = load(EXAMPLES "mini-scoped.json", &said);

	CHECK_STR(said, "");
	CHECK_STR(m, "abi=6 ruleset=1 fs=0 net=0x3 scoped=0x3 completed=0/0\n");
	free(m);
	free(said);
}

TEST(verbose_write_tmp_json_without_abi)
{
	char *said, *m = load(EXAMPLES "verbose-write-tmp.json", &said);

	CHECK_STR(said, "");
	CHECK_STR(m, "abi=0 ruleset=1 fs=0xffff net=0 scoped=0 completed=0/0\n"
		  "path 0x200d: . /bin /lib /usr /dev /etc /proc\n"
		  "path 0x77be: /tmp\n");
	free(m);
	free(said);
}

TEST(expansion_is_every_combination)
{
	struct ll_policy *p = ll_policy_new(7);
	struct strlist out = { 0 };
	char *why = NULL;

	sl_add(&ll_add_variable(p, "a")->literals, xstrdup("1"));
	sl_add(&ll_add_variable(p, "a")->literals, xstrdup("2"));
	sl_add(&ll_add_variable(p, "b")->literals, xstrdup("p"));
	sl_add(&ll_add_variable(p, "b")->literals, xstrdup("q"));
	ll_add_variable(p, "none");
	CHECK(!ll_expand(p, "/${a}/x$$y/${b}", &out, &why));
	CHECK_INT(out.n, 4);
	CHECK_STR(out.v[0], "/1/x$y/p");
	CHECK_STR(out.v[3], "/2/x$y/q");
	CHECK(!ll_expand(p, "/${none}", &out, &why));
	CHECK_INT(out.n, 4);	/* a variable without literals stands for nothing */
	CHECK(ll_expand(p, "/${zz}", &out, &why));
	CHECK_STR(why, "variable 'zz' not found");
	free(why);
	CHECK(ll_expand(p, "/${a", &out, &why));
	CHECK_STR(why, "unclosed variable reference in '/${a'");
	free(why);
	sl_free(&out);
	ll_policy_free(p);
}

/* One bad input: exactly one line on stderr, no policy. */
static char *bad_one(const char *name, const char *text)
{
	struct capture c;
	struct ll_policy *p;
	bool toml = strstr(name, ".toml") != NULL;

	capture_start(&c);
	p = toml ? ll_policy_parse_toml(text, strlen(text), name) :
		   ll_policy_parse_json(text, strlen(text), name);
	ll_policy_free(p);
	return p ? xstrdup("(loaded)") : capture_end(&c);
}

TEST(bad_input_one_clear_line_each)
{
	static const struct { const char *name, *text, *said; } cases[] = {
		{ "b.toml", "abi = 5\n[[path_beneath]]\nallowed_access = [\"read_fil\"]\nparent = [\"/\"]\n",
		  "'b.toml': line 3: path_beneath[0].allowed_access[0]: unknown filesystem access right 'read_fil'" },
		{ "b.toml", "abi = \"5\"\n", "'b.toml': line 1: abi: must be an integer from 1 to 2147483647" },
		{ "b.toml", "abi = 0\n", "'b.toml': line 1: abi: must be an integer from 1 to 2147483647" },
		{ "b.toml", "[ruleset]\n", "'b.toml': line 1: tables [x] are not used by landlockconfig: use arrays of tables [[x]]" },
		{ "b.toml", "abi = 5\nabi = 6\n", "'b.toml': line 2: duplicate key 'abi'" },
		{ "b.toml", "abi = 5\nfoo = 1\n", "'b.toml': line 2: unknown key 'foo'" },
		{ "b.toml", "[[path_beneath]]\nallowed_access = [\"abi.all\"]\nparent = [\"/\"]\n",
		  "'b.toml': line 2: path_beneath[0].allowed_access[0]: 'abi.all' needs \"abi\" (the ABI its groups are resolved against)" },
		{ "b.toml", "abi = 5\n[[path_beneath]]\nallowed_access = [\"read_file\"]\nparent = [\"${nope}\"]\n",
		  "'b.toml': line 4: path_beneath[0].parent: variable 'nope' not found" },
		{ "b.toml", "abi = 5\n[[net_port]]\nallowed_access = [\"bind_tcp\"]\nport = [\n  80,\n  70000,\n]\n",
		  "'b.toml': line 6: net_port[0].port: '70000' is not a TCP port (0 to 65535)" },
		{ "b.toml", "abi = 5\n[[path_beneath]]\nparent = [\"/\"]\n",
		  "'b.toml': line 2: path_beneath[0].allowed_access: missing" },
		{ "b.toml", "abi = 5\n[[ruleset]]\nhandled_access_fs = []\n",
		  "'b.toml': line 3: ruleset[0].handled_access_fs: must not be empty" },
		{ "b.toml", "abi = 5\nx = \"abc\n", "'b.toml': line 2: unterminated string" },
		{ "b.toml", "abi = 5 junk\n", "'b.toml': line 1: expected the end of the line after the value, found 'j'" },
		{ "b.toml", "abi = 0x5\n", "'b.toml': line 1: only decimal integers are supported" },
		{ "b.toml", "abi = 5.0\n", "'b.toml': line 1: floats and dates are not supported" },
		{ "b.toml", "abi = 05\n", "'b.toml': line 1: leading zeros are not allowed in an integer" },
		{ "b.toml", "a.b = 5\n", "'b.toml': line 1: dotted keys are not supported" },
		{ "b.toml", "abi = 5\np = [1, 2\n", "'b.toml': line 3: unterminated array" },
		{ "b.toml", "abi = 5\np = \"\"\"x\"\"\"\n", "'b.toml': line 2: multi-line strings are not supported" },
		{ "b.toml", "abi = 5\np = \"a\\qb\"\n", "'b.toml': line 2: unknown escape '\\q' in a string" },
		{ "b.toml", "abi = 5\n[[variable]]\nname = \"1x\"\n",
		  "'b.toml': line 3: variable[0]: '1x' is not a variable name (a letter, then letters, digits or '_')" },
		{ "b.toml", "# nothing\n", "'b.toml': empty configuration" },
		{ "b.json", "{\"abi\": 5, \"pathBeneath\": [{\"allowedAccess\": [], \"parent\": [\"/\"]}]}",
		  "'b.json': pathBeneath[0].allowedAccess: must not be empty" },
		{ "b.json", "{\"abi\": 5, \"foo\": 1}", "'b.json': unknown key 'foo'" },
		{ "b.json", "{}", "'b.json': empty configuration" },
		{ "b.json", "{\"ruleset\": [{}]}", "'b.json': ruleset[0]: empty ruleset" },
		{ "b.json", "{\"abi\": 6, \"ruleset\": [{\"scoped\": [\"signals\"]}]}",
		  "'b.json': ruleset[0].scoped[0]: unknown scope 'signals'" },
		{ "b.json", "{\"abi\": 6, \"netPort\": [{\"allowedAccess\": [\"bind_tcp\"], \"port\": [-1]}]}",
		  "'b.json': netPort[0].port: '-1' is not a TCP port (0 to 65535)" },
		{ "b.json", "{\"abi\": 6,", "'b.json': not JSON: truncated (unexpected end of data)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *said = bad_one(cases[i].name, cases[i].text);
		char *want = xasprintf("learnprof: %s", cases[i].said);

		CHECK_MSG(!strcmp(said, want), "case %zu: got '%s', want '%s'", i, said, want);
		free(said);
		free(want);
	}
}

/* A policy a generator would write. */
static struct ll_policy *sample(void)
{
	struct ll_policy *p = ll_policy_new(7);
	struct ll_path_rule *r;

	p->comment = xstrdup("Landlock policy of /usr/bin/demo\nlearned by learnprof");
	p->has_ruleset = true;
	p->handled_fs = ll_all(LL_FS, 7);
	p->handled_net = ll_all(LL_NET, 7);
	p->scoped = ll_all(LL_SCOPE, 7);
	sl_add(&ll_add_variable(p, "run")->literals, xstrdup("/run/demo"));
	r = ll_add_path(p, LL_FS_READ_FILE, "read 3 times");
	sl_add(&r->parents, xstrdup("/etc/hosts"));
	sl_add(&r->parents, xstrdup("/etc/a \"quoted\" name\\"));
	r = ll_add_path(p, LL_FS_READ_FILE | LL_FS_WRITE_FILE | ll_right_find(LL_FS, "make_reg")->bit, NULL);
	sl_add(&r->parents, xstrdup("${run}"));
	ll_port_add(ll_add_port(p, ll_right_find(LL_NET, "bind_tcp")->bit, "listens"), 8080);
	return p;
}

static const char sample_toml[] =
	"# Landlock policy of /usr/bin/demo\n"
	"# learned by learnprof\n"
	"\n"
	"abi = 7\n"
	"\n"
	"[[variable]]\n"
	"name = \"run\"\n"
	"literal = [\"/run/demo\"]\n"
	"\n"
	"[[ruleset]]\n"
	"handled_access_fs = [\n"
	"    \"execute\",\n"
	"    \"write_file\",\n"
	"    \"read_file\",\n"
	"    \"read_dir\",\n"
	"    \"remove_dir\",\n"
	"    \"remove_file\",\n"
	"    \"make_char\",\n"
	"    \"make_dir\",\n"
	"    \"make_reg\",\n"
	"    \"make_sock\",\n"
	"    \"make_fifo\",\n"
	"    \"make_block\",\n"
	"    \"make_sym\",\n"
	"    \"refer\",\n"
	"    \"truncate\",\n"
	"    \"ioctl_dev\",\n"
	"]\n"
	"handled_access_net = [\"bind_tcp\", \"connect_tcp\"]\n"
	"scoped = [\"abstract_unix_socket\", \"signal\"]\n"
	"\n"
	"# read 3 times\n"
	"[[path_beneath]]\n"
	"allowed_access = [\"read_file\"]\n"
	"parent = [\"/etc/hosts\", \"/etc/a \\\"quoted\\\" name\\\\\"]\n"
	"\n"
	"[[path_beneath]]\n"
	"allowed_access = [\"write_file\", \"read_file\", \"make_reg\"]\n"
	"parent = [\"${run}\"]\n"
	"\n"
	"# listens\n"
	"[[net_port]]\n"
	"allowed_access = [\"bind_tcp\"]\n"
	"port = [8080]\n";

TEST(toml_writer_exact_and_round_trip)
{
	struct ll_policy *p = sample(), *q;
	char *t1 = ll_policy_to_toml(p), *t2, *m1, *m2;

	CHECK_STR(t1, sample_toml);
	q = ll_policy_parse_toml(t1, strlen(t1), "sample.toml");
	CHECK(q);
	m1 = model_text(p);
	m2 = model_text(q);
	CHECK_STR(m2, m1);
	/* comments are for people: the reader keeps none */
	CHECK(!q->comment && !q->paths[0].comment && !q->ports[0].comment);
	q->comment = xstrdup(p->comment);
	q->paths[0].comment = xstrdup("read 3 times");
	q->ports[0].comment = xstrdup("listens");
	t2 = ll_policy_to_toml(q);
	CHECK_STR(t2, t1);
	free(t1);
	free(t2);
	free(m1);
	free(m2);
	ll_policy_free(p);
	ll_policy_free(q);
}

/* With LL_JSON_OUT set, keep each JSON written there (the integration
 * suite validates them against the schema with python3-jsonschema). */
static void save_json(const char *name, const char *text)
{
	const char *dir = getenv("LL_JSON_OUT");
	char *p;

	if (!dir)
		return;
	p = xasprintf("%s/%s.out.json", dir, name);
	lp_write_file(p, text, strlen(text));
	free(p);
}

TEST(json_writer_round_trip_and_examples)
{
	static const char *const examples[] = {
		"micro-var.toml", "micro-write-tmp.toml", "mini-scoped.json",
		"mini-write-tmp.json", "mini-write-tmp.toml", "verbose-write-tmp.json",
	};
	struct ll_policy *p = sample(), *q;
	char *j = ll_policy_to_json(p), *m1 = model_text(p), *m2;
	struct capture c;

	save_json("sample.json", j);
	q = ll_policy_parse_json(j, strlen(j), "sample.json");
	CHECK(q);
	m2 = model_text(q);
	CHECK_STR(m2, m1);
	CHECK(strstr(j, "\"pathBeneath\": [") && strstr(j, "\"handledAccessNet\": [") && !strstr(j, "abi.all"));
	free(j);
	free(m1);
	free(m2);
	ll_policy_free(p);
	ll_policy_free(q);
	/* Every example: model -> JSON -> model and model -> TOML -> model. */
	for (size_t i = 0; i < ARRAY_SIZE(examples); i++) {
		char *file = xasprintf(EXAMPLES "%s", examples[i]), *t, *a, *b;

		capture_start(&c);
		p = ll_policy_read(file);
		free(capture_end(&c));
		CHECK_MSG(p, "%s does not load", file);
		a = model_text(p);
		t = ll_policy_to_json(p);
		save_json(lp_base_name(file), t);
		q = ll_policy_parse_json(t, strlen(t), "x.json");
		free(t);
		b = q ? model_text(q) : xstrdup("");
		/* written policies declare their ruleset: nothing is completed */
		CHECK_MSG(q && q->has_ruleset && !q->completed_fs && !q->completed_net, "%s", file);
		q->has_ruleset = p->has_ruleset;
		q->completed_fs = p->completed_fs;
		free(b);
		b = model_text(q);
		CHECK_MSG(!strcmp(a, b), "%s: JSON round trip: %s vs %s", file, a, b);
		ll_policy_free(q);
		t = ll_policy_to_toml(p);
		q = ll_policy_parse_toml(t, strlen(t), "x.toml");
		free(t);
		CHECK_MSG(q, "%s: TOML round trip", file);
		q->has_ruleset = p->has_ruleset;
		q->completed_fs = p->completed_fs;
		free(b);
		b = model_text(q);
		CHECK_MSG(!strcmp(a, b), "%s: TOML round trip: %s vs %s", file, a, b);
		free(a);
		free(b);
		free(file);
		ll_policy_free(p);
		ll_policy_free(q);
	}
}

TEST(writer_refuses_what_it_cannot_express)
{
	struct ll_policy *p = ll_policy_new(7);
	struct capture c;
	char *t, *said;

	sl_add(&ll_add_path(p, LL_FS_READ_FILE, NULL)->parents, xstrdup("/tmp/\xff"));
	p->handled_fs = LL_FS_READ_FILE;
	capture_start(&c);
	t = ll_policy_to_toml(p);
	said = capture_end(&c);
	CHECK(!t);
	CHECK_STR(said, "learnprof: cannot write '/tmp/\\xff' in a Landlock policy: not UTF-8");
	free(said);
	ll_policy_free(p);
}

TEST(unavailable_messages)
{
	CHECK_STR(ll_unavailable_why(ENOSYS),
		  "Landlock is not available: this kernel is built without it (CONFIG_SECURITY_LANDLOCK)");
	CHECK_STR(ll_unavailable_why(EOPNOTSUPP),
		  "Landlock is not available: it is disabled on this kernel (add landlock to the lsm= boot parameter)");
}

TEST(kernel_abi)
{
	int abi = ll_kernel_abi();

	if (abi == -ENOSYS || abi == -EOPNOTSUPP) {
		unit_note("no Landlock here: %s", ll_unavailable_why(-abi));
		return;
	}
	CHECK_MSG(abi >= 1, "ll_kernel_abi: %d", abi);
	unit_note("this kernel: Landlock ABI %d", abi);
}

int main(void)
{
	unit_suite = "landlock";
	RUN(rights_per_abi);
	RUN(groups_resolve_against_the_abi);
	RUN(mini_write_tmp_toml_and_json);
	RUN(micro_write_tmp_completes_and_says_so);
	RUN(micro_var_variables_expand_to_every_literal);
	RUN(mini_scoped_json);
	RUN(verbose_write_tmp_json_without_abi);
	RUN(expansion_is_every_combination);
	RUN(bad_input_one_clear_line_each);
	RUN(toml_writer_exact_and_round_trip);
	RUN(json_writer_round_trip_and_examples);
	RUN(writer_refuses_what_it_cannot_express);
	RUN(unavailable_messages);
	RUN(kernel_abi);
	return unit_exit();
}
