#!/bin/bash
# tools/handout/student-rubric.sh RUBRIC - the rubric as students get it,
# on stdout: without its hidden tests (the lines `test ID POINTS hidden`)
# and without the comments that speak of them, so not even their ids are
# named.  Used by tools/mkhandout.sh for the handout and by
# tools/book/grade-student.sh for the book's "done when" blocks.

set -eu
grep -vE '^[[:space:]]*test[[:space:]].*[[:space:]]hidden([[:space:]]|#|$)' "${1:?usage: student-rubric.sh RUBRIC}" |
	grep -viE '^#.*hidden' || true
