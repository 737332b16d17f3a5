/**
 * @file
 * Host cases: reading the runner's channel and the sanitizers'
 * reports into outcomes (hostsuite_classify()), which ids are host
 * cases, and the fault matrix of the host-suite defence:
 *
 *   attack by the code under test          what the grader sees      case
 *   exit(0) before the assertions          E "ended before it        early_exit_is_not_a_pass
 *                                          finished" from the runner
 *   forged lines appended to Check's log   ignored, flagged          forged_log_lines_are_flagged
 *   forged or replayed channel lines       ignored, flagged          channel_needs_nonce_and_order
 *   reading solutions/, hidden tests,      denied in the sandbox     sandbox_denies_files_and_network
 *   rubrics; connecting to 127.0.0.1
 *
 * The runner's side of the first row (tests/host/sim/case_guard.c) is
 * checked end to end by make test-host (every suite runs under it) and
 * by grading a submission that calls exit(0) (grader/README.md).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"
#include "fsutil.h"
#include "hostsuite.h"
#include "proc.h"
#include "rubric.h"

/* The nonce of the host suites' results channel in these tests. */
#define FX_NONCE "1a2b3c4d5e6f7a8b"

static const char RUBRIC[] =
	"test lab3.merge.kernel_one 1\n"
	"test lab3.host.buddy.merge_model 1\n"
	"test lab3.host.buddy.split 1\n"
	"test lab3.host.buddy.overflow 1\n"
	"test lab3.host.buddy.loop 1\n"
	"test lab3.host.buddy.never_run 1\n"
	"test lab3.host.api.other_suite 1\n";

/* A Check log as CK_LOG_FILE_NAME writes it, one line per iteration. */
static const char LOG[] =
	"Running suite lab3-buddy\n"
	"tests/lab3/buddy_check.c:40:P:merge:test_merge_model:0: Passed\n"
	"tests/lab3/buddy_check.c:61:F:split:test_split:0: Assertion 'nr == 3' failed: nr == 2, 3 == 3\n"
	"tests/lab3/buddy_check.c:77:E:merge:test_overflow:0: (after this point) Early exit with return value 1\n"
	"tests/lab3/buddy_check.c:90:P:loop:test_loop:0: Passed\n"
	"tests/lab3/buddy_check.c:91:F:loop:test_loop:1: Assertion 'x' failed\n"
	"tests/lab3/buddy_check.c:90:P:loop:test_loop:2: Passed\n"
	"tests/lab3/buddy_check.c:12:P:x:test_unlisted:0: Passed\n"
	"tests/lab3/api_check.c:5:P:x:test_other_suite:0: Passed\n";

static const char ERRS[] =
	"some printk output\n"
	"=================================================================\n"
	"==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020\n"
	"WRITE of size 4 at 0x6020 thread T0\n"
	"    #0 0x55 in __free_one_page solutions/lab3/page_alloc.c:120\n"
	"    #1 0x56 in test_overflow tests/lab3/buddy_check.c:80\n"
	"SUMMARY: AddressSanitizer: heap-buffer-overflow solutions/lab3/page_alloc.c:120 in __free_one_page\n"
	"more output\n";

/* @p log as the runner's channel carries it: each result line tagged. */
static char *channel_of(const char *log)
{
	struct strbuf ch = STRBUF_INIT;
	char *copy = xstrdup(log);
	int seq = 0;

	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"))
		if (strstr(l, ":test_"))
			sb_addf(&ch, "ck %s %d %s\n", FX_NONCE, ++seq, l);
	char *text;

	free(copy);
	text = xstrdup(sb_str(&ch));
	sb_free(&ch);
	return text;
}

/* Classify suite "buddy" from @p results, with Check's @p log beside it. */
static void classify(struct lab_result *lr, const char *results,
		     const char *log, const char *errs, struct strlist *flags)
{
	struct host_output in = { .results = results, .log = log,
				  .errs = errs, .nonce = FX_NONCE };

	hostsuite_classify(lr, "buddy", &in, flags);
}

/* The usual case: the channel and Check's log agree, nothing is flagged. */
static void classify_log(struct lab_result *lr, const char *log,
			 const char *errs)
{
	struct strlist flags = STRLIST_INIT;
	char *ch = channel_of(log);

	classify(lr, ch, log, errs, &flags);
	ck_assert_uint_eq(flags.n, 0);
	free(ch);
	sl_free(&flags);
}

START_TEST(which_ids_are_host_cases)
{
	ck_assert(hostsuite_is_host_test("lab3.host.buddy.merge_model"));
	ck_assert(hostsuite_is_host_test("lab12.host.a.b"));
	ck_assert(!hostsuite_is_host_test("lab3.merge.host"));
	ck_assert(!hostsuite_is_host_test("lab3.hostile.x"));
	ck_assert(!hostsuite_is_host_test("host.lab3.x"));
}
END_TEST

