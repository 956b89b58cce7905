#!/bin/bash
# The whole behaviour of a workload: files, network, programs, identities,
# signals, ptrace, capabilities and pinnable arguments, asserted exactly.
. "$(dirname "$0")/../lib.sh"

B=$W/behave

# One line per file: path access errors flags (jq -c of each part).
files_of() {	# <recording> <exe> [prefix]
	jq -r --arg e "$2" --arg p "${3:-}" '.executables[$e].files // {} | to_entries[]
		| select(.key | startswith($p))
		| "\(.key) \(.value.access | join(",")) \(.value.errors // {} | to_entries | map("\(.key):\(.value | join(","))") | join(";")) \(.value.flags // [] | join(","))"' "$1"
}

test_files_kinds_results_and_canonical_paths() {
	need_root
	d=$(realpath .)/w
	mkdir w
	"$LP" record -o rec.json -- "$B" files "$d"
	expect_eq "$(files_of rec.json "$B" "$d/")" \
"$d/code.bin read,write,create,mmap-exec  
$d/data.txt read,write,create,chmod,chown  
$d/gone.txt read,write,create,delete,chmod  deleted
$d/hard.txt write,link  unresolved
$d/log.txt append,create,lock  
$d/missing.txt  ENOENT:read unresolved
$d/new.txt write,create,rename  
$d/renamed.txt delete,rename  unresolved
$d/sub read,create  dir
$d/sub/inner.txt write,create  
$d/sym.txt create  unresolved" "files under the work directory"
	# The task's own /proc, a memfd, and the libraries.
	expect_eq "$(files_of rec.json "$B" /proc/)" "/proc/<pid>/status read  proc,own" "own /proc"
	expect_eq "$(files_of rec.json "$B" /memfd:)" "/memfd:lpmem write  detached,memfd" "memfd"
	expect_eq "$(files_of rec.json "$B" "$LP_LIBC")" "$LP_LIBC read,mmap-exec  " "libc"
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].files | keys | length' rec.json)" 15 "no other file"
}

test_deep_paths_are_marked_truncated_not_cut() {
	need_root
	mkdir w
	"$LP" record -o rec.json -- "$B" deep "$(realpath w)"
	# 300 levels: the walk stops after 256 components and says so.
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].files | to_entries[] | select(.key | endswith("/bottom.txt"))
		| "\(.key | startswith("<truncated>/d/d/")) \(.key | split("/") | length) \(.value.flags | join(","))"' rec.json)" \
		"true 257 truncated" "truncated path"
}

test_network_endpoints_and_results() {
	need_root
	d=$(realpath .)
	port=$(free_port 3)
	"$LP" record -o rec.json -- "$B" net "$d" "$port"
	got=$(jq -r --arg e "$B" '.executables[$e].network | to_entries[] | .key as $k | .value[]
		| "\($k) \(.family) \(.type // "-") \(.address // .peer // "-") \(.port // "-") \(.protocol // "-") \(.error // "ok") \(.count)"' rec.json)
	expect_eq "$got" "sockets inet dgram - - 0 ok 1
sockets inet stream - - 0 ok 3
sockets unix stream - - 0 ok 3
bind inet stream 127.0.0.1 $port 6 ok 1
bind unix stream $d/unix.sock 0 0 ok 1
listen inet stream 127.0.0.1 $port 6 ok 1
listen unix stream $d/unix.sock 0 0 ok 1
connect inet stream 127.0.0.1 $port 6 ok 1
connect inet stream 127.0.0.1 $((port + 2)) 6 ECONNREFUSED 1
connect unix stream $d/unix.sock 0 0 ok 1
connect unix stream @lp-abstract 0 0 ECONNREFUSED 1
sendto inet dgram 127.0.0.1 $((port + 1)) 17 ok 1
accept inet stream 127.0.0.1 $port 6 ok 1
accept unix stream - 0 0 ok 1" "network facts"
}

test_exec_tree_signals_ptrace() {
	need_root
	"$LP" record -o rec.json -- "$B" procs
	expect_eq "$(exes_of rec.json)" "$(printf '%s\n' "$LP_SLEEP" "$LP_TRUE" "$B" | LC_ALL=C sort)" "executables"
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].executes[] | "\(.program) \(.argv0) \(.count)"' rec.json)" \
		"$LP_SLEEP sleep 1
$LP_TRUE true-child 1" "exec tree"
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].signals[] | "\(.signal) \(.peer) \(.count)"' rec.json)" \
		"SIGSTOP $B 1
