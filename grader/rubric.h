/**
 * @file
 * One lab's rubric: which files the student owns, which tests count
 * and how much, and what the student may see.
 *
 * A rubric file is grader/rubrics/labN.rubric, one directive per line:
 *
 *     # lab 0 - warm-up: page arithmetic     <- comment (# to end of line)
 *     title  warm-up: page arithmetic         <- shown in reports
 *     weight 1                                <- multiplies the lab's points
 *     budget 20                               <- seconds per test (default)
 *     machine 64m mem=64                      <- a PC the lab boots on
 *     file   labs/lab0/warmup.c               <- student-owned (manifest)
 *     test   lab0.pfn.down  2                 <- test id and points
 *     test   lab0.big.one   5 budget=60       <- its own budget
 *     test   lab0.secret    2 hidden          <- not in the handout
 *     allow  printk memset                   <- kernel API its files may use
 *     allow-insn cli sti                     <- privileged instructions too
 *     override do_page_fault                 <- a weak kit symbol they replace
 *
 * Invariants after rubric_parse() returned 0: every test id starts with
 * "labN." for this lab and is unique; points, weight and budgets are
 * finite and not negative; file paths are relative, under labs/, without
 * "..", so the overlay can never write outside the scratch tree.
 *
 * allow, allow-insn and override: what the object check (objcheck.h) lets
 * the lab's files, and those of every later lab, do; names only (one or
 * more per line), never a name reserved to the kit, and allow-insn only
 * the families the check knows.
 *
 * Machines: each "machine" line is one PC every test of the lab boots on
 * (a RAM size, for now: what bootrun --mem varies).  A test passes only
 * if it passes on every machine where it applies (a test that cannot
 * apply skips there, with its reason); see grader/README.md.  Without a
 * machine line the lab boots once, on bootrun's default PC.
 */
#ifndef GRADER_RUBRIC_H
#define GRADER_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define RUBRIC_MAX_LAB 8		/* labs are numbered 0..8 */
#define RUBRIC_ID_MAX 80		/* longest test id accepted */
#define RUBRIC_MAX_MACHINES 6		/* machine lines per rubric */
#define RUBRIC_MACHINE_NAME_MAX 15
#define RUBRIC_MEM_MIN 16		/* MiB: bootrun's range */
#define RUBRIC_MEM_MAX 3072

struct rubric_test {
	char *id;
	double points;
	bool hidden;		/* graded, but not shown to students */
	bool host;		/* "labN.host.*": a host case (hostsuite.h), not a ktest */
	double budget;		/* seconds without progress; 0 = lab default */
	int line;		/* where it was declared, for messages */
};

struct rubric_machine {
	char *name;		/* "64m": in reports and boot file names */
	int mem_mib;
};

struct rubric {
	int lab;
	char *path;		/* the file it came from */
	char *title;		/* "" when the file has no title line */
	double weight;		/* default 1 */
	double budget;		/* default per-test budget; 0 = grader's */
	struct strlist files;	/* the manifest: student-owned files */
	struct rubric_machine machines[RUBRIC_MAX_MACHINES];
	size_t nmachines;	/* 0: one boot on bootrun's default PC */
	struct rubric_test *tests;
	size_t ntests;
	size_t cap;
	struct strlist allow;		/* symbols its files may import */
	struct strlist allow_insns;	/* privileged instructions they may hold */
	struct strlist overrides;	/* kit symbols they may define */
};

/**
 * rubric_parse() - Parse the text of one rubric.
 * @param text   the whole file, NUL-terminated.
 * @param name   file name used in error messages ("lab0.rubric").
 * @param lab    the lab number this rubric must describe.
 * @param r      filled in; call rubric_free() whatever the result.
 * @param errs   gets one "name:line: message" per problem found.
 * @return 0 when the rubric is valid, -1 when @p errs says why not.
 */
int rubric_parse(const char *text, const char *name, int lab,
		 struct rubric *r, struct strlist *errs);

/**
 * rubric_load() - Read and parse @p path (see rubric_parse()).
 * @return 0, or -1 with the reason in @p errs (unreadable or invalid).
 */
int rubric_load(const char *path, int lab, struct rubric *r,
		struct strlist *errs);

/* Total points of the rubric's tests (unweighted). */
double rubric_max_points(const struct rubric *r);

const struct rubric_test *rubric_find(const struct rubric *r, const char *id);

/**
 * rubric_select() - Keep only the tests whose id matches one of @p globs
 * (comma-separated fnmatch patterns, e.g. "lab3.merge.*,lab3.split.*").
 * @return how many tests are left.
 */
size_t rubric_select(struct rubric *r, const char *globs);

void rubric_free(struct rubric *r);

#endif /* GRADER_RUBRIC_H */
