#!/bin/bash
# Reachable but not observed: record a workload that imports getrusage() but
# calls it only under LP_REACH=1, without the variable, and read what
# `learnprof reach` says of the recording.
. "$(dirname "$0")/../lib.sh"

test_getrusage_reachable_but_not_observed() {
	need_root
	B=$(pub "$W/reach-env")
	"$LP" record -o rec.json -- "$B" > out.txt
	expect_eq "$(cat out.txt)" "reach-env: skipped" "workload output"
	expect_eq "$(syscalls_of rec.json "$B" | grep -c '^getrusage ' || true)" 0 "getrusage not observed"
	"$LP" reach -o reach.txt rec.json
	expect_eq "$(grep -E '^    getrusage ' reach.txt | tr -s ' ')" " getrusage getrusage() in $B" "getrusage reachable via getrusage()"
	# Nothing observed is listed as reachable.
	for s in $(syscalls_of rec.json "$B" | cut -d' ' -f1); do
		! grep -qE "^    $s " reach.txt || fail "$s observed yet listed"
	done
	grep -q "^$B\$" reach.txt || fail "program not named"
	! grep -q "not read:" reach.txt || fail "$(grep 'not read:' reach.txt)"
	# The same recording gives the same text.
	"$LP" reach rec.json | cmp -s - reach.txt || fail "output not deterministic"
	# With the variable, the call is made and recorded.
	LP_REACH=1 "$LP" record -o rec2.json -- "$B" > out2.txt
	expect_eq "$(cat out2.txt)" "reach-env: getrusage ok" "workload output with LP_REACH=1"
	expect_eq "$(syscalls_of rec2.json "$B" | grep '^getrusage ')" "getrusage 1" "getrusage observed"
}

test_static_program_is_scanned_and_says_so() {
	need_root
	B=$(pub "$W/exact-nolibc")
	"$LP" record -o rec.json -- "$B" > /dev/null
	"$LP" reach -o reach.txt rec.json
	grep -q "statically linked, imports unreadable; constant numbers before syscall instructions: $B" reach.txt ||
		fail "no word of the static scan: $(cat reach.txt)"
	grep -q "reachable but not observed 0 " reach.txt || fail "all five constant numbers were observed"
}

test_reach_needs_a_recording() {
	expect_status 129 "$LP" reach
	expect_status 0 "$LP" reach --help
}

run_tests "$@"
