/**
 * @file
 * The whole run, end to end, on a fake kit: its Makefile really
 * compiles the lab files (so compiler errors are real) and copies
 * them into the "disk image", whose "//! ID BEHAVIOUR" lines tell
 * the fake bootrun what the kernel does.  Also runs the grade
 * program itself (sanitized build) for options, formats and exit
 * statuses.
 */
#include <glob.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "depcheck.h"
#include "fixtures.h"
#include "fsutil.h"
#include "grade.h"
#include "options.h"
#include "report/report.h"
#include "results.h"

/*
 * The fake's kit objects are what labs/ held when they were built (the
 * cache must build them before a submission is placed), and a line in
 * $FAKE_KITOBJ_LOG per build; its image needs them when given.
 */
static const char fake_makefile[] =
	"# fake kit: \"build\" = compile check + concatenate the lab files\n"
	"LAB ?= 1\nSRC ?= labs\nBUILD ?= build/out\n"
	"kit-objects:\n"
	"\t@mkdir -p $(BUILD)/obj\n"
	"\t@cat labs/lab*/*.c > $(BUILD)/obj/seen\n"
	"\t@$(if $(FAKE_KITOBJ_LOG),echo $(LAB) >> $(FAKE_KITOBJ_LOG),true)\n"
	"image:\n"
	"\t@$(if $(KIT_OBJ_DIR),test -f $(KIT_OBJ_DIR)/obj/seen,true)\n"
	"\t@mkdir -p $(BUILD)\n"
	"\t@for f in $(SRC)/lab*/*.c; do cc -fsyntax-only -MD \\\n"
	"\t\t-MF $(BUILD)/$$(basename $$f .c).d $$f || exit 1; done\n"
	"\t@cat $(SRC)/lab*/*.c > $(BUILD)/disk.img\n"
	"\t@cp $(BUILD)/disk.img $(BUILD)/kernel.elf\n";

struct kit {
	char *dir, *kit, *sub, *bootrun, *scratch;
	struct options opt;
	struct grade_run run;
};

static void kit_init(struct kit *k)
{
	memset(k, 0, sizeof(*k));
	k->dir = fx_tmpdir();
	k->kit = path_join(k->dir, "kit");
	k->sub = path_join(k->dir, "submission");
	k->scratch = path_join(k->dir, "scratch");
	k->bootrun = fx_fake_bootrun(k->dir);
	unsetenv("FAKE_SCENARIO");
	unsetenv("FAKE_BOOTS");
	unsetenv("FAKE_PIDFILE");
	unsetenv("FAKE_KITOBJ_LOG");
	fx_write(k->kit, "Makefile", fake_makefile);
	fx_write(k->kit, "grader/rubrics/lab0.rubric",
		 "title warm-up\nfile labs/lab0/warmup.c\n"
		 "test lab0.a 1\ntest lab0.b 1\n");
	fx_write(k->kit, "grader/rubrics/lab1.rubric",
		 "weight 2\nfile labs/lab1/direct.c\n"
		 "test lab1.a 1\ntest lab1.b 1 hidden\n");
	fx_write(k->kit, "labs/lab0/warmup.c",
		 "//! lab0.a fail\n//! lab0.b fail\nint warmup;\n");
	fx_write(k->kit, "labs/lab1/direct.c",
		 "//! lab1.a fail\n//! lab1.b crash\nint direct;\n");
	fx_write(k->kit, "solutions/lab0/warmup.c",
		 "//! lab0.a pass\n//! lab0.b pass\nint warmup;\n");
	fx_write(k->kit, "solutions/lab1/direct.c",
		 "//! lab1.a pass\n//! lab1.b pass\nint direct;\n");
	fx_options(&k->opt);
	k->opt.kit = k->kit;
	k->opt.bootrun = k->bootrun;
	k->opt.scratch = k->scratch;
}

static int kit_grade(struct kit *k)
{
	int ret = grade(&k->opt, &k->run);

	score_run(&k->run);
	return ret;
}

static void kit_free(struct kit *k)
{
	grade_run_free(&k->run);
	free(k->kit);
	free(k->sub);
	free(k->bootrun);
	free(k->scratch);
	fx_rmdir(k->dir);
}

