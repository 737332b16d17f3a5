/**
 * @file
 * Classification from recorded serial logs: pass, fail with YAML,
 * skip, bench, crash with oops, hang, triple fault, missing, boot
 * panic, oops, BUG and WARN (the boot's problems), power-off and
 * emulator exit mid-test, resume; plus the
 * line recognisers of tapline.c.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "tapline.h"
#include "tapsummary.h"

static bool serial_has(const struct graded_test *t, const char *needle)
{
	for (size_t i = 0; i < t->serial.n; i++)
		if (strstr(t->serial.v[i], needle))
			return true;
	return false;
}

static bool notes_have(const struct lab_result *lr, const char *needle)
{
	for (size_t i = 0; i < lr->notes.n; i++)
		if (strstr(lr->notes.v[i], needle))
			return true;
	return false;
}

START_TEST(all_pass)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "pass.serial", BOOT_POWEROFF);
	for (size_t i = 0; i < f.lr.ntests; i++) {
		ck_assert_int_eq(f.lr.tests[i].outcome, OUTCOME_PASS);
		ck_assert_int_eq(f.lr.tests[i].boot, 1);
	}
	ck_assert(strstr(sb_str(&fx_test(&f, "lab0.bench.get_order")->diag),
			 "bench: lab0.bench.get_order get_order 37 instructions/op"));
	ck_assert_int_eq(f.lr.nrejected, 0);
	ck_assert_int_eq(f.lr.notes.n, 0);
	fx_lab_free(&f);
}
END_TEST

START_TEST(mixed_fail_skip_bench_crash)
{
	struct fx_lab f;
	struct graded_test *up, *crash;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "mixed.serial", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	up = fx_test(&f, "lab0.pfn.up");
	ck_assert_int_eq(up->outcome, OUTCOME_FAIL);
	ck_assert(strstr(sb_str(&up->diag), "expected: \"0x2\""));
	ck_assert(strstr(sb_str(&up->diag), "file: labs/lab0/warmup.c"));
	ck_assert(serial_has(up, "pfn_up: rounding 0x1001"));
	ck_assert_int_eq(fx_test(&f, "lab0.order.exact")->outcome, OUTCOME_SKIP);
	ck_assert_str_eq(fx_test(&f, "lab0.order.exact")->reason, "SKIP no highmem");
	ck_assert_int_eq(fx_test(&f, "lab0.bench.get_order")->outcome, OUTCOME_PASS);
	crash = fx_test(&f, "lab0.order.boundaries");
	ck_assert_int_eq(crash->outcome, OUTCOME_CRASH);
	ck_assert_str_eq(crash->reason,
			 "BUG: unable to handle kernel NULL pointer dereference at 00000000");
	ck_assert(serial_has(crash, "Call Trace:"));
	ck_assert(serial_has(crash, "lab0_order_boundaries+0x28/0x90"));
	ck_assert(serial_has(crash, "Kernel panic - not syncing"));
	/* never started: left for the session (resume, or missing) */
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->outcome, OUTCOME_NONE);
	ck_assert_int_eq(f.lr.nrejected, 0);
	fx_lab_free(&f);
}
END_TEST

START_TEST(hang)
{
	struct fx_lab f;
	struct graded_test *t;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "hang.serial", BOOT_HANG);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	t = fx_test(&f, "lab0.pfn.up");
	ck_assert_int_eq(t->outcome, OUTCOME_HANG);
	ck_assert_str_eq(t->reason, "test");	/* the runner's sentence */
	ck_assert(serial_has(t, "pfn_up: looping"));
	ck_assert_int_eq(fx_test(&f, "lab0.order.exact")->outcome, OUTCOME_NONE);
	fx_lab_free(&f);
}
END_TEST

START_TEST(triple_fault)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "triple.serial", BOOT_TRIPLE);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_TRIPLE);
	fx_lab_free(&f);
}
END_TEST

/* Same log, but the kernel powered off (or the emulator died) mid-test. */
START_TEST(poweroff_and_emulator_exit_mid_test)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "triple.serial", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.up")->reason, "powered off"));
	fx_lab_free(&f);

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "triple.serial", BOOT_EMU_EXIT);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&f, "lab0.pfn.up")->reason, "emulator exited"));
	fx_lab_free(&f);
}
END_TEST

/*
 * A boot that stops before its first test: every test is missing, its
 * reason naming what stopped the boot; the problem is recorded, fatal.
 */
