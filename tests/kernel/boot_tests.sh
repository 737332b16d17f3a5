#!/bin/bash
# tests/kernel/boot_tests.sh - boot every stage under Bochs and check what it prints.
#
# The last stage, built from solutions/, must pass every test of every
# lab; built from labs/ (the skeletons), it must boot, pass the core tests,
# fail every lab test, and power off (no crash, no hang).  Every earlier
# stage, from either tree, must boot through its labs' boot code and pass
# the core tests (ktest=core): each lab's own tests on its own stage, on
# every machine of its rubric, are grade_tests.sh's, which grades the
# reference and the skeletons of every lab.  Then the
# runner's failure scenarios: a NULL dereference gives a symbolized oops, a
# panic is reported, `cli; hlt` and an endless loop are stopped by the
# idle timeout, a triple fault is recognised, a harness written over is
# noticed; 64 MiB; QEMU.
#
# The core-test boots and the failure scenarios run on a 64 MiB machine:
# what they check does not depend on the RAM size, and Bochs starts in
# time quadratic in guest RAM (0.25 s of CPU for 64 MiB, 0.9 s for 1 GiB;
# make bench-grade prints both).  The stages on their rubric's machines,
# 1 GiB among them, are grade_tests.sh's; Bochs with 3 GiB and every other
# size is make test-machines FULL=1 (a benchmark target: minutes), whose
# sample boots QEMU with 4 GiB.  The harness's lines are read from the
# console, where the harness echoes them; crash=tamper also checks COM2.
#
# Prints "PASS name" or "FAIL name: why" per check and, last,
# "kernel: N passed, M failed".  Exit status 1 if anything failed.

set -u
cd "$(dirname "$0")/../.."

BOOTRUN=build/tools/bootrun
LOGDIR=build/kernel-tests
# A student handout has no solutions/, and its labs/ is the student's own
# work, skeleton or not: there each stage of labs/ must build, boot
# through the labs' boot code, pass the core tests (ktest=core: the lab
# tests are make grade's business) and reach the end line, and the core
# scenarios run on that kernel.
REF=solutions
[ -d solutions ] || REF=labs
LABS=$(ls -d $REF/lab[0-9] | sed "s|$REF/lab||" | sort -n)
LAST=$(echo "$LABS" | tail -1)
passed=0
failed=0
mkdir -p "$LOGDIR"

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# build LAB SRC: build a stage quietly; prints the build dir.
build() {
	local dir="build/$2-lab$1"
	if ! make -s image LAB="$1" SRC="$2" > "$LOGDIR/build-$2-lab$1.log" 2>&1; then
		echo ""
		return
	fi
	echo "$dir"
}

# boot NAME DIR [bootrun args...]: boot, keep the console's log ($log) and
# the harness's (NAME.harness); sets $status and $log.
boot() {
	local name=$1 dir=$2
	shift 2
	log="$LOGDIR/$name.serial"
	"$BOOTRUN" --image "$dir/disk.img" --kernel "$dir/kernel.elf" --quiet \
		--serial "$log" --harness "$LOGDIR/$name.harness" \
		--log "$LOGDIR/$name.emu.log" "$@" 2> "$LOGDIR/$name.bootrun"
	status=$?
}

# What a boot's TAP says, through the grader's parser (tap_read, tap_count...).
. tests/kernel/tap.sh

# The last stage of solutions/: every test of every lab passes.
check_solution_stage() {
	local n=$1 dir name="solutions-lab$n"
	dir=$(build "$n" solutions)
	[ -n "$dir" ] || { fail "$name" "does not build (see $LOGDIR/build-solutions-lab$n.log)"; return; }
	boot "$name" "$dir" --cpu-timeout 300 --cpu-idle 120 --timeout 3000
	local notok ok
	tap_read "$log"
	notok=$(tap_count not_ok)
	ok=$(tap_count ok)
	if [ "$status" -ne 0 ]; then
		fail "$name" "bootrun exit $status ($(tail -1 "$LOGDIR/$name.bootrun"))"
	elif ! tap_ended; then
		fail "$name" "no '# ktest: end' line"
	elif [ "$notok" -ne 0 ]; then
		fail "$name" "$notok test(s) failed: $(tap_ids not_ok | cut -d' ' -f1-3)"
	elif [ "$(tap_count ok "lab$n\.")" -eq 0 ]; then
		fail "$name" "no lab$n test ran"
	else
		pass "$name ($ok tests ok)"
	fi
}

