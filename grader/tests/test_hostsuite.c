/**
 * @file test_hostsuite.c
 * @brief Host cases: reading Check's log and the sanitizers' reports into
 *        outcomes (hostsuite_classify()), and which ids are host cases.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "hostsuite.h"
#include "rubric.h"

static const char RUBRIC[] =
	"test lab3.merge.kernel_one 1\n"
	"test lab3.host.buddy.merge_model 1\n"
	"test lab3.host.buddy.split 1\n"
	"test lab3.host.buddy.overflow 1\n"
	"test lab3.host.buddy.loop 1\n"
	"test lab3.host.buddy.never_run 1\n"
	"test lab3.host.api.other_suite 1\n";

/* A Check log as CK_LOG_FILE_NAME writes it, one line per iteration. */
static const char LOG[] =
	"Running suite lab3-buddy\n"
	"tests/lab3/buddy_check.c:40:P:merge:test_merge_model:0: Passed\n"
	"tests/lab3/buddy_check.c:61:F:split:test_split:0: Assertion 'nr == 3' failed: nr == 2, 3 == 3\n"
	"tests/lab3/buddy_check.c:77:E:merge:test_overflow:0: (after this point) Early exit with return value 1\n"
	"tests/lab3/buddy_check.c:90:P:loop:test_loop:0: Passed\n"
	"tests/lab3/buddy_check.c:91:F:loop:test_loop:1: Assertion 'x' failed\n"
	"tests/lab3/buddy_check.c:90:P:loop:test_loop:2: Passed\n"
	"tests/lab3/buddy_check.c:12:P:x:test_unlisted:0: Passed\n"
	"tests/lab3/api_check.c:5:P:x:test_other_suite:0: Passed\n";

static const char ERRS[] =
	"some printk output\n"
	"=================================================================\n"
	"==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020\n"
	"WRITE of size 4 at 0x6020 thread T0\n"
	"    #0 0x55 in __free_one_page solutions/lab3/page_alloc.c:120\n"
	"    #1 0x56 in test_overflow tests/lab3/buddy_check.c:80\n"
	"SUMMARY: AddressSanitizer: heap-buffer-overflow solutions/lab3/page_alloc.c:120 in __free_one_page\n"
	"more output\n";

START_TEST(which_ids_are_host_cases)
{
	ck_assert(hostsuite_is_host_test("lab3.host.buddy.merge_model"));
	ck_assert(hostsuite_is_host_test("lab12.host.a.b"));
	ck_assert(!hostsuite_is_host_test("lab3.merge.host"));
	ck_assert(!hostsuite_is_host_test("lab3.hostile.x"));
	ck_assert(!hostsuite_is_host_test("host.lab3.x"));
}
END_TEST

