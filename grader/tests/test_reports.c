/**
 * @file test_reports.c
 * @brief Every report format over one graded run (the recorded "mixed"
 *        log: pass, fail with YAML, skip, bench, crash, a missing hidden
 *        test), with serial text full of <>&" and bad bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fixtures.h"
#include "report.h"
#include "score.h"

static void make_run(struct grade_run *run)
{
	struct strlist errs = STRLIST_INIT;
	struct serial_parser sp;
	struct lab_result *lr;
	struct graded_test *up;

	memset(run, 0, sizeof(*run));
	run->rubrics = xcalloc(1, sizeof(*run->rubrics));
	run->labs = xcalloc(1, sizeof(*run->labs));
	ck_assert_int_eq(rubric_parse(fx_lab0_rubric, "t", 0, run->rubrics,
				      &errs), 0);
	run->nrubrics = run->nlabs = 1;
	lr = &run->labs[0];
	lab_result_init(lr, run->rubrics);
	lr->built = true;
	lab_add_boot(lr);
	sp_init(&sp, lr, 1, FX_NONCE, now_seconds());
	fx_feed_log(&sp, "mixed.serial", FX_NONCE);
	fx_feed_text(&sp, "ok 9 - lab0.pfn.down\n", FX_NONCE);
	sp_finish(&sp, BOOT_POWEROFF, "powered off");
	sp_free(&sp);
	test_set_outcome(&lr->tests[5], OUTCOME_MISSING, "never started", 0);
	up = &lr->tests[1];
	sl_push(&up->serial, "if (a < b && c > d) \"q\" 'x' \x01 \xff\xfe end");
	free(up->reason);
	up->reason = xstrdup("expected <2> & got \"1\"");
	run->src = xstrdup("labs");
	run->emu = xstrdup("bochs");
	run->scale = 1;
	run_add_file(run, "labs/lab0/warmup.c")->found = xstrdup("warmup.c");
	sl_push(&run->ignored, "Makefile");
	score_run(run);
	sl_free(&errs);
}

START_TEST(text_report)
{
	struct grade_run run;
	char *out;

	make_run(&run);
	out = fx_report(report_text, &run);
	ck_assert(strstr(out, "== lab 0: warm-up: page arithmetic (weight 1) =="));
	ck_assert(strstr(out, "CRASH    lab0.order.boundaries"));
	ck_assert(strstr(out, "(hidden)"));
	ck_assert(strstr(out, "-- lab0.order.boundaries --\ncrashed (boot 1): BUG: unable to handle"));
	ck_assert(strstr(out, "  | Call Trace:"));
	ck_assert(strstr(out, "expected: \"0x2\""));
	ck_assert(strstr(out, "untagged harness line: ok 9 - lab0.pfn.down"));
	ck_assert(strstr(out, "labs/lab0/warmup.c"));
	ck_assert(strstr(out, "(found at warmup.c)"));
	ck_assert(strstr(out, "ignored (not student-owned"));
	/* 2 (down) + 3 (skip counts) + 0 (bench) of 12 */
	ck_assert_str_eq(out + strlen(out) - strlen("\nscore: 5/12\n"),
			 "\nscore: 5/12\n");
	free(out);
	grade_run_free(&run);
}
END_TEST

START_TEST(json_report_is_valid)
{
	struct grade_run run;
	char *out;

	make_run(&run);
	out = fx_report(report_json, &run);
	ck_assert_msg(fx_json_valid(out), "invalid JSON:\n%s", out);
	ck_assert(strstr(out, "\"outcome\": \"crashed\""));
	ck_assert(strstr(out, "\"visibility\": \"hidden\""));
	ck_assert(strstr(out, "\"score\": 5"));
	ck_assert(strstr(out, "\\\"q\\\" 'x' \\u0001 \\ufffd\\ufffd end"));
	ck_assert(strstr(out, "\"reason\": \"untagged harness line\""));
	free(out);
	grade_run_free(&run);
}
END_TEST

/* The deliberate fault of this suite: the JSON checker must say no. */
START_TEST(json_checker_fires)
{
	ck_assert(fx_json_valid("{\"a\": [1, 2.5e3, true, null, \"\\u00e9\"]}"));
	ck_assert(!fx_json_valid("{\"a\": 1,}"));
	ck_assert(!fx_json_valid("{\"a\": \"raw\nnewline\"}"));
	ck_assert(!fx_json_valid("{\"a\": 1} trailing"));
	ck_assert(!fx_json_valid("[\"\\x\"]"));
}
END_TEST

