#!/bin/bash
# grader/bench.sh - `make bench-grade`: how long a grade takes, measured now.
#
# Grades the reference solutions (SRC=solutions) and prints wall seconds
# for three cases, each three ways:
#
#   warm         the kit's objects are in the cache and the lab files in
#                its ccache (a student grading again, the reference)
#   new files    the kit's objects cached, the lab files not: the first
#                grade of a submission
#   cold         a fresh, empty --cache: the first grade after a kit change
#   --no-cache   every build from scratch, one lab at a time (the grader
#                as it was before the cache), the baseline
#
# and how many times faster than the baseline warm is; once under Bochs
# (the grader's default) and once under QEMU (--emu qemu, in emulated time
# too: the same verdicts on an idle and a busy host).  Then every lab
# alone, warm, under both, with what its jobs added up to; and the floors:
# what one boot costs with no test at all (emulator start, BIOS, the
# labs' bring-up), by RAM size, and what one host case costs with almost
# no test (a forked, sanitized process): the part of a grade no test can
# save.
#
# Every number is one run on this machine at this moment: other work on it
# slows every row, so compare rows of one run, not runs of different days.
# Nothing decides pass or fail from these numbers; the exit status is 1
# only when a grade did not give full marks.
#
#   usage: grader/bench.sh [KIT]      (default: this checkout)

set -u
unset GRADE_CCACHE_DIR	# each --cache with its own compiler cache, as measured
KIT=$(cd "${1:-$(dirname "$0")/..}" && pwd)
GRADE=$KIT/build/tools/grade
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-grade-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
status=0

# seconds ARGS...: wall seconds of one quiet grade, or FAILED.
seconds() {
	local t0=$EPOCHREALTIME t1
	if "$GRADE" --kit "$KIT" --src solutions --quiet "$@" \
		> "$TMP/last.txt" 2>&1; then
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
	else
		echo FAILED
		status=1
	fi
}

# ratio BASE T: BASE / T as "3.1x", or "-".
ratio() {
	awk -v b="$1" -v t="$2" 'BEGIN {
		if (b + 0 > 0 && t + 0 > 0) printf "%.1fx", b / t; else printf "-" }'
}

# row NAME GRADE-ARGS...: cold (fresh cache), warm (same cache), new files
# (same cache without its ccache), then the baseline.
row() {
	local name=$1 cache cold warm new base
	shift
	cache=$(mktemp -d "$TMP/cache-XXXXXX")
	cold=$(seconds --cache "$cache" "$@")
	warm=$(seconds --cache "$cache" "$@")
	rm -rf "$cache/ccache"
	new=$(seconds --cache "$cache" "$@")
	base=$(seconds --no-cache "$@")
	printf '  %-22s %7s %9s %7s %11s %9s\n' "$name" "$warm" "$new" "$cold" \
		"$base" "$(ratio "$base" "$warm")"
}

[ -x "$GRADE" ] || { echo "bench-grade: no $GRADE (make tools)" >&2; exit 2; }
[ -d "$KIT/solutions" ] || { echo "bench-grade: needs solutions/ (the instructor's kit)" >&2; exit 2; }
echo "bench-grade: wall seconds of build/tools/grade --src solutions, measured now"
echo "  $(nproc) CPUs; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '  %-22s %7s %9s %7s %11s %9s\n' "" warm "new files" cold --no-cache "warm gain"
for emu in bochs qemu; do
	row "lab 3, $emu" --emu "$emu" --lab 3
	row "lab 8, $emu" --emu "$emu" --lab 8
	row "all labs, $emu" --emu "$emu" --lab all
done