START_TEST(boot_panic_before_harness)
{
	const struct boot_problem *p;
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "bootpanic.serial", BOOT_POWEROFF);
	for (size_t i = 0; i < f.lr.ntests; i++) {
		ck_assert_int_eq(f.lr.tests[i].outcome, OUTCOME_MISSING);
		ck_assert_str_eq(f.lr.tests[i].reason,
				 "never started: the kernel stopped during boot: Kernel panic - not syncing: zone_sizes_init: bad zone");
	}
	ck_assert(notes_have(&f.lr, "never reached the test harness"));
	ck_assert(notes_have(&f.lr, "Kernel panic - not syncing: zone_sizes_init"));
	ck_assert_int_eq(f.lr.nproblems, 1);
	p = &f.lr.problems[0];
	ck_assert_int_eq(p->kind, PROBLEM_PANIC);
	ck_assert(p->fatal);
	ck_assert_int_eq(p->boot, 1);
	ck_assert_ptr_null(problem_where(p));
	fx_lab_free(&f);
}
END_TEST

/* The kit's own oops during mm_init(): one problem, where it fired, its callers. */
START_TEST(real_boot_oops)
{
	const struct boot_problem *p;
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "real-boot-oops.serial", BOOT_POWEROFF);
	ck_assert_int_eq(f.lr.nproblems, 1);	/* oops and panic: one */
	p = &f.lr.problems[0];
	ck_assert_int_eq(p->kind, PROBLEM_BUG);
	ck_assert(p->fatal);
	ck_assert_str_eq(p->what, "BUG: unable to handle kernel NULL pointer dereference at 00000004");
	ck_assert_str_eq(problem_where(p), "memmap_init_zone+0x5b/0x80");
	ck_assert_int_eq(p->trace.n, 6);
	ck_assert_str_eq(p->trace.v[1], "free_area_init_core+0xff/0x140");
	ck_assert_ptr_null(p->file);
	ck_assert_str_eq(fx_test(&f, "lab0.pfn.up")->reason,
			 "never started: the kernel stopped during boot: BUG: unable to handle kernel NULL pointer dereference at 00000004 in memmap_init_zone+0x5b/0x80");
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->boot, 0);
	fx_lab_free(&f);
}
END_TEST

/* A BUG_ON: its file, the condition that fired, and its oops joined to it. */
START_TEST(boot_bug_names_its_condition)
{
	const struct boot_problem *p;
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "bootbug.serial", BOOT_POWEROFF);
	ck_assert_int_eq(f.lr.nproblems, 1);
	p = &f.lr.problems[0];
	ck_assert_int_eq(p->kind, PROBLEM_BUG);
	ck_assert_str_eq(p->file, "labs/lab0/warmup.c");
	ck_assert_str_eq(p->detail, "BUG_ON(!pfn_valid(pfn))");
	ck_assert_str_eq(fx_test(&f, "lab0.pfn.down")->reason,
			 "never started: the kernel stopped during boot: kernel BUG at labs/lab0/warmup.c:77! BUG_ON(!pfn_valid(pfn)) in pfn_up+0xc/0x20");
	fx_lab_free(&f);
}
END_TEST

/*
 * A WARN during boot that the kernel survives: listed, not fatal, the
 * tests run; the same WARN in the next boot is not listed twice.
 */
START_TEST(boot_warn_goes_on)
{
	const struct boot_problem *p;
	struct serial_parser sp;
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "bootwarn.serial", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_NONE);
	ck_assert_int_eq(f.lr.nproblems, 1);
	p = &f.lr.problems[0];
	ck_assert_int_eq(p->kind, PROBLEM_WARN);
	ck_assert(!p->fatal);
	ck_assert_str_eq(p->file, "labs/lab0/warmup.c");
	ck_assert_str_eq(p->detail, "get_order: size 0 has no order");
	ck_assert_str_eq(problem_where(p), "get_order+0x20/0x40");	/* not __warn */
	sp_init(&sp, &f.lr, 2, 1.0);
	fx_feed_log(&sp, "bootwarn.serial");
	sp_finish(&sp, BOOT_POWEROFF, "powered off");
	sp_free(&sp);
	ck_assert_int_eq(f.lr.nproblems, 1);
	fx_lab_free(&f);
}
END_TEST

/* Boot 2 runs only what boot 1 left; boot 1's outcomes stay. */
START_TEST(resume_after_crash)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "mixed.serial", BOOT_POWEROFF);
	fx_parse(&f, "resume.serial", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.order.boundaries")->outcome, OUTCOME_CRASH);
	ck_assert_int_eq(fx_test(&f, "lab0.order.boundaries")->boot, 1);
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->outcome, OUTCOME_PASS);
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->boot, 2);
	ck_assert_int_eq(f.lr.nrejected, 0);
	fx_lab_free(&f);
}
END_TEST

