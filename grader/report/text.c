/**
 * @file
 * The human report: a table per lab, then the details of each
 * test that did not pass, then the run's files; last line
 * "score: X/Y".
 *
 *     == lab 0: warm-up: page arithmetic (weight 1) ==
 *     build ok in 2.1 s; 2 boots, 3.9 s
 *     the kernel stopped during boot 1, before its first test:  <- a summary,
 *       ...                                          when there is one
 *       result   test                                points
 *       PASS     lab0.pfn.down                          2/2
 *       CRASH    lab0.order.boundaries                  0/3
 *       total                                          7/10
 *
 *     -- lab0.order.boundaries: crashed (boot 1) --
 *     ...
 *     score: 7/10
 */
#include "report.h"

#include "progress.h"
#include "results.h"

static void table(const struct lab_result *lr, FILE *out)
{
	int w = progress_id_width(lr) + 4;

	fprintf(out, "  %-8s %-*s %s\n", "result", w, "test", "points");
	for (size_t i = 0; i < lr->ntests; i++) {
		const struct graded_test *t = &lr->tests[i];

		fprintf(out, "  %-8s %-*s %5g/%g%s\n",
			outcome_tag(t->outcome), w, t->rt->id, t->earned,
			t->rt->points * lr->rubric->weight,
			t->rt->hidden ? "  (hidden)" : "");
	}
	fprintf(out, "  %-8s %-*s %5g/%g\n", "", w, "total", lr->earned,
		lr->max);
}

static void header(const struct lab_result *lr, FILE *out)
{
	struct strbuf title = STRBUF_INIT;
	double boots = 0;

	report_lab_title(lr, &title);
	for (size_t i = 0; i < lr->nboots; i++)
		boots += lr->boots[i].seconds;
	fprintf(out, "\n== %s (weight %g) ==\n", sb_str(&title),
		lr->rubric->weight);
	fprintf(out, "build %s in %.1f s; %zu boot%s, %.1f s\n",
		lr->built ? "ok" : "FAILED", lr->build_seconds, lr->nboots,
		lr->nboots == 1 ? "" : "s", boots);
	sb_free(&title);
}

static void failures(const struct lab_result *lr, FILE *out)
{
	for (size_t i = 0; i < lr->ntests; i++) {
		const struct graded_test *t = &lr->tests[i];
		struct strbuf sb = STRBUF_INIT;

		if (outcome_earns(t->outcome) && !t->diag.len)
			continue;
		if (t->outcome == OUTCOME_NOBUILD)
			continue;	/* the compiler output says it all */
		report_test_details(t, &sb);
		fprintf(out, "\n-- %s --\n%s", t->rt->id, sb_str(&sb));
		sb_free(&sb);
	}
}

static void lab(const struct grade_run *run, const struct lab_result *lr,
		FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	header(lr, out);
	report_lab_summary(run, lr, &sb);
	fputs(sb_str(&sb), out);
	sb_reset(&sb);
	table(lr, out);
	failures(lr, out);
	report_lab_details(lr, &sb);
	if (sb.len)
		fprintf(out, "\n%s", sb_str(&sb));
	sb_free(&sb);
}

void report_text(const struct grade_run *run, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	fprintf(out, "grading %s%s%s with %s (scale %g) in %.1f s\n",
		run->submission ? "submission " : "the kit's ",
		run->submission ? run->submission : run->src ? run->src : "?",
		run->submission ? "" : "/", run->emu ? run->emu : "?",
		run->scale, run->seconds);
	for (size_t i = 0; i < run->nlabs; i++)
		lab(run, &run->labs[i], out);
	report_run_details(run, &sb);
	if (sb.len)
		fprintf(out, "\n%s", sb_str(&sb));
	sb_free(&sb);
	fprintf(out, "\nscore: %g/%g\n", run->earned, run->max);
}
