#!/bin/bash
# learnprof apparmor on real recordings: workloads with exactly known
# behaviour, and a real program (python3 -m http.server driven by curl),
# profiled in every exec mode and compiled by apparmor_parser. The kernel
# needs no AppArmor: profiles are compiled, not enforced.
. "$(dirname "$0")/../lib.sh"

B=$W/behave
AAP=$(command -v apparmor_parser || echo /usr/sbin/apparmor_parser)

need_parser() { [ -x "$AAP" ] || skip "needs apparmor_parser (Debian package apparmor)"; }

# compiles <profile>: apparmor_parser 3.0 accepts it.
compiles() {
	"$AAP" -Q -K -M /etc/apparmor.d/abi/3.0 --Werror "$1" || fail "apparmor_parser refused $1"
}

# has_lines <profile> <line>...: each is a whole line of the profile.
has_lines() {
	local f=$1 l
	shift
	for l; do grep -qFx -- "$l" "$f" || fail "$f: missing line: $l"; done
}

# section <profile> <title>: the rules under "  # <title>" in the main
# profile, up to the next blank line.
section() {
	awk -v t="  # $2" 'index($0, t) == 1 { on = 1; next } on && /^$/ { exit } on' "$1"
}

# A work directory whose name no generalisation rule widens (a mktemp name
# might look random, or not), removed when the test ends.
workdir() {
	D=/tmp/lp-aa-$1.$$
	rm -rf "$D"
	mkdir "$D"
	defer "rm -rf $D"
}

# profiles <recording>: ix.aa, cx.aa, px.aa, each compiled.
profiles() {
	local m
	for m in ix cx px; do
		"$LP" apparmor --exec-mode $m -o $m.aa "$1"
		compiles $m.aa
	done
}

test_files_every_kind_of_access() {
	need_root
	need_parser
	workdir files
	"$LP" record -o rec.json -- "$B" files "$D"
	profiles rec.json
	has_lines ix.aa \
		"profile learnprof-behave $B flags=(attach_disconnected,mediate_deleted) {" \
		"  # files (3 more accesses are allowed by abstractions/base)" \
		"  $B rm," \
		"  # failed while recording: $D/missing.txt: read (ENOENT)" \
		"  # no rule: /memfd:lpmem: a memfd: AppArmor does not mediate it, no rule needed"
	# ld.so.cache, libc and /proc/<pid>/status are base's: exactly these.
	expect_eq "$(section ix.aa files)" "  $D/code.bin rwm,
  $D/data.txt rw,
  $D/gone.txt rw,
  $D/hard.txt wl,
  $D/log.txt wk,
  $D/new.txt rw,
  $D/renamed.txt rw,
  $D/sub/ rw,
  $D/sub/inner.txt w,
  $D/sym.txt w," "file rules"
	# one program: the three modes write the same profile
	cmp ix.aa cx.aa || fail "cx differs from ix for a single program"
	cmp ix.aa px.aa || fail "px differs from ix for a single program"
	"$LP" apparmor --complain --no-glob --name "behave files" -o c.aa rec.json
	compiles c.aa
	has_lines c.aa "profile \"behave files\" $B flags=(attach_disconnected,mediate_deleted,complain) {"
}

test_processes_signals_ptrace_in_each_mode() {
	need_root
	need_parser
	"$LP" record -o rec.json -- "$B" procs
	profiles rec.json
	expect_eq "$(section ix.aa "signals and ptrace")" \
"  ptrace (trace) peer=learnprof-behave,
  signal (send, receive) set=(term, stop) peer=learnprof-behave," "ix: one profile for all"
	expect_eq "$(section ix.aa "programs it runs")" "  $LP_SLEEP ix,
  $LP_TRUE ix," "ix: exec rules"
	expect_eq "$(section cx.aa "signals and ptrace")" \
"  ptrace (trace) peer=learnprof-behave,
  signal (send) set=(term) peer=learnprof-behave//sleep,
  signal (send, receive) set=(stop) peer=learnprof-behave," "cx: main profile's peers"
	has_lines cx.aa "  $LP_SLEEP cx -> sleep," "  $LP_TRUE cx -> true," \
		"  profile sleep $LP_SLEEP flags=(attach_disconnected,mediate_deleted) {" \
		"    signal (receive) set=(term) peer=learnprof-behave," \
		"    $LP_SLEEP rm,"
	has_lines px.aa "  $LP_SLEEP px -> learnprof-behave-sleep," \
		"profile learnprof-behave-sleep flags=(attach_disconnected,mediate_deleted) {" \
		"  signal (receive) set=(term) peer=learnprof-behave," \
		"  signal (send) set=(term) peer=learnprof-behave-sleep,"
}

