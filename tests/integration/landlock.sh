#!/bin/bash
# learnprof run --landlock: hand-written landlockconfig policies enforced on
# real commands, as root and as nobody; what an older ABI drops, --strict,
# missing paths, and Landlock together with a seccomp profile.
. "$(dirname "$0")/../lib.sh"

# Landlock here, and its ABI (the kernel's answer through learnprof).
need_landlock() {
	local abi
	abi=$(cd "$ROOT" && LP_TEST_FILTER=landlock/kernel_abi "${BUILD:-build}/tests/test_landlock" 2>/dev/null | sed -n 's/.*kernel_abi (this kernel: Landlock ABI \([0-9]*\)).*/\1/p')
	[ -n "$abi" ] || skip "no Landlock in this kernel"
	[ "$abi" -ge "${1:-1}" ] || skip "Landlock ABI $abi, needs ${1:-1}"
	echo "$abi"
}

# A policy for commands: programs and libraries readable and executable,
# /dev/null writable, $T/rw writable, $T/ro.txt readable, TCP bind on $1.
policy() {	# <bind port> [<more rules>]
	cat <<-EOF2
	abi = 4

	[[ruleset]]
	handled_access_fs = ["abi.all"]
	handled_access_net = ["abi.all"]

	# programs and their libraries
	[[path_beneath]]
	allowed_access = ["abi.read_execute"]
	parent = ["/usr", "/lib", "/lib64", "/bin", "/etc", "/proc"]

	[[path_beneath]]
	allowed_access = ["read_file", "write_file"]
	parent = ["/dev/null"]

	[[path_beneath]]
	allowed_access = ["abi.read_write"]
	parent = ["$T/rw"]

	[[path_beneath]]
	allowed_access = ["read_file"]
	parent = ["$T/ro.txt"]

	[[net_port]]
	allowed_access = ["bind_tcp"]
	port = [$1]
	${2:-}
	EOF2
}

# What a sandboxed python sees: "<what> ok" or "<what> <errno name>".
PROBE='
import errno, socket, sys
def attempt(what, fn):
    try:
        fn(); print(what, "ok")
    except OSError as e:
        print(what, errno.errorcode[e.errno])
d = sys.argv[1]
attempt("read", lambda: open(d + "/ro.txt").read())
attempt("write-outside", lambda: open(d + "/outside.txt", "w"))
attempt("write-inside", lambda: open(d + "/rw/new.txt", "w").write("x"))
attempt("bind-allowed", lambda: socket.socket().bind(("127.0.0.1", int(sys.argv[2]))))
attempt("bind-other", lambda: socket.socket().bind(("127.0.0.1", int(sys.argv[3]))))
attempt("connect-unlisted", lambda: socket.create_connection(("127.0.0.1", int(sys.argv[4])), 2))
'

# The probe under the policy, as the given user (root or nobody).
probe() {	# <setpriv args or empty>
	local p q l
	p=$(free_port); q=$(free_port); l=$(free_port)
	"$PY" -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $l)); s.listen(); time.sleep(30)" &
	local listener=$!
	defer "kill $listener"
	wait_for 10 bash -c "echo > /dev/tcp/127.0.0.1/$l"
	policy "$p" > pol.toml
	# shellcheck disable=SC2086
	$1 "$(pub "$LP")" run --landlock pol.toml -- "$PY" -c "$PROBE" "$T" "$p" "$q" "$l"
}

setup_dirs() {
	mkdir -p rw
	chmod 777 rw
	echo hello > ro.txt
	chmod 644 ro.txt
}

test_policy_allows_reads_and_denies_the_rest() {
	need_landlock 4 > /dev/null
	setup_dirs
	probe "" > out.txt 2> err.txt
	expect_eq "$(cat out.txt)" "read ok
write-outside EACCES
write-inside ok
bind-allowed ok
bind-other EACCES
connect-unlisted EACCES" "what the policy lets through (root)"
	expect_eq "$(cat err.txt)" "" "nothing said"
	[ ! -e outside.txt ] || fail "a file was created outside the allowed paths"
}

test_policy_as_nobody() {
	need_landlock 4 > /dev/null
	need_cmd setpriv
	setup_dirs
	probe "setpriv --reuid=65534 --regid=65534 --clear-groups" > out.txt 2> err.txt
	expect_eq "$(cat out.txt)" "read ok
write-outside EACCES
write-inside ok
bind-allowed ok
bind-other EACCES
connect-unlisted EACCES" "what the policy lets through (nobody)"
	expect_eq "$(stat -c %u rw/new.txt)" 65534 "written by nobody"
}

