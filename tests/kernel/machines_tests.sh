#!/bin/bash
# tests/kernel/machines_tests.sh - the machines the kernel runs on: CPUs, RAM sizes, boot paths.
#
# Boots the last stage built from solutions/ on each machine of MATRIX
# (below) and checks what it prints:
#
#   pass    the boot log's LOWMEM and HIGHMEM lines are the ones Linux
#           2.6.20 computes from the E820 rows printed above them (the
#           user-defined map when memmap= made one), "Warning only 4GB
#           will be used." appears exactly when a usable row reaches past
#           4 GiB, and every test that ran passed or skipped
#   i486    a CPU below the minimum: the console is the one line
#           verify_cpu.S prints, the CPU halts (no triple fault), and
#           for the sample's 486 the VGA screen shows that line too
#   pse     a 586 without PSE: the same, naming the missing feature
#
# make test runs the rows marked "s" (the CPU rows there with
# ktest=core,lab3), under 30 s of CPU; FULL=1 (make test-machines FULL=1)
# runs every row with every test, a few minutes.  Each row prints how
# long it took, in wall seconds, for people: no verdict depends on it.
#
# The rows that ran become the table in README.md between the
# "machines:" markers.  Each row's line must be there as written; with
# FULL=1 the whole table must be; UPDATE=1 FULL=1 rewrites it.
#
# Prints "PASS name" or "FAIL name: why" per check and, last,
# "machines: N passed, M failed".  Exit status 1 if anything failed.

set -u
cd "$(dirname "$0")/../.."

BOOTRUN=build/tools/bootrun
LOGDIR=build/machines-tests
README=README.md
BEGIN='<!-- machines: begin (tests/kernel/machines_tests.sh writes this table: UPDATE=1 FULL=1) -->'
END='<!-- machines: end -->'
FULL=${FULL:-}
UPDATE=${UPDATE:-}
QUICK=core,lab3			# what the sample's CPU rows run
passed=0
failed=0
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"

# One machine a line: in the sample (s) or FULL=1 only (-), emulator,
# boot path (disk: BIOS and the kit's loader; multiboot: QEMU -kernel;
# iso: GRUB from CD), CPU model (- for the emulator's default), RAM in
# MiB, extra command line (- for none; quick: the sample runs only
# $QUICK), and the outcome expected.
MATRIX='
s qemu  disk      486          64    -             i486
s qemu  disk      pentium      64    quick         pass
s qemu  disk      pentium2     64    quick         pass
s qemu  disk      qemu32       64    quick         pass
- qemu  disk      pentium,-pse 64    -             pse
- qemu  disk      pentium,-tsc 64    -             pass
- qemu  disk      coreduo      64    -             pass
- qemu  multiboot 486          64    -             i486
s qemu  multiboot -            16    -             pass
s qemu  multiboot -            17    -             pass
- qemu  multiboot -            64    -             pass
s qemu  multiboot -            895   -             pass
s qemu  multiboot -            896   -             pass
s qemu  multiboot -            897   -             pass
s qemu  multiboot -            900   -             pass
- qemu  multiboot -            1024  -             pass
- qemu  multiboot -            3072  -             pass
s qemu  multiboot -            4096  -             pass
- qemu  multiboot -            8192  -             pass
s qemu  disk      -            64    memmap=4M$32M pass
- qemu  disk      -            4096  -             pass
- qemu  iso       pentium      1024  -             pass
s bochs disk      pentium      64    quick         pass
- bochs disk      p2_klamath   64    -             pass
- bochs disk      -            16    -             pass
- bochs disk      -            64    -             pass
- bochs disk      -            1024  -             pass
- bochs disk      -            3072  -             pass
- bochs disk      -            4096  -             pass
- bochs iso       -            1024  -             pass
'

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# since T0 FORMAT: wall seconds since T0 (date +%s.%N), for people.
since() { awk -v t0="$1" -v now="$(date +%s.%N)" -v f="$2" 'BEGIN { printf f, now - t0 }'; }

# Console lines without the UART's carriage returns.
text() { tr -d '\r' < "$1"; }

