#!/bin/bash
# tests/kernel/gradescope_tests.sh - the Gradescope bundle, run the way
# Gradescope runs it (make test-gradescope).
#
# Builds the bundle for lab 0 (make gradescope LAB=0), checks what is in
# the zip (the two scripts at its top, the hidden tests and full rubrics
# in, solutions/ out), unpacks it into a fake /autograder in a temporary
# directory with the execute bits stripped (an unzip may drop them), runs
# setup.sh there, then run_autograder on three submissions of lab 0:
#
#   reference   solutions/lab0's files, flat     full marks
#   skeleton    labs/lab0's files, kit layout    zero, failure diagnostics
#   broken      a compile error and a Makefile   zero, the compiler's words,
#                                                the Makefile listed as ignored
#
# Each results.json is checked against Gradescope's documented format by
# the validator below (jq): the keys it knows, their types, the visibility
# and format values, each test's score within 0..max_score and the top
# score equal to their sum.  Then what this kit promises on top: hidden
# tests after_published, none of their ids in the summary the student
# sees, and the files taken and ignored named there; the kit's objects
# from the cache setup.sh filled.  A run with no grader must still leave
# a valid results.json, and a results.json with two planted mistakes must
# make the validator fire.
#
# Lab 0 boots once, so each grade takes seconds; most of the test's time
# is setup.sh building the tools and the object cache.
# Prints PASS/FAIL lines and "gradescope: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."

if [ ! -d solutions ]; then	# a handout: no reference to grade, no hidden tests
	echo "gradescope: 0 passed, 0 failed (this tree is a handout)"
	exit 0
fi

LOG=build/gradescope-tests
ZIP=build/gradescope/autograder.zip
RUBRIC=grader/rubrics/lab0.rubric
passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# check NAME CONDITION...: pass if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "not true: $*"; fi
}

rm -rf "$LOG"
mkdir -p "$LOG"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradescope-test-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- the validator ----------------------------------------------------------
# Prints one line per way the file breaks Gradescope's results.json format.
VALIDATOR='
def num: type == "number";
def str: type == "string";
def visibility: IN("hidden", "after_due_date", "after_published", "visible");
def format: IN("text", "html", "simple_format", "md", "ansi");
def top_keys: ["score", "execution_time", "output", "output_format",
	"test_output_format", "test_name_format", "visibility",
	"stdout_visibility", "extra_data", "tests", "leaderboard"];
def test_keys: ["score", "max_score", "status", "name", "name_format",
	"number", "output", "output_format", "tags", "visibility", "extra_data"];
