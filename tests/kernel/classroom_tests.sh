#!/bin/bash
# tests/kernel/classroom_tests.sh - the GitHub Classroom workflow, checked without GitHub.
#
# `make classroom LAB=0` writes the handout with .github/workflows/classroom.yml.
# GitHub is not reachable from here, so this checks what can go wrong on
# our side:
#   - the workflow parses as YAML (libyaml, through Perl's YAML::XS; the
#     document goes on as JSON to jq) and has the shape Classroom needs:
#     push trigger, checks permission, a Debian 12 container, a checkout,
#     a step with an id whose output `result` the reporter reads through
#     the variable ID_RESULTS and the runner list;
#   - every script a run step names exists in the handout, and every make
#     target it names is one the handout's Makefile has;
#   - both checks fire on a broken copy: a tab in the indentation, a step
#     naming a script and a target the handout lacks;
#   - the grading step, run here as the workflow runs it (its `run:` text,
#     in the handout, with GITHUB_OUTPUT set), sets the step output
#     `result` to what the autograding reporter decodes: base64 of a JSON
#     result whose groups add up to the grade, 0 points for the skeleton
#     and full points once lab 0 is the reference's.
# Prints PASS/FAIL lines and "classroom: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."
# The commands below run as a student (or GitHub) runs them, not as
# sub-makes of make test: no MAKEFLAGS (-s, -w, LAB=... from the command
# line) may leak into them.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ROOT=$PWD
H=build/classroom-test
WF=$H/.github/workflows/classroom.yml
LOG=build/classroom-tests
passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

rm -rf "$H" "$LOG"
mkdir -p "$LOG"
make -s classroom LAB=0 HANDOUT="$H" > "$LOG/make.log" 2>&1 ||
	{ cat "$LOG/make.log"; echo "FAIL make classroom"; exit 1; }

# parse YAML JSON: the YAML file, parsed by libyaml, written as JSON.
parse() {
	perl -MYAML::XS=LoadFile -MJSON::PP -e \
		'print JSON::PP->new->canonical->encode(LoadFile($ARGV[0]))' "$1" > "$2"
}

if parse "$WF" "$LOG/workflow.json" 2> "$LOG/yaml.err"; then
	pass "the workflow parses as YAML"
else
	fail "YAML" "$(head -3 "$LOG/yaml.err")"
	echo "classroom: $passed passed, $failed failed"
	exit 1
fi
# The deliberate fault: a tab in the indentation is not YAML.
sed '0,/^      - name:/s//\t- name:/' "$WF" > "$LOG/tab.yml"
if parse "$LOG/tab.yml" /dev/null 2> /dev/null; then
	fail "YAML" "the parser accepts a tab in the indentation: the check would miss a broken file"
else
	pass "the parser rejects a broken copy (a tab in the indentation)"
fi
j() { jq -r "$@" "$LOG/workflow.json"; }

# shape NAME JQ-EXPRESSION: the parsed workflow must make it true.
shape() {
	if [ "$(j "$2" 2>/dev/null)" = true ]; then pass "workflow: $1"
	else fail "workflow" "$1 ($2 is not true)"; fi
}
shape "runs on push" '.on | index("push") != null'
shape "may write checks (the reporter's annotations)" '.permissions.checks == "write"'
shape "one job, in a Debian 12 container" \
	'(.jobs | length == 1) and (.jobs[].container.image == "debian:12")'
shape "every step has a name and either uses or run" \
	'[.jobs[].steps[] | (.name != null) and ((.uses != null) != (.run != null))] | all'
shape "checks the repository out first" '.jobs[].steps[0].uses | startswith("actions/checkout@")'
shape "uses no action but checkout and the autograding reporter" \
	'[.jobs[].steps[].uses // empty | test("^(actions/checkout|classroom-resources/autograding-grading-reporter)@v[0-9]+$")] | all'

