/**
 * @file
 * `grade --tap-summary FILE`: one boot's TAP results, for scripts.
 */
#ifndef GRADER_TAPSUMMARY_H
#define GRADER_TAPSUMMARY_H

#include <stdio.h>

/**
 * tap_summary() - Read the TAP of one boot from @p in, write its results
 * to @p out.
 *
 * @p in is a console log (the harness echoes its lines there) or the
 * harness's channel as bootrun --harness writes it (each line after its
 * console line number); other lines are passed over, and nothing after
 * "# ktest: end" counts.  @p out gets a line per result, in order, then
 * the counts:
 *
 *     ok ID              "ok": a pass, or "ok ID skip" for a skip
 *     not_ok ID          "not ok"
 *     end                the harness reached "# ktest: end"
 *     results OK NOT_OK SKIPPED
 *
 * (OK counts the skips too, as TAP does.)
 * @return 0, or -1 if @p in could not be read.
 */
int tap_summary(FILE *in, FILE *out);

#endif /* GRADER_TAPSUMMARY_H */
