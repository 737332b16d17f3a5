/**
 * @file
 * The report formats, and the text they share.
 *
 *     text        a table per lab, then each failure's diagnostics and
 *                 serial lines; last line "score: X/Y"
 *     json        our own schema (README.md), everything we know
 *     tap         TAP version 14, one line per graded test, YAML details
 *     junit       JUnit XML: a testsuite per lab, failure vs error
 *     gradescope  Gradescope's results.json (score, execution_time, tests
 *                 with name, score, max_score, status, output, visibility)
 *
 * Reports are written even when grading could not run (run->error): a
 * results.json that says why is better than none.
 */
#ifndef GRADER_REPORT_H
#define GRADER_REPORT_H

#include <stdio.h>

#include "options.h"
#include "results.h"

void report_write(const struct grade_run *run, enum report_format f,
		  FILE *out);

void report_text(const struct grade_run *run, FILE *out);
void report_json(const struct grade_run *run, FILE *out);
void report_tap(const struct grade_run *run, FILE *out);
void report_junit(const struct grade_run *run, FILE *out);
void report_gradescope(const struct grade_run *run, FILE *out);

/*
 * Helpers shared by the formats (common.c).
 */

/*
 * A note (a boot log, a compiler's output) as shown to students: at most
 * REPORT_NOTE_LINES lines and REPORT_NOTE_BYTES bytes, then "... (N lines
 * cut)".  Whatever the kernel printed before its harness started (it may
 * have been made to print a file it had no business with) reaches a
 * report only as this bounded excerpt; the full log stays in the scratch
 * tree (--keep).  Returns a malloc'd copy.
 */
#define REPORT_NOTE_LINES 60
#define REPORT_NOTE_BYTES 4096
char *report_excerpt(const char *text);

/* Everything known about one test: reason, diagnostics, serial lines. */
void report_test_details(const struct graded_test *t, struct strbuf *sb);

/* Build errors, boot notes and rejected lines of one lab. */
void report_lab_details(const struct lab_result *lr, struct strbuf *sb);

/* Files taken, files ignored, warnings and the error of the whole run. */
void report_run_details(const struct grade_run *run, struct strbuf *sb);

/*
 * What a lab's report starts with (summary.c): the problems the
 * kernel reported before its first test (fatal ones: the boot stopped and
 * the tests did not run), and which earlier lab the failures may come
 * from.  Appends nothing when there is nothing to say.
 */
void report_lab_summary(const struct grade_run *run,
			const struct lab_result *lr, struct strbuf *sb);

const char *file_status_name(enum file_status s);

/* A lab's title line: "lab 0: warm-up: page arithmetic". */
void report_lab_title(const struct lab_result *lr, struct strbuf *sb);

/* Append @p text with every line prefixed by @p indent. */
void report_indent(struct strbuf *sb, const char *text, const char *indent);

#endif /* GRADER_REPORT_H */