# The reporter reads step ID's output through ID_RESULTS (its runner id
# upper-cased, as the reporter looks it up) and lists ID in runners.
reporter='.jobs[].steps[] | select(.uses // "" | startswith("classroom-resources/autograding-grading-reporter@"))'
id=$(j "$reporter | .with.runners")
shape "the reporter reads the step '$id' through ${id^^}_RESULTS" \
	"($reporter | .env[\"${id^^}_RESULTS\"] | test(\"steps[.]$id[.]outputs[.]result\")) and
	 ([.jobs[].steps[] | select(.id == \"$id\")] | length == 1)"
shape "the reporter runs even after a failed step" "$reporter | .if == \"always()\""

# missing JSON: sets $gone to the scripts (tools/, tests/, grader/) and
# make targets that the run steps of the parsed workflow JSON name and the
# handout lacks, and $named to all it found.
missing() {
	local runs scripts targets
	runs=$(jq -r '.jobs[].steps[].run // empty' "$1")
	scripts=$(echo "$runs" | grep -oE '(^|[[:space:]])(tools|tests|grader)/[A-Za-z0-9_./-]+' |
		sed 's/^[[:space:]]*//')
	# The words after `make` up to a shell operator, without options and
	# VAR=value: the targets.
	targets=$(echo "$runs" | awk '{ for (i = 1; i <= NF; i++) if ($i == "make")
		for (k = i + 1; k <= NF; k++) {
			if ($k ~ /^(&&|[|][|]|;|[|])$/) break
			if ($k !~ /=/ && $k !~ /^-/) print $k
		} }')
	gone=""
	for s in $scripts; do
		[ -f "$H/$s" ] || gone="$gone $s"
	done
	for t in $targets; do
		make -C "$H" -n "$t" > /dev/null 2>&1 || gone="$gone make:$t"
	done
	named=$(echo $scripts $targets)
}

missing "$LOG/workflow.json"
if [ -n "$named" ] && [ -z "$gone" ]; then
	pass "every script and make target the steps name is in the handout: $named"
elif [ -z "$gone" ]; then
	fail "workflow" "its steps name no script of the kit"
else
	fail "workflow" "names what the handout lacks:$gone"
fi
# The deliberate fault: a script and a target the handout does not have.
jq '(.jobs[].steps[] | select(.run != null) | .run) |= sub("tools/classroom.sh"; "tools/no-such.sh make mutants")' \
	"$LOG/workflow.json" > "$LOG/broken.json"
missing "$LOG/broken.json"
if [ "$gone" = " tools/no-such.sh make:mutants" ]; then
	pass "a copy naming tools/no-such.sh and make mutants (the instructor's) is caught"
else
	fail "workflow" "the name check missed a broken copy (it said '$gone')"
fi

# run_step: the grading step's run text, as the workflow runs it (bash -e),
# in the handout; sets $status and leaves GitHub's output file in $LOG.
run_step() {
	local cmd
	cmd=$(j ".jobs[].steps[] | select(.id == \"$id\") | .run")
	: > "$LOG/github_output"
	(cd "$H" && GITHUB_OUTPUT="$ROOT/$LOG/github_output" bash -e -c "$cmd") > "$LOG/$1.log" 2>&1
	status=$?
}

# points KEY WHAT WANT: the step output of run KEY decodes to a result
# scoring WANT (a number, or max) of the handout's lab 0 rubric, its groups
# adding up to it.
points() {
	local key=$1 what=$2 want=$3 max result
	max=$(awk '$1 == "test" { s += $3 } END { print s + 0 }' "$H/grader/rubrics/lab0.rubric")
	[ "$want" = max ] && want=$max
	result=$(sed -n 's/^result=//p' "$LOG/github_output")
	if [ "$status" -ne 0 ]; then
		fail "$what" "the step exited $status, see $LOG/$key.log"
	elif [ -z "$result" ]; then
		fail "$what" "no 'result=' line in GITHUB_OUTPUT"
	elif ! echo "$result" | base64 -d > "$LOG/$key.json" 2>/dev/null ||
	     [ "$(jq '.version == 1 and .max_score == '"$max"' and
		  ([.tests[].score] | add) == '"$want"' and
		  (.tests | length > 0) and ([.tests[].name | startswith("lab0")] | all)' \
		  "$LOG/$key.json" 2>/dev/null)" != true ]; then
		fail "$what" "the result is not $want/$max in groups of lab 0: $(head -c 300 "$LOG/$key.json")"
	else
		pass "$what: the step output result is $want/$max points, in $(jq '.tests | length' "$LOG/$key.json") groups"
	fi
}

run_step skeleton
points skeleton "the skeleton, graded by the workflow's step" 0

# The student finishes lab 0 (the reference's file): full points.
cp solutions/lab0/warmup.c "$H/labs/lab0/warmup.c"
run_step finished
points finished "lab 0 done, graded by the workflow's step" max
if [ "$(jq -r .status "$LOG/finished.json" 2>/dev/null)" = pass ]; then
	pass "a full score is status pass (the reporter then passes the run)"
else
	fail "status" "a full score is not status pass"
fi

echo "classroom: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
