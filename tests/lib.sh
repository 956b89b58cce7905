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
chmod 755 "$TMPROOT"
trap 'rm -rf "$TMPROOT"' EXIT

# Say why a test cannot run here, and stop it.
skip() { echo "$*" > "$T/.skip"; exit 0; }
# Fail with a message.
fail() { echo "assertion failed: $*" >&2; exit 1; }
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

run_tests() {	# [<name filter>]
	local fn out rc
	for fn in $(declare -F | awk '{print $3}' | grep '^test_' | grep -- "${1:-}"); do
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
			echo "PASS $SUITE/${fn#test_}"
			[ -n "${VERBOSE:-}" ] && sed 's/^/    | /' "$out"
		else
			echo "FAIL $SUITE/${fn#test_}: exit $rc"
			tail -n 25 "$out" | sed 's/^/    | /'
		fi
	done
}

# A free TCP port on loopback.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		(echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
	done
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
