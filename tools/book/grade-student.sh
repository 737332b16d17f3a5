#!/bin/bash
# tools/book/grade-student.sh N - lab N's reference solution graded the way
# a student's handout grades a submission, as the book's "done when"
# blocks show it: the rubrics without their hidden tests
# (tools/handout/student-rubric.sh), `make grade LAB=N SRC=solutions`, and
# only the report's table and score (the build and boot times around it
# vary from run to run).
#
# Why not plain `make grade`: in the instructor's kit it also runs the
# hidden tests and names them, and its total counts their points; the
# student edition of the book must show neither.  The table is summed per
# group of tests (the rubric's rows are too many for a chapter); the
# total and the score are the report's own.

set -eu
cd "$(dirname "$0")/../.."
lab=${1:?usage: tools/book/grade-student.sh LAB}
dir=build/book-rubrics
mkdir -p "$dir"
for r in grader/rubrics/*.rubric; do
	tools/handout/student-rubric.sh "$r" > "$dir/$(basename "$r").new"
	mv "$dir/$(basename "$r").new" "$dir/$(basename "$r")"
done
# The report's rows, summed per group (lab3.split, lab3.host.buddy, ...).
make -s grade LAB="$lab" SRC=solutions GRADE_FLAGS="--rubrics $PWD/$dir --quiet" 2> /dev/null |
	awk '
	/^  result / { table = 1; next }
	table && $1 == "total" { total = $2; table = 0; next }
	table && NF >= 3 {
		n = split($2, id, ".")
		g = id[1] "." id[2] (id[2] == "host" && n > 3 ? "." id[3] : "")
		if (!(g in tests)) order[++ng] = g
		split($3, pt, "/"); got[g] += pt[1]; max[g] += pt[2]; tests[g]++
		if ($1 != "PASS") bad[g]++
	}
	/^score:/ { score = $0 }
	END {
		printf "  %-28s %5s %9s\n", "group", "tests", "points"
		for (i = 1; i <= ng; i++) {
			g = order[i]
			printf "  %-28s %5d %9s%s\n", g, tests[g], got[g] "/" max[g],
				bad[g] ? "  (" bad[g] " not passed)" : ""
		}
		printf "  %-28s %5s %9s\n", "total", "", total
		print score
	}'
