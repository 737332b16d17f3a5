/**
 * @file
 * The portable half of ktest (kernel/ktest/ktest_select.c, kit/ktest.h):
 * which tests a command line selects, the exact TAP text of a result, the
 * KTEST_* check macros, and glob_match().
 *
 * The grader parses the TAP text byte for byte, so the expected strings
 * here are complete, e.g. for a failure:
 *
 * @verbatim
 *   not ok 3 - lab0.pfn.up # n=abcd
 *     ---
 *     file: labs/lab0/warmup.c
 *     line: 42
 *     expression: "pfn_up(0x1001) == 2"
 *     expected: "2 (0x2)"
 *     got: "1 (0x1)"
 *     ...
 * @endverbatim
 *
 * The macro tests (ktest_check_macros.c, the same program) run real
 * KTEST() cases; several fail on purpose (the deliberate faults) to prove
 * failures are recorded, and that only the first one is kept.
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include "sim/sim.h"
#include "ktest_check.h"

void clear_console(void)
{
	sim_console_clear();
}

/* ---- selection ----------------------------------------------------------- */

static bool selected(const char *labs, const char *filter, const char *id,
		     unsigned int flags)
{
	struct ktest_selection sel = { .labs = labs, .filter = filter };
	struct ktest_case tc = { .id = id, .flags = flags };

	return ktest_selected(&sel, &tc);
}

START_TEST(test_all_and_none)
{
	ck_assert(selected(NULL, NULL, "lab0.pfn.up", 0));
	ck_assert(selected("all", NULL, "lab0.pfn.up", 0));
	ck_assert(selected("all", NULL, "core.printk.width", 0));
	ck_assert(!selected("none", NULL, "lab0.pfn.up", 0));
	ck_assert(!selected("", NULL, "lab0.pfn.up", 0));	/* empty list */
}
END_TEST

START_TEST(test_lab_prefixes)
{
	const char *labs = "lab0,lab3";

	ck_assert(selected(labs, NULL, "lab0.pfn.up", 0));
	ck_assert(selected(labs, NULL, "lab3.split.order0", 0));
	ck_assert(!selected(labs, NULL, "lab30.x.y", 0));	/* not a prefix match */
	ck_assert(!selected(labs, NULL, "lab1.zone.dma", 0));
	ck_assert(!selected(labs, NULL, "core.printk.width", 0));
	ck_assert(!selected(labs, NULL, "lab", 0));
	ck_assert(selected("lab3", NULL, "lab3", 0));		/* the whole id */
}
END_TEST

START_TEST(test_group_prefix)
{
	ck_assert(selected("lab3.split", NULL, "lab3.split.order0", 0));
	ck_assert(!selected("lab3.split", NULL, "lab3.splitter.x", 0));
	ck_assert(!selected("lab3.split", NULL, "lab3.merge.x", 0));
	ck_assert(selected("core,lab3.split", NULL, "core.memblock.alloc", 0));
}
END_TEST

START_TEST(test_list_edges)
{
	char labs[128];

	ck_assert(selected(",lab0,,", NULL, "lab0.pfn.up", 0));
	ck_assert(!selected(",,", NULL, "lab0.pfn.up", 0));
	/* An item too long for the parser's 64-byte buffer is skipped safely. */
	memset(labs, 'x', 70);
	strcpy(labs + 70, ",lab0");
	ck_assert(selected(labs, NULL, "lab0.pfn.up", 0));
	ck_assert(!selected(labs, NULL, "lab1.zone.dma", 0));
}
END_TEST

START_TEST(test_filters)
{
	ck_assert(selected(NULL, "lab3.split.*", "lab3.split.order0", 0));
	ck_assert(!selected(NULL, "lab3.split.*", "lab3.merge.buddy", 0));
	ck_assert(selected(NULL, "lab?.pfn.*,core.crash.hlt", "lab0.pfn.down", 0));
	ck_assert(selected(NULL, "lab?.pfn.*,core.crash.hlt", "core.crash.hlt", 0));
	ck_assert(!selected(NULL, "lab?.pfn.*,core.crash.hlt", "lab10.pfn.x", 0));
	/* The filter wins over the lab list. */
	ck_assert(selected("none", "core.*", "core.printk.width", 0));
	ck_assert(!selected("lab0", "core.*", "lab0.pfn.up", 0));
	/* An empty filter is no filter. */
	ck_assert(selected("lab0", "", "lab0.pfn.up", 0));
}
END_TEST

