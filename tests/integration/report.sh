#!/bin/bash
# The report in a real browser, and the release diff as a CI gate.
. "$(dirname "$0")/../lib.sh"

CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync)

test_html_report_renders_in_chromium() {
	need_root
	need_cmd chromium
	"$PY" -c 'import PIL' 2>/dev/null || skip "needs python3-pil"
	"$LP" record -o rec.json -- "$W/demo-app" "$(realpath .)/state" > /dev/null
	"$LP" report --format html -o report.html rec.json
	chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$T/profile" --enable-logging=stderr --v=0 \
		--window-size=1000,3000 --screenshot="$T/shot.png" "file://$T/report.html" 2> console.txt
	chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$T/profile2" --dump-dom "file://$T/report.html" > dom.html 2>/dev/null
	# No script error, no blocked fetch: the page is self-contained.
	! grep -Ei "uncaught|refused to|console\(" console.txt || fail "console errors: $(grep -Ei 'uncaught|refused|console' console.txt)"
	for id in needs checklist risks coverage syscalls files network programs chart-frequency chart-docker exec-tree; do
		grep -q "id=\"$id\"" dom.html || fail "section $id missing from the rendered page"
	done
	grep -q "listens on tcp 127.0.0.1:" dom.html || fail "manifest missing"
	grep -q "$LP_TRUE" dom.html || fail "exec tree missing $LP_TRUE"
	# The screenshot shows the content: bars in the chart colours, the
	# green of ready checks, text; a blank or unstyled page fails.
	"$PY" - "$T/shot.png" <<'PY'
import sys
from PIL import Image
img = Image.open(sys.argv[1]).convert("RGB")
w, h = img.size
px = img.load()
def count(rgb, tol=12):
    n = 0
    for y in range(0, h, 2):
        for x in range(0, w, 2):
            p = px[x, y]
            if all(abs(p[i] - rgb[i]) <= tol for i in range(3)):
                n += 1
    return n
bars = count((0x4c, 0x78, 0xa8))      # file-group bars and the "used" bar
unused = count((0xd0, 0xd7, 0xde))    # Docker's never-used share
ready = count((0x11, 0x63, 0x29), 40) # "ready" in the checklist
dark = count((0x1b, 0x1f, 0x24), 40)  # body text
print("bars", bars, "unused", unused, "ready", ready, "text", dark)
assert bars > 300, "syscall bars not drawn"
assert unused > 1000, "Docker comparison not drawn"
assert ready > 20, "checklist not styled"
assert dark > 2000, "no text"
PY
}

test_diff_exit_status_and_fail_on() {
	need_root
	"$LP" record -o v1.json -- "$W/variant" base > /dev/null
	"$LP" record -o v2.json -- "$W/variant" extra allowed > /dev/null
	expect_status 0 "$LP" diff v1.json v1.json
	expect_eq "$("$LP" diff v1.json v1.json | tail -1)" "no difference" "same"
	rc=0; "$LP" diff v1.json v2.json > d.txt || rc=$?
	expect_eq "$rc" 1 "different"
	expect_eq "$(sed -n '/^syscalls:/,/^$/p' d.txt)" "syscalls:
  + getcpu" "the new syscall"
	# Only gains of the chosen kinds fail: no capability was gained.
	expect_status 0 "$LP" diff --fail-on capabilities,network,exec v1.json v2.json
	expect_status 1 "$LP" diff --fail-on syscalls v1.json v2.json
	# Losing a syscall never fails a gate.
	expect_status 0 "$LP" diff --fail-on syscalls v2.json v1.json
	expect_status 1 "$LP" diff v2.json v1.json
	"$LP" diff --format markdown v1.json v2.json > d.md || true
	expect_contains "$(cat d.md)" '```diff' "markdown"
	expect_contains "$(cat d.md)" "+ getcpu" "markdown line"
	"$LP" diff --format json v1.json v2.json > d.json || true
	expect_eq "$(jq -c '.kinds.syscalls' d.json)" '{"added":["getcpu"],"removed":[]}' "json"
}

test_diff_names_each_file_of_a_large_directory() {
	need_root
	mkdir s
	"$LP" record -o rec.json -- "$W/storm" "$(realpath s)" 1 40
	"$LP" report rec.json > r.txt
	expect_contains "$(cat r.txt)" "* (40 files)" "the report folds them"
	jq --arg p "$(realpath s)/p0-f17" 'del(.executables[].files[$p])' rec.json > less.json
	rc=0; "$LP" diff rec.json less.json > d.txt || rc=$?
	expect_eq "$rc" 1 "one file less is a difference"
	expect_eq "$(sed -n '/^files:/,/^$/p' d.txt)" "files:
  - $(realpath s)/p0-f17 [write,create]" "the file, by name"
}

test_diff_of_profiles_and_bad_input() {
	need_root
	"$LP" record -o v1.json -- "$W/variant" base > /dev/null
	"$LP" record -o v2.json -- "$W/variant" extra allowed > /dev/null
	"$LP" seccomp -o p1.json v1.json
	"$LP" seccomp --format docker -o p1d.json v1.json
	"$LP" seccomp -o p2.json v2.json
	expect_status 0 "$LP" diff p1.json p1d.json	# same rules, two formats
	rc=0; "$LP" diff p1.json p2.json > d.txt || rc=$?
	expect_eq "$rc" 1 "profiles differ"
	expect_contains "$(cat d.txt)" "+ allow getcpu" "the rule"
	rc=0; "$LP" diff v1.json p1.json 2> err.txt || rc=$?
	expect_eq "$rc" 2 "recording vs profile"
	expect_eq "$(cat err.txt)" "learnprof: cannot compare a recording ('v1.json') with a seccomp profile ('p1.json')" "message"
	rc=0; "$LP" diff --fail-on privileges v1.json v2.json 2> err.txt || rc=$?
	expect_eq "$rc" 2 "unknown kind"
	expect_contains "$(cat err.txt)" "learnprof: --fail-on: unknown kind 'privileges'" "message"
	rc=0; "$LP" diff v1.json missing.json 2> err.txt || rc=$?
	expect_eq "$rc" 2 "missing file"
	expect_eq "$(cat err.txt)" "learnprof: cannot read 'missing.json': No such file or directory" "message"
	echo '{"format": "learnprof-recording", "schema": 9}' > future.json
	rc=0; "$LP" diff v1.json future.json 2> err.txt || rc=$?
	expect_eq "$rc" 2 "future schema"
	rc=0; "$LP" diff v1.json 2> err.txt || rc=$?
	expect_eq "$rc" 2 "one file"
}

test_report_formats_from_a_real_recording() {
	need_root
	"$LP" record -o rec.json -- "$W/behave" procs > /dev/null
	"$LP" report rec.json > r.txt
	awk 'length > 80 { print "too wide: " $0; bad = 1 } END { exit bad }' r.txt
	expect_contains "$(cat r.txt)" "runs $LP_SLEEP, $LP_TRUE" "manifest"
	"$LP" report --format markdown -o r.md rec.json
	expect_contains "$(cat r.md)" "## Hardening checklist:" "markdown"
	"$LP" report --format json -o r.json rec.json
	jq -e '.checklist | length == 6' r.json > /dev/null || fail "json checklist"
	rc=0; "$LP" report --format pdf rec.json 2> err.txt || rc=$?
	expect_eq "$rc" 129 "bad format"
}

run_tests "$@"
