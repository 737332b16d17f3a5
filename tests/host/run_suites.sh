#!/bin/bash
# tests/host/run_suites.sh - run host test programs, add up Check's results.
#
# Usage: run_suites.sh pass|fail LOGDIR NAME=PROGRAM...
#
#   pass  every program must pass (make test-host).  Each program's output
#         is shown; the last line is "host: N passed, M failed", counting
#         Check test cases from each "Checks: X, Failures: Y, Errors: Z".
#         Exit 1 if a program failed or died before its summary (a program
#         that dies counts as one failed test).
#   fail  every program must FAIL (make test-host-skeletons: a skeleton
#         passes nothing).  Only each summary line is shown; full output is
#         in LOGDIR/NAME.log.  Exit 1 if a program unexpectedly passes, or
#         dies without its summary (a skeleton must fail cleanly).
#
# The environment (CK_FORK, ASAN_OPTIONS, UBSAN_OPTIONS) comes from make;
# a program outside core/ (a lab's suite) runs with LAB_ASAN_OPTIONS
# instead of ASAN_OPTIONS when make gives it (mk/host.mk says why).

set -u

mode=$1 logdir=$2
shift 2
case $mode in
pass|fail) ;;
*) echo "usage: $0 pass|fail LOGDIR NAME=PROGRAM..." >&2; exit 2 ;;
esac

passed=0 failed=0 bad=0 suites=0
start=$SECONDS

# summary LOG: print "X Y Z" from Check's last summary line, or nothing.
summary() {
	sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' \
		"$1" | tail -n 1
}

for arg in "$@"; do
	name=${arg%%=*} prog=${arg#*=}
	log=$logdir/$name.log
	asan=${ASAN_OPTIONS-}
	case $name in
	core/*) ;;
	*) asan=${LAB_ASAN_OPTIONS:-$asan} ;;
	esac
	mkdir -p "$(dirname "$log")"
	suites=$((suites + 1))
	if [ "$mode" = pass ]; then
		printf '  %-7s %s\n' RUN "$name"
		ASAN_OPTIONS=$asan "$prog" > "$log" 2>&1
		status=$?
		cat "$log"
	else
		ASAN_OPTIONS=$asan "$prog" > "$log" 2>&1
		status=$?
	fi
	read -r checks failures errors <<< "$(summary "$log")"
	if [ -z "${checks:-}" ]; then
		echo "$name: no Check summary (exit status $status):" \
			"the program itself died; see $log"
		failed=$((failed + 1))
		bad=$((bad + 1))
		continue
	fi
	passed=$((passed + checks - failures - errors))
	failed=$((failed + failures + errors))
	if [ "$mode" = pass ] && [ "$status" -ne 0 ]; then
		bad=$((bad + 1))
		if [ $((failures + errors)) -eq 0 ]; then
			echo "$name: exit status $status after a clean Check summary" \
				"(a sanitizer report at exit?); see $log"
			failed=$((failed + 1))
		fi
	elif [ "$mode" = fail ]; then
		line=$(grep 'Checks: ' "$log" | tail -n 1)
		if [ "$status" -eq 0 ]; then
			echo "$name: UNEXPECTEDLY PASSES against the skeleton: $line"
			bad=$((bad + 1))
		else
			echo "$name: fails, as a skeleton should: $line"
		fi
	fi
done

if [ "$mode" = pass ]; then
	echo "host: $suites program(s) in $((SECONDS - start)) s, logs in $logdir"
	echo "host: $passed passed, $failed failed"
else
	echo "host-skeletons: $((suites - bad)) of $suites skeleton suites fail as they" \
		"should ($passed checks passed, $failed failed)"
fi
[ "$bad" -eq 0 ]
