#!/bin/sh
# fake-bootrun.sh - a test double for build/tools/bootrun (same options,
# same exit statuses), used by the grader's Check suite.
#
# Instead of booting a kernel it plays the kernel's test harness from a
# scenario: $FAKE_SCENARIO if set, else the "//! " lines of the --image
# file (the fake kit's Makefile copies the student's file there, so the
# student's file decides what "the kernel" does).  A scenario line is
#
#     ID BEHAVIOUR      pass fail skip bench crash panic hang spin triple
#                       watchdog stuck fakeok fakeok_crash corrupt
#     boot panic        the kernel panics before the harness starts
#
# It honours ktest= (lab prefixes) and ktest.filter= (globs).  Like
# `bootrun --merged`, its stdout carries both ports: "C line" for the
# console (COM1), "H line" for the harness's channel (COM2, also written
# to --harness FILE).  fakeok and fakeok_crash print a forged "ok" on the
# console; corrupt makes the harness print a result for "(null)", as a
# test descriptor overwritten in memory would, and go on.
# $FAKE_BOOTS, if set, gets one line per boot (the command line), and
# $FAKE_PIDFILE the process id (= process group) of the last boot.

cmdline= serial=/dev/null harness=/dev/null image=
while [ $# -gt 0 ]; do
	case $1 in
	--cmdline) cmdline=$2; shift 2 ;;
	--serial) serial=$2; shift 2 ;;
	--harness) harness=$2; shift 2 ;;
	--merged) shift ;;
	--image) image=$2; shift 2 ;;
	--kernel|--emu|--timeout|--idle|--log|--mem|--cpu-timeout|--cpu-idle) shift 2 ;;
	--quiet) shift ;;
	*) echo "fake-bootrun: unknown option $1" >&2; exit 2 ;;
	esac
done

scenario=${FAKE_SCENARIO:-}
if [ -z "$scenario" ]; then
	[ -r "$image" ] || { echo "fake-bootrun: no scenario and no image" >&2; exit 2; }
	scenario=$(sed -n 's|^//! ||p' "$image")
fi
[ -n "$scenario" ] || { echo "fake-bootrun: empty scenario" >&2; exit 2; }
[ -n "$FAKE_BOOTS" ] && printf '%s\n' "$cmdline" >> "$FAKE_BOOTS"
[ -n "$FAKE_PIDFILE" ] && echo $$ > "$FAKE_PIDFILE"
: > "$serial"
: > "$harness"

labs=all filter=
for w in $cmdline; do
	case $w in
	ktest.filter=*) filter=${w#ktest.filter=} ;;
	ktest=*) labs=${w#ktest=} ;;
	esac
done
# say LINE: the console.  report LINE: the harness's channel.
say() {
	printf 'C %s\n' "$1"
	printf '%s\n' "$1" >> "$serial"
}

report() {
	printf 'H %s\n' "$1"
	printf '%s\n' "$1" >> "$harness"
}

# selected ID: is the test in this boot's selection?
selected() {
	list=$labs
	[ -n "$filter" ] && list=$filter
	[ "$list" = all ] && return 0
	old=$IFS
	IFS=,
	for item in $list; do
		if [ -n "$filter" ]; then
			case $1 in $item) IFS=$old; return 0 ;; esac
		else
			case $1 in "$item".*) IFS=$old; return 0 ;; esac
		fi
	done
	IFS=$old
	return 1
}

oops() {
	say "BUG: unable to handle kernel NULL pointer dereference at 00000000"
	say "EIP: 0060:[<c0101234>] $1+0x14/0x30"
	say "Call Trace:"
	say " [<c0105678>] ktest_run_all+0x28/0x90"
}

say "BIOS-provided physical RAM map:"
say "fake kernel, command line: $cmdline"
if printf '%s\n' "$scenario" | grep -q '^boot panic'; then
	say "Kernel panic - not syncing: zone_sizes_init: bad zone"
	exit 0
fi
report "TAP version 14"
report "# ktest: selected=? from=-"
n=0
printf '%s\n' "$scenario" | while read -r id what; do
	[ -n "$id" ] || continue
	selected "$id" || continue
	n=$((n + 1))
	report "# ktest: start $id"
	case $what in
	pass) report "ok $n - $id" ;;
	fail) report "not ok $n - $id"
	      report "  ---"
	      report "  expected: \"0x2\""
	      report "  got: \"0x1\""
	      report "  ..." ;;
	skip) report "ok $n - $id # SKIP no highmem" ;;
	bench) report "# bench: $id get_order 37 instructions/op"
	       report "ok $n - $id" ;;
	crash) oops "$id"
	       say "Kernel panic - not syncing: Fatal exception"
	       report "Bail out! ktest: $id crashed"
	       exit 99 ;;
	panic) say "Kernel panic - not syncing: out of memory"
	       exit 99 ;;
	hang) say "looping forever"
	      sleep 1000
	      exit 98 ;;
	spin) while :; do say "still spinning"; done ;;
	stuck) echo "bootrun: cpu: EIP c0106dc2 ESP c0113ef4 EBP c0113f70 EFLAGS 00000002 (interrupts off)" >&2
	       echo "bootrun: cpu: EIP is at fake_halt+0x2/0x10" >&2
	       echo "bootrun: cpu:  [<c0105d4c>] run_one+0xcc/0x160" >&2
	       echo "bootrun: cpu-idle limit: 70 s of emulator CPU without output" >&2
	       exit 98 ;;
	watchdog) say "NMI Watchdog detected LOCKUP on CPU0, eip c0106de0, registers:"
		  say "EIP: 0008:[<c0106de0>] EFLAGS: 00000002 CPU: 0"
		  say "EIP is at fake_spin+0x10/0x20"
		  say "Call Trace:"
		  say " [<c0106de0>] fake_spin+0x10/0x20"
		  say " [<c0105d4c>] run_one+0xcc/0x160"
		  say "---[ end trace ]---"
		  report "Bail out! ktest: $id hung: no result within 60 s of emulated time"
		  exit 99 ;;
	triple) echo "bootrun: triple fault (CPU reset)" >&2
		exit 97 ;;
	fakeok) say "ok $n - $id"
		report "not ok $n - $id" ;;
	fakeok_crash) say "ok $n - $id"
		      oops "$id"
		      report "Bail out! ktest: $id crashed"
		      exit 99 ;;
	corrupt) report "ok $n - (null)"
		 sleep 30 ;;	# a harness that goes on, slowly
	esac
done
case $? in
97) exit 10 ;;		# triple fault
98) exit 12 ;;		# bootrun's own limit (stuck); hang: the grader kills first
99) echo "bootrun: kernel powered off" >&2; exit 0 ;;
esac
report "# ktest: end"
echo "bootrun: kernel powered off" >&2
exit 0
