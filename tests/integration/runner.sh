#!/bin/bash
# The runner itself can fail: a suite that dies, one that runs no test, a
# unit program that exits 1 without a failing test or crashes, are each a
# failure named in the summary; a filter selects tests by name.
. "$(dirname "$0")/../lib.sh"

# A tree of planted test programs, run by the real runner.
plant() {
	mkdir -p suites b/tests
	cat > suites/dies.sh <<'S'
exit 3
. "$(dirname "$0")/../lib.sh"
S
	cat > suites/empty.sh <<'S'
echo "nothing here"
S
	cat > suites/good.sh <<S
. "$ROOT/tests/lib.sh"
SUITE=good
test_one() { true; }
test_two() { note "checked less here"; }
run_tests "\$@"
S
	printf '#!/bin/sh\necho "PASS unit/fine"\nexit 1\n' > b/tests/test_quiet_failure
	printf '#!/bin/sh\necho "PASS unit/before_crash"\nkill -SEGV $$\n' > b/tests/test_crash
	chmod +x b/tests/*
	mkdir -p b/workloads
	cp "$W/abi-probe-nolibc" b/workloads/	# tests/machine probes with it
}

runner() {	# [<filter>]: the runner's status and its summary
	rc=0
	(cd "$ROOT" && CI= BUILD="$T/b" LP_MACHINE= LP_SUITES="$T/suites" tests/run "$@") > out.txt 2>&1 || rc=$?
	echo "$rc"
}

test_a_dead_or_empty_suite_fails_by_name() {
	plant
	expect_eq "$(runner)" 1 "status"
	expect_eq "$(sed -n '/^failures:$/,/^$/p' out.txt)" "failures:
  test_crash: exited with status 139
  test_quiet_failure: exited 1 without a failing test
  dies (suite): exited with status 3
  empty (suite): ran no test" "failures named"
	expect_eq "$(tail -1 out.txt)" "4 passed, 4 failed" "summary"
	expect_contains "$(cat out.txt)" "ok    good/two (checked less here)" "a note on the ok line"
}

test_the_filter_selects_tests_by_name() {
	plant
	rm suites/dies.sh b/tests/test_quiet_failure b/tests/test_crash
	expect_eq "$(runner good/two)" 0 "status"
	expect_eq "$(grep -c '^  ok' out.txt)" 1 "one test"
	expect_eq "$(tail -1 out.txt)" "1 passed, 0 failed" "summary"
	expect_eq "$(runner no-such-test)" 1 "nothing matched"
	expect_contains "$(cat out.txt)" "no test ran (none matches 'no-such-test')" "said"
}

run_tests "$@"
