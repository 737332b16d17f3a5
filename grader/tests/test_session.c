/**
 * @file
 * The boot loop against a fake bootrun (fake-bootrun.sh): resume
 * after crash, hang and triple fault, budgets that kill the whole
 * process group, missing tests, a kernel that never reaches the
 * harness, a runner that cannot start, and filters split over
 * several boots.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "timings.h"
#include "fixtures.h"
#include "fsutil.h"

static const char rubric1[] =
	"test lab1.a 1\ntest lab1.b 1\ntest lab1.c 1\ntest lab1.d 1\n";

struct env {
	char *dir, *bootrun, *boots, *pidfile;
	struct options opt;
	struct session_cfg cfg;
	struct fx_lab f;
};

static void env_init(struct env *e, const char *scenario)
{
	e->dir = fx_tmpdir();
	e->bootrun = fx_fake_bootrun(e->dir);
	e->boots = path_join(e->dir, "boots");
	e->pidfile = path_join(e->dir, "pid");
	setenv("FAKE_SCENARIO", scenario, 1);
	setenv("FAKE_BOOTS", e->boots, 1);
	setenv("FAKE_PIDFILE", e->pidfile, 1);
	fx_options(&e->opt);
	e->cfg = (struct session_cfg){
		.opt = &e->opt, .bootrun = e->bootrun, .image = "/dev/null",
		.kernel = "/dev/null", .workdir = e->dir, .progress = NULL,
	};
	fx_lab_init(&e->f, rubric1, 1);
}

static void env_free(struct env *e)
{
	fx_lab_free(&e->f);
	free(e->bootrun);
	free(e->boots);
	free(e->pidfile);
	fx_rmdir(e->dir);
}

static int run(struct env *e)
{
	struct strbuf err = STRBUF_INIT;
	int ret = session_run(&e->f.lr, &e->cfg, &err);

	sb_free(&err);
	return ret;
}

static enum outcome outcome(struct env *e, const char *id)
{
	return fx_test(&e->f, id)->outcome;
}

/* The command line of boot @n (1-based), from the fake's record. */
static char *boot_cmdline(struct env *e, int n)
{
	struct strbuf text = STRBUF_INIT;
	char *line = NULL, *p;

	ck_assert_int_eq(read_file(e->boots, &text), 0);
	p = text.buf;
	for (int i = 1; p && i < n; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	if (p && *p)
		line = xstrndup(p, strcspn(p, "\n"));
	sb_free(&text);
	return line;
}

/* Nothing of the last boot's process group is left running. */
static void assert_group_gone(struct env *e)
{
	struct strbuf pid = STRBUF_INIT;

	ck_assert_int_eq(read_file(e->pidfile, &pid), 0);
	ck_assert_int_eq(kill(-atoi(sb_str(&pid)), 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	sb_free(&pid);
}

START_TEST(one_boot_all_pass)
{
	struct env e;

	env_init(&e, "lab1.a pass\nlab1.b skip\nlab1.c bench\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(e.f.lr.nboots, 1);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_SKIP);
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	ck_assert_int_eq(e.f.lr.boots[0].end, BOOT_POWEROFF);
	ck_assert(strstr(e.f.lr.boots[0].cmdline, "ktest=lab1 console=ttyS0 boot_budget="));
	/* no secret on a line the kernel, and so student code, can read */
	ck_assert_ptr_null(strstr(e.f.lr.boots[0].cmdline, "nonce"));
	ck_assert_ptr_null(strstr(e.f.lr.boots[0].cmdline, "filter"));
	env_free(&e);
}
END_TEST

START_TEST(resume_after_crash)
{
	struct env e;
	char *second;

	env_init(&e, "lab1.a pass\nlab1.b crash\nlab1.c fail\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(e.f.lr.nboots, 2);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_CRASH);
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_FAIL);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_PASS);
	ck_assert_int_eq(fx_test(&e.f, "lab1.d")->boot, 2);
	second = boot_cmdline(&e, 2);
	ck_assert_ptr_nonnull(strstr(second, " ktest.filter=lab1.c,lab1.d"));
	free(second);
	env_free(&e);
}
END_TEST

START_TEST(hang_is_killed_with_its_group)
{
	struct env e;
	double t0 = now_seconds();

	env_init(&e, "lab1.a pass\nlab1.b hang\nlab1.c pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_HANG);
	ck_assert(strstr(fx_test(&e.f, "lab1.b")->reason, "no result within"));
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_PASS);
	ck_assert_int_eq(e.f.lr.boots[0].end, BOOT_HANG);
	ck_assert(now_seconds() - t0 < 10);
	assert_group_gone(&e);
	env_free(&e);
}
END_TEST

/* Output without progress does not keep a test alive. */
START_TEST(spinning_test_with_output_hangs)
{
	struct env e;

	env_init(&e, "lab1.a spin\nlab1.b pass\nlab1.c pass\nlab1.d pass\n");
	e.opt.scale = 0.5;	/* 1.5 s * 0.5: a quick budget */
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_HANG);
	ck_assert(fx_test(&e.f, "lab1.a")->serial.n > 3);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_PASS);
	env_free(&e);
}
END_TEST

START_TEST(triple_fault_then_resume)
{
	struct env e;

	env_init(&e, "lab1.a triple\nlab1.b pass\nlab1.c pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_TRIPLE);
	ck_assert_int_eq(e.f.lr.boots[0].exit_status, 10);
	ck_assert(strstr(e.f.lr.boots[0].why, "triple fault"));
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_PASS);
	env_free(&e);
}
END_TEST

START_TEST(missing_test)
{
	struct env e;

	env_init(&e, "lab1.a pass\nlab1.b pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(e.f.lr.nboots, 1);
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_MISSING);
	ck_assert(strstr(fx_test(&e.f, "lab1.c")->reason, "without running it"));
	env_free(&e);
}
END_TEST

START_TEST(kernel_never_reaches_harness)
{
	struct env e;

	env_init(&e, "boot panic\nlab1.a pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(e.f.lr.nboots, 1);
	for (size_t i = 0; i < e.f.lr.ntests; i++)
		ck_assert_int_eq(e.f.lr.tests[i].outcome, OUTCOME_MISSING);
	ck_assert(strstr(e.f.lr.notes.v[0], "zone_sizes_init: bad zone"));
	env_free(&e);
}
END_TEST

START_TEST(runner_cannot_start)
{
	struct env e;
	struct strbuf err = STRBUF_INIT;

	env_init(&e, "");
	unsetenv("FAKE_SCENARIO");	/* and /dev/null has no scenario */
	ck_assert_int_eq(session_run(&e.f.lr, &e.cfg, &err), -1);
	ck_assert(strstr(sb_str(&err), "runner could not start"));
	sb_free(&err);
	e.cfg.bootrun = "/nonexistent/bootrun";
	ck_assert_int_eq(session_run(&e.f.lr, &e.cfg, &err), -1);
	sb_free(&err);
	env_free(&e);
}
END_TEST

START_TEST(fake_ok_then_crash_scores_nothing)
{
	struct env e;

	env_init(&e, "lab1.a fakeok\nlab1.b fakeok_crash\nlab1.c pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_FAIL);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_CRASH);
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	env_free(&e);
}
END_TEST

/*
 * The harness prints a result for "(null)" (a test descriptor written
 * over) and goes on as if nothing happened: that test is a crash, the
 * grader ends the boot instead of reading on, and boots again for the
 * rest, which are graded normally.
 */
START_TEST(corrupt_stream_ends_the_boot_and_resumes)
{
	struct env e;
	char *second;
	double t0 = now_seconds();

	env_init(&e, "lab1.a pass\nlab1.b corrupt\nlab1.c pass\nlab1.d fail\n");
	ck_assert_int_eq(run(&e), 0);
	ck_assert(now_seconds() - t0 < 20);	/* not the fake's 30 s */
	ck_assert_int_eq(e.f.lr.nboots, 2);
	ck_assert_int_eq(e.f.lr.boots[0].end, BOOT_HANG);
	ck_assert(strstr(e.f.lr.boots[0].why, "stream broke"));
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_CRASH);
	ck_assert(strstr(fx_test(&e.f, "lab1.b")->reason, "stream broke"));
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	ck_assert_int_eq(fx_test(&e.f, "lab1.c")->boot, 2);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_FAIL);
	second = boot_cmdline(&e, 2);
	ck_assert_ptr_nonnull(strstr(second, " ktest.filter=lab1.c,lab1.d"));
	free(second);
	env_free(&e);
}
END_TEST

/*
 * The kernel's NMI watchdog stopped a test: it hung, the report says
 * where, and the next boot goes on after it.
 */
START_TEST(watchdog_hang_says_where)
{
	struct env e;
	struct graded_test *t;

	env_init(&e, "lab1.a pass\nlab1.b watchdog\nlab1.c pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	t = fx_test(&e.f, "lab1.b");
	ck_assert_int_eq(t->outcome, OUTCOME_HANG);
	ck_assert(strstr(t->reason, "no result within 60 s of emulated time"));
	ck_assert(strstr(sb_str(&t->diag), "hung in: fake_spin+0x10/0x20"));
	ck_assert(strstr(sb_str(&t->diag), "call trace:\n [<c0106de0>] fake_spin"));
	ck_assert(strstr(sb_str(&t->diag), "[<c0105d4c>] run_one+0xcc/0x160"));
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_PASS);
	ck_assert_int_eq(e.f.lr.nboots, 2);
	env_free(&e);
}
END_TEST

/* bootrun stopped a guest its watchdog could not: where the CPU was. */
START_TEST(bootrun_limit_says_where)
{
	struct env e;
	struct graded_test *t;

	env_init(&e, "lab1.a pass\nlab1.b stuck\nlab1.c pass\nlab1.d pass\n");
	ck_assert_int_eq(run(&e), 0);
	t = fx_test(&e.f, "lab1.b");
	ck_assert_int_eq(t->outcome, OUTCOME_HANG);
	ck_assert(strstr(t->reason, "cpu-idle limit"));
	ck_assert(strstr(sb_str(&t->diag), "hung in: fake_halt+0x2/0x10"));
	ck_assert(strstr(sb_str(&t->diag), "(interrupts off)"));
	ck_assert(strstr(sb_str(&t->diag), "[<c0105d4c>] run_one+0xcc/0x160"));
	ck_assert_int_eq(outcome(&e, "lab1.c"), OUTCOME_PASS);
	env_free(&e);
}
END_TEST

/*
 * The kit's own rubric: lab3.stress.exhaust_and_recover has budget=60.
 * With a lower default for the other tests (--test-budget 20) the
 * command line still gives that test its 60 s, by name, which the kernel
 * reads before the default (kernel/ktest/ktest.c, ktest.budget.ID): the
 * rubric's number is what the test gets, in emulated seconds.
 */
START_TEST(rubric_budget_above_default_applies)
{
	const char *id = "lab3.stress.exhaust_and_recover";
	struct cmdline_budgets b = { .boot = 120, .test = 20 };
	struct strlist errs = STRLIST_INIT;
	char *path = fx_src("rubrics/lab3.rubric");
	char *want, *line;
	struct lab_result lr;
	struct rubric r;
	size_t included;

	ck_assert_int_eq(rubric_load(path, 3, &r, &errs), 0);
	lab_result_init(&lr, &r);
	for (size_t i = 0; i < lr.ntests; i++)
		if (!strcmp(lr.tests[i].rt->id, id))
			ck_assert(lr.tests[i].rt->budget > b.test);
	line = cmdline_build(&lr, &b, false, 480, &included);
	want = xasprintf(" ktest.budget.%s=60", id);
	ck_assert_msg(strstr(line, want), "%s", line);
	ck_assert(strstr(line, " ktest.budget=20"));
	ck_assert(strlen(line) <= 480);
	free(want);
	free(line);
	free(path);
	lab_result_free(&lr);
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

/* Budgets travel on the command line, in whole emulated seconds. */
START_TEST(budgets_on_the_command_line)
{
	static const char rubric[] = "budget 45\ntest lab1.a 1\n"
				     "test lab1.b 1 budget=300\ntest lab1.c 1\n";
	struct env e;
	char *first;

	env_init(&e, "lab1.a pass\nlab1.b pass\nlab1.c pass\n");
	fx_lab_free(&e.f);
	fx_lab_init(&e.f, rubric, 1);
	ck_assert_int_eq(run(&e), 0);
	first = boot_cmdline(&e, 1);
	ck_assert(strstr(first, " boot_budget=3 ktest.budget=45 "));
	ck_assert(strstr(first, " ktest.budget.lab1.b=300"));
	ck_assert(!strstr(first, "ktest.budget.lab1.a"));
	free(first);
	env_free(&e);
}
END_TEST

/* A filter too long for the command line is split over boots. */
START_TEST(long_filter_is_split)
{
	struct env e;
	char *second, *third;

	env_init(&e, "lab1.a crash\nlab1.b pass\nlab1.c pass\nlab1.d pass\n");
	/*
	 * 24 bytes of "ktest=lab1 console=ttyS0", 29 of
	 * " boot_budget=3 ktest.budget=2", 27 for 2 ids.
	 */
	e.opt.cmdline_max = 80;
	ck_assert_int_eq(run(&e), 0);
	ck_assert_int_eq(outcome(&e, "lab1.a"), OUTCOME_CRASH);
	ck_assert_int_eq(outcome(&e, "lab1.b"), OUTCOME_PASS);
	ck_assert_int_eq(outcome(&e, "lab1.d"), OUTCOME_PASS);
	ck_assert_int_eq(e.f.lr.nboots, 3);
	second = boot_cmdline(&e, 2);
	third = boot_cmdline(&e, 3);
	ck_assert(strstr(second, "ktest.filter=lab1.b,lab1.c"));
	ck_assert(strstr(third, "ktest.filter=lab1.d"));
	free(second);
	free(third);
	env_free(&e);
}
END_TEST

/* ---- the CPU slots: longest job first ------------------------------------ */

static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static char order[8];
static size_t norder;

static void *slot_job(void *name)
{
	double started = session_take_slot(name, 0);

	pthread_mutex_lock(&order_lock);
	order[norder++] = *(const char *)name;
	pthread_mutex_unlock(&order_lock);
	session_give_slot(name, started);
	return NULL;
}

/*
 * One slot, held; jobs a (1 s last time), b (3 s), c (2 s) and d (never
 * seen: its guess, 0) queue for it.  Released, it goes to b, c, a, d:
 * the longest first, so that the last job to start is a short one.
 */
START_TEST(slots_go_to_the_longest_job_first)
{
	static char names[][2] = { "a", "b", "c", "d" };
	pthread_t t[4];
	double held;

	timings_put("a", 1);
	timings_put("b", 3);
	timings_put("c", 2);
	session_set_slots(1);
	held = session_take_slot("holder", 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, slot_job, names[i]), 0);
	while (session_slot_waiters() < 4)
		sched_yield();
	session_give_slot("holder", held);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_uint_eq(norder, 4);
	ck_assert(!memcmp(order, "bcad", 4));
	ck_assert(timings_get("holder", -1) >= 0);	/* its time recorded */
	session_set_slots(0);
}
END_TEST

Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("boots");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, one_boot_all_pass);
	tcase_add_test(tc, resume_after_crash);
	tcase_add_test(tc, hang_is_killed_with_its_group);
	tcase_add_test(tc, watchdog_hang_says_where);
	tcase_add_test(tc, bootrun_limit_says_where);
	tcase_add_test(tc, budgets_on_the_command_line);
	tcase_add_test(tc, rubric_budget_above_default_applies);
	tcase_add_test(tc, spinning_test_with_output_hangs);
	tcase_add_test(tc, triple_fault_then_resume);
	tcase_add_test(tc, missing_test);
	tcase_add_test(tc, kernel_never_reaches_harness);
	tcase_add_test(tc, runner_cannot_start);
	tcase_add_test(tc, fake_ok_then_crash_scores_nothing);
	tcase_add_test(tc, corrupt_stream_ends_the_boot_and_resumes);
	tcase_add_test(tc, long_filter_is_split);
	tcase_add_test(tc, slots_go_to_the_longest_job_first);
	suite_add_tcase(s, tc);
	return s;
}
