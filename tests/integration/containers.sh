#!/bin/bash
# Containers first-class: real runc containers from a busybox-static root
# filesystem, recorded by id and as an OCI hook, and run again under the
# profile learned from them.
. "$(dirname "$0")/../lib.sh"

EXACT="exit_group 1
getcpu 7
mincore 3
sched_getaffinity 5
write 1"

# bundle <dir> <args json> [jq filter for config.json]
bundle() {
	mkdir -p "$1/rootfs/bin" "$1/rootfs/proc" "$1/rootfs/dev" "$1/rootfs/sys" "$1/rootfs/tmp"
	cp /bin/busybox "$W/exact-nolibc" "$1/rootfs/bin/"
	for a in sh ls echo cat sleep true test; do ln -sf busybox "$1/rootfs/bin/$a"; done
	(cd "$1" && runc spec)
	jq --argjson a "$2" ".process.terminal = false | .process.args = \$a | ${3:-.}" \
		"$1/config.json" > "$1/c" && mv "$1/c" "$1/config.json"
}

hooks='.hooks = {"createRuntime": [{"path": $lp, "args": ["learnprof", "oci-hook", "--state-dir", $sd, "--output-dir", $od]}],
		 "poststop": [{"path": $lp, "args": ["learnprof", "oci-hook", "--state-dir", $sd, "--output-dir", $od]}]}'

with_hooks() {	# <bundle> <recording name>: wire learnprof into config.json
	jq --arg lp "$LP" --arg sd "$T/state" --arg od "$T" --arg out "$2" \
		"$hooks | .annotations[\"io.learnprof.record\"] = \$out | .annotations[\"org.opencontainers.image.ref.name\"] = \"local/exact:1\"" \
		"$1/config.json" > "$1/c" && mv "$1/c" "$1/config.json"
}

run_container() {	# <bundle> <id> <stdout file>: runc run, failing with what runc said
	rc=0
	runc run --bundle "$1" "$2" > "$3" 2> "$3.err" || rc=$?
	[ "$rc" = 0 ] || fail "runc run $2: exit $rc: $(cat "$3.err" "$3")"
}

need_runc() {
	need_root
	need_cmd runc
	[ -x /bin/busybox ] || skip "needs busybox-static"
}

test_oci_hook_records_from_the_first_instruction() {
	need_runc
	bundle b '["/bin/exact-nolibc"]'
	with_hooks b rec.json
	id=lp-hook-$$-$RANDOM
	defer "runc delete -f $id"
	run_container b "$id" out.txt
	expect_eq "$(cat out.txt)" "exact" "container output"
	# The entrypoint from its first syscall, exactly (its execve was the
	# runtime's), and besides it only the runtime's own init.
	expect_eq "$(syscalls_of rec.json /bin/exact-nolibc)" "$EXACT" "entrypoint syscalls"
	others=$(exes_of rec.json | grep -vx /bin/exact-nolibc)
	[ "$(echo "$others" | wc -l)" = 1 ] || fail "unexpected programs: $others"
	expect_eq "$(basename "$others")" runc "the runtime's init"
	jq -e --arg runc "$(realpath "$(type -P runc)")" '.executables | has("/usr/bin/jq") or has($runc) | not' rec.json > /dev/null ||
		fail "host programs recorded"
	expect_eq "$(jq -c '.meta.target | [.kind, .container.id, .container.runtime, .container.image]' rec.json)" \
		"[\"container\",\"$id\",\"runc\",\"local/exact:1\"]" "meta"
	expect_eq "$(jq .meta.no_new_privs rec.json)" true "no_new_privs from config.json"
	expect_eq "$(jq .meta.target.container.startup_missed rec.json)" null "from the first instruction: nothing missed"
	[ ! -e "$T/state/$id.pid" ] || fail "recorder state left behind"
}

