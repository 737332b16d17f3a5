/**
 * @file
 * Live progress on the terminal: one line per step and per test,
 * printed the moment it is known.
 *
 *     grade: lab 0: building (SRC=labs) ... ok, 2.1 s
 *     grade: lab 0: boot 1: ktest=lab0 console=ttyS0 boot_budget=...
 *       PASS    lab0.pfn.down                    2/2     0.01 s
 *       CRASH   lab0.order.boundaries            0/3     BUG: unable to ...
 */
#ifndef GRADER_PROGRESS_H
#define GRADER_PROGRESS_H

#include <stdio.h>

#include "results.h"

/* The width of the test-id column for @p lab: its longest id, at least 34. */
int progress_id_width(const struct lab_result *lab);

/* A line about a step; nothing when @p out is NULL (--quiet). */
void progress_step(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The line for a test that just got its outcome. */
void progress_test(FILE *out, const struct lab_result *lab,
		   const struct graded_test *t);

/* A long test's own progress ("131072/557040 high pages"), while it runs. */
void progress_moving(FILE *out, const struct graded_test *t, const char *what);

#endif /* GRADER_PROGRESS_H */