/* Every case below starts from the rubric above and a fresh lab result. */
struct hs {
	struct strlist errs, flags;
	struct lab_result lr;
	struct rubric r;
};

static void hs_init(struct hs *h)
{
	memset(h, 0, sizeof(*h));
	ck_assert_int_eq(rubric_parse(RUBRIC, "t.rubric", 3, &h->r, &h->errs), 0);
	lab_result_init(&h->lr, &h->r);
}

static void hs_free(struct hs *h)
{
	lab_result_free(&h->lr);
	rubric_free(&h->r);
	sl_free(&h->errs);
	sl_free(&h->flags);
}

START_TEST(log_and_reports_give_outcomes)
{
	struct hs h;

	hs_init(&h);
	ck_assert(!h.r.tests[0].host && h.r.tests[1].host);
	classify_log(&h.lr, LOG, ERRS);

	ck_assert_int_eq(h.lr.tests[0].outcome, OUTCOME_NONE);	/* a ktest */
	ck_assert_int_eq(h.lr.tests[1].outcome, OUTCOME_PASS);
	ck_assert_int_eq(h.lr.tests[2].outcome, OUTCOME_FAIL);
	ck_assert_str_eq(h.lr.tests[2].reason, "Assertion 'nr == 3' failed: nr == 2, 3 == 3");
	ck_assert_ptr_nonnull(strstr(sb_str(&h.lr.tests[2].diag),
				     "at: tests/lab3/buddy_check.c:61"));
	/* The crash takes the sanitizer report whose stack names its case. */
	ck_assert_int_eq(h.lr.tests[3].outcome, OUTCOME_CRASH);
	ck_assert_str_eq(h.lr.tests[3].reason,
			 "AddressSanitizer: heap-buffer-overflow on address 0x6020");
	ck_assert_ptr_nonnull(strstr(sb_str(&h.lr.tests[3].diag),
				     "SUMMARY: AddressSanitizer: heap-buffer-overflow"));
	ck_assert_ptr_null(strstr(sb_str(&h.lr.tests[3].diag), "more output"));
	/* One failing iteration fails the case, and says which. */
	ck_assert_int_eq(h.lr.tests[4].outcome, OUTCOME_FAIL);
	ck_assert_str_eq(h.lr.tests[4].reason, "iteration 1: Assertion 'x' failed");
	/* Not in the log: left for the caller; another suite's line ignored. */
	ck_assert_int_eq(h.lr.tests[5].outcome, OUTCOME_NONE);
	ck_assert_int_eq(h.lr.tests[6].outcome, OUTCOME_NONE);
	hs_free(&h);
}
END_TEST

/* A forged-looking line with a bad result letter or name is not believed. */
START_TEST(malformed_lines_are_ignored)
{
	struct hs h;

	hs_init(&h);
	classify(&h.lr, "ck " FX_NONCE " 1 x.c:1:OK:merge:test_merge_model:0: Passed\n"
		 "ck " FX_NONCE " 2 x.c:1:P:merge:merge_model:0: Passed\n"
		 "ck " FX_NONCE " 3 x.c:1:P:merge\n", "", "", &h.errs);
	ck_assert_int_eq(h.lr.tests[1].outcome, OUTCOME_NONE);
	hs_free(&h);
}
END_TEST

/*
 * A case its CPU limit stopped is hung, once, at the last line it passed;
 * every iteration stopped the same way adds nothing more.
 */
START_TEST(out_of_cpu_is_hung)
{
	struct hs h;
	const char *diag;

	hs_init(&h);
	classify_log(&h.lr,
		     "b.c:7:E:merge:test_merge_model:0: (after this point) Received signal 24 (CPU time limit exceeded)\n"
		     "b.c:9:E:loop:test_loop:1: (after this point) Received signal 9 (Killed)\n"
		     "b.c:9:E:loop:test_loop:2: (after this point) Received signal 9 (Killed)\n"
		     "b.c:8:E:split:test_split:0: (after this point) Received signal 11 (Segmentation fault)\n",
		     "");
	ck_assert_int_eq(h.lr.tests[1].outcome, OUTCOME_HANG);
	ck_assert_ptr_nonnull(strstr(h.lr.tests[1].reason, "s of CPU time and was stopped"));
	ck_assert_int_eq(h.lr.tests[4].outcome, OUTCOME_HANG);
	ck_assert_ptr_nonnull(strstr(h.lr.tests[4].reason, "iteration 1 used its "));
	diag = sb_str(&h.lr.tests[4].diag);
	ck_assert_ptr_nonnull(strstr(diag, "at: b.c:9"));
	ck_assert_ptr_null(strstr(strstr(diag, "at: b.c:9") + 1, "at: b.c:9"));
	ck_assert_int_eq(h.lr.tests[2].outcome, OUTCOME_CRASH);	/* not a limit */
	hs_free(&h);
}
END_TEST

