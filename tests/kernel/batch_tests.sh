#!/bin/bash
# tests/kernel/batch_tests.sh - `make test-grade-batch`: a class of twelve
# lab 0 submissions through make grade-batch (grader/batch.sh), graded
# whole, interrupted and resumed, and spread over two "hosts".
#
# Lab 0 is the fast lab (one boot, about a second), every grade here
# shares the kit's one object cache, and each test's budget is 10 s of
# emulated time and each host case's 1 s of CPU time (GRADE_FLAGS, passed
# through the batch to every grade), so the hang costs a few host seconds.
# The twelve submissions, made from solutions/lab0 and labs/lab0:
#
#   reference     folder, kit layout (labs/lab0/warmup.c)    passed
#   skeleton      folder, kit layout                         failed, 0
#   compile-error folder, a syntax error                     build-error
#   crash         get_order(3 pages) reads address 0         crashed
#   hang          pfn_up(0x9F000) spins forever (no sti: the
#                 object check refuses it in lab 0)          hung
#   forged        the skeleton, printing fake "ok" lines;
#                 flat folder (warmup.c at the top)          failed, 0
#   flood         1000 console lines from pfn_down(0x1000);
#                 nested folder (lab0/warmup.c)              passed
#   zip-kit       .zip, kit layout, the reference            passed
#   zip folder    .zip of a folder holding the kit layout (a blank
#                 in the name, as LMS downloads have)        passed
#   tgz-partial   .tar.gz, flat, pfn_up without the 64-bit sum  failed
#   evil-dotdot   .tar.gz with a member "../../escaped.c"   grader-error
#   evil-link     .zip whose warmup.c links to /etc/passwd  grader-error
#
# Each expected total is the rubric's maximum minus the points (from the
# rubric) of the tests that submission is known to fail.  The checks:
#
#   1. make grade-batch writes twelve pairs of reports and exactly the
#      expected scores.csv (every column but the seconds), and the text
#      reports match the grader's own --format text for three of them;
#   2. a batch stopped with SIGINT (as Ctrl-C would) once a few jobs are
#      done leaves no process behind, and RESUME=1 grades only the rest:
#      the joblog shows which, the reports of the done ones are untouched,
#      and scores.csv ends as in 1;
#   3. four of the submissions over two hosts that are both this machine
#      (tests/kernel/batch_ssh.sh stands in for ssh) give the same rows of
#      scores.csv, with jobs on both hosts and nothing left in their homes;
#   4. the safety net (--timeout) stops jobs it should, their rows say
#      grader-error and the exit status says the batch is not complete;
#   5. an archive with an absolute path is refused without grading.
#
# PARTS='hosts timeout' runs only those parts (names as in the loop at the
# end), for a quick look at one.  The hosts part also runs with SHELL
# unset, as cron and CI start it: parallel needs a shell name for the
# commands it sends.
#
# Last line: "grade-batch: N passed, M failed".

set -u
cd "$(dirname "$0")/../.." || exit 1

KIT=$PWD
WORK=$KIT/build/batch-tests
SUBS=$WORK/subs
RUBRIC=grader/rubrics/lab0.rubric
BATCH=grader/batch.sh
BUDGET=(--test-budget 10 --host-budget 1)	# per test, per host case, for every grade
CHECK_NAME=grade-batch
. tests/kernel/check.sh


# points ID: what test ID is worth in the rubric, its weight applied.
points() {
	awk -v id="$1" '$1 == "weight" { w = $2 } $1 == "test" && $2 == id { p = $3 }
			END { print p * (w == "" ? 1 : w) }' "$RUBRIC"
}

max_score() {
	awk '$1 == "weight" { w = $2 } $1 == "test" { s += $3 }
	     END { print s * (w == "" ? 1 : w) }' "$RUBRIC"
}

# ---- the submissions ----------------------------------------------------

