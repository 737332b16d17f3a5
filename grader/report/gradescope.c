/**
 * @file
 * Gradescope's results.json.
 *
 *     { "score": 7, "execution_time": 7, "output": "...",
 *       "visibility": "visible", "stdout_visibility": "hidden",
 *       "tests": [ { "name": "lab0.pfn.down", "score": 2, "max_score": 2,
 *                    "status": "passed", "output": "...",
 *                    "visibility": "visible" }, ... ] }
 *
 * "visibility" of a test is "hidden" for rubric tests marked hidden, so
 * students do not see them (or their output) before the instructor
 * publishes.  The top-level "output" explains the run: files taken and
 * ignored, compiler errors, rejected lines, and any grading error.
 */
#include "report.h"

#include <math.h>

#include "escape.h"

static void test(FILE *f, const struct lab_result *lr,
		 const struct graded_test *t)
{
	struct strbuf out = STRBUF_INIT;

	report_test_details(t, &out);
	fputs("    {\"name\": ", f);
	json_string(f, t->rt->id);
	fprintf(f, ", \"score\": %g, \"max_score\": %g, \"status\": \"%s\"",
		t->earned, t->rt->points * lr->rubric->weight,
		outcome_earns(t->outcome) ? "passed" : "failed");
	fputs(", \"output\": ", f);
	json_string(f, sb_str(&out));
	fprintf(f, ", \"visibility\": \"%s\"}",
		t->rt->hidden ? "hidden" : "visible");
	sb_free(&out);
}

static void overall_output(const struct grade_run *run, struct strbuf *sb)
{
	sb_addf(sb, "score: %g/%g\n", run->earned, run->max);
	for (size_t i = 0; i < run->nlabs; i++) {
		const struct lab_result *lr = &run->labs[i];

		report_lab_title(lr, sb);
		sb_addf(sb, ": %g/%g\n", lr->earned, lr->max);
		report_lab_summary(run, lr, sb);
		report_lab_details(lr, sb);
	}
	report_run_details(run, sb);
}

void report_gradescope(const struct grade_run *run, FILE *f)
{
	struct strbuf out = STRBUF_INIT;
	bool first = true;

	overall_output(run, &out);
	fprintf(f, "{\n  \"score\": %g,\n  \"execution_time\": %.0f,\n",
		run->earned, ceil(run->seconds));
	fputs("  \"output\": ", f);
	json_string(f, sb_str(&out));
	fputs(",\n  \"visibility\": \"visible\",\n  \"stdout_visibility\": \"hidden\",\n  \"tests\": [\n", f);
	for (size_t i = 0; i < run->nlabs; i++) {
		for (size_t j = 0; j < run->labs[i].ntests; j++) {
			fputs(first ? "" : ",\n", f);
			first = false;
			test(f, &run->labs[i], &run->labs[i].tests[j]);
		}
	}
	fputs("\n  ]\n}\n", f);
	sb_free(&out);
}
