#!/bin/bash
# tests/kernel/iso_tests.sh - boot the kernel from a GRUB CD image, and read its screen.
#
# What a real PC without the kit's loader does: GRUB (make iso) loads the
# multiboot kernel from a CD.  For the last stage (solutions/; labs/ with
# ktest=core in a handout):
#
#   iso-bochs    the ISO boots under Bochs from an ATAPI CD-ROM, runs the
#                stage's tests, all pass, and its console is the disk
#                boot's byte for byte but for the "Booted by" line: GRUB
#                hands over the same memory map and command line
#   iso-qemu     the same ISO under QEMU (-cdrom): the tests pass
#   screen       the VGA text screen at the end of a QEMU boot (its
#                memory dumped through the monitor) shows the console's
#                last lines, wrapped at 80 columns
#   screen-off   booted with console=ttyS0, as the grader boots, the screen
#                stops at the "Kernel command line:" line
#
# The test image's GRUB menu has a timeout of 0: it never waits for a key.
# Prints "PASS name" or "FAIL name: why" per check and, last,
# "iso: N passed, M failed".  Exit status 1 if anything failed.

set -u
cd "$(dirname "$0")/../.."

BOOTRUN=build/tools/bootrun
LOGDIR=build/iso-tests
REF=solutions KTEST=""
[ -d solutions ] || { REF=labs; KTEST="ktest=core"; }
N=$(ls -d $REF/lab[0-9] | sed "s|$REF/lab||" | sort -n | tail -1)
DIR=build/$REF-lab$N
passed=0
failed=0
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
	echo "iso: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# Console lines without the UART's carriage returns.
text() { tr -d '\r' < "$1"; }

# What a boot's TAP says, through the grader's parser (tap_read, tap_count...).
. tests/kernel/tap.sh

# tests_pass NAME LOG STATUS: powered off, reached the end, nothing failed.
tests_pass() {
	local ok notok
	tap_read "$2"
	ok=$(tap_count ok)
	notok=$(tap_count not_ok)
	if [ "$3" -ne 0 ]; then
		fail "$1" "bootrun exit $3 ($(tail -1 "$LOGDIR/$1.bootrun"))"
	elif ! tap_ended; then
		fail "$1" "no '# ktest: end' line"
	elif [ "$notok" -ne 0 ]; then
		fail "$1" "$notok test(s) failed: $(tap_ids not_ok | cut -d' ' -f1-3)"
	elif ! grep -q '^Booted by GRUB' "$2"; then
		fail "$1" "not booted by GRUB: $(grep '^Booted by' "$2")"
	else
		pass "$1 ($ok tests ok)"
	fi
}

if ! make -s image LAB="$N" SRC="$REF" > "$LOGDIR/build.log" 2>&1; then
	fail build "make image LAB=$N SRC=$REF (see $LOGDIR/build.log)"
	finish
fi
ISO=$LOGDIR/test.iso
if ! tools/mkiso.sh -o "$ISO" -k "$DIR/kernel.elf" -c "$KTEST" -t 0 > "$LOGDIR/mkiso.log" 2>&1; then
	fail mkiso "$(tail -1 "$LOGDIR/mkiso.log")"
	finish
fi

# Under Bochs, from CD, then from the kit's disk image with the same command line.
limits=(--cpu-timeout 300 --cpu-idle 120 --timeout 3000)
"$BOOTRUN" --emu bochs --iso "$ISO" --kernel "$DIR/kernel.elf" --quiet "${limits[@]}" \
	--serial "$LOGDIR/iso-bochs.serial" --log "$LOGDIR/iso-bochs.emu.log" \
	2> "$LOGDIR/iso-bochs.bootrun"
tests_pass iso-bochs "$LOGDIR/iso-bochs.serial" $?
"$BOOTRUN" --emu bochs --image "$DIR/disk.img" --kernel "$DIR/kernel.elf" --quiet \
	"${limits[@]}" --cmdline "$KTEST" --serial "$LOGDIR/disk-bochs.serial" \
	--log "$LOGDIR/disk-bochs.emu.log" 2> "$LOGDIR/disk-bochs.bootrun"
if diff <(text "$LOGDIR/disk-bochs.serial" | grep -v '^Booted by') \
	<(text "$LOGDIR/iso-bochs.serial" | grep -v '^Booted by') > "$LOGDIR/same-boot.diff"; then
	pass "same-boot (GRUB and the kit's loader: the same console but 'Booted by')"
