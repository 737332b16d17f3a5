/**
 * @file
 * JUnit XML, for CI dashboards: a \<testsuite> per lab.
 *
 * A "not ok" is a \<failure> (the code is wrong); a crash, hang, triple
 * fault, missing or unbuilt test is an \<error> (it did not get as far as
 * an answer); a SKIP is \<skipped/> (and still earns its points).
 *
 *     \<testsuites name="grade" tests="5" failures="1" errors="1" ...>
 *       \<testsuite name="lab0" ...>
 *         <properties><property name="score" value="7"/>...</properties>
 *         \<testcase classname="lab0" name="lab0.pfn.down" time="0.01"/>
 *         \<testcase ...>\<error type="crashed" message="BUG: ...">...\</error>
 */
#include "report.h"

#include "escape.h"
#include "results.h"

static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xml_escaped(f, value, true);
	fputc('"', f);
}

static void verdict(FILE *f, const struct graded_test *t)
{
	struct strbuf sb = STRBUF_INIT;
	const char *tag = t->outcome == OUTCOME_FAIL ? "failure" : "error";

	if (t->outcome == OUTCOME_SKIP) {
		fputs("<skipped", f);
		attr(f, "message", t->reason ? t->reason : "");
		fputs("/>", f);
		return;
	}
	report_test_details(t, &sb);
	fprintf(f, "<%s", tag);
	attr(f, "type", outcome_name(t->outcome));
	attr(f, "message", t->reason ? t->reason : outcome_name(t->outcome));
	fputc('>', f);
	xml_escaped(f, sb_str(&sb), false);
	fprintf(f, "</%s>", tag);
	sb_free(&sb);
}

static void testcase(FILE *f, const struct lab_result *lr,
		     const struct graded_test *t)
{
	char cls[16];

	snprintf(cls, sizeof(cls), "lab%d", lr->rubric->lab);
	fputs("    <testcase", f);
	attr(f, "classname", cls);
	attr(f, "name", t->rt->id);
	fprintf(f, " time=\"%.3f\"", t->seconds);
	if (t->outcome == OUTCOME_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">", f);
	verdict(f, t);
	fputs("</testcase>\n", f);
}

static void property(FILE *f, const char *name, double v)
{
	fprintf(f, "      <property name=\"%s\" value=\"%g\"/>\n", name, v);
}

static void suite(FILE *f, const struct grade_run *run,
		  const struct lab_result *lr)
{
	struct lab_counts c;
	struct strbuf sb = STRBUF_INIT;
	char name[16];

	score_count(lr, &c);
	snprintf(name, sizeof(name), "lab%d", lr->rubric->lab);
	fputs("  <testsuite", f);
	attr(f, "name", name);
	fprintf(f, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		c.tests, c.failed, c.errors, c.skipped, lr->seconds);
	fputs("    <properties>\n", f);
	property(f, "score", lr->earned);
	property(f, "max_score", lr->max);
	property(f, "weight", lr->rubric->weight);
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < lr->ntests; i++)
		testcase(f, lr, &lr->tests[i]);
	report_lab_summary(run, lr, &sb);
	report_lab_details(lr, &sb);
	fputs("    <system-out>", f);
	xml_escaped(f, sb_str(&sb), false);
	fputs("</system-out>\n  </testsuite>\n", f);
	sb_free(&sb);
}

void report_junit(const struct grade_run *run, FILE *f)
{
	struct lab_counts all = { 0 };
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < run->nlabs; i++) {
		struct lab_counts c;

		score_count(&run->labs[i], &c);
		all.tests += c.tests;
		all.failed += c.failed;
		all.errors += c.errors;
		all.skipped += c.skipped;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"grade\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		all.tests, all.failed, all.errors + (run->error ? 1 : 0),
		all.skipped, run->seconds);
	for (size_t i = 0; i < run->nlabs; i++)
		suite(f, run, &run->labs[i]);
	report_run_details(run, &sb);
	sb_addf(&sb, "score: %g/%g\n", run->earned, run->max);
	fputs("  <system-out>", f);
	xml_escaped(f, sb_str(&sb), false);
	fputs("</system-out>\n</testsuites>\n", f);
	sb_free(&sb);
}
