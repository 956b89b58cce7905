#!/bin/bash
# What recording costs, checked without timings (timings live in tools/):
# the live status line (on a terminal only) and the maps' memory, as the
# kernel charges it, against the documented formula (docs/overhead.md).
. "$(dirname "$0")/../lib.sh"

test_status_line_on_a_terminal_only() {
	need_root
	need_cmd script
	# A terminal (script gives the command a pty): the line is redrawn in
	# place while the workload runs, and cleared before the summary.
	script -q -e -c "'$LP' record -o tty.json -- '$W/getppid-loop' 4000000" /dev/null > tty.txt
	expect_contains "$(cat -v tty.txt)" "^M^[[Klearnprof: recording: 1 program, " "status line in a terminal"
	expect_contains "$(tr '\r' '\n' < tty.txt | grep 'recording:' | tail -1)" " lost, 0:0" "elapsed time"
	expect_contains "$(cat tty.txt)" "learnprof: recorded 1 program" "summary after it"
	# A pipe and a file: never.
	"$LP" record -o pipe.json -- "$W/getppid-loop" 4000000 2>&1 | cat > pipe.txt
	"$LP" record -o file.json -- "$W/getppid-loop" 100000 2> file.txt > /dev/null
	for f in pipe.txt file.txt; do
		if grep -q 'recording:' "$f" || grep -q $'\r' "$f"; then
			fail "status line in a non-terminal ($f): $(cat -v "$f")"
		fi
	done
	expect_eq "$(jq -r --arg e "$W/getppid-loop" '.executables[$e].syscalls.x86_64.getppid.count' tty.json)" \
		4000000 "counts with the status line on"
}

# The maps' kernel memory (fdinfo memlock, what bpftool calls bytes_memlock)
# while recording, against the plan record -v prints.
test_map_memory_matches_the_formula() {
	need_root
	"$LP" record -v --ready ready -o rec.json -- sleep 30 2> plan.txt &
	local bg=$! m=0 b f i
	defer "kill $bg 2>/dev/null || true"
	for i in $(seq 200); do [ -e ready ] && break; sleep 0.05; done
	[ -e ready ] || fail "record did not start: $(cat plan.txt)"
	for f in /proc/$bg/fdinfo/*; do
		grep -q '^map_type:' "$f" 2>/dev/null || continue
		b=$(awk '/^memlock:/ {print $2}' "$f")
		m=$((m + b))
	done
	kill -TERM $bg; wait $bg || true
	local plan
	plan=$(awk '/maps in all/ {print $5}' plan.txt)
	[ -n "$plan" ] || fail "record -v printed no plan: $(head -5 plan.txt)"
	expect_contains "$(cat plan.txt)" "learnprof: map counts" "one line per map"
	# Task storage grows by a few hundred bytes per recorded task.
	awk -v k="$m" -v p="$plan" 'BEGIN { d = k - p; if (d < 0) d = -d; exit !(d <= p / 50) }' ||
		fail "kernel charges $m bytes, the formula says $plan (more than 2% apart)"
	[ "$m" -le $((24 << 20)) ] || fail "maps take $m bytes here, want at most 24 MiB"
	note "maps: $((m / 1024)) KiB charged, $((plan / 1024)) KiB by the formula, $(nproc) CPUs"
}

run_tests "$@"
