/**
 * @file
 * Every report format over one graded run (the recorded "mixed"
 * log: pass, fail with YAML, skip, bench, crash, a missing hidden
 * test), with serial text full of <>&" and bad bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "fixtures.h"
#include "report/report.h"
#include "results.h"

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
	sp_init(&sp, lr, 1, now_seconds());
	fx_feed_log(&sp, "mixed.serial");
	fx_feed_text(&sp, "ok 9 - lab0.pfn.down\n");
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
	ck_assert(strstr(out, "printed on the console, not by the harness: ok 9 - lab0.pfn.down"));
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
	ck_assert(strstr(out, "\"reason\": \"printed on the console, not by the harness\""));
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

/*
 * A boot log of 500 lines (a kernel made to print a file before its
 * harness starts) reaches no report whole: a bounded excerpt, then how
 * much was cut.
 */
START_TEST(boot_log_excerpt_is_bounded)
{
	void (*formats[])(const struct grade_run *, FILE *) = {
		report_text, report_json, report_gradescope,
	};
	struct grade_run run;
	struct strbuf log = STRBUF_INIT;
	char *ex;

	make_run(&run);
	sb_add(&log, "the kernel never reached its harness; boot log:\n");
	for (int i = 0; i < 500; i++)
		sb_addf(&log, "SECRET line %03d of a file it printed\n", i);
	sl_push(&run.labs[0].notes, sb_str(&log));
	ex = report_excerpt(sb_str(&log));
	ck_assert(strlen(ex) <= REPORT_NOTE_BYTES + 40);
	ck_assert(strstr(ex, "SECRET line 058"));
	ck_assert(!strstr(ex, "SECRET line 059"));
	ck_assert(strstr(ex, "... (441 lines cut)"));
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *out = fx_report(formats[i], &run);

		ck_assert_msg(!strstr(out, "SECRET line 100"), "format %zu", i);
		ck_assert_msg(strstr(out, "441 lines cut"), "format %zu", i);
		free(out);
	}
	free(ex);
	ex = report_excerpt("short\nnote");
	ck_assert_str_eq(ex, "short\nnote");
	free(ex);
	sb_free(&log);
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

/* ---- the lab summary: boot problems and the earlier lab to grade first --- */

static const char lab2_rubric[] =
	"title zones\n"
	"file labs/lab2/page_alloc_init.c\n"
	"test lab2.zones.sizes 2\n";
static const char lab3_rubric[] =
	"title the buddy allocator\n"
	"file labs/lab3/page_alloc.c\n"
	"test lab3.split.order0 2\n"
	"test lab3.merge.pairs 2\n";

/*
 * Labs 2 and 3 of a kit in a temporary tree: lab 2's file defines
 * memmap_init_zone() and zone_sizes_init(), lab 3's tests call the latter.
 * Lab 3's boot is @p log3; lab 2 is graded too when @p lab2_fails is set
 * (its one test failed).
 */
static void make_two_labs(struct grade_run *run, const char *log3,
			  bool lab2_fails)
{
	struct strlist errs = STRLIST_INIT;
	struct lab_result *lr;
	size_t l3 = lab2_fails ? 1 : 0;

	memset(run, 0, sizeof(*run));
	run->kit = fx_tmpdir();
	fx_write(run->kit, "labs/lab2/page_alloc_init.c",
		 "/* memmap_init_zone() is step 2.5 */\n"
		 "static void memmap_init_zone(unsigned long size, int zone,\n"
		 "\t\t\t     unsigned long start_pfn)\n{\n}\n"
		 "void zone_sizes_init(void)\n{\n\tmemmap_init_zone(0, 0, 0);\n}\n");
	fx_write(run->kit, "labs/lab3/page_alloc.c",
		 "struct page *alloc_pages(int gfp, unsigned int order)\n{\n\treturn 0;\n}\n");
	fx_write(run->kit, "tests/lab3/buddy_ktest.c",
		 "KTEST(lab3, split, order0)\n{\n\tzone_sizes_init();\n}\n");
	run->rubrics = xcalloc(2, sizeof(*run->rubrics));
	ck_assert_int_eq(rubric_parse(lab2_rubric, "lab2", 2, &run->rubrics[0], &errs), 0);
	ck_assert_int_eq(rubric_parse(lab3_rubric, "lab3", 3, &run->rubrics[1], &errs), 0);
	run->nrubrics = 2;
	run->labs = xcalloc(2, sizeof(*run->labs));
	run->nlabs = l3 + 1;
	if (lab2_fails) {
		lab_result_init(&run->labs[0], &run->rubrics[0]);
		test_set_outcome(&run->labs[0].tests[0], OUTCOME_FAIL, "not ok", 1);
	}
	lr = &run->labs[l3];
	lab_result_init(lr, &run->rubrics[1]);
	lr->built = true;
	lab_add_boot(lr);
	if (log3) {
		struct serial_parser sp;

		sp_init(&sp, lr, 1, now_seconds());
		fx_feed_log(&sp, log3);
		sp_finish(&sp, BOOT_POWEROFF, "powered off");
		sp_free(&sp);
	}
	for (size_t i = 0; i < lr->ntests; i++)
		if (lr->tests[i].outcome == OUTCOME_NONE)
			test_set_outcome(&lr->tests[i], OUTCOME_FAIL, "not ok", 1);
	run->emu = xstrdup("bochs");
	run->scale = 1;
	score_run(run);
	sl_free(&errs);
}