test_measured_runtime_floor_and_exact_container_profile() {
	need_runc
	# Record under a filter that allows everything and logs: runc installs
	# it, so what runc does after its filter is measured.
	bundle b '["/bin/exact-nolibc"]' '.linux.seccomp = {"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"]}'
	with_hooks b rec.json
	id=lp-floor-$$-$RANDOM
	defer "runc delete -f $id; runc delete -f $id-2"
	run_container b "$id" out.txt
	floor=$(exes_of rec.json | grep "(after seccomp filter)") || fail "no measured floor"
	jq -e --arg e "$floor" '.executables[$e].syscalls.x86_64.execve' rec.json > /dev/null ||
		fail "the floor must contain the exec of the entrypoint"
	"$LP" seccomp -o seccomp.json rec.json 2> warn.txt
	[ ! -s warn.txt ] || fail "unexpected warning: $(cat warn.txt)"
	# Exactly the entrypoint's syscalls, the measured floor and the calls
	# runc's Go scheduler makes when timing decides (a recording may miss
	# them: without futex and rt_sigreturn the container failed 1 in 4).
	want=$( (echo "$EXACT" | cut -d' ' -f1; jq -r --arg e "$floor" '.executables[$e].syscalls.x86_64 | keys[]' rec.json
		 printf '%s\n' epoll_pwait futex getpid mmap mprotect nanosleep rt_sigreturn sched_yield sigaltstack tgkill) | LC_ALL=C sort -u)
	expect_eq "$(allowed_syscalls seccomp.json)" "$want" "allowed syscalls"
	"$LP" report --format markdown rec.json > report.md
	expect_contains "$(cat report.md)" "the profile also allows the calls runc's Go scheduler makes when timing decides: epoll_pwait futex getpid mmap mprotect nanosleep rt_sigreturn sched_yield sigaltstack tgkill" "report"
	# The container runs under it (no hooks this time).
	jq --slurpfile s seccomp.json 'del(.hooks) | .linux.seccomp = $s[0]' b/config.json > b/c && mv b/c b/config.json
	run_container b "$id-2" out2.txt
	expect_eq "$(cat out2.txt)" "exact" "output under the learned profile"
}

test_record_running_container_by_id() {
	need_runc
	bundle b '["/bin/sh", "-c", "i=0; while [ ! -e /tmp/go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; for i in 1 2 3 4 5 6 7 8 9 10; do /bin/exact-nolibc > /dev/null; done"]' \
		'.annotations["org.opencontainers.image.ref.name"] = "local/loop:2"'
	id=lp-byid-$$-$RANDOM
	runc run -d --bundle b "$id" < /dev/null > /dev/null 2>&1
	defer "runc delete -f $id"
	"$LP" record --container "$id" --runtime runc --duration 60 --ready ready -o rec.json 2> err.txt &
	rec=$!
	wait_for 10 test -e ready
	touch b/rootfs/tmp/go
	wait $rec
	# It says when it attached, and that the start-up was missed.
	expect_contains "$(cat err.txt)" "learnprof: attached to container '${id:0:12}' (runc, image local/loop:2): recording from now on; its start-up was not seen" "attach message"
	expect_eq "$(jq .meta.target.container.startup_missed rec.json)" true "meta says the start-up was missed"
	# Stopped by itself when the container's processes were gone.
	expect_eq "$(syscalls_of rec.json /bin/exact-nolibc)" "exit_group 10
getcpu 70
mincore 30
sched_getaffinity 50
write 10" "ten runs, counted exactly"
	for e in $(exes_of rec.json); do
		case $e in /bin/exact-nolibc|/bin/busybox) ;; *) fail "unexpected program $e";; esac
	done
	expect_eq "$(jq -c '.meta.target | [.kind, .container.id, .container.runtime, .container.image, .container.bundle]' rec.json)" \
		"[\"container\",\"$id\",\"runc\",\"local/loop:2\",\"$(realpath b)\"]" "meta"
	# Its start-up was missed: the profile says so and gets runc's list for
	# the runtime's last steps, so the container can start under it.
	"$LP" seccomp -o p.json rec.json 2> warn.txt
	expect_contains "$(cat warn.txt)" "learnprof: warning: the container's start-up was not recorded, so its runtime's post-filter syscalls were not measured: adding learnprof's list for runc" "warning"
	jq -e '.syscalls[] | select(.names | index("capset")) | .action == "SCMP_ACT_ALLOW"' p.json > /dev/null ||
		fail "runc's floor is missing"
	expect_contains "$("$LP" report rec.json)" "the container's start-up was not seen" "report coverage"
	jq --slurpfile s p.json '.process.args = ["/bin/exact-nolibc"] | .linux.seccomp = $s[0]' b/config.json > b/c && mv b/c b/config.json
	run_container b "$id-2" out2.txt
	defer "runc delete -f $id-2"
	expect_eq "$(cat out2.txt)" "exact" "the container starts and runs under the profile"
	# A short id prefix works too; an unknown one is a clear error.
	rc=0; "$LP" record --container no-such-container-xyz -o x.json 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_eq "$(cat err.txt)" "learnprof: no container 'no-such-container-xyz' found in the state of runc, crun, docker, containerd or podman" "message"
}

