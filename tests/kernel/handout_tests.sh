#!/bin/bash
# tests/kernel/handout_tests.sh - the student handout, checked as a student gets it.
#
# Builds a fresh handout (make handout), then checks
#   - that nothing secret is in it: no solutions/, no hidden test sources,
#     no hidden test id anywhere, no instructor's chapter or lists;
#   - that it is the students' kit: its README is tools/handout/README.md,
#     which names no SRC=solutions and no instructor's target; `make help`
#     lists none either; SRC=solutions and each instructor's target stop
#     at once with one line;
#   - that the README's quick start works as written: its commands are
#     taken from the README's "Quick start" block (so this test breaks when
#     the README drifts) and run in the handout one by one, each must
#     succeed, and `make run LAB=0` must boot and `make grade LAB=0` give
#     the skeleton zero, no hidden test expected.  `make test` takes many
#     minutes there (every stage built and booted), so it runs with
#     STEPS= its cheap steps only: the host suites of the core, the book,
#     and every step a handout skips, which must say why;
#   - that `make submission LAB=0` packs exactly the rubric's files, and
#     that the zip, unpacked (the grader takes a directory), is what your
#     kit grades: the reference's lab 0 packed in the handout earns full
#     marks, hidden tests included; and that make submission works in
#     this kit too (LAB=3: the files of labs 0 to 3).
# Prints PASS/FAIL lines and "handout: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."
# The commands below run as a student (or GitHub) runs them, not as
# sub-makes of make test: no MAKEFLAGS (-s, -w, LAB=... from the command
# line) may leak into them.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

if [ ! -d solutions ]; then	# this is a handout already: nothing to hide
	echo "handout: 0 passed, 0 failed (this tree is a handout)"
	exit 0
fi

H=build/handout-test
LOG=build/handout-tests
KIT=$PWD
passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# What a boot's TAP says, through the kit's grader (make tools builds it).
TAP_GRADE=$KIT/build/tools/grade
. tests/kernel/tap.sh

# The cheap steps of make test in a handout (see the header).
CHEAP_STEPS="skeletons host host-skeletons mutants requirements handout classroom
book book-instructor book-figures book-links book-experiments load"
# What the student never sees: targets of the instructor's kit.
INSTRUCTOR_TARGETS="handout classroom test-classroom skeletons check-skeletons mutants
test-mutants bench-grade book-figures book-figures-check book-experiments
test-host-skeletons test-load"

rm -rf "$H" "$LOG"
mkdir -p "$LOG"
make -s tools > "$LOG/tools.log" 2>&1 || { echo "FAIL make tools"; exit 1; }
make -s handout HANDOUT="$H" > /dev/null || { echo "FAIL make handout"; exit 1; }

# ---- nothing secret ----------------------------------------------------------
[ ! -e "$H/solutions" ] && pass "no solutions/" || fail "secrets" "solutions/ is in the handout"
if [ -z "$(find "$H" -name mutants.equivalent -o -name requirements.txt)" ]; then
	pass "no lists of equivalent mutants or requirements tables (they quote the reference, name hidden tests)"
