/**
 * @file
 * Grading labs side by side: a small pool of worker threads
 * (their progress lines stay whole: progress.c locks the stream).
 *
 * Why threads and not one process per lab: a lab's results are a tree of
 * allocations (tests, boots, serial lines) the report reads afterwards;
 * a thread fills them in place.  What the labs share is read-only once
 * grading starts (options, rubrics, the scratch tree), each lab has its
 * own build directory and logs, and the children they run are tracked
 * per thread (proc.h), so Ctrl-C still stops every make and emulator.
 *
 *     pool_run(3 jobs, 2 workers)     worker 1: job 0 ....... job 2 ...
 *                                     worker 2: job 1 ...
 *
 * Jobs start in index order (lab order); each job writes its results to
 * its own slot, so the report keeps lab order whatever finishes first.
 */
#ifndef GRADER_POOL_H
#define GRADER_POOL_H

#include <stddef.h>
#include <stdio.h>

/**
 * pool_run() - Call @p fn(@p arg, i) for i = 0 .. @p n - 1, on up to
 * @p workers threads at once (1 or less: in the calling thread, in order).
 *
 * No job starts once a job returned non-zero or the grader was
 * interrupted; the jobs already running finish.
 * @return 0, or the non-zero value of the lowest-numbered job that
 *         returned one.
 */
int pool_run(size_t n, int workers, int (*fn)(void *arg, size_t i),
	     void *arg);

#endif /* GRADER_POOL_H */
