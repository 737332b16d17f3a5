#!/bin/bash
# tests/kernel/objcheck_tests.sh - `make test-objcheck`: real lab 0
# submissions, each the reference's warmup.c with one thing planted that
# the object check (grader/objcheck.h) must refuse before the boot:
#
#   harness   calls ktest_fail(), the harness's own verdict      symbols
#   outb      writes a byte to COM2 (0x2F8) with inline outb     instructions
#   lidt      loads an interrupt table of its own                instructions
#   registry  a KTEST() of its own: lab0.pfn.down registered     sections
#             again, in the harness's registry section
#   shadow    defines do_page_fault, which the kit defines       symbols
#             (weak: the link would let it replace the kit's)
#
# Each must score 0 with every test "rejected", and its JSON report must
# name the file and the reason.  The untouched reference, graded the same
# way, must pass the check and score full marks.  Lab 0 is one small boot;
# a refused submission is never booted, and its host suites never run.
# Last line: "objcheck: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."

GRADE=build/tools/grade
WORK=build/objcheck-tests
CHECK_NAME=objcheck
. tests/kernel/check.sh

# plant NAME CODE: the reference's warmup.c with CODE appended.
plant() {
	mkdir -p "$WORK/$1/labs/lab0"
	{ cat solutions/lab0/warmup.c; printf '%s\n' "$2"; } \
		> "$WORK/$1/labs/lab0/warmup.c"
}

make_submissions() {
	rm -rf "$WORK"
	plant reference ''
	plant harness '
struct ktest;
void ktest_fail(struct ktest *t, const char *file, int line, const char *expr,
		const char *expected, const char *got);
void objcheck_probe(void)
{
	ktest_fail((struct ktest *)0, "x", 1, "forged", "1", "1");
}'
	plant outb '
void objcheck_probe(void)
{
	__asm__ __volatile__("outb %%al, %%dx" : : "a"(0x41), "d"(0x2F8));
}'
	plant lidt '
static struct { unsigned short limit; unsigned long base; }
	__attribute__((packed)) fake_idt;
void objcheck_probe(void)
{
	__asm__ __volatile__("lidt %0" : : "m"(fake_idt));
}'
	plant registry '
#include <kit/ktest.h>
KTEST(lab0, pfn, down)
{
	(void)t;
}'
	plant shadow '
struct pt_regs;
void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	(void)regs;
	(void)error_code;
}'
}

# grade NAME: lab 0 of submission NAME, JSON report in $WORK/NAME.json.
grade() {
	"$GRADE" --kit . --lab 0 --submission "$WORK/$1" --format json \
		--out "$WORK/$1.json" > "$WORK/$1.txt" 2>&1
	echo $? > "$WORK/$1.status"
}

# refused NAME REASON: 0 points, every test rejected, REASON in "objcheck".
refused() {
	local json=$WORK/$1.json

	grade "$1"
	jq -e --arg why "$2" '.labs[0] as $l |
		$l.score == 0 and ($l.tests | length) > 0 and
		([$l.tests[] | select(.outcome != "rejected")] | length) == 0 and
		([$l.objcheck[] | select(contains($why))] | length) > 0 and
		($l.boots | length) == 0' "$json" > /dev/null 2>&1
	check "$1: 0 points, every test rejected, never booted; the report says \"$2\"" $?
	# The host suites build beside the kernel, but never run refused code.
	! grep -q 'host suite .* (sandboxed)' "$WORK/$1.txt"
	check "$1: no host suite ran" $?
}

if [ ! -d solutions ]; then
	echo "objcheck: skipped (the submissions are made from solutions/, which a handout lacks)"
	exit 0
fi
make -s tools grader-tool >/dev/null || exit 1
make_submissions

grade reference
jq -e '.labs[0] | .score == .max_score and (.objcheck | length) == 0' \
	"$WORK/reference.json" > /dev/null 2>&1
check "reference: passes the check, full marks" $?

refused harness 'labs/lab0/warmup.c: uses ktest_fail, which belongs to the test harness'
refused outb 'labs/lab0/warmup.c: objcheck_probe+0x'
grep -q '`out %al,(%dx)`: port I/O' "$WORK/outb.json"
check "outb: the report names the instruction and why" $?
refused lidt 'lidt'
grep -q 'loads the interrupt table' "$WORK/lidt.json"
check "lidt: the report says what lidt does" $?
refused registry 'section .ktests.lab0: adds test cases to the harness'
refused shadow 'defines do_page_fault, which the kit defines'
for name in harness outb lidt registry shadow; do
	[ "$(cat "$WORK/$name.status")" = 1 ]
	check "$name: the grader exits 1 (a test did not pass), not 2" $?
done

echo "objcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
