#!/bin/bash
# Artifacts that agree: every file `learnprof generate` writes (and every
# command run alone) names the same profile, the report's syscall count is
# the number of syscalls the seccomp profile allows, for a command, a merge
# and a container; and hardening advice from evidence: a service's data
# directory that held data before the run is a volume, and the user to run
# as is the one it ran as, with the reason.
. "$(dirname "$0")/../lib.sh"

# the_count <report file>: N of "its seccomp profile allows N syscalls".
the_count() {
	sed -n 's/.*its seccomp profile allows \([0-9]*\) syscalls.*/\1/p' "$1"
}

# check_names <dir written by generate> <recording...>: every artifact and
# every command run alone names the profile the same: prints the name.
check_names() {
	local d=$1 name
	shift
	name=$(sed -n 's/^profile \([^ ]*\) .*/\1/p' "$d/apparmor.profile" | head -1)
	[ -n "$name" ] || fail "no profile line in $d/apparmor.profile"
	case $name in learnprof-*) ;; *) fail "profile name '$name' lacks the learnprof- prefix" ;; esac
	case $name in *[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*)
		fail "profile name '$name' looks like a container id" ;;
	esac
	expect_contains "$(cat "$d/docker-flags.txt")" "--security-opt=apparmor=$name" "docker-flags.txt"
	expect_contains "$(cat "$d/capabilities.txt")" "--security-opt=apparmor=$name" "capabilities.txt"
	expect_contains "$(cat "$d/kubernetes-security-context.yaml")" \
		"    localhostProfile: learnprof/$name.json" "k8s seccomp"
	expect_contains "$(cat "$d/kubernetes-security-context.yaml")" \
		"  appArmorProfile:
    type: Localhost
    localhostProfile: $name" "k8s apparmor"
	expect_eq "$(sed -n 's/^  name: //p' "$d/seccomp-profile.yaml")" "$name" "SPO metadata.name"
	# The commands alone, with their defaults, say the same.
	expect_eq "$("$LP" apparmor "$@" | sed -n 's/^profile \([^ ]*\) .*/\1/p' | head -1)" "$name" "apparmor alone"
	expect_contains "$("$LP" caps --format docker "$@" 2>/dev/null)" "--security-opt=apparmor=$name" "caps alone"
	expect_eq "$("$LP" seccomp --format spo "$@" 2>/dev/null | sed -n 's/^  name: //p')" "$name" "seccomp spo alone"
	# --name wins everywhere.
	expect_contains "$("$LP" caps --format kubernetes --name web-1 "$@")" "localhostProfile: web-1" "caps --name"
	expect_eq "$("$LP" apparmor --name web-1 "$@" | sed -n 's/^profile \([^ ]*\) .*/\1/p' | head -1)" web-1 "apparmor --name"
	echo "$name"
}