START_TEST(solutions_full_marks)
{
	struct kit k;

	kit_init(&k);
	k.opt.src = "solutions";
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert_int_eq(k.run.nlabs, 2);
	ck_assert(k.run.earned == 6 && k.run.max == 6);	/* 2 + 2 * 2 */
	ck_assert_int_eq(score_exit_status(&k.run), EXIT_ALL_PASSED);
	/* the scratch tree is gone afterwards */
	ck_assert(is_dir(k.scratch));
	ck_assert_int_eq(rmdir(k.scratch), 0);
	kit_free(&k);
}
END_TEST

START_TEST(skeletons_zero_with_crash_and_resume)
{
	struct kit k;

	kit_init(&k);
	k.opt.lab = 1;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert_int_eq(k.run.nlabs, 1);
	ck_assert(k.run.earned == 0 && k.run.max == 4);
	ck_assert_int_eq(k.run.labs[0].tests[1].outcome, OUTCOME_CRASH);
	ck_assert_int_eq(score_exit_status(&k.run), EXIT_SOME_FAILED);
	kit_free(&k);
}
END_TEST

START_TEST(submission_only_manifest_used)
{
	struct kit k;
	char *marker;

	kit_init(&k);
	marker = path_join(k.dir, "pwned");
	fx_write(k.sub, "labs/lab0/warmup.c",
		 "//! lab0.a pass\n//! lab0.b pass\nint warmup;\n");
	fx_write(k.sub, "direct.c", "//! lab1.a pass\n//! lab1.b fail\nint d;\n");
	fx_write(k.sub, "Makefile", "image:\n\ttouch ../../pwned\n");
	fx_write(k.sub, "grader/rubrics/lab0.rubric", "test lab0.a 1000\n");
	k.opt.submission = k.sub;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert(k.run.earned == 4 && k.run.max == 6);
	ck_assert_int_eq(k.run.nfiles, 2);
	ck_assert_str_eq(k.run.files[1].found, "direct.c");
	ck_assert(sl_contains(&k.run.ignored, "Makefile"));
	ck_assert(sl_contains(&k.run.ignored, "grader/rubrics/lab0.rubric"));
	ck_assert(!is_file(marker));
	free(marker);
	kit_free(&k);
}
END_TEST

START_TEST(submission_that_does_not_compile)
{
	struct kit k;
	struct strbuf text = STRBUF_INIT;

	kit_init(&k);
	fx_write(k.sub, "labs/lab0/warmup.c", "int warmup = ;\n");
	k.opt.submission = k.sub;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert(!k.run.labs[0].built);
	ck_assert(strstr(k.run.labs[0].build_errors, "error"));
	for (size_t i = 0; i < k.run.nlabs; i++)
		for (size_t j = 0; j < k.run.labs[i].ntests; j++)
			ck_assert_int_eq(k.run.labs[i].tests[j].outcome,
					 OUTCOME_NOBUILD);
	ck_assert_int_eq(score_exit_status(&k.run), EXIT_SOME_FAILED);
	report_lab_details(&k.run.labs[0], &text);
	ck_assert(strstr(sb_str(&text), "did not build; compiler output:"));
	sb_free(&text);
	kit_free(&k);
}
END_TEST

START_TEST(broken_kit_is_a_grading_error)
{
	struct kit k;

	kit_init(&k);
	fx_write(k.kit, "Makefile", "kit-objects:\n\t@mkdir -p $(BUILD)\n"
		 "image:\n\t@echo 'kit: no compiler' >&2; exit 1\n");
	fx_write(k.sub, "warmup.c", "int ok;\n");
	k.opt.submission = k.sub;
	k.opt.lab = 0;
	ck_assert_int_eq(kit_grade(&k), -1);
	ck_assert(strstr(k.run.error, "the kit itself does not build stage 0"));
	ck_assert(strstr(k.run.error, "kit: no compiler"));
	ck_assert_int_eq(score_exit_status(&k.run), EXIT_GRADING_ERROR);
	kit_free(&k);
}
END_TEST

