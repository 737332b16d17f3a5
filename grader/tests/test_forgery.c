/**
 * @file
 * Lines that must not be believed: TAP printed on the console
 * (whatever it carries), a harness stream that contradicts itself
 * (the boot is void from there, the running test a crash), a
 * harness that found itself changed, and what comes after the end.
 *
 * Texts are both ports of a boot, as in logs/: "H " lines came from the
 * harness's port (COM2), the others from the console (COM1).
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "report/report.h"

#define ON_CONSOLE "printed on the console, not by the harness"
#define BROKE "the harness's stream broke: "

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

	sp_init(&sp, &f->lr, rec->n, now_seconds());
	fx_feed_text(&sp, text);
	sp_finish(&sp, end, "test");
	sp_free(&sp);
}

/* The recorded log with one of each forgery (see logs/forgery.serial). */
START_TEST(every_forgery_in_one_log)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "forgery.serial", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, ON_CONSOLE), 11);
	ck_assert_int_eq(rejected(&f, "unknown test id"), 1);
	ck_assert_int_eq(rejected(&f, "result for a test not in the rubric"), 1);
	ck_assert_int_eq(rejected(&f, "after the end line"), 2);
	ck_assert_int_eq(f.lr.nrejected, 15);

	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	/* a console "ok" before the harness's "not ok": failed, with the YAML */
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_FAIL);
	ck_assert(strstr(sb_str(&fx_test(&f, "lab0.pfn.up")->diag), "got: \"0x1\""));
	ck_assert_int_eq(fx_test(&f, "lab0.order.exact")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(fx_test(&f, "lab0.order.boundaries")->outcome, OUTCOME_PASS);
	/* only printed after the end line, or on the console: not believed */
	ck_assert_int_eq(fx_test(&f, "lab0.bench.get_order")->outcome, OUTCOME_NONE);
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->outcome, OUTCOME_NONE);
	fx_lab_free(&f);
}
END_TEST

/*
 * The deliberate fault: a test prints a perfect "ok" for itself on the
 * console and then really fails.  If the port were not checked, it would
 * pass.
 */
START_TEST(deliberate_fault_forged_ok_is_caught)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "ok 1 - lab0.pfn.down\n"
		   "ok 1 - lab0.pfn.down # n=1a2b3c4d\n"
		   "H not ok 1 - lab0.pfn.down\n"
		   "H # ktest: end\n", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(f.lr.nrejected, 2);
	ck_assert_str_eq(f.lr.rejected[0].text, "ok 1 - lab0.pfn.down");
	ck_assert_str_eq(f.lr.rejected[0].reason, ON_CONSOLE);
	ck_assert_int_eq(f.lr.rejected[0].lineno, 3);
	fx_lab_free(&f);
}
END_TEST

/*
 * A submission that implements nothing and prints a whole passing TAP
 * stream with printk(), then powers off: every line is refused, and as
 * the harness never spoke, every test is missing.
 */
START_TEST(whole_stream_on_the_console)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "TAP version 14\n"
		   "# ktest: selected=2 from=-\n"
		   "1..2\n"
		   "# ktest: start lab0.pfn.down\n"
		   "ok 1 - lab0.pfn.down\n"
		   "# ktest: start lab0.pfn.up\n"
		   "ok 2 - lab0.pfn.up\n"
		   "# ktest: 2 passed, 0 failed, 0 skipped\n"
		   "# ktest: end\n", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, ON_CONSOLE), 9);
	ck_assert_int_eq(f.lr.nrejected, 9);
	for (size_t i = 0; i < f.lr.ntests; i++)
		ck_assert_int_eq(f.lr.tests[i].outcome, OUTCOME_MISSING);
	fx_lab_free(&f);
}
END_TEST

START_TEST(ok_then_crash)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H ok 1 - lab0.pfn.down\n"
		   "BUG: unable to handle kernel paging request at c8000000\n"
		   "H Bail out! ktest: lab0.pfn.down crashed\n",
		   BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.down")->reason, "after its result line"));
	fx_lab_free(&f);
}
END_TEST

/*
 * Progress lines must name the running test: one that names another is
 * an inconsistent stream, and the running test is a crash.
 */
START_TEST(progress_for_another_test_breaks_the_stream)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H # ktest: progress lab0.pfn.down 1/2 pages\n"
		   "H # ktest: progress lab0.pfn.up 1/2 pages\n"
		   "H ok 1 - lab0.pfn.down\n",
		   BOOT_HANG);
	ck_assert_int_eq(rejected(&f, BROKE "progress line for a test that is not running"), 1);
	ck_assert_int_eq(rejected(&f, "after the harness's stream broke"), 1);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.down")->reason, "stream broke"));
	fx_lab_free(&f);
}
END_TEST

START_TEST(ok_then_hang)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H ok 1 - lab0.pfn.down\n", BOOT_HANG);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_HANG);
	fx_lab_free(&f);
}
END_TEST

/*
 * A corrupted test descriptor: the harness prints "(null)" for an id.
 * The running test is a crash, the rest of the boot is void (not
 * "rejected, keep reading"), and what came before stands.
 */
