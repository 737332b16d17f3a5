# grader/batch.jq - what `make grade-batch` reads from a grader's JSON
# report (grader/batch.sh loads it with `jq -L grader 'include "batch"; ...'`).
#
# The grader writes one report format per run, and a batch wants two for
# each student: the JSON for scripts and the text for people.  Grading
# twice would double the emulator time and could, for a submission that
# behaves differently from boot to boot, give two reports that disagree.
# So the batch grades once with --format json and text_report below
# lays the same facts out as grader/report/text.c does, line for line:
# tests/kernel/batch_tests.sh compares the two on a passing and on a
# failing submission.  One thing the JSON lacks: how many serial lines
# of a test were dropped, so a long serial excerpt is not announced as
# "the last N" here.
#
# batch_status is the one word scores.csv gives each submission; csv_row
# is its row, and missing_row the row of a submission with no report.

# printf's %.1f for a number that is not negative: 2.06 -> "2.1", 3 -> "3.0".
def fixed1: (. * 10 | round) as $t | "\($t / 10 | floor).\($t % 10)";

# Pad a string with blanks on the right (left) to at least $n characters.
def rpad($n): . + (" " * ([$n - length, 0] | max));
def lpad($n): (" " * ([$n - length, 0] | max)) + .;

# The four-to-seven-letter tag of each outcome, as grader/results.c has it.
def outcome_tag:
	{ "not run": "----", "passed": "PASS", "skipped": "SKIP",
	  "failed": "FAIL", "crashed": "CRASH", "hung": "HUNG",
	  "triple fault": "TRIPLE", "missing": "MISS",
	  "not built": "NOBUILD" }[.] // "?";

# Each line of a text with $prefix before it (report_indent() in C).
def indent($prefix):
	if . == "" then "" else
	(if endswith("\n") then .[:-1] else . end)
	| split("\n") | map($prefix + . + "\n") | join("") end;

# "== lab 0: title (weight 1) ==" and the build line.
def lab_header:
	"\n== lab \(.lab)\(if .title != "" then ": " + .title else "" end)"
	+ " (weight \(.weight)) ==\n"
	+ "build \(if .build.ok then "ok" else "FAILED" end) in \(.build.seconds | fixed1) s; "
	+ "\(.boots | length) boot\(if (.boots | length) == 1 then "" else "s" end), "
	+ "\([.boots[].seconds] | add // 0 | fixed1) s\n";

# One row per test and the total; the id column is at least 34 wide.
def lab_table:
	([34] + [.tests[].id | length] | max + 4) as $w
	| "  \("result" | rpad(8)) \("test" | rpad($w)) points\n"
	+ ([.tests[] | "  \(.outcome | outcome_tag | rpad(8)) \(.id | rpad($w)) "
	   + "\(.score | tostring | lpad(5))/\(.points)"
	   + "\(if .visibility == "hidden" then "  (hidden)" else "" end)\n"] | join(""))
	+ "  \("" | rpad(8)) \("total" | rpad($w)) \(.score | tostring | lpad(5))/\(.max_score)\n";

# "-- id --" and the details of each test that did not pass, or that
# passed with something to say (a benchmark's line).
def lab_failures:
	[.tests[]
	 | select(((.outcome == "passed" or .outcome == "skipped") and .diagnostics == "") | not)
	 | select(.outcome != "not built")
	 | "\n-- \(.id) --\n\(.outcome)"
	   + (if .boot != 0 then " (boot \(.boot))" else "" end)
	   + (if .reason then ": " + .reason else "" end) + "\n"
	   + .diagnostics
	   + (if (.serial | length) > 0
	      then "serial lines while it ran:\n" + (.serial | map("  | " + . + "\n") | join(""))
	      else "" end)]
	| join("");