test_reference_examples_load_and_run() {
	need_landlock > /dev/null
	local ex=$ROOT/tests/data/landlockconfig/examples f
	[ -d "$ex" ] || skip "no reference examples at $ex"
	for f in "$ex"/*; do
		"$LP" run --landlock "$f" -- true 2> err.txt || fail "$(basename "$f") does not run true: $(cat err.txt)"
	done
	# write-tmp: /tmp writable, the rest not.
	"$LP" run --landlock "$ex/mini-write-tmp.toml" -- sh -c "echo x > /tmp/ll-test.\$\$ && rm /tmp/ll-test.\$\$"
	# ($T is under /tmp: write beside it.)
	out=/var/tmp/learnprof-ll.$$
	defer "rm -f $out"
	rc=0; "$LP" run --landlock "$ex/mini-write-tmp.toml" -- sh -c "echo x > $out" 2> err.txt || rc=$?
	expect_eq "$rc" 2 "the shell's status when its redirection is denied"
	expect_contains "$(cat err.txt)" "Permission denied" "the denial"
	[ ! -e "$out" ] || fail "written outside /tmp"
}

test_older_abi_drops_rights_by_name_and_strict_refuses() {
	need_landlock 5 > /dev/null
	local ex=$ROOT/tests/data/landlockconfig/examples
	"$LP" run --landlock "$ex/mini-write-tmp.toml" --abi 3 -- true 2> err.txt
	expect_eq "$(cat err.txt)" "learnprof: warning: Landlock ABI 3 lacks 'ioctl_dev' (ABI 5): not denied
learnprof: warning: Landlock ABI 3 lacks 'bind_tcp' (ABI 4): not denied" "what ABI 3 drops"
	rc=0; "$LP" run --landlock "$ex/mini-write-tmp.toml" --abi 3 --strict -- true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "--strict refuses"
	expect_eq "$(cat err.txt)" "learnprof: Landlock ABI 3 lacks 'ioctl_dev' (ABI 5), which '$ex/mini-write-tmp.toml' uses: refusing (--strict)
learnprof: Landlock ABI 3 lacks 'bind_tcp' (ABI 4), which '$ex/mini-write-tmp.toml' uses: refusing (--strict)" "why"
	# The dropped right is really not enforced: bind to a port the policy
	# does not list works at ABI 3 and is refused at the kernel's own.
	p=$(free_port)
	bind="import socket; socket.socket().bind(('127.0.0.1', $p)); print('bound')"
	expect_eq "$(cd / && "$LP" run --landlock "$ex/mini-write-tmp.toml" --abi 3 -- "$PY" -c "$bind" 2>/dev/null)" "bound" "ABI 3"
	rc=0; (cd / && "$LP" run --landlock "$ex/mini-write-tmp.toml" -- "$PY" -c "$bind") 2> err.txt || rc=$?
	expect_eq "$rc" 1 "refused at the kernel's ABI"
	expect_contains "$(cat err.txt)" "PermissionError" "bind refused"
}

test_missing_path_reported_and_file_rules_masked() {
	need_landlock 4 > /dev/null
	setup_dirs
	policy "$(free_port)" '
[[path_beneath]]
allowed_access = ["read_file", "read_dir", "make_reg"]
parent = ["/nonexistent/x", "'"$T"'/ro.txt"]' > pol.toml
	"$LP" run --landlock pol.toml -- cat ro.txt > out.txt 2> err.txt
	expect_eq "$(cat out.txt)" "hello" "it ran"
	expect_eq "$(cat err.txt)" "learnprof: warning: 'pol.toml': path_beneath[4]: '/nonexistent/x': No such file or directory: rule not added
learnprof: warning: 'pol.toml': path_beneath[4]: '$T/ro.txt' is not a directory: read_dir, make_reg not granted there (directory rights)" "what was said"
}

test_landlock_with_seccomp_both_apply() {
	need_landlock 4 > /dev/null
	setup_dirs
	policy "$(free_port)" '
[[path_beneath]]
allowed_access = ["execute", "read_file"]
parent = ["'"$T"'/rw/variant"]' > pol.toml
	# The profile denies getcpu and every Landlock syscall: Landlock goes
	# first, so it needs none of them.
	cat > sc.json <<-'EOF2'
	{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
	  {"names": ["getcpu", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"],
	   "action": "SCMP_ACT_ERRNO"}]}
	EOF2
	cp "$W/variant" rw/variant
	cmd="rw/variant extra denied; echo x > $T/outside.txt"
	rc=0; "$LP" run --landlock pol.toml --seccomp sc.json -- sh -c "$cmd" > out.txt 2> err.txt || rc=$?
	expect_eq "$(cat out.txt)" "getppid ok
getcpu denied: Operation not permitted" "seccomp applies"
	expect_contains "$(cat err.txt)" "outside.txt: Permission denied" "Landlock applies"
	expect_eq "$rc" 2 "status"
	# Complain mode (learnprof stays the parent, in the same Landlock
	# domain): the profile's own rules still apply, and so does Landlock.
	rc=0; "$LP" run --landlock pol.toml --seccomp sc.json --log -- sh -c "$cmd" > out.txt 2> err.txt || rc=$?
	expect_eq "$(tail -1 out.txt)" "getcpu denied: Operation not permitted" "complain mode"
	expect_eq "$(head -1 err.txt)" "sh: 1: cannot create $T/outside.txt: Permission denied" "Landlock in complain mode"
	expect_eq "$rc" 2 "status in complain mode"
	[ ! -e outside.txt ] || fail "written outside"
}

test_setuid_command_said_up_front() {
	need_root
	need_landlock > /dev/null
	install -m 4755 "$LP_TRUE" suid-true
	echo 'abi = 1
[[path_beneath]]
allowed_access = ["abi.read_execute"]
parent = ["/"]' > pol.toml
	"$LP" run --landlock pol.toml -- ./suid-true 2> err.txt
	expect_eq "$(grep -v 'no ruleset' err.txt)" "learnprof: warning: './suid-true' is set-user-ID: under no_new_privs, which Landlock needs, it runs without those privileges" "the warning"
	rc=0; "$LP" run --landlock pol.toml --strict -- ./suid-true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "--strict refuses it"
}

test_usage_and_bad_policy() {
	rc=0; "$LP" run -- true 2> err.txt || rc=$?
	expect_eq "$rc" 129 "no profile"
	expect_contains "$(cat err.txt)" "--seccomp <profile> or --landlock <policy> is required" "why"
	printf 'abi = 5\n[[path_beneath]]\nallowed_access = ["read"]\nparent = ["/"]\n' > bad.toml
	rc=0; "$LP" run --landlock bad.toml -- true 2> err.txt || rc=$?
	expect_eq "$rc" 125 "a bad policy"
	expect_eq "$(cat err.txt)" "learnprof: 'bad.toml': line 3: path_beneath[0].allowed_access[0]: unknown filesystem access right 'read'" "one line"
}

test_written_json_validates_against_the_schema() {
	"$PY" -c 'import jsonschema' 2>/dev/null || skip "needs python3-jsonschema"
	local schema=$ROOT/tests/data/landlockconfig/landlockconfig.schema.json f n=0
	[ -f "$schema" ] || skip "no schema at $schema"
	(cd "$ROOT" && LL_JSON_OUT=$T LP_TEST_FILTER=landlock/json_writer "${BUILD:-build}/tests/test_landlock") > unit.txt || true
	expect_eq "$(cat unit.txt)" "PASS landlock/json_writer_round_trip_and_examples" "the writer's unit test"
	for f in *.out.json; do
		"$PY" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' "$schema" "$f" ||
			fail "$f does not validate"
		n=$((n + 1))
	done
	expect_eq "$n" 7 "JSON policies validated (a sample and the six examples)"
}

# ---- learned policies: real servers recorded, then run under them ---------

SCHEMA=$ROOT/tests/data/landlockconfig/landlockconfig.schema.json

# learn <recording> <name>: <name>.toml and <name>.json, the JSON valid
# against the schema, both the same ruleset (diff reads both back); notes
# the rules and what is not enforceable.
learn() {
	local paths ports
	"$LP" landlock -o "$2.toml" "$1"
	"$LP" landlock --format json -o "$2.json" "$1"
	if "$PY" -c 'import jsonschema' 2>/dev/null; then
		"$PY" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' "$SCHEMA" "$2.json" ||
			fail "$2.json does not validate"
	fi
	expect_status 0 "$LP" diff "$2.toml" "$2.json"
	grep -q '^handled_access_fs' "$2.toml" || fail "no explicit handled set"
	paths=$(grep -c '^\[\[path_beneath\]\]' "$2.toml")
	ports=$(grep -c '^\[\[net_port\]\]' "$2.toml" || true)
	note "$2: $paths path rules, $ports port rules; not enforceable: $(sed -n 's/^# - //p' "$2.toml" | paste -sd ';')"
}

# In the server's domain: a write outside the learned paths and a connect to
# a port nobody learned, by the server's own interpreter.
PY_PROBE='
import errno, socket, sys
def attempt(what, fn):
    try:
        fn(); print(what, "ok")
    except OSError as e:
        print(what, errno.errorcode[e.errno])
attempt("write-outside", lambda: open(sys.argv[1] + "/outside.txt", "w"))
attempt("connect-unlearned", lambda: socket.create_connection(("127.0.0.1", int(sys.argv[2])), 2))
'

listener() {	# <port>: a TCP listener for 60 s, stopped by the test
	"$PY" -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $1)); s.listen(); time.sleep(60)" &
	defer "kill $!"
	wait_for 10 bash -c "echo > /dev/tcp/127.0.0.1/$1"
}

py_server() {	# <port> <learnprof run args...>: start, load, stop
	local port=$1 pid rc
	shift
	"$LP" run "$@" -- "$PY" -m http.server "$port" --bind 127.0.0.1 --directory www 2>> py.log &
	pid=$!
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	http_load "$port"
	kill -TERM $pid
	rc=0; wait $pid || rc=$?
	expect_eq "$rc" 143 "http.server under $* ended by SIGTERM"
}

test_learned_policy_python_http_server() {
	need_root
	need_landlock 4 > /dev/null
	local port l
	port=$(free_port)
	mkdir www
	for i in $(seq 10); do echo "file $i" > www/f$i.txt; done
	"$LP" record -o rec.json -- "$PY" -m http.server "$port" --bind 127.0.0.1 --directory www 2> py.log &
	rec=$!
	defer "kill $rec"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	http_load "$port"
	kill -TERM $rec
	wait $rec || true
	learn rec.json python-http
	"$LP" seccomp --args -o seccomp.json rec.json
	py_server "$port" --landlock python-http.toml
	py_server "$port" --landlock python-http.json --seccomp seccomp.json
	l=$(free_port); listener "$l"
	"$LP" run --landlock python-http.toml -- "$PY" -c "$PY_PROBE" "$T" "$l" > probe.txt
	expect_eq "$(cat probe.txt)" "write-outside EACCES
connect-unlearned EACCES" "outside the learned paths and ports"
}

redis_run() {	# <port> <learnprof run args...>: start, load, stop
	local port=$1 pid
	shift
	"$LP" run "$@" -- redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$T/rdata" > redis-run.log 2>&1 &
	pid=$!
	wait_for 10 redis-cli -p "$port" ping
	out=$(redis-benchmark -p "$port" -n 2000 -c 8 -q -t set,get,lpush 2>&1)
	case $out in *rror*) fail "redis-benchmark under $*: $out";; esac
	[ "$(redis-cli -p "$port" dbsize)" -gt 0 ] || fail "no keys written under $*"
	[ -n "${PROBE_REDIS:-}" ] && redis_probe "$port"
	redis-cli -p "$port" shutdown nosave > /dev/null || true
	wait $pid || fail "redis under $* failed"
}

# Inside redis's domain: SAVE into a directory it never wrote fails, and a
# replica connection to a port it never used is refused.
redis_probe() {	# <port>
	local l
	mkdir -p "$T/elsewhere"
	redis-cli -p "$1" config set dir "$T/elsewhere" > /dev/null
	expect_contains "$(redis-cli -p "$1" save 2>&1)" "ERR" "SAVE outside the learned paths"
	[ ! -e "$T/elsewhere/dump.rdb" ] || fail "redis wrote outside the learned paths"
	l=$(free_port); listener "$l"
	redis-cli -p "$1" replicaof 127.0.0.1 "$l" > /dev/null
	wait_for 10 grep -q "Permission denied" redis-run.log
	redis-cli -p "$1" replicaof no one > /dev/null
}

test_learned_policy_redis() {
	need_root
	need_cmd redis-server
	need_cmd redis-benchmark
	need_landlock 4 > /dev/null
	local port rec
	port=$(free_port)
	mkdir rdata
	"$LP" record -o rec.json -- redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$T/rdata" > redis.log &
	rec=$!
	defer "kill $rec"
	wait_for 10 redis-cli -p "$port" ping
	redis-benchmark -p "$port" -n 2000 -c 8 -q -t set,get,lpush > /dev/null
	redis-cli -p "$port" shutdown nosave || true
	wait $rec || true
	learn rec.json redis
	"$LP" seccomp --args -o seccomp.json rec.json
	redis_run "$port" --landlock redis.toml
	PROBE_REDIS=1 redis_run "$port" --landlock redis.json --seccomp seccomp.json
	grep -q "Permission denied" redis-run.log || fail "no denial logged"
}

nginx_load() {	# <port>
	[ "$(curl -sf "http://127.0.0.1:$1/")" = "hello from nginx" ] || fail "bad page"
	for i in $(seq 10); do curl -sf "http://127.0.0.1:$1/p$i.html" > /dev/null || fail "page $i"; done
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/missing")" = 404 ] || fail "no 404"
}

nginx_run() {	# <port> <learnprof run args...>: start, load, stop
	local port=$1 pid rc
	shift
	"$LP" run "$@" -- nginx -c "$T/nginx.conf" -g 'daemon off;' 2>> nginx-run.log &
	pid=$!
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	nginx_load "$port"
	[ -n "${PROBE_NGINX:-}" ] && nginx_probe "$port"
	kill -QUIT $pid
	rc=0; wait $pid || rc=$?
	expect_eq "$rc" 0 "nginx under $*"
}

# Inside the domain, through nginx itself: a proxied connect to a port
# the recording never saw is refused (502, EACCES in its log).
nginx_probe() {	# <port>
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/up")" = 502 ] ||
		fail "the proxied connect to an unlearned port was not refused"
	grep -q "connect() to 127.0.0.1:$UP failed (13: Permission denied)" logs/error.log ||
		fail "no EACCES for the unlearned port: $(tail -3 logs/error.log)"
}

test_learned_policy_nginx() {
	need_root
	need_cmd nginx
	need_landlock 4 > /dev/null
	local port rec
	port=$(free_port)
	nginx_conf "$port"
	"$LP" record -o rec.json -- nginx -c "$T/nginx.conf" -g 'daemon off;' &
	rec=$!
	defer "kill $rec"
	wait_for 10 curl -sf "http://127.0.0.1:$port/"
	nginx_load "$port"
	kill -QUIT $rec
	wait $rec || true
	learn rec.json nginx
	"$LP" seccomp --args -o seccomp.json rec.json
	nginx_run "$port" --landlock nginx.toml
	# The same server proxying /up to a listener it never connected to.
	UP=$(free_port); listener "$UP"
	nginx_conf "$port" "location /up { proxy_pass http://127.0.0.1:$UP; }"
	PROBE_NGINX=1 nginx_run "$port" --landlock nginx.json --seccomp seccomp.json
	# And logging somewhere it never wrote (outside $T, where it made its
	# pid file, so the policy grants it everything below): nginx cannot
	# start (bounded: a started nginx would run on).
	out=$TMPROOT/nginx-elsewhere
	mkdir "$out"
	nginx_conf "$port" "" "$out/access.log"
	rc=0; timeout 20 "$LP" run --landlock nginx.toml -- nginx -c "$T/nginx.conf" -g 'daemon off;' 2> start.err || rc=$?
	[ "$rc" != 0 ] && [ "$rc" != 124 ] || fail "nginx started although it cannot write its log"
	expect_contains "$(cat start.err)" "$out/access.log\" failed (13: Permission denied)" "the write outside"
}

test_learned_policy_demo_service() {
	need_root
	need_landlock 4 > /dev/null
	local D=$W/demo-app
	"$LP" record -o rec.json -- "$D" "$T/state" > /dev/null
	learn rec.json demo
	"$LP" seccomp --args -o seccomp.json rec.json
	expect_eq "$("$LP" run --landlock demo.toml -- "$D" "$T/state")" \
		"demo-app: served one request, wrote $T/state/demo.log" "the demo under its policy"
	expect_eq "$("$LP" run --landlock demo.json --seccomp seccomp.json -- "$D" "$T/state")" \
		"demo-app: served one request, wrote $T/state/demo.log" "under both"
	expect_eq "$(grep -c 'served one request' state/demo.log)" 3 "three runs logged"
	# Its state elsewhere (outside $T: it made its state directory there, so
	# the policy grants what is below $T): the open fails (exit 3).
	rc=0; "$LP" run --landlock demo.toml -- "$D" "$TMPROOT/demo-elsewhere" || rc=$?
	expect_eq "$rc" 3 "a write outside the learned paths fails"
	[ ! -e "$TMPROOT/demo-elsewhere" ] || fail "the directory was made outside the learned paths"
	# It connects to the port the kernel gave its own listener, which no
	# rule can name: connect_tcp is left unhandled, and the policy says so.
	expect_eq "$(grep -c '^handled_access_net = \["bind_tcp"\]$' demo.toml)" 1 "connect_tcp not handled"
	grep -q '^# - connect_tcp: demo-app connects to port [0-9]*, which the workload listened on after binding port 0' demo.toml ||
		fail "the policy does not say why connect_tcp is not handled"
	note "demo: connect_tcp not enforceable (ephemeral port), checked as such"
}

run_tests "$@"
