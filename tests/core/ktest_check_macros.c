/**
 * @file
 * ktest's check macros in real KTEST() cases (core.selftest.*, declared
 * here and run by hand): what each records, the first failure kept, the
 * expression as written, WARN() and BUG() as they print.  Several fail on
 * purpose (the deliberate faults).  Part of the ktest_check program
 * (ktest_check.c has the suite).
 */
#include <stdio.h>
#include <string.h>
#include <check.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include "sim/sim.h"
#include "ktest_check.h"

/* ---- the check macros, in real KTEST() cases ----------------------------- */

static int first_failure_line;
static bool reached_after_assert;

KTEST(core, selftest, passes)
{
	int x = 4;

	KTEST_EXPECT(t, x == 4);
	KTEST_EXPECT_EQ(t, x * 2, 8);
	KTEST_EXPECT_NE(t, x, 5);
	KTEST_ASSERT(t, x > 0);
	KTEST_ASSERT_EQ(t, x, 4);
}

KTEST(core, selftest, records_first_failure)
{
	int x = 4;

	KTEST_EXPECT(t, x == 4);
	first_failure_line = __LINE__ + 1;
	KTEST_EXPECT(t, x + 1 == 4);
	KTEST_EXPECT_EQ(t, x, 5);		/* a second failure: not kept */
}

KTEST(core, selftest, expect_eq_values)
{
	int x = 4;

	KTEST_EXPECT_EQ(t, x, 5);
}

KTEST(core, selftest, expect_eq_negative)
{
	long v = -1;

	KTEST_EXPECT_EQ(t, v, 1);
}

KTEST(core, selftest, expect_ne)
{
	KTEST_EXPECT_NE(t, 3, 3);
}

KTEST(core, selftest, assert_returns)
{
	reached_after_assert = false;
	KTEST_ASSERT(t, 1 == 2);
	reached_after_assert = true;
}

KTEST(core, selftest, assert_eq_returns)
{
	reached_after_assert = false;
	KTEST_ASSERT_EQ(t, 1, 2);
	reached_after_assert = true;
}

KTEST(core, selftest, skips)
{
	KTEST_SKIP(t, "no highmem");
	KTEST_EXPECT(t, false);		/* never reached */
}

KTEST_EXPLICIT(core, selftest, explicit_one)
{
	KTEST_EXPECT(t, true);
}

/*
 * Expressions as written: each check below fails, and its report must
 * show the test's own text, NULL and parentheses included.  A check that
 * forwards its argument to another macro would print the expansion of
 * NULL, "((void *)0)", or lose the parentheses a macro added.
 */
#define SELFTEST_LIMIT (2 + 2)

KTEST(core, selftest, assert_as_written)
{
	int *p = NULL;

	KTEST_ASSERT(t, p != NULL);
}

KTEST(core, selftest, assert_eq_as_written)
{
	int *p = NULL;

	KTEST_ASSERT_EQ(t, (p == NULL), SELFTEST_LIMIT);
}

KTEST(core, selftest, assert_ne_as_written)
{
	void *p = NULL;

	KTEST_ASSERT_NE(t, p, NULL);
}

KTEST(core, selftest, expect_as_written)
{
	KTEST_EXPECT(t, (SELFTEST_LIMIT) > 5);
}

#define CASE(name) __KTEST_NAME(core, selftest, name##_case)

/* Run one KTEST() case as the kernel's runner would. */
static void run_case(const struct ktest_case *tc, struct ktest *t)
{
	memset(t, 0, sizeof(*t));
	t->tc = tc;
	tc->fn(t);
}

START_TEST(test_case_metadata)
{
	ck_assert_str_eq(CASE(passes).id, "core.selftest.passes");
	ck_assert_str_eq(CASE(passes).file, "tests/core/ktest_check_macros.c");
	ck_assert_int_gt(CASE(passes).line, 0);
	ck_assert_uint_eq(CASE(passes).flags, 0);
	ck_assert_uint_eq(CASE(explicit_one).flags, KTEST_F_EXPLICIT);
}
END_TEST

START_TEST(test_passing_case)
{
	struct ktest t;

	run_case(&CASE(passes), &t);
	ck_assert(!t.failed);
	ktest_print_result(&t, 1, "");
	ck_assert_str_eq(sim_console_text(), "ok 1 - core.selftest.passes\n");
}
END_TEST

