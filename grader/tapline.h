/**
 * @file
 * Recognising single serial lines: harness lines, TAP result
 * lines, and the text of an oops or panic.
 *
 * Pure functions over one line; the state machine that gives the lines
 * meaning lives in serial.c.
 */
#ifndef GRADER_TAPLINE_H
#define GRADER_TAPLINE_H

#include <stdbool.h>

/* A parsed "ok 3 - lab0.x # SKIP why" (pointers into the line). */
struct tap_result_line {
	bool ok;
	long num;
	char *id;
	char *directive;	/* "SKIP why", "TODO", or NULL */
};

/* Lines only the harness may print (results, "# ktest:", "# bench:", "Bail out!"). */
bool tl_is_harness(const char *line);

/* "1..N", the TAP plan. */
bool tl_is_plan(const char *line);

/* Any line of the harness's TAP: tl_is_harness(), the plan, the header. */
bool tl_is_tap(const char *line);

/* Parse a result line in place; false if malformed. */
bool tl_parse_result(char *line, struct tap_result_line *r);

/* First line of an oops, panic or CPU exception report. */
bool tl_is_crash(const char *line);

/* A directive that makes an "ok" a skip ("SKIP", "skip: why"...). */
bool tl_is_skip(const char *directive);

#endif /* GRADER_TAPLINE_H */
