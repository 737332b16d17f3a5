/**
 * @file
 * One verdict per test from the several machines a lab boots on.
 *
 * A memory-management bug often shows on one machine only: mapping one
 * page past max_low_pfn faults only where lowmem is all the RAM there is
 * (64 MiB), a zone-edge slip only where highmem is 4 MiB (900 MiB).  So a
 * rubric can name several machines ("machine 64m mem=64"), every test of
 * the lab boots on each, and the verdicts merge, test by test, in rubric
 * order of the machines:
 *
 *     on the machines                  merged
 *     any not passed and not skipped   that outcome, from the first such
 *                                      machine (one where the test ran
 *                                      before one where it was missing);
 *                                      reason "on 64m: ..."
 *     else any passed                  passed (the skips are noted)
 *     else (skipped everywhere)        skipped, the first machine's reason
 *
 * A test that cannot apply on a machine (lab 6's kmap tests without
 * highmem) skips there and is judged by the others; it never fails for
 * it, and it never passes without having run somewhere.
 */
#ifndef GRADER_MACHINES_H
#define GRADER_MACHINES_H

#include "results.h"
#include "session.h"

/**
 * machines_merge() - Fill @p lr's tests, boots, rejected lines and notes
 * from its @p lr->machines[] (each graded by its own session), as above.
 * Boots are renumbered in machine order and keep their machine's name;
 * a failed test's diagnostics say, machine by machine, what failed.
 */
void machines_merge(struct lab_result *lr);

/**
 * machines_grade() - Grade built lab @p lr on each machine of its rubric,
 * side by side on up to @p workers threads (session.h limits how many
 * emulators run at once), then merge.  @p cfg is copied for each machine,
 * with its RAM size; the merged test lines go to cfg->progress.
 * @return 0, or -1 when grading cannot go on (the reason in @p err).
 */
int machines_grade(struct lab_result *lr, const struct session_cfg *cfg,
		   int workers, struct strbuf *err);

/* "64m (64 MiB)": how reports name machine @p m. */
char *machine_label(const struct rubric_machine *m);

#endif /* GRADER_MACHINES_H */
