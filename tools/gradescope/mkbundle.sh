#!/bin/bash
# tools/gradescope/mkbundle.sh OUT.zip LAB HIDDEN_VISIBILITY - make the
# Gradescope autograder bundle (make gradescope).  Run from the kit's root.
#
# Gradescope wants a zip with setup.sh and run_autograder at its top; it
# unpacks the whole zip into /autograder/source.  Ours:
#
#   setup.sh, run_autograder   tools/gradescope/, with their own headers
#   results.jq                 run_autograder's edit of the grader's report
#   gradescope.conf            LAB and HIDDEN_VISIBILITY, from make's variables
#   executables.txt            the files that must keep their execute bit
#   kit/                       the grading kit
#
# What goes into kit/, and why.  The bundle runs on Gradescope's server and
# is never shown to students, but everything in it is still one mistake
# away from them (a compiler message, a leaked zip), so it holds what
# grading needs and nothing more:
#
#   - the student handout (tools/mkhandout.sh): skeletons, visible tests,
#     kernel, grader, book;
#   - plus the hidden tests' sources (tests/labN/*_hidden_*) and the full
#     rubrics with their hidden lines: the hidden tests must be built,
#     run and scored, or the server's grade would not be the instructor's;
#   - never solutions/: grading a submission does not use the reference
#     (the grader copies solutions/ as empty directories anyway), and the
#     reference on a server that compiles students' code is a reference
#     a student's #include can reach;
#   - nor the instructor-only lists mkhandout leaves out
#     (tests/labN/mutants.equivalent, requirements.txt): grading does not
#     read them.
#
# The zip is rebuilt from scratch each time; its unpacked copy stays
# beside it (OUT without .zip) for inspection.

set -euo pipefail

out=${1:?usage: tools/gradescope/mkbundle.sh OUT.zip LAB HIDDEN_VISIBILITY}
lab=${2:?usage: tools/gradescope/mkbundle.sh OUT.zip LAB HIDDEN_VISIBILITY}
hidden=${3:?usage: tools/gradescope/mkbundle.sh OUT.zip LAB HIDDEN_VISIBILITY}

case "$hidden" in
after_published|after_due_date|hidden|visible) ;;
*)	echo "gradescope: HIDDEN_VISIBILITY=$hidden: Gradescope knows after_published," \
	     "after_due_date, hidden and visible" >&2
	exit 1 ;;
esac
if [ "$lab" != all ] && [ ! -f "grader/rubrics/lab$lab.rubric" ]; then
	echo "gradescope: LAB=$lab has no rubric (grader/rubrics/lab$lab.rubric)" >&2
	exit 1
fi

stage=${out%.zip}
zip_path=$(realpath -m "$out")
rm -rf "$stage" "$out"
mkdir -p "$stage"

# The handout, then what grading needs on top of it.
tools/mkhandout.sh "$stage/kit" > /dev/null
git ls-files -z 'tests/lab*/*_hidden_*' 'grader/rubrics/*.rubric' |
	while IFS= read -r -d '' f; do
		cp -p "$f" "$stage/kit/$f"
	done
if [ -e "$stage/kit/solutions" ]; then
	echo "gradescope: solutions/ got into the bundle; refusing to pack it" >&2
	exit 1
fi

cp -p tools/gradescope/setup.sh tools/gradescope/run_autograder \
	tools/gradescope/results.jq "$stage/"
cat > "$stage/gradescope.conf" <<EOF
# Written by make gradescope; read by setup.sh and run_autograder.
LAB=$lab			# the lab(s) graded: a number, or all
HIDDEN_VISIBILITY=$hidden	# when students see the rubric's hidden tests
EOF
(cd "$stage" && find . -type f -perm -u+x | sed 's|^\./||' | sort) > "$stage/executables.txt"

# -X: no extra attributes (owner ids, times beyond the basic one).
(cd "$stage" && zip -q -r -X "$zip_path" .)
hidden_files=$(git ls-files 'tests/lab*/*_hidden_*' | wc -l)
echo "gradescope: $out (lab(s) $lab, $(find "$stage/kit" -type f | wc -l) kit files," \
	"$hidden_files hidden test file(s), hidden tests $hidden; no solutions/)"
