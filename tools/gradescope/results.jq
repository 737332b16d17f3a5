# results.jq - fit the grader's Gradescope report to this bundle's settings
# (run_autograder applies it to what `grade --format gradescope` wrote).
#
#   $hidden   the visibility of the rubric's hidden tests (gradescope.conf's
#             HIDDEN_VISIBILITY): after_published (default), after_due_date,
#             hidden or visible
#   $status   the grader's exit status, as a string
#
# Three changes, each for a rule of Gradescope's specification:
#
#  1. A hidden test's "visibility" becomes $hidden.  The grader writes
#     "hidden", which Gradescope means for tests that never count and are
#     never shown; ours count, so by default they appear when the
#     instructor publishes the grades.
#  2. While any test is not visible, Gradescope hides the student's total,
#     so the summary's totals ("score: 19/21", "lab 0: ...: 19/21") would
#     give away how the hidden tests went.  They are replaced by one line
#     with the points of the tests the student sees now.
#  3. "output_format": "text".  Gradescope's default for the summary reads
#     it as HTML, which would eat a compiler message's <stdio.h> and the
#     columns of the file list.
#
# With exit status 2 (grading could not run) the summary starts by saying
# that this zero is the autograder's fault, not the student's.

# When a test of visibility $v is shown to the student.
def shown_when($v):
	{after_published: "when your instructor publishes the grades",
	 after_due_date: "after the due date",
	 hidden: "only to your instructor"}[$v] // "now";

def is_total_line:
	test("^(score|lab [0-9]+(: .*)?): [0-9.e+-]+/[0-9.e+-]+$");

.tests |= map(if .visibility == "hidden" then .visibility = $hidden else . end)
| .output_format = "text"
| ([.tests[] | select(.visibility != "visible")]) as $later
| ([.tests[] | select(.visibility == "visible")]) as $now
| if ($later | length) > 0 then
	.output |= ("tests shown now: \($now | map(.score) | add // 0)/\($now | map(.max_score) | add // 0) points; "
		    + "\($later | length) more test(s) count too, shown \(shown_when($hidden))\n"
		    + (split("\n") | map(select(is_total_line | not)) | join("\n")))
  else . end
| if $status == "2" then
	.output = "The autograder could not finish grading (a fault of the autograder, not of your files): tell your instructor.\n" + .output
  else . end
