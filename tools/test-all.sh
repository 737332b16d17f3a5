#!/bin/bash
# tools/test-all.sh - `make test`: every test the kit has, one summary line.
#
# Each step counts as passed or failed; a failed step does not stop the
# others, so one run shows everything that is broken.  The steps run in
# two lanes at once (the machines this kit targets have two cores or more):
#
#   first     tools, then every stage's kernel built once (solutions and
#             skeletons), so the lanes never build the same tree at once
#   emulator  the longest kernel-booting steps: kernel, iso, a class
#             batch, load, machines (a sample of CPUs and RAM sizes),
#             grade (with the object cache's bit-for-bit check)
#             and last the handout, the Gradescope bundle, classroom
#   host      everything else: host suites, grader, bootrun,
#             mutants (a sample), the object check, the book
#
# A step's output goes to build/test-logs/NAME.log; the terminal gets one
# line per finished step, and for a step that failed its FAIL lines (up to
# 20) and the tail of its log.
# The last line is "test: N passed, M failed, K skipped"; the exit status
# is 1 if anything failed.  Nothing here is timed against a limit: the
# seconds printed are for people.
#
# In a student handout (no solutions/) labs/ is the student's own work, so
# nothing here may expect it to be a skeleton, and nothing can compare it
# with a reference.  Every step either checks the kit itself there (host
# suites of the core, every stage builds and boots and passes the core
# tests, the grader, the runner, the book), or is skipped with its reason
# printed: how far the labs are is `make grade`'s business.
#
# Every step is one make target (make test-kernel, make stages ...), so
# any of them runs alone as it runs here.
#
# tools/test-all.sh STEP... (make test STEPS='...') runs only the named
# steps, for a quick look; the handout's own test uses it, since the
# whole run takes many minutes.

set -u
cd "$(dirname "$0")/.."

MAKE="${MAKE:-make}"
LOG=build/test-logs
RESULTS=$LOG/results
rm -rf "$LOG"
mkdir -p "$LOG"
: > "$RESULTS"

ONLY=" $* "

# One compiler cache for every build of every step: the stages, the
# grader's object caches, the copies of the kit that the handout, bundle
# and batch tests make.  A kit object is compiled once per make test and
# its copies come from the cache (mk/common.mk says why that is safe).
# The cache lives in build/, so a fresh clone starts with an empty one;
# a make test inside make test (the handout's, tests/kernel/handout_tests.sh)
# keeps the outer one, so the handout's copies of kit files hit it too.
# The grader keeps a compiler cache of its own per object cache; here
# every grade of every copy shares this one too (GRADE_CCACHE_DIR), so a
# copy's first grade takes the kit's objects from it instead of compiling
# them again (tests/kernel/cache_tests.sh, which checks the grader's own,
# unsets it).
if command -v ccache > /dev/null; then
	if [ -z "${CCACHE_DIR:-}" ]; then
		export CCACHE_DIR=$PWD/build/test-ccache
		export GRADE_CCACHE_DIR=$CCACHE_DIR
		ccache -z > /dev/null 2>&1
	fi
	export CCACHE=ccache CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}
fi
HANDOUT=
[ -d solutions ] || HANDOUT=1

# selected NAME: is the step to run (no STEP arguments: every step)?
selected() {
	[ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]
}

# The two lanes run at once, so a step's wall seconds say little about
# its cost: each step also reports its CPU seconds (tools/cpu-time.sh),
# which add up to what make test needs from the machine.
. tools/cpu-time.sh

# step NAME COMMAND...: run a step into its log, record ok or FAILED.
step() {
	local name=$1 start=$SECONDS cpu
	shift
	selected "$name" || return 0
	if cpu_time_run "$LOG/$name.cpu" "$@" > "$LOG/$name.log" 2>&1; then
		cpu=$(cpu_time_seconds "$LOG/$name.cpu")
		echo "=== $name: ok ($((SECONDS - start)) s, $cpu CPU-s)"
		echo "ok $name $cpu" >> "$RESULTS"
	else
		cpu=$(cpu_time_seconds "$LOG/$name.cpu")
		echo "=== $name: FAILED ($((SECONDS - start)) s, $cpu CPU-s, log in $LOG/$name.log)"
		# The checks that failed, wherever they are in the log (a CI
		# page keeps only the end of the output), then the log's end.
		grep -m 20 '^FAIL' "$LOG/$name.log" | sed 's/^/    ! /'
		tail -n 30 "$LOG/$name.log" | sed 's/^/    | /'
		echo "FAILED $name $cpu" >> "$RESULTS"
	fi
}

