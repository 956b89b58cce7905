# Shared by tests/integration/*.sh. A test is a function named test_<name>;
# run_tests runs each in a subshell with errexit and prints PASS, FAIL (with
# the end of its output) or SKIP for it.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LP=${LP:-$ROOT/learnprof}
W=$ROOT/${BUILD:-build}/workloads
PY=/usr/bin/python3	# Debian's, with python3-yaml and python3-pil
SUITE=$(basename "$0" .sh)
TMPROOT=$(mktemp -d /tmp/learnprof-test.XXXXXX)
chmod 755 "$TMPROOT"	# other users (nobody) reach what tests put here
trap 'rm -rf "$TMPROOT"' EXIT

# What the machine can do (tests/machine, probed once by tests/run).
if [ -z "${LP_MACHINE:-}" ]; then
	LP_MACHINE=$TMPROOT/machine.env
	"$ROOT/tests/machine" > "$LP_MACHINE" || exit 1
fi
. "$LP_MACHINE"

# Say why a test cannot run here, and stop it.
skip() { echo "$*" > "$T/.skip"; exit 0; }
# Fail with a message.
fail() { echo "assertion failed: $*" >&2; exit 1; }
# Say on the test's ok line what this machine could not exercise.
note() { printf '%s\n' "$*" >> "$T/.note"; }

# pub <program>: a copy of one of the tests' programs that any user can run
# (the checkout may sit in a folder only its owner can enter, and tests run
# workloads as nobody). Prints the copy's path.
pub() {
	local d=$TMPROOT/pub
	mkdir -p "$d"
	chmod 755 "$d"
	[ -e "$d/$(basename "$1")" ] || install -m 755 "$1" "$d/"
	echo "$d/$(basename "$1")"
}
need_root() { [ "$(id -u)" = 0 ] || skip "needs root"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip "needs $1"; }

# expect_eq <actual> <expected> <what>
expect_eq() {
	if [ "$1" != "$2" ]; then
		echo "--- $3: expected:" >&2; printf '%s\n' "$2" >&2
		echo "--- $3: actual:" >&2; printf '%s\n' "$1" >&2
		exit 1
	fi
}
# expect_contains <haystack> <needle> <what>
expect_contains() {
	case $1 in
	*"$2"*) ;;
	*) echo "--- $3: expected to contain: $2" >&2
	   echo "--- actual: $1" >&2; exit 1 ;;
	esac
}
# expect_status <expected> <command...>: run it, check its exit status.
expect_status() {
	local want=$1 rc=0; shift
	"$@" || rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want"
}

# The syscalls of one executable as "name count" lines, sorted.
syscalls_of() {	# <recording> <exe> [abi]
	jq -r --arg e "$2" --arg a "${3:-x86_64}" \
		'.executables[$e].syscalls[$a] // {} | to_entries[] | "\(.key) \(.value.count)"' "$1" | sort
}
exes_of() { jq -r '.executables | keys[]' "$1" | LC_ALL=C sort; }

# Where cgroup v2 is mounted: the fields after " - " in mountinfo say the
# file system type (a mount can have any number of optional fields).
cg2() { awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo; }

# own_cgroup <name>: a cgroup of the test's own, removed when the test
# ends: $cg its directory, $cgpath its path below the cgroup2 mount.
own_cgroup() {
	local mnt
	mnt=$(cg2)
	[ -n "$mnt" ] || fail "no cgroup2 mount"
	cgpath=/$1-$$
	cg=$mnt$cgpath
	mkdir "$cg"
	defer "rmdir $cg"
}