# check_count <dir written by generate> [seccomp options] -- <recording...>:
# the report's count is what the seccomp profiles allow, in generate's
# report and in `report` beside `seccomp` with the same options.
check_count() {
	local d=$1 n opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	n=$(allowed_syscalls "$d/seccomp.json" | wc -l)
	[ "$n" -gt 0 ] || fail "an empty profile"
	expect_eq "$(jq -r '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | unique | length' \
		"$d/seccomp-docker.json")" "$n" "docker profile count"
	expect_eq "$(the_count "$d/report.md")" "$n" "report.md: the profile's count"
	"$LP" seccomp "${opts[@]}" -o alone.json "$@" 2>/dev/null
	"$LP" report "$@" > alone.txt 2>/dev/null
	if [ ${#opts[@]} = 0 ]; then
		expect_eq "$(the_count alone.txt)" "$(allowed_syscalls alone.json | wc -l)" "report alone"
	fi
	echo "$n"
}

test_a_command_recording_names_one_profile_and_counts_the_profiles_syscalls() {
	need_root
	prog=$(pub "$W/family")
	"$LP" record -o rec.json -- "$prog" "$(pub "$W/exact-nolibc")" > /dev/null
	"$LP" generate -d out rec.json > /dev/null
	name=$(check_names out rec.json)
	expect_eq "$name" learnprof-family "named after the program"
	n=$(check_count out -- rec.json)
	exact=$("$LP" seccomp --exact rec.json | jq '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | unique | length')
	[ "$n" -gt "$exact" ] || fail "family starts threads: companions expected ($n vs $exact)"
	expect_contains "$(cat out/report.md)" "($exact observed, $((n - exact)) implied companion" "the split"
}

test_a_merged_recording_names_one_profile_and_counts_the_profiles_syscalls() {
	need_root
	prog=$(pub "$W/family")
	"$LP" record -o r1.json -- "$prog" "$(pub "$W/exact-nolibc")" > /dev/null
	"$LP" record -o r2.json -- "$prog" "$(pub "$W/exact-nolibc")" > /dev/null
	"$LP" merge -o m.json r1.json r2.json
	"$LP" generate -d out m.json > /dev/null
	"$LP" generate -d out2 r2.json r1.json > /dev/null
	name=$(check_names out m.json)
	expect_eq "$name" learnprof-family "named after the program"
	expect_eq "$(check_names out2 r2.json r1.json)" "$name" "merged in any order"
	check_count out -- m.json > /dev/null
	check_count out2 -- r2.json r1.json > /dev/null
}

# bundle <dir> <args json> [jq filter]: a busybox runc bundle (as in
# containers.sh).
bundle() {
	mkdir -p "$1/rootfs/bin" "$1/rootfs/proc" "$1/rootfs/dev" "$1/rootfs/sys" "$1/rootfs/tmp"
	cp /bin/busybox "$1/rootfs/bin/"
	for a in sh ls echo cat sleep true; do ln -sf busybox "$1/rootfs/bin/$a"; done
	(cd "$1" && runc spec)
	jq --argjson a "$2" ".process.terminal = false | .process.args = \$a | ${3:-.}" \
		"$1/config.json" > "$1/c" && mv "$1/c" "$1/config.json"
}

# record_container <bundle> <recording's file name, in $T> [image]: run it
# once under runc with learnprof as its OCI hook.
record_container() {
	local id=lp-art-$$-$RANDOM rc=0
	jq --arg lp "$LP" --arg sd "$T/state" --arg od "$T" --arg out "$2" --arg img "${3:-}" \
		'.hooks = {"createRuntime": [{"path": $lp, "args": ["learnprof", "oci-hook", "--state-dir", $sd, "--output-dir", $od]}],
			   "poststop": [{"path": $lp, "args": ["learnprof", "oci-hook", "--state-dir", $sd, "--output-dir", $od]}]}
		 | .annotations["io.learnprof.record"] = $out
		 | if $img != "" then .annotations["org.opencontainers.image.ref.name"] = $img else . end' \
		"$1/config.json" > "$1/c" && mv "$1/c" "$1/config.json"
	defer "runc delete -f $id"
	runc run --bundle "$1" "$id" > "$1.out" 2> "$1.err" || rc=$?
	[ "$rc" = 0 ] || fail "runc run: exit $rc: $(cat "$1.err" "$1.out")"
	echo "$id"
}

test_a_container_recording_is_named_by_its_image_never_its_id() {
	need_root
	need_cmd runc
	[ -x /bin/busybox ] || skip "needs busybox-static"
	bundle b '["/bin/sh", "-c", "echo hi; ls / > /dev/null"]' \
		'.linux.seccomp = {"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"]}'
	id=$(record_container b rec.json docker.io/library/busybox:1.36)
	expect_eq "$(jq -r .meta.target.container.id rec.json)" "$id" "the container's id is recorded"
	"$LP" generate -d out rec.json > /dev/null 2>&1
	expect_eq "$(check_names out rec.json)" learnprof-busybox "the image's name"
	n=$(check_count out -- rec.json)
	floor=$("$LP" report --format json rec.json | jq .seccomp_profile.runtime_floor)
	[ "$floor" -gt 0 ] || fail "a measured runtime floor is part of the count"
	# With runc's list (generate --runtime runc): still the profile's count.
	"$LP" generate -d out-runc --runtime runc rec.json > /dev/null 2>&1
	check_count out-runc --runtime runc -- rec.json > /dev/null
	# No image: the entrypoint's program.
	bundle c '["/bin/sh", "-c", "true"]'
	record_container c rec2.json > /dev/null
	"$LP" generate -d out2 rec2.json > /dev/null 2>&1
	expect_eq "$(check_names out2 rec2.json)" learnprof-busybox "the entrypoint's program"
	check_count out2 -- rec2.json > /dev/null
}

# A service with data from before the run: redis loads dump.rdb from --dir
# and saves it again there, as the redis user.
test_a_data_directory_that_held_data_is_a_volume_and_the_user_is_the_one_it_ran_as() {
	need_root
	need_cmd redis-server
	need_cmd redis-cli
	id redis > /dev/null 2>&1 || skip "needs the redis user (Debian's redis-server package)"
	uid=$(id -u redis) gid=$(id -g redis)
	mkdir data
	chown redis:redis data
	port=$(free_port)
	args=(redis-server --port "$port" --bind 127.0.0.1 --dir "$T/data" --save "3600 1"
	      --appendonly no --dbfilename dump.rdb)
	# The data, made before the recording.
	setpriv --reuid="$uid" --regid="$gid" --clear-groups "${args[@]}" > setup.log &
	pid=$!
	defer "kill $pid 2>/dev/null"
	wait_for 10 redis-cli -p "$port" ping
	redis-cli -p "$port" set before-the-run 1 > /dev/null
	redis-cli -p "$port" shutdown save > /dev/null || true
	wait $pid || true
	[ -s data/dump.rdb ] || fail "no dump.rdb made"
	# The recorded run reads it, and saves again.
	"$LP" record --user redis -o rec.json -- "${args[@]}" > redis.log &
	rec=$!
	defer "kill $rec 2>/dev/null"
	wait_for 10 redis-cli -p "$port" ping
	expect_eq "$(redis-cli -p "$port" get before-the-run)" 1 "the data was loaded"
	redis-cli -p "$port" set during-the-run 2 > /dev/null
	redis-cli -p "$port" save > /dev/null
	redis-cli -p "$port" shutdown save > /dev/null || true
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 0 "recorded redis exit"
	"$LP" generate -d out rec.json > /dev/null
	flags=$(cat out/docker-flags.txt)
	expect_contains "$flags" "--volume=$T/data:$T/data" "a volume"
	case $flags in *"--tmpfs=$T/data"*) fail "a tmpfs over the data: $flags" ;; esac
	expect_contains "$flags" "--user=$uid:$gid" "the user it ran as"
	expect_contains "$(cat out/capabilities.txt)" \
		"  non-root user       possible: run as $uid:$gid: it ran as uid $uid gid $gid (recorded with --user redis)" \
		"the reason"
	expect_contains "$(cat out/capabilities.txt)" "$T/data: a volume: it held data before the run: it used $T/data/dump.rdb, which the run did not create" "the evidence"
	k8s=$(cat out/kubernetes-security-context.yaml)
	expect_contains "$k8s" "  # runAsUser $uid: it ran as uid $uid gid $gid (recorded with --user redis)
  runAsNonRoot: true
  runAsUser: $uid
  runAsGroup: $gid" "k8s user"
	expect_contains "$k8s" "#   $T/data: a persistent volume, not emptyDir: it held data before the run" "k8s volume"
	expect_contains "$(cat out/systemd-hardening.conf)" "ReadWritePaths=$T/data" "systemd"
	expect_contains "$(cat out/systemd-hardening.conf)" "# User=$uid and Group=$gid: it ran as uid $uid" "systemd user"
	expect_contains "$(cat out/report.md)" "| 4.1 | runs as a non-root user | ready | run it as $uid:$gid: it ran as uid $uid" "report checklist"
}

run_tests "$@"
