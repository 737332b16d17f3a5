#!/bin/bash
# tools/mkhandout.sh DEST - make the student handout of the kit in DEST.
#
# The handout is the kit as students get it: every file git tracks, except
#   solutions/                       the reference solutions
#   tests/labN/*_hidden_*            the hidden tests' sources
#   tests/labN/mutants.equivalent    lists that quote the reference's lines
#   tests/labN/requirements.txt      TODO requirements and the (hidden) tests
#   rubric lines marked `hidden`     so their ids are not even named
#   book/instructor.md               the instructor's chapter (the student
#                                    edition of the book leaves it out too)
#   tools/mkhandout.sh, tools/handout/   what makes the handout itself
# and README.md is the students' own, tools/handout/README.md: the kit's
# README is the instructor's (its quick start boots SRC=solutions).
# Everything else (skeletons, visible tests, grader, book) is copied as is;
# the handout's Makefile finds the labs in labs/ when solutions/ is absent,
# and refuses the instructor's targets there.
# Run from the kit's root (make handout does).

set -euo pipefail

dest=${1:?usage: tools/mkhandout.sh DEST}
[ -e "$dest" ] && { echo "mkhandout: $dest exists; remove it first" >&2; exit 1; }
git rev-parse --show-toplevel > /dev/null 2>&1 ||
	{ echo "mkhandout: run in the kit's git work tree" >&2; exit 1; }

mkdir -p "$dest"
git ls-files -z | while IFS= read -r -d '' f; do
	case "$f" in
	solutions/*|tests/lab*/*_hidden_*|tests/lab*/mutants.equivalent|tests/lab*/requirements.txt) continue ;;
	book/instructor.md|tools/mkhandout.sh|tools/handout/*) continue ;;
	esac
	mkdir -p "$dest/$(dirname "$f")"
	cp -p "$f" "$dest/$f"
done
cp tools/handout/README.md "$dest/README.md"

# Rubrics without their hidden lines (and their comments about them).
for r in "$dest"/grader/rubrics/*.rubric; do
	tools/handout/student-rubric.sh "$r" > "$r.new"
	mv "$r.new" "$r"
done

hidden=$(git ls-files 'tests/lab*/*_hidden_*' | wc -l)
echo "handout: $dest ($(git ls-files | wc -l) files in the kit, solutions/ and $hidden hidden test file(s) left out)"
