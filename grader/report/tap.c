/**
 * @file
 * The grade as TAP version 14: one test point per graded test.
 *
 *     TAP version 14
 *     1..5
 *     # lab 0: warm-up: page arithmetic (weight 1): 7/10
 *     # the kernel stopped during boot 1, ...   <- the lab's summary, if any
 *     ok 1 - lab0.pfn.down
 *     not ok 2 - lab0.order.boundaries
 *       ---
 *       outcome: crashed
 *       score: 0
 *       max_score: 3
 *       visibility: visible
 *       reason: "BUG: unable to handle kernel NULL pointer dereference"
 *       details: |
 *         ...
 *       ...
 *     # score: 7/10
 *
 * Strings in the YAML block are JSON double-quoted strings (valid YAML),
 * long text is a literal block scalar, so no serial line can end the
 * block early.
 */
#include "report.h"

#include "escape.h"

static void yaml(FILE *f, const struct lab_result *lr,
		 const struct graded_test *t)
{
	struct strbuf details = STRBUF_INIT, body = STRBUF_INIT;

	fprintf(f, "  ---\n  outcome: %s\n  score: %g\n  max_score: %g\n",
		outcome_name(t->outcome), t->earned,
		t->rt->points * lr->rubric->weight);
	fprintf(f, "  visibility: %s\n", t->rt->hidden ? "hidden" : "visible");
	if (t->reason) {
		fputs("  reason: ", f);
		json_string(f, t->reason);
		fputc('\n', f);
	}
	report_test_details(t, &details);
	report_indent(&body, sb_str(&details), "    ");
	fprintf(f, "  details: |\n%s  ...\n", sb_str(&body));
	sb_free(&details);
	sb_free(&body);
}

static void point(FILE *f, int n, const struct lab_result *lr,
		  const struct graded_test *t)
{
	bool ok = outcome_earns(t->outcome);

	fprintf(f, "%s %d - %s", ok ? "ok" : "not ok", n, t->rt->id);
	if (t->outcome == OUTCOME_SKIP)	/* the reason reads "SKIP why" */
		fprintf(f, " # %s", t->reason ? t->reason : "SKIP");
	fputc('\n', f);
	if (!ok || t->diag.len)
		yaml(f, lr, t);
}

static void comment_lines(FILE *f, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	report_indent(&sb, text, "# ");
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

void report_tap(const struct grade_run *run, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t total = 0;
	int n = 0;

	for (size_t i = 0; i < run->nlabs; i++)
		total += run->labs[i].ntests;
	fprintf(f, "TAP version 14\n1..%zu\n", total);
	for (size_t i = 0; i < run->nlabs; i++) {
		const struct lab_result *lr = &run->labs[i];

		sb_reset(&sb);
		report_lab_title(lr, &sb);
		fprintf(f, "# %s (weight %g): %g/%g\n", sb_str(&sb),
			lr->rubric->weight, lr->earned, lr->max);
		sb_reset(&sb);
		report_lab_summary(run, lr, &sb);
		comment_lines(f, sb_str(&sb));
		for (size_t j = 0; j < lr->ntests; j++)
			point(f, ++n, lr, &lr->tests[j]);
		sb_reset(&sb);
		report_lab_details(lr, &sb);
		comment_lines(f, sb_str(&sb));
	}
	sb_reset(&sb);
	report_run_details(run, &sb);
	comment_lines(f, sb_str(&sb));
	if (run->error)
		fprintf(f, "Bail out! grading could not run\n");
	fprintf(f, "# score: %g/%g\n", run->earned, run->max);
	sb_free(&sb);
}
