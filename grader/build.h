/**
 * @file
 * Build one stage's kernel in the scratch tree, with the kit's own
 * Makefile: `make -C TREE image LAB=n SRC=labs BUILD=OUT`, adding
 * `KIT_OBJ_DIR=DIR` when the kit's own objects are prebuilt
 * (cache.h); and build those: `make kit-objects BUILD=DIR`.
 */
#ifndef GRADER_BUILD_H
#define GRADER_BUILD_H

#include "results.h"

#define BUILD_ERROR_LINES 150	/* compiler output kept for the report */
#define BUILD_CCACHE_MAXSIZE "2G"	/* ccache of lab files: oldest go first */
/*
 * Every process of a build (make, gcc, cc1, as, ld) gets at most this much
 * address space and may write files of at most this size: a student's
 * file can make the compiler eat memory (#include "/dev/zero") or write
 * without end, and the build's wall-clock timeout alone would let it take
 * the grading machine's memory first.  The kit's own builds need a tenth.
 */
#define BUILD_AS_MIB 2048
#define BUILD_FSIZE_MIB 512
/*
 * And at most this much CPU time each: cc1 spinning on a file that never
 * ends is stopped by its own limit, not by the whole build's timeout
 * (the kit's largest object takes under 2 s).
 */
#define BUILD_CPU_S 120

/* The subdirectory of a stage's cache entry with its host kit objects. */
#define KIT_HOST_DIR "host"

struct build_spec {
	const char *tree;	/* the scratch kit */
	int lab;
	const char *src;	/* "labs" or "solutions" */
	const char *out;	/* absolute BUILD directory */
	const char *log;	/* make's output: LOG.out, LOG.err (NULL: OUT) */
	const char *kit_objs;	/* KIT_OBJ_DIR, NULL: build the kit's share too */
	const char *ccache_dir;	/* compile lab files through ccache there; NULL: no */
	const char *host_build;	/* HOSTBUILD of `make host-suites`, else NULL */
	/*
	 * A build that compiles a submission's files: make runs in a
	 * sandbox (bubblewrap) that sees /usr, the tree, out (or
	 * host_build), kit_objs and ccache_dir, and nothing else; afterwards
	 * the compiler's .d files are checked (depcheck.h).  false: the
	 * kit's own build, trusted.
	 */
	bool sandboxed;
	int jobs;
	double timeout;		/* seconds, scaled */
};

/**
 * build_stage() - Build kernel.elf and disk.img for one stage.
 * @param lr  gets built, build_seconds and, on failure, build_errors
 *            (the first BUILD_ERROR_LINES lines of make's stderr).
 * @return 0 built; 1 the build failed (the code did not compile, or,
 *         sandboxed, read a file it may not: zero for the lab); -1 make
 *         succeeded but the image is not there, or
 *         make could not run (grading cannot run; @p lr->build_errors says).
 */
int build_stage(const struct build_spec *bs, struct lab_result *lr);

/**
 * build_kit_objects() - `make kit-objects` of stage @p bs->lab into @p bs->out
 * (kit_objs unused): the kit's own share of the stage, for KIT_OBJ_DIR;
 * and `make host-kit-objects` into OUT/KIT_HOST_DIR, the kit's share of
 * the lab's host suites, which a host-suite build then takes from there
 * (HOST_KIT_OBJ_DIR).
 * @return 0, or -1 with make's first error lines (or why it did not run)
 *         in @p err.
 */
int build_kit_objects(const struct build_spec *bs, struct strbuf *err);

/**
 * build_host_suites() - `make host-suites` of lab @p bs->lab into
 * @p bs->host_build: the lab's Check programs, every lab from @p bs->src.
 * @return 0 built; 1 they did not compile (@p *errors: make's first error
 *         lines); -1 make could not run (@p *errors says why).
 */
int build_host_suites(const struct build_spec *bs, char **errors);

#endif /* GRADER_BUILD_H */
