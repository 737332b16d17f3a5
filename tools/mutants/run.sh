#!/bin/bash
# tools/mutants/run.sh - `make mutants`: how strong are a lab's tests?
#
#   tools/mutants/run.sh --lab N [--sample K] [--jobs J] [--min P]
#                        [--emu bochs|qemu]
#
# Why: a test suite that passes the reference proves little on its own; a
# suite that also fails the reference with one small fault in it (a
# mutant: `<` for `<=`, a deleted call) would catch that fault in a
# student's code too.  The share of mutants the tests kill is their
# strength, as a number; each surviving mutant is a test someone should
# write (or an equivalent mutant to record, see tests/labN/mutants.equivalent).
#
# What: build/tools/mutate lists the mutants of solutions/labN inside the
# TODO regions, leaving out those the equivalents file lists (a stale entry
# there stops the run).  Each mutant is graded like a student submission:
# the reference files of labs 0..N in a scratch directory, the mutated
# file among them, `build/tools/grade --submission`.  Grade exit status 0:
# every test passed, the mutant SURVIVED; 1: killed, unless the kernel did
# not compile (stillborn: counted apart, neither killed nor in N); 2: the
# grader could not run, which fails this tool.  --jobs grades run at once
# (default: the CPUs).  --emu picks the emulator of every grade (default
# the grader's, Bochs): the same tests should kill the same mutants under
# both, and this is how that is measured.  The reference itself is graded
# first: if it does not pass, killing mutants would mean nothing.
#
# Output: progress on stderr; on stdout each survivor as a one-line diff,
# the stillborn ones, and last `mutants: K killed / N (S equivalent)`.
# Exit status 0 (a measurement, not a gate), 1 below --min percent killed
# or with a stale equivalent entry, 2 if the tool itself failed.
# Scratch files are under build/mutants/labN (the grader's under build/grade).

set -u
cd "$(dirname "$0")/../.." || exit 2
KIT=$(pwd)
MUTATE=$KIT/build/tools/mutate
GRADE=$KIT/build/tools/grade

# --worker WORK LAB TOTAL NUM FILE INDEX: grade mutant NUM of TOTAL (run
# by xargs below).
# Writes WORK/results/NUM: "OUTCOME FILE INDEX", OUTCOME one of survived,
# killed, stillborn, error.
if [ "${1:-}" = --worker ]; then
	work=$2 lab=$3 total=$4 num=$5 file=$6 index=$7
	dir=$work/m$num
	rm -rf "$dir"
	cp -r "$work/base" "$dir" || exit 2
	"$MUTATE" apply "$file" "$index" > "$dir/lab$lab/$(basename "$file")" || exit 2
	# --fail-fast: the first test that sees the mutant kills it; the
	# boots and suites still running stop (a survivor is graded in full).
	"$GRADE" --kit "$KIT" --submission "$dir" --lab "$lab" --jobs 1 \
		--emu "$MUTANTS_EMU" --fail-fast --quiet --format json --out "$dir/report.json" \
		> /dev/null 2>&1
	status=$?
	case $status in
	0) outcome=survived ;;
	1)	# Not built: the build's "ok" in the report is false.
		if tr -d ' \n' < "$dir/report.json" | grep -q '"build":{"ok":false'; then
			outcome=stillborn
		else
			outcome=killed
		fi ;;
	*) outcome=error ;;
	esac
	echo "$outcome $file $index" > "$work/results/$num"
	printf 'mutants: [%d/%d] %-9s %s\n' "$(ls "$work/results" | wc -l)" \
		"$total" "$outcome" \
		"$("$MUTATE" list "$file" | sed -n "${index}p" | cut -d' ' -f1-3)" >&2
	# Keep the report of a mutant worth a look; the rest is only bulk.
	case $outcome in
	survived|error) mv "$dir/report.json" "$work/report-$num.json" ;;
	esac
	rm -rf "$dir"
	exit 0
fi

usage() {
	echo "usage: $0 --lab N [--sample K] [--jobs J] [--min PERCENT] [--emu bochs|qemu]" >&2
	exit 2
}

lab='' sample='' jobs=$(nproc) min='' emu=bochs
while [ $# -gt 0 ]; do
	case $1 in
	--lab) lab=${2:-} ;;
	--sample) sample=${2:-} ;;
	--jobs) jobs=${2:-} ;;
	--min) min=${2:-} ;;
	--emu) emu=${2:-} ;;
	*) usage ;;
	esac
	[ $# -ge 2 ] || usage
	shift 2
done
for v in "$lab" "$jobs" ${sample:+"$sample"} ${min:+"$min"}; do
	case $v in ''|*[!0-9]*) usage ;; esac