START_TEST(test_explicit_tests)
{
	ck_assert(!selected("all", NULL, "core.crash.null", KTEST_F_EXPLICIT));
	ck_assert(!selected("core", NULL, "core.crash.null", KTEST_F_EXPLICIT));
	ck_assert(selected(NULL, "core.crash.null", "core.crash.null", KTEST_F_EXPLICIT));
	ck_assert(selected(NULL, "core.crash.*", "core.crash.null", KTEST_F_EXPLICIT));
	ck_assert(!selected(NULL, "core.*.hlt", "core.crash.null", KTEST_F_EXPLICIT));
}
END_TEST

/* ---- TAP text ------------------------------------------------------------ */

static const struct ktest_case pfn_up_case = {
	.id = "lab0.pfn.up", .file = "tests/lab0/warmup_ktest.c", .line = 28,
};

static void init_test(struct ktest *t)
{
	memset(t, 0, sizeof(*t));
	t->tc = &pfn_up_case;
}

static void fail_like_pfn_up(struct ktest *t)
{
	ktest_fail_num(t, "labs/lab0/warmup.c", 42, "pfn_up(0x1001) == 2", 2, 1);
}

static const char pfn_up_yaml[] =
	"  ---\n"
	"  file: labs/lab0/warmup.c\n"
	"  line: 42\n"
	"  expression: \"pfn_up(0x1001) == 2\"\n"
	"  expected: \"2 (0x2)\"\n"
	"  got: \"1 (0x1)\"\n"
	"  ...\n";

START_TEST(test_tap_ok)
{
	struct ktest t;

	init_test(&t);
	ktest_print_result(&t, 1, "");
	ck_assert_str_eq(sim_console_text(), "ok 1 - lab0.pfn.up\n");
	sim_console_clear();
	ktest_print_result(&t, 12, " n=abcd");
	ck_assert_str_eq(sim_console_text(), "ok 12 - lab0.pfn.up # n=abcd\n");
}
END_TEST

START_TEST(test_tap_skip)
{
	struct ktest t;

	init_test(&t);
	t.skip_reason = "no highmem";
	ktest_print_result(&t, 2, "");
	ck_assert_str_eq(sim_console_text(), "ok 2 - lab0.pfn.up # SKIP no highmem\n");
	sim_console_clear();
	ktest_print_result(&t, 2, " n=abcd");
	ck_assert_str_eq(sim_console_text(),
			 "ok 2 - lab0.pfn.up # SKIP no highmem n=abcd\n");
}
END_TEST

START_TEST(test_tap_not_ok)
{
	char want[512];
	struct ktest t;

	init_test(&t);
	fail_like_pfn_up(&t);
	ktest_print_result(&t, 3, "");
	snprintf(want, sizeof(want), "not ok 3 - lab0.pfn.up\n%s", pfn_up_yaml);
	ck_assert_str_eq(sim_console_text(), want);
	sim_console_clear();
	ktest_print_result(&t, 3, " n=abcd");
	snprintf(want, sizeof(want), "not ok 3 - lab0.pfn.up # n=abcd\n%s", pfn_up_yaml);
	ck_assert_str_eq(sim_console_text(), want);
}
END_TEST

START_TEST(test_tap_failure_beats_skip)
{
	struct ktest t;

	init_test(&t);
	fail_like_pfn_up(&t);
	t.skip_reason = "too late";
	ktest_print_result(&t, 4, "");
	ck_assert(!strncmp(sim_console_text(), "not ok 4 - lab0.pfn.up\n  ---\n", 29));
	ck_assert(!sim_console_contains("SKIP"));
}
END_TEST

START_TEST(test_yaml_quotes_escaped)
{
	struct ktest t;

	init_test(&t);
	ktest_fail(&t, "f.c", 1, "strcmp(s, \"a\\b\") == 0", "say \"hi\"", "\\");
	ktest_print_result(&t, 5, "");
	ck_assert(sim_console_contains("  expression: \"strcmp(s, \\\"a\\\\b\\\") == 0\"\n"));
	ck_assert(sim_console_contains("  expected: \"say \\\"hi\\\"\"\n"));
	ck_assert(sim_console_contains("  got: \"\\\\\"\n"));
}
END_TEST