SIGTERM $LP_SLEEP 1" "signals with peers"
	expect_eq "$(jq -r --arg e "$B" '.executables[$e].ptrace[] | "\(.request) \(.peer // "-")"' rec.json)" \
		"PTRACE_CONT -
PTRACE_TRACEME $B" "ptrace"
	# The exec'd programs are exec accesses of the parent.
	expect_eq "$(files_of rec.json "$B" "$(dirname "$LP_SLEEP")/")" "$LP_SLEEP exec  
$LP_TRUE exec  " "exec file accesses"
}

# The kernel function expected to check a capability, where this kernel has
# it by that name; elsewhere any function name is accepted, and noted.
cap_function() {	# <expected>
	case " $LP_KSYMS " in
	*" $1 "*) echo "$1" ;;
	*) note "this kernel has no function $1: the checking function is not asserted"; echo "?" ;;
	esac
}

# The capabilities a recording says were checked, as [cap, syscall,
# function, error]; a function the kernel here does not have is "?".
caps_used() {	# <recording> <exe> <expected function>
	jq -c --arg e "$2" --arg f "$3" '[.executables[$e].capabilities[] | select(.optional | not)
		| [.capability, .syscall, (if $f == "?" then "?" else .function end), .error]]' "$1"
}

# On a kernel without the cap_capable tracepoint (before 6.14) the recording
# must say so, and hold no capability facts.
no_cap_tracepoint() {	# <recording>
	expect_eq "$(jq -c '.meta.probes.capabilities | [.active, .reason]' "$1")" \
		'[false,"the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)"]' "capabilities probe"
	expect_eq "$(jq '[.executables[].capabilities | select(.)] | length' "$1")" 0 "no capability facts"
	note "no cap_capable tracepoint here: capabilities shown unobserved, the rest checked"
}

test_credentials_and_identity_changes() {
	need_root
	"$LP" record -o rec.json -- "$B" identity
	expect_eq "$(jq -c --arg e "$B" '[.executables[$e].identity[] | [.syscall, .arg0, .arg1, .arg2, .error]]' rec.json)" \
		'[["setresgid",65534,65534,65534,null],["setresuid",65534,65534,65534,null]]' "identity changes"
	if [ "$LP_CAP_TP" = yes ]; then
		expect_eq "$(jq -c --arg e "$B" '[.executables[$e].capabilities[] | select(.optional | not) | [.capability, .syscall, .error]]' rec.json)" \
			'[["CAP_SETGID","setresgid",null],["CAP_SETUID","setresuid",null]]' "capabilities used"
	else
		no_cap_tracepoint rec.json
	fi
	# As nobody, from a copy nobody can run wherever the checkout is.
	P=$(pub "$B")
	"$LP" record --user nobody -o rec2.json -- "$P" bind80
	expect_eq "$(jq -c --arg e "$P" '.executables[$e].credentials | map([.uid, .euid, .gid, .egid, .no_new_privs])' rec2.json)" \
		'[[65534,65534,65534,65534,false]]' "started as nobody"
	if [ "$LP_CAP_TP" = yes ]; then
		f=$(cap_function __inet_bind)
		expect_eq "$(caps_used rec2.json "$P" "$f")" \
			"[[\"CAP_NET_BIND_SERVICE\",\"bind\",\"$f\",\"EPERM\"]]" "port 80 as nobody: denied"
	else
		no_cap_tracepoint rec2.json
	fi
	expect_eq "$(jq -c --arg e "$P" '.executables[$e].network.bind | map([.port, .error])' rec2.json)" \
		'[[80,"EACCES"]]' "the bind failed"
}

test_pinnable_arguments() {
	need_root
	"$LP" record -o rec.json -- "$B" args
	expect_eq "$(jq -c --arg e "$B" '.executables[$e].args | {clone: [.clone[] | [.syscall, .namespaces, .flags]],
		personality: [.personality[].persona], prctl: [.prctl[] | [.option, .arg2]],
		ioctl: [.ioctl[] | [.file_type, .name, .request, .error]]}' rec.json)" \
		'{"clone":[["unshare","uts","0x4000000"]],"personality":["0xffffffff"],"prctl":[["PR_SET_NAME",0]],"ioctl":[["fifo","FIONREAD","0x541b",null],["fifo","TCGETS","0x5401","ENOTTY"]]}' \
		"args"
	if [ "$LP_CAP_TP" = yes ]; then
		f=$(cap_function unshare_nsproxy_namespaces)
		expect_eq "$(caps_used rec.json "$B" "$f" | jq -c 'map(.[0:3])')" \
			"[[\"CAP_SYS_ADMIN\",\"unshare\",\"$f\"]]" "unshare needs CAP_SYS_ADMIN"
	else
		no_cap_tracepoint rec.json
	fi
	# glibc's thread creation flags carry no namespace.
	"$LP" record -o rec2.json -- "$W/family" "$W/exact-nolibc" > /dev/null
	expect_eq "$(jq -r --arg e "$W/family" '[.executables[$e].args.clone[] | .namespaces] | unique | join(",")' rec2.json)" "" "no namespaces"
}