/* Check passed a case whose child exited 0 early; the runner did not. */
START_TEST(early_exit_is_not_a_pass)
{
	struct hs h;

	hs_init(&h);
	classify(&h.lr,
		 "ck " FX_NONCE " 1 b.c:40:E:merge:test_merge_model:0: the case ended before it finished: exit() called from the code under test?\n",
		 "b.c:40:P:merge:test_merge_model:0: Passed\n", "", &h.flags);
	ck_assert_int_eq(h.lr.tests[1].outcome, OUTCOME_CRASH);
	ck_assert_ptr_nonnull(strstr(h.lr.tests[1].reason, "ended before it finished"));
	ck_assert_uint_eq(h.flags.n, 0);	/* the guard's own verdict: not suspicious */
	hs_free(&h);
}
END_TEST

/*
 * The case appended pass lines to Check's log (which it can write): for
 * itself, before the real failure, and for a case that never ran.  The
 * outcomes come from the channel; every forged line is flagged.
 */
START_TEST(forged_log_lines_are_flagged)
{
	struct hs h;

	hs_init(&h);
	classify(&h.lr,
		 "ck " FX_NONCE " 1 b.c:61:F:split:test_split:0: Assertion 'nr == 3' failed\n",
		 "b.c:61:P:split:test_split:0: Passed\n"
		 "b.c:61:P:x:test_never_run:0: Passed\n"
		 "b.c:61:F:split:test_split:0: Assertion 'nr == 3' failed\n",
		 "", &h.flags);
	ck_assert_int_eq(h.lr.tests[2].outcome, OUTCOME_FAIL);
	ck_assert_int_eq(h.lr.tests[5].outcome, OUTCOME_NONE);	/* missing */
	ck_assert_uint_eq(h.flags.n, 3);
	ck_assert_ptr_nonnull(strstr(h.flags.v[0], "disagree"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[1], "never sent: b.c:61:P:x:test_never_run"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[2], "second result"));
	ck_assert_ptr_nonnull(strstr(sb_str(&h.lr.tests[2].diag), "suspicious: "));
	hs_free(&h);
}
END_TEST

/* Channel lines without this run's nonce, or out of sequence, do not count. */
START_TEST(channel_needs_nonce_and_order)
{
	struct hs h;

	hs_init(&h);
	classify(&h.lr,
		 "ck " FX_NONCE " 1 b.c:1:P:m:test_merge_model:0: Passed\n"
		 "ck 0000000000000000 2 b.c:1:P:x:test_never_run:0: Passed\n"
		 "b.c:1:P:x:test_never_run:0: Passed\n"
		 "ck " FX_NONCE " 7 b.c:1:P:x:test_never_run:0: Passed\n"
		 "ck " FX_NONCE " 1 b.c:1:P:x:test_never_run:0: Passed\n"
		 "ck " FX_NONCE " 2 b.c:1:F:l:test_loop:0: Assertion 'x' failed\n"
		 "ck " FX_NONCE " 3 b.c:1:P:l:test_loop:0: Passed\n",
		 "", "", &h.flags);
	ck_assert_int_eq(h.lr.tests[1].outcome, OUTCOME_PASS);
	ck_assert_int_eq(h.lr.tests[5].outcome, OUTCOME_NONE);
	ck_assert_int_eq(h.lr.tests[4].outcome, OUTCOME_FAIL);	/* F, then P again */
	ck_assert_uint_eq(h.flags.n, 5);
	ck_assert_ptr_nonnull(strstr(h.flags.v[0], "without this run's nonce"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[1], "without this run's nonce"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[2], "out of sequence"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[3], "out of sequence"));
	ck_assert_ptr_nonnull(strstr(h.flags.v[4], "second result"));
	hs_free(&h);
}
END_TEST

/*
 * The sandbox itself: a program in it tries to read the kit's reference,
 * a hidden test and a rubric by their real paths, and to connect to a
 * port this test listens on at 127.0.0.1.  Every attempt must fail.
 */
