/**
 * @file
 * Several machines per lab: the rubric's "machine" lines, and the
 * merge of each machine's verdicts into one per test (machines.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "machines.h"
#include "rubric.h"

static bool has_error(const struct strlist *errs, const char *needle)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strstr(errs->v[i], needle))
			return true;
	return false;
}

START_TEST(machine_lines)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(rubric_parse("machine 1g mem=1024  # the usual PC\n"
				      "machine 64m mem=64\n"
				      "test lab1.a 1\n",
				      "t.rubric", 1, &r, &errs), 0);
	ck_assert_int_eq(r.nmachines, 2);
	ck_assert_str_eq(r.machines[0].name, "1g");
	ck_assert_int_eq(r.machines[0].mem_mib, 1024);
	ck_assert_str_eq(r.machines[1].name, "64m");
	ck_assert_int_eq(r.machines[1].mem_mib, 64);
	rubric_free(&r);

	ck_assert_int_eq(rubric_parse("test lab1.a 1\n", "t.rubric", 1, &r,
				      &errs), 0);
	ck_assert_int_eq(r.nmachines, 0);	/* bootrun's default PC */
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

START_TEST(bad_machine_lines)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(rubric_parse("machine 1g\n"			/* 1 */
				      "machine 1g mem=lots\n"		/* 2 */
				      "machine 1g mem=8\n"		/* 3 */
				      "machine 4g mem=4096\n"		/* 4 */
				      "machine Big/One mem=64\n"	/* 5 */
				      "machine a mem=64\nmachine a mem=65\n" /* 7 */
				      "machine b mem=64.5\n"		/* 8 */
				      "machine c ram=64\n"		/* 9 */
				      "test lab1.a 1\n",
				      "t.rubric", 1, &r, &errs), -1);
	ck_assert(has_error(&errs, "t.rubric:1: 'machine' needs a name and a RAM size"));
	ck_assert(has_error(&errs, "t.rubric:2: bad RAM size 'lots' for machine '1g'"));
	ck_assert(has_error(&errs, "t.rubric:3: bad RAM size '8'"));
	ck_assert(has_error(&errs, "t.rubric:4: bad RAM size '4096'"));
	ck_assert(has_error(&errs, "t.rubric:5: bad machine name 'Big/One'"));
	ck_assert(has_error(&errs, "t.rubric:7: machine 'a' is listed twice"));
	ck_assert(has_error(&errs, "t.rubric:8: bad RAM size '64.5'"));
	ck_assert(has_error(&errs, "t.rubric:9: 'machine' needs a name and a RAM size"));
	ck_assert_int_eq(errs.n, 8);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/* A lab of three tests graded on machines "1g" and "64m". */
struct two {
	struct rubric r;
	struct lab_result lr;
};

static void two_machines(struct two *tw)
{
	struct strlist errs = STRLIST_INIT;

	ck_assert_int_eq(rubric_parse("machine 1g mem=1024\nmachine 64m mem=64\n"
				      "test lab1.a 1\ntest lab1.b 1\ntest lab1.c 1\n",
				      "t.rubric", 1, &tw->r, &errs), 0);
	sl_free(&errs);
	lab_result_init(&tw->lr, &tw->r);
	tw->lr.nmachines = 2;
	tw->lr.machines = xcalloc(2, sizeof(*tw->lr.machines));
	for (int m = 0; m < 2; m++) {
		struct lab_result *mr = &tw->lr.machines[m];

		lab_result_init(mr, &tw->r);
		mr->machine = &tw->r.machines[m];
		lab_add_boot(mr)->cmdline = xasprintf("boot of %s", mr->machine->name);
	}
}

static void set(struct two *tw, int m, size_t i, enum outcome o,
		const char *reason)
{
	test_set_outcome(&tw->lr.machines[m].tests[i], o, reason, 1);
}

static void free_two(struct two *tw)
{
	lab_result_free(&tw->lr);
	rubric_free(&tw->r);
}

