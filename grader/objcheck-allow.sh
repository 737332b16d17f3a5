#!/bin/sh
# grader/objcheck-allow.sh - the object check's allow-lists, from what the
# reference solutions' objects import (grader/README.md, "Object check").
#
#   objcheck-allow.sh OBJLIST BUILD [RUBRICS]
#
# BUILD is a build of stage 8 from solutions/ (make LAB=8 SRC=solutions):
# its obj/solutions/labK/*.o are the reference's lab files, the rest of its
# obj/ the kit's.  For each lab K it prints the lines its rubric needs:
#
#   allow       what lab K's reference imports, less what the reference's
#               files of labs 0..K define (the stage's lab files may always
#               call each other) and what an earlier lab already allows
#   allow-insn  the privileged instruction families lab K's reference holds
#   override    the kit's (weak) symbols lab K's reference defines
#
# With RUBRICS (a directory of labN.rubric) it prints nothing and checks
# instead that every rubric lists at least those names: exit 1 and the
# missing ones if not.  An instructor may allow more than the reference
# uses; never less, or the reference itself would be refused.
set -eu

objlist=$1 build=$2 rubrics=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ref=$build/obj/solutions
[ -d "$ref" ] || { echo "objcheck-allow: no $ref (make LAB=8 SRC=solutions BUILD=$build)" >&2; exit 2; }
find "$build/obj" -name '*.o' ! -path "$ref/*" | sort | xargs "$objlist" |
	awk '$2 == "define" { print $3 }' | sort -u > "$tmp/kit"

status=0
: > "$tmp/allowed"
for lab in 0 1 2 3 4 5 6 7 8; do
	objs=$(ls "$ref/lab$lab"/*.o 2>/dev/null || true)
	[ -n "$objs" ] || continue
	"$objlist" $objs | sed 's/^[^ ]* //' | sort -u > "$tmp/lab"
	for l in $(seq 0 "$lab"); do
		ls "$ref/lab$l"/*.o 2>/dev/null || true
	done | xargs -r "$objlist" | awk '$2 == "define" { print $3 }' |
		sort -u > "$tmp/defs"
	awk '$1 == "import" { print $2 }' "$tmp/lab" |
		comm -23 - "$tmp/defs" | comm -23 - "$tmp/allowed" > "$tmp/allow"
	awk '$1 == "insn" { print $2 }' "$tmp/lab" > "$tmp/insn"
	awk '$1 == "define" { print $2 }' "$tmp/lab" |
		comm -12 - "$tmp/kit" > "$tmp/override"
	sort -u "$tmp/allowed" "$tmp/allow" -o "$tmp/allowed"
	if [ -z "$rubrics" ]; then
		echo "# lab $lab"
		for kw in allow insn override; do
			word=$kw
			[ "$kw" = insn ] && word=allow-insn
			xargs -r -n 6 echo "$word" < "$tmp/$kw"
		done
		continue
	fi
	# A name each rubric line lists, per keyword: "allow printk", ...
	rubric=$rubrics/lab$lab.rubric
	sed 's/#.*//' "$rubric" |
		awk '$1 == "allow" || $1 == "allow-insn" || $1 == "override" {
			for (i = 2; i <= NF; i++) print $1, $i }' | sort -u > "$tmp/has"
	for kw in allow insn override; do
		word=$kw
		[ "$kw" = insn ] && word=allow-insn
		sed "s/^/$word /" "$tmp/$kw"
	done | sort -u | comm -23 - "$tmp/has" > "$tmp/missing"
	if [ -s "$tmp/missing" ]; then
		echo "objcheck-allow: $rubric lacks what the reference needs:" >&2
		sed 's/^/  /' "$tmp/missing" >&2
		status=1
	fi
done
[ -z "$rubrics" ] || [ $status -ne 0 ] ||
	echo "objcheck-allow: every rubric allows what its reference needs"
exit $status