# defer <command>: run it when the test ends, whatever happens.
DEFERRED=()
defer() { DEFERRED+=("$1"); }
run_deferred() {
	local rc=$? i
	set +e
	for ((i = ${#DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${DEFERRED[i]}" > /dev/null 2>&1
	done
	exit $rc
}

# Runs every test_* function whose "suite/name" contains the filter
# (LP_TEST_FILTER, set by tests/run, or the first argument).
run_tests() {	# [<filter>]
	local fn out rc filter=${1:-${LP_TEST_FILTER:-}} why
	for fn in $(declare -F | awk '{print $3}' | grep '^test_'); do
		case "$SUITE/${fn#test_}" in *"$filter"*) ;; *) continue ;; esac
		T=$TMPROOT/$fn
		mkdir -p "$T"
		chmod 755 "$T"
		out=$T/.out
		( trap run_deferred EXIT; set -e -o pipefail
		  [ -n "${TRACE:-}" ] && set -x; cd "$T"; "$fn" ) > "$out" 2>&1
		rc=$?
		if [ -f "$T/.skip" ]; then
			echo "SKIP $SUITE/${fn#test_}: $(cat "$T/.skip")"
		elif [ $rc -eq 0 ]; then
			why=
			[ -f "$T/.note" ] && why=" ($(paste -sd ';' "$T/.note" | sed 's/;/; /g'))"
			echo "PASS $SUITE/${fn#test_}$why"
			[ -n "${VERBOSE:-}" ] && sed 's/^/    | /' "$out"
		else
			echo "FAIL $SUITE/${fn#test_}: exit $rc"
			tail -n 25 "$out" | sed 's/^/    | /'
		fi
	done
	return 0
}

# free_port [<n>]: the first of n consecutive TCP ports on loopback that
# nothing listens on (bounded: fails after 200 tries).
free_port() {
	local p i k n=${1:-1}
	for i in $(seq 200); do
		p=$((20000 + RANDOM % 30000))
		for ((k = 0; k < n; k++)); do
			(echo > /dev/tcp/127.0.0.1/$((p + k))) 2>/dev/null && continue 2
		done
		echo $p
		return
	done
	fail "no free port found"
}

# wait_for <seconds> <command...>: until the command succeeds.
wait_for() {
	local t=$1 i
	shift
	for i in $(seq $((t * 20))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "timed out waiting for: $*"
}

# Syscalls a seccomp profile allows (names of its ALLOW rules), sorted.
allowed_syscalls() {
	jq -r '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | unique[]' "$1"
}

# without_cap_tracepoint <command...>: run it as on a kernel whose BTF lacks
# the cap_capable tracepoint (before 6.14): this kernel's BTF with that one
# type renamed (every type id stays the same, so everything else loads),
# mounted over the real one in a private mount namespace.
without_cap_tracepoint() {
	need_cmd unshare
	[ -e "$TMPROOT/btf-no-cap" ] || "$PY" - /sys/kernel/btf/vmlinux "$TMPROOT/btf-no-cap" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
old, new = b"\0btf_trace_cap_capable\0", b"\0btf_trace_cap_capablX\0"
assert data.count(old) <= 1
open(sys.argv[2], "wb").write(data.replace(old, new))
PY
	unshare -m sh -c 'mount --bind "$0" /sys/kernel/btf/vmlinux && exec "$@"' "$TMPROOT/btf-no-cap" "$@"
}

# The pid of a process's only child (what `record -- CMD` forks), once it
# exists; bounded.
child_of() {	# <pid>
	local c
	wait_for 10 pgrep -P "$1"
	c=$(pgrep -P "$1")
	[ "$(echo "$c" | wc -l)" = 1 ] || fail "pid $1 has children: $c"
	echo "$c"
}

# wait_in_syscall <pid> <nr>: until the process is blocked in that syscall
# (its own state, from /proc/<pid>/syscall), bounded.
wait_in_syscall() {
	wait_for 10 sh -c "read n rest < /proc/$1/syscall && [ \"\$n\" = $2 ]"
}

# Loads the tests drive real servers with, shared by the suites.

redis_load() {	# <port>: the benchmark's summary; fails on any error
	local out
	out=$(redis-benchmark -p "$1" -n 3000 -c 8 -q -t set,get,incr,lpush,lpop,sadd,hset 2>&1)
	echo "$out"
	case $out in *rror*) fail "redis-benchmark reported errors";; esac
	[ "$(echo "$out" | grep -c 'requests per second')" = 7 ] || fail "not every test finished"
	[ "$(redis-cli -p "$1" dbsize)" -gt 0 ] || fail "no keys written"
}

# http_load <port>: python http.server serving f1..f10.txt (and a listing).
http_load() {	# <port>
	local i
	for i in $(seq 10); do
		[ "$(curl -sf "http://127.0.0.1:$1/f$i.txt")" = "file $i" ] || fail "file $i"
	done
	curl -sf "http://127.0.0.1:$1/" | grep -q "f10.txt" || fail "no listing"
}

# nginx_conf <port> [<extra server lines>] [<access log>]: a site in $T
# (index.html, p1..p20.html) and its nginx.conf, logs under $T/logs.
nginx_conf() {
	mkdir -p www logs
	echo "hello from nginx" > www/index.html
	for i in $(seq 20); do echo "page $i" > www/p$i.html; done
	cat > nginx.conf <<C
worker_processes 2;
pid $T/nginx.pid;
error_log $T/logs/error.log;
events { worker_connections 64; }
http {
	access_log ${3:-$T/logs/access.log};
	client_body_temp_path $T/logs;
	server {
		listen 127.0.0.1:$1;
		root $T/www;
		${2:-}
	}
}
C
}
