/**
 * @file
 * What grading found: one record per test, per boot, per lab.
 *
 * Every module reads and writes these records: the serial parser
 * classifies tests into them, the session fills in boots and build
 * results, scoring adds points, and each report format prints them.
 *
 * Outcome of a test, and what it earns:
 *
 *     outcome       earns   meaning
 *     passed        points  "ok" from the harness
 *     skipped       points  "ok # SKIP": TAP counts it as ok
 *     failed        0       "not ok", or two conflicting results
 *     crashed       0       oops, panic or exception while it ran
 *     hung          0       no result within its budget
 *     triple fault  0       the CPU reset while it ran
 *     missing       0       never started (even after resuming)
 *     not built     0       the stage's kernel did not compile
 *     rejected      0       the object check refused the lab's objects
 *                           (objcheck.h): the kernel was never booted
 *
 * Invariant: after grading, no test is left OUTCOME_NONE.
 */
#ifndef GRADER_RESULTS_H
#define GRADER_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "rubric.h"
#include "util.h"

enum outcome {
	OUTCOME_NONE,		/* not classified (yet) */
	OUTCOME_PASS,
	OUTCOME_SKIP,
	OUTCOME_FAIL,
	OUTCOME_CRASH,
	OUTCOME_HANG,
	OUTCOME_TRIPLE,
	OUTCOME_MISSING,
	OUTCOME_NOBUILD,
	OUTCOME_REJECTED,
};

/* How a boot ended, from bootrun's exit status or the grader's budgets. */
enum boot_end {
	BOOT_POWEROFF,		/* kernel powered off (bootrun 0) */
	BOOT_TRIPLE,		/* triple fault (bootrun 10) */
	BOOT_HANG,		/* no progress within a budget */
	BOOT_EMU_EXIT,		/* emulator or runner ended another way */
	BOOT_SETUP,		/* bootrun could not start (status 2) */
	BOOT_ABORTED,		/* the grader was interrupted */
	BOOT_STOPPED,		/* --fail-fast: another test had failed */
};

#define SERIAL_KEEP 300		/* serial lines kept per test (the last) */

struct graded_test {
	const struct rubric_test *rt;
	enum outcome outcome;
	char *reason;		/* one line: why it failed, or the SKIP text */
	struct strbuf diag;	/* YAML block, bench lines, notes */
	struct strlist serial;	/* kernel output while it ran (tail) */
	size_t serial_dropped;	/* lines that fell off the front */
	double seconds;		/* start line to result, host time */
	int boot;		/* 1-based boot that classified it; 0 none */
	double earned;		/* weighted points, set by scoring */

	/* parser state for the boot in progress (reset each boot) */
	bool started, done;
	int seq;		/* TAP number expected on its result */
	double t_start;
};

/* A serial line the parser refused to believe (possible forgery). */
struct rejected_line {
	int boot;
	int lineno;		/* line number in that boot's serial log */
	const char *reason;	/* static string */
	char *text;
};

struct boot_record {
	int n;			/* 1-based */
	char *cmdline;
	enum boot_end end;
	int exit_status;	/* bootrun's status, -1 if killed by us */
	char *why;		/* bootrun's last stderr line, or ours */
	double seconds;
	int classified;		/* tests this boot classified */
	char *serial_path;	/* raw serial log (kept with --keep) */
	const char *machine;	/* the rubric machine it booted, or NULL */
};

/*
 * Trouble the kernel reported before its harness started a test (in the
 * boot log, or between "TAP version 14" and the first "# ktest: start"):
 * the serial parser records one per report it sees.
 *
 *     kind       first line                        fatal?
 *     warning    "WARNING: at FILE:LINE"           no: the boot goes on
 *     bad page   "Bad page state in process ..."   no: the boot goes on
 *     bug        "kernel BUG at FILE:LINE!",       yes, when the boot then
 *                "BUG: ..." (Linux's oops titles)  stopped before the
 *     oops       "invalid opcode: 0000 [#1]" ...   first test; the tests
 *     panic      "Kernel panic - not syncing: .."  of the boot never ran
 *     stopped    (no report: triple fault, hang)
 *
 * A BUG's oops and the panic after it belong to the BUG: one problem.
 * The same problem in several boots is recorded once (the first boot).
 */
enum problem_kind {
	PROBLEM_WARN,
	PROBLEM_BAD_PAGE,
	PROBLEM_BUG,
	PROBLEM_OOPS,
	PROBLEM_PANIC,
	PROBLEM_STOPPED,
};

