// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Diffs: recordings, seccomp and AppArmor profiles compared by meaning. */
#include "unit.h"
#include "diff.h"

static struct lp_diff_result compare(struct lp_itemset *a, struct lp_itemset *b)
{
	struct lp_diff_result r;

	diff_compare(a, b, LP_DIFF_TEXT, "old", "new", &r);
	return r;
}

static size_t total(const struct lp_diff_result *r)
{
	size_t n = 0;

	for (int k = 0; k < LP_DK_COUNT; k++)
		n += r->added[k] + r->removed[k];
	return n;
}

TEST(apparmor_rules_not_lines)
{
	const char *a =
		"abi <abi/3.0>,\n#include <tunables/global>\n"
		"profile app /usr/bin/app flags=(attach_disconnected) {\n"
		"  #include <abstractions/base>\n"
		"  /etc/app.conf r,\n  /var/lib/app/** rw,\n  capability net_bind_service,\n"
		"  network inet stream,\n}\n";
	const char *b =
		"# reordered, reformatted, commented\n"
		"abi <abi/3.0>,\n#include <tunables/global>\n"
		"profile   app   /usr/bin/app flags=(attach_disconnected)   {\n"
		"  network  inet stream,   # the listener\n"
		"  capability net_bind_service,\n"
		"  /var/lib/app/** wr,\n\n  #include <abstractions/base>\n"
		"  /etc/app.conf   r,\n}\n";
	struct lp_itemset x = { 0 }, y = { 0 };
	struct lp_diff_result r;

	CHECK(!diff_apparmor_text(a, "a", &x));
	CHECK(!diff_apparmor_text(b, "b", &y));
	r = compare(&x, &y);
	CHECK_MSG(total(&r) == 0, "%s", r.text);
	free(r.text);
	itemset_add(&y, LP_DK_CAPABILITIES, "profile app /usr/bin/app flags=(attach_disconnected): capability sys_admin");
	r = compare(&x, &y);
	CHECK_INT(r.added[LP_DK_CAPABILITIES], 1);
	CHECK_INT(total(&r), 1);
	CHECK(strstr(r.text, "\n  + profile app /usr/bin/app flags=(attach_disconnected): capability sys_admin\n"));
	free(r.text);
	itemset_free(&x);
	itemset_free(&y);
}

TEST(apparmor_kinds)
{
	const char *a = "profile p {\n  /bin/sh ix,\n  /etc/x r,\n  capability chown,\n"
			"  network unix stream,\n  signal (send) peer=p,\n  deny mount,\n}\n";
	struct lp_itemset x = { 0 };

	CHECK(!diff_apparmor_text(a, "a", &x));
	CHECK_INT(x.n[LP_DK_EXEC], 1);
	CHECK_INT(x.n[LP_DK_FILES], 1);
	CHECK_INT(x.n[LP_DK_CAPABILITIES], 1);
	CHECK_INT(x.n[LP_DK_NETWORK], 1);
	CHECK_INT(x.n[LP_DK_SIGNALS], 1);
	CHECK_INT(x.n[LP_DK_OTHER], 1);
	itemset_free(&x);
}

TEST(broken_apparmor)
{
	struct lp_itemset x = { 0 };
	struct capture c;
	char *msg;

	capture_start(&c);
	CHECK(diff_apparmor_text("}\n", "p", &x) < 0);
	msg = capture_end(&c);
	CHECK_STR(msg, "learnprof: 'p': line 1: '}' without a profile");
	free(msg);
	itemset_free(&x);
}

TEST(recordings_and_profiles_from_files)
{
	struct lp_itemset a = { 0 }, b = { 0 }, p = { 0 }, q = { 0 };
	enum lp_input_type ta, tb;
	struct lp_diff_result r;

	CHECK(!diff_read("tests/golden/rec-a.json", &a, &ta));
	CHECK(!diff_read("tests/golden/merged-ab.json", &b, &tb));
	CHECK_INT(ta, LP_IN_RECORDING);
	r = compare(&a, &b);
	/* merged-ab = a + b: only additions, and one file whose access grew
	 * (a changed rule shows as the old one removed, the new one added). */
	for (int k = 0; k < LP_DK_COUNT; k++) {
		static const size_t added[LP_DK_COUNT] = {
			[LP_DK_SYSCALLS] = 2,		/* clone3, wait4 */
			[LP_DK_FILES] = 1, [LP_DK_NETWORK] = 1,
			[LP_DK_IDENTITIES] = 1, [LP_DK_SIGNALS] = 1,
		};

		CHECK_MSG(r.removed[k] == (k == LP_DK_FILES) && r.added[k] == added[k],
			  "kind %d: %zu added, %zu removed: %s", k, r.added[k], r.removed[k], r.text);
	}
	CHECK(strstr(r.text, "\n  + /var/lib/app/state [write,append,create]\n"
			     "  - /var/lib/app/state [write,create]\n"));
	CHECK(strstr(r.text, "\n  + clone3\n  + wait4\n"));
	free(r.text);
	CHECK(!diff_read("tests/golden/rec-a.oci.json", &p, &ta));
	CHECK(!diff_read("tests/golden/rec-a.docker.json", &q, &tb));
	CHECK_INT(ta, LP_IN_SECCOMP);
	r = compare(&p, &q);	/* the same rules in two formats */
	CHECK_MSG(total(&r) == 0, "%s", r.text);
	free(r.text);
	itemset_free(&a);
	itemset_free(&b);
	itemset_free(&p);
	itemset_free(&q);
}

int main(void)
{
	unit_suite = "diff";
	RUN(apparmor_rules_not_lines);
	RUN(apparmor_kinds);
	RUN(broken_apparmor);
	RUN(recordings_and_profiles_from_files);
	return unit_exit();
}