/*
 * The fake kit again, but its image rule also compiles each lab file into
 * an i386 object where the kit's Makefile puts it (BUILD/obj/SRC/labN/),
 * so the object check has real objects to read.
 */
static const char objects_makefile[] =
	"LAB ?= 1\nSRC ?= labs\nBUILD ?= build/out\n"
	"kit-objects:\n"
	"\t@mkdir -p $(BUILD)/obj\n"
	"image:\n"
	"\t@for f in $(SRC)/lab*/*.c; do o=$(BUILD)/obj/$${f%.c}.o; mkdir -p $${o%/*}; "
	"cc -m32 -fno-pie -ffreestanding -fno-asynchronous-unwind-tables -c $$f -o $$o || exit 1; done\n"
	"\t@cat $(SRC)/lab*/*.c > $(BUILD)/disk.img\n"
	"\t@cp $(BUILD)/disk.img $(BUILD)/kernel.elf\n";

/* Every format names the refusal: the rule and the symbol. */
static void refusal_in_every_format(const struct grade_run *run)
{
	void (*formats[])(const struct grade_run *, FILE *) = {
		report_text, report_json, report_tap, report_junit,
		report_gradescope,
	};

	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *out = fx_report(formats[i], run);

		ck_assert_msg(strstr(out, "ktest_fail") && strstr(out, "rule: symbols") &&
			      strstr(out, "object check"), "format %zu: %s", i, out);
		free(out);
	}
}

/*
 * A submission whose lab 0 file calls the harness: its kernel would pass
 * every test, but it is never booted; lab 1, whose stage links that file,
 * is refused too.  The kit's own files pass the check.
 */
START_TEST(submission_refused_by_the_object_check)
{
	struct kit k;
	char *json;

	kit_init(&k);
	fx_write(k.kit, "Makefile", objects_makefile);
	fx_write(k.kit, "grader/rubrics/lab0.rubric",
		 "file labs/lab0/warmup.c\nallow printk\ntest lab0.a 1\ntest lab0.b 1\n");
	fx_write(k.sub, "labs/lab0/warmup.c",
		 "//! lab0.a pass\n//! lab0.b pass\n"
		 "void ktest_fail(const char *why);\n"
		 "void warmup(void) { ktest_fail(\"x\"); }\n");
	fx_write(k.sub, "labs/lab1/direct.c", "//! lab1.a pass\n//! lab1.b pass\nint direct;\n");
	k.opt.submission = k.sub;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert(k.run.earned == 0 && k.run.max == 6);
	for (size_t i = 0; i < k.run.nlabs; i++) {
		ck_assert_msg(k.run.labs[i].objcheck.n == 1, "%s", k.run.labs[i].objcheck.v[0]);
		ck_assert_int_eq(k.run.labs[i].nboots, 0);
		for (size_t j = 0; j < k.run.labs[i].ntests; j++)
			ck_assert_int_eq(k.run.labs[i].tests[j].outcome,
					 OUTCOME_REJECTED);
	}
	ck_assert(strstr(k.run.labs[0].objcheck.v[0],
			 "labs/lab0/warmup.c: uses ktest_fail, which belongs to the test harness"));
	ck_assert(strstr(k.run.labs[0].tests[0].reason, "the object check refused the lab's objects: labs/lab0/warmup.c"));
	refusal_in_every_format(&k.run);
	json = fx_report(report_json, &k.run);
	ck_assert(fx_json_valid(json));
	ck_assert(strstr(json, "\"outcome\": \"rejected\""));
	free(json);
	kit_free(&k);

	kit_init(&k);	/* the kit's own solutions: checked, and booted */
	fx_write(k.kit, "Makefile", objects_makefile);
	k.opt.src = "solutions";
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert(k.run.earned == 6 && k.run.max == 6);
	kit_free(&k);
}
END_TEST

/* The one stage-0 cache entry's obj/seen (what kit-objects saw). */
static void cached_seen(const struct kit *k, struct strbuf *out)
{
	char *pattern = path_join(k->kit, "build/grade-cache/*/lab0/obj/seen");
	glob_t g;

	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	ck_assert_int_eq(g.gl_pathc, 1);
	ck_assert_int_eq(read_file(g.gl_pathv[0], out), 0);
	globfree(&g);
	free(pattern);
}