# The last stage of the skeletons: every lab test fails, cleanly.
check_skeleton_stage() {
	local n=$1 dir name="skeletons-lab$n"
	dir=$(build "$n" labs)
	[ -n "$dir" ] || { fail "$name" "does not build (see $LOGDIR/build-labs-lab$n.log)"; return; }
	boot "$name" "$dir" --cpu-timeout 300 --cpu-idle 120 --timeout 3000
	local lab_ok core_bad
	tap_read "$log"
	lab_ok=$(tap_count ok 'lab[0-9]+\.')
	core_bad=$(tap_count not_ok 'core\.')
	if [ "$status" -ne 0 ]; then
		fail "$name" "bootrun exit $status: a skeleton must fail cleanly, not crash or hang"
	elif ! tap_ended; then
		fail "$name" "no '# ktest: end' line"
	elif [ "$lab_ok" -ne 0 ]; then
		fail "$name" "$lab_ok lab test(s) pass with the skeletons: $(tap_ids ok 'lab' | cut -d' ' -f1-3)"
	elif [ "$core_bad" -ne 0 ]; then
		fail "$name" "core tests fail"
	elif [ "$(tap_count not_ok "lab$n\.")" -eq 0 ]; then
		fail "$name" "no lab$n test ran"
	else
		pass "$name (every lab test fails cleanly)"
	fi
}

# check_student_stage N [SRC [NAME]]: stage N of SRC (labs) boots through
# its labs' boot code and passes the core tests.  In a handout that is all
# that is checked of the student's labs/: a lab test that crashes on work
# in progress is make grade's finding, not a broken kit.
check_student_stage() {
	local n=$1 src=${2:-labs} dir name="${3:-labs}-lab$n"
	dir=$(build "$n" "$src")
	[ -n "$dir" ] || { fail "$name" "does not build (see $LOGDIR/build-$src-lab$n.log)"; return; }
	boot "$name" "$dir" --cpu-timeout 300 --cpu-idle 120 --timeout 3000 --mem 64 \
		--cmdline ktest=core
	tap_read "$log"
	if [ "$status" -ne 0 ]; then
		fail "$name" "bootrun exit $status ($(tail -1 "$LOGDIR/$name.bootrun"))"
	elif ! tap_ended; then
		fail "$name" "no '# ktest: end' line (make run LAB=$n CMDLINE=ktest=core shows where it stops)"
	elif [ "$(tap_count not_ok)" -ne 0 ] || [ "$(tap_count ok 'core\.')" -eq 0 ]; then
		fail "$name" "core tests fail or none ran"
	else
		pass "$name (boots, $(tap_count ok 'core\.') core tests ok; the lab's own: make grade LAB=$n)"
	fi
}

# expect_crash MODE WANT_STATUS PATTERN...: crash=MODE must end with the
# status and print every pattern.
expect_crash() {
	local mode=$1 want=$2 dir="build/$REF-lab$LAST"
	shift 2
	boot "crash-$mode" "$dir" --cpu-timeout 60 --cpu-idle 30 --timeout 600 \
		--mem 64 --cmdline "crash=$mode ktest.budget=2"
	if [ "$status" -ne "$want" ]; then
		fail "crash=$mode" "bootrun exit $status, want $want"
		return
	fi
	for pat in "$@"; do
		if ! grep -qE -- "$pat" "$log"; then
			fail "crash=$mode" "serial output lacks /$pat/"
			return
		fi
	done
	pass "crash=$mode (exit $want: $(tail -1 "$LOGDIR/crash-$mode.bootrun" | sed 's/^bootrun: //'))"
}

for n in $LABS; do
	if [ "$REF" = solutions ] && [ "$n" = "$LAST" ]; then
		check_solution_stage "$n"
		check_skeleton_stage "$n"
	elif [ "$REF" = solutions ]; then
		check_student_stage "$n" solutions solutions
		check_student_stage "$n" labs skeletons
	else
		check_student_stage "$n"
	fi