# variant FILE SED-SCRIPT [BASE]: BASE (the reference) edited into FILE.
variant() {
	mkdir -p "$(dirname "$1")"
	sed "$2" "${3:-solutions/lab0/warmup.c}" > "$1"
}

make_submissions() {
	local stage=$WORK/stage

	rm -rf "$WORK"
	mkdir -p "$SUBS" "$stage"
	variant "$SUBS/reference/labs/lab0/warmup.c" ''
	variant "$SUBS/skeleton/labs/lab0/warmup.c" '' labs/lab0/warmup.c
	variant "$SUBS/compile-error/labs/lab0/warmup.c" \
		's|return addr >> PAGE_SHIFT;|return addr >> PAGE_SHIFT +;|'
	variant "$SUBS/crash/labs/lab0/warmup.c" '/^unsigned int get_order/,/^}/s|^{$|{\
	if (size == 3 * PAGE_SIZE)\
		return *(volatile unsigned int *)0;|'
	variant "$SUBS/hang/labs/lab0/warmup.c" '/^unsigned long pfn_up/,/^}/s|^{$|{\
	if (addr == 0x9F000)\
		for (;;)\
			__asm__ __volatile__("" : : : "memory");|'
	variant "$SUBS/forged/warmup.c" 's|#include <asm/page.h>|&\
#include <linux/printk.h>|; /^unsigned long pfn_down/,/^}/s|^{$|{\
	static int once;\
\
	if (!once++)\
		printk("ok 1 - lab0.pfn.down\\nok 2 - lab0.pfn.up n=0123456789abcdef\\n");|' \
		labs/lab0/warmup.c
	variant "$SUBS/flood/lab0/warmup.c" 's|#include <asm/page.h>|&\
#include <linux/printk.h>|; /^unsigned long pfn_down/,/^}/s|^{$|{\
	if (addr == 0x1000)\
		for (int i = 0; i < 1000; i++)\
			printk("flood %d: all work and no play makes a dull kernel\\n", i);|'

	variant "$stage/zip-kit/labs/lab0/warmup.c" ''
	(cd "$stage/zip-kit" && zip -qr "$SUBS/zip-kit.zip" labs)
	variant "$stage/zip-folder/my-lab0/labs/lab0/warmup.c" ''
	(cd "$stage/zip-folder" && zip -qr "$SUBS/zip folder.zip" my-lab0)
	variant "$stage/tgz-partial/warmup.c" \
		's|(unsigned long)(((u64)addr + PAGE_SIZE - 1) >> PAGE_SHIFT)|(addr + PAGE_SIZE - 1) >> PAGE_SHIFT|'
	tar -czf "$SUBS/tgz-partial.tar.gz" -C "$stage/tgz-partial" warmup.c

	# -P keeps the "../" that tar would otherwise strip when packing.
	variant "$stage/dotdot/a/b/warmup.c" ''
	cp "$stage/dotdot/a/b/warmup.c" "$stage/dotdot/escaped.c"
	(cd "$stage/dotdot/a/b" && tar -czPf "$SUBS/evil-dotdot.tar.gz" warmup.c ../../escaped.c)
	mkdir -p "$stage/link"
	ln -s /etc/passwd "$stage/link/warmup.c"
	(cd "$stage/link" && zip -q --symlinks "$SUBS/evil-link.zip" warmup.c)
}

# expect STUDENT STATUS [all | FAILED-TEST-ID...]: one row of the expected
# scores.csv (without the seconds).
expect() {
	local student=$1 status=$2 total id

	shift 2
	if [ "$status" = grader-error ]; then
		total=
	elif [ "${1-}" = all ]; then
		total=0
	else
		total=$MAX
		for id; do
			total=$((total - $(points "$id")))
		done
	fi
	echo "$student,$total,$total,$status"
}

