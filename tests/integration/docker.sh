#!/bin/bash
# A real Docker engine: `learnprof record -- docker run ...` records the
# container (not the client) from its first instruction, and what learnprof
# generates from it works under `docker run`, where something the container
# never did fails. The suite uses the engine that runs, or starts its own
# (dockerd --iptables=false --bridge=none --storage-driver=vfs, on a socket
# and data root of its own) and stops only that one.
. "$(dirname "$0")/../lib.sh"

DOCKER=$(type -P docker || true)
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker	# Debian's, matching its engine
DOCKERD_PID=

# The engine: the host's when one answers, else one of the suite's own.
docker_engine() {
	local d=$TMPROOT/dockerd i
	[ -n "$DOCKER" ] || return 1
	"$DOCKER" info > /dev/null 2>&1 && return 0
	command -v dockerd > /dev/null || return 1
	mkdir -p "$d"
	export DOCKER_HOST=unix://$d/docker.sock
	dockerd --iptables=false --bridge=none --storage-driver=vfs --data-root "$d/data" \
		--exec-root "$d/exec" --pidfile "$d/docker.pid" -H "$DOCKER_HOST" \
		> "$d/dockerd.log" 2>&1 &
	DOCKERD_PID=$!
	for i in $(seq 120); do
		"$DOCKER" info > /dev/null 2>&1 && return 0
		kill -0 $DOCKERD_PID 2>/dev/null || break
		sleep 0.25
	done
	echo "dockerd did not start: $(tail -5 "$d/dockerd.log")" >&2
	return 1
}

stop_engine() {
	[ -s "$TMPROOT/dockerd.pid" ] && DOCKERD_PID=$(cut -d' ' -f1 "$TMPROOT/dockerd.pid")
	[ -n "$DOCKERD_PID" ] || return 0
	kill "$DOCKERD_PID" 2>/dev/null
	for i in $(seq 80); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.25; done
	kill -KILL "$DOCKERD_PID" 2>/dev/null
	rm -rf "$TMPROOT/dockerd"
}
trap 'stop_engine; rm -rf "$TMPROOT"' EXIT

# A FROM scratch image of busybox-static (no registry here).
busybox_image() {
	local c=$TMPROOT/img
	mkdir -p "$c/bin"
	cp /bin/busybox "$c/bin/"
	printf 'FROM scratch\nCOPY bin /bin\nENTRYPOINT ["/bin/busybox"]\n' > "$c/Dockerfile"
	DOCKER_BUILDKIT=0 "$DOCKER" build -q -t learnprof-test/busybox:1 "$c" > /dev/null
}

# The engine is started by the first test that needs it (a filtered run
# that needs none starts none), once for the whole suite.
ENGINE=$TMPROOT/engine
need_engine() {
	need_root
	if [ ! -e "$ENGINE" ]; then
		if docker_engine && [ -x /bin/busybox ] && busybox_image; then
			echo yes > "$ENGINE"
			[ -z "$DOCKERD_PID" ] || echo "$DOCKERD_PID $DOCKER_HOST" > "$TMPROOT/dockerd.pid"
		else
			echo no > "$ENGINE"
		fi
	fi
	[ -s "$TMPROOT/dockerd.pid" ] && export DOCKER_HOST=$(cut -d' ' -f2 "$TMPROOT/dockerd.pid")
	[ "$(cat "$ENGINE")" = yes ] || skip "needs a Docker engine (Debian packages docker.io, busybox-static)"
}

IMG=learnprof-test/busybox:1

