# tests/kernel/check.sh - sourced by the shell tests of tests/kernel/: one
# PASS or FAIL line per check, and the counts for the summary line.
#
#   CHECK_NAME=load; . tests/kernel/check.sh
#   check "reference: every test passes" $?
#   echo "load: $passed passed, $failed failed"

passed=0
failed=0

# check DESCRIPTION STATUS: passed when STATUS (a command's $?) is 0.
check() {
	if [ "$2" -eq 0 ]; then
		echo "PASS $CHECK_NAME $1"
		passed=$((passed + 1))
	else
		echo "FAIL $CHECK_NAME $1"
		failed=$((failed + 1))
	fi
}
