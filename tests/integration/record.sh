#!/bin/bash
# learnprof record: exact syscall sets and counts, process trees, exit
# status, signals, users, cgroup mode, and the errors a user can hit.
. "$(dirname "$0")/../lib.sh"

EXACT_SET="execve 1
exit_group 1
getcpu 7
mincore 3
sched_getaffinity 5
write 1"

test_exact_syscall_set() {
	need_root
	"$LP" record -o rec.json -- "$W/exact-nolibc" > out.txt
	expect_eq "$(cat out.txt)" "exact" "workload output"
	expect_eq "$(exes_of rec.json)" "$W/exact-nolibc" "executables"
	expect_eq "$(syscalls_of rec.json "$W/exact-nolibc")" "$EXACT_SET" "syscalls"
	expect_eq "$(jq -r '.executables[].syscalls | keys | join(",")' rec.json)" "x86_64" "ABIs"
	expect_eq "$(jq -r '.meta.lost | [.[]] | add' rec.json)" "0" "lost"
	expect_eq "$(jq -r '.meta.exit_status' rec.json)" "0" "exit status"
}

test_thread_fork_exec_tree() {
	need_root
	"$LP" record -o rec.json -- "$W/family" "$W/exact-nolibc" > /dev/null
	expect_eq "$(exes_of rec.json)" "$W/exact-nolibc
$W/family" "executables (nothing of learnprof's own)"
	# The forked child's exec counts for family; the child program is exact.
	expect_eq "$(syscalls_of rec.json "$W/exact-nolibc")" "$(echo "$EXACT_SET" | grep -v '^execve')" "child syscalls"
	f=$(syscalls_of rec.json "$W/family")
	expect_eq "$(echo "$f" | grep -E '^(getcpu|mincore|execve|wait4) ')" "execve 2
getcpu 11
mincore 4
wait4 1" "family sentinels (thread getcpu x11, main mincore x4)"
	echo "$f" | grep -qE '^(clone|clone3) ' || fail "no clone seen"
}

# Each CPU remembers the program of the threads it ran (struct lp_cpu): a
# thread that execs on one CPU and then runs on another it ran on before
# must be counted for its new program there, exactly.
test_counts_exact_when_a_thread_execs_and_changes_cpu() {
	need_root
	cp "$W/cpu-hop" hop2
	"$LP" record -o rec.json -- "$W/cpu-hop" 20000 "$PWD/hop2" > out.txt
	head -1 out.txt | grep -q '^cpus\|^one CPU' || fail "workload: $(cat out.txt)"
	grep -q '^one CPU' out.txt && note "one CPU: no hop between CPUs"
	expect_eq "$(jq -r --arg e "$W/cpu-hop" '.executables[$e].syscalls.x86_64.getppid.count' rec.json)" \
		40000 "getppid of the program before its exec"
	expect_eq "$(jq -r --arg e "$PWD/hop2" '.executables[$e].syscalls.x86_64.getppid.count' rec.json)" \
		40000 "getppid of the program it exec'd (same thread)"
	expect_eq "$(jq -r '.meta.lost | [.[]] | add' rec.json)" "0" "lost"
}

test_three_abis_counted_apart() {
	need_root
	local e=$W/abi-nolibc
	case $LP_I386 in
	works)
		"$LP" record -o rec.json -- "$e" all > /dev/null
		expect_eq "$(jq -c --arg e "$e" '.executables[$e].syscalls | map_values(map_values(.count))' rec.json)" \
			'{"x86_64":{"execve":1,"exit_group":1,"getpid":1,"write":1},"i386":{"getpid":3,"getppid":2},"x32":{"getpid":4}}' \
			"syscalls per ABI"
		expect_eq "$(jq -r --arg e "$e" '.executables[$e].syscalls.i386.getppid.nr' rec.json)" 64 "i386 number"
		;;
	faults)
		# Prove it: the first int $0x80 kills the program, and no i386
		# syscall is recorded because none was made.
		rc=0; "$LP" record -o f.json -- "$e" all > /dev/null 2>&1 || rc=$?
		expect_eq "$rc" 139 "int \$0x80 faults (SIGSEGV)"
		expect_eq "$(jq -c --arg e "$e" '.executables[$e].syscalls | map_values(map_values(.count))' f.json)" \
			'{"x86_64":{"execve":1,"getpid":1}}' "what it made before the fault"
		"$LP" record -o rec.json -- "$e" no-i386 > /dev/null
		expect_eq "$(jq -c --arg e "$e" '.executables[$e].syscalls | map_values(map_values(.count))' rec.json)" \
			'{"x86_64":{"execve":1,"exit_group":1,"getpid":1,"write":1},"x32":{"getpid":4}}' \
			"syscalls per ABI"
		note "i386 faults on this machine: x86_64 and x32 checked"
		;;
	*)
		fail "int \$0x80 neither works nor faults here ($LP_I386): tests/machine needs a new case" ;;
	esac
	expect_eq "$(jq -r --arg e "$e" '.executables[$e].syscalls.x32.getpid.nr' rec.json)" 39 "x32 number, without the x32 bit"
	[ "$LP_X32" = works ] || note "x32 answers ENOSYS on this machine: its calls are entered and counted all the same"
}