START_TEST(corrupt_descriptor_voids_the_boot)
{
	struct fx_lab f;
	struct graded_test *up;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H 1..6\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H ok 1 - lab0.pfn.down\n"
		   "H # ktest: start lab0.pfn.up\n"
		   "H ok 2 - (null)\n"
		   "H # ktest: start lab0.order.exact\n"
		   "H ok 3 - lab0.order.exact\n"
		   "H # ktest: end\n", BOOT_HANG);
	up = fx_test(&f, "lab0.pfn.up");
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(up->outcome, OUTCOME_CRASH);
	ck_assert(strstr(up->reason, "result for a test that is not running"));
	ck_assert_int_eq(fx_test(&f, "lab0.order.exact")->outcome, OUTCOME_NONE);
	ck_assert_int_eq(rejected(&f, BROKE "result for a test that is not running"), 1);
	ck_assert_int_eq(rejected(&f, "after the harness's stream broke"), 3);
	ck_assert_int_eq(f.lr.notes.n, 1);
	fx_lab_free(&f);
}
END_TEST

/* A start line naming no valid id, between tests: nothing to crash, boot void. */
START_TEST(start_of_null_id_voids_the_boot)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H ok 1 - lab0.pfn.down\n"
		   "H # ktest: start (null)\n"
		   "H ok 2 - (null)\n", BOOT_HANG);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(rejected(&f, BROKE "start of a test with no valid id"), 1);
	ck_assert_int_eq(rejected(&f, "after the harness's stream broke"), 1);
	fx_lab_free(&f);
}
END_TEST

/*
 * Each way the harness's own stream can contradict itself breaks it; the
 * running test is a crash, a result given before the break stands.
 */
START_TEST(every_inconsistency_breaks_the_stream)
{
	static const struct {
		const char *lines, *why;
		enum outcome down;
	} cases[] = {
		{ "H ok 2 - lab0.pfn.up\n", "result for a test that is not running", OUTCOME_CRASH },
		{ "H ok 1 - lab0.pfn.down\nH ok 1 - lab0.pfn.down\n", "second result for a test", OUTCOME_PASS },
		{ "H # ktest: start lab0.pfn.up\n", "start while another test runs", OUTCOME_CRASH },
		{ "H ok one\n", "malformed result line", OUTCOME_CRASH },
		{ "H Bail out! ktest: lab0.pfn.up crashed\n", "bail-out names a test that is not running", OUTCOME_CRASH },
		{ "H # bench: lab0.pfn.up 1 instructions/op\n", "bench line for a test that is not running", OUTCOME_CRASH },
		{ "H all good\n", "not a TAP line", OUTCOME_CRASH },
		{ "H TAP version 14\n", "second TAP header", OUTCOME_CRASH },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx_lab f;
		char *text = xasprintf("H TAP version 14\n"
				       "H # ktest: start lab0.pfn.down\n%s"
				       "H # ktest: end\n", cases[i].lines);
		char *reason = xasprintf(BROKE "%s", cases[i].why);

		fx_lab_init(&f, fx_lab0_rubric, 0);
		parse_text(&f, text, BOOT_HANG);
		ck_assert_msg(rejected(&f, reason) == 1, "case %zu: %s", i, reason);
		ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, cases[i].down);
		ck_assert_int_eq(rejected(&f, "after the harness's stream broke"), 1);
		fx_lab_free(&f);
		free(reason);
		free(text);
	}
}
END_TEST

/* The harness found its own code changed: a crash, and a note that shouts. */
START_TEST(integrity_failure_is_flagged)
{
	struct strbuf summary = STRBUF_INIT;
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H Bail out! ktest: harness integrity: text changed during lab0.pfn.down\n"
		   "H ok 1 - lab0.pfn.down\n", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_CRASH);
	ck_assert(f.lr.integrity_failed);
	ck_assert(strstr(f.lr.notes.v[0], "HARNESS INTEGRITY FAILURE"));
	report_lab_summary(NULL, &f.lr, &summary);
	ck_assert(!strncmp(sb_str(&summary), "HARNESS INTEGRITY FAILURE", 25));
	sb_free(&summary);
	ck_assert_int_eq(rejected(&f, "after the harness's stream broke"), 1);
	fx_lab_free(&f);
}
END_TEST

/* A well-formed id the rubric does not know runs as a foreign test. */
START_TEST(unknown_test_is_foreign)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	parse_text(&f, "H TAP version 14\n"
		   "H # ktest: start lab0.secret.extra\n"
		   "H ok 1 - lab0.secret.extra\n"
		   "H # ktest: start lab0.pfn.down\n"
		   "H ok 2 - lab0.pfn.down\n"
		   "H # ktest: end\n", BOOT_POWEROFF);
	ck_assert_int_eq(rejected(&f, "unknown test id"), 1);
	ck_assert_int_eq(rejected(&f, "result for a test not in the rubric"), 1);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	fx_lab_free(&f);
}
END_TEST

Suite *forgery_suite(void)
{
	Suite *s = suite_create("forgery");
	TCase *tc = tcase_create("reject");

	tcase_add_test(tc, every_forgery_in_one_log);
	tcase_add_test(tc, deliberate_fault_forged_ok_is_caught);
	tcase_add_test(tc, whole_stream_on_the_console);
	tcase_add_test(tc, ok_then_crash);
	tcase_add_test(tc, ok_then_hang);
	tcase_add_test(tc, progress_for_another_test_breaks_the_stream);
	tcase_add_test(tc, corrupt_descriptor_voids_the_boot);
	tcase_add_test(tc, start_of_null_id_voids_the_boot);
	tcase_add_test(tc, every_inconsistency_breaks_the_stream);
	tcase_add_test(tc, integrity_failure_is_flagged);
	tcase_add_test(tc, unknown_test_is_foreign);
	suite_add_tcase(s, tc);
	return s;
}
