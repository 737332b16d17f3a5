#!/bin/bash
# tools/book/hidden-tests.sh OUT.md - the instructor edition's page on the
# hidden tests, generated from the rubrics and the hidden tests' sources.
#
# Why generated: the page names hidden test ids, and a tracked file naming
# them would leak into the student handout (tests/kernel/handout_tests.sh
# greps the handout for every hidden id).  So the page is written at build
# time, only for `make book EDITION=instructor`, from what grades them:
# every rubric line ending in `hidden`, and the @file comment of each
# tests/labN/*_hidden_* source.

set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: tools/book/hidden-tests.sh OUT.md}

{
	echo "# Hidden tests {#hidden_tests}"
	echo
	echo "This page is in the instructor edition only, written by"
	echo "tools/book/hidden-tests.sh from the rubrics.  A hidden test is graded"
	echo "by your kit but left out of the handout (see \\ref instructor), so a"
	echo "submission tuned to the visible tests alone loses its points."
	echo
	echo "| Test | Lab | Points | Rubric |"
	echo "|---|---|---|---|"
	grep -HE '^[[:space:]]*test[[:space:]].*[[:space:]]hidden([[:space:]]|#|$)' grader/rubrics/*.rubric |
	while IFS=: read -r rubric line; do
		set -- $line
		lab=${2%%.*}
		echo "| \`$2\` | ${lab#lab} | $3 | $(basename "$rubric") |"
	done
	echo
	for f in tests/lab*/*_hidden_*; do
		[ -e "$f" ] || continue
		echo "## $(basename "$f")"
		echo
		echo "Source: \\ref $(basename "$f")"
		echo
		# The file's opening doc comment, without its frame and @file line.
		awk 'NR == 1 && !/^\/\*\*/ { exit }
		     /\*\// { exit }
		     NR > 1 && !/@file/ { sub(/^ \* ?/, ""); sub(/^ \*$/, ""); print }' "$f"
		echo
		echo "Tests in it: $(grep -oE 'KTEST[A-Z_]*\([a-z0-9_]+, *[a-z0-9_]+, *[a-z0-9_]+\)' "$f" |
			sed -E 's/.*\(([a-z0-9_]+), *([a-z0-9_]+), *([a-z0-9_]+)\)/`\1.\2.\3`/' | paste -sd' ')."
		echo
	done
} > "$out"
