/**
 * @file
 * Grading one built lab: boot, and boot again after a crash, a
 * hang or a triple fault, until every test has an outcome.
 *
 *     boot 1: ktest=lab3                   a b C(crash) . .
 *     boot 2: ktest.filter=lab3.d,lab3.e               d e
 *
 * One bad test costs only itself.  Booting stops when every test is
 * classified, when a boot ended cleanly having been offered every
 * remaining test (the kernel does not have them: missing), when a boot
 * classified nothing (no progress: missing), or at the run cap.
 */
#ifndef GRADER_SESSION_H
#define GRADER_SESSION_H

#include <stdio.h>

#include "options.h"
#include "proc.h"
#include "results.h"

struct session_cfg {
	const struct options *opt;
	const char *bootrun;
	const char *image, *kernel;	/* what build_stage() made */
	const char *workdir;		/* serial logs and bootrun output */
	int mem_mib;			/* guest RAM; 0: --mem or bootrun's default */
	FILE *progress;			/* NULL: quiet */
};

/**
 * session_run() - Boot @p lr's stage until its tests are classified.
 * @return 0, with every test of @p lr classified; -1 when grading cannot
 *         go on (bootrun missing, interrupted...), the reason in @p err.
 */
int session_run(struct lab_result *lr, const struct session_cfg *cfg,
		struct strbuf *err);

/*
 * session_set_slots() - At most @p n emulators (or host suites) at once in
 * this process, over every lab, machine and suite graded on threads (0: no
 * limit).  Each boot takes a slot for its run; session_take_slot() waits
 * for one, longest job first (@p job names it in timings.h, @p guess is
 * its seconds if it never ran), and returns the time it got it;
 * session_give_slot() hands it back and records how long @p job took.
 */
void session_set_slots(int n);
double session_take_slot(const char *job, double guess);
void session_give_slot(const char *job, double started);
/* How many jobs wait for a slot now (tests). */
size_t session_slot_waiters(void);

/* The reason of a test --fail-fast left unrun. */
#define SESSION_NOT_RUN "not run: grading stopped at the first test that failed (--fail-fast)"

/* Give every still unclassified test of @p lr outcome @p o (and say so). */
void session_mark_rest(struct lab_result *lr, enum outcome o,
		       const char *reason, FILE *progress);

/* ---- the kernel command line of a boot ----------------------------------- */

/*
 * The kernel command line the grader writes for each boot.
 *
 *     ktest=lab3 console=ttyS0 boot_budget=120 ktest.budget=60
 *         ktest.budget.lab3.stress.exhaust_and_recover=90      first boot
 *     ktest=lab3 ... ktest.filter=lab3.a,lab3.b                resume
 *
 * console=ttyS0 keeps printk off the screen: the grader reads COM1 only,
 * and the screen, which Bochs emulates cell by cell, would cost a boot
 * about 5% of its time (kernel/arch/x86/vga.c).
 *
 * It carries no secret: the kernel, and so a submission's code, can read
 * all of it.  Results are trusted for the port they come from (COM2, the
 * harness's own channel; see serial.h), not for anything on this line.
 *
 * Budgets are seconds of the guest's own (emulated) time, enforced by the
 * kernel's NMI watchdog: boot_budget for mm_init, ktest.budget for every
 * test, ktest.budget.ID for a test the rubric gives a budget of its own.
 *
 * A resume boot names the tests still to run in ktest.filter (each id is
 * a glob that matches only itself), so a test that crashed, hung or
 * triple-faulted is not run again, whatever the kernel's run order.  When
 * the list does not fit (in @p max bytes, or in the 255 bytes the kernel
 * keeps of ktest.filter), only the first ids that fit are named; the
 * session boots again for the rest.
 */
/** The emulated-time budgets, in whole seconds, a boot's command line carries. */
struct cmdline_budgets {
	unsigned int boot;	/* mm_init */
	unsigned int test;	/* any test the rubric gives none of its own */
};

/**
 * cmdline_build() - The command line for one boot of @p lab.
 * @param budgets   the defaults; a rubric's lab or test budget wins.
 * @param filter    false on the first boot (run every test of the lab);
 *                  true to name only the tests not classified yet.
 * @param max       longest command line allowed.
 * @param included  gets how many unclassified tests the line names
 *                  (all of them when !filter).
 * @return a new string; NULL if even one id does not fit.
 */
char *cmdline_build(const struct lab_result *lab,
		    const struct cmdline_budgets *budgets, bool filter,
		    size_t max, size_t *included);

#endif /* GRADER_SESSION_H */
