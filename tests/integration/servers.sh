#!/bin/bash
# Acceptance on real software nobody here wrote: record redis, nginx and
# python3's http.server under a real load, generate their profiles, and run
# the same load again under the learned seccomp profile.
. "$(dirname "$0")/../lib.sh"

DOCKER_DEFAULT=308	# x86_64 syscalls Docker's default profile allows

# The learned profile must allow fewer syscalls than Docker's default.
check_smaller_than_docker() {
	local n
	n=$(allowed_syscalls "$1" | wc -l)
	echo "$1 allows $n syscalls (Docker's default: $DOCKER_DEFAULT)"
	[ "$n" -lt "$DOCKER_DEFAULT" ] || fail "profile allows $n syscalls, not fewer than Docker's $DOCKER_DEFAULT"
}

# Every artifact, and the AppArmor profile in each exec mode compiled by
# the real parser (the kernel here has no AppArmor: compiled, not enforced).
check_artifacts() {	# <recording>
	local m
	need_cmd apparmor_parser
	"$LP" generate -d gen "$1" > gen.txt
	expect_eq "$(cd gen && ls | tr '\n' ' ')" "apparmor.profile capabilities.txt docker-flags.txt kubernetes-security-context.yaml landlock.toml report.md seccomp-docker.json seccomp-profile.yaml seccomp.json systemd-hardening.conf " "artifacts"
	for m in ix cx px; do
		"$LP" apparmor --exec-mode $m -o aa-$m.profile "$1"
		apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror aa-$m.profile ||
			fail "AppArmor profile ($m) does not compile"
	done
	apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror gen/apparmor.profile ||
		fail "generated AppArmor profile does not compile"
}

test_redis_under_benchmark() {
	need_root
	need_cmd redis-server
	need_cmd redis-benchmark
	port=$(free_port)
	args=(redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$T")
	"$LP" record -o rec.json -- "${args[@]}" > redis.log &
	rec=$!
	defer "kill $rec"
	wait_for 10 redis-cli -p "$port" ping
	redis_load "$port"
	redis-cli -p "$port" shutdown nosave || true
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 0 "recorded redis exit"
	"$LP" seccomp --args -o seccomp.json rec.json
	check_smaller_than_docker seccomp.json
	"$LP" run --seccomp seccomp.json -- "${args[@]}" > redis2.log &
	run=$!
	defer "kill $run"
	wait_for 10 redis-cli -p "$port" ping
	redis_load "$port"
	redis-cli -p "$port" shutdown nosave || true
	rc=0; wait $run || rc=$?
	expect_eq "$rc" 0 "redis under the profile"
	"$LP" caps rec.json > caps.txt
	grep -q "read-only rootfs    possible" caps.txt || fail "redis with --save '' writes nothing on /"
	check_artifacts rec.json
}

nginx_load() {	# <port>
	local i
	[ "$(curl -sf "http://127.0.0.1:$1/")" = "hello from nginx" ] || fail "bad page"
	for i in $(seq 20); do curl -sf "http://127.0.0.1:$1/p$i.html" > /dev/null || fail "page $i"; done
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/missing")" = 404 ] || fail "no 404"
	if command -v wrk > /dev/null; then
		out=$(wrk -t 2 -c 8 -d 2 "http://127.0.0.1:$1/")
		echo "$out"
		case $out in *"Non-2xx"*|*"Socket errors"*) fail "wrk saw errors";; esac
	fi
}

