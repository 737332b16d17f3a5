#!/bin/bash
# tests/kernel/load_tests.sh - the same verdicts on an idle and a busy host.
#
# Budgets are counted in the guest's emulated time by the kernel's NMI
# watchdog (kernel/arch/x86/nmi.c), so how busy the grading machine is may
# change how long grading takes, never what it decides.  This script grades
# five lab 0 submissions twice, once on an idle machine and once with every
# CPU oversubscribed (a busy loop per core beside the grader and emulator,
# started here and stopped by their PIDs), and requires the per-test verdicts to be identical, and the
# expected ones:
#
#   reference       every test passes
#   skeleton        fails cleanly (no crash, no hang)
#   slow            correct, but one call spins ~4 s of emulated time:
#                   passes, inside its 10 s budget, on both runs
#   hang-spin       pfn_up(0x9F000) spins forever: lab0.pfn.up hung
#   hang-cli-hlt    get_order(3 pages) does `cli; hlt`: the object check
#                   refuses both instructions in lab 0, so every test is
#                   rejected and the kernel never boots (a hang with
#                   interrupts off is the NMI watchdog's: boot_tests.sh,
#                   crash=hlt)
#
# The wall times of both runs are printed, for information only: nothing
# here decides anything from them.  Last line: "load: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."

GRADE=build/tools/grade
WORK=build/load-tests
BUDGET=10			# emulated seconds per test
HOST_BUDGET=1			# CPU seconds per host case (hang-spin hangs two)
CHECK_NAME=load
. tests/kernel/check.sh
burners=()

stop_burners() {
	[ ${#burners[@]} -gt 0 ] && kill "${burners[@]}" 2>/dev/null
	wait "${burners[@]}" 2>/dev/null
	burners=()
}
trap stop_burners EXIT INT TERM


# submission NAME SED-SCRIPT: the reference's warmup.c, edited.
submission() {
	mkdir -p "$WORK/$1/labs/lab0"
	sed "$2" solutions/lab0/warmup.c > "$WORK/$1/labs/lab0/warmup.c"
}

make_submissions() {
	rm -rf "$WORK"
	submission reference ''
	mkdir -p "$WORK/skeleton/labs/lab0"
	cp labs/lab0/warmup.c "$WORK/skeleton/labs/lab0/warmup.c"
	submission slow '/^unsigned long pfn_down/,/^}/s|^{$|{\
	if (addr == 0x37FFFFFF)\
		for (volatile unsigned long i = 0; i < 3000000; i++)\
			;|'
	submission hang-spin '/^unsigned long pfn_up/,/^}/s|^{$|{\
	if (addr == 0x9F000)\
		for (;;)\
			__asm__ __volatile__("" : : : "memory");|'
	submission hang-cli-hlt '/^unsigned int get_order/,/^}/s|^{$|{\
	if (size == 3 * PAGE_SIZE)\
		for (;;)\
			__asm__ __volatile__("cli; hlt");|'
}

# verdicts NAME OUT: "id outcome" per test, sorted, from a TAP report.
verdicts() {
	"$GRADE" --kit . --lab 0 --submission "$WORK/$1" --format tap --quiet \
		--test-budget "$BUDGET" --host-budget "$HOST_BUDGET" 2>"$2.err" > "$2.tap"
	awk '/^(not )?ok [0-9]+ - /{ if (id) print id, v
				     id = $NF; v = $1 == "ok" ? "passed" : "failed" }
	     /^  outcome: /{ v = $2 }
	     END { if (id) print id, v }' "$2.tap" | sort > "$2"
}

# grade_all RUN: every submission once, verdicts in $WORK/RUN-NAME.
grade_all() {
	local start=$SECONDS name

	for name in reference skeleton slow hang-spin hang-cli-hlt; do
		verdicts "$name" "$WORK/$1-$name"
	done
	echo "load: the $1 run graded 5 submissions in $((SECONDS - start)) s (wall, for information)"
}

expect() {			# expect NAME ID OUTCOME
	grep -qx "$2 $3" "$WORK/idle-$1"
	check "$1: $2 $3" $?
}

if [ ! -d solutions ]; then	# a student handout: no reference to build on
	echo "load: skipped (the submissions are made from solutions/, which a handout lacks)"
	exit 0
fi
make -s tools >/dev/null || exit 1
make_submissions
grade_all idle
for _ in $(seq "$(nproc)"); do
	sh -c 'while :; do :; done' &
	burners+=($!)
done
grade_all busy
stop_burners

for name in reference skeleton slow hang-spin hang-cli-hlt; do
	cmp -s "$WORK/idle-$name" "$WORK/busy-$name"
	status=$?
	[ -s "$WORK/idle-$name" ] || status=1
	check "$name: identical verdicts idle and busy ($(wc -l < "$WORK/idle-$name") tests)" $status
	[ $status -eq 0 ] || diff "$WORK/idle-$name" "$WORK/busy-$name"
done
[ "$(grep -vc ' passed$' "$WORK/idle-reference")" -eq 0 ]
check "reference: every test passes" $?
[ "$(grep -c ' passed$' "$WORK/idle-slow")" -eq "$(wc -l < "$WORK/idle-slow")" ]
check "slow: every test passes inside its emulated budget" $?
! grep -q ' \(hung\|crashed\|triple\)' "$WORK/idle-skeleton"
check "skeleton: fails cleanly, no crash or hang" $?
expect hang-spin lab0.pfn.up hung
expect hang-spin lab0.pfn.down passed
expect hang-cli-hlt lab0.order.boundaries rejected
expect hang-cli-hlt lab0.order.exact rejected
grep -q 'hung in: pfn_up+' "$WORK/idle-hang-spin.tap"
check "hang-spin: the report names the function (pfn_up)" $?
# Its host cases that call pfn_up(0x9F000) hang too, each stopped at
# --host-budget's CPU seconds, on the busy run as on the idle one.
[ "$(grep -c 'reason: "used its 1 s of CPU time and was stopped' "$WORK/busy-hang-spin.tap")" -eq 2 ]
check "hang-spin: two host cases stopped at --host-budget 1 (CPU time), under load too" $?
grep -q 'get_order+0x[0-9a-f]*: `cli`' "$WORK/idle-hang-cli-hlt.tap"
check "hang-cli-hlt: the report names the refused instruction (cli in get_order)" $?

echo "load: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