test_network_and_unix_socket_files() {
	need_root
	need_parser
	workdir net
	"$LP" record -o rec.json -- "$B" net "$D" "$(free_port 3)"
	profiles rec.json
	expect_eq "$(section ix.aa network)" "  network inet dgram,
  network inet stream,
  network unix stream," "network rules"
	# bound (w) and connected (rw): a path socket is a file to AppArmor
	expect_eq "$(section ix.aa "files (2 more accesses")" "  $D/unix.sock rw," "socket file"
}

test_capabilities_granted_and_denied() {
	need_root
	need_parser
	# Unobserved (a kernel without the tracepoint): no capability rule, and
	# the profile says why.
	without_cap_tracepoint "$LP" record -o rec0.json -- "$B" identity
	"$LP" apparmor -o un.aa rec0.json
	compiles un.aa
	has_lines un.aa "# warning: the capabilities probe was not active (the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)): its rules may be missing"
	! grep -q "^ *capability " un.aa || fail "a capability rule without evidence"
	if [ "$LP_CAP_TP" != yes ]; then
		note "no cap_capable tracepoint here: only the unobserved profile checked"
		return 0
	fi
	"$LP" record -o rec.json -- "$B" identity
	"$LP" apparmor -o id.aa rec.json
	compiles id.aa
	expect_eq "$(section id.aa capabilities)" "  capability setgid,
  capability setuid," "capabilities used"
	# As nobody, from a copy nobody can run wherever the checkout is.
	P=$(pub "$B")
	"$LP" record --user nobody -o rec2.json -- "$P" bind80
	"$LP" apparmor -o b.aa rec2.json
	compiles b.aa
	has_lines b.aa "  # denied while recording: capability net_bind_service (EPERM)" \
		"  network inet stream,"
	! grep -q "^ *capability " b.aa || fail "a denied capability was granted"
}

test_storm_is_one_widened_rule() {
	need_root
	need_parser
	workdir storm
	"$LP" record -o rec.json -- "$W/storm" "$D" 200 100
	"$LP" apparmor -o s.aa rec.json
	compiles s.aa
	has_lines s.aa "  # covers 20000 paths: $D/p0-f0, $D/p0-f1, $D/p0-f10, ... (many-entries)" \
		"  $D/* w,"
	"$LP" apparmor --no-glob -o n.aa rec.json
	expect_eq "$(grep -c "^  $D/p[0-9]*-f[0-9]* w,\$" n.aa)" 20000 "literal rules"
	! grep -q "covers" n.aa || fail "--no-glob widened something"
}

test_python_http_server_driven_by_curl() {
	need_root
	need_parser
	need_cmd curl
	workdir http
	echo hello > "$D/hello.txt"
	port=$(free_port)
	"$LP" record -o rec.json -- "$PY" -m http.server $port --bind 127.0.0.1 \
		--directory "$D" > server.log 2>&1 &
	rec=$!
	defer "kill $rec"
	wait_for 10 curl -sf "http://127.0.0.1:$port/hello.txt"
	curl -sf "http://127.0.0.1:$port/hello.txt" > got.txt
	kill -TERM $rec
	rc=0; wait $rec || rc=$?
	expect_eq "$rc" 143 "http.server ended by the forwarded SIGTERM"
	expect_eq "$(cat got.txt)" hello "served file"
	profiles rec.json
	has_lines ix.aa "  network inet stream," "  $D/hello.txt r,"
	grep -q '^profile learnprof-python3[.0-9]* /[^ ]*/python3[.0-9]* flags=' ix.aa ||
		fail "not attached to the python interpreter: $(grep '^profile' ix.aa)"
}

test_command_line() {
	G=$ROOT/tests/golden
	expect_status 129 "$LP" apparmor 2> err.txt
	expect_contains "$(cat err.txt)" "learnprof: no recording given" "no recording"
	expect_status 129 "$LP" apparmor --exec-mode zx "$G/rec-a.json" 2> err.txt
	expect_eq "$(head -1 err.txt)" "learnprof: --exec-mode: 'zx' is not one of ix, cx, px" "bad mode"
	expect_status 129 "$LP" apparmor --name 'a*b' "$G/rec-a.json" 2> err.txt
	expect_eq "$(head -1 err.txt)" \
		"learnprof: --name: 'a*b': only letters, digits, spaces and . _ + - may be used" "bad name"
	expect_status 129 "$LP" apparmor --bogus "$G/rec-a.json" 2> /dev/null
	echo '{"format": "learnprof-recording", "schema": 1' > bad.json
	expect_status 125 "$LP" apparmor bad.json 2> err.txt
	expect_eq "$(wc -l < err.txt)" 1 "one line of error"
	expect_contains "$(cat err.txt)" "learnprof: 'bad.json'" "names the file"
	expect_status 125 "$LP" apparmor -o /nonexistent/dir/p.aa "$G/rec-a.json" 2> /dev/null
	"$LP" apparmor --help > help.txt
	expect_contains "$(cat help.txt)" "usage: learnprof apparmor [-o <file>] [--name <profile>] [--complain]" "usage"
	expect_contains "$(cat help.txt)" "examples:" "examples"
	# the command writes what the library generates, atomically to -o
	"$LP" apparmor -o p.aa "$G/rec-a.json"
	cmp p.aa "$G/rec-a.ix.apparmor" || fail "output differs from the golden profile"
	"$LP" apparmor --exec-mode cx "$G/rec-b.json" "$G/rec-a.json" > m.aa
	cmp m.aa "$G/merged-ab.cx.apparmor" || fail "merged output differs from the golden profile"
}

run_tests "$@"
