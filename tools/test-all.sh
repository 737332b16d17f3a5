#!/bin/bash
# tools/test-all.sh - `make test`: every test the kit has, one summary line.
#
# Each step counts as passed or failed; a failed step does not stop the
# others, so one run shows everything that is broken.  The steps run in
# two lanes at once (the machines this kit targets have two cores or more):
#
#   first     tools, then every stage's kernel built once (solutions and
#             skeletons), so the lanes never build the same tree at once
#   emulator  the longest kernel-booting steps: kernel, grade (with the
#             object cache's bit-for-bit check), load
#   host      everything else: host suites, grader, a class batch, bootrun,
#             mutants (a sample), handout, the Gradescope bundle, book
#
# A step's output goes to build/test-logs/NAME.log; the terminal gets one
# line per finished step, and the tail of the log of a step that failed.
# The last line is "test: N passed, M failed"; the exit status is 1 if
# anything failed.  Nothing here is timed against a limit: the seconds
# printed are for people.

set -u
cd "$(dirname "$0")/.."

MAKE="${MAKE:-make}"
LOG=build/test-logs
RESULTS=$LOG/results
rm -rf "$LOG"
mkdir -p "$LOG"
: > "$RESULTS"

# step NAME COMMAND...: run a step into its log, record ok or FAILED.
step() {
	local name=$1 start=$SECONDS
	shift
	if "$@" > "$LOG/$name.log" 2>&1; then
		echo "=== $name: ok ($((SECONDS - start)) s)"
		echo "ok $name" >> "$RESULTS"
	else
		echo "=== $name: FAILED ($((SECONDS - start)) s, log in $LOG/$name.log)"
		tail -n 30 "$LOG/$name.log" | sed 's/^/    | /'
		echo "FAILED $name" >> "$RESULTS"
	fi
}

# Every stage once, with both sources, before the lanes start.
build_stages() {
	local n src
	for src in solutions labs; do
		[ -d "$src" ] || continue
		for n in $(ls -d "$src"/lab[0-9] | sed "s|$src/lab||" | sort -n); do
			$MAKE -s -j"$(nproc)" image LAB="$n" SRC="$src" || return 1
		done
	done
}

emulator_lane() {
	step kernel             tests/kernel/boot_tests.sh
	step grade              tests/kernel/grade_tests.sh
	step load               $MAKE -s test-load
}

host_lane() {
	step skeletons          $MAKE -s check-skeletons
	step host               $MAKE -s test-host
	step host-skeletons     $MAKE -s test-host-skeletons
	step grader             $MAKE -s test-grader
	step grade-batch        $MAKE -s test-grade-batch
	step bootrun            $MAKE -s test-bootrun
	step mutants            $MAKE -s test-mutants
	[ -d solutions ] && step requirements tools/book/requirements.sh check
	step handout            tests/kernel/handout_tests.sh
	step gradescope         $MAKE -s test-gradescope
	step book               $MAKE -s book
	[ -d solutions ] && step book-instructor $MAKE -s book EDITION=instructor
	step book-figures       $MAKE -s book-figures-check
	step book-links         $MAKE -s book-linkcheck
	step book-browser       $MAKE -s book-browser
	step book-experiments   $MAKE -s book-experiments
}

start=$SECONDS
step tools              $MAKE -s tools
step stages             build_stages
emulator_lane &
lane=$!
host_lane
wait "$lane"

passed=$(grep -c '^ok ' "$RESULTS")
failed=$(grep -c '^FAILED ' "$RESULTS")
[ "$failed" -eq 0 ] || echo "failed steps: $(sed -n 's/^FAILED //p' "$RESULTS" | tr '\n' ' ')"
echo "make test took $((SECONDS - start)) s"
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
