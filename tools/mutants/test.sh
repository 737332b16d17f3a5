#!/bin/bash
# tools/mutants/test.sh - `make test-mutants`: the mutant generator, then
# a tiny run of the whole tool.
#
#   tools/mutants/test.sh MUTATE_SAN MUTATE
#
# Why: a generator that mutated a comment, or code outside the TODO
# regions, would report survivors no test could ever kill; one that missed
# a class would overstate the tests.  So the generator (built with ASan and
# UBSan: MUTATE_SAN) must list exactly fixture/fixture.list for
# fixture/fixture.c, whose lines each exercise one rule; every mutant must
# apply to a change on its own line; keys must be unique; the equivalents
# file must be honoured and a stale entry must fail; samples must repeat.
# Then `run.sh --lab 0 --sample 3` (with MUTATE, the tool make builds)
# must grade three mutants and print its summary line.

set -u
cd "$(dirname "$0")/../.." || exit 2
SAN=$1
FIX=tools/mutants/fixture
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {	# check WHAT COMMAND...: run, count a failure
	local what=$1
	shift
	if "$@"; then
		echo "  ok   $what"
	else
		echo "  FAIL $what"
		fails=$((fails + 1))
	fi
}

list_matches() {
	"$SAN" list $FIX/fixture.c > "$tmp/list" && diff -u $FIX/fixture.list "$tmp/list"
}

# Mutant I changes the lines that `diff` names, and nothing else.
each_applies() {
	local n i line
	n=$(wc -l < $FIX/fixture.list)
	for ((i = 1; i <= n; i++)); do
		"$SAN" apply $FIX/fixture.c $i > "$tmp/m.c" || return 1
		line=$("$SAN" diff $FIX/fixture.c $i | cut -d: -f2)
		first=$(cmp $FIX/fixture.c "$tmp/m.c" | sed -n 's/.* line \([0-9]*\)$/\1/p')
		[ "$first" = "$line" ] || { echo "mutant $i: changes line $first, says $line"; return 1; }
	done
}

keys_unique() {
	"$SAN" keys $FIX/fixture.c > "$tmp/keys" &&
		[ "$(wc -l < "$tmp/keys")" -eq "$(wc -l < $FIX/fixture.list)" ] &&
		[ -z "$(sort "$tmp/keys" | uniq -d)" ]
}

equivalents_skipped() {
	"$SAN" plan -e $FIX/fixture.equivalent $FIX/fixture.c > "$tmp/plan" &&
		head -1 "$tmp/plan" | grep -qx "# mutants 37 equivalent 2 planned 35" &&
		! grep -qx "$FIX/fixture.c 1" "$tmp/plan"
}

stale_fails() {
	"$SAN" plan -e $FIX/stale.equivalent $FIX/fixture.c > /dev/null 2> "$tmp/err"
	[ $? -eq 1 ] && grep -q "stale.equivalent:2: stale" "$tmp/err"
}

# Four mutants from two regions (mutants 1-31 and 32-37): two from
# each, the same every time.
sample_spreads() {
	"$SAN" plan -n 4 $FIX/fixture.c > "$tmp/s1" &&
		"$SAN" plan -n 4 $FIX/fixture.c > "$tmp/s2" && cmp -s "$tmp/s1" "$tmp/s2" &&
		[ "$(grep -c ' ' "$tmp/s1")" -eq 5 ] &&
		[ "$(awk '!/^#/ && $2 >= 32' "$tmp/s1" | wc -l)" -eq 2 ]
}

# Every solution file lexes, and its TODO markers pair up.
solutions_lex() {
	"$SAN" list solutions/lab*/*.[ch] > /dev/null
}

end_to_end() {
	tools/mutants/run.sh --lab 0 --sample 3 > "$tmp/run" 2> "$tmp/run.err" || {
		cat "$tmp/run.err"; return 1; }
	cat "$tmp/run"
	tail -1 "$tmp/run" | grep -Eq '^mutants: [0-9]+ killed / [0-9]+ \([0-9]+ equivalent\)$'
}

# A student handout has no solutions/: nothing to mutate there.
solutions_only() {	# solutions_only WHAT FUNCTION
	if [ -d solutions ]; then
		check "$@"
	else
		echo "  skip $1 (a handout: no solutions/)"
	fi
}

echo "mutants: the generator (tools/mutants/fixture)"
check "list: exactly the expected mutants" list_matches
check "apply: each mutant changes its own line" each_applies
check "keys: one per mutant, all different" keys_unique
check "plan: equivalent mutants skipped" equivalents_skipped
check "plan: a stale equivalent entry fails" stale_fails
check "plan: a sample repeats and spreads over regions" sample_spreads
solutions_only "every solution file has well-formed regions" solutions_lex
echo "mutants: a run of three lab 0 mutants"
solutions_only "run.sh --lab 0 --sample 3" end_to_end
echo "test-mutants: $fails failed"
[ $fails -eq 0 ]