START_TEST(labs_in_parallel_with_the_cache)
{
	struct kit k;
	struct strbuf seen = STRBUF_INIT, log = STRBUF_INIT;
	char *count;

	kit_init(&k);
	count = path_join(k.dir, "kit-objects.log");
	setenv("FAKE_KITOBJ_LOG", count, 1);
	fx_write(k.sub, "labs/lab0/warmup.c",
		 "//! lab0.a pass\n//! lab0.b pass\nint student;\n");
	k.opt.submission = k.sub;
	k.opt.jobs = 2;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert_int_eq(k.run.nlabs, 2);	/* in lab order */
	ck_assert_int_eq(k.run.labs[0].rubric->lab, 0);
	ck_assert_int_eq(k.run.labs[1].rubric->lab, 1);
	ck_assert(k.run.earned == 2 && k.run.max == 6);
	grade_run_free(&k.run);

	/* built once per stage, from the kit before the submission came */
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert_int_eq(read_file(count, &log), 0);
	ck_assert_str_eq(sb_str(&log), "0\n1\n");
	cached_seen(&k, &seen);
	ck_assert(strstr(sb_str(&seen), "int warmup;"));
	ck_assert(!strstr(sb_str(&seen), "student"));
	grade_run_free(&k.run);

	/*
	 * Without the cache: the same grade, the kit objects built again
	 * for this grade alone (the submission's tree has no hidden test
	 * sources to build them from), nothing new in the cache.
	 */
	k.opt.no_cache = true;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert(k.run.earned == 2 && k.run.max == 6);
	sb_reset(&log);
	ck_assert_int_eq(read_file(count, &log), 0);
	ck_assert_str_eq(sb_str(&log), "0\n1\n0\n1\n");
	sb_reset(&seen);
	cached_seen(&k, &seen);
	sb_free(&seen);
	sb_free(&log);
	free(count);
	kit_free(&k);
}
END_TEST

START_TEST(setup_errors)
{
	struct kit k;

	kit_init(&k);
	fx_write(k.kit, "grader/rubrics/lab1.rubric", "weight 2\ntest lab1.a one\n");
	ck_assert_int_eq(kit_grade(&k), -1);
	ck_assert(strstr(k.run.error, "lab1.rubric:2: bad points 'one'"));
	grade_run_free(&k.run);

	fx_write(k.kit, "grader/rubrics/lab1.rubric", "test lab1.a 1\n");
	k.opt.bootrun = "/nonexistent/bootrun";
	ck_assert_int_eq(kit_grade(&k), -1);
	ck_assert(strstr(k.run.error, "no runner at /nonexistent/bootrun"));
	grade_run_free(&k.run);

	k.opt.bootrun = k.bootrun;
	k.opt.lab = 5;
	ck_assert_int_eq(kit_grade(&k), -1);
	ck_assert(strstr(k.run.error, "no rubric for lab 5"));
	kit_free(&k);
}
END_TEST

