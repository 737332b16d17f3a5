/**
 * @file score.h
 * @brief Points and the exit status.
 *
 * A test earns its rubric points when it passed (or was skipped: a TAP
 * "ok"); a lab's score is the sum, times the lab's weight:
 *
 *     lab 0, weight 1:   2 + 2 + 3 + 0 (hung) + 0 (bench) = 7 of 10
 *     lab 3, weight 2:   2 * (30 of 40)                   = 60 of 80
 *     total:                                                67 of 90
 *
 * Exit status: 0 when every graded test passed (0-point benchmarks
 * included), 1 when one did not, 2 when grading could not run.
 */
#ifndef GRADER_SCORE_H
#define GRADER_SCORE_H

#include "results.h"

#define EXIT_ALL_PASSED 0
#define EXIT_SOME_FAILED 1
#define EXIT_GRADING_ERROR 2

/* Fill in earned/max of every test, lab and the run. */
void score_run(struct grade_run *run);

int score_exit_status(const struct grade_run *run);

/* Counts over one lab, for report headers. */
struct lab_counts {
	int tests, passed, failed, errors, skipped;
};

void score_count(const struct lab_result *lr, struct lab_counts *c);

#endif /* GRADER_SCORE_H */