/* A kernel that ignores the filter re-runs old tests: refused. */
START_TEST(rerun_of_graded_test_is_refused)
{
	struct fx_lab f;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "mixed.serial", BOOT_POWEROFF);
	fx_parse(&f, "pass.serial", BOOT_POWEROFF);
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.up")->outcome, OUTCOME_FAIL);
	ck_assert_int_eq(fx_test(&f, "lab0.order.boundaries")->outcome, OUTCOME_CRASH);
	ck_assert_int_eq(fx_test(&f, "lab0.hidden.example")->outcome, OUTCOME_PASS);
	/* 5 starts, 5 results, 1 bench line */
	ck_assert_int_eq(f.lr.nrejected, 11);
	ck_assert_str_eq(f.lr.rejected[0].reason, "already graded in an earlier boot");
	fx_lab_free(&f);
}
END_TEST

/* What counts as TAP (refused when it comes on the console). */
START_TEST(tap_lines)
{
	ck_assert(tl_is_tap("ok 1 - lab0.x"));
	ck_assert(tl_is_tap("not ok 1 - lab0.x"));
	ck_assert(tl_is_tap("# ktest: end"));
	ck_assert(tl_is_tap("# bench: lab0.x 3 instructions/op"));
	ck_assert(tl_is_tap("Bail out! ktest: lab0.x crashed"));
	ck_assert(tl_is_tap("TAP version 14"));
	ck_assert(tl_is_tap("1..26"));
	ck_assert(tl_is_plan("1..26"));
	ck_assert(!tl_is_plan("1.."));
	ck_assert(!tl_is_plan("1..2 pages"));
	ck_assert(!tl_is_tap("okay then"));
	ck_assert(!tl_is_tap("pfn_up: rounding 0x1001"));
}
END_TEST

/*
 * grade --tap-summary: results from a console log or from the harness's
 * channel (console line numbers first), nothing after the end line.
 */
START_TEST(tap_summary_lines)
{
	static const char log[] =
		"Booted by mmkit-boot\r\n"
		"36 TAP version 14\n"
		"37 ok 1 - lab0.a\n"
		"not ok 2 - lab0.b\n"
		"printk: ok, not a result\n"
		"ok 3 - lab0.c # SKIP no highmem\n"
		"12 not ok 4 - lab0.d\n"
		"# ktest: end\n"
		"ok 5 - lab0.after_the_end\n";
	char *text = NULL;
	size_t len = 0;
	FILE *in = fmemopen((void *)log, sizeof(log) - 1, "r");
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(tap_summary(in, out), 0);
	fclose(in);
	fclose(out);
	ck_assert_str_eq(text, "ok lab0.a\n" "not_ok lab0.b\n" "ok lab0.c skip\n"
			 "not_ok lab0.d\n" "end\n" "results 2 2 1\n");
	free(text);
}
END_TEST

START_TEST(result_lines)
{
	struct tap_result_line r;
	char a[] = "not ok 12 - lab3.merge.buddy";
	char b[] = "ok 3 - lab0.x # SKIP no highmem";
	char c[] = "ok 3 lab0.y";
	char d[] = "ok - lab0.z";
	char e[] = "ok 0 - lab0.z";

	ck_assert(tl_parse_result(a, &r));
	ck_assert(!r.ok && r.num == 12 && !strcmp(r.id, "lab3.merge.buddy"));
	ck_assert_ptr_null(r.directive);
	ck_assert(tl_parse_result(b, &r));
	ck_assert(r.ok && tl_is_skip(r.directive));
	ck_assert_str_eq(r.directive, "SKIP no highmem");
	ck_assert(tl_parse_result(c, &r) && !strcmp(r.id, "lab0.y"));
	ck_assert(!tl_parse_result(d, &r));
	ck_assert(!tl_parse_result(e, &r));
	ck_assert(!tl_is_skip("TODO later"));
	ck_assert(!tl_is_skip("skipper"));
	ck_assert(tl_is_harness("ok"));
	ck_assert(tl_is_harness("Bail out! x"));
	ck_assert(!tl_is_harness("okay then"));
	ck_assert(!tl_is_harness("  ok 1 - indented"));
	ck_assert(tl_is_crash("Kernel panic - not syncing: x"));
	ck_assert(!tl_is_crash("Bad page state in process"));
}
END_TEST