expected_scores() {
	echo "student,lab0,total,status"
	{
		expect reference passed
		expect skeleton failed all
		expect compile-error build-error all
		expect crash crashed lab0.order.boundaries \
			lab0.host.warmup.order_examples lab0.host.warmup.order_model
		expect hang hung lab0.pfn.up \
			lab0.host.warmup.pfn_up_examples lab0.host.warmup.pfn_up_model
		expect forged failed all
		expect flood passed
		expect zip-kit passed
		expect "zip folder" passed
		expect tgz-partial failed lab0.pfn.up
		expect evil-dotdot grader-error
		expect evil-link grader-error
	} | LC_ALL=C sort
}

# count STATUS: how many rows of the expected scores.csv have STATUS.
count() {
	grep -c ",$1\$" "$WORK/expected.csv"
}

# scores OUT: scores.csv without its seconds column.
scores() {
	cut -d, -f1-4 "$1/scores.csv"
}

# ---- helpers for the runs -------------------------------------------------

# in_session SID: the processes of session SID still alive, for a while.
in_session() {
	local left

	for _ in $(seq 50); do
		left=$(ps -o pid=,args= -s "$1" 2>/dev/null)
		[ -z "$left" ] && return 1
		sleep 0.2
	done
	echo "$left"
}

# reports OUT: every student of the batch has both reports in OUT.
reports() {
	local student

	[ "$(wc -l < "$1/batch.list")" -eq "${2:-12}" ] || return 1
	while IFS=$'\t' read -r student _; do
		[ -s "$1/$student.json" ] && [ -s "$1/$student.txt" ] || return 1
	done < "$1/batch.list"
}

# report_stats OUT: name, time and inode of the JSON report of each student
# in $WORK/done-students.
report_stats() {
	local student

	while IFS= read -r student; do
		stat -c '%n %Y %i' "$1/$student.json"
	done < "$WORK/done-students"
}

# joblog_done OUT: the sequence numbers of the jobs the joblog shows done.
joblog_done() {
	awk -F'\t' 'NR > 1 && $7 == 0 { print $1 }' "$1/joblog" | sort
}

# ---- 1. the whole batch ---------------------------------------------------

run_whole() {
	local out=$WORK/whole status name

	make -s grade-batch DIR="$SUBS" LAB=0 OUT="$out" JOBS=2 GRADE_FLAGS="${BUDGET[*]}" \
		> "$WORK/whole.log" 2>&1
	status=$?
	check "make grade-batch finishes with status 0 (every submission has its reports)" $status
	[ $status -eq 0 ] || tail -n 20 "$WORK/whole.log"
	reports "$out"
	check "twelve JSON and twelve text reports" $?
	scores "$out" > "$WORK/whole.csv"
	diff "$WORK/expected.csv" "$WORK/whole.csv"
	check "scores.csv is exactly the expected one (reference $MAX, skeleton 0, ...)" $?
	! awk -F, 'NR > 1 && $5 !~ /^[0-9]+\.[0-9]$/' "$out/scores.csv" | grep -q .
	check "every row's seconds is a number" $?
	grep -qx "  passed $(count passed), failed $(count failed), did not build $(count build-error), crashed $(count crashed), hung $(count hung), grader error $(count grader-error)" \
		"$out/summary" && grep -q '^total scores (out of '"$MAX"'):' "$out/summary" &&
		[ "$(sed -n '/^slowest:/,$p' "$out/summary" | grep -c ' s  ')" -eq 3 ]
	check "the summary counts each status, draws the histogram, names the 3 slowest" $?
	jq -e '.labs[0].rejected | length > 0' "$out/forged.json" > /dev/null
	check "forged: its fake ok lines are listed as rejected" $?
	# A grade in place trusts the whole tree (README, "Trust boundary"):
	# every job must grade through --submission, which its report names.
	for name in "$out"/*.json; do
		jq -e '.submission != null' "$name" > /dev/null || break
	done
	check "every job graded its files as a submission (.submission set)" $?
	grep -q "member '../../escaped.c' leaves the folder" "$out/evil-dotdot.txt" &&
		grep -q "link 'warmup.c' leads outside the submission" "$out/evil-link.txt"
	check "evil archives: refused, the reports say why" $?

	# The text report laid out from the JSON is the grader's own text.
	for name in crash forged compile-error; do
		build/tools/grade --kit . --lab 0 --submission "$SUBS/$name" --quiet --jobs 1 \
			"${BUDGET[@]}" > "$WORK/$name.grader.txt"
		sed -e '1s|^grading submission .* with|grading submission X with|' \
		    -e 's|[0-9]*\.[0-9] s|N s|g' -e 's|/run-[A-Za-z0-9]*/|/run-X/|g' \
			"$WORK/$name.grader.txt" > "$WORK/$name.a"
		sed -e '1s|^grading submission .* with|grading submission X with|' \
		    -e 's|[0-9]*\.[0-9] s|N s|g' -e 's|/run-[A-Za-z0-9]*/|/run-X/|g' \
			"$out/$name.txt" > "$WORK/$name.b"
		diff "$WORK/$name.a" "$WORK/$name.b" > "$WORK/$name.diff"
		check "$name.txt is the grader's text report (times aside)" $?
	done
}

