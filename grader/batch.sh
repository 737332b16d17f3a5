#!/bin/bash
# grader/batch.sh - `make grade-batch`: grade a whole class with GNU
# parallel, one report per student, one scores.csv, a summary at the end.
#
#   batch.sh --dir DIR [--lab N|all] [--jobs N] [--hosts FILE] [--out OUT]
#            [--resume] [--timeout S] [-- GRADE OPTION...]
#
# It lives in grader/ beside bench.sh because, like bench.sh, it is a
# client of build/tools/grade and of nothing else: it adds no verdicts of
# its own, only the class around the grader (tools/ holds what builds the
# kit).  GNU parallel is the job runner: its joblog, --resume, --timeout
# and ssh logins are what a class batch needs, and none of it is written
# here again.
#
# DIR holds one submission per student: a folder, NAME.zip or
# NAME.tar.gz (the student is NAME); anything else is named and skipped.
# Each is one job of grader/batch_job.sh, which unpacks an archive
# safely and grades once with --format json --jobs 1, so a submission
# costs one CPU and its own budgets whatever it does.  OUT (default
# build/batch) gets:
#
#   STUDENT.json, STUDENT.txt   the full report, JSON and text (one grade)
#   scores.csv                  student, a score per lab, total, status,
#                               seconds; sorted by student, a header row
#   summary                     what the end of the run prints
#   joblog                      parallel's record: one line per finished job
#   batch.list, batch.lab       the submissions and lab of this batch
#
# Only the reports end in .json or .txt, so no student's name can clash
# with the batch's own files.  Options after "--" (make's GRADE_FLAGS) go
# to every grade, e.g. "--test-budget 20".
#
# JOBS (default: the number of CPUs; with HOSTS, of each host) grades run
# at once.  --timeout is a
# safety net only (default 300 s + 1500 s per lab graded: more than the
# grader's own build timeout and run cap, 300 s + 900 s per lab), after
# which parallel stops the job (TERM, then KILL 5 s later) and the
# student's row says grader-error.
#
# --resume finishes an interrupted batch: parallel skips every job its
# joblog shows done, and runs again the jobs that were interrupted or
# stopped by the safety net (batch_job.sh exits 1 for those, 0 for any
# grade, so --resume-failed, not plain --resume).  The job list is the
# one saved in OUT, so the sequence numbers in the joblog still match.
#
# --hosts FILE is parallel's --sshloginfile: one ssh login per line, with
# an optional job count ("4/grader2.example.org"), and ":" for this
# machine.  Every host needs the kit, built (make tools), at the same
# absolute path, plus rsync; parallel copies each submission there
# (--transferfile) and brings the two reports back (--return, as
# returned/SEQ.json and .txt, renamed here).  The set-up is in
# book/instructor.md.
#
# Exit status: 0 every submission has its reports (whatever its grade,
# a grader error included: the row and the report say why); 1 some have
# none, as the batch was interrupted or the safety net stopped them
# (RESUME=1 grades those); 2 the batch could not start.

set -u

kit=$(cd "$(dirname "$0")/.." && pwd)
dir='' lab=all lab_given='' jobs='' hosts='' out=$kit/build/batch resume=0 timeout=''
grade_opts=()

die() {
	echo "grade-batch: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--dir)     dir=${2-}; shift 2 ;;
	--lab)     lab=${2-}; lab_given=1; shift 2 ;;
	--jobs)    jobs=${2-}; shift 2 ;;
	--hosts)   hosts=${2-}; shift 2 ;;
	--out)     out=${2-}; shift 2 ;;
	--timeout) timeout=${2-}; shift 2 ;;
	--resume)  resume=1; shift ;;
	--)        shift; grade_opts=("$@"); break ;;
	*)         die "unknown option '$1' (usage: grader/batch.sh --dir DIR [--lab N|all] [--jobs N] [--hosts FILE] [--out OUT] [--resume] [-- GRADE OPTION...])" ;;
	esac
done

for tool in parallel jq; do
	command -v $tool >/dev/null ||
		die "needs $tool: apt-get install $tool (make deps installs every package the kit needs)"
done
[ -x "$kit/build/tools/grade" ] || die "no $kit/build/tools/grade: run make tools first"
[ -n "$dir" ] || [ $resume -eq 1 ] || die "DIR= is missing: the folder of submissions"
[ -z "$dir" ] || [ -d "$dir" ] || die "DIR=$dir is not a folder"
[ -z "$hosts" ] || [ -r "$hosts" ] || die "HOSTS=$hosts cannot be read"
case $jobs in
'' | [1-9] | [1-9][0-9] | [1-9][0-9][0-9]) ;;
*) die "JOBS=$jobs is not a number of jobs (1-999)" ;;
esac
case $lab in
all | [0-9]) ;;
*) die "LAB=$lab is not a lab (0-9 or all)" ;;
esac
hosts=${hosts:+$(realpath "$hosts")}
# parallel writes the command it sends to another host for the shell that
# $SHELL names; where SHELL is unset (cron, CI, a service's environment) it
# sends one no shell runs, and every remote job fails without a report.
export SHELL=${SHELL:-/bin/sh}
out=$(realpath -m -- "$out")

