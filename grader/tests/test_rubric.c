/**
 * @file
 * Rubric parsing: the kit's own rubric, every directive, and
 * broken files whose errors must carry their line numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "rubric.h"

/* Parse @p text as lab @p lab; returns the result, errors in @p errs. */
static int parse(const char *text, int lab, struct rubric *r,
		 struct strlist *errs)
{
	return rubric_parse(text, "t.rubric", lab, r, errs);
}

/* Does some error message contain @p needle? */
static bool has_error(const struct strlist *errs, const char *needle)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strstr(errs->v[i], needle))
			return true;
	return false;
}

START_TEST(kit_lab0_rubric)
{
	char *path = fx_src("rubrics/lab0.rubric");
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(rubric_load(path, 0, &r, &errs), 0);
	/* Host cases (1 point each) come last; the kernel tests first. */
	while (r.ntests && r.tests[r.ntests - 1].host) {
		ck_assert(r.tests[r.ntests - 1].points == 1);
		free(r.tests[--r.ntests].id);
	}
	/* Five visible tests; the instructor's kit adds one hidden, the handout not. */
	ck_assert(r.ntests == 5 || r.ntests == 6);
	ck_assert_str_eq(r.tests[0].id, "lab0.pfn.down");
	ck_assert(r.tests[0].points == 2);
	ck_assert_str_eq(r.tests[3].id, "lab0.order.boundaries");
	ck_assert(r.tests[3].points == 3);
	ck_assert_str_eq(r.tests[4].id, "lab0.bench.get_order");
	ck_assert(r.tests[4].points == 0);
	ck_assert(rubric_max_points(&r) == (r.ntests == 6 ? 12 : 10));
	ck_assert_int_eq(r.files.n, 1);
	ck_assert_str_eq(r.files.v[0], "labs/lab0/warmup.c");
	for (size_t i = 0; i < r.ntests; i++)
		ck_assert(r.tests[i].hidden == (i == 5));
	rubric_free(&r);
	sl_free(&errs);
	free(path);
}
END_TEST

START_TEST(every_directive)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(parse("title  zones: DMA, NORMAL # and HIGHMEM\n"
			       "weight 2.5\n"
			       "budget 40\n"
			       "file labs/lab2/zone.c\n"
			       "file labs/lab2/zone_init.c\n"
			       "test lab2.zone.dma 1.5 visible\n"
			       "test lab2.zone.secret 4 hidden budget=90\n",
			       2, &r, &errs), 0);
	ck_assert_str_eq(r.title, "zones: DMA, NORMAL");
	ck_assert(r.weight == 2.5);
	ck_assert(r.budget == 40);
	ck_assert_int_eq(r.files.n, 2);
	ck_assert(r.tests[0].points == 1.5 && !r.tests[0].hidden);
	ck_assert(r.tests[1].hidden && r.tests[1].budget == 90);
	ck_assert_int_eq(r.tests[1].line, 7);
	ck_assert_ptr_eq(rubric_find(&r, "lab2.zone.secret"), &r.tests[1]);
	ck_assert_ptr_null(rubric_find(&r, "lab2.zone"));
	ck_assert_int_eq(errs.n, 0);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

START_TEST(defaults)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(parse("test lab1.a 1\n", 1, &r, &errs), 0);
	ck_assert(r.weight == 1);
	ck_assert(r.budget == 0);
	ck_assert_str_eq(r.title, "");
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/* Every error is reported, each with its own line number. */
START_TEST(broken_file_line_numbers)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(parse("# a broken rubric\n"
			       "tset lab0.a 1\n"		/* 2 */
			       "test lab0.a two\n"		/* 3 */
			       "test lab1.b 1\n"		/* 4 */
			       "test lab0.c 1\n"
			       "test lab0.c 2\n"		/* 6 */
			       "file ../../etc/passwd\n"	/* 7 */
			       "file labs/lab0/../x.c\n"	/* 8 */
			       "weight 1\nweight 2\n"		/* 10 */
			       "test lab0.d -1\n"		/* 11 */
			       "test lab0.e 1 secret\n"		/* 12 */
			       "test lab0.f 1 budget=0\n"	/* 13 */
			       "test lab0.<x> 1\n"		/* 14 */
			       "budget\n",			/* 15 */
			       0, &r, &errs), -1);
	ck_assert(has_error(&errs, "t.rubric:2: unknown keyword 'tset'"));
	ck_assert(has_error(&errs, "t.rubric:3: bad points 'two'"));
	ck_assert(has_error(&errs, "t.rubric:4: test id 'lab1.b' does not start with 'lab0.'"));
	ck_assert(has_error(&errs, "t.rubric:6: test 'lab0.c' is listed twice (first on line 5)"));
	ck_assert(has_error(&errs, "t.rubric:7: file '../../etc/passwd'"));
	ck_assert(has_error(&errs, "t.rubric:8: file 'labs/lab0/../x.c'"));
	ck_assert(has_error(&errs, "t.rubric:10: 'weight' given twice"));
	ck_assert(has_error(&errs, "t.rubric:11: bad points '-1'"));
	ck_assert(has_error(&errs, "t.rubric:12: unknown test option 'secret'"));
	ck_assert(has_error(&errs, "t.rubric:13: bad budget '0'"));
	ck_assert(has_error(&errs, "t.rubric:14: bad test id"));
	ck_assert(has_error(&errs, "t.rubric:15: 'budget' takes one number"));
	ck_assert_int_eq(errs.n, 12);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

START_TEST(no_tests_is_an_error)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(parse("# nothing\nweight 1\n", 0, &r, &errs), -1);
	ck_assert(has_error(&errs, "no 'test' lines"));
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/* --test: only matching ids stay, in rubric order; none left is 0. */
START_TEST(select_by_globs)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(parse("test lab3.merge.a 1\ntest lab3.split.b 2\n"
			       "test lab3.merge.c 3\ntest lab3.zone.d 4\n",
			       3, &r, &errs), 0);
	ck_assert_uint_eq(rubric_select(&r, "lab3.merge.*,lab3.zone.d"), 3);
	ck_assert_str_eq(r.tests[0].id, "lab3.merge.a");
	ck_assert_str_eq(r.tests[1].id, "lab3.merge.c");
	ck_assert_str_eq(r.tests[2].id, "lab3.zone.d");
	ck_assert_uint_eq(rubric_select(&r, "lab4.*"), 0);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

START_TEST(unreadable_file)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(rubric_load("/nonexistent/lab0.rubric", 0, &r, &errs), -1);
	ck_assert(has_error(&errs, "/nonexistent/lab0.rubric: cannot read"));
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

Suite *rubric_suite(void)
{
	Suite *s = suite_create("rubric");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, kit_lab0_rubric);
	tcase_add_test(tc, every_directive);
	tcase_add_test(tc, select_by_globs);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, broken_file_line_numbers);
	tcase_add_test(tc, no_tests_is_an_error);
	tcase_add_test(tc, unreadable_file);
	suite_add_tcase(s, tc);
	return s;
}
