#!/bin/bash
# Trustworthy under faults: killed recorders, crashing and daemonizing
# workloads, full disks, planted symlinks, parallel recordings, small maps.
. "$(dirname "$0")/../lib.sh"

test_sigkill_leaves_nothing_and_the_next_run_cleans_up() {
	need_root
	# Both recorders start from a cgroup of this test's own, where a stale
	# cgroup is cleaned up only by them (other learnprofs may be running).
	own_cgroup lp-faults
	inside='echo $$ > "$0/cgroup.procs" && exec "$@"'
	sh -c "$inside" "$cg" "$LP" record --ready ready -o rec.json -- "$LP_SLEEP" 300 &
	rec=$!
	wait_for 10 test -e ready
	sl=$(child_of $rec)
	defer "kill $sl"
	kill -KILL $rec
	wait $rec 2>/dev/null || true
	[ -d "$cg/learnprof.$rec" ] || fail "expected the killed recorder's cgroup to remain until the next run"
	# Programs and links go with the process that held them.
	wait_for 10 sh -c "! bpftool prog show | grep -q 'learnprof($rec)'"
	sh -c "$inside" "$cg" "$LP" record -o rec2.json -- true 2> err.txt
	expect_contains "$(cat err.txt)" "learnprof: warning: removed cgroup 'learnprof.$rec' left by a learnprof that was killed; its processes were moved to the parent cgroup" "warning"
	[ ! -d "$cg/learnprof.$rec" ] || fail "stale cgroup not removed"
	kill -0 "$sl" || fail "the workload was killed; it should only have been moved"
	expect_eq "$(grep '^0::' /proc/$sl/cgroup)" "0::$cgpath" "moved to the parent cgroup"
	kill "$sl"
	wait_for 10 sh -c "! kill -0 $sl"
}

test_crashing_workload_is_still_recorded() {
	need_root
	rc=0; "$LP" record -o rec.json -- sh -c 'kill -SEGV $$' 2> err.txt || rc=$?
	expect_eq "$rc" 139 "status"
	expect_eq "$(jq -c '[.meta.exit_status, .meta.exit_signal]' rec.json)" "[139,11]" "recorded"
}

test_orphans_are_recorded_until_they_exit() {
	need_root
	"$LP" record -o rec.json -- sh -c "sleep 1 & exit 0" 2> err.txt
	jq -e --arg e "$LP_SLEEP" '.executables[$e].syscalls.x86_64.clock_nanosleep.count == 1' rec.json > /dev/null ||
		fail "the orphan's syscalls are missing"
	! grep -q "still running" err.txt || fail "nothing was left running: $(cat err.txt)"
}

test_daemons_left_running_are_named() {
	need_root
	# A duration no other process uses, so that it can be told apart and
	# killed whatever happens.
	nap=60.$$
	defer "pkill -x -f 'sleep $nap'"
	"$LP" record --linger 1 -o rec.json -- sh -c "setsid sleep $nap < /dev/null > /dev/null 2>&1 & exit 0" 2> err.txt
	d=$(sed -n 's/^learnprof: warning: still running after the command exited, not recorded further: pid \([0-9]*\) (sleep)$/\1/p' err.txt)
	[ -n "$d" ] || fail "no warning naming the daemon: $(cat err.txt)"
	expect_eq "$(tr '\0' ' ' < /proc/$d/cmdline)" "sleep $nap " "the pid named is the daemon"
	expect_eq "$(grep '^0::' /proc/$d/cgroup)" "0::/" "moved out of the removed cgroup"
}

test_full_disk_keeps_the_old_recording() {
	need_root
	need_cmd unshare
	mkdir out
	echo '{"precious": true}' > good.json
	cat > inner.sh <<'S'
set -e
mount -t tmpfs -o size=96k none out
cp good.json out/rec.json
rc=0; "$1" record -o out/rec.json -- "$2" "$3" 20 50 2> err.txt || rc=$?
echo "$rc" > rc.txt
cat out/rec.json > after.json
ls -a out > ls.txt
S
	mkdir s
	unshare -m sh inner.sh "$LP" "$W/storm" "$(realpath s)"
	expect_eq "$(cat rc.txt)" 125 "status"
	expect_contains "$(cat err.txt)" "learnprof: cannot write 'out/rec.json': No space left on device" "message"
	expect_eq "$(cat after.json)" '{"precious": true}' "the old recording is untouched"
	expect_eq "$(cat ls.txt | tr '\n' ' ')" ". .. rec.json " "no temporary file left"
}

test_planted_symlink_is_not_followed() {
	need_root
	mkdir -m 777 userdir
	echo precious > target.txt
	ln -s "$(realpath target.txt)" userdir/rec.json
	"$LP" record -o userdir/rec.json -- true
	expect_eq "$(cat target.txt)" precious "the symlink's target"
	[ ! -L userdir/rec.json ] && jq -e .meta userdir/rec.json > /dev/null || fail "recording not written in place of the link"
}

test_two_recordings_at_once_do_not_see_each_other() {
	need_root
	touch gate
	"$LP" record -o a.json -- sh -c "while [ -e gate ]; do $W/exact-nolibc > /dev/null; touch a.ran; done" &
	a=$!
	"$LP" record -o b.json -- sh -c "while [ -e gate ]; do $W/variant base > /dev/null; touch b.ran; done" &
	b=$!
	defer "rm -f gate"
	# Both have run their workload while the other was recording.
	wait_for 20 test -e a.ran -a -e b.ran
	rm gate
	wait $a
	wait $b
	for e in $(exes_of a.json); do
		case $e in "$LP_SH"|"$W/exact-nolibc"|*/touch) ;; *) fail "a.json has $e";; esac
	done
	for e in $(exes_of b.json); do
		case $e in "$LP_SH"|"$W/variant"|*/touch) ;; *) fail "b.json has $e";; esac
	done
	jq -e --arg e "$W/exact-nolibc" '.executables[$e]' a.json > /dev/null || fail "a.json is empty"
	jq -e --arg e "$W/variant" '.executables[$e]' b.json > /dev/null || fail "b.json is empty"
}

test_program_table_too_small_is_reported() {
	need_root
	rc=0; "$LP" record --strict --max-programs 3 -o rec.json -- sh -c "true; ls / > /dev/null; id > /dev/null" 2> err.txt || rc=$?
	expect_eq "$rc" 125 "--strict"
	lost=$(jq .meta.lost.programs rec.json)
	[ "$lost" -gt 0 ] || fail "no program counted as lost"
	expect_contains "$(cat err.txt)" "learnprof: warning: lost $lost programs" "warning"
	jq -e '.executables["<unattributed>"].syscalls.x86_64.exit_group' rec.json > /dev/null ||
		fail "the overflow's syscalls must still be counted"
	"$LP" seccomp -o p.json rec.json
	"$LP" run --seccomp p.json -- sh -c "true; ls / > /dev/null; id > /dev/null"
}

run_tests "$@"