else fail "secrets" "instructor files in the handout: $(find "$H" -name mutants.equivalent -o -name requirements.txt | head -3)"; fi
if [ -z "$(find "$H" -name '*_hidden_*')" ]; then pass "no hidden test sources"
else fail "secrets" "hidden test files: $(find "$H" -name '*_hidden_*' | head -3)"; fi
hidden_ids=$(grep -hoE 'lab[0-9]+\.[a-z0-9_]+\.[a-z0-9_]+[[:space:]]+[0-9]+[[:space:]]+hidden' grader/rubrics/*.rubric |
	awk '{print $1}')
leaks=""
for id in $hidden_ids; do
	grep -rqF "$id" "$H" && leaks="$leaks $id"
done
[ -z "$leaks" ] && pass "no hidden test id appears ($(echo $hidden_ids | wc -w) hidden in the kit)" ||
	fail "secrets" "hidden ids in the handout:$leaks"
if [ ! -e "$H/book/instructor.md" ] && [ ! -e "$H/tools/handout" ]; then
	pass "no instructor's chapter, no sources of the handout itself"
else fail "secrets" "book/instructor.md or tools/handout/ is in the handout"; fi

# ---- the students' kit -----------------------------------------------------------
if cmp -s tools/handout/README.md "$H/README.md"; then pass "README.md is the students' (tools/handout/README.md)"
else fail "README" "the handout's README.md is not tools/handout/README.md"; fi
bad=$(grep -nE 'SRC=solutions|EDITION=instructor' "$H/README.md")
for t in $INSTRUCTOR_TARGETS; do
	bad="$bad$(grep -nE "make $t([^-a-z]|\$)" "$H/README.md")"
done
[ -z "$bad" ] && pass "the README names no SRC=solutions and no instructor's target" ||
	fail "README" "it names what a handout lacks: $bad"

cd "$H"
make help > "$KIT/$LOG/help.txt" 2>&1
bad=$(grep -nE 'SRC=|solutions|EDITION' "$KIT/$LOG/help.txt")
for t in $INSTRUCTOR_TARGETS; do
	bad="$bad$(grep -nE "(make|^ ) +$t([^-a-z]|\$)" "$KIT/$LOG/help.txt")"
done
[ -z "$bad" ] && pass "make help lists no instructor's target ($(grep -c '^  make ' "$KIT/$LOG/help.txt") targets)" ||
	fail "make help" "lists what a handout refuses: $bad"

# refused WHAT ARGS...: make ARGS stops at once, with one line naming WHAT.
refused() {
	local what=$1 out
	shift
	out=$(make "$@" 2>&1)
	if [ $? -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   [[ "$out" == *"$what"*"student kit"* ]]; then
		pass "make $* stops with one line: ${out#*\*\*\* }"
	else
		fail "make $*" "did not stop with one line about $what: $(printf '%s' "$out" | head -3)"
	fi
}
refused SRC=solutions SRC=solutions run
refused EDITION=instructor book EDITION=instructor
for t in $(cd "$KIT" && make -s -pn help 2>/dev/null |
		sed -n 's/^INSTRUCTOR_TARGETS := //p'); do
	refused "make $t" "$t"
done
if make -s check-skeletons 2>&1 | grep -q 'nothing to compare'; then pass "check-skeletons knows it is a handout"
else fail "check-skeletons" "did not recognise the handout"; fi

# ---- the README's quick start, as written --------------------------------------------
# Its commands: the indented lines of the block under "## Quick start",
# without their comments.
sed -n '/^## Quick start/,/^## /p' README.md | sed -n 's/^    \([^ ].*\)$/\1/p' |
	sed 's/[[:space:]]*#.*$//' > "$KIT/$LOG/quickstart.txt"
n=$(wc -l < "$KIT/$LOG/quickstart.txt")
if [ "$n" -ge 2 ] && grep -q '^make run' "$KIT/$LOG/quickstart.txt" &&
   grep -q '^make grade' "$KIT/$LOG/quickstart.txt"; then
	pass "the README's quick start has $n commands: $(paste -sd ';' "$KIT/$LOG/quickstart.txt")"
else
	fail "quick start" "no block of commands with make run and make grade under '## Quick start'"
fi
max=$(awk '$1 == "test" { s += $3 } END { print s + 0 }' grader/rubrics/lab0.rubric)
i=0
while read -r cmd; do
	i=$((i + 1))
	out=$KIT/$LOG/quickstart-$i.txt
	run=$cmd
	# make test: the cheap steps only (the whole of it takes many minutes).
	[ "$cmd" = "make test" ] && run="make test STEPS='$(echo $CHEAP_STEPS)'"
	if ! bash -c "$run" > "$out" 2>&1 < /dev/null; then
		fail "quick start: $cmd" "exit status $?, see $LOG/quickstart-$i.txt"
		continue
	fi
	case $cmd in
	"make run LAB=0")
		tap_read "$out"
		tap_ended && pass "quick start: $cmd builds and boots the skeleton" ||
			fail "quick start: $cmd" "no '# ktest: end' line" ;;
	"make grade LAB=0")
		# The handout's own rubric says what a visible lab 0 is worth; the
		# skeleton earns none of it, and no hidden test is expected.
		if grep -q "^score: 0/$max\$" "$out" && ! grep -q hidden "$out"; then
			pass "quick start: $cmd: score 0/$max, no hidden test expected"
		else
			fail "quick start: $cmd" "$(grep '^score' "$out"), see $LOG/quickstart-$i.txt"
		fi ;;
	"make test")
		last=$(tail -1 "$out")
		skips=$(grep -c '^=== .*: skipped (.\+)$' "$out")
		if [[ "$last" =~ ^test:\ [0-9]+\ passed,\ 0\ failed,\ [0-9]+\ skipped$ ]] && [ "$skips" -gt 0 ]; then
			pass "quick start: make test, its cheap steps only ($(echo $CHEAP_STEPS | wc -w) of them; the whole takes many minutes): '$last', each skip with its reason"
		else
			fail "quick start: make test" "'$last', see $LOG/quickstart-$i.txt"
		fi ;;
	*)
		pass "quick start: $cmd" ;;
	esac
done < "$KIT/$LOG/quickstart.txt"

# ---- make submission -------------------------------------------------------------
# The student finishes lab 0 (the reference's file) and packs it.
cp "$KIT/solutions/lab0/warmup.c" labs/lab0/warmup.c
if make -s submission LAB=0 > "$KIT/$LOG/submission.txt" 2>&1 &&
   [ "$(unzip -Z1 build/submission-lab0.zip)" = "$(awk '$1 == "file" { print $2 }' grader/rubrics/lab0.rubric)" ]; then
	pass "make submission LAB=0: build/submission-lab0.zip holds exactly the rubric's files ($(unzip -Z1 build/submission-lab0.zip | paste -sd ' '))"
else
	fail "make submission LAB=0" "$(cat "$KIT/$LOG/submission.txt"; unzip -Z1 build/submission-lab0.zip 2>&1 | head -5)"
fi
cd "$KIT"

# The grader takes a directory: unpack the zip, grade it with this kit
# (the instructor's: its hidden tests too).
sub=$LOG/submission-lab0
mkdir -p "$sub"
unzip -q "$H/build/submission-lab0.zip" -d "$sub"
build/tools/grade --kit . --lab 0 --submission "$KIT/$sub" --quiet > "$LOG/submission-grade.txt" 2>&1
status=$?
full=$(awk '$1 == "test" { s += $3 } END { print s + 0 }' grader/rubrics/lab0.rubric)
if [ "$status" -eq 0 ] && grep -q "^score: $full/$full\$" "$LOG/submission-grade.txt" &&
   grep -q 'labs/lab0/warmup.c' "$LOG/submission-grade.txt"; then
	pass "the zip, unpacked and graded by this kit: $full/$full, hidden tests included (exit 0)"
else
	fail "grading the zip" "exit $status, $(grep '^score' "$LOG/submission-grade.txt"), see $LOG/submission-grade.txt"
fi

# In this kit, LAB=3 packs the file lines of labs 0 to 3, nothing else.
if make -s submission LAB=3 > "$LOG/submission3.txt" 2>&1 &&
   [ "$(unzip -Z1 build/submission-lab3.zip)" = "$(cat grader/rubrics/lab[0-3].rubric | awk '$1 == "file" { print $2 }')" ]; then
	pass "make submission LAB=3 in this kit: the $(unzip -Z1 build/submission-lab3.zip | wc -l) files of labs 0-3"
else
	fail "make submission LAB=3" "$(cat "$LOG/submission3.txt")"
fi

echo "handout: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
