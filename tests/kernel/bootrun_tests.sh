#!/bin/bash
# tests/kernel/bootrun_tests.sh - bootrun's CPU-time limits and CPU dump, on a real kernel.
#
# Boots stage 0 with crash=hlt (cli; hlt for good) and crash=loop (an
# endless loop), with nmi_watchdog=0 so that only bootrun can stop them,
# under Bochs and QEMU with small CPU limits (64 MiB of RAM: the boot to
# the crash takes 0.2 s of emulator time, so 1 and 2 s limits leave room
# and cost little), and checks for each run:
#
#   - the exit status: 12 for --cpu-idle, 11 for --cpu-timeout;
#   - that the last stderr line names that limit (the wall limits are far
#     away: if the CPU limits failed, a wall one would fire and say so);
#   - the dump: `bootrun: cpu: EIP is at` the function the test spins in,
#     with interrupts off, and a call-trace line through ktest_run_all.
#
# Then the same four runs with the host oversubscribed (a shell loop
# burning CPU on every core, beside the emulator) must give the same
# verdicts, in more wall time.  Last, a Bochs triple fault names its EIP
# from Bochs's log, and an emulator that does not answer (SIGSTOP) is still
# killed, with "state not available", within the dump's 2 s bound.
#
# Prints "PASS name" or "FAIL name: why" per check and, last,
# "bootrun: N passed, M failed (S s)".  Exit status 1 if anything failed.

set -u
cd "$(dirname "$0")/../.."

BOOTRUN=build/tools/bootrun
LOGDIR=build/bootrun-tests
REF=solutions
[ -d solutions ] || REF=labs	# a student handout: the skeleton kernel crashes alike
DIR=build/$REF-lab0
passed=0
failed=0
burners=""
mkdir -p "$LOGDIR"

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

stop_burners() {
	[ -n "$burners" ] && kill $burners 2> /dev/null
	[ -n "$burners" ] && wait $burners 2> /dev/null
	burners=""
}
trap stop_burners EXIT
trap 'stop_burners; exit 130' INT TERM

# run NAME EMU MODE [bootrun args...]: boot crash=MODE; sets $status and $err.
run() {
	local name=$1 emu=$2 mode=$3
	shift 3
	err="$LOGDIR/$name.stderr"
	"$BOOTRUN" --emu "$emu" --image "$DIR/disk.img" --kernel "$DIR/kernel.elf" \
		--quiet --serial "$LOGDIR/$name.serial" --log "$LOGDIR/$name.emu.log" \
		--mem 64 --cmdline "crash=$mode nmi_watchdog=0" --timeout 60 "$@" 2> "$err"
	status=$?
}

# check NAME WANT_STATUS LAST PATTERN...: $status, the last stderr line
# matches LAST (the verdict: the grader reads that line), and every
# pattern is somewhere in $err.
check() {
	local name=$1 want=$2 last=$3 pat
	shift 3
	if [ "$status" -ne "$want" ]; then
		fail "$name" "exit $status, want $want ($(tail -1 "$err"))"
		return
	fi
	if ! tail -1 "$err" | grep -qE -- "$last"; then
		fail "$name" "last stderr line is not /$last/ (see $err)"
		return
	fi
	for pat in "$@"; do
		if ! grep -qE -- "$pat" "$err"; then
			fail "$name" "stderr lacks /$pat/ (see $err)"
			return
		fi
	done
	pass "$name: $({ grep -m1 'EIP is at' "$err" || tail -1 "$err"; } | sed 's/^bootrun: \(cpu: \)\{0,1\}//')"
}

STATE='^bootrun: cpu: EIP c0[0-9a-f]{6} ESP [0-9a-f]{8} EBP [0-9a-f]{8} EFLAGS [0-9a-f]{8} \(interrupts off\)$'
TRACE='^bootrun: cpu:  \[<c0[0-9a-f]{6}>\] ktest_run_all\+0x[0-9a-f]+/0x[0-9a-f]+$'
# Halted seconds: a halted Bochs burns a whole CPU, and so does bootrun's
# QEMU (-icount sleep=off: its clock jumps to the next timer); neither is
# charged halted wall time.
HALTED_bochs='s CPU \+ 0\.00 s halted\)'
HALTED_qemu=$HALTED_bochs

# crash_runs TAG SUFFIX: crash=hlt and crash=loop under both emulators;
# TAG goes into the log names, SUFFIX into the check names.
crash_runs() {
	local tag=$1 sfx=$2 emu halted
	for emu in bochs qemu; do
		halted=HALTED_$emu
		run "$emu-hlt$tag" "$emu" hlt --cpu-idle 1
		check "$emu crash=hlt --cpu-idle 1$sfx" 12 \
			'^bootrun: cpu-idle limit: no serial output for 1\.[0-9]+ s of emulator time .*: (bochs|qemu) killed$' \
			"$STATE" '^bootrun: cpu: EIP is at __ktest_core_crash_hlt\+0x' \
			"$TRACE" "${!halted}"
		run "$emu-loop$tag" "$emu" loop --cpu-timeout 2
		check "$emu crash=loop --cpu-timeout 2$sfx" 11 \
			'^bootrun: cpu-timeout limit: 2\.[0-9]+ s of emulator time .*: (bochs|qemu) killed$' \
			"$STATE" '^bootrun: cpu: EIP is at __ktest_core_crash_loop\+0x' \
			"$TRACE" '; 2\.[0-9]+ s CPU \+ 0\.00 s halted\)'
	done
}

start=$SECONDS
if ! make -s "$BOOTRUN" > "$LOGDIR/build.log" 2>&1 ||
   ! make -s image LAB=0 SRC="$REF" >> "$LOGDIR/build.log" 2>&1; then
	echo "FAIL build: see $LOGDIR/build.log"
	echo "bootrun: 0 passed, 1 failed"
	exit 1
fi

crash_runs "" ""

# As many busy loops as the host has cores (two here), beside the emulator.
for i in $(seq "$(nproc)"); do
	sh -c 'while :; do :; done' &
	burners="$burners $!"
done
crash_runs -loaded " (host oversubscribed)"
stop_burners

run bochs-triple bochs triple
check "bochs crash=triple: registers from Bochs's log" 10 '^bootrun: triple fault' \
	'^bootrun: cpu: EIP c0[0-9a-f]{6} ' '^bootrun: cpu: EIP is at __ktest_core_crash_triple\+0x'

# An emulator that cannot answer (stopped): the dump gives up after its
# 2 s bound and the kill goes ahead.
err=$LOGDIR/stopped.stderr
t0=$(date +%s.%N)
"$BOOTRUN" --emu qemu --kernel "$DIR/kernel.elf" --quiet --timeout 3 \
	--cmdline "crash=loop nmi_watchdog=0" 2> "$err" &
runner=$!
sleep 1.5
emu_pid=$(pgrep -P "$runner")	# bootrun's one child: the emulator
[ -n "$emu_pid" ] && kill -STOP $emu_pid
wait "$runner"
status=$?
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
if [ "$(echo "$took > 3 + 2 + 2" | bc)" -eq 1 ]; then
	fail "a stopped emulator" "bootrun took $took s for a 3 s limit and a 2 s dump bound"
else
	check "a stopped emulator: no state, killed anyway after $took s" 11 \
		'^bootrun: timeout after 3\.[0-9]+ s \(--timeout 3' \
		'^bootrun: cpu: state not available \(qemu did not answer'
fi

echo "bootrun: $passed passed, $failed failed ($((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