/* The merge rules of machines.h, one row each. */
START_TEST(merge_rules)
{
	struct two tw;

	two_machines(&tw);
	set(&tw, 0, 0, OUTCOME_PASS, NULL);		/* a: passes on both */
	set(&tw, 1, 0, OUTCOME_PASS, NULL);
	set(&tw, 0, 1, OUTCOME_PASS, NULL);		/* b: fails on 64m only */
	set(&tw, 1, 1, OUTCOME_FAIL, "expected 0, got 1");
	set(&tw, 0, 2, OUTCOME_SKIP, "no highmem");	/* c: skipped on both */
	set(&tw, 1, 2, OUTCOME_SKIP, "no highmem");
	machines_merge(&tw.lr);

	ck_assert_int_eq(tw.lr.tests[0].outcome, OUTCOME_PASS);
	ck_assert_int_eq(tw.lr.tests[1].outcome, OUTCOME_FAIL);
	ck_assert_str_eq(tw.lr.tests[1].reason, "on 64m: expected 0, got 1");
	ck_assert_int_eq(tw.lr.tests[1].boot, 2);	/* 64m's boot, renumbered */
	ck_assert_ptr_nonnull(strstr(sb_str(&tw.lr.tests[1].diag),
				     "on 1g (1024 MiB): passed"));
	ck_assert_ptr_nonnull(strstr(sb_str(&tw.lr.tests[1].diag),
				     "on 64m (64 MiB): failed: expected 0, got 1"));
	ck_assert_int_eq(tw.lr.tests[2].outcome, OUTCOME_SKIP);
	ck_assert_str_eq(tw.lr.tests[2].reason, "no highmem");

	ck_assert_int_eq(tw.lr.nboots, 2);
	ck_assert_str_eq(tw.lr.boots[0].machine, "1g");
	ck_assert_str_eq(tw.lr.boots[1].machine, "64m");
	ck_assert_int_eq(tw.lr.boots[1].n, 2);
	ck_assert_str_eq(tw.lr.boots[1].cmdline, "boot of 64m");
	free_two(&tw);
}
END_TEST

/* Skipped where it cannot apply, passed elsewhere: passed, skip noted. */
START_TEST(skip_on_one_pass_on_other)
{
	struct two tw;

	two_machines(&tw);
	set(&tw, 0, 0, OUTCOME_PASS, NULL);
	set(&tw, 1, 0, OUTCOME_SKIP, "no highmem on this machine");
	for (size_t i = 1; i < 3; i++) {
		set(&tw, 0, i, OUTCOME_PASS, NULL);
		set(&tw, 1, i, OUTCOME_PASS, NULL);
	}
	machines_merge(&tw.lr);
	ck_assert_int_eq(tw.lr.tests[0].outcome, OUTCOME_PASS);
	ck_assert_ptr_null(tw.lr.tests[0].reason);
	ck_assert_ptr_nonnull(strstr(sb_str(&tw.lr.tests[0].diag),
				     "on 64m (64 MiB): skipped: no highmem on this machine"));
	ck_assert_uint_eq(tw.lr.tests[1].diag.len, 0);
	free_two(&tw);
}
END_TEST

/* The first machine (rubric order) that did not pass decides. */
START_TEST(first_bad_machine_decides)
{
	struct two tw;

	two_machines(&tw);
	set(&tw, 0, 0, OUTCOME_HANG, "no result within 60 s of emulated time");
	set(&tw, 1, 0, OUTCOME_CRASH, "oops");
	for (size_t i = 1; i < 3; i++) {
		set(&tw, 0, i, OUTCOME_PASS, NULL);
		set(&tw, 1, i, OUTCOME_PASS, NULL);
	}
	machines_merge(&tw.lr);
	ck_assert_int_eq(tw.lr.tests[0].outcome, OUTCOME_HANG);
	ck_assert_str_eq(tw.lr.tests[0].reason,
			 "on 1g: no result within 60 s of emulated time");
	ck_assert_ptr_nonnull(strstr(sb_str(&tw.lr.tests[0].diag),
				     "on 64m (64 MiB): crashed: oops"));
	free_two(&tw);
}
END_TEST

Suite *machines_suite(void)
{
	Suite *s = suite_create("machines");
	TCase *tc = tcase_create("rubric and merge");

	tcase_add_test(tc, machine_lines);
	tcase_add_test(tc, bad_machine_lines);
	tcase_add_test(tc, merge_rules);
	tcase_add_test(tc, skip_on_one_pass_on_other);
	tcase_add_test(tc, first_bad_machine_decides);
	suite_add_tcase(s, tc);
	return s;
}
