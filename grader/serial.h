/**
 * @file
 * Reads one boot's two serial ports, line by line, and classifies
 * the tests in them; believes results from the harness's port only.
 *
 * The guest has two ports (kernel/ktest/ktest_channel.c):
 *
 *  - COM2, the harness's channel, written by nothing but the harness:
 *    TAP version 14, fed here with sp_feed_harness();
 *  - COM1, the console, where printk() writes, and so any code in the
 *    kernel, a submission's included: fed with sp_feed(), kept as context.
 *
 * bootrun --merged interleaves them in the order the guest wrote them
 * (runner.h).  What the harness sends:
 *
 *     TAP version 14
 *     # ktest: selected=5 from=lab0.pfn.down
 *     1..5
 *     # ktest: start lab0.pfn.down            <- progress: budget restarts
 *     ok 1 - lab0.pfn.down                    <- result of the running test
 *     # ktest: start lab0.pfn.up
 *     not ok 2 - lab0.pfn.up
 *       ---                                   <- YAML: diagnostics
 *       ...
 *     # ktest: 4 passed, 1 failed, 0 skipped
 *     # ktest: end                            <- nothing counts after this
 *
 * Rules (each refusal is recorded as a rejected line, shown in reports):
 *  - a TAP-looking line on the console ("ok", "not ok", "# ktest:",
 *    "# bench:", "Bail out!", the header, the plan) is never believed:
 *    "printed on the console, not by the harness";
 *  - the harness's stream must be consistent: a result names the test
 *    that is running, one start at a time, well-formed ids, nothing but
 *    TAP.  The first line that breaks this ends the boot's believable
 *    part (SP_BROKEN): the running test is a crash, the runner stops the
 *    boot, and the session boots again for the tests not yet classified;
 *  - "Bail out! ktest: harness integrity: ..." means the harness found its
 *    own code or test registry changed: the same, plus a lab note and
 *    lab->integrity_failed for the instructor;
 *  - ids not in the rubric and tests already graded in an earlier boot
 *    run as "foreign" tests whose results do not count.
 *
 * A test still running when the boot ends is classified by how it ended:
 * triple fault, crashed (oops/panic text, a "Bail out!", power-off or
 * emulator exit) or hung (a budget ran out).  Tests never started stay
 * unclassified; the session decides whether to boot again for them.
 *
 * Until the first test starts, the parser also watches the console for
 * the kernel's own reports (results.h, struct boot_problem): a WARN, "Bad
 * page state", a BUG, an oops or a panic, with the function it fired in.
 * If the boot then stops before any test starts, the last BUG, oops or
 * panic is why (or, with no report, how the boot ended): it is marked
 * fatal, and every test still unclassified is missing, "never started:
 * the kernel stopped during boot: <its first line>".  Booting again would
 * only repeat it.
 */
#ifndef GRADER_SERIAL_H
#define GRADER_SERIAL_H

#include "results.h"

enum sp_state { SP_BOOTLOG, SP_TAP, SP_ENDED, SP_BROKEN };

struct serial_parser {
	struct lab_result *lab;
	int boot;			/* 1-based boot number */
	enum sp_state state;
	int lineno;
	int seq;			/* tests started in this boot */
	int current;			/* running/last test index, -1 none */
	char *foreign;			/* id of a running test we do not grade */
	struct graded_test *yaml_to;	/* YAML after a result goes here */
	bool in_yaml;
	char *crash_line;		/* first oops/panic line of current */
	struct strlist bootlog;		/* before "TAP version 14" (tail) */
	struct strlist outside;		/* between tests (tail) */
	double last_progress;		/* host time of the last progress */
	int classified;			/* tests classified in this boot */
	char *summary;			/* "4 passed, 1 failed, 0 skipped" */
	char *broken_why;		/* SP_BROKEN: what broke the stream */
	double broken_at;		/* and the host time it broke */

	/* the boot's own problems (results.h), before its first test */
	int problem;			/* index in lab->problems, -1 none */
	bool problem_open;		/* its lines are still coming */
	bool in_trace;			/* after its "Call Trace:" */

	/* called when a test gets its outcome (live progress) */
	void (*on_result)(void *ctx, const struct lab_result *lab,
			  const struct graded_test *t);
	/* called for "# ktest: progress" of the running test (@p what: "3/8 pages") */
	void (*on_progress)(void *ctx, const struct lab_result *lab,
			    const struct graded_test *t, const char *what);
	void *ctx;
};

/**
 * sp_init() - Start reading boot @p boot of @p lab.
 * @param now    host time, for timing tests and budgets.
 *
 * Resets the per-boot state of every test; tests classified by earlier
 * boots keep their outcome and are refused if they show up again.
 */
void sp_init(struct serial_parser *sp, struct lab_result *lab, int boot,
	     double now);

/**
 * sp_feed() - Take one line of the console, COM1 (without its newline).
 * @param now  host time the line arrived.
 */
void sp_feed(struct serial_parser *sp, const char *line, double now);

/**
 * sp_feed_harness() - Take one line of the harness's channel, COM2
 * (without its newline or bootrun's console-line number).
 * @param now  host time the line arrived.
 */
void sp_feed_harness(struct serial_parser *sp, const char *line, double now);

/**
 * sp_finish() - The boot ended @p end (@p why says how): classify the test
 * that was running, if any, and note a kernel that never reached the
 * harness.
 */
void sp_finish(struct serial_parser *sp, enum boot_end end, const char *why);

/* The test running now (started, no result yet), or NULL. */
struct graded_test *sp_running(const struct serial_parser *sp);

/* True when an unknown or already-graded test is running. */
bool sp_foreign_running(const struct serial_parser *sp);

void sp_free(struct serial_parser *sp);

/*
 * The boot's own problems (serial_boot.c), for serial.c: watch @p line,
 * printed before the boot's first test; the boot stopped before its
 * first test (mark the fatal problem and the tests missing); or it went
 * on (finish the last problem).
 */
void sp_watch_problem(struct serial_parser *sp, const char *line);
void sp_boot_stopped(struct serial_parser *sp, enum boot_end end,
		     const char *why);
void sp_problems_done(struct serial_parser *sp);

/* One line for problem @p p: its first line, condition, function. */
char *sp_problem_line(const struct boot_problem *p);

/* Replace control characters (ANSI escapes...) so reports stay clean. */
void sp_sanitize(char *line);

#endif /* GRADER_SERIAL_H */