# The compiler output, the machines, the notes and the rejected lines.
def lab_details:
	(if (.build.ok | not) and .build.errors
	 then "lab \(.lab) did not build; compiler output:\n" + (.build.errors | indent("  "))
	 else "" end)
	+ (if (.machines | length) > 0
	   then "graded on \(.machines | length) machines: "
		+ (.machines | map("\(.name) (\(.mem_mib) MiB)") | join(", "))
		+ "; a test passes if it passes on each machine where it applies\n"
	   else "" end)
	+ (.notes | map("note: " + . + "\n") | join(""))
	+ (if (.rejected | length) > 0
	   then "rejected serial lines (not believed; possible forgeries):\n"
	   else "" end)
	+ (.rejected | map("  boot \(.boot), line \(.line): \(.reason): \(.text)\n") | join(""))
	| if . != "" then "\n" + . else . end;

# The student files, ignored files and warnings of the whole run.
def run_details:
	(if .partial then "partial grade: only the tests matching \(.partial) were run; the score counts them alone\n" else "" end)
	+ (if .error then "grading could not run: \(.error)\n" else "" end)
	+ (if (.files | length) > 0 then "student files:\n" else "" end)
	+ (.files | map("  \(.path | rpad(32)) \(.status)"
			+ (if .found and .found != .path then " (found at \(.found))" else "" end)
			+ (if .note then ": " + .note else "" end) + "\n") | join(""))
	+ (if (.ignored | length) > 0 then "ignored (not student-owned; not used for grading):\n" else "" end)
	+ (.ignored | map("  " + . + "\n") | join(""))
	+ (.warnings | map("warning: " + . + "\n") | join(""))
	| if . != "" then "\n" + . else . end;

# The whole text report, as `grade --format text` prints it.
def text_report:
	"grading \(if .submission then "submission " + .submission else "the kit's \(.src // "?")/" end)"
	+ " with \(.emulator // "?") (scale \(.scale)) in \(.execution_time | fixed1) s\n"
	+ ([.labs[] | lab_header + .summary + lab_table + lab_failures + lab_details] | join(""))
	+ run_details
	+ "\nscore: \(.score)/\(.max_score)\n";

# One word for the whole submission, the first that applies:
#   grader-error  the grader could not grade it (status "error")
#   build-error   a lab's kernel did not compile
#   hung          a test, or the labs' boot code, ran out of its budget
#                 (checked before "crashed": code that spins with `sti`
#                 hangs the kernel, but the same instruction kills the host
#                 case, which then "crashed")
#   crashed       a test crashed (an oops, a panic, a signal on the host),
#                 the kernel stopped before its first test, or the machine
#                 triple-faulted
#   passed        every graded test passed
#   failed        anything else: some test failed, was missing or not run
def batch_status:
	[.labs[].tests[].outcome] as $o
	| [.labs[].boots[]["end"]] as $ends
	| if .status == "error" then "grader-error"
	  elif any(.labs[]; .build.ok | not) then "build-error"
	  elif any($o[]; . == "hung") or any($ends[]; . == "budget ran out") then "hung"
	  elif any($o[]; . == "crashed" or . == "triple fault")
	       or any($ends[]; . == "triple fault")
	       or any(.labs[].problems[]; .fatal) then "crashed"
	  elif .status == "passed" then "passed"
	  else "failed" end;

# A CSV field, quoted only when it has to be (RFC 4180).
def csv_field: tostring | if test("[\",\r\n]") then "\"" + gsub("\""; "\"\"") + "\"" else . end;

# scores.csv's row for this report: student, one score per lab of $labs
# (empty when the report has no such lab), total, status, seconds.
def csv_row($student; $labs; $seconds):
	. as $r
	| (.status == "error") as $none
	| [$student]
	  + [$labs[] as $n | if $none then "" else
	     ($r.labs | map(select(.lab == $n)) | first | .score) // "" end]
	  + [(if $none then "" else .score end), batch_status, $seconds]
	| map(csv_field) | join(",");

# The row of a submission the batch has no report for (not graded yet,
# or stopped by the safety net).
def missing_row($student; $labs; $seconds):
	[$student] + [$labs[] | ""] + ["", "grader-error", $seconds]
	| map(csv_field) | join(",");
