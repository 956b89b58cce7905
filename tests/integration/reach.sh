#!/bin/bash
# Reachable but not observed: record a workload that imports getrusage() but
# calls it only under LP_REACH=1, without the variable, and read what
# `learnprof reach` and the report say of the recording, what merge keeps,
# and run it with the variable under `seccomp --unobserved (deny | log |
# allow)`: EPERM, a kernel audit record, a pass.
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

# reach-env recorded without LP_REACH, in the current directory: $B, rec.json.
record_without_variable() {
	B=$(pub "$W/reach-env")
	"$LP" record -o rec.json -- "$B" > /dev/null 2> record.err || fail "$(cat record.err)"
}

# The kernel's audit records of a seccomp SCMP_ACT_LOG (type=1326) for
# getrusage (x86_64 98) made by $B, as dmesg prints them.
kernel_log_records() {
	dmesg 2>/dev/null | grep 'type=1326' | grep -F "exe=\"$B\"" | grep -c ' syscall=98 ' || true
}

test_record_stores_the_set_and_the_report_lists_it() {
	need_root
	record_without_variable
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].reachable.syscalls.getrusage | "\(.functions) \(.files)"' rec.json)" \
		"[\"getrusage\"] [\"$B\"]" "the recording's reachable member"
	"$LP" report -o report.txt rec.json
	sed -n '/^Reachable but not observed/,/^$/p' report.txt > section.txt
	grep -qF -- "  - $B: " section.txt || fail "program not named: $(cat report.txt)"
	expect_eq "$(grep -F 'getrusage' section.txt)" "    - process (1): getrusage (getrusage())" "getrusage reachable via getrusage()"
	"$LP" report --format json rec.json | jq -e --arg e "$B" \
		'.reachable_not_observed[] | select(.program == $e) | .syscalls[] | select(.name == "getrusage" and .group == "process" and .functions == ["getrusage"])' \
		> /dev/null || fail "json report lacks getrusage"
}

test_merge_keeps_the_set() {
	need_root
	record_without_variable
	"$LP" record -o rec-b.json -- "$B" > /dev/null 2>&1
	LP_REACH=1 "$LP" record -o rec-used.json -- "$B" > /dev/null 2>&1
	"$LP" merge -o merged.json rec.json rec-b.json
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].reachable.syscalls.getrusage.functions[]' merged.json)" \
		"getrusage" "merge of two runs keeps getrusage reachable"
	"$LP" report merged.json | grep -qF "    - process (1): getrusage (getrusage())" || fail "merged report lacks getrusage"
	# A run that made the call: merged, it is observed, no longer reachable.
	"$LP" merge -o merged2.json rec.json rec-used.json
	expect_eq "$(syscalls_of merged2.json "$B" | grep '^getrusage ')" "getrusage 1" "observed in the merge"
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].reachable.syscalls | has("getrusage")' merged2.json)" \
		"false" "observed, so not reachable-but-not-observed"
	# A recording from before: no member, no section; --update adds it back.
	jq --arg e "$B" 'del(.executables[$e].reachable)' rec.json > old.json
	! "$LP" report old.json | grep -q "^Reachable but not observed" || fail "section without a set"
	"$LP" reach --update old.json
	cmp -s old.json rec.json || fail "reach --update differs from record: $(diff old.json rec.json | head)"
}

test_unobserved_log_passes_and_the_kernel_logs_it() {
	need_root
	record_without_variable
	"$LP" seccomp -o deny.json rec.json
	"$LP" seccomp --unobserved log -o log.json rec.json
	"$LP" seccomp --unobserved log --format docker -o log-docker.json rec.json
	"$LP" seccomp --unobserved allow --format docker -o allow.json rec.json
	expect_eq "$(jq -c '[.syscalls[] | select(.names == ["getrusage"]) | .action]' log.json)" '["SCMP_ACT_LOG"]' "log rule"
	expect_eq "$(jq -r '.syscalls[] | select(.names == ["getrusage"]) | .comment' log-docker.json)" \
		"reachable but not observed (getrusage() in $B): allowed and logged (--unobserved log)" "the rule says why"
	expect_eq "$(jq -c '[.syscalls[] | select(.names == ["getrusage"]) | .action]' allow.json)" '["SCMP_ACT_ALLOW"]' "allow rule"
	expect_eq "$(jq -c '[.syscalls[] | .names[] | select(. == "getrusage")]' deny.json)" '[]' "deny: no rule"
	# The default profile: the call the tests never made fails.
	LP_REACH=1 "$LP" run --seccomp deny.json -- "$B" > out.txt 2>&1 && fail "passed under the default profile"
	expect_eq "$(cat out.txt)" "reach-env: getrusage: Operation not permitted" "EPERM under the default profile"
	# --unobserved allow: passes.
	LP_REACH=1 "$LP" run --seccomp allow.json -- "$B" > out.txt 2>&1 || fail "$(cat out.txt)"
	# --unobserved log: passes, and the filter's own SCMP_ACT_LOG rule makes
	# the kernel write an audit record (type=1326, syscall=98, the exe).
	grep -qw log /proc/sys/kernel/seccomp/actions_logged || fail "the kernel does not log SCMP_ACT_LOG: $(cat /proc/sys/kernel/seccomp/actions_logged)"
	dmesg > /dev/null 2>&1 || skip "dmesg cannot read the kernel log here"
	before=$(kernel_log_records)
	for try in 1 2 3; do
		LP_REACH=1 "$LP" run --seccomp log.json -- "$B" > out.txt 2>&1 || fail "failed under --unobserved log: $(cat out.txt)"
		expect_eq "$(cat out.txt)" "reach-env: getrusage ok" "the run under --unobserved log"
		sleep 0.2
		[ "$(kernel_log_records)" -gt "$before" ] && break
	done
	[ "$(kernel_log_records)" -gt "$before" ] ||
		fail "no type=1326 syscall=98 record for $B in dmesg: $(dmesg | grep type=1326 | tail -3)"
	note "$(dmesg | grep 'type=1326' | grep -F "exe=\"$B\"" | grep ' syscall=98 ' | tail -1 | sed 's/^\[[^]]*\] //')"
	# run --log names the logged call and says it was reachable but not observed.
	LP_REACH=1 "$LP" run --seccomp log-docker.json --log -- "$B" > out.txt 2> log.txt || fail "$(cat log.txt)"
	expect_eq "$(grep '^  getrusage ' log.txt | tr -s ' ')" " getrusage x86_64 1 time $B (reachable but not observed)" "run --log"
	grep -q "^learnprof: logged by the profile's SCMP_ACT_LOG rules (allowed):" log.txt || fail "$(cat log.txt)"
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
	expect_status 129 "$LP" reach --update
	expect_status 0 "$LP" reach --help
	expect_status 129 "$LP" seccomp --unobserved maybe rec.json
}

run_tests "$@"