def one_test:
	. as $t | (.name // "a test") as $n |
	((keys - test_keys)[] | "\($n): unknown key \(.)"),
	(if (.name | str) and (.name | length) > 0 then empty else "a test has no name" end),
	(if (.score | num) and (.max_score | num) then
		(if .score < 0 or .score > .max_score then "\($n): score \(.score) outside 0..\(.max_score)" else empty end)
	 else "\($n): score or max_score is not a number" end),
	(if .status | IN("passed", "failed") then empty else "\($n): status \(.status)" end),
	(if (.status == "passed" and .score == .max_score) or (.status == "failed" and .score == 0)
	 then empty else "\($n): status \(.status) with \(.score)/\(.max_score)" end),
	(if .output | str then empty else "\($n): output is not a string" end),
	(if .visibility | visibility then empty else "\($n): visibility \(.visibility)" end);
if type != "object" then "not a JSON object" else
	((keys - top_keys)[] | "unknown top-level key \(.)"),
	(if .score | num then empty else "score is not a number" end),
	(if (.execution_time | num) and .execution_time >= 0 and (.execution_time | floor) == .execution_time
	 then empty else "execution_time is not a whole number of seconds" end),
	(if .output | str then empty else "output is not a string" end),
	(if has("output_format") and (.output_format | format | not) then "output_format \(.output_format)" else empty end),
	(if has("visibility") and (.visibility | visibility | not) then "visibility \(.visibility)" else empty end),
	(if has("stdout_visibility") and (.stdout_visibility | visibility | not) then "stdout_visibility \(.stdout_visibility)" else empty end),
	(if .tests | type == "array" then
		(.tests[] | one_test),
		(if .score == ([.tests[].score] | add // 0) then empty
		 else "score \(.score) is not the sum of the tests (\([.tests[].score] | add // 0))" end),
		([.tests[].name] | group_by(.)[] | select(length > 1) | "test \(.[0]) appears \(length) times")
	 else "tests is not an array" end)
end'
validate() { jq -r "$VALIDATOR" "$1"; }

# ---- the bundle -------------------------------------------------------------
if ! make -s gradescope LAB=0 > "$LOG/make.txt" 2>&1; then
	fail "make gradescope LAB=0" "$(tail -3 "$LOG/make.txt")"
	echo "gradescope: $passed passed, $failed failed"
	exit 1
fi
unzip -Z1 "$ZIP" > "$LOG/zip-listing.txt"
in_zip() { grep -qx "$1" "$LOG/zip-listing.txt"; }
check "setup.sh at the zip's top" in_zip setup.sh
check "run_autograder at the zip's top" in_zip run_autograder
if grep -q '^kit/solutions' "$LOG/zip-listing.txt"; then fail "no solutions/" "$(grep -m3 '^kit/solutions' "$LOG/zip-listing.txt")"
else pass "no solutions/ in the bundle"; fi
missing=""
for f in $(git ls-files 'tests/lab*/*_hidden_*'); do
	in_zip "kit/$f" || missing="$missing $f"
done
[ -z "$missing" ] && pass "every hidden test's source is in the bundle" || fail "hidden tests" "missing:$missing"
if unzip -p "$ZIP" "kit/$RUBRIC" | cmp -s - "$RUBRIC"; then pass "the full rubric, hidden lines included"
else fail "rubric" "kit/$RUBRIC differs from $RUBRIC"; fi

# ---- a fake /autograder: unpack, strip execute bits, setup.sh ---------------
ag=$tmp/autograder
mkdir -p "$ag/source"
unzip -q "$ZIP" -d "$ag/source"
find "$ag/source" -type f -exec chmod a-x {} +
cp "$ag/source/run_autograder" "$ag/run_autograder"	# as Gradescope's image build does
if AUTOGRADER_ROOT=$ag bash "$ag/source/setup.sh" > "$LOG/setup.txt" 2>&1; then
	pass "setup.sh: packages, tools, sandbox check, object cache ($LOG/setup.txt)"
else
	fail "setup.sh" "$(tail -5 "$LOG/setup.txt")"
	echo "gradescope: $passed passed, $failed failed"
	exit 1
fi
check "setup.sh gave back the execute bits" test -x "$ag/source/kit/tools/deps.sh" -a -x "$ag/run_autograder"

# ---- three submissions ----------------------------------------------------
hidden_ids=$(awk '$1 == "test" && $4 == "hidden" { print $2 }' "$RUBRIC")
max=$(awk '$1 == "test" { s += $3 } END { print s + 0 }' "$RUBRIC")
student_file=$(awk '$1 == "file" { print $2; exit }' "$RUBRIC")

# grade NAME: run_autograder on $ag/submission; results in $LOG/NAME.json.
grade() {
	rm -rf "$ag/results"
	(cd "$ag" && AUTOGRADER_ROOT=$ag ./run_autograder) > "$LOG/$1.txt" 2>&1
	cp "$ag/results/results.json" "$LOG/$1.json" 2> /dev/null || echo '(none)' > "$LOG/$1.json"
}

# common NAME: what every submission's results.json must show.
common() {
	local r=$LOG/$1.json problems
	problems=$(validate "$r" 2>&1)
	[ -z "$problems" ] && pass "$1: results.json has Gradescope's documented fields and types" ||
		fail "$1: results.json" "$(echo "$problems" | head -5 | tr '\n' ';')"
	local bad=""
	for id in $hidden_ids; do
		[ "$(jq -r --arg id "$id" '.tests[] | select(.name == $id) | .visibility' "$r")" = after_published ] ||
			bad="$bad $id"
	done
	[ -z "$bad" ] && pass "$1: hidden tests are after_published" || fail "$1: hidden tests" "visibility of$bad"
	local leaks=""
	for id in $hidden_ids; do
		jq -r .output "$r" | grep -qF "$id" && leaks="$leaks $id"
	done
	[ -z "$leaks" ] && pass "$1: the summary names no hidden test" || fail "$1: summary" "names$leaks"
	if jq -r .output "$r" | grep -qE '^(score|lab [0-9]+.*): [0-9.]+/[0-9.]+$'; then
		fail "$1: summary" "shows a total counting the hidden tests"
	else pass "$1: the summary shows no total counting the hidden tests"; fi
	if jq -r .output "$r" | grep -qF "$student_file" &&
	   jq -r .output "$r" | grep -q 'taken from the submission'; then
		pass "$1: the summary says which file was taken"
	else fail "$1: summary" "does not name $student_file as taken"; fi
}

rm -rf "$ag/submission" && mkdir -p "$ag/submission"
cp solutions/lab0/*.c "$ag/submission/"
grade reference
common reference
[ "$(jq '.score' "$LOG/reference.json")" = "$max" ] &&
[ "$(jq '[.tests[] | select(.status != "passed")] | length' "$LOG/reference.json")" = 0 ] &&
	pass "reference: $max/$max, every test passed" ||
	fail "reference" "score $(jq .score "$LOG/reference.json") of $max, see $LOG/reference.txt"

# setup.sh's grade of the skeleton filled the object cache this grade used.
grep -q 'kit objects cached' "$LOG/reference.txt" &&
	pass "reference: the kit's objects came from the cache setup.sh filled" ||
	fail "reference" "the kit's objects were not cached (see $LOG/reference.txt)"

rm -rf "$ag/submission" && mkdir -p "$ag/submission/labs/lab0"
cp labs/lab0/*.c "$ag/submission/labs/lab0/"
grade skeleton
common skeleton
[ "$(jq '.score' "$LOG/skeleton.json")" = 0 ] &&
jq -e '[.tests[] | select(.status == "failed" and (.name | test("\\.host\\.") | not))][0].output
	| test("expected")' "$LOG/skeleton.json" > /dev/null &&
	pass "skeleton: zero, a failed test's output has its diagnostics" ||
	fail "skeleton" "score $(jq .score "$LOG/skeleton.json"), see $LOG/skeleton.json"

rm -rf "$ag/submission" && mkdir -p "$ag/submission"
sed 's/return /retrun /' labs/lab0/warmup.c > "$ag/submission/warmup.c"
echo 'all: ; @echo not used' > "$ag/submission/Makefile"
grade broken
common broken
[ "$(jq '.score' "$LOG/broken.json")" = 0 ] &&
jq -r .output "$LOG/broken.json" | grep -q 'did not build' &&
jq -r .output "$LOG/broken.json" | grep -q "error: .retrun. undeclared" &&
jq -e 'all(.tests[]; .output | startswith("not built"))' "$LOG/broken.json" > /dev/null &&
	pass "broken: zero, the compiler's error in the summary, every test 'not built'" ||
	fail "broken" "see $LOG/broken.json"
jq -r .output "$LOG/broken.json" | sed -n '/^ignored/,$p' | grep -q '^  Makefile$' &&
	pass "broken: the summary lists the Makefile as ignored" ||
	fail "broken" "Makefile not listed as ignored"

# ---- no grader at all: still a results.json -------------------------------
bare=$tmp/bare
mkdir -p "$bare/source/kit" "$bare/submission"
cp "$ag/source/gradescope.conf" "$ag/source/results.jq" "$bare/source/"
(cd "$bare" && AUTOGRADER_ROOT=$bare bash "$ag/source/run_autograder") > "$LOG/bare.txt" 2>&1
if [ -f "$bare/results/results.json" ] && [ -z "$(validate "$bare/results/results.json" 2>&1)" ] &&
   jq -r .output "$bare/results/results.json" | grep -q 'could not grade'; then
	pass "no grader: run_autograder still writes a valid results.json that says so"
else
	fail "no grader" "see $LOG/bare.txt"
fi

# ---- the validator fires ----------------------------------------------------
jq '.score += 1 | .tests[0].visibility = "secret"' "$LOG/reference.json" > "$LOG/planted.json"
planted=$(validate "$LOG/planted.json")
if echo "$planted" | grep -q 'not the sum' && echo "$planted" | grep -q 'visibility secret'; then
	pass "the validator catches a wrong total and a visibility Gradescope does not know"
else
	fail "validator" "missed a planted mistake: $planted"
fi

echo "gradescope: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