static void free_two_labs(struct grade_run *run)
{
	fx_rmdir(run->kit);
	run->kit = NULL;
	grade_run_free(run);
}

/*
 * The boot stopped in lab 2's memmap_init_zone() while lab 3 was graded:
 * every format starts lab 3 with what happened, where, that the tests did
 * not run, and that lab 2 should be graded first.
 */
START_TEST(summary_in_every_format)
{
	static void (*const formats[])(const struct grade_run *, FILE *) = {
		report_text, report_json, report_tap, report_junit,
		report_gradescope,
	};
	struct grade_run run;

	make_two_labs(&run, "real-boot-oops.serial", false);
	ck_assert_int_eq(run.labs[0].tests[0].outcome, OUTCOME_MISSING);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = fx_report(formats[i], &run);

		ck_assert_msg(strstr(out, "the kernel stopped during boot 1, before its first test:"),
			      "format %zu:\n%s", i, out);
		ck_assert(strstr(out, "BUG: unable to handle kernel NULL pointer dereference at 00000004 in memmap_init_zone+0x5b/0x80"));
		ck_assert(strstr(out, "so the tests of that boot did not run"));
		ck_assert(strstr(out, "lab 3's failures may come from lab 2: memmap_init_zone() (labs/lab2/page_alloc_init.c) stopped the boot; grade lab 2 first"));
		ck_assert(strstr(out, "never started: the kernel stopped during boot: BUG: unable to handle"));
		if (formats[i] == report_json || formats[i] == report_gradescope)
			ck_assert_msg(fx_json_valid(out), "invalid JSON:\n%s", out);
		free(out);
	}
	free_two_labs(&run);
}
END_TEST

/* The summary comes before the table in the text report; JSON has the problem. */
START_TEST(summary_first_and_problem_in_json)
{
	struct grade_run run;
	char *out;

	make_two_labs(&run, "real-boot-oops.serial", false);
	out = fx_report(report_text, &run);
	ck_assert(strstr(out, "the kernel stopped during boot") <
		  strstr(out, "  result   test"));
	free(out);
	out = fx_report(report_json, &run);
	ck_assert(strstr(out, "\"kind\": \"BUG\""));
	ck_assert(strstr(out, "\"fatal\": true"));
	ck_assert(strstr(out, "\"trace\": [\"memmap_init_zone+0x5b/0x80\", \"free_area_init_core+0xff/0x140\""));
	free(out);
	free_two_labs(&run);
}
END_TEST

/*
 * No crash, but lab 2, graded in the same run, fails, and lab 3's tests
 * call lab 2's zone_sizes_init(): lab 3's report says to grade lab 2
 * first.  Without the failing lab 2 it says nothing of the kind.
 */
START_TEST(blame_earlier_failing_lab)
{
	struct grade_run run;
	char *out;

	make_two_labs(&run, NULL, true);
	out = fx_report(report_text, &run);
	ck_assert_msg(strstr(out, "lab 3's failures may come from lab 2: 1 of lab 2's 1 tests did not pass (lab2.zones.sizes: failed); grade lab 2 first"),
		      "%s", out);
	ck_assert(!strstr(out, "stopped during boot"));
	free(out);
	free_two_labs(&run);
	make_two_labs(&run, NULL, false);
	out = fx_report(report_text, &run);
	ck_assert(!strstr(out, "may come from"));
	free(out);
	free_two_labs(&run);
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
	tcase_add_test(tc, summary_in_every_format);
	tcase_add_test(tc, summary_first_and_problem_in_json);
	tcase_add_test(tc, blame_earlier_failing_lab);
	tcase_add_test(tc, boot_log_excerpt_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}