# Every lab alone, warm: the slowest is what a student waits for.  What
# each grade's time went to comes from its JSON report: the seconds of
# its jobs added up (builds, each boot, each host suite), against the wall
# seconds the grade took; jobs run side by side, up to one per CPU.
cache=$(mktemp -d "$TMP/cache-XXXXXX")
seconds --cache "$cache" --lab all > /dev/null
for emu in bochs qemu; do
	seconds --cache "$cache" --lab all --emu "$emu" > /dev/null	# the timings file
	echo
	echo "  each lab alone, warm, $emu (wall seconds), and the seconds of its jobs added up:"
	printf '  %5s %6s %7s %14s %14s %14s\n' lab wall build boots "host build" "host suites"
	for lab in $(ls "$KIT/grader/rubrics" | sed -n 's/^lab\([0-9]\)\.rubric$/\1/p' | sort -n); do
		wall=$(seconds --cache "$cache" --lab "$lab" --emu "$emu" \
			--format json --out "$TMP/lab$lab.json")
		jq -r --arg wall "$wall" '.labs[0] | [.lab, $wall, .build.seconds,
			"\(.boots | length) \([.boots[].seconds] | add // 0)",
			.host.build_seconds, "\(.host.suites) \(.host.seconds)"] | @tsv' \
			"$TMP/lab$lab.json" |
		awk -F'\t' '{ split($4, b, " "); split($6, h, " ");
			printf "  %5s %6s %7.1f %3d in %5.1f s %12.1f s %3d in %5.1f s\n",
				$1, $2, $3, b[1], b[2], $5, h[1], h[2] }'
	done
done

# The floor: one boot of the last stage with no test (ktest=none), CPU
# seconds of the emulator (bootrun waits for it), by RAM size.  A lab's
# boots cost at least the sum of its machines' floors, whatever its tests.
. "$KIT/tools/cpu-time.sh"
floor() {	# floor EMU MIB: CPU seconds of that boot
	cpu_time_run "$TMP/times" "$KIT/build/tools/bootrun" --emu "$1" --mem "$2" \
		--quiet --image "$TMP/floor/disk.img" --kernel "$TMP/floor/kernel.elf" \
		--cmdline "ktest=none console=ttyS0" > /dev/null 2>&1
	cpu_time_seconds "$TMP/times" 2
}
last=$(ls "$KIT/grader/rubrics" | sed -n 's/^lab\([0-9]\)\.rubric$/\1/p' | sort -n | tail -1)
if make -s -C "$KIT" image LAB="$last" SRC=solutions BUILD="$TMP/floor" > /dev/null 2>&1; then
	echo
	echo "  the floor: CPU seconds of one boot of stage $last with no test (ktest=none)"
	printf '  %8s %7s %7s\n' RAM bochs qemu
	for mib in 64 900 1024; do
		printf '  %4s MiB %7s %7s\n' "$mib" "$(floor bochs "$mib")" "$(floor qemu "$mib")"
	done
fi

# The host suites' floor: what one case costs before its test does
# anything (the fork of a sanitized program, the sanitizers' bookkeeping,
# the exit).  Lab 0's cases are that almost alone: their tests add up to
# about a tenth of a second.  Run as the grader runs cases (forked, no
# LeakSanitizer), outside the sandbox, which costs once a suite.
suite=$KIT/build/host/bin/solutions/lab0/warmup_check
if make -s -C "$KIT" host-suites LAB=0 SRC=solutions > /dev/null 2>&1 && [ -x "$suite" ]; then
	cpu_time_run "$TMP/times" env CK_FORK=yes ASAN_OPTIONS=detect_leaks=0 \
		CK_LOG_FILE_NAME="$TMP/lab0.log" "$suite" > /dev/null 2>&1
	cases=$(grep -c ':[PFE]:' "$TMP/lab0.log")
	cpu=$(cpu_time_seconds "$TMP/times" 2)
	[ "$cases" -gt 0 ] && printf "\n  the host floor: %s ms of CPU a case (lab 0's %d cases in %s s)\n" \
		"$(awk -v c="$cpu" -v n="$cases" 'BEGIN { printf "%.1f", c * 1000 / n }')" "$cases" "$cpu"
fi
echo
echo "  warm: kit objects and lab files cached (grading again); new files: kit"
echo "  objects cached, lab files compiled (a new submission); cold: an empty"
echo "  --cache (first grade after a kit change); --no-cache: full builds, one"
echo "  lab at a time (the baseline); warm gain: --no-cache seconds / warm"
exit $status