START_TEST(sandbox_denies_files_and_network)
{
	char *kit_rel = fx_src(".."), *kit = realpath(kit_rel, NULL);
	char *bin = fx_tmpdir(), *outdir = fx_tmpdir(), *script, *probe, *reference;
	char *out = path_join(outdir, "probe.out");
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	struct strlist argv = STRLIST_INIT;
	struct proc_io io = { .out_fd = -1, .err_fd = -1 };
	struct strbuf got = STRBUF_INIT;
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_ptr_nonnull(kit);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
	script = xasprintf("#!/bin/bash\n"
			   /* The hidden tests by a glob: the student's book shows this file. */
			   "for f in %s/solutions/lab0/warmup.c %s/tests/lab0/*_hidden_* %s/grader/rubrics/lab0.rubric; do\n"
			   "  if cat \"$f\" > /dev/null 2>&1; then echo \"LEAK $f\"; else echo \"denied $f\"; fi\n"
			   "done\n"
			   "if (exec 3<> /dev/tcp/127.0.0.1/%d) 2> /dev/null; then echo LEAK net; else echo denied net; fi\n",
			   kit, kit, kit, ntohs(a.sin_port));
	fx_write(bin, "probe", script);
	probe = path_join(bin, "probe");
	reference = path_join(kit, "solutions/lab0/warmup.c");
	/* As root the sandbox runs as nobody: it must reach both directories. */
	ck_assert_int_eq(chmod(bin, 0755) | chmod(outdir, 0777), 0);
	ck_assert_int_eq(chmod(probe, 0755), 0);
	ck_assert(is_file(reference));	/* there to be read, outside */

	hostsuite_sandbox_argv(&argv, bin, outdir, "probe", HOST_CPU_BUDGET);
	ck_assert_int_eq(proc_run(sl_argv(&argv), out, NULL, &io, 60), 0);
	ck_assert_int_eq(read_file(out, &got), 0);
	ck_assert_msg(!strstr(sb_str(&got), "LEAK"), "%s", sb_str(&got));
	ck_assert_ptr_nonnull(strstr(sb_str(&got), "denied net"));
	ck_assert_ptr_nonnull(strstr(sb_str(&got), "lab0.rubric"));
	ck_assert_int_lt(accept(lfd, NULL, NULL), 0);	/* nobody connected */
	close(lfd);
	sb_free(&got);
	sl_free(&argv);
	free(script);
	free(probe);
	free(reference);
	free(out);
	free(kit);
	free(kit_rel);
	fx_rmdir(bin);
	fx_rmdir(outdir);
}
END_TEST

/*
 * A process the grader starts gets fds 0-2 and the ones it passes, nothing
 * the grader holds or inherited: here a file open without O_CLOEXEC, as a
 * shell or an IDE may leave one to its children.
 */
START_TEST(children_inherit_no_stray_fds)
{
	char *dir = fx_tmpdir(), *out = path_join(dir, "fds");
	char *stray_path = path_join(dir, "stray");
	int stray = open(stray_path, O_WRONLY | O_CREAT, 0600), pipefd[2];
	struct proc_io io = { .out_fd = -1, .err_fd = -1 };
	char *const argv[] = { "sh", "-c", "ls /proc/self/fd", NULL };
	struct strbuf got = STRBUF_INIT;

	ck_assert_int_ge(stray, 3);
	ck_assert_int_eq(pipe(pipefd), 0);
	io.pass_fds = pipefd;	/* pipefd[0] only */
	io.npass_fds = 1;
	ck_assert_int_eq(proc_run(argv, out, NULL, &io, 60), 0);
	ck_assert_int_eq(read_file(out, &got), 0);
	/* 0, 1, 2, the passed fd as 3, and ls's own directory fd. */
	ck_assert_msg(!strcmp(sb_str(&got), "0\n1\n2\n3\n4\n"), "%s", sb_str(&got));
	close(stray);
	close(pipefd[0]);
	close(pipefd[1]);
	sb_free(&got);
	free(stray_path);
	free(out);
	fx_rmdir(dir);
}
END_TEST

Suite *hostsuite_suite(void)
{
	Suite *s = suite_create("hostsuite");
	TCase *tc = tcase_create("classify");

	tcase_add_test(tc, which_ids_are_host_cases);
	tcase_add_test(tc, log_and_reports_give_outcomes);
	tcase_add_test(tc, malformed_lines_are_ignored);
	tcase_add_test(tc, out_of_cpu_is_hung);
	suite_add_tcase(s, tc);
	tc = tcase_create("defence");
	tcase_add_test(tc, early_exit_is_not_a_pass);
	tcase_add_test(tc, forged_log_lines_are_flagged);
	tcase_add_test(tc, channel_needs_nonce_and_order);
	tcase_add_test(tc, sandbox_denies_files_and_network);
	tcase_add_test(tc, children_inherit_no_stray_fds);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