/* Run the sanitized grade program; returns its exit status. */
static int run_grade(char *const argv[])
{
	const char *bin = getenv("GRADER_SAN_GRADE");
	pid_t pid;
	int status;

	ck_assert_msg(bin != NULL, "GRADER_SAN_GRADE not set (run make test-grader)");
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execv(bin, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

START_TEST(program_exit_status_and_formats)
{
	struct kit k;
	struct strbuf text = STRBUF_INIT;
	char *out;

	kit_init(&k);
	out = path_join(k.dir, "results.json");
	char *pass[] = { "grade", "--kit", k.kit, "--bootrun", k.bootrun,
			 "--scratch", k.scratch, "--src", "solutions",
			 "--format", "gradescope", "--out", out, "--quiet",
			 "--test-budget", "2", NULL };
	char *fail[] = { "grade", "--kit", k.kit, "--bootrun", k.bootrun,
			 "--scratch", k.scratch, "--lab", "0", "--test-budget",
			 "2", NULL };
	char *bad[] = { "grade", "--format", "yaml", NULL };
	char *err[] = { "grade", "--kit", k.kit, "--bootrun", "/nope", NULL };

	ck_assert_int_eq(run_grade(pass), 0);
	ck_assert_int_eq(read_file(out, &text), 0);
	ck_assert(fx_json_valid(sb_str(&text)));
	ck_assert(strstr(sb_str(&text), "\"score\": 6,"));
	ck_assert(strstr(sb_str(&text), "\"visibility\": \"hidden\""));
	ck_assert_int_eq(run_grade(fail), 1);
	ck_assert_int_eq(run_grade(bad), 2);
	ck_assert_int_eq(run_grade(err), 2);
	sb_free(&text);
	free(out);
	kit_free(&k);
}
END_TEST

/* Processes whose environment holds @p mark (the ones a grade started). */
static int marked_processes(const char *mark)
{
	glob_t g;
	int n = 0;

	if (glob("/proc/[0-9]*/environ", 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct strbuf env = STRBUF_INIT;

		if (!read_file(g.gl_pathv[i], &env) &&
		    memmem(env.buf, env.len, mark, strlen(mark)))
			n++;
		sb_free(&env);
	}
	globfree(&g);
	return n;
}

static bool both_booted(const struct strbuf *boots)
{
	return strstr(sb_str(boots), "ktest=lab0") &&
	       strstr(sb_str(boots), "ktest=lab1");
}

/* Two labs hang side by side; Ctrl-C ends the grade, leaving nothing. */
START_TEST(interrupt_stops_every_lab)
{
	struct kit k;
	struct strbuf boots = STRBUF_INIT;
	char *log, *mark = xasprintf("GRADE_TEST_MARK=%d", (int)getpid());
	pid_t pid;
	int status;

	kit_init(&k);
	log = path_join(k.dir, "boots");
	fx_write(k.sub, "warmup.c", "//! lab0.a hang\nint w;\n");
	fx_write(k.sub, "direct.c", "//! lab1.a hang\nint d;\n");
	char *argv[] = { "grade", "--kit", k.kit, "--bootrun", k.bootrun,
			 "--scratch", k.scratch, "--submission", k.sub,
			 "--jobs", "2", "--test-budget", "100", "--quiet", NULL };

	setenv("FAKE_BOOTS", log, 1);
	pid = fork();
	if (pid == 0) {
		putenv(mark);
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execv(getenv("GRADER_SAN_GRADE"), argv);
		_exit(127);
	}
	for (int i = 0; i < 600 && !both_booted(&boots); i++) {
		usleep(50000);
		sb_reset(&boots);
		read_file(log, &boots);
	}
	ck_assert(both_booted(&boots));
	kill(pid, SIGINT);
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	for (int i = 0; i < 40 && marked_processes(mark); i++)
		usleep(50000);		/* SIGKILLed ones vanish at once */
	ck_assert_int_eq(marked_processes(mark), 0);
	unsetenv("FAKE_BOOTS");
	sb_free(&boots);
	free(log);
	free(mark);
	kit_free(&k);
}
END_TEST

/* argv for options_parse(); quiet about the usage errors it prints. */
static int parse(struct options *o, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	return options_parse(o, argc, argv);
}

START_TEST(options)
{
	struct options o;
	char *all[] = { "grade", "--lab", "all", "--format", "junit",
			"--scale", "2.5", "--submission", "", "--out", "", NULL };
	char *three[] = { "grade", "--lab", "3", "--src", "solutions",
			  "--emu", "qemu", "--keep", "--cache", "/c",
			  "--no-cache", "--jobs", "3", NULL };
	char *bad_lab[] = { "grade", "--lab", "9", NULL };
	char *bad_scale[] = { "grade", "--scale", "0", NULL };
	char *conflict[] = { "grade", "--submission", "x", "--src",
			     "solutions", NULL };
	char *stray[] = { "grade", "extra", NULL };
	char *unknown[] = { "grade", "--frobnicate", NULL };

	ck_assert_int_eq(parse(&o, all), 0);
	ck_assert_int_eq(o.lab, LAB_ALL);
	ck_assert_int_eq(o.format, FORMAT_JUNIT);
	ck_assert(o.scale == 2.5);
	ck_assert_ptr_null(o.submission);	/* make's empty SUBMISSION= */
	ck_assert_ptr_null(o.out);
	ck_assert_int_eq(parse(&o, three), 0);
	ck_assert_int_eq(o.lab, 3);
	ck_assert_str_eq(o.src, "solutions");
	ck_assert_str_eq(o.emu, "qemu");
	ck_assert(o.keep);
	ck_assert_str_eq(o.cache, "/c");
	ck_assert(o.no_cache);
	ck_assert_int_eq(o.jobs, 3);
	ck_assert_int_eq(parse(&o, bad_lab), -1);
	ck_assert_int_eq(parse(&o, bad_scale), -1);
	ck_assert_int_eq(parse(&o, conflict), -1);
	ck_assert_int_eq(parse(&o, stray), -1);
	ck_assert_int_eq(parse(&o, unknown), -1);
}
END_TEST

/* ---- the submission boundary: fault matrix (grader/README.md) ---------- */

/* Lab 0 of a submission whose warmup.c is @p text; lab 0 graded alone. */
static void grade_lab0(struct kit *k, const char *text)
{
	fx_write(k->sub, "warmup.c", text);
	k->opt.submission = k->sub;
	k->opt.lab = 0;
	ck_assert_int_eq(kit_grade(k), 0);
	ck_assert_int_eq(k->run.nlabs, 1);
}

/* The .d reader: what counts as inside, what as an instructor's file. */
START_TEST(boundary_depcheck_rules)
{
	struct strbuf why = STRBUF_INIT;
	char *dir = fx_tmpdir();
	char *ok = xasprintf("x.o: labs/lab0/w.c %s/kernel/a.h \\\n"
			     " /usr/include/stdc-predef.h sp\\ ace.h\n"
			     "kernel/a.h:\n", dir);

	ck_assert_int_eq(depcheck_text(ok, "x.d", dir, NULL, &why), 0);
	ck_assert_int_eq(depcheck_text("x.o: /etc/passwd /dev/zero \\\n ../up.h\n",
				       "x.d", dir, NULL, &why), 3);
	ck_assert(strstr(sb_str(&why), "x.d reads /etc/passwd: outside"));
	ck_assert(strstr(sb_str(&why), "x.d reads ../up.h: outside"));
	sb_reset(&why);
	ck_assert_int_eq(depcheck_text("x.o: solutions/lab3/page_alloc.c \\\n"
				       " tests/lab3/x_hidden_ktest.c \\\n"
				       " labs/../grader/rubrics/lab3.rubric\n",
				       "x.d", dir, NULL, &why), 3);
	ck_assert(strstr(sb_str(&why), "solutions/lab3/page_alloc.c: an instructor's file"));
	ck_assert(depcheck_forbidden("tests/lab3/requirements.txt"));
	ck_assert(!depcheck_forbidden("tests/lab3/buddy_ktest.c"));
	sb_free(&why);
	free(ok);
	fx_rmdir(dir);
}
END_TEST

/* The reference, by absolute path, by `..`, by a macro: not there. */
START_TEST(boundary_reference_out_of_reach)
{
	static const char *const ways[] = {
		"#include \"%s/solutions/lab0/warmup.c\"\n",
		"#include \"../../../../../kit/solutions/lab0/warmup.c\"\n%.0s",
		"#define R \"%s/solutions/lab0/warmup.c\"\n#include R\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ways); i++) {
		struct kit k;
		char *text;

		kit_init(&k);
		text = xasprintf(ways[i], k.kit);
		grade_lab0(&k, text);
		ck_assert_msg(!k.run.labs[0].built, "way %zu built", i);
		ck_assert(strstr(k.run.labs[0].build_errors, "No such file"));
		ck_assert(k.run.earned == 0);
		free(text);
		kit_free(&k);
	}
}
END_TEST

/* A file the sandbox shows (/dev/null) is still refused by the .d check. */
START_TEST(boundary_outside_dependency_refused)
{
	struct kit k;

	kit_init(&k);
	grade_lab0(&k, "//! lab0.a pass\n//! lab0.b pass\n"
		   "#define Z \"/dev/null\"\n#include Z\nint w;\n");
	ck_assert(!k.run.labs[0].built);
	ck_assert(strstr(k.run.labs[0].build_errors,
			 "/dev/null: outside the kit tree"));
	ck_assert(k.run.earned == 0);
	kit_free(&k);
}
END_TEST

/*
 * The scratch tree holds no reference and only stubs of hidden tests,
 * with the cache or without; including a stub is refused all the same.
 */
START_TEST(boundary_hidden_sources_stubbed)
{
	for (int no_cache = 0; no_cache <= 1; no_cache++) {
		struct kit k;
		glob_t g;
		char *pattern;
		struct strbuf text = STRBUF_INIT;

		kit_init(&k);
		fx_write(k.kit, "tests/lab0/w_hidden_ktest.c", "SECRET\n");
		k.opt.keep = true;
		k.opt.no_cache = no_cache;
		grade_lab0(&k, "//! lab0.a pass\n//! lab0.b pass\n"
			   "#include \"../../tests/lab0/w_hidden_ktest.c\"\n");
		ck_assert(!k.run.labs[0].built);
		ck_assert(strstr(k.run.labs[0].build_errors,
				 "tests/lab0/w_hidden_ktest.c: an instructor's file"));
		pattern = path_join(k.scratch, "run-*/kit");
		ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
		free(pattern);
		pattern = path_join(g.gl_pathv[0], "tests/lab0/w_hidden_ktest.c");
		ck_assert_int_eq(read_file(pattern, &text), 0);
		ck_assert(!strstr(sb_str(&text), "SECRET"));
		free(pattern);
		pattern = path_join(g.gl_pathv[0], "solutions/lab0/warmup.c");
		ck_assert(!is_file(pattern));
		free(pattern);
		globfree(&g);
		sb_free(&text);
		kit_free(&k);
	}
}
END_TEST

/* A lab directory that is a link to the kit's reference: not followed. */
START_TEST(boundary_linked_lab_dir)
{
	struct kit k;
	char *ref, *link;

	kit_init(&k);
	ref = path_join(k.kit, "solutions/lab0");
	link = path_join(k.sub, "lab0");
	ck_assert_int_eq(mkdir_p(k.sub), 0);
	ck_assert_int_eq(symlink(ref, link), 0);
	k.opt.submission = k.sub;
	k.opt.lab = 0;
	ck_assert_int_eq(kit_grade(&k), 0);
	ck_assert_int_eq(k.run.files[0].status, FILE_REJECTED);
	ck_assert(strstr(k.run.files[0].note, "symbolic link"));
	ck_assert(k.run.earned == 0);
	free(ref);
	free(link);
	kit_free(&k);
}
END_TEST

Suite *grade_suite(void)
{
	Suite *s = suite_create("grade");
	TCase *tc = tcase_create("end-to-end");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, solutions_full_marks);
	tcase_add_test(tc, skeletons_zero_with_crash_and_resume);
	tcase_add_test(tc, submission_only_manifest_used);
	tcase_add_test(tc, submission_that_does_not_compile);
	tcase_add_test(tc, broken_kit_is_a_grading_error);
	tcase_add_test(tc, submission_refused_by_the_object_check);
	tcase_add_test(tc, labs_in_parallel_with_the_cache);
	tcase_add_test(tc, interrupt_stops_every_lab);
	tcase_add_test(tc, setup_errors);
	tcase_add_test(tc, program_exit_status_and_formats);
	suite_add_tcase(s, tc);
	tc = tcase_create("boundary");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, boundary_depcheck_rules);
	tcase_add_test(tc, boundary_reference_out_of_reach);
	tcase_add_test(tc, boundary_outside_dependency_refused);
	tcase_add_test(tc, boundary_hidden_sources_stubbed);
	tcase_add_test(tc, boundary_linked_lab_dir);
	suite_add_tcase(s, tc);
	tc = tcase_create("options");
	tcase_add_test(tc, options);
	suite_add_tcase(s, tc);
	return s;
}