# skip NAME WHY: a step that cannot run in this kit, and why.
skip() {
	selected "$1" || return 0
	echo "=== $1: skipped ($2)"
	echo "skipped $1" >> "$RESULTS"
}

# instructor NAME WHY COMMAND...: a step of the instructor's kit only; in a
# handout it is skipped with WHY, what it needs that a handout lacks.
instructor() {
	local name=$1 why=$2
	shift 2
	if [ -n "$HANDOUT" ]; then
		skip "$name" "$why"
	else
		step "$name" "$@"
	fi
}

# The class batch and the load test keep only one CPU busy at times (a
# hung case, the last job of a batch): they go early, beside the host
# lane's busiest steps.  The handout's three checks (the handout, the
# Gradescope bundle, the Classroom workflow) end this lane rather than
# the host lane, which is the longer: measured from a fresh clone, the
# host lane took 630 s and this one 408 s with them on the other side.
emulator_lane() {
	step kernel             $MAKE -s test-kernel
	step iso                $MAKE -s test-iso
	instructor grade-batch "grades copies of solutions/, which only the instructor's kit has" \
		$MAKE -s test-grade-batch
	instructor load "its submissions are made from solutions/" \
		$MAKE -s test-load
	instructor machines "boots the stage built from solutions/ on each machine" \
		$MAKE -s test-machines
	step grade              $MAKE -s test-grade
	instructor handout "checks the handout the instructor's kit makes; this is one" \
		$MAKE -s test-handout
	instructor gradescope "the bundle carries the hidden tests, which only the instructor's kit has" \
		$MAKE -s test-gradescope
	instructor classroom "checks the workflow make classroom writes into a handout" \
		$MAKE -s test-classroom
}

host_lane() {
	instructor skeletons "compares labs/ with what solutions/ generate" \
		$MAKE -s check-skeletons
	step host               $MAKE -s test-host
	if [ -n "$HANDOUT" ]; then
		skip host-skeletons "labs/ is your work, not the skeletons; make test-host-lab LAB=n runs a lab's suites on it"
	else
		step host-skeletons $MAKE -s test-host-skeletons
	fi
	step grader             $MAKE -s test-grader
	step bootrun            $MAKE -s test-bootrun
	step mutants            $MAKE -s test-mutants
	instructor objcheck "its submissions and allow-lists come from solutions/" \
		$MAKE -s check-objcheck-allow test-objcheck
	instructor requirements "the requirements tables stay in the instructor's kit" \
		$MAKE -s check-requirements
	step book               $MAKE -s book
	instructor book-instructor "the instructor's edition reads solutions/" \
		$MAKE -s book EDITION=instructor
	instructor book-figures "draws the figures from a boot of solutions/; a handout uses book/figures/" \
		$MAKE -s book-figures-check
	step book-links         $MAKE -s book-linkcheck
	step book-browser       $MAKE -s book-browser
	instructor book-experiments "the book's commands boot SRC=solutions" \
		$MAKE -s book-experiments
}

start=$SECONDS
step tools              $MAKE -s tools
step stages             $MAKE -s -j"$(nproc)" stages
emulator_lane &
lane=$!
host_lane
wait "$lane"

passed=$(grep -c '^ok ' "$RESULTS")
failed=$(grep -c '^FAILED ' "$RESULTS")
skipped=$(grep -c '^skipped ' "$RESULTS")
[ "$failed" -eq 0 ] || echo "failed steps: $(sed -n 's/^FAILED \([^ ]*\).*/\1/p' "$RESULTS" | tr '\n' ' ')"
[ -n "${CCACHE:-}" ] && echo "compiler cache: $(ccache --print-stats 2>/dev/null | awk '
	$1 ~ /_cache_hit$/ { hit += $2 } $1 == "cache_miss" { miss = $2 }
	END { printf "%d of %d compiles from the cache", hit, hit + miss }')"
echo "make test took $((SECONDS - start)) s, $(awk '{ s += $3 } END { print s + 0 }' "$RESULTS") CPU-s"
echo "test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
