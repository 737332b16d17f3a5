/**
 * @file session.h
 * @brief Grading one built lab: boot, and boot again after a crash, a
 *        hang or a triple fault, until every test has an outcome.
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
 * for one, session_give_slot() hands it back.
 */
void session_set_slots(int n);
void session_take_slot(void);
void session_give_slot(void);

/* The reason of a test --fail-fast left unrun. */
#define SESSION_NOT_RUN "not run: grading stopped at the first test that failed (--fail-fast)"

/* Give every still unclassified test of @p lr outcome @p o (and say so). */
void session_mark_rest(struct lab_result *lr, enum outcome o,
		       const char *reason, FILE *progress);

#endif /* GRADER_SESSION_H */
