#!/bin/bash
# tools/test-all.sh - `make test`: every test the kit has, one summary line.
#
# Steps run in order and each counts as passed or failed; a failed step
# does not stop the later ones, so one run shows everything that is
# broken.  The last line is "test: N passed, M failed" and the exit status
# is 1 if anything failed.

set -u
cd "$(dirname "$0")/.."

MAKE="${MAKE:-make}"
LOG=build/test-logs
mkdir -p "$LOG"
passed=0
failed=0
failures=""

# step NAME COMMAND...: run a step, its output to the terminal and a log.
step() {
	local name=$1 start=$SECONDS
	shift
	echo "=== $name"
	if "$@" 2>&1 | tee "$LOG/$name.log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
		echo "=== $name: ok ($((SECONDS - start)) s)"
		passed=$((passed + 1))
	else
		echo "=== $name: FAILED ($((SECONDS - start)) s, log in $LOG/$name.log)"
		failed=$((failed + 1))
		failures="$failures $name"
	fi
}

step tools              $MAKE -s tools
step skeletons          $MAKE -s check-skeletons
step host               $MAKE -s test-host
step host-skeletons     $MAKE -s test-host-skeletons
step grader             $MAKE -s test-grader
step kernel             tests/kernel/boot_tests.sh
step grade              tests/kernel/grade_tests.sh
step load               $MAKE -s test-load
step handout            tests/kernel/handout_tests.sh
step book               $MAKE -s book
[ -d solutions ] && step book-instructor $MAKE -s book EDITION=instructor
step book-figures       $MAKE -s book-figures-check
step book-links         $MAKE -s book-linkcheck
step book-browser       $MAKE -s book-browser
step book-experiments   $MAKE -s book-experiments

[ -z "$failures" ] || echo "failed steps:$failures"
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