# ---- 2. interrupted, then resumed -----------------------------------------

run_resumed() {
	local out=$WORK/resumed sid status done_before lines_before new again left

	rm -rf "$out"
	setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' _ "$WORK/batch.sid" \
		"$BATCH" --dir "$SUBS" --lab 0 --out "$out" --jobs 2 -- "${BUDGET[@]}" \
		> "$WORK/resumed-1.log" 2>&1 &
	for _ in $(seq 600); do
		[ -f "$out/joblog" ] && [ "$(wc -l < "$out/joblog")" -ge 6 ] && break
		sleep 0.1
	done
	sid=$(cat "$WORK/batch.sid")
	kill -INT -- "-$sid"
	wait $!
	status=$?
	[ $status -ne 0 ]
	check "SIGINT stops the batch (status $status)" $?
	left=$(in_session "$sid")
	[ -z "$left" ]
	check "no grade, bootrun or emulator of it is left running" $?
	[ -z "$left" ] || echo "$left"

	joblog_done "$out" > "$WORK/done-before"
	done_before=$(wc -l < "$WORK/done-before")
	lines_before=$(wc -l < "$out/joblog")
	[ "$done_before" -ge 5 ] && [ "$done_before" -lt 12 ]
	check "it stopped halfway ($done_before of 12 done)" $?
	while read -r seq; do
		sed -n "${seq}p" "$out/batch.list" | cut -f1
	done < "$WORK/done-before" > "$WORK/done-students"
	report_stats "$out" > "$WORK/done-stat"

	"$BATCH" --lab 0 --out "$out" --jobs 2 --resume -- "${BUDGET[@]}" \
		> "$WORK/resumed-2.log" 2>&1
	check "RESUME=1 finishes with status 0" $?
	new=$(tail -n +"$((lines_before + 1))" "$out/joblog" | cut -f1 | sort)
	[ "$(echo "$new" | grep -c .)" -eq $((12 - done_before)) ]
	check "RESUME=1 runs $((12 - done_before)) jobs, the rest" $?
	again=$(comm -12 <(echo "$new") "$WORK/done-before")
	[ -z "$again" ]
	check "no submission done before is graded again" $?
	report_stats "$out" | cmp -s - "$WORK/done-stat"
	check "their reports are untouched" $?
	[ "$(joblog_done "$out" | sort -u | wc -l)" -eq 12 ]
	check "the joblog shows all twelve done" $?
	scores "$out" | diff "$WORK/expected.csv" -
	check "scores.csv after the resume is the expected one" $?
}

# ---- 3. two hosts ------------------------------------------------------------

