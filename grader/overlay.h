/**
 * @file
 * The trust boundary: copy only the manifest's files from a
 * submission into the scratch tree, and list everything else.
 *
 * For a manifest path such as labs/lab0/warmup.c the submission is
 * searched, in this order:
 *
 *     SUBMISSION/labs/lab0/warmup.c     the kit's layout
 *     SUBMISSION/lab0/warmup.c          a flat upload, per lab
 *     SUBMISSION/warmup.c               a flat upload (Gradescope), only
 *                                       when no other manifest file has
 *                                       the same name
 *
 * Only regular files of at most OVERLAY_MAX_BYTES are taken; a symbolic
 * link is refused (it could point at the instructor's files).  A manifest
 * file not found leaves the kit's skeleton in place.  Every other file of
 * the submission is ignored and listed: Makefiles, tests, kernel core
 * and grader files of a submission never reach the scratch tree.
 */
#ifndef GRADER_OVERLAY_H
#define GRADER_OVERLAY_H

#include "results.h"

#define OVERLAY_MAX_BYTES (1024 * 1024)
#define OVERLAY_MAX_LISTED 200		/* ignored files listed by name */

/**
 * overlay_apply() - Copy the files of @p manifest (all graded labs) found
 * in @p submission into @p tree, recording each in run->files, and list the
 * submission's other files in run->ignored.
 * @return 0, or -1 when @p submission is not a readable directory.
 */
int overlay_apply(struct grade_run *run, const char *submission,
		  const char *tree, const struct strlist *manifest);

/**
 * overlay_scan() - Warn about lines of @p path that look like they reach
 * outside the kit at compile time (\#include of an absolute or ".." path,
 * .incbin).  Only a hint for the reader of the report: the build's
 * sandbox and its .d check (build.c, depcheck.h) are what stop them.
 */
void overlay_scan(struct grade_run *run, const char *path,
		  const char *shown_as);

#endif /* GRADER_OVERLAY_H */