START_TEST(tap_report)
{
	struct grade_run run;
	char *out;

	make_run(&run);
	out = fx_report(report_tap, &run);
	ck_assert_str_eq(strstr(out, "TAP version 14\n1..6\n"), out);
	ck_assert(strstr(out, "ok 1 - lab0.pfn.down\n"));
	ck_assert(strstr(out, "not ok 2 - lab0.pfn.up\n  ---\n  outcome: failed\n"));
	ck_assert(strstr(out, "ok 3 - lab0.order.exact # SKIP no highmem\n"));
	ck_assert(strstr(out, "not ok 4 - lab0.order.boundaries\n"));
	ck_assert(strstr(out, "  reason: \"expected <2> & got \\\"1\\\"\"\n"));
	ck_assert(strstr(out, "    serial lines while it ran:\n"));
	ck_assert(strstr(out, "# score: 5/12\n"));
	free(out);
	grade_run_free(&run);
}
END_TEST

START_TEST(junit_report_escapes)
{
	struct grade_run run;
	char *out;

	make_run(&run);
	out = fx_report(report_junit, &run);
	ck_assert_str_eq(strstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), out);
	ck_assert(strstr(out, "<testsuites name=\"grade\" tests=\"6\" failures=\"1\" errors=\"2\" skipped=\"1\""));
	ck_assert(strstr(out, "<failure type=\"failed\" message=\"expected &lt;2&gt; &amp; got &quot;1&quot;\">"));
	ck_assert(strstr(out, "if (a &lt; b &amp;&amp; c &gt; d) \"q\" 'x' ? \xEF\xBF\xBD\xEF\xBF\xBD end"));
	ck_assert(strstr(out, "<error type=\"crashed\""));
	ck_assert(strstr(out, "<error type=\"missing\""));
	ck_assert(strstr(out, "<skipped message=\"SKIP no highmem\"/>"));
	ck_assert(strstr(out, "<property name=\"score\" value=\"5\"/>"));
	ck_assert_ptr_null(strstr(out, "a < b"));
	ck_assert_ptr_null(strstr(out, "\x01"));
	free(out);
	grade_run_free(&run);
}
END_TEST

START_TEST(gradescope_report)
{
	struct grade_run run;
	char *out;

	make_run(&run);
	run.seconds = 12.2;
	out = fx_report(report_gradescope, &run);
	ck_assert_msg(fx_json_valid(out), "invalid JSON:\n%s", out);
	ck_assert(strstr(out, "\"score\": 5,"));
	ck_assert(strstr(out, "\"execution_time\": 13,"));
	ck_assert(strstr(out, "{\"name\": \"lab0.pfn.down\", \"score\": 2, \"max_score\": 2, \"status\": \"passed\""));
	ck_assert(strstr(out, "{\"name\": \"lab0.order.boundaries\", \"score\": 0, \"max_score\": 3, \"status\": \"failed\", \"output\": \"crashed (boot 1): BUG"));
	ck_assert(strstr(out, "\"name\": \"lab0.hidden.example\", \"score\": 0, \"max_score\": 2, \"status\": \"failed\""));
	ck_assert(strstr(out, "never started\\n\", \"visibility\": \"hidden\"}"));
	ck_assert(strstr(out, "\"visibility\": \"visible\"}"));
	ck_assert(strstr(out, "\"output\": \"score: 5/12\\n"));
	free(out);
	grade_run_free(&run);
}
END_TEST

/* A run that could not grade still writes valid reports that say why. */
START_TEST(error_run_reports)
{
	struct grade_run run;
	char *out;

	memset(&run, 0, sizeof(run));
	run.error = xstrdup("no runner at build/tools/bootrun");
	out = fx_report(report_gradescope, &run);
	ck_assert(fx_json_valid(out));
	ck_assert(strstr(out, "grading could not run: no runner"));
	free(out);
	out = fx_report(report_json, &run);
	ck_assert(fx_json_valid(out));
	ck_assert(strstr(out, "\"status\": \"error\""));
	free(out);
	out = fx_report(report_tap, &run);
	ck_assert(strstr(out, "1..0\n"));
	ck_assert(strstr(out, "Bail out!"));
	free(out);
	grade_run_free(&run);
}
END_TEST

START_TEST(utf8)
{
	ck_assert_int_eq(utf8_len((const unsigned char *)"a"), 1);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xc3\xa9"), 2);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xe2\x82\xac"), 3);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xf0\x9f\x98\x80"), 4);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xc0\xaf"), 0);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xed\xa0\x80"), 0);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\x80"), 0);
	ck_assert_int_eq(utf8_len((const unsigned char *)"\xc3"), 0);
}
END_TEST

Suite *reports_suite(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("formats");

	tcase_add_test(tc, text_report);
	tcase_add_test(tc, json_report_is_valid);
	tcase_add_test(tc, json_checker_fires);
	tcase_add_test(tc, tap_report);
	tcase_add_test(tc, junit_report_escapes);
	tcase_add_test(tc, gradescope_report);
	tcase_add_test(tc, error_run_reports);
	tcase_add_test(tc, utf8);
	suite_add_tcase(s, tc);
	return s;
}
