/**
 * @file
 * A lab's host test cases (Check, under ASan and UBSan) graded
 * like its kernel tests: built from the graded files, run in a
 * sandbox, scored from the rubric.
 *
 * A host case is a START_TEST of tests/labN/SUITE_check.c; its test id is
 *
 *     labN.host.SUITE.CASE        lab3.host.api.zone_first_choice
 *
 * with CASE the function's name without its test_ prefix (a hidden suite,
 * SUITE_hidden_check.c, gives labN.host.SUITE_hidden.CASE).  The rubric
 * lists the ids it scores, as for kernel tests; the kernel never sees
 * them (the command line session.c writes leaves them out).
 *
 * Steps, after the lab's kernel tests:
 *
 *  1. `make host-suites` in the scratch tree: the lab's suite programs,
 *     every lab's files from the graded tree (the student's, with a
 *     submission), through the grader's ccache.  A suite that does not
 *     compile scores its cases zero, with the compiler's words.
 *  2. Each program runs once (the programs side by side, each holding one
 *     of session.h's CPU slots), in fork mode (one child per case), inside
 *     bubblewrap: a user with no privileges (nobody, when the grader runs
 *     as root), no network, nothing of the filesystem but /usr read-only,
 *     the program's directory read-only and an empty output directory
 *     (as root: copies in a fresh /tmp/grade-sandbox-XXXXXX, since nobody
 *     may not be able to enter the run's own directory);
 *     prlimit caps CPU seconds per process, that is per case (the
 *     budget), processes, file size and core dumps, and ASan caps the
 *     resident memory.  The host net, in wall seconds, only backs the CPU
 *     limit up.
 *  3. Check's log (CK_LOG_FILE_NAME) gives each case P, F or E per
 *     iteration: passed, failed (its message), or crashed (a signal, an
 *     early exit: a sanitizer report); a case killed for its CPU budget
 *     (SIGXCPU, or SIGKILL at the hard limit) is hung.  Sanitizer reports on the program's
 *     stderr are matched, in order, with the cases that crashed, and land
 *     in their diagnostics.  A listed case the log never names is missing.
 *
 * The results come from the runner, not from Check's log, which the code
 * under test can write: tests/host/sim/case_guard.c sends each case's
 * line on SIM_RESULT_FD (fd 3, a file outside the sandbox), tagged with
 * the nonce given on SIM_NONCE_FD (fd 4) and numbered, and passes a case
 * only if it saw the case finish (an exit(0) before the assertions is
 * not a pass).  Lines of Check's log the runner did not send are flagged
 * in the lab's notes.  What a deliberate attack can still do is in
 * grader/README.md ("Host suites: what the sandbox and the guard stop").
 */
#ifndef GRADER_HOSTSUITE_H
#define GRADER_HOSTSUITE_H

#include <stdbool.h>
#include <stdio.h>

#include "build.h"
#include "results.h"

/*
 * CPU seconds each case may use, by default (--host-budget): RLIMIT_CPU is
 * per process, and Check runs every case in a child of its own, which
 * starts at zero.  The slowest reference case needs half a second under
 * ASan; an endless loop costs this much, once, and is reported as hung.
 * CPU time, not wall time: a busy machine takes longer, the verdict is the
 * same; a slower CPU needs more, hence ten times the slowest case.
 */
#define HOST_CPU_BUDGET 5
/*
 * CPU seconds all the cases of a suite may use (tests/host/sim/suite_main.c
 * stops the suite past it): a loop test whose every iteration hangs costs
 * this, not a budget per iteration.  The reference's biggest suite needs
 * about 2 s.
 */
#define HOST_SUITE_CPU 20
/* The suite's wall-clock net, in CPU budgets. */
#define HOST_NET_CASES 5
#define HOST_NPROC 256		/* processes of the sandbox's user */
/*
 * Largest file a suite may write: the simulator's RAM is a memfd as big as
 * the simulated PC (at most 4 GiB, sparse), which RLIMIT_FSIZE counts too.
 */
#define HOST_FSIZE_MB 4608
#define HOST_RSS_MB 2048	/* ASan's hard_rss_limit_mb */

struct hostsuite_cfg {
	struct build_spec build;	/* tree, lab, src, ccache, timeout */
	const char *workdir;		/* the run's directory */
	double net_per_budget, net_slack, scale;	/* the host net */
	int cpu_budget;			/* CPU seconds a case may use (0: default) */
	int jobs;			/* suites run at once (and CPU slots) */
	bool fail_fast;			/* a case that did not pass stops grading */
	struct strlist *notes;		/* lab notes go here (the caller's) */
	FILE *progress;
	/*
	 * Called between building the suites and running them, when not
	 * NULL: false means do not run them (the caller grades the cases
	 * some other way, e.g. the object check refused the lab).
	 */
	bool (*may_run)(void *arg);
	void *may_run_arg;
};

/* True for a test id of a host case ("labN.host."...). */
bool hostsuite_is_host_test(const char *id);

/**
 * hostsuite_grade() - Build and run lab @p lr's suites, and classify every
 * host case of its rubric.  Nothing when the rubric lists none.
 * @return 0; -1 when grading cannot go on (make or the sandbox could not
 *         run at all), with the reason in @p err.
 */
int hostsuite_grade(struct lab_result *lr, const struct hostsuite_cfg *cfg,
		    struct strbuf *err);

/* What one run of a suite program left (hostsuite_classify()). */
struct host_output {
	const char *results;	/* the runner's channel: "ck NONCE SEQ LINE" */
	const char *log;	/* Check's own log, written inside the sandbox */
	const char *errs;	/* the program's stderr: sanitizer reports */
	const char *nonce;	/* the 16 hex digits this run was given */
	int cpu_budget;		/* the CPU seconds each case had (0: default) */
};

/**
 * hostsuite_classify() - Give @p lr's host cases of suite @p suite their
 * outcomes from the runner's channel in @p in (only lines with this run's
 * nonce and in sequence count), with the sanitizer reports of its stderr.
 * Cases the channel never names are left unclassified.  Check's log is
 * only compared with the channel: what the runner did not send, and
 * any line the channel refused, is pushed on @p flags for the instructor.
 */
void hostsuite_classify(struct lab_result *lr, const char *suite,
			const struct host_output *in, struct strlist *flags);

/**
 * hostsuite_sandbox_argv() - The sandbox's command line (bubblewrap,
 * prlimit) for running @p bindir/@p prog with @p outdir writable, each
 * case limited to @p cpu_budget CPU seconds, pushed on @p a; exposed for
 * the grader's tests.
 */
void hostsuite_sandbox_argv(struct strlist *a, const char *bindir,
			    const char *outdir, const char *prog, int cpu_budget);

#endif /* GRADER_HOSTSUITE_H */
