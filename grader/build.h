/**
 * @file build.h
 * @brief Build one stage's kernel in the scratch tree, with the kit's own
 *        Makefile: `make -C TREE image LAB=n SRC=labs BUILD=OUT`.
 */
#ifndef GRADER_BUILD_H
#define GRADER_BUILD_H

#include "results.h"

#define BUILD_ERROR_LINES 150	/* compiler output kept for the report */

struct build_spec {
	const char *tree;	/* the scratch kit */
	int lab;
	const char *src;	/* "labs" or "solutions" */
	const char *out;	/* absolute BUILD directory */
	int jobs;
	double timeout;		/* seconds, scaled */
};

/**
 * build_stage() - Build kernel.elf and disk.img for one stage.
 * @param lr  gets built, build_seconds and, on failure, build_errors
 *            (the first BUILD_ERROR_LINES lines of make's stderr).
 * @return 0 built; 1 the build failed (the code did not compile: zero
 *         for the lab); -1 make succeeded but the image is not there, or
 *         make could not run (grading cannot run; @p lr->build_errors says).
 */
int build_stage(const struct build_spec *bs, struct lab_result *lr);

#endif /* GRADER_BUILD_H */