START_TEST(control_characters_are_neutralised)
{
	struct fx_lab f;
	struct serial_parser sp;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	sp_init(&sp, &f.lr, 1, now_seconds());
	fx_feed_text(&sp, "H TAP version 14\r\n"
		     "H # ktest: start lab0.pfn.down\n"
		     "evil \x1b[2J\x07 bytes\r\n"
		     "H ok 1 - lab0.pfn.down\r\n"
		     "H # ktest: end\r\n");
	sp_finish(&sp, BOOT_POWEROFF, "x");
	ck_assert_str_eq(fx_test(&f, "lab0.pfn.down")->serial.v[0],
			 "evil ?[2J? bytes");
	ck_assert_int_eq(fx_test(&f, "lab0.pfn.down")->outcome, OUTCOME_PASS);
	sp_free(&sp);
	fx_lab_free(&f);
}
END_TEST

/* Logs recorded from the kit's own kernel under Bochs. */
static const char crash_rubric[] =
	"test lab0.crash.null 1\ntest lab0.crash.panic 1\n"
	"test lab0.crash.triple 1\ntest lab0.crash.hlt 1\n";

START_TEST(real_kernel_crashes)
{
	struct fx_lab f;
	struct graded_test *t;

	fx_lab_init(&f, crash_rubric, 0);
	fx_parse(&f, "real-crash-null.serial", BOOT_POWEROFF);
	fx_parse(&f, "real-crash-panic.serial", BOOT_POWEROFF);
	fx_parse(&f, "real-crash-triple.serial", BOOT_TRIPLE);
	fx_parse(&f, "real-crash-hlt.serial", BOOT_HANG);
	t = fx_test(&f, "lab0.crash.null");
	ck_assert_int_eq(t->outcome, OUTCOME_CRASH);
	ck_assert_str_eq(t->reason, "BUG: unable to handle kernel NULL pointer dereference at 00000000");
	ck_assert(serial_has(t, "EIP is at __ktest_core_crash_null+0xb/0x50"));
	ck_assert(serial_has(t, " [<c01045ec>] run_one+0x5c/0xf0"));
	t = fx_test(&f, "lab0.crash.panic");
	ck_assert_int_eq(t->outcome, OUTCOME_CRASH);
	ck_assert(strstr(t->reason, "Kernel panic - not syncing: deliberate panic"));
	ck_assert_int_eq(fx_test(&f, "lab0.crash.triple")->outcome, OUTCOME_TRIPLE);
	ck_assert_int_eq(fx_test(&f, "lab0.crash.hlt")->outcome, OUTCOME_HANG);
	ck_assert_int_eq(f.lr.nrejected, 0);
	fx_lab_free(&f);
}
END_TEST

START_TEST(real_kernel_skeleton)
{
	struct fx_lab f;
	struct graded_test *t;

	fx_lab_init(&f, fx_lab0_rubric, 0);
	fx_parse(&f, "real-skeleton.serial", BOOT_POWEROFF);
	for (size_t i = 0; i < 5; i++)
		ck_assert_int_eq(f.lr.tests[i].outcome, OUTCOME_FAIL);
	t = fx_test(&f, "lab0.pfn.up");
	ck_assert(strstr(sb_str(&t->diag), "got: \"0 (0)\""));
	ck_assert_ptr_null(strstr(sb_str(&t->diag), "---"));
	ck_assert(strstr(sb_str(&fx_test(&f, "lab0.bench.get_order")->diag),
			 "bench: lab0.bench.get_order get_order(4000KiB)"));
	ck_assert_int_eq(f.lr.nrejected, 0);
	fx_lab_free(&f);
}
END_TEST

Suite *serial_suite(void)
{
	Suite *s = suite_create("serial");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, all_pass);
	tcase_add_test(tc, mixed_fail_skip_bench_crash);
	tcase_add_test(tc, hang);
	tcase_add_test(tc, triple_fault);
	tcase_add_test(tc, poweroff_and_emulator_exit_mid_test);
	tcase_add_test(tc, boot_panic_before_harness);
	tcase_add_test(tc, real_boot_oops);
	tcase_add_test(tc, boot_bug_names_its_condition);
	tcase_add_test(tc, boot_warn_goes_on);
	tcase_add_test(tc, resume_after_crash);
	tcase_add_test(tc, rerun_of_graded_test_is_refused);
	tcase_add_test(tc, tap_lines);
	tcase_add_test(tc, result_lines);
	tcase_add_test(tc, tap_summary_lines);
	tcase_add_test(tc, control_characters_are_neutralised);
	tcase_add_test(tc, real_kernel_crashes);
	tcase_add_test(tc, real_kernel_skeleton);
	suite_add_tcase(s, tc);
	return s;
}
