#!/bin/bash
# tests/kernel/handout_tests.sh - the student handout, checked as a student gets it.
#
# Builds the handout (make handout), then checks that nothing secret is
# in it (no solutions/, no hidden test sources, no hidden test ids
# anywhere), and that it works on its own: the skeleton kernel builds and
# boots, the grader grades it (zero, no hidden tests expected), the
# skeleton check knows there is nothing to compare.  Prints PASS/FAIL
# lines and "handout: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."

if [ ! -d solutions ]; then	# this is a handout already: nothing to hide
	echo "handout: 0 passed, 0 failed (this tree is a handout)"
	exit 0
fi

H=build/handout-test
passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

rm -rf "$H"
make -s handout HANDOUT="$H" > /dev/null || { echo "FAIL make handout"; exit 1; }

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

cd "$H"
if make -s check-skeletons 2>&1 | grep -q 'nothing to compare'; then pass "check-skeletons knows it is a handout"
else fail "check-skeletons" "did not recognise the handout"; fi
if make -s run LAB=0 2>&1 | grep -q '^# ktest: end'; then pass "the skeleton kernel builds and boots"
else fail "make run LAB=0" "no '# ktest: end'"; fi
make -s grade LAB=0 > ../handout-grade.txt 2>&1
# The handout's own rubric says what a visible lab 0 is worth (kernel tests
# and host cases); the skeleton must earn none of it.
max=$(awk '$1 == "test" { s += $3 } END { print s + 0 }' grader/rubrics/lab0.rubric)
if grep -q "^score: 0/$max\$" ../handout-grade.txt && ! grep -q hidden ../handout-grade.txt; then
	pass "make grade LAB=0 in the handout: score 0/$max, no hidden test expected"
else
	fail "make grade LAB=0" "$(grep '^score' ../handout-grade.txt), see build/handout-grade.txt"
fi
cd - > /dev/null

echo "handout: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
