/**
 * @file test_forgery.c
 * @brief Lines that must not be believed: untagged, wrong nonce,
 *        duplicate, unknown id, result of a test not running, start while
 *        another runs, after the end line, a fake "ok" printed by a test
 *        before its real result, and a fake "ok" followed by a crash or a
 *        hang.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/* How many rejected lines carry @p reason. */
static int rejected(const struct fx_lab *f, const char *reason)
{
	int n = 0;

	for (size_t i = 0; i < f->lr.nrejected; i++)
		n += !strcmp(f->lr.rejected[i].reason, reason);
	return n;
}

static void parse_text(struct fx_lab *f, const char *text, enum boot_end end)
{
	struct serial_parser sp;
	struct boot_record *rec = lab_add_boot(&f->lr);

	sp_init(&sp, &f->lr, rec->n, FX_NONCE, now_seconds());
	fx_feed_text(&sp, text, FX_NONCE);
	sp_finish(&sp, end, "test");
	sp_free(&sp);
}

/* The recorded log with one of each forgery (see logs/forgery.serial). */
START_TEST(every_forgery_in_one_log)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "forgery.serial", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, "result for a test that is not running"), 1);
	ck_assert_int_eq(rejected(&f, "untagged harness line"), 1);
	ck_assert_int_eq(rejected(&f, "wrong nonce"), 1);
	ck_assert_int_eq(rejected(&f, "duplicate result"), 2);
	ck_assert_int_eq(rejected(&f, "unknown test id"), 1);
	ck_assert_int_eq(rejected(&f, "result for a test not in the rubric"), 1);
	ck_assert_int_eq(rejected(&f, "start while another test runs"), 1);
	ck_assert_int_eq(rejected(&f, "after the end line"), 3);
	ck_assert_int_eq(f.lr.nrejected, 11);

	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	/* fake "ok" first, real "not ok" second: failed, with the YAML */
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_FAIL);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.up")->reason, "conflicting"));
	ck_assert(strstr(sb_str(&fx_test(&f, "lab0.pfn.up")->diag), "got: \"0x1\""));
	ck_assert_int_eq(fx_test(&f, "lab0.order.exact")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(fx_test(&f, "lab0.order.boundaries")->outcome, OUTCOME_PASS);
	/* only printed after the end line: not believed */
	ck_assert_int_eq(fx_test(&f, "lab0.bench.get_order")->outcome, OUTCOME_NONE);
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->outcome, OUTCOME_NONE);
	fx_lab_free(&f);
}
END_TEST

/*
 * The deliberate fault: a test prints an untagged "ok" for itself and then
 * really fails.  If the nonce check did not fire, the test would pass.
 */
START_TEST(deliberate_fault_forged_ok_is_caught)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "ok 1 - lab0.pfn.down\n"
		   "ok 1 - lab0.pfn.down # n=1a2b3c4d\n"
		   "not ok 1 - lab0.pfn.down # n=@N@\n"
		   "# ktest: end n=@N@\n", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(f.lr.nrejected, 2);
	ck_assert_str_eq(f.lr.rejected[0].text, "ok 1 - lab0.pfn.down");
	ck_assert_int_eq(f.lr.rejected[0].lineno, 3);
	fx_lab_free(&f);
}
END_TEST

/* With the nonce (read by ring-0 code) a fake "ok" is still undone. */
START_TEST(fake_ok_with_nonce_before_real_result)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n"
		   "not ok 1 - lab0.pfn.down # n=@N@\n"
		   "# ktest: end n=@N@\n", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(rejected(&f, "duplicate result"), 1);
	fx_lab_free(&f);
}
END_TEST

START_TEST(fake_ok_then_crash)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n"
		   "BUG: unable to handle kernel paging request at c8000000\n"
		   "Bail out! ktest: lab0.pfn.down crashed n=@N@\n",
		   BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.down")->reason, "forged"));
	fx_lab_free(&f);
}
END_TEST

/*
 * Progress and watchdog lines must name the running test; a forged
 * "hung" after an ok takes the ok back, like a forged crash.
 */
START_TEST(progress_and_hung_lines_checked)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "# ktest: progress lab0.pfn.down 1/2 pages n=@N@\n"
		   "# ktest: progress lab0.pfn.up 1/2 pages n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n"
		   "Bail out! ktest: lab0.pfn.down hung: no result n=@N@\n",
		   BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, "progress line for a test that is not running"), 1);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_HANG);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.down")->reason, "forged"));
	fx_lab_free(&f);
}
END_TEST

START_TEST(fake_ok_then_hang)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n", BOOT_HANG);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_HANG);
	fx_lab_free(&f);
}
END_TEST

/* A test may not print the result of the next one. */
START_TEST(result_for_a_later_test)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "ok 2 - lab0.pfn.up # n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n"
		   "# ktest: start lab0.pfn.up n=@N@\n"
		   "not ok 2 - lab0.pfn.up # n=@N@\n"
		   "# ktest: end n=@N@\n", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, "result for a test that is not running"), 1);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_FAIL);
	fx_lab_free(&f);
}
END_TEST

/* A forged start line for another test, and a bogus bail-out. */
START_TEST(forged_start_and_bail)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: start lab0.pfn.down n=@N@\n"
		   "# ktest: start lab0.pfn.up n=@N@\n"
		   "Bail out! ktest: lab0.pfn.up crashed n=@N@\n"
		   "Bail out! everything is fine\n"
		   "# bench: lab0.pfn.up 1 instructions/op n=@N@\n"
		   "ok 1 - lab0.pfn.down # n=@N@\n"
		   "# ktest: end n=@N@\n", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(rejected(&f, "start while another test runs"), 1);
	ck_assert_int_eq(rejected(&f, "bail-out names a test that is not running"), 1);
	ck_assert_int_eq(rejected(&f, "untagged harness line"), 1);
	ck_assert_int_eq(rejected(&f, "bench line for a test that is not running"), 1);
	fx_lab_free(&f);
}
END_TEST

START_TEST(wrong_header_nonce)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: nonce=ffffffff selected=1 from=-\n"
		   "TAP version 14\n", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, "wrong nonce"), 1);
	ck_assert_int_eq(rejected(&f, "second TAP header"), 1);
	fx_lab_free(&f);
}
END_TEST

Suite *forgery_suite(void)
{
	Suite *s = suite_create("forgery");
	TCase *tc = tcase_create("reject");

	tcase_add_test(tc, every_forgery_in_one_log);
	tcase_add_test(tc, deliberate_fault_forged_ok_is_caught);
	tcase_add_test(tc, fake_ok_with_nonce_before_real_result);
	tcase_add_test(tc, fake_ok_then_crash);
	tcase_add_test(tc, fake_ok_then_hang);
	tcase_add_test(tc, progress_and_hung_lines_checked);
	tcase_add_test(tc, result_for_a_later_test);
	tcase_add_test(tc, forged_start_and_bail);
	tcase_add_test(tc, wrong_header_nonce);
	suite_add_tcase(s, tc);
	return s;
}
