#!/bin/bash
# tests/kernel/grade_tests.sh - the grader against the real kernel, per lab.
#
# For each lab: grading the reference solutions must give full marks (exit
# 0) and grading the untouched skeletons must give zero without a kernel
# test crashing or hanging (exit 1, "score: 0/N"): the kernel's tests guard
# against stubs.  A host case may crash on a stub (it calls the stub
# directly, and a NULL from it is a segfault under ASan): that is a zero too.  Then tests/kernel/cache_tests.sh: the
# images a grade builds from the object cache are a clean build's, bit for
# bit.  Prints PASS/FAIL lines and, last, "grade: N passed, M failed".
#
# In a student handout there is no reference, and labs/ is the student's
# work in progress, not a skeleton that must score zero: there only the
# grader's own defences (the compile bomb) and the object cache are
# checked; `make grade` says how far the labs are.

set -u
cd "$(dirname "$0")/../.."

GRADE=build/tools/grade
LOGDIR=build/grade-tests
LABS=$(ls grader/rubrics/lab*.rubric | sed 's|.*/lab\([0-9]*\)\.rubric|\1|' | sort -n)
passed=0
failed=0
mkdir -p "$LOGDIR"
pass() { echo "PASS grade $*"; passed=$((passed + 1)); }
fail() { echo "FAIL grade $*"; failed=$((failed + 1)); }

for n in $LABS; do
	[ -d solutions ] || continue	# a student handout: nothing to compare with
	"$GRADE" --kit . --lab "$n" --src solutions --quiet --format json \
		--out "$LOGDIR/solutions-lab$n.json" > "$LOGDIR/solutions-lab$n.txt" 2>&1
	status=$?
	score=$(grep -o '^score: .*' "$LOGDIR/solutions-lab$n.txt" | tail -1)
	if [ "$status" -eq 0 ]; then
		pass "lab$n solutions: full marks (exit 0, report $LOGDIR/solutions-lab$n.json)"
	else
		fail "lab$n solutions: exit $status ($score), see $LOGDIR/solutions-lab$n.txt"
	fi

done

[ -d solutions ] || echo "SKIP grade of each lab's labs/: this is a handout, labs/ is your work (make grade LAB=n)"
for n in $LABS; do
	[ -d solutions ] || break
	"$GRADE" --kit . --lab "$n" --src labs --quiet \
		> "$LOGDIR/skeletons-lab$n.txt" 2>&1
	status=$?
	score=$(grep -o '^score: .*' "$LOGDIR/skeletons-lab$n.txt" | tail -1)
	if [ "$status" -eq 1 ] && [[ "$score" == "score: 0/"* ]] &&
	   ! grep -E 'CRASH|HUNG|TRIPLE' "$LOGDIR/skeletons-lab$n.txt" | grep -qv '\.host\.'; then
		pass "lab$n skeletons: zero, no crash or hang ($score)"
	else
		fail "lab$n skeletons: exit $status ($score), see $LOGDIR/skeletons-lab$n.txt"
	fi
done

# A compile bomb: a student file that includes /dev/zero.  Every process of
# the build has a capped address space (grader/build.h), so cc1 stops with
# "out of memory" at the cap instead of taking the machine's memory; the
# lab does not build, the kit alone does, and grading goes on (exit 1).
bomb=$(mktemp -d "${TMPDIR:-/tmp}/grade-bomb-XXXXXX")
mkdir -p "$bomb/lab0"
{ echo '#include "/dev/zero"'; cat labs/lab0/warmup.c; } > "$bomb/lab0/warmup.c"
"$GRADE" --kit . --lab 0 --submission "$bomb" --quiet > "$LOGDIR/bomb-lab0.txt" 2>&1
status=$?
if [ "$status" -eq 1 ] && grep -q 'out of memory' "$LOGDIR/bomb-lab0.txt" &&
   grep -q 'NOBUILD' "$LOGDIR/bomb-lab0.txt"; then
	pass "compile bomb: cc1 stopped at the build's memory cap, lab 0 not built (exit 1)"
else
	fail "compile bomb: exit $status, see $LOGDIR/bomb-lab0.txt"
fi
rm -rf "$bomb"

# A submission's build cannot read a hidden test: its source in the scratch
# tree is a stub by then (its object comes from the cache), so an .incbin
# of it (or an #include) gets nothing to leak.  And the submission still
# earns the hidden test's points, from the cached object.
hidden=$(ls tests/lab0/*_hidden_ktest.c 2>/dev/null | head -1)
if [ -n "$hidden" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/grade-incbin-XXXXXX")
	sub=$work/submission
	mkdir -p "$sub/lab0"
	{ cat solutions/lab0/warmup.c
	  printf '__asm__(".section .rodata\\n.incbin \\"%s\\"\\n.previous");\n' "$hidden"
	} > "$sub/lab0/warmup.c"
	"$GRADE" --kit . --lab 0 --submission "$sub" --quiet --keep --scratch "$work/scratch" \
		> "$LOGDIR/incbin-lab0.txt" 2>&1
	status=$?
	copy=$(echo "$work"/scratch/run-*/kit/"$hidden")
	if [ "$status" -eq 0 ] && [ -f "$copy" ] && ! cmp -s "$hidden" "$copy" &&
	   ! grep -qF "$(sed -n 2p "$hidden")" "$copy"; then
		pass "incbin of a hidden test: only a stub to read, the hidden test still graded (exit 0)"
	else
		fail "incbin of a hidden test: exit $status, see $LOGDIR/incbin-lab0.txt and $copy"
	fi
	rm -rf "$work"
fi

if tests/kernel/cache_tests.sh; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

echo "grade: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
