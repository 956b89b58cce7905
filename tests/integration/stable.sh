#!/bin/bash
# Same behaviour, same recording (docs/recording.md, "Volatile names"): two
# recordings of one workload diff as identical (exit 0) and merge with no
# fact "seen in only some of the runs", although tids, pids, random
# temporary names and numbered segments differ between the runs.
. "$(dirname "$0")/../lib.sh"

# Two recordings (run1.json, run2.json) compare as the same behaviour.
check_same() {
	local rc=0
	"$LP" diff run1.json run2.json > diff.txt || rc=$?
	[ "$rc" = 0 ] || { cat diff.txt >&2; fail "diff of two identical runs exits $rc"; }
	"$LP" merge -o m.json run1.json run2.json
	"$LP" report m.json > report.txt
	if grep -q "seen in only some of the" report.txt; then
		grep "seen in" report.txt >&2
		fail "merge has facts seen in only some runs"
	fi
}

test_threads_segments_and_pid_names() {
	need_root
	mkdir -p "$T/d"
	for n in 1 2; do
		"$LP" record -o run$n.json -- "$W/volatile" "$T/d" > out$n.txt
		expect_eq "$(cat out$n.txt)" ok "workload output"
	done
	check_same
	jq -e '.executables[].files["/proc/<pid>/task/<tid>/comm"].varies == ["proc-pid","proc-tid"]' run1.json > /dev/null ||
		fail "no /proc/<pid>/task/<tid>/comm"
	jq -e --arg p "$T/d/state.<pid>" '.executables[].files[$p].varies == ["pid-in-name"]' run1.json > /dev/null ||
		fail "the pid-named file is not $T/d/state.<pid>"
	jq -e '.executables[].files["/dev/shm/lp-volatile.<n>"].observed | length == 1' run1.json > /dev/null ||
		fail "the segment is not /dev/shm/lp-volatile.<n> with its observed name"
	"$LP" apparmor run1.json > aa.txt
	expect_contains "$(cat aa.txt)" "@{PROC}/@{pid}/task/@{tid}/comm" "AppArmor tid rule"
	expect_contains "$(cat aa.txt)" "# varies from run to run (temp-number): /dev/shm/lp-volatile." "AppArmor comment"
	# The report's manifest does not leave the segment out.
	expect_eq "$("$LP" report --format json run1.json | jq -r '.manifest[] | select(startswith("writes"))')" \
		"writes only under $T/d and /dev/shm (a tmpfs in containers)" "writes, /dev/shm included"
}

test_memcached_threads() {
	need_root
	need_cmd memcached
	need_cmd memcslap
	local port n rec pid
	port=$(free_port)
	for n in 1 2; do
		"$LP" record --ready ready$n -o run$n.json --user memcache -- \
			/usr/bin/memcached -t 4 -p "$port" -U 0 -l 127.0.0.1 -m 64 -c 256 &
		rec=$!
		defer "kill $rec 2>/dev/null"
		wait_for 10 test -e ready$n
		wait_for 10 memcslap -s 127.0.0.1:"$port" -c 1 -e 1 -t get
		memcslap -s 127.0.0.1:"$port" -c 4 -e 2000 -t set > /dev/null
		memcslap -s 127.0.0.1:"$port" -c 4 -e 2000 -t get > /dev/null
		pid=$(pgrep -x -P "$rec" memcached || pgrep -n -x memcached)
		kill -TERM "$pid"
		wait "$rec" || fail "record of memcached exited $?"
	done
	check_same
}

test_python_tempfile() {
	need_root
	need_cmd python3
	cat > w.py <<'PY'
import os, tempfile
fd, p = tempfile.mkstemp(suffix=".txt"); os.write(fd, b"x"); os.close(fd)
open(p).read(); os.unlink(p)
d = tempfile.mkdtemp()
for n in ("a.dat", "b.dat"):
    with open(os.path.join(d, n), "w") as f: f.write(n)
    open(os.path.join(d, n)).read(); os.unlink(os.path.join(d, n))
os.rmdir(d)
with tempfile.TemporaryFile() as f: f.write(b"t"); f.seek(0); f.read()
with tempfile.NamedTemporaryFile(prefix="lp-", suffix=".log") as f: f.write(b"n"); f.flush()
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "state.json"), "w") as f: f.write("{}")
    open(os.path.join(d, "state.json")).read()
print("ok")
PY
	for n in 1 2; do
		"$LP" record -o run$n.json -- /usr/bin/python3 w.py > out$n.txt
		expect_eq "$(cat out$n.txt)" ok "workload output"
	done
	check_same
	local tmpnames
	tmpnames=$(jq -r --arg t "$T" '.executables[].files | keys[] |
		select(startswith("/tmp/") and (startswith($t) | not))' run1.json)
	[ -z "$(echo "$tmpnames" | grep -v '<')" ] || fail "a /tmp name stayed literal: $tmpnames"
}

# A new file that gets a just-deleted file's inode number keeps its accesses
# (the kernel's de-duplication key has the inode's generation).
test_inode_reuse_keeps_accesses() {
	need_root
	need_cmd python3
	cat > w.py <<'PY'
import os, sys
d = sys.argv[1]
with open(d + "/first", "w") as f: f.write("1")
i1 = os.stat(d + "/first").st_ino; os.unlink(d + "/first")
with open(d + "/second", "w") as f: f.write("2")
print("reused" if os.stat(d + "/second").st_ino == i1 else "not reused")
os.unlink(d + "/second")
PY
	mkdir -p "$T/r"
	"$LP" record -o r.json -- /usr/bin/python3 w.py "$T/r" > out.txt
	[ "$(cat out.txt)" = reused ] || note "the file system did not reuse the inode here"
	expect_eq "$(jq -c --arg p "$T/r/second" '.executables[].files[$p].access' r.json)" \
		'["write","create","delete"]' "accesses of the second file"
}

run_tests "$@"