START_TEST(test_first_failure_kept)
{
	char want[512];
	struct ktest t;

	run_case(&CASE(records_first_failure), &t);
	ck_assert(t.failed);
	ck_assert_int_eq(t.line, first_failure_line);
	ck_assert_str_eq(t.expr, "x + 1 == 4");
	ck_assert_str_eq(t.expected, "true");
	ck_assert_str_eq(t.got, "false");
	ktest_print_result(&t, 7, " n=1a2b");
	snprintf(want, sizeof(want),
		 "not ok 7 - core.selftest.records_first_failure # n=1a2b\n"
		 "  ---\n"
		 "  file: tests/core/ktest_check_macros.c\n"
		 "  line: %d\n"
		 "  expression: \"x + 1 == 4\"\n"
		 "  expected: \"true\"\n"
		 "  got: \"false\"\n"
		 "  ...\n", first_failure_line);
	ck_assert_str_eq(sim_console_text(), want);
}
END_TEST

START_TEST(test_expect_eq_reports_both_values)
{
	struct ktest t;

	run_case(&CASE(expect_eq_values), &t);
	ck_assert_str_eq(t.expr, "x == 5");
	ck_assert_str_eq(t.expected, "5 (0x5)");
	ck_assert_str_eq(t.got, "4 (0x4)");
	run_case(&CASE(expect_eq_negative), &t);
	ck_assert_str_eq(t.expected, "1 (0x1)");
	ck_assert_str_eq(t.got, "-1 (0xffffffffffffffff)");
	run_case(&CASE(expect_ne), &t);
	ck_assert_str_eq(t.expr, "3 != 3");
	ck_assert_str_eq(t.expected, "3 (0x3)");
	ck_assert_str_eq(t.got, "3 (0x3)");
}
END_TEST

START_TEST(test_assert_returns)
{
	struct ktest t;

	run_case(&CASE(assert_returns), &t);
	ck_assert(t.failed);
	ck_assert(!reached_after_assert);
	ck_assert_str_eq(t.expr, "1 == 2");
	run_case(&CASE(assert_eq_returns), &t);
	ck_assert(t.failed);
	ck_assert(!reached_after_assert);
	ck_assert_str_eq(t.got, "1 (0x1)");
}
END_TEST

/* Every check reports the expression as the test wrote it (see above). */
START_TEST(test_expression_as_written)
{
	struct ktest t;

	run_case(&CASE(assert_as_written), &t);
	ck_assert(t.failed);
	ck_assert_str_eq(t.expr, "p != NULL");
	run_case(&CASE(assert_eq_as_written), &t);
	ck_assert_str_eq(t.expr, "(p == NULL) == SELFTEST_LIMIT");
	ck_assert_str_eq(t.expected, "4 (0x4)");
	run_case(&CASE(assert_ne_as_written), &t);
	ck_assert_str_eq(t.expr, "p != NULL");
	run_case(&CASE(expect_as_written), &t);
	ck_assert_str_eq(t.expr, "(SELFTEST_LIMIT) > 5");
	ktest_print_result(&t, 9, "");
	ck_assert(strstr(sim_console_text(), "  expression: \"(SELFTEST_LIMIT) > 5\"\n"));
}
END_TEST

/* WARN_ON and BUG_ON print their condition as written too. */
static void bug_on_null(void *arg)
{
	BUG_ON(arg != NULL);
}

START_TEST(test_warn_bug_as_written)
{
	struct sim_child_result r;
	int x = 1;

	ck_assert(WARN_ON(&x != NULL));
	ck_assert(strstr(sim_console_text(), "\n&x != NULL\n"));
	ck_assert_int_eq(sim_run_child(bug_on_null, &x, &r), 0);
	ck_assert_msg(strstr(r.err, "BUG_ON(arg != NULL)\n"), "stderr: %s", r.err);
}
END_TEST

START_TEST(test_skip_case)
{
	struct ktest t;

	run_case(&CASE(skips), &t);
	ck_assert(!t.failed);
	ck_assert_str_eq(t.skip_reason, "no highmem");
	ktest_print_result(&t, 8, "");
	ck_assert_str_eq(sim_console_text(), "ok 8 - core.selftest.skips # SKIP no highmem\n");
}
END_TEST

void add_macros_tcases(Suite *s)
{
	TCase *tc;

	tc = tcase_create("macros");
	tcase_add_checked_fixture(tc, clear_console, clear_console);
	tcase_add_test(tc, test_case_metadata);
	tcase_add_test(tc, test_passing_case);
	tcase_add_test(tc, test_first_failure_kept);
	tcase_add_test(tc, test_expect_eq_reports_both_values);
	tcase_add_test(tc, test_assert_returns);
	tcase_add_test(tc, test_skip_case);
	tcase_add_test(tc, test_expression_as_written);
	tcase_add_test(tc, test_warn_bug_as_written);
	suite_add_tcase(s, tc);
}