# list_submissions DIR: "STUDENT<tab>DIR/./ENTRY" per submission, sorted by
# student; what is not a submission is named on stderr.
list_submissions() {
	local root entry name student

	root=$(realpath "$1")
	for entry in "$root"/*; do
		[ -e "$entry" ] || continue
		name=${entry##*/}
		case $name in
		*$'\t'* | *$'\n'*)
			echo "grade-batch: skipped '$name': a tab or newline in its name" >&2
			continue ;;
		esac
		if [ -d "$entry" ]; then
			student=$name
		elif [ -f "$entry" ] && [[ $name == ?*.zip ]]; then
			student=${name%.zip}
		elif [ -f "$entry" ] && [[ $name == ?*.tar.gz ]]; then
			student=${name%.tar.gz}
		else
			echo "grade-batch: skipped '$name': not a folder, .zip or .tar.gz" >&2
			continue
		fi
		printf '%s\t%s/./%s\n' "$student" "$root" "$name"
	done | LC_ALL=C sort -t $'\t' -k1,1
}

# The labs scores.csv has a column for: LAB, or every lab with a rubric.
csv_labs() {
	local rubric

	if [ "$lab" != all ]; then
		echo "$lab"
	else
		for rubric in "$kit"/grader/rubrics/lab[0-9].rubric; do
			rubric=${rubric##*/lab}
			echo "${rubric%.rubric}"
		done
	fi
}

# A fresh OUT, or the batch OUT holds for --resume.
prepare_out() {
	local list dup

	if [ $resume -eq 1 ]; then
		[ -s "$out/batch.list" ] && [ -f "$out/joblog" ] ||
			die "RESUME=1: $out holds no batch to resume"
		[ -n "$lab_given" ] || lab=$(cat "$out/batch.lab")
		[ "$lab" = "$(cat "$out/batch.lab")" ] ||
			die "RESUME=1: $out is a batch of LAB=$(cat "$out/batch.lab"), not LAB=$lab"
		if [ -n "$dir" ] && ! list_submissions "$dir" 2>/dev/null | cmp -s - "$out/batch.list"; then
			echo "grade-batch: $dir has changed since the batch started;" \
				"resuming the saved list (a new batch grades the changes)" >&2
		fi
		return
	fi
	list=$(list_submissions "$dir") || exit 2
	[ -n "$list" ] || die "no submissions in $dir (folders, .zip or .tar.gz)"
	dup=$(cut -f1 <<< "$list" | uniq -d | head -n 3)
	[ -z "$dup" ] || die "two submissions for the same student: $(tr '\n' ' ' <<< "$dup")(e.g. NAME/ and NAME.zip)"
	if [ -e "$out" ] && [ ! -f "$out/batch.list" ] && [ -n "$(ls -A "$out")" ]; then
		die "OUT=$out has files no batch wrote: choose another OUT"
	fi
	rm -rf "$out"
	mkdir -p "$out" || exit 2
	printf '%s\n' "$list" > "$out/batch.list"
	echo "$lab" > "$out/batch.lab"
}

# run_parallel: every job not yet done, with the options of the header.
run_parallel() {
	local nlabs args

	nlabs=$(csv_labs | wc -l)
	args=(--joblog joblog --colsep '\t' --quote --halt never
	      --timeout "${timeout:-$((300 + 1500 * nlabs))}" --termseq 'TERM,5000,KILL,25')
	[ $resume -eq 1 ] && args+=(--resume-failed)
	[ -t 2 ] && args+=(--bar)
	if [ -n "$hosts" ]; then
		args+=(--sshloginfile "$hosts" --workdir ... --transferfile '{2}'
		       --return 'returned/{#}.json' --return 'returned/{#}.txt' --cleanup)
		[ -n "$jobs" ] && args+=(--jobs "$jobs")
	else
		args+=(--jobs "${jobs:-$(nproc)}")
	fi
	(cd "$out" && parallel "${args[@]}" "$kit/grader/batch_job.sh" "$kit" "$lab" \
		"$out" '{1}' '{2}' "${grade_opts[@]}" :::: batch.list)
}

# collect_returned: the reports that came back from other hosts, named by
# job number (batch_job.sh says why), renamed after their students.
collect_returned() {
	local seq=0 student _input

	[ -d "$out/returned" ] || return 0
	while IFS=$'\t' read -r student _input; do
		seq=$((seq + 1))
		[ -f "$out/returned/$seq.json" ] || continue
		mv -f "$out/returned/$seq.txt" "$out/$student.txt" &&
			mv -f "$out/returned/$seq.json" "$out/$student.json"
	done < "$out/batch.list"
	rm -rf "$out/returned"
}

# write_scores: scores.csv, and .rows (status, total, max, seconds, student
# per line, tab-separated) for the summary.
write_scores() {
	local labs seq=0 student _input seconds report

	labs=$(csv_labs | jq -R 'tonumber' | jq -sc .)
	{ printf 'student'; csv_labs | sed 's/^/,lab/' | tr -d '\n'; echo ',total,status,seconds'; } \
		> "$out/scores.csv"
	: > "$out/.rows"
	while IFS=$'\t' read -r student _input; do
		seq=$((seq + 1))
		# The job's last joblog line: its wall seconds (a resumed job has two).
		seconds=$(awk -F'\t' -v s=$seq '$1 == s { t = $4 } END { if (t != "") printf "%.1f", t }' \
			"$out/joblog")
		report=$out/$student.json
		if [ -f "$report" ]; then
			jq -r -L "$kit/grader" --arg s "$student" --argjson labs "$labs" \
				--arg t "$seconds" 'include "batch"; csv_row($s; $labs; $t)' \
				"$report" >> "$out/scores.csv"
			jq -r -L "$kit/grader" --arg s "$student" --arg t "$seconds" \
				'include "batch"; [batch_status, .score, .max_score, $t, $s] | @tsv' \
				"$report" >> "$out/.rows"
		else
			jq -nr -L "$kit/grader" --arg s "$student" --argjson labs "$labs" \
				--arg t "$seconds" 'include "batch"; missing_row($s; $labs; $t)' \
				>> "$out/scores.csv"
			printf 'no-report\t\t\t%s\t%s\n' "$seconds" "$student" >> "$out/.rows"
		fi
	done < "$out/batch.list"
}

# summary: counts, a histogram of the totals, the three slowest.
summary() {
	awk -F'\t' -v lab="$lab" -v out="$out" '
	{ n++; count[$1]++ }
	$1 != "no-report" && $1 != "grader-error" { total[++g] = $2; if ($3 > max) max = $3 }
	END {
		printf "grade-batch: %d submission%s, %s; reports in %s\n", n, n == 1 ? "" : "s",
			lab == "all" ? "every lab" : "lab " lab, out
		printf "  passed %d, failed %d, did not build %d, crashed %d, hung %d, grader error %d\n",
			count["passed"], count["failed"], count["build-error"], count["crashed"],
			count["hung"], count["grader-error"]
		if (count["no-report"])
			printf "  %d without a report (interrupted, or stopped by the safety net): RESUME=1 grades them\n",
				count["no-report"]
		if (!g)
			exit
		# Ten bins of whole points at most: 0-2, 3-5, ... for a maximum of 21.
		w = int(max / 10) + (max % 10 != 0)
		if (w < 1) w = 1
		nb = int(max / w)
		for (i = 1; i <= g; i++) bin[int(total[i] / w)]++
		for (b = 0; b <= nb; b++) if (bin[b] > most) most = bin[b]
		for (b = 0; b <= nb; b++) {
			lo = b * w; hi = lo + w - 1; if (hi > max) hi = max
			label[b] = lo == hi ? sprintf("%g", lo) : sprintf("%g-%g", lo, hi)
			if (length(label[b]) > lw) lw = length(label[b])
		}
		printf "total scores (out of %g):\n", max
		for (b = 0; b <= nb; b++) {
			len = most > 40 ? int(bin[b] * 40 / most + 0.5) : bin[b]
			bar = ""
			for (j = 0; j < len; j++) bar = bar "#"
			printf "  %" lw "s |%-" (most > 40 ? 40 : most) "s %d\n", label[b], bar, bin[b]
		}
	}' "$out/.rows"
	echo "slowest:"
	awk -F'\t' '$4 != ""' "$out/.rows" | LC_ALL=C sort -t $'\t' -k4,4gr -k5,5 | head -n 3 |
		awk -F'\t' '{ printf "  %-24s %7.1f s  %s\n", $5, $4, $1 == "no-report" ? "no report" : $1 }'
}

prepare_out
start=$SECONDS
run_parallel
collect_returned
write_scores
{ summary; echo "this run took $((SECONDS - start)) s"; } | tee "$out/summary"
! grep -q '^no-report' "$out/.rows"
status=$?
rm -f "$out/.rows"
exit $status