test_hook_leaves_unannotated_containers_alone() {
	need_runc
	echo '{"ociVersion": "1.0.2", "id": "plain", "pid": 1, "status": "creating", "bundle": "/x"}' |
		"$LP" oci-hook --state-dir "$T/state"
	[ ! -e "$T/state" ] || fail "state created for a container that asked for nothing"
	rc=0; echo '{"id": ' | "$LP" oci-hook 2> err.txt || rc=$?
	expect_eq "$rc" 1 "bad state"
	expect_eq "$(cat err.txt)" "learnprof: '<stdin>': not JSON: truncated (unexpected end of data)" "message"
	rc=0; echo '{"id": "../x", "annotations": {"io.learnprof.record": "x.json"}}' | "$LP" oci-hook 2> err.txt || rc=$?
	expect_eq "$rc" 1 "bad id"
	expect_eq "$(cat err.txt)" "learnprof: oci-hook: bad container id '../x'" "message"
}

# hook <annotation> [<options>...]: the hook's status for a creating
# container so annotated, its message in err.txt.
hook() {
	local a=$1 rc=0
	shift
	jq -n --arg a "$a" '{"ociVersion": "1.0.2", "id": "lp-evil", "pid": 1, "status": "creating",
		"bundle": "/x", "annotations": {"io.learnprof.record": $a}}' |
		"$LP" oci-hook --state-dir "$T/state" "$@" 2> err.txt || rc=$?
	echo "$rc"
}

test_hook_cannot_be_turned_against_the_host() {
	need_root
	echo precious > target
	mkdir -m 700 out
	# The annotation names a file, never a path: no host file can be chosen.
	for a in "$T/target" "../target" "out/../target" ".hidden" "a/b" ""; do
		expect_eq "$(hook "$a" --output-dir "$T/out")" 1 "annotation '$a'"
		expect_contains "$(cat err.txt)" "learnprof: oci-hook: annotation io.learnprof.record='$a' refused: it must be a file name" "message for '$a'"
	done
	# The output directory is the administrator's: a symlink, or one others
	# may write to, is refused.
	ln -s "$T" link
	expect_eq "$(hook rec.json --output-dir "$T/link")" 1 "symlinked output directory"
	expect_eq "$(cat err.txt)" "learnprof: oci-hook: '$T/link' is a symlink, not a directory: refused" "message"
	mkdir -m 777 open
	expect_eq "$(hook rec.json --output-dir "$T/open")" 1 "world-writable output directory"
	expect_eq "$(cat err.txt)" "learnprof: oci-hook: '$T/open' must belong to uid 0 and not be writable by others" "message"
	expect_eq "$(cat target)" precious "nothing written"
	# A pidfile whose pid now belongs to another process is never signalled.
	sleep 300 &
	other=$!
	defer "kill $other"
	mkdir -p state
	echo "$other 1" > state/lp-evil.pid
	jq -n '{"id": "lp-evil", "status": "stopped", "annotations": {"io.learnprof.record": "rec.json"}}' |
		"$LP" oci-hook --state-dir "$T/state" --output-dir "$T/out"
	kill -0 $other || fail "the hook signalled a process that was not its recorder"
	[ ! -e state/lp-evil.pid ] || fail "stale pidfile kept"
}

run_tests "$@"
