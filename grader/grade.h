/**
 * @file
 * The grading run from start to finish, minus the report.
 *
 *   1. find the kit; load every rubric (all must be valid);
 *   2. copy the pristine kit into a scratch tree (build/grade/run-XXXXXX),
 *      and take the kit's own objects of each graded stage from the cache
 *      (cache.h), building the missing ones from that pristine tree;
 *   3. with --submission: overlay only the manifest's files, list the rest;
 *   4. per graded lab, started in order, up to --jobs at once: build its
 *      stage with the kit's Makefile (only the lab files are compiled),
 *      check the lab files' objects (objcheck.h), then boot it
 *      (session.c) until every test has an outcome;
 *   5. remove the scratch tree unless --keep.
 *
 * A submission that does not compile is a result (its tests are "not
 * built", with the compiler's errors), not an error; so is one the object
 * check refuses (its tests are "rejected", each refusal named).  Errors are things
 * that stop grading: no kit, a broken rubric, no bootrun, a kit that does
 * not build even without the submission, an interrupt.
 */
#ifndef GRADER_GRADE_H
#define GRADER_GRADE_H

#include "options.h"
#include "results.h"

/**
 * grade() - Run the whole grading described by @p opt into @p run.
 * @return 0, or -1 with run->error saying why grading could not run
 *         (@p run then holds whatever was graded before that).
 */
int grade(const struct options *opt, struct grade_run *run);

#endif /* GRADER_GRADE_H */