else
	fail same-boot "the consoles differ: $(grep -m2 '^[<>]' "$LOGDIR/same-boot.diff" | tr '\n' ' ')"
fi

"$BOOTRUN" --emu qemu --iso "$ISO" --kernel "$DIR/kernel.elf" --quiet "${limits[@]}" \
	--serial "$LOGDIR/iso-qemu.serial" --log "$LOGDIR/iso-qemu.emu.log" \
	2> "$LOGDIR/iso-qemu.bootrun"
tests_pass iso-qemu "$LOGDIR/iso-qemu.serial" $?

# The screen.  Without bootrun's isa-debug-exit device the power-off
# leaves QEMU running a halted guest (-no-shutdown keeps it if ACPI does
# take effect), so the monitor can dump the 4000 bytes of the text screen.
# screen_dump NAME ISO: boot ISO under QEMU to its last test; the screen's
# non-blank rows go to $LOGDIR/NAME.txt, the console to NAME.serial.
screen_dump() {
	local serial=$LOGDIR/$1.serial dump=$PWD/$LOGDIR/$1.bin i
	(
		for i in $(seq 600); do		# 60 s for the boot to end
			[ -f "$serial" ] && tap_read "$serial" && tap_ended && break
			sleep 0.1
		done
		sleep 1				# the halt after the last line
		echo "pmemsave 0xb8000 4000 \"$dump\""
		sleep 1
		echo quit
	) | timeout 120 qemu-system-i386 -cdrom "$2" -boot d -m 1024 -display none \
		-serial "file:$serial" -net none -no-reboot -no-shutdown -monitor stdio \
		> "$LOGDIR/$1.monitor" 2>&1
	[ -s "$dump" ] || return 1
	# Every other byte is a character: 25 rows of 80, trailing blanks cut.
	od -An -v -tu1 -w2 "$dump" | awk '{ printf "%c", ($1 ? $1 : 32) }' |
		fold -w 80 | sed 's/ *$//' | grep -v '^$' > "$LOGDIR/$1.txt"
}

# screen: the screen shows the console's last lines.
screen_test() {
	local rows
	screen_dump screen "$ISO" || { fail screen "no screen dump (see $LOGDIR/screen.monitor)"; return; }
	rows=$(wc -l < "$LOGDIR/screen.txt")
	text "$LOGDIR/screen.serial" | fold -w 80 | sed 's/ *$//' | grep -v '^$' |
		tail -n "$rows" > "$LOGDIR/screen.expected"
	if [ "$rows" -lt 20 ]; then
		fail screen "only $rows lines on the screen"
	elif ! diff "$LOGDIR/screen.expected" "$LOGDIR/screen.txt" > "$LOGDIR/screen.diff"; then
		fail screen "the screen is not the console's tail: $(grep -m2 '^[<>]' "$LOGDIR/screen.diff" | tr '\n' ' ')"
	else
		pass "screen ($rows lines, the console's last ones)"
	fi
}

# screen-off: with Linux's console=ttyS0 (how the grader boots) the
# screen stops at the command line; the serial console goes on to the end.
screen_off_test() {
	local iso=$LOGDIR/serial-only.iso
	if ! tools/mkiso.sh -o "$iso" -k "$DIR/kernel.elf" -c "$KTEST console=ttyS0" -t 0 \
		> "$LOGDIR/mkiso-serial-only.log" 2>&1; then
		fail screen-off "$(tail -1 "$LOGDIR/mkiso-serial-only.log")"
		return
	fi
	screen_dump screen-off "$iso" || { fail screen-off "no screen dump (see $LOGDIR/screen-off.monitor)"; return; }
	text "$LOGDIR/screen-off.serial" | sed '/^Kernel command line:/q' | fold -w 80 |
		sed 's/ *$//' | grep -v '^$' > "$LOGDIR/screen-off.expected"
	if ! grep -q '^# ktest: end' "$LOGDIR/screen-off.serial"; then
		fail screen-off "the serial console did not reach '# ktest: end'"
	elif ! diff "$LOGDIR/screen-off.expected" "$LOGDIR/screen-off.txt" > "$LOGDIR/screen-off.diff"; then
		fail screen-off "the screen is not the console up to the command line: $(grep -m2 '^[<>]' "$LOGDIR/screen-off.diff" | tr '\n' ' ')"
	else
		pass "screen-off (console=ttyS0: $(wc -l < "$LOGDIR/screen-off.txt") lines on the screen, up to the command line)"
	fi
}
screen_test
screen_off_test
finish