struct boot_problem {
	enum problem_kind kind;
	int boot;		/* 1-based, in this lab_result's numbering */
	int lineno;		/* of its first line in that boot's serial log */
	bool fatal;		/* the boot stopped: its tests never started */
	char *what;		/* its first line: "kernel BUG at f.c:12!" */
	char *detail;		/* the line naming the condition, or NULL */
	char *file;		/* FILE of "BUG at FILE:LINE" / "WARNING: at", or NULL */
	struct strlist trace;	/* "EIP is at" function, then the call trace's */
};

/* One student-owned file and where the overlay found it. */
enum file_status { FILE_COPIED, FILE_MISSING, FILE_REJECTED, FILE_KIT };

struct file_record {
	char *path;		/* manifest path, "labs/lab0/warmup.c" */
	char *found;		/* where in the submission, or NULL */
	enum file_status status;
	char *note;		/* why rejected, or NULL */
};

struct lab_result {
	struct rubric *rubric;
	struct graded_test *tests;	/* parallel to rubric->tests */
	size_t ntests;

	bool built;
	double build_seconds;
	char *build_errors;	/* compiler output when !built */
	/* The object check's refusals (objcheck.h); any: nothing was run. */
	struct strlist objcheck;

	struct boot_record *boots;
	size_t nboots, boots_cap;
	struct rejected_line *rejected;
	size_t nrejected, rejected_cap;
	struct strlist notes;	/* lab-level remarks (boot log tail, ...) */
	bool integrity_failed;	/* the harness found itself changed (serial.h) */
	struct boot_problem *problems;	/* before the first test of a boot */
	size_t nproblems, problems_cap;

	double earned, max;	/* weighted, set by scoring */
	double seconds;
	/* The host half (hostsuite.h): its build, and its suites' runs added up. */
	double host_build_seconds, host_seconds;
	int host_suites;	/* suites run */

	/*
	 * A lab graded on several machines (rubric "machine" lines): each
	 * machine's own result, with its boots and outcomes, in machines[];
	 * this record is their merge (machines.h).  A machine's own record
	 * has machine set and no machines[] of its own.
	 */
	const struct rubric_machine *machine;
	struct lab_result *machines;
	size_t nmachines;
};

struct grade_run {
	struct rubric *rubrics;		/* every rubric of the kit */
	size_t nrubrics;
	struct lab_result *labs;	/* the graded labs, in order */
	size_t nlabs;
	struct file_record *files;	/* every manifest file, all labs */
	size_t nfiles, files_cap;
	struct strlist ignored;	/* submission files not in any manifest */
	struct strlist warnings;	/* suspicious code, kit problems */
	char *error;		/* set when grading could not run */
	char *partial;		/* --test globs: only those tests were graded */
	char *src, *submission, *emu, *kit;
	double scale;
	double seconds;
	double earned, max;	/* weighted totals */
};

const char *outcome_name(enum outcome o);
const char *outcome_tag(enum outcome o);	/* "PASS", "FAIL", ... */
bool outcome_earns(enum outcome o);
const char *boot_end_name(enum boot_end e);

void lab_result_init(struct lab_result *lr, struct rubric *r);
void lab_add_reject(struct lab_result *lr, int boot, int lineno,
		    const char *reason, const char *text);
struct boot_record *lab_add_boot(struct lab_result *lr);
/* A new problem of boot @p boot, its first line @p what; fill in the rest. */
struct boot_problem *lab_add_problem(struct lab_result *lr, enum problem_kind k,
				     int boot, int lineno, const char *what);
/* Drop the last problem if an earlier one says the same (another boot). */
void lab_dedup_last_problem(struct lab_result *lr);
/* "warning", "bad page state", "BUG", "oops", "panic", "stopped". */
const char *problem_kind_name(enum problem_kind k);
/* The function a problem fired in ("vmap+0x1c/0x90"), or NULL. */
const char *problem_where(const struct boot_problem *p);
void test_set_outcome(struct graded_test *t, enum outcome o,
		      const char *reason, int boot);
void lab_result_free(struct lab_result *lr);

struct file_record *run_add_file(struct grade_run *run, const char *path);
void grade_run_free(struct grade_run *run);

/* ---- points and the exit status ---------------------------------------- */

/*
 * Points and the exit status.
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

#endif /* GRADER_RESULTS_H */