test_storm_loses_nothing_at_default_size() {
	need_root
	mkdir s
	"$LP" record -o rec.json -- "$W/storm" "$(realpath s)" 200 100
	expect_eq "$(jq --arg p "$(realpath s)/" '[.executables[].files | keys[] | select(startswith($p))] | length' rec.json)" 20000 "distinct files"
	expect_eq "$(jq -c .meta.lost rec.json)" '{"events":0,"programs":0,"tasks":0,"syscall_keys":0,"facts":0}' "lost"
}

test_storm_accounts_for_every_lost_event() {
	need_root
	mkdir s
	rc=0
	"$LP" record --strict --buffer-size 4K -o rec.json -- "$W/storm" "$(realpath s)" 200 100 2> err.txt || rc=$?
	lost=$(jq .meta.lost.events rec.json)
	[ "$lost" -gt 0 ] || fail "a 4K buffer should lose events in this storm"
	expect_eq "$rc" 125 "--strict status"
	expect_contains "$(cat err.txt)" "learnprof: warning: lost $lost events" "warning"
	expect_contains "$(cat err.txt)" "learnprof: --strict: events were lost" "strict"
	# Every event is either in the recording or counted as lost: 20000
	# storm files, plus ld.so.cache, libc read, libc mmap-exec, the exec.
	delivered=$(jq --arg p "$(realpath s)/" --arg e "$W/storm" --arg libc "$LP_LIBC" '
		([.executables[$e].files | keys[] | select(startswith($p))] | length)
		+ ([.executables[$e].files["/etc/ld.so.cache"].access[]?] | length)
		+ ([.executables[$e].files[$libc].access[]?] | length)
		+ ([.executables[$e].credentials[]?] | length)' rec.json)
	expect_eq "$((delivered + lost))" 20004 "delivered + lost"
}

test_optional_probes_can_be_switched_off() {
	need_root
	"$LP" record --no-probe capabilities,signals -o rec.json -- "$B" procs
	expect_eq "$(jq -c '.meta.probes | to_entries | map([.key, .value.active, .value.reason // "-"])' rec.json)" \
		'[["arguments",true,"-"],["capabilities",false,"switched off with --no-probe"],["processes",true,"-"],["signals",false,"switched off with --no-probe"],["syscalls",true,"-"]]' "probes"
	expect_eq "$(jq '[.executables[] | .signals, .capabilities | select(.)] | length' rec.json)" 0 "no signal or capability facts"
	jq -e --arg e "$B" '.executables[$e].executes | length == 2' rec.json > /dev/null || fail "exec tree missing"
	rc=0; "$LP" record --no-probe syscalls -o rec.json -- true 2> err.txt || rc=$?
	expect_eq "$rc" 129 "a required probe cannot be switched off"
}

# A kernel without the cap_capable tracepoint: the probe is switched off
# alone, with the reason, and everything else is recorded.
test_a_kernel_without_cap_capable_records_the_rest() {
	need_root
	without_cap_tracepoint "$LP" record -o rec.json -- "$B" identity 2> err.txt
	expect_contains "$(cat err.txt)" "learnprof: warning: capabilities were not observed: the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)" "warning"
	LP_CAP_TP=no no_cap_tracepoint rec.json
	expect_eq "$(jq -c '[.meta.probes | to_entries[] | select(.value.active) | .key]' rec.json)" \
		'["arguments","processes","signals","syscalls"]' "every other probe active"
	expect_eq "$(jq -c --arg e "$B" '[.executables[$e].identity[] | .syscall]' rec.json)" \
		'["setresgid","setresuid"]' "identity changes still recorded"
	rm -f "$T/.note"
	# No advice without evidence: nothing drops capabilities or claims
	# that non-root would do, and the output says why.
	why="the capabilities probe was not active: the kernel has no capability:cap_capable tracepoint (added in Linux 6.14)"
	"$LP" caps --format docker rec.json > flags.txt 2> err.txt
	expect_eq "$(cat err.txt)" "learnprof: warning: caps: --cap-drop, --cap-add and --user left out: $why" "docker warning"
	! grep -qE -- "--cap-drop|--user" flags.txt || fail "capability flags without evidence: $(cat flags.txt)"
	expect_contains "$(cat flags.txt)" "--security-opt=no-new-privileges" "what was observed is still advised"
	expect_contains "$("$LP" caps --format kubernetes rec.json)" "  # runAsNonRoot, runAsUser and capabilities withheld: $why" "kubernetes"
	expect_eq "$("$LP" report --format json rec.json | jq -c '[.checklist[] | select(.id == "4.1" or .id == "5.4") | .status] | unique')" \
		'["unknown"]' "checklist"
}

run_tests "$@"
