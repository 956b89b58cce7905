#!/bin/bash
# File names that need escaping (spaces, newlines, quotes, bytes that are
# not UTF-8, glob characters) survive every output intact, and never turn
# into something else.
. "$(dirname "$0")/../lib.sh"

record_names() {	# [<recording>]
	mkdir -p w
	"$LP" record -o "${1:-rec.json}" -- "$W/behave" names "$(realpath w)" 2>/dev/null
	D=$(realpath w)
}

test_recording_keeps_the_bytes() {
	need_root
	record_names
	expect_eq "$(jq -r --arg d "$D/" '.executables[].files | keys[] | select(startswith($d)) | ltrimstr($d)' rec.json | od -c | head -20)" \
		"$(printf '%s\n' '*' '^hat#hash' 'a[b]?' 'back\\slash' 'bad\xff\xfe' 'café' 'new
line' "quo\"te'" 'with space' '{x,y}' | od -c | head -20)" "names as JSON text"
	# Loading and writing again gives the same bytes.
	"$LP" merge -o again.json rec.json
	cmp rec.json again.json || fail "not stable through a load"
	# Valid UTF-8 JSON throughout (jq refuses anything else).
	jq -e . rec.json > /dev/null
	iconv -f UTF-8 -t UTF-8 rec.json > /dev/null || fail "not UTF-8"
}

test_report_shows_them_without_raw_control_bytes() {
	need_root
	record_names
	"$LP" report rec.json > r.txt
	grep -qF 'new\x0aline' r.txt || fail "newline not shown escaped"
	grep -qF 'bad\xff\xfe' r.txt || fail "invalid UTF-8 not shown escaped"
	iconv -f UTF-8 -t UTF-8 r.txt > /dev/null || fail "report is not UTF-8"
	"$LP" report --format html -o r.html rec.json
	grep -qF "quo&quot;te&#39;" r.html || fail "quotes not escaped in HTML"
	! grep -q "$(printf '\xff')" r.html || fail "raw byte in HTML"
	"$LP" report --format markdown -o r.md rec.json
	grep -qF 'new\x0aline' r.md || fail "markdown"
}

test_diff_and_seccomp_are_unaffected() {
	need_root
	record_names
	# A second run makes the same names: the two recordings compare equal.
	rm -rf w
	record_names rec2.json
	expect_status 0 "$LP" diff rec.json rec2.json
	# One name less is a difference, named as it is.
	jq --arg p "$D/with space" 'del(.executables[].files[$p])' rec2.json > less.json
	rc=0; "$LP" diff rec.json less.json > d.txt || rc=$?
	expect_eq "$rc" 1 "a file less"
	expect_contains "$(cat d.txt)" "- $D/with space" "the file named"
	"$LP" seccomp -o p.json rec.json
	jq -e '.syscalls[0].names | index("openat")' p.json > /dev/null || fail "profile"
}

test_apparmor_profile_compiles_and_stays_literal() {
	need_root
	need_cmd apparmor_parser
	record_names
	for m in ix cx; do
		"$LP" apparmor --exec-mode $m -o p.$m rec.json
		"$LP" apparmor --no-glob --exec-mode $m -o lit.$m rec.json
		for f in p.$m lit.$m; do
			apparmor_parser -Q -K -M /etc/apparmor.d/abi/3.0 --Werror $f || fail "$f does not compile"
		done
	done
	# Written literally, every name is escaped: the file named * matches
	# only itself (the parser's own matching is checked in test_apparmor).
	expect_eq "$(grep -F "\"$D/" lit.ix | sed 's/^ *//')" "\"$D/\\*\" rw,
\"$D/\\^hat#hash\" rw,
\"$D/\\{x,y\\}\" rw,
\"$D/a\\[b\\]\\?\" rw,
\"$D/back\\\\slash\" rw,
\"$D/bad\\xff\\xfe\" rw,
\"$D/café\" rw,
\"$D/new\\x0aline\" rw,
\"$D/quo\\\"te'\" rw,
\"$D/with space\" rw," "literal rules"
	# Widened, the rule says so, and what it covers.
	grep -qF "# covers 10 paths: $D/*" p.ix || fail "widening not explained"
}

run_tests "$@"