done
[ -d "build/$REF-lab$LAST" ] || build "$LAST" "$REF" > /dev/null

expect_crash null 0 \
	'^BUG: unable to handle kernel NULL pointer dereference at 00000000' \
	'^#PF: error_code\(0x0002\) - not-present page, write access, kernel mode' \
	'^Call Trace:' '^ \[<c0[0-9a-f]{6}>\] __ktest_core_crash_null\+0x' \
	'^ \[<c0[0-9a-f]{6}>\] ktest_run_all\+0x' \
	'^Kernel panic - not syncing: Fatal exception' \
	'^Bail out! ktest: core.crash.null crashed'
expect_crash paging 0 '^BUG: unable to handle kernel paging request at ffe00000'
expect_crash bug 0 '^kernel BUG at tests/core/crash_ktest.c:[0-9]+!' '^invalid opcode: 0000'
expect_crash divide 0 '^divide error: 0000' 'EIP is at __ktest_core_crash_divide\+'
expect_crash panic 0 '^Kernel panic - not syncing: deliberate panic from core.crash.panic'
# Hangs are the NMI watchdog's: the budget (2 s of emulated time) runs out
# with interrupts off, in cli; hlt as in a busy loop, and it says where.
expect_crash hlt 0 '^NMI Watchdog detected LOCKUP on CPU0' \
	'^EIP is at __ktest_core_crash_hlt\+' \
	'^Bail out! ktest: core.crash.hlt hung: no result within 2 s of emulated time'
expect_crash loop 0 '^NMI Watchdog detected LOCKUP on CPU0' \
	'^EIP is at __ktest_core_crash_loop\+' '^ \[<c0[0-9a-f]{6}>\] run_one\+0x' \
	'^Bail out! ktest: core.crash.loop hung: no result within 2 s of emulated time'
expect_crash triple 10 '^# ktest: start core.crash.triple'
expect_crash tamper 0 \
	'^Bail out! ktest: harness integrity: its test registry changed during core.crash.tamper'
if grep -qE '^[0-9]+ Bail out! ktest: harness integrity: ' "$LOGDIR/crash-tamper.harness"; then
	pass "crash=tamper reported on COM2, the harness's channel"
else
	fail "crash=tamper" "no integrity bail-out in $LOGDIR/crash-tamper.harness"
fi

# A machine without highmem (64 MiB): every test of the last stage.
# With the solutions no test may fail; with skeletons only the core tests count.
# The guest's watchdog holds the budgets; bootrun's limits are only a net.
# In a handout only the core tests run there too (see check_student_stage).
BAD=
SEL=()
[ "$REF" = solutions ] || { BAD='core\.'; SEL=(--cmdline ktest=core); }
for mem in 64; do
	boot "mem-$mem" "build/$REF-lab$LAST" --cpu-timeout 900 --cpu-idle 120 --timeout 9000 --mem "$mem" "${SEL[@]}"
	tap_read "$log"
	if [ "$status" -eq 0 ] && tap_ended && [ "$(tap_count not_ok "$BAD")" -eq 0 ] &&
	   grep -q '^ BIOS-e820: 0000000000100000 - ' "$log"; then
		pass "MEM=$mem boots and passes ($(tap_count ok) tests)"
	else
		fail "MEM=$mem" "exit $status, $(tap_count not_ok "$BAD") failures"
	fi
done

# The same kernel under QEMU (multiboot -kernel, isa-debug-exit power-off).
if command -v qemu-system-i386 >/dev/null; then
	log="$LOGDIR/qemu.serial"
	"$BOOTRUN" --emu qemu --kernel "build/$REF-lab$LAST/kernel.elf" --quiet \
		--serial "$log" --log "$LOGDIR/qemu.log" --cpu-timeout 60 --cpu-idle 20 --timeout 600 "${SEL[@]}" 2> "$LOGDIR/qemu.bootrun"
	status=$?
	tap_read "$log"
	if [ "$status" -eq 0 ] && tap_ended && [ "$(tap_count not_ok "$BAD")" -eq 0 ]; then
		pass "qemu boots and passes ($(tap_count ok) tests)"
	else
		fail "qemu" "exit $status, $(tap_count not_ok "$BAD") failures"
	fi
fi

echo "kernel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
