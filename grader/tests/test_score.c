/**
 * @file
 * Points with weights, totals over labs, and the exit status.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "results.h"

/* A run of @n labs whose tests get outcomes from @p outcomes[lab][test]. */
static void make_run(struct grade_run *run, const char *const *rubrics,
		     size_t n)
{
	struct strlist errs = STRLIST_INIT;

	memset(run, 0, sizeof(*run));
	run->rubrics = xcalloc(n, sizeof(*run->rubrics));
	run->labs = xcalloc(n, sizeof(*run->labs));
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(rubric_parse(rubrics[i], "t", (int)i,
					      &run->rubrics[i], &errs), 0);
		lab_result_init(&run->labs[i], &run->rubrics[i]);
	}
	run->nrubrics = run->nlabs = n;
	sl_free(&errs);
}

static void set(struct grade_run *run, size_t lab, size_t test, enum outcome o)
{
	test_set_outcome(&run->labs[lab].tests[test], o, NULL, 1);
}

START_TEST(weights_and_totals)
{
	const char *const rubrics[] = {
		"weight 1\ntest lab0.a 2\ntest lab0.b 3\ntest lab0.bench 0\n",
		"weight 2\ntest lab1.a 4\ntest lab1.b 6 hidden\n",
	};
	struct grade_run run;

	make_run(&run, rubrics, 2);
	set(&run, 0, 0, OUTCOME_PASS);
	set(&run, 0, 1, OUTCOME_HANG);
	set(&run, 0, 2, OUTCOME_PASS);
	set(&run, 1, 0, OUTCOME_SKIP);	/* an "ok": earns */
	set(&run, 1, 1, OUTCOME_PASS);
	score_run(&run);
	ck_assert(run.labs[0].earned == 2 && run.labs[0].max == 5);
	ck_assert(run.labs[1].earned == 20 && run.labs[1].max == 20);
	ck_assert(run.labs[1].tests[1].earned == 12);
	ck_assert(run.earned == 22 && run.max == 25);
	ck_assert_int_eq(score_exit_status(&run), EXIT_SOME_FAILED);
	grade_run_free(&run);
}
END_TEST

START_TEST(exit_status)
{
	const char *const rubrics[] = { "test lab0.a 1\ntest lab0.bench 0\n" };
	struct grade_run run;

	make_run(&run, rubrics, 1);
	set(&run, 0, 0, OUTCOME_PASS);
	set(&run, 0, 1, OUTCOME_PASS);
	score_run(&run);
	ck_assert_int_eq(score_exit_status(&run), EXIT_ALL_PASSED);
	/* a 0-point benchmark that crashes still makes the run "failed" */
	set(&run, 0, 1, OUTCOME_CRASH);
	score_run(&run);
	ck_assert(run.earned == 1 && run.max == 1);
	ck_assert_int_eq(score_exit_status(&run), EXIT_SOME_FAILED);
	run.error = xstrdup("no runner");
	ck_assert_int_eq(score_exit_status(&run), EXIT_GRADING_ERROR);
	grade_run_free(&run);
}
END_TEST

START_TEST(every_outcome_but_pass_and_skip_earns_zero)
{
	const char *const rubrics[] = { "test lab0.a 5\n" };
	static const enum outcome zero[] = {
		OUTCOME_NONE, OUTCOME_FAIL, OUTCOME_CRASH, OUTCOME_HANG,
		OUTCOME_TRIPLE, OUTCOME_MISSING, OUTCOME_NOBUILD,
	};
	struct grade_run run;

	make_run(&run, rubrics, 1);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++) {
		set(&run, 0, 0, zero[i]);
		score_run(&run);
		ck_assert_msg(run.earned == 0, "%s earned points",
			      outcome_name(zero[i]));
	}
	grade_run_free(&run);
}
END_TEST

START_TEST(no_labs_is_an_error)
{
	struct grade_run run;

	memset(&run, 0, sizeof(run));
	ck_assert_int_eq(score_exit_status(&run), EXIT_GRADING_ERROR);
}
END_TEST

Suite *score_suite(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("points");

	tcase_add_test(tc, weights_and_totals);
	tcase_add_test(tc, exit_status);
	tcase_add_test(tc, every_outcome_but_pass_and_skip_earns_zero);
	tcase_add_test(tc, no_labs_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}