# expected_mem_lines LOG: the LOWMEM/HIGHMEM lines Linux prints for the
# last E820 map in LOG (the user-defined one if there is one).
expected_mem_lines() {
	local who=BIOS-e820 four_gb=$((1 << 32)) maxmem_pfn=229376
	local end=0 s e type max_pfn low
	grep -q '^ user: ' "$1" && who=user
	while read -r s e type; do
		[ "$type" = "(usable)" ] || continue
		e=$((0x$e)); s=$(((0x$s + 4095) / 4096 * 4096))
		[ "$e" -gt "$four_gb" ] && e=$four_gb
		e=$((e / 4096 * 4096))
		[ "$e" -gt "$s" ] && [ "$e" -gt "$end" ] && end=$e
	done < <(text "$1" | sed -n "s/^ $who: \([0-9a-f]*\) - \([0-9a-f]*\) \(.*\)$/\1 \2 \3/p")
	max_pfn=$((end / 4096))
	low=$((max_pfn < maxmem_pfn ? max_pfn : maxmem_pfn))
	[ "$max_pfn" -gt "$low" ] && echo "$(((max_pfn - low) >> 8))MB HIGHMEM available."
	echo "$((low >> 8))MB LOWMEM available."
}

# above_4g LOG: does a usable BIOS row end past 4 GiB?
above_4g() {
	text "$1" | sed -n 's/^ BIOS-e820: [0-9a-f]* - \([0-9a-f]*\) (usable)$/\1/p' |
		while read -r e; do [ $((0x$e)) -gt $((1 << 32)) ] && echo yes; done | grep -q yes
}

# mem_lines LOG: the boot's own HIGHMEM and LOWMEM lines (lab 2's tests
# print more of them later, for the simulated machines they try).
mem_lines() {
	text "$1" | awk '/^[0-9]+MB HIGHMEM available\.$/ { print }
		/^[0-9]+MB LOWMEM available\.$/ { print; exit }'
}

# What the kernel said, for the table: its numbers and its warning.
kernel_says() {
	local says
	says=$(mem_lines "$1" | sed 's/ available\.$//' | paste -sd, | sed 's/,/, /')
	grep -q '^Warning only 4GB will be used\.' <(text "$1") &&
		says="$says; Warning only 4GB will be used."
	grep -q '^user-defined physical RAM map:' <(text "$1") &&
		says="$says; a user-defined map"
	echo "$says"
}

# check_pass NAME LOG STATUS: Linux's numbers, the warning, the tests.
check_pass() {
	local name=$1 log=$2 status=$3 want got notok
	want=$(expected_mem_lines "$log")
	got=$(mem_lines "$log")
	notok=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ]; then
		fail "$name" "bootrun exit $status ($(tail -1 "$LOGDIR/$name.bootrun"))"
	elif [ "$want" != "$got" ]; then
		fail "$name" "the memory lines are '$(echo $got)', Linux prints '$(echo $want)'"
	elif above_4g "$log" && ! grep -q '^Warning only 4GB will be used\.' <(text "$log"); then
		fail "$name" "RAM above 4 GiB and no 'Warning only 4GB will be used.'"
	elif ! above_4g "$log" && grep -q '^Warning only 4GB' <(text "$log"); then
		fail "$name" "a 4 GiB warning, yet no RAM above 4 GiB"
	elif ! grep -q '^# ktest: end' "$log"; then
		fail "$name" "no '# ktest: end' line"
	elif [ "$notok" -ne 0 ]; then
		fail "$name" "$notok test(s) failed: $(grep '^not ok' "$log" | head -3 | tr '\n' ' ')"
	else
		pass "$name ($(grep -c '^ok ' "$log") ok, of which $(grep -c '^ok .* # SKIP' "$log") skipped; $4 s)"
		return 0
	fi
	return 1
}