test_cgroup_mode_stops_on_sigterm() {
	need_root
	own_cgroup lp-term
	sh -c 'echo $$ > '"$cg"'/cgroup.procs; exec sleep 60' &
	bg=$!
	defer "kill $bg"
	"$LP" record --cgroup "$cgpath" --ready ready -o rec.json &
	rec=$!
	wait_for 10 test -e ready
	kill -TERM $rec
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 0 "status"
	jq -e '.meta.target.kind == "cgroup" and (.meta | has("exit_status") | not)' rec.json > /dev/null ||
		fail "bad meta"
	kill -0 $bg || fail "the cgroup's process should not have been signalled"
}

test_exit_status_passes_through() {
	need_root
	expect_status 7 "$LP" record -o rec.json -- sh -c 'exit 7'
	expect_eq "$(jq -r .meta.exit_status rec.json)" 7 "recorded status"
	expect_status 137 "$LP" record -o rec2.json -- sh -c 'kill -KILL $$'
	expect_eq "$(jq -r '[.meta.exit_status, .meta.exit_signal] | join(" ")' rec2.json)" "137 9" "signal death"
}

test_command_not_found_127_not_executable_126() {
	need_root
	rc=0; "$LP" record -o rec.json -- no-such-command-xyz 2> err.txt || rc=$?
	expect_eq "$rc" 127 "status"
	expect_eq "$(cat err.txt)" "learnprof: cannot run 'no-such-command-xyz': command not found" "message"
	printf 'not a program\n' > notexec
	chmod 644 notexec
	rc=0; "$LP" record -o rec.json -- ./notexec 2> err.txt || rc=$?
	expect_eq "$rc" 126 "status"
	expect_eq "$(cat err.txt)" "learnprof: cannot run './notexec': Permission denied" "message"
	[ ! -e rec.json ] || fail "a recording was written for a command that never ran"
}

test_sigterm_is_forwarded_and_recording_written() {
	need_root
	"$LP" record -o rec.json -- "$LP_SLEEP" 60 &
	pid=$!
	defer "kill -KILL $pid"
	# Signal only once sleep itself is sleeping (its own state in /proc).
	wait_in_syscall "$(child_of $pid)" 230	# clock_nanosleep
	kill -TERM $pid
	rc=0; wait $pid || rc=$?
	expect_eq "$rc" 143 "record's status after SIGTERM"
	expect_eq "$(jq -r '[.meta.exit_status, .meta.exit_signal] | join(" ")' rec.json)" "143 15" "recorded death"
	jq -e --arg e "$LP_SLEEP" '.executables[$e].syscalls.x86_64.clock_nanosleep.count == 1' rec.json > /dev/null ||
		fail "sleep's clock_nanosleep missing"
}

test_user_option_runs_unprivileged() {
	need_root
	"$LP" record -o rec.json --user nobody -- id -u > out.txt
	expect_eq "$(cat out.txt)" "65534" "uid of the workload"
	expect_eq "$(jq -r .meta.target.user rec.json)" "nobody" "meta.target.user"
	# setuid/setgroups were learnprof's, before the exec: not recorded.
	jq -e --arg e "$LP_ID" '.executables[$e].syscalls.x86_64 | has("write") and (has("setuid") or has("setgroups") | not)' rec.json >/dev/null ||
		fail "learnprof's own setuid leaked into the recording"
	rc=0; "$LP" record -o rec.json --user no-such-user-xyz -- true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status for unknown user"
	expect_eq "$(cat err.txt)" "learnprof: unknown user 'no-such-user-xyz'" "message"
}

test_cgroup_mode_records_only_that_cgroup() {
	need_root
	own_cgroup lp-test
	defer 'kill $bg; sleep 0.2'
	# A shell in the cgroup waits until the probes are attached, runs
	# exact-nolibc ten times and exits; recording stops when the cgroup
	# empties.
	sh -c 'echo $$ > '"$cg"'/cgroup.procs
	       i=0; while [ ! -e ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	       for i in 1 2 3 4 5 6 7 8 9 10; do '"$W"'/exact-nolibc >/dev/null; done' &
	bg=$!
	# Unrelated work outside the cgroup must not show up.
	"$W/family" "$W/exact-nolibc" > /dev/null &
	"$LP" record --cgroup "$cgpath" --duration 60 --ready ready -o rec.json
	wait $bg
	exes=$(exes_of rec.json)
	for e in $exes; do
		case $e in "$W/exact-nolibc"|"$LP_SH"|"$LP_SLEEP") ;; *) fail "unexpected executable $e";; esac
	done
	# The execs count for the shell that made them.
	expect_eq "$(syscalls_of rec.json "$W/exact-nolibc")" "exit_group 10