/* A long expression is cut, never in the middle of an escape pair. */
START_TEST(test_yaml_long_expression_cut)
{
	char expr[301];
	const char *line, *end;
	struct ktest t;

	memset(expr, '"', 300);
	expr[300] = '\0';
	init_test(&t);
	ktest_fail(&t, "f.c", 1, expr, "x", "y");
	ktest_print_result(&t, 6, "");
	line = strstr(sim_console_text(), "  expression: \"");
	ck_assert_ptr_nonnull(line);
	line += strlen("  expression: \"");
	end = strstr(line, "\"\n  expected");
	ck_assert_ptr_nonnull(end);
	ck_assert_int_le(end - line, 255);
	ck_assert_int_eq((end - line) % 2, 0);		/* whole \" pairs */
	ck_assert_int_gt(end - line, 200);
}
END_TEST

START_TEST(test_fail_keeps_the_first)
{
	struct ktest t;

	init_test(&t);
	ktest_fail(&t, "a.c", 1, "first", "1", "2");
	ktest_fail(&t, "b.c", 2, "second", "3", "4");
	ck_assert(t.failed);
	ck_assert_str_eq(t.file, "a.c");
	ck_assert_str_eq(t.expr, "first");
	ck_assert_str_eq(t.got, "2");
}
END_TEST

START_TEST(test_fail_values_cut_to_fit)
{
	char big[100];
	struct ktest t;

	memset(big, '7', 99);
	big[99] = '\0';
	init_test(&t);
	ktest_fail(&t, "a.c", 1, "e", big, big);
	ck_assert_uint_eq(strlen(t.expected), sizeof(t.expected) - 1);
	ck_assert_uint_eq(strlen(t.got), sizeof(t.got) - 1);
}
END_TEST

/* ---- glob_match ---------------------------------------------------------- */

static const struct {
	const char *pat, *str;
	bool match;
} globs[] = {
	{ "", "", true },
	{ "", "a", false },
	{ "*", "", true },
	{ "*", "lab3.split.x", true },
	{ "**", "", true },
	{ "?", "", false },
	{ "?", "a", true },
	{ "?", "ab", false },
	{ "abc", "abc", true },
	{ "abc", "ab", false },
	{ "ab", "abc", false },
	{ "a?c", "abc", true },
	{ "a?c", "ac", false },
	{ "lab3.*", "lab3.split.x", true },
	{ "lab3.*", "lab30.x.y", false },
	{ "lab3*", "lab30.x.y", true },
	{ "*.x", "lab3.split.x", true },
	{ "*.x", "lab3.split.xy", false },
	{ "a*b*c", "aXbYbZc", true },		/* needs backtracking */
	{ "a*b*c", "aXbYbZ", false },
	{ "*a*a*a", "aaaa", true },
	{ "*?", "", false },
	{ "lab?.*.?", "lab0.pfn.x", true },
	{ "core.crash.*", "core.crash.null", true },
	{ "core.crash.*", "core.cras", false },
};

START_TEST(test_glob_match)
{
	ck_assert_msg(glob_match(globs[_i].pat, globs[_i].str) == globs[_i].match,
		      "glob_match(\"%s\", \"%s\") should be %d", globs[_i].pat,
		      globs[_i].str, globs[_i].match);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("ktest");
	TCase *tc;

	tc = tcase_create("select");
	tcase_add_test(tc, test_all_and_none);
	tcase_add_test(tc, test_lab_prefixes);
	tcase_add_test(tc, test_group_prefix);
	tcase_add_test(tc, test_list_edges);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_explicit_tests);
	suite_add_tcase(s, tc);

	tc = tcase_create("tap");
	tcase_add_checked_fixture(tc, clear_console, clear_console);
	tcase_add_test(tc, test_tap_ok);
	tcase_add_test(tc, test_tap_skip);
	tcase_add_test(tc, test_tap_not_ok);
	tcase_add_test(tc, test_tap_failure_beats_skip);
	tcase_add_test(tc, test_yaml_quotes_escaped);
	tcase_add_test(tc, test_yaml_long_expression_cut);
	tcase_add_test(tc, test_fail_keeps_the_first);
	tcase_add_test(tc, test_fail_values_cut_to_fit);
	suite_add_tcase(s, tc);

	add_macros_tcases(s);

	tc = tcase_create("glob");
	tcase_add_loop_test(tc, test_glob_match, 0, ARRAY_SIZE(globs));
	suite_add_tcase(s, tc);
	return s;
}
