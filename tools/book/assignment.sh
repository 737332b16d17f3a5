#!/bin/bash
# tools/book/assignment.sh LAB [EDITION] - the generated part of lab LAB's
# assignment page (book/labN.md, "Assignment"), as Markdown on stdout:
# one row per TODO step with its files and functions, the tests that
# check it, the rubric points of those tests, and the lines the reference
# adds for it.
#
# Why generated: every number here is already in a file - the steps and
# their "Checked by" lists in solutions/labN (the TODO markers of
# tools/mkskel.c), the points in grader/rubrics/labN.rubric - and a copy
# typed into the chapter would drift.  navfilter.sh puts this table where
# the chapter has the line `<!-- assignment-steps -->`.
#
# A test counts for every step whose "Checked by" names it (a glob such
# as lab3.merge.* counts all of lab3.merge); a test no step names is
# listed at the end.  Points are the student rubric's
# (tools/handout/student-rubric.sh), times the rubric's weight, as
# `make grade` reports them; the instructor edition adds a line
# with the hidden tests' points.  In a handout there is no solutions/:
# the steps come from the skeletons' TODO comments, without the sizes.

set -eu
cd "$(dirname "$0")/../.."
lab=${1:?usage: tools/book/assignment.sh LAB [EDITION]}
edition=${2:-student}
rubric=grader/rubrics/lab$lab.rubric

# The reference when there is one; in a handout the skeletons, whose TODO
# comments are the same but whose answers (and so their sizes) are gone.
src=solutions
[ -d solutions ] || src=labs

# Steps: "STEP<TAB>FILE<TAB>FUNCTION<TAB>LINES<TAB>TESTS" per TODO region
# (LINES -1 in a skeleton, which has no END marker: the row goes out at
# the end of the TODO's comment).
for f in $src/lab$lab/*.c; do
	awk -v F="labs/lab$lab/$(basename "$f")" -v skel=$([ $src = labs ] && echo 1 || echo 0) '
	/^[a-z_][a-zA-Z0-9_ *]*[a-zA-Z0-9_]+\(/ && !/;[[:space:]]*$/ {
		fn = $0; sub(/\(.*/, "", fn); sub(/.*[ *]/, "", fn)
	}
	/\/\* END TODO/ { printf "%s\t%s\t%s\t%d\t%s\n", step, F, fn, lines, tests; inside = 0; next }
	inside == 2 { if ($0 !~ /^[[:space:]]*$/) lines++; next }
	/\/\* TODO\([0-9.]+\):/ {
		inside = 1; text = ""; lines = 0
		step = $0; sub(/.*TODO\(/, "", step); sub(/\).*/, "", step)
	}
	inside == 1 {
		t = $0; sub(/^[[:space:]]*(\/\*|\*)?[[:space:]]*/, "", t); text = text " " t
		if ($0 ~ /\*\//) {
			inside = 2; tests = ""
			if (match(text, /Checked by .*/)) {
				c = substr(text, RSTART + 11)
				while (match(c, /lab[0-9]+\.[a-z0-9_.*]*[a-z0-9_*]/)) {
					tests = tests (tests == "" ? "" : " ") substr(c, RSTART, RLENGTH)
					c = substr(c, RSTART + RLENGTH)
				}
			}
			if (skel) { printf "%s\t%s\t%s\t-1\t%s\n", step, F, fn, tests; inside = 0 }
		}
	}' "$f"
done | sort -t. -k1,1n -k2,2n > /tmp/mmkit-assign.$$.steps
trap 'rm -f /tmp/mmkit-assign.$$.*' EXIT

# The rubric's tests: "ID POINTS" (visible), and the hidden ones apart.
# (A handout's rubric is the student's already, and has no tools/handout.)
if [ -x tools/handout/student-rubric.sh ]; then
	tools/handout/student-rubric.sh "$rubric"
else
	cat "$rubric"
fi |
	awk '$1 == "test" { print $2, $3 }' > /tmp/mmkit-assign.$$.tests
hidden=$(awk '$1 == "test" && / hidden([[:space:]]|#|$)/ { n++; p += $3 } END { print n + 0, p + 0 }' "$rubric")
weight=$(awk '$1 == "weight" { print $2 }' "$rubric")

awk -v hidden="$hidden" -v ed="$edition" -v weight="${weight:-1}" '
function glob_re(g) { gsub(/\./, "\\.", g); gsub(/\*/, ".*", g); return "^" g "$" }
NR == FNR { pts[$1] = $2 * weight; ids[++nid] = $1; next }
{
	split($0, f, "\t")
	s = f[1]
	if (!(s in seen)) { order[++ns] = s; seen[s] = 1 }
	if (index(" " files[s] ", ", " " f[2] ", ") == 0) files[s] = files[s] (files[s] == "" ? "" : ", ") f[2]
	if (index(" " fns[s] ", ", " `" f[3] "()`, ") == 0) fns[s] = fns[s] (fns[s] == "" ? "" : ", ") "`" f[3] "()`"
	lines[s] += f[4]
	k = split(f[5], g, " ")
	for (j = 1; j <= k; j++) {
		# A bare group ("every later lab1.switch test") means the group.
		if (g[j] !~ /\*/ && !(g[j] in pts))
			for (i = 1; i <= nid; i++)
				if (index(ids[i], g[j] ".") == 1) { g[j] = g[j] ".*"; break }
		hit = 0
		for (i = 1; i <= nid; i++)
			if (ids[i] ~ glob_re(g[j])) {
				hit = 1
				if (!((s, ids[i]) in counted)) {
					counted[s, ids[i]] = 1; points[s] += pts[ids[i]]; named[ids[i]] = 1
				}
			}
		name = g[j] (hit ? "" : " (no such test in the rubric)")
		if (index(" " globs[s] ",", " " name ",") == 0) globs[s] = globs[s] (globs[s] == "" ? "" : ", ") name
	}
}
END {
	print "| Step | Files | Functions | Checked by | Points | Lines |"
	print "|---|---|---|---|---:|---:|"
	for (i = 1; i <= ns; i++) {
		s = order[i]
		printf "| %s | %s | %s | %s | %d | %s |\n", s, files[s], fns[s], globs[s], points[s],
			lines[s] < 0 ? "-" : lines[s]
		total_lines += lines[s]
	}
	for (i = 1; i <= nid; i++)
		if (!(ids[i] in named)) { rest += pts[ids[i]]; nrest++ }
	printf "\n"
	printf "Points are the rubric'"'"'s (grader/rubrics/lab%s.rubric, times its weight %d, as\n", LAB, weight
	printf "`make grade` counts them) for the tests each\n"
	printf "step'"'"'s TODO names; a test named by two steps counts for both.  "
	if (total_lines >= 0)
		printf "Lines are the reference'"'"'s non-blank lines inside the step'"'"'s TODO markers: %d in all.\n", total_lines
	else
		printf "(The reference'"'"'s size per step is in the instructor'"'"'s kit only.)\n"
	if (nrest)
		printf "The %d other tests (%d points: host suites, benchmarks, whole-lab checks) check the steps together.\n", nrest, rest
	split(hidden, h, " ")
	if (ed == "instructor" && h[1] > 0)
		printf "Hidden tests (instructor edition only): %d, %d points, not in the student'"'"'s rubric.\n", h[1], h[2]
}' LAB="$lab" /tmp/mmkit-assign.$$.tests /tmp/mmkit-assign.$$.steps
