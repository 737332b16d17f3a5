#!/bin/bash
# tools/mksubmission.sh N OUT.zip - pack what a grade of lab N takes from a student.
#
# The grader takes from a submission only its manifest: the `file` lines of
# the rubrics of labs 0 to N (grader/rubrics/labK.rubric), since stage N's
# kernel runs labs 0..N.  A file the zip left out would be graded as the
# kit's skeleton, so a lab 3 submission holds labs 0-3's files: for the
# rubrics of today, labs/lab0/warmup.c, labs/lab1/init_32.c, ...
#
# Exactly those files go in, each under its path in the kit
# (labs/lab3/page_alloc.c), the first layout the grader's overlay looks
# for; nothing else (no Makefile, test or build output), so what a
# student uploads is what is graded.  A file that is missing or is a
# symbolic link stops it: the grader would not take it either.
# Run from the kit's root (make submission LAB=n does).

set -euo pipefail

lab=${1:-} out=${2:-}
case $lab in
[0-9]) ;;
*) echo "usage: tools/mksubmission.sh LAB OUT.zip (LAB a lab number, 0..9)" >&2; exit 2 ;;
esac
[ -n "$out" ] || { echo "usage: tools/mksubmission.sh LAB OUT.zip" >&2; exit 2; }
[ -f "grader/rubrics/lab$lab.rubric" ] ||
	{ echo "submission: lab $lab has no rubric (grader/rubrics/lab$lab.rubric)" >&2; exit 1; }

files=()
for ((n = 0; n <= lab; n++)); do
	rubric=grader/rubrics/lab$n.rubric
	[ -f "$rubric" ] || continue
	while read -r f; do
		files+=("$f")
	done < <(awk '$1 == "file" { print $2 }' "$rubric")
done
[ ${#files[@]} -gt 0 ] || { echo "submission: no file lines in the rubrics of labs 0..$lab" >&2; exit 1; }

for f in "${files[@]}"; do
	if [ -L "$f" ]; then
		echo "submission: $f is a symbolic link; the grader takes only regular files" >&2
		exit 1
	elif [ ! -f "$f" ]; then
		echo "submission: $f is missing (grader/rubrics/ names it)" >&2
		exit 1
	fi
done

mkdir -p "$(dirname "$out")"
rm -f "$out"
# -X: no uid/gid or other extra fields, only names, times and contents.
zip -q -X "$out" "${files[@]}"
echo "submission: $out, ${#files[@]} file(s) of labs 0..$lab: ${files[*]}"
