#!/bin/bash
# tools/classroom.sh [LAB=n|all] - grade labs/ and hand the points to GitHub Classroom.
#
# The one command the Classroom workflow runs (.github/workflows/classroom.yml,
# written by `make classroom`), so what the workflow does is what this does
# on your machine.  It grades the student's labs/ with the kit's grader
# (every lab when LAB is left out), prints the score lab by lab with each
# test that did not pass, and writes the points in the format of GitHub
# Classroom's autograding actions:
#
#   { "version": 1, "status": "pass" | "fail" | "error", "max_score": 54,
#     "tests": [ { "name": "lab3.merge", "status": "fail", "score": 6,
#                  "message": "lab3.merge.any_free_order: failed - ...",
#                  "test_code": "make grade LAB=3 TEST='lab3.merge.*'",
#                  "filename": "", "line_no": 0, "duration": 0 }, ... ] }
#
# One entry per test group — labN.GROUP, a step of the lab; labN.host.SUITE
# for host cases; in a kit that has hidden tests, one entry per lab for
# them, naming none — scored with the points its tests earned, weights
# included, so partial work earns partial credit and the groups add up to
# the grader's score.  Per group, not per test: the reporter reads the
# result from one environment variable, which Linux caps at 128 KiB, and
# a whole course's tests with their reasons would not fit.  The result goes to build/classroom/result.json and,
# base64-encoded, to the step output `result` when GITHUB_OUTPUT is set
# (inside GitHub Actions), where the autograding reporter reads it.
#
# Exit status: 0 once it has graded and written the points, whatever they
# are (the reporter fails the run when a test failed); 2 when grading could
# not run (the result then says why, with status "error").

set -u
cd "$(dirname "$0")/.."

lab=${1:-all}
lab=${lab#LAB=}
case $lab in
all|[0-9]) ;;
*) echo "usage: tools/classroom.sh [LAB=n|all]" >&2; exit 2 ;;
esac

OUT=build/classroom
rm -rf "$OUT"
mkdir -p "$OUT"

tools/deps.sh check || exit 2
make -s tools > "$OUT/tools.log" 2>&1 || { cat "$OUT/tools.log" >&2; exit 2; }

# Live progress goes to stderr, one line per test: the workflow's log.
build/tools/grade --kit . --lab "$lab" --src labs --format json --out "$OUT/grade.json"
status=$?

# The grader writes a report even when it cannot grade; without one (it
# did not start at all) there is nothing to convert.
if [ ! -s "$OUT/grade.json" ]; then
	echo "classroom: the grader wrote no report (exit $status)" >&2
	exit 2
fi

# A group's tests earn points when they pass, or skip where they cannot
# apply (the grader's rule); its message names up to three that did not.
jq '
# labN.GROUP.NAME is in group labN.GROUP; a host case labN.host.SUITE.CASE
# in labN.host.SUITE; a hidden test in "labN hidden tests", its id unsaid.
def group: (.id | split(".")) as $p
	| if .visibility == "hidden" then "\($p[0]) hidden tests"
	  elif $p[1] == "host" then $p[0:3] | join(".")
	  else $p[0:2] | join(".") end;
def earns: .outcome == "passed" or .outcome == "skipped";
def why: if .visibility == "hidden" then "a hidden test: \(.outcome)"
	else "\(.id): \(.outcome)" + (if .reason then " - " + (.reason | .[0:100]) else "" end) end;
# The lab tests of one lab in rubric order, cut into groups in that order.
def groups: . as $tests
	| reduce ($tests[] | group) as $g ([]; if index([$g]) then . else . + [$g] end)
	| map(. as $g | [$tests[] | select(group == $g)]);
{
	version: 1,
	status: ({passed: "pass", failed: "fail"}[.status] // "error"),
	max_score: .max_score,
	tests: ([.labs[] | .lab as $lab | .tests | groups[] | {
		name: (.[0] | group),
		status: (if all(.[]; earns) then "pass" else "fail" end),
		score: (map(.score) | add),
		message: ([.[] | select(earns | not) | why] | .[0:3] | join("; ")),
		test_code: (if .[0].visibility == "hidden" then ""
			else "make grade LAB=\($lab) TEST=\u0027\(.[0] | group).*\u0027" end),
		filename: "", line_no: 0, duration: 0
	}] + (if .status == "error" then [{
		name: "grading", status: "error", score: 0,
		message: (.error // "grading could not run"),
		test_code: "", filename: "", line_no: 0, duration: 0
	}] else [] end))
}' "$OUT/grade.json" > "$OUT/result.json" || exit 2

# What the student reads in the log: each lab's score and what did not pass.
jq -r '
(.labs[] | "lab \(.lab) (\(.title)): \(.score)/\(.max_score)",
	(.tests[] | select(.outcome != "passed" and .outcome != "skipped")
	 | if .visibility == "hidden" then "  \(.outcome): a hidden test"
	   else "  \(.outcome): \(.id)" + (if .reason then " - " + .reason else "" end) end)),
(if .error then "grading could not run: \(.error)" else empty end),
"points: \(.score)/\(.max_score)"' "$OUT/grade.json"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
	# Every lab's groups with three reasons each stay far under the
	# environment's 128 KiB; should a course outgrow it, the reasons go
	# (they are in the log above) and the points stay.
	if [ "$(base64 -w0 < "$OUT/result.json" | wc -c)" -gt 120000 ]; then
		jq '.tests |= map(.message = "")' "$OUT/result.json" > "$OUT/result.short" &&
			mv "$OUT/result.short" "$OUT/result.json"
	fi
	echo "result=$(base64 -w0 < "$OUT/result.json")" >> "$GITHUB_OUTPUT"
fi
echo "classroom: $OUT/result.json$([ -n "${GITHUB_OUTPUT:-}" ] && echo ", and the step output result")"
[ "$status" -le 1 ] || exit 2
