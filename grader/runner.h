/**
 * @file runner.h
 * @brief One boot: start bootrun, feed its serial output to the parser
 *        as it arrives, and enforce the budgets.
 *
 * Budgets (already multiplied by --scale), all measured on the host:
 *
 *     power-on ......... "TAP version 14"     boot_budget
 *     "start X" ........ result of X          X's budget (rubric or default)
 *     result ........... next "start"         default test budget
 *     "end" ............ power-off            end_grace
 *     first byte ....... last byte            cap (what is left of the run cap)
 *
 * When a budget runs out the runner stops bootrun (SIGTERM, so it kills
 * the emulator's group; then SIGKILL to bootrun's group) and ends the
 * boot as BOOT_HANG with a sentence saying which budget ran out.
 */
#ifndef GRADER_RUNNER_H
#define GRADER_RUNNER_H

#include "serial.h"

struct boot_spec {
	const char *bootrun;
	const char *image, *kernel, *emu;
	const char *cmdline;
	const char *serial_path;	/* bootrun --serial */
	const char *log_path;		/* bootrun --log (emulator log) */
	const char *stderr_path;	/* bootrun's own messages */
	int mem_mib;			/* 0: bootrun's default */
	double boot_budget;
	double test_budget;		/* default; rubric may override */
	double lab_budget;		/* rubric "budget", 0 if none */
	double scale;
	double end_grace;
	double cap;
};

/**
 * runner_boot() - Boot once and classify what the serial output shows.
 * @param sp   a parser set up with sp_init() for this boot.
 * @param rec  gets the exit status, how the boot ended and its duration.
 *
 * Calls sp_finish() before returning.  rec->end is BOOT_SETUP when
 * bootrun could not start (exit status 2 or exec failure): grading
 * cannot go on; BOOT_ABORTED when the grader was interrupted.
 */
void runner_boot(const struct boot_spec *bs, struct serial_parser *sp,
		 struct boot_record *rec);

/* The budget of test @p t in seconds, scaled. */
double runner_test_budget(const struct boot_spec *bs,
			  const struct graded_test *t);

#endif /* GRADER_RUNNER_H */
