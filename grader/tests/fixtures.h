/**
 * @file
 * Shared helpers for the grader's Check suite: labs built from
 * rubric text, recorded serial logs, temporary trees, a fake
 * runner, captured reports and a small JSON syntax checker.
 *
 * Recorded logs live in grader/tests/logs/: both ports of a boot in the
 * order the guest wrote them, as `bootrun --merged` gives them, except
 * that console lines need no prefix: a line "H text" came from the
 * harness's port (COM2), any other line from the console (COM1).
 */
#ifndef GRADER_TESTS_FIXTURES_H
#define GRADER_TESTS_FIXTURES_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "results.h"
#include "serial.h"

/* The lab 0 rubric of the contract, with one hidden test added. */
extern const char fx_lab0_rubric[];

struct fx_lab {
	struct rubric r;
	struct lab_result lr;
};

void fx_lab_init(struct fx_lab *f, const char *rubric_text, int lab);
void fx_lab_free(struct fx_lab *f);
struct graded_test *fx_test(struct fx_lab *f, const char *id);

/* Feed @p text line by line: "H " lines to the harness's port, others to the console. */
void fx_feed_text(struct serial_parser *sp, const char *text);
/* Same, from grader/tests/logs/@p name. */
void fx_feed_log(struct serial_parser *sp, const char *name);

/* One parsed boot of @p log; ends as @p end. */
void fx_parse(struct fx_lab *f, const char *log, enum boot_end end);

/* Path under the grader's source directory (GRADER_SRC). */
char *fx_src(const char *rel);

/* A fresh temporary directory; fx_rmdir() removes it. */
char *fx_tmpdir(void);
void fx_rmdir(char *dir);
void fx_write(const char *dir, const char *rel, const char *content);

/* The fake bootrun, copied into @p dir and made executable. */
char *fx_fake_bootrun(const char *dir);

/* Options for tests: short budgets, quiet. */
void fx_options(struct options *o);

/* A report written into a string (free it). */
char *fx_report(void (*fn)(const struct grade_run *, FILE *),
		const struct grade_run *run);

/* True when @p s is one syntactically valid JSON value. */
bool fx_json_valid(const char *s);

#endif /* GRADER_TESTS_FIXTURES_H */