done
case $emu in bochs|qemu) ;; *) usage ;; esac
export MUTANTS_EMU=$emu		# for the workers xargs starts
[ -d "solutions/lab$lab" ] || { echo "mutants: no solutions/lab$lab here" >&2; exit 2; }
for tool in "$MUTATE" "$GRADE" build/tools/bootrun; do
	[ -x "$tool" ] || { echo "mutants: no $tool (make tools)" >&2; exit 2; }
done

work=$KIT/build/mutants/lab$lab
rm -rf "$work"
mkdir -p "$work/results" "$work/base" || exit 2

# The plan: which mutants, after the equivalents file.  A stale entry
# fails the run here, before any grading.
files=$(ls solutions/lab$lab/*.[ch])
equiv=tests/lab$lab/mutants.equivalent
opts=()
[ -f "$equiv" ] && opts+=(-e "$equiv")
[ -n "$sample" ] && opts+=(-n "$sample")
# shellcheck disable=SC2086
"$MUTATE" plan "${opts[@]}" $files > "$work/plan"
case $? in
0) ;;
1) echo "mutants: $equiv has stale entries (above): the code they named changed;" \
	"check whether the new mutants are equivalent and update the file" >&2
   exit 1 ;;
*) exit 2 ;;
esac
read -r _ _ total _ nequiv _ nplan < "$work/plan"

# A mutant in a file the rubric does not take from a submission would be
# graded as the reference: refuse rather than count it as a survivor.
for f in $(grep -v '^#' "$work/plan" | cut -d' ' -f1 | sort -u); do
	grep -q "^file *labs/lab$lab/$(basename "$f")\b" "grader/rubrics/lab$lab.rubric" || {
		echo "mutants: $f has TODO regions but is not a 'file' of grader/rubrics/lab$lab.rubric" >&2
		exit 2
	}
done

# The submission every mutant starts from: the reference of labs 0..N.
for ((k = 0; k <= lab; k++)); do
	mkdir -p "$work/base/lab$k" && cp solutions/lab$k/* "$work/base/lab$k/" || exit 2
done
echo "mutants: lab $lab: $total mutants, $nequiv equivalent, grading $nplan" \
	"${sample:+(a sample of $sample) }$jobs at a time under $emu" >&2
"$GRADE" --kit "$KIT" --submission "$work/base" --lab "$lab" --emu "$emu" --quiet \
	--format text --out "$work/reference.txt" > /dev/null 2>&1
status=$?
if [ $status -ne 0 ]; then
	echo "mutants: the reference of lab $lab does not pass its own tests" \
		"(grade status $status; report in $work/reference.txt)" >&2
	exit 2
fi

grep -v '^#' "$work/plan" | awk '{ print NR, $1, $2 }' |
	xargs -P "$jobs" -L 1 "$0" --worker "$work" "$lab" "$nplan"
[ "$(ls "$work/results" | wc -l)" -eq "$nplan" ] || {
	echo "mutants: some mutants were not graded (interrupted?)" >&2
	exit 2
}

# The summary, in plan order.
results=$(for num in $(ls "$work/results" | sort -n); do
	cat "$work/results/$num"; done)
count() { echo "$results" | grep -c "^$1 "; }
killed=$(count killed) survived=$(count survived)
stillborn=$(count stillborn) errors=$(count error)
if [ "$errors" -gt 0 ]; then
	echo "mutants: $errors grades could not run (reports in $work/report-*.json):" >&2
	echo "$results" | grep '^error ' | while read -r _ f i; do "$MUTATE" diff "$f" "$i"; done >&2
	exit 2
fi
if [ "$survived" -gt 0 ]; then
	echo "survivors (every test passed with this change):"
	echo "$results" | grep '^survived ' | while read -r _ f i; do "$MUTATE" diff "$f" "$i"; done
fi
if [ "$stillborn" -gt 0 ]; then
	echo "stillborn (did not compile; not counted): $stillborn"
	echo "$results" | grep '^stillborn ' | while read -r _ f i; do "$MUTATE" diff "$f" "$i"; done
fi
n=$((killed + survived))
[ -n "$sample" ] && echo "sample: $nplan of $((total - nequiv)) mutants (N=$sample)"
echo "mutants: $killed killed / $n ($nequiv equivalent)"
if [ -n "$min" ] && [ $((killed * 100)) -lt $((min * n)) ]; then
	echo "mutants: $((n ? killed * 100 / n : 0))% killed, below MIN=$min%" >&2
	exit 1
fi
exit 0
