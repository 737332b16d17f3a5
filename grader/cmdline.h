/**
 * @file cmdline.h
 * @brief The kernel command line the grader writes for each boot.
 *
 *     ktest=lab3 boot_budget=120 ktest.budget=60
 *         ktest.budget.lab3.stress.exhaust_and_recover=90      first boot
 *     ktest=lab3 ... ktest.filter=lab3.a,lab3.b                resume
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
#ifndef GRADER_CMDLINE_H
#define GRADER_CMDLINE_H

#include <stddef.h>

#include "results.h"

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

#endif /* GRADER_CMDLINE_H */