# check_refused NAME LOG STATUS WANT: WANT alone on the console, then a halt.
check_refused() {
	local name=$1 log=$2 status=$3 want=$4
	if [ "$status" -eq 10 ]; then
		fail "$name" "a triple fault instead of a message"
	elif [ "$(text "$log")" != "$want" ]; then
		fail "$name" "the console is '$(text "$log" | head -3 | tr '\n' ' ')', not '$want'"
	elif [ "$status" -ne 12 ]; then
		fail "$name" "bootrun exit $status, not 12 (the halted CPU's silence)"
	else
		pass "$name (one line, then halted; $5 s)"
		return 0
	fi
	return 1
}

# screen_shows NAME DISK CPU WANT: QEMU boots DISK on CPU; once COM1 has
# WANT, its VGA text screen (dumped through the monitor) must show it too.
screen_shows() {
	local serial=$LOGDIR/$1.screen.serial dump=$PWD/$LOGDIR/$1.screen.bin i
	(
		for i in $(seq 200); do		# 20 s for the line to come
			[ "$(text "$serial" 2>/dev/null)" = "$4" ] && break
			sleep 0.1
		done
		echo "pmemsave 0xb8000 4000 \"$dump\""
		sleep 1
		echo quit
	) | timeout 60 qemu-system-i386 -cpu "$3" -drive "file=$2,format=raw,snapshot=on" \
		-m 64 -display none -serial "file:$serial" -net none -no-reboot \
		-monitor stdio > "$LOGDIR/$1.screen.monitor" 2>&1
	if [ ! -s "$dump" ]; then
		fail "$1-screen" "no screen dump (see $LOGDIR/$1.screen.monitor)"
	elif ! od -An -v -tu1 -w2 "$dump" | awk '{ printf "%c", ($1 ? $1 : 32) }' |
		tr -s ' ' | grep -qF "$4"; then
		fail "$1-screen" "the screen does not show '$4'"
	else
		pass "$1-screen (the line is on the VGA screen too)"
	fi
}

# The table's line for a row.
table_line() {
	local emu=$1 boot=$2 cpu=$3 mem=$4 extra=$5 says=$6 result=$7 where=$8
	case $emu in qemu) emu=QEMU ;; bochs) emu=Bochs ;; esac
	case $boot in
	disk) boot="BIOS, the kit's loader" ;;
	multiboot) boot="QEMU -kernel (Multiboot)" ;;
	iso) boot="BIOS, GRUB from CD" ;;
	esac
	[ "$cpu" = - ] && cpu="default"
	[ "$extra" = - ] || [ "$extra" = quick ] || mem="$mem, $extra"
	echo "| $emu | $boot | $cpu | $mem | $says | $result | $where |"
}

if [ ! -d solutions ]; then
	echo "machines: needs solutions/ (the instructor's kit): nothing to boot"
	exit 1
fi
LAST=$(ls -d solutions/lab[0-9] | sed 's|solutions/lab||' | sort -n | tail -1)
DIR=build/solutions-lab$LAST
if ! make -s image LAB="$LAST" SRC=solutions > "$LOGDIR/build.log" 2>&1; then
	fail build "make image LAB=$LAST SRC=solutions (see $LOGDIR/build.log)"
	echo "machines: $passed passed, $failed failed"
	exit 1
fi
ISO=
table=$LOGDIR/table.md
: > "$table"
start=$(date +%s.%N)

