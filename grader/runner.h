/**
 * @file
 * One boot: start bootrun, feed its serial output to the parser
 * as it arrives, and enforce the budgets.
 *
 * bootrun runs with --merged: its stdout carries both of the guest's
 * ports in the order the guest wrote them, "C line" for the console
 * (COM1, sp_feed()) and "H line" for the harness's channel (COM2,
 * sp_feed_harness()); the prefix is bootrun's, not the guest's.
 *
 * Budgets are seconds of emulated time, and the guest enforces them: the
 * command line carries them (session.h), the kernel's NMI watchdog stops a
 * test past its budget and prints "Bail out! ktest: ID hung: ...", and the
 * serial parser classifies it.  Under Bochs (`clock: sync=none`) the
 * guest's clock advances with the instructions it executes, so the same
 * kernel gives the same verdict on an idle and an overloaded host.
 *
 * The host only steps in where the guest cannot: a watchdog that never
 * started or was wrecked, a hang before it is armed.  Each host net is a
 * fixed function of the emulated budget it backs,
 *
 *     net(B) = (B * net_per_budget + net_slack) * scale     (2 B + 60 s)
 *
 * far above what the guest needs (Bochs runs an emulated second in 0.05 to
 * 0.2 host seconds here; QEMU's clock is the host's), measured from:
 *
 *     power-on ......... "TAP version 14"     net(boot budget)
 *     "start X" ........ result of X          net(X's budget)
 *     result ........... next "start"         net(default test budget)
 *     "end" ............ power-off            end_grace * scale
 *     first byte ....... last byte            cap (what is left of the run cap)
 *
 * When a net runs out the runner stops bootrun (SIGTERM, so it kills the
 * emulator's group; then SIGKILL to bootrun's group) and ends the boot as
 * BOOT_HANG with a sentence saying which net ran out.
 */
#ifndef GRADER_RUNNER_H
#define GRADER_RUNNER_H

#include "serial.h"

struct boot_spec {
	const struct lab_result *lab;	/* its tests' budgets */
	const char *bootrun;
	const char *image, *kernel, *emu;
	const char *cmdline;
	const char *serial_path;	/* bootrun --serial: COM1, the console */
	const char *harness_path;	/* bootrun --harness: COM2, the results */
	const char *log_path;		/* bootrun --log (emulator log) */
	const char *stderr_path;	/* bootrun's own messages */
	int mem_mib;			/* 0: bootrun's default */
	double boot_budget;		/* emulated seconds */
	double test_budget;		/* default; rubric may override */
	double lab_budget;		/* rubric "budget", 0 if none */
	double net_per_budget, net_slack;	/* net(B), above */
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

/* The emulated budget of test @p t (the default for NULL), in seconds. */
double runner_test_budget(const struct boot_spec *bs,
			  const struct graded_test *t);

/* The host net behind emulated budget @p budget, in host seconds. */
double runner_net(const struct boot_spec *bs, double budget);

#endif /* GRADER_RUNNER_H */