test_nginx_under_load() {
	need_root
	need_cmd nginx
	port=$(free_port)
	nginx_conf "$port"
	"$LP" record -o rec.json -- nginx -c "$T/nginx.conf" -g 'daemon off;' &
	rec=$!
	defer "kill $rec"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	nginx_load "$port"
	kill -QUIT $rec		# forwarded: graceful shutdown
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 0 "recorded nginx exit"
	# The master started workers that run as www-data.
	jq -e '[.executables[].credentials[]? | .uid] | index(0)' rec.json > /dev/null || fail "no root master"
	"$LP" seccomp --args -o seccomp.json rec.json
	check_smaller_than_docker seccomp.json
	rm -f logs/*
	"$LP" run --seccomp seccomp.json -- nginx -c "$T/nginx.conf" -g 'daemon off;' &
	run=$!
	defer "kill $run"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	nginx_load "$port"
	kill -QUIT $run
	rc=0; wait $run || rc=$?
	expect_eq "$rc" 0 "nginx under the profile"
	[ -s logs/access.log ] || fail "nothing logged under the profile"
	! grep -q "Operation not permitted" logs/error.log || fail "$(grep "Operation not permitted" logs/error.log)"
	"$LP" caps rec.json > caps.txt
	grep -q "CAP_SETUID" caps.txt || fail "the master switches to www-data: CAP_SETUID expected"
	check_artifacts rec.json
	grep -qF "capability setuid," gen/apparmor.profile || fail "AppArmor profile lacks setuid"
}

test_python_http_server() {
	need_root
	need_cmd python3
	port=$(free_port)
	mkdir www
	for i in $(seq 10); do echo "file $i" > www/f$i.txt; done
	"$LP" record --user nobody -o rec.json -- "$PY" -m http.server "$port" --bind 127.0.0.1 --directory www 2> py.log &
	rec=$!
	defer "kill $rec"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	http_load "$port"
	kill -TERM $rec		# forwarded
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 143 "recorded http.server ended by the forwarded SIGTERM"
	"$LP" seccomp --args -o seccomp.json rec.json
	check_smaller_than_docker seccomp.json
	# run execs the server: $run is python itself, as nobody.
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$(pub "$LP")" run --seccomp seccomp.json -- "$PY" -m http.server "$port" --bind 127.0.0.1 --directory www 2> py2.log &
	run=$!
	defer "kill $run"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	http_load "$port"
	expect_eq "$(stat -c %u /proc/$run)" 65534 "the server runs as nobody"
	kill -TERM $run
	rc2=0; wait $run || rc2=$?
	expect_eq "$rc2" 143 "http.server under the profile ended by SIGTERM"
	"$LP" caps rec.json > caps.txt
	grep -q "non-root user       possible" caps.txt || fail "http.server needs no capability"
	check_artifacts rec.json
}

busybox_bundle() {	# <dir> <args json>
	mkdir -p "$1/rootfs/bin" "$1/rootfs/proc" "$1/rootfs/dev" "$1/rootfs/sys" "$1/rootfs/tmp"
	cp /bin/busybox "$1/rootfs/bin/"
	for a in sh ls echo cat sleep true wc; do ln -sf busybox "$1/rootfs/bin/$a"; done
	(cd "$1" && runc spec)
	jq --argjson a "$2" '.process.terminal = false | .process.args = $a' "$1/config.json" > "$1/c" &&
		mv "$1/c" "$1/config.json"
}

test_busybox_container_under_runc_with_learned_profile() {
	need_root
	need_cmd runc
	[ -x /bin/busybox ] || skip "needs busybox-static"
	busybox_bundle b '["/bin/sh", "-c", "echo hello from busybox; ls /bin | wc -l"]'
	id=lp-$$-$RANDOM
	"$LP" record -o rec.json -- runc run --bundle b "$id" > out.txt
	expect_eq "$(cat out.txt)" "hello from busybox
8" "container output"
	# The container's own program is recorded as the container sees it.
	jq -e '.executables["/bin/busybox"]' rec.json > /dev/null || fail "busybox missing"
	"$LP" seccomp --runtime runc -o seccomp.json rec.json
	jq --slurpfile s seccomp.json '.linux.seccomp = $s[0]' b/config.json > b/c && mv b/c b/config.json
	runc run --bundle b "$id-2" > out2.txt
	expect_eq "$(cat out2.txt)" "hello from busybox
8" "output under the learned profile"
	# And the profile is enforced: a command it never saw is denied.
	jq '.process.args = ["/bin/sh", "-c", "mkdir /tmp/x && echo made"]' b/config.json > b/c && mv b/c b/config.json
	rc=0; runc run --bundle b "$id-3" > out3.txt 2>&1 || rc=$?
	[ "$rc" != 0 ] || fail "mkdir should be denied"
	expect_contains "$(cat out3.txt)" "Operation not permitted" "denied"
	check_artifacts rec.json
}

run_tests "$@"