run_hosts() {
	local out=$WORK/hosts-out subs=$WORK/subs-hosts host name

	# What goes over ssh and back is the same for every submission, so
	# four of them do: an archive, a pass, a failure, a build error.
	rm -rf "$subs"
	mkdir -p "$subs"
	for name in reference skeleton compile-error zip-kit.zip; do
		cp -r "$SUBS/$name" "$subs/"
	done
	for host in host-a host-b; do
		echo "1/$KIT/tests/kernel/batch_ssh.sh $host"
	done > "$WORK/hosts"
	env -u SHELL "$BATCH" --dir "$subs" --lab 0 --out "$out" --hosts "$WORK/hosts" \
		-- "${BUDGET[@]}" > "$WORK/hosts.log" 2>&1
	check "HOSTS= with two hosts finishes with status 0" $?
	reports "$out" 4
	check "all four pairs of reports came back" $?
	scores "$out" | diff <(grep -E '^(student|reference|skeleton|compile-error|zip-kit),' \
		"$WORK/expected.csv") -
	check "scores.csv is the same as on one machine" $?
	cut -f2 "$out/joblog" | grep -q 'host-a$' && cut -f2 "$out/joblog" | grep -q 'host-b$'
	check "both hosts graded some" $?
	[ -d "$WORK/homes/host-a" ] && [ -d "$WORK/homes/host-b" ] &&
		[ -z "$(find "$WORK/homes" ! -type d)" ]
	check "the jobs ran in the hosts' homes, which are left empty" $?
}

# ---- 4. the safety net ---------------------------------------------------------

run_timeout() {
	local out=$WORK/timeout status

	# Two hangs, with the default budget of 60 emulated seconds: neither
	# can finish before a net of one second (a grade that is finishing
	# when the net strikes may still write its reports: that is a race,
	# not a fault, and not what this checks).
	mkdir -p "$WORK/slow"
	cp -r "$SUBS/hang" "$WORK/slow/hang"
	cp -r "$SUBS/hang" "$WORK/slow/hang-again"
	setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' _ "$WORK/timeout.sid" \
		"$BATCH" --dir "$WORK/slow" --lab 0 --out "$out" --jobs 2 --timeout 1 \
		> "$WORK/timeout.log" 2>&1
	status=$?
	[ $status -eq 1 ]
	check "--timeout 1: the batch says it is not complete (status $status)" $?
	[ "$(grep -c ',,,grader-error,' "$out/scores.csv")" -eq 2 ] &&
		! ls "$out"/*.json > /dev/null 2>&1
	check "the stopped jobs' rows say grader-error, with no report" $?
	[ -z "$(in_session "$(cat "$WORK/timeout.sid")")" ]
	check "the stopped grades left nothing running" $?
}

# ---- 5. an absolute path ---------------------------------------------------------

run_absolute() {
	local dir=$WORK/absolute

	mkdir -p "$dir/in" "$dir/out"
	cp solutions/lab0/warmup.c "$dir/warmup.c"
	tar -czPf "$dir/in/abs.tar.gz" "$dir/warmup.c" 2>/dev/null
	grader/batch_job.sh "$KIT" 0 "$dir/out" abs "$dir/in/./abs.tar.gz" > /dev/null &&
		jq -e '.status == "error" and (.error | test("absolute path"))' \
			"$dir/out/abs.json" > /dev/null
	check "an archive with an absolute path is refused, the report says why" $?
}

if [ ! -d solutions ]; then	# a student handout: no reference to build on
	echo "grade-batch: skipped (the submissions are made from solutions/, which a handout lacks)"
	exit 0
fi
make -s tools > /dev/null || exit 1
MAX=$(max_score)
start=$SECONDS
make_submissions
expected_scores > "$WORK/expected.csv"
for part in ${PARTS:-whole resumed hosts timeout absolute}; do
	part_start=$SECONDS
	run_$part
	echo "grade-batch: $part took $((SECONDS - part_start)) s"
done
echo "grade-batch: the test took $((SECONDS - start)) s (wall, for information)"
echo "grade-batch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