while read -r sample emu boot cpu mem extra expect; do
	[ -n "$sample" ] || continue
	[ "$sample" = s ] || [ -n "$FULL" ] || continue
	name="$emu-$boot-${cpu//,/}-$mem"
	[ "$extra" = - ] || [ "$extra" = quick ] || name="$name-memmap"
	log=$LOGDIR/$name.serial
	cmdline=""
	[ "$extra" = quick ] && [ -z "$FULL" ] && cmdline="ktest=$QUICK"
	[ "$extra" = - ] || [ "$extra" = quick ] || cmdline="$extra"
	args=(--emu "$emu" --kernel "$DIR/kernel.elf" --mem "$mem" --quiet
	      --serial "$log" --log "$LOGDIR/$name.emu.log")
	[ "$cpu" = - ] || args+=(--cpu "$cpu")
	case $boot in
	disk) args+=(--image "$DIR/disk.img" --cmdline "$cmdline")
	      [ "$emu" = qemu ] && args+=(--from-disk) ;;
	multiboot) args+=(--cmdline "$cmdline") ;;
	iso)
		if [ -z "$ISO" ]; then
			ISO=$LOGDIR/test.iso
			tools/mkiso.sh -o "$ISO" -k "$DIR/kernel.elf" -c "" -t 0 \
				> "$LOGDIR/mkiso.log" 2>&1 || ISO=none
		fi
		[ "$ISO" = none ] && { fail "$name" "no ISO: $(tail -1 "$LOGDIR/mkiso.log")"; continue; }
		args+=(--iso "$ISO") ;;
	esac
	# A refused boot halts at once: its silence ends it.  A big Bochs
	# machine stays silent for minutes while a test walks its memory.
	if [ "$expect" != pass ]; then
		args+=(--cpu-timeout 30 --cpu-idle 2 --timeout 300)
	elif [ "$emu" = bochs ]; then
		args+=(--cpu-timeout 1800 --cpu-idle 600 --timeout 18000)
	else
		args+=(--cpu-timeout 300 --cpu-idle 60 --timeout 3000)
	fi
	t0=$(date +%s.%N)
	"$BOOTRUN" "${args[@]}" > /dev/null 2> "$LOGDIR/$name.bootrun"
	status=$?
	secs=$(since "$t0" %.1f)
	where=FULL=1
	[ "$sample" = s ] && where="make test"
	case $expect in
	pass)
		check_pass "$name" "$log" "$status" "$secs" &&
			table_line "$emu" "$boot" "$cpu" "$mem" "$extra" \
				"$(kernel_says "$log")" "boots; every test passes or skips" \
				"$where" >> "$table" ;;
	i486|pse)
		if [ "$expect" = i486 ]; then
			want="This kernel requires an i586 CPU, but only detected an i486 CPU. Unable to boot."
		else
			want="This kernel requires the following features not present on the CPU: pse. Unable to boot."
		fi
		check_refused "$name" "$log" "$status" "$want" "$secs" &&
			table_line "$emu" "$boot" "$cpu" "$mem" "$extra" "$want" \
				"stops: one line on COM1 and the screen" "$where" >> "$table"
		[ "$sample" = s ] && [ "$boot" = disk ] &&
			screen_shows "$name" "$DIR/disk.img" "$cpu" "$want" ;;
	esac
done <<< "$MATRIX"

# README's copy of the table.
readme_table() { sed -n "/^<!-- machines: begin/,/^<!-- machines: end/p" "$README" | sed '1,4d;$d'; }
if [ -n "$UPDATE" ] && [ -z "$FULL" ]; then
	fail readme "UPDATE=1 rewrites the whole table: give FULL=1 too"
elif [ -n "$UPDATE" ] && [ "$failed" -ne 0 ]; then
	fail readme "not rewritten: a row failed"
elif [ -n "$UPDATE" ]; then
	awk -v table="$table" '
		/^<!-- machines: begin/ { print; skip = 1; n = 0; next }
		skip && /^<!-- machines: end/ {
			while ((getline line < table) > 0) print line
			skip = 0
		}
		skip { if (++n <= 3) print; next }
		{ print }' "$README" > "$LOGDIR/README.new" && cp "$LOGDIR/README.new" "$README"
	pass "readme (table rewritten, $(wc -l < "$table") rows)"
elif [ -n "$FULL" ]; then
	if diff <(readme_table) "$table" > "$LOGDIR/readme.diff"; then
		pass "readme (the table is README's, $(wc -l < "$table") rows)"
	else
		fail readme "README's table differs: $(grep -m2 '^[<>]' "$LOGDIR/readme.diff" | tr '\n' ' ') (UPDATE=1 FULL=1 rewrites it)"
	fi
else
	missing=$(grep -vxFf <(readme_table) "$table")
	if [ -z "$missing" ]; then
		pass "readme (the sample's $(wc -l < "$table") rows are README's)"
	else
		fail readme "not in README's table: $(echo "$missing" | head -2 | tr '\n' ' ') (UPDATE=1 FULL=1 rewrites it)"
	fi
fi

echo "machines: $(since "$start" %.0f) s in all"
echo "machines: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