getcpu 70
mincore 30
sched_getaffinity 50
write 10" "ten exact runs"
	[ "$(syscalls_of rec.json "$LP_SH" | awk '$1 == "execve" {print $2}')" -ge 10 ] ||
		fail "the shell's execs are missing"
	expect_eq "$(jq -r .meta.target.kind rec.json)" cgroup "kind"
	expect_eq "$(jq -r .meta.target.cgroup rec.json)" "$cgpath" "cgroup"
}

# Cgroup mode asks no cgroup question on a syscall's path: threads are
# given their storage when the recording starts (already inside), when a
# process moves in (with all its threads), and when one is cloned straight
# in. Every getppid of each way is counted, exactly.
test_cgroup_mode_adopts_threads_inside_moved_in_and_cloned_in() {
	need_root
	own_cgroup lp-test
	# Inside before the recording starts: 3 threads x 1000, after "go".
	sh -c 'echo $$ > '"$cg"'/cgroup.procs; exec '"$W"'/into-cgroup wait 1000 go' > wait.out &
	inside=$!
	# A holder keeps the cgroup from emptying until the end.
	sh -c 'echo $$ > '"$cg"'/cgroup.procs; exec sleep 100' &
	holder=$!
	defer 'kill $inside $holder 2>/dev/null; sleep 0.2'
	wait_for 10 grep -qx "$holder" "$cg/cgroup.procs" || fail "holder not in the cgroup"
	"$LP" record --cgroup "$cgpath" --duration 60 --ready ready -o rec.json 2> rec.err &
	rec=$!
	wait_for 30 test -e ready || fail "no ready: $(cat rec.err)"
	touch go
	wait $inside
	# Moved in with its threads (3 x 200), and cloned in (50).
	"$W/into-cgroup" move 200 "$cg" > move.out || fail "move: $(cat move.out)"
	"$W/into-cgroup" clone 50 "$cg" > clone.out || fail "clone3: $(cat clone.out)"
	# Moved in by one of its threads after its main thread exited (3 x 100).
	"$W/into-cgroup" orphan 100 "$cg" > orphan.out || fail "orphan: $(cat orphan.out)"
	kill $holder
	wait $rec || fail "record: $(cat rec.err)"
	expect_eq "$(cat wait.out move.out clone.out orphan.out | tr '\n' ' ')" "done done done done " "workloads"
	expect_eq "$(jq -r --arg e "$W/into-cgroup" '.executables[$e].syscalls.x86_64.getppid.count' rec.json)" \
		3950 "getppid: 3000 inside + 600 moved in + 50 cloned in + 300 moved in without their leader"
	expect_eq "$(jq -r '.meta.lost | [.[]] | add' rec.json)" "0" "lost"
}

test_missing_cgroup_is_an_error() {
	need_root
	rc=0; "$LP" record --cgroup /no/such/cgroup -o rec.json 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_contains "$(cat err.txt)" "learnprof: cgroup '/no/such/cgroup' not found under the cgroup2 mount" "message"
}

test_not_root_is_an_error() {
	need_root
	need_cmd setpriv
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$(pub "$LP")" record -o /tmp/never.json -- true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_eq "$(cat err.txt)" "learnprof: recording needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN): run it with sudo" "message"
}

test_no_btf_is_an_error() {
	need_root
	need_cmd unshare
	rc=0
	unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$0" record -o rec.json -- true' "$LP" 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_contains "$(cat err.txt)" "learnprof: kernel has no BTF (/sys/kernel/btf/vmlinux: No such file or directory)" "message"
}

test_no_cgroup2_mount_is_an_error() {
	need_root
	need_cmd unshare
	mnt=$(cg2)
	rc=0
	unshare -m sh -c 'umount -l "$1" && exec "$0" record -o rec.json -- true' "$LP" "$mnt" 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_contains "$(cat err.txt)" "learnprof: no cgroup2 mount found in /proc/self/mountinfo" "message"
}

test_output_unwritable_fails_before_running() {
	need_root
	rc=0; "$LP" record -o /no/such/dir/rec.json -- touch ran 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_eq "$(cat err.txt)" "learnprof: cannot write '/no/such/dir/rec.json': No such file or directory" "message"
	[ ! -e ran ] || fail "the command ran although the recording could not be written"
}

test_cgroup_removed_afterwards() {
	need_root
	mnt=$(cg2)
	"$LP" record -o rec.json -- true
	cg=$(jq -r .meta.target.cgroup rec.json)
	[ ! -e "$mnt$cg" ] || fail "cgroup $cg left behind"
}

test_bad_flags() {
	rc=0; "$LP" record --bogus -- true 2> err.txt || rc=$?
	expect_eq "$rc" 129 "status"
	expect_eq "$(head -1 err.txt)" "learnprof: unknown option '--bogus'" "message"
	rc=0; "$LP" record 2> err.txt || rc=$?
	expect_eq "$rc" 129 "status"
	expect_eq "$(head -1 err.txt)" "learnprof: no command given" "message"
	rc=0; "$LP" record --duration abc --cgroup / 2> err.txt || rc=$?
	expect_eq "$rc" 129 "status"
	expect_eq "$(head -1 err.txt)" "learnprof: --duration: 'abc' is not a positive number of seconds" "message"
}

run_tests "$@"