START_TEST(log_and_reports_give_outcomes)
{
	struct strlist errs = STRLIST_INIT;
	struct lab_result lr;
	struct rubric r;

	ck_assert_int_eq(rubric_parse(RUBRIC, "t.rubric", 3, &r, &errs), 0);
	ck_assert(!r.tests[0].host && r.tests[1].host);
	lab_result_init(&lr, &r);
	hostsuite_classify(&lr, "buddy", LOG, ERRS, 1);

	ck_assert_int_eq(lr.tests[0].outcome, OUTCOME_NONE);	/* a ktest */
	ck_assert_int_eq(lr.tests[1].outcome, OUTCOME_PASS);
	ck_assert_int_eq(lr.tests[2].outcome, OUTCOME_FAIL);
	ck_assert_str_eq(lr.tests[2].reason, "Assertion 'nr == 3' failed: nr == 2, 3 == 3");
	ck_assert_ptr_nonnull(strstr(sb_str(&lr.tests[2].diag),
				     "at: tests/lab3/buddy_check.c:61"));
	/* The crash takes the sanitizer report whose stack names its case. */
	ck_assert_int_eq(lr.tests[3].outcome, OUTCOME_CRASH);
	ck_assert_str_eq(lr.tests[3].reason,
			 "AddressSanitizer: heap-buffer-overflow on address 0x6020");
	ck_assert_ptr_nonnull(strstr(sb_str(&lr.tests[3].diag),
				     "SUMMARY: AddressSanitizer: heap-buffer-overflow"));
	ck_assert_ptr_null(strstr(sb_str(&lr.tests[3].diag), "more output"));
	/* One failing iteration fails the case, and says which. */
	ck_assert_int_eq(lr.tests[4].outcome, OUTCOME_FAIL);
	ck_assert_str_eq(lr.tests[4].reason, "iteration 1: Assertion 'x' failed");
	/* Not in the log: left for the caller; another suite's line ignored. */
	ck_assert_int_eq(lr.tests[5].outcome, OUTCOME_NONE);
	ck_assert_int_eq(lr.tests[6].outcome, OUTCOME_NONE);
	lab_result_free(&lr);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/* A forged-looking line with a bad result letter or name is not believed. */
START_TEST(malformed_lines_are_ignored)
{
	struct strlist errs = STRLIST_INIT;
	struct lab_result lr;
	struct rubric r;

	ck_assert_int_eq(rubric_parse(RUBRIC, "t.rubric", 3, &r, &errs), 0);
	lab_result_init(&lr, &r);
	hostsuite_classify(&lr, "buddy",
			   "x.c:1:OK:merge:test_merge_model:0: Passed\n"
			   "x.c:1:P:merge:merge_model:0: Passed\n"
			   "x.c:1:P:merge\n", "", 0);
	ck_assert_int_eq(lr.tests[1].outcome, OUTCOME_NONE);
	lab_result_free(&lr);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/*
 * A case its CPU limit stopped is hung, once, at the last line it passed;
 * every iteration stopped the same way adds nothing more.
 */
START_TEST(out_of_cpu_is_hung)
{
	struct strlist errs = STRLIST_INIT;
	struct lab_result lr;
	struct rubric r;
	const char *diag;

	ck_assert_int_eq(rubric_parse(RUBRIC, "t.rubric", 3, &r, &errs), 0);
	lab_result_init(&lr, &r);
	hostsuite_classify(&lr, "buddy",
			   "b.c:7:E:merge:test_merge_model:0: (after this point) Received signal 24 (CPU time limit exceeded)\n"
			   "b.c:9:E:loop:test_loop:1: (after this point) Received signal 9 (Killed)\n"
			   "b.c:9:E:loop:test_loop:2: (after this point) Received signal 9 (Killed)\n"
			   "b.c:8:E:split:test_split:0: (after this point) Received signal 11 (Segmentation fault)\n",
			   "", 1);
	ck_assert_int_eq(lr.tests[1].outcome, OUTCOME_HANG);
	ck_assert_ptr_nonnull(strstr(lr.tests[1].reason, "s of CPU time and was stopped"));
	ck_assert_int_eq(lr.tests[4].outcome, OUTCOME_HANG);
	ck_assert_ptr_nonnull(strstr(lr.tests[4].reason, "iteration 1 used its "));
	diag = sb_str(&lr.tests[4].diag);
	ck_assert_ptr_nonnull(strstr(diag, "at: b.c:9"));
	ck_assert_ptr_null(strstr(strstr(diag, "at: b.c:9") + 1, "at: b.c:9"));
	ck_assert_int_eq(lr.tests[2].outcome, OUTCOME_CRASH);	/* not a limit */
	lab_result_free(&lr);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

Suite *hostsuite_suite(void)
{
	Suite *s = suite_create("hostsuite");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, which_ids_are_host_cases);
	tcase_add_test(tc, log_and_reports_give_outcomes);
	tcase_add_test(tc, malformed_lines_are_ignored);
	tcase_add_test(tc, out_of_cpu_is_hung);
	suite_add_tcase(s, tc);
	return s;
}