test_record_docker_run_records_the_container_not_the_client() {
	need_engine
	rc=0
	"$LP" record -o rec.json -- "$DOCKER" run --rm --network none "$IMG" \
		sh -c 'echo hello from docker; ls /bin > /dev/null; exit 7' > out.txt 2> err.txt || rc=$?
	expect_eq "$rc" 7 "the client's exit status is record's"
	expect_eq "$(cat out.txt)" "hello from docker" "the container's output"
	expect_eq "$(jq -c '.meta.target | [.kind, .container.runtime, .container.image, (.container.id | test("^[0-9a-f]{64}$")), .container.startup_missed]' rec.json)" \
		'["container","docker","learnprof-test/busybox:1",true,null]' "meta"
	# The container from its first instruction: runc's init and busybox,
	# and nothing of the client.
	exes_of rec.json > exes.txt
	while IFS= read -r e; do
		case $e in /bin/busybox|*/runc|*"/runc (after seccomp filter)") ;; *) fail "recorded $e";; esac
	done < exes.txt
	# The entrypoint's exec is runc's last step, after its filter.
	jq -e 'to_entries[] | select(.key | endswith("/runc (after seccomp filter)")) | .value.syscalls.x86_64.execve' \
		<(jq .executables rec.json) > /dev/null || fail "the entrypoint's exec is missing from the runtime's floor"
	expect_eq "$(jq -r '.executables["/bin/busybox"].files | keys[] | select(. == "/bin")' rec.json)" /bin "ls /bin was recorded"
	# The cgroup learnprof gave the container is gone, in every hierarchy.
	cg=$(jq -r .meta.target.cgroup rec.json)
	[ ! -e "$(cg2)$cg" ] || fail "cgroup $cg left behind"
	! ls -d /sys/fs/cgroup/*"$cg" 2> /dev/null || fail "cgroup v1 directories left behind"
}

test_every_artifact_works_in_a_real_docker_run() {
	need_engine
	work='echo data > /tmp/out.txt; cat /tmp/out.txt; chown 1:1 /tmp/out.txt; echo done'
	"$LP" record -o rec.json -- "$DOCKER" run --rm --network none --tmpfs /tmp "$IMG" sh -c "$work" > out.txt
	expect_eq "$(cat out.txt)" "data
done" "recorded run"
	"$LP" generate -d gen rec.json > /dev/null
	"$LP" caps --format docker rec.json > flags.txt 2> warn.txt
	# Everything together: seccomp, capabilities, read-only root,
	# no-new-privileges (the apparmor option is ignored without AppArmor).
	read -r -a flags < flags.txt
	flags=("${flags[@]/seccomp=seccomp-docker.json/seccomp=gen/seccomp-docker.json}")
	echo "flags: ${flags[*]}"
	expect_contains "${flags[*]}" "--cap-drop=ALL" "capabilities dropped"
	expect_contains "${flags[*]}" "--cap-add=CHOWN" "chown kept"
	"$DOCKER" run --rm --network none --tmpfs /tmp "${flags[@]}" "$IMG" sh -c "$work" > out2.txt 2> err2.txt ||
		fail "the container failed under its artifacts: $(cat err2.txt)"
	expect_eq "$(cat out2.txt)" "data
done" "the same run under every artifact"
	# Something it never did fails inside it.
	rc=0; "$DOCKER" run --rm --network none --tmpfs /tmp "${flags[@]}" "$IMG" sh -c 'mkdir /tmp/x' 2> err.txt || rc=$?
	[ "$rc" != 0 ] || fail "mkdir (never made) should be denied"
	expect_contains "$(cat err.txt)" "Operation not permitted" "mkdir denied by the profile"
	rc=0; "$DOCKER" run --rm --network none --tmpfs /tmp --security-opt seccomp=unconfined \
		$(printf '%s\n' "${flags[@]}" | grep -v seccomp) "$IMG" sh -c 'echo x > /etc/x' 2> err.txt || rc=$?
	[ "$rc" != 0 ] || fail "a write outside the learned places should fail"
	expect_contains "$(cat err.txt)" "Read-only file system" "read-only root"
	rc=0; "$DOCKER" run --rm --network none --tmpfs /tmp --security-opt seccomp=unconfined \
		$(printf '%s\n' "${flags[@]}" | grep -v seccomp) "$IMG" sh -c 'touch /tmp/y; chmod 4755 /tmp/y; mknod /tmp/n c 1 3' 2> err.txt || rc=$?
	[ "$rc" != 0 ] || fail "mknod (CAP_MKNOD, never used) should fail"
	expect_contains "$(cat err.txt)" "Operation not permitted" "a capability it never used"
}

test_detached_container_is_recorded_until_it_ends() {
	need_engine
	"$LP" record -o rec.json -- "$DOCKER" run -d --network none "$IMG" sh -c 'sleep 1; echo bye > /dev/null' > id.txt
	expect_eq "$(jq -r .meta.target.container.id rec.json)" "$(cat id.txt)" "the id the client printed"
	jq -e '.executables["/bin/busybox"].syscalls.x86_64.nanosleep or .executables["/bin/busybox"].syscalls.x86_64.clock_nanosleep' rec.json > /dev/null ||
		fail "the container's sleep after the client exited is missing"
	"$DOCKER" rm -f "$(cat id.txt)" > /dev/null
}

test_the_client_itself_when_asked_and_a_chosen_cgroup_parent_refused() {
	need_engine
	"$LP" record --no-follow-container -o rec.json -- "$DOCKER" run --rm --network none "$IMG" true
	jq -e --arg d "$(realpath "$DOCKER")" '.executables[$d]' rec.json > /dev/null || fail "the client was not recorded"
	jq -e '.executables | has("/bin/busybox") | not' rec.json > /dev/null || fail "the container was recorded"
	rc=0; "$LP" record -o r2.json -- "$DOCKER" run --cgroup-parent=/x --rm "$IMG" true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "status"
	expect_eq "$(cat err.txt)" "learnprof: record -- docker run: --cgroup-parent is learnprof's to choose (the container is recorded through it)" "message"
}

# A program and the libraries ldd names, its loader, and an empty /tmp, in
# a FROM scratch image: software nobody here wrote, in a real container.
program_image() {	# <tag> <program>
	local c=$TMPROOT/img-${1//[:\/]/-} f
	mkdir -p "$c/root/tmp" "$c/root/etc"
	for f in "$2" $(ldd "$2" | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'); do
		mkdir -p "$c/root$(dirname "$f")"
		cp -L "$f" "$c/root$f"
	done
	echo 'root:x:0:0::/:/bin/false' > "$c/root/etc/passwd"
	printf 'FROM scratch\nCOPY root /\n' > "$c/Dockerfile"
	DOCKER_BUILDKIT=0 "$DOCKER" build -q -t "$1" "$c" > /dev/null
}

test_redis_in_a_container_recorded_and_run_under_its_artifacts() {
	need_engine
	need_cmd redis-server
	need_cmd redis-benchmark
	program_image learnprof-test/redis:1 "$(type -P redis-server)"
	port=$(free_port)
	srv=(learnprof-test/redis:1 "$(type -P redis-server)" --port "$port" --bind 127.0.0.1
	     --save "" --appendonly no --dir /tmp)
	"$LP" record -o rec.json -- "$DOCKER" run --rm --name "lp-redis-$$" --network host --tmpfs /tmp "${srv[@]}" > r1.log &
	rec=$!
	defer "$DOCKER rm -f lp-redis-$$; kill $rec"
	wait_for 60 redis-cli -p "$port" ping
	redis_load "$port"
	redis-cli -p "$port" shutdown nosave || true
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 0 "the recorded container's exit"
	expect_eq "$(jq -r '.meta.target.container | [.runtime, .image] | join(" ")' rec.json)" "docker learnprof-test/redis:1" "meta"
	"$LP" generate -d gen rec.json > /dev/null
	read -r -a flags < gen/docker-flags.txt
	flags=("${flags[@]/seccomp=seccomp-docker.json/seccomp=gen/seccomp-docker.json}")
	n=$(jq '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | unique | length' gen/seccomp-docker.json)
	echo "redis in a container: $n syscalls allowed; flags: ${flags[*]}"
	expect_contains "${flags[*]}" "--cap-drop=ALL" "capabilities dropped"
	expect_contains "${flags[*]}" "--read-only" "read-only root"
	expect_contains "${flags[*]}" "apparmor=learnprof-redis" "the profile named after the image"
	# The same container under every artifact, with its client's load.
	"$DOCKER" run --rm -d --name "lp-redis2-$$" --network host --tmpfs /tmp "${flags[@]}" "${srv[@]}" > id2.txt
	defer "$DOCKER rm -f lp-redis2-$$"
	wait_for 60 redis-cli -p "$port" ping
	redis_load "$port"
	redis-cli -p "$port" shutdown nosave || true
	wait_for 30 sh -c "! $DOCKER inspect lp-redis2-$$ > /dev/null 2>&1"
}

run_tests "$@"
