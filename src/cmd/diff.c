// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * learnprof diff: what a new release does that the old one did not, and
 * what it stopped doing. Exit status as diff(1): 0 same, 1 different,
 * 2 trouble. With --fail-on, 1 only when the new side gained something of
 * those kinds (losing a privilege never fails a pipeline).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "diff.h"
#include "util.h"

#define DIFF_TROUBLE 2

static const char usage[] =
	"usage: learnprof diff [--format (text | markdown | json)] [--fail-on <kinds>] <old> <new>\n";

static const char help[] =
	"\n"
	"Compare two recordings (or merged recordings) of two releases, or two seccomp\n"
	"profiles, or two AppArmor profiles, by behaviour: rules and facts, not lines.\n"
	"Kinds: syscalls, capabilities, files, network, exec, identities, signals,\n"
	"runtime (the container runtime's own syscalls, kept apart from the\n"
	"application's) and other (profile settings).\n"
	"\n"
	"    -f, --format <fmt>     text (default), markdown (for a pull request), json\n"
	"        --fail-on <kinds>  exit 1 only when the new side gained something of\n"
	"                           these kinds (comma-separated, or 'all')\n"
	"    -o, --output <file>    write here instead of standard output\n"
	"\n"
	"exit status: 0 no difference (that counts), 1 difference, 2 trouble\n"
	"\n"
	"examples:\n"
	"    learnprof diff v2.3.json v2.4.json\n"
	"    learnprof diff --fail-on capabilities,network,exec --format markdown old.json new.json\n";

static int parse_kinds(const char *list, bool *fail_on)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k = lp_diff_kind_from_name(tok);

		if (!strcmp(tok, "all")) {
			for (k = 0; k < LP_DK_COUNT; k++)
				fail_on[k] = true;
			continue;
		}
		if (k < 0) {
			lp_err("--fail-on: unknown kind '%s' (kinds: syscalls, capabilities, files, network, exec, identities, signals, runtime, other, all)",
			       tok);
			ret = -1;
			break;
		}
		fail_on[k] = true;
	}
	free(copy);
	return ret;
}

static const char *type_name(enum lp_input_type t)
{
	return t == LP_IN_RECORDING ? "a recording" : t == LP_IN_SECCOMP ? "a seccomp profile"
		: t == LP_IN_LANDLOCK ? "a Landlock policy" : "an AppArmor profile";
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	enum lp_diff_format fmt = LP_DIFF_TEXT;
	struct lp_itemset a = { 0 }, b = { 0 };
	bool fail_on[LP_DK_COUNT] = { 0 }, any_fail_on = false;
	enum lp_input_type ta, tb;
	struct lp_diff_result res = { 0 };
	const char *out = "-";
	int c, ret = DIFF_TROUBLE;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = LP_DIFF_TEXT;
			else if (!strcmp(optarg, "markdown"))
				fmt = LP_DIFF_MARKDOWN;
			else if (!strcmp(optarg, "json"))
				fmt = LP_DIFF_JSON;
			else {
				usage_error(usage, "--format: '%s' is not one of text, markdown, json", optarg);
				return DIFF_TROUBLE;
			}
			break;
		case 'F':
			if (parse_kinds(optarg, fail_on))
				return DIFF_TROUBLE;
			any_fail_on = true;
			break;
		case 'o': out = optarg; break;
		case 'h': print_help(usage, help); return 0;
		default:
			usage_error(usage, "unknown option or missing value '%s'", argv[optind - 1]);
			return DIFF_TROUBLE;
		}
	}
	if (argc - optind != 2) {
		usage_error(usage, "give exactly two files to compare");
		return DIFF_TROUBLE;
	}
	if (lp_check_writable(out))
		return DIFF_TROUBLE;
	if (diff_read(argv[optind], &a, &ta) || diff_read(argv[optind + 1], &b, &tb))
		goto cleanup;
	if (ta != tb) {
		lp_err("cannot compare %s ('%s') with %s ('%s')", type_name(ta), argv[optind],
		       type_name(tb), argv[optind + 1]);
		goto cleanup;
	}
	diff_compare(&a, &b, fmt, argv[optind], argv[optind + 1], &res);
	if (lp_write_file(out, res.text, strlen(res.text)))
		goto cleanup;
	ret = 0;
	for (int k = 0; k < LP_DK_COUNT; k++) {
		if (any_fail_on ? fail_on[k] && res.added[k] : res.added[k] || res.removed[k])
			ret = 1;
	}
cleanup:
	free(res.text);
	itemset_free(&a);
	itemset_free(&b);
	return ret;
}
