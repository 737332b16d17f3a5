/**
 * @file
 * The case guard: a host case passes only if the kit saw it finish, and
 * its result reaches the grader on a channel the case cannot write.
 *
 * Check runs each case in a forked child and calls it passed when that
 * child exits with status 0.  The code under test runs in the child, so
 * an exit(0) before the case's first assertion would pass; and Check's
 * log, the only record of the results, is a file the child can append
 * to.  The guard closes both ways, through Check's own hooks (Check is
 * linked statically, so mk/host.mk wraps them with -Wl,--wrap):
 *
 * @verbatim
 *   runner (parent)                          case (child)
 *   log_test_start(): token = 64 random bits
 *                          --- fork --->     guard_setup(): close the
 *                                            grader's channel, forget
 *                                            the nonce
 *                                            the suite's setups, the case,
 *                                            the suite's teardowns
 *                          <--- pipe ---     guard_teardown(): the token
 *   log_test_end(): did Check pass it, and did the token (and nothing
 *   else) come back?  yes: P   no: E "the case ended before it finished"
 *   -> "ck NONCE SEQ FILE:LINE:R:TCASE:FN:ITER: MESSAGE" on SIM_RESULT_FD
 * @endverbatim
 *
 * The guard's fixture is the first of every TCase (tcase_create() is
 * wrapped): Check runs checked setups in the order they were added and
 * teardowns in the reverse order, so the guard's setup runs before any
 * of the suite's and its teardown after all of them.  A case that fails
 * an assertion never reaches its teardowns; Check has already failed it.
 *
 * The grader's channel (grader/hostsuite.c): SIM_RESULT_FD, a file
 * outside the sandbox opened for us, and SIM_NONCE_FD, a pipe holding 16
 * hex digits the grader drew for this run.  Only the runner writes the
 * channel: each case closes it before the suite's code runs, and the
 * runner is not dumpable, so a case cannot reopen it through
 * /proc/PPID/fd or read the runner's memory.  Without SIM_RESULT_FD
 * (make test-host) the guard still checks every case, and main() fails
 * the program if one passed without finishing.
 *
 * What it cannot stop: the token is in the child's memory while the case
 * runs, and code that searches memory for it, or that runs in the runner
 * itself (a constructor), can forge a finish.  That takes a deliberate
 * attack, and the grader flags what such code leaves behind in Check's
 * log (grader/README.md, "Host suites: what the sandbox and the guard
 * stop").  A case that must die of a signal (tcase_add_test_raise_signal)
 * never finishes: make test-host takes Check's word for it (the kit's
 * own suites have a few), but under the grader it does not pass, since
 * code under test could raise that signal itself; a graded case that
 * must see something die uses sim_run_child() instead.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <check.h>

#include "sim_internal.h"

#define NONCE_DIGITS 16

/*
 * <sys/prctl.h> wants the host's <linux/types.h>, which the kit's own
 * kernel/include hides: glibc's prototype and the constant, from there.
 */
int prctl(int option, ...);
#define PR_SET_DUMPABLE 4

/* Check's runner internals (check_impl.h, check_str.h), version 0.15. */
typedef struct TF TF;
char *tr_str(TestResult *tr);		/* "FILE:LINE:R:TCASE:FN:ITER: MSG" */

TCase *__real_tcase_create(const char *name);
TCase *__wrap_tcase_create(const char *name);
void __real_log_test_start(SRunner *sr, TCase *tc, TF *tfun);
void __wrap_log_test_start(SRunner *sr, TCase *tc, TF *tfun);
void __real_log_test_end(SRunner *sr, TestResult *tr);
void __wrap_log_test_end(SRunner *sr, TestResult *tr);
void __real__tcase_add_test(TCase *tc, const TTest *ttest, int _signal,
			    int allowed_exit_value, int start, int end);
void __wrap__tcase_add_test(TCase *tc, const TTest *ttest, int _signal,
			    int allowed_exit_value, int start, int end);

static pid_t runner_pid;
static int result_fd = -1;		/* the grader's channel, or -1 */
static char nonce[NONCE_DIGITS + 1];
static int done_pipe[2] = { -1, -1 };	/* case -> runner: the token */
static uint64_t case_token;		/* this case's, drawn by the runner */
static unsigned long seq;		/* results sent on the channel */
static unsigned int nr_unfinished;
#define MAX_MUST_DIE 64
static const char *must_die[MAX_MUST_DIE];	/* cases that end by a signal */
static unsigned int nr_must_die;

static const char EARLY[] =
	"the case ended before it finished: exit() called from the code under test?";
static const char FORGED[] =
	"the case's completion record is not the kit's (forged?)";
static const char DIES[] =
	"a case that must die of a signal cannot be graded: it never finishes (use sim_run_child())";

/* In the case's child, before the suite's setups: drop what it must not use. */
static void guard_setup(void)
{
	if (getpid() == runner_pid)	/* CK_FORK=no: the runner itself */
		return;
	if (result_fd >= 0)
		close(result_fd);
	result_fd = -1;
	explicit_bzero(nonce, sizeof(nonce));
	close(done_pipe[0]);
}

/* In the case's child, after the suite's teardowns: the case finished. */
static void guard_teardown(void)
{
	if (write(done_pipe[1], &case_token, sizeof(case_token)) !=
	    sizeof(case_token))
		perror("host suite: cannot report the case's end");
}

TCase *__wrap_tcase_create(const char *name)
{
	TCase *tc = __real_tcase_create(name);

	tcase_add_checked_fixture(tc, guard_setup, guard_teardown);
	return tc;
}

/* Note the cases that pass by dying (tcase_add_test_raise_signal() & co). */
void __wrap__tcase_add_test(TCase *tc, const TTest *ttest, int _signal,
			    int allowed_exit_value, int start, int end)
{
	if ((_signal || allowed_exit_value) && nr_must_die < MAX_MUST_DIE)
		must_die[nr_must_die++] = ttest->name;
	__real__tcase_add_test(tc, ttest, _signal, allowed_exit_value, start,
			       end);
}

/* Is the case of result @p line ("F:L:R:TCASE:FN:ITER: MSG") one that dies? */
static bool dies(const char *line)
{
	const char *fn = line;

	for (int colons = 0; *fn && colons < 4; fn++)
		colons += *fn == ':';
	for (unsigned int i = 0; i < nr_must_die; i++) {
		size_t n = strlen(must_die[i]);

		if (!strncmp(fn, must_die[i], n) && fn[n] == ':')
			return true;
	}
	return false;
}

/*
 * What came back on the pipe since the case started: 1 when exactly this
 * case's token did, 0 when nothing did, -1 for anything else.
 */
static int read_tokens(void)
{
	uint64_t buf[8];
	int right = 0, wrong = 0;
	ssize_t n;

	while ((n = read(done_pipe[0], buf, sizeof(buf))) > 0) {
		if (n % sizeof(buf[0]))
			wrong++;
		for (size_t i = 0; i < (size_t)n / sizeof(buf[0]); i++)
			buf[i] == case_token ? right++ : wrong++;
	}
	if (wrong || right > 1)
		return -1;
	return right;
}

void __wrap_log_test_start(SRunner *sr, TCase *tc, TF *tfun)
{
	read_tokens();			/* a late writer of the last case */
	if (getrandom(&case_token, sizeof(case_token), 0) !=
	    sizeof(case_token)) {
		perror("host suite: getrandom");
		abort();
	}
	__real_log_test_start(sr, tc, tfun);
}

/* @p line with its result letter set to E and its message to @p why. */
static char *demote(const char *line, const char *why)
{
	const char *p = line;
	char *s;
	int colons = 0;

	while (*p && colons < 6)
		colons += *p++ == ':';
	if (asprintf(&s, "%.*s %s", (int)(p - line), line, why) < 0)
		abort();
	p = s;
	for (colons = 0; *p && colons < 2; p++)
		colons += *p == ':';
	if (colons == 2 && *p)
		s[p - s] = 'E';
	return s;
}

/* One result on the grader's channel, on one line. */
static void send_result(const char *line)
{
	char *s = strdup(line);

	if (!s)
		abort();
	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	dprintf(result_fd, "ck %s %lu %s\n", nonce, ++seq, s);
	free(s);
}

void __wrap_log_test_end(SRunner *sr, TestResult *tr)
{
	int finished = read_tokens();
	char *line = tr_str(tr);

	if (tr_rtype(tr) == CK_PASS && finished != 1 &&
	    (result_fd >= 0 || !dies(line))) {
		char *early = demote(line, finished ? FORGED :
					   dies(line) ? DIES : EARLY);

		free(line);
		line = early;
		nr_unfinished++;
		fprintf(stderr, "host suite: %s\n", line);
	}
	if (result_fd >= 0)
		send_result(line);
	free(line);
	__real_log_test_end(sr, tr);
}

/* The grader's nonce from @p fd: 16 hex digits. */
static int read_nonce(int fd)
{
	ssize_t n = read(fd, nonce, NONCE_DIGITS);

	close(fd);
	if (n != NONCE_DIGITS ||
	    strspn(nonce, "0123456789abcdef") != NONCE_DIGITS) {
		fprintf(stderr, "host suite: no nonce on SIM_NONCE_FD\n");
		return -1;
	}
	return 0;
}

int sim_case_guard_init(void)
{
	const char *rfd = getenv("SIM_RESULT_FD");
	const char *nfd = getenv("SIM_NONCE_FD");

	runner_pid = getpid();
	if (pipe2(done_pipe, O_CLOEXEC)) {
		perror("host suite: pipe");
		return -1;
	}
	if (fcntl(done_pipe[0], F_SETFL, O_NONBLOCK)) {
		perror("host suite: fcntl");
		return -1;
	}
	if (!rfd)
		return 0;
	if (!nfd || read_nonce(atoi(nfd)))
		return -1;
	result_fd = atoi(rfd);
	/* No /proc/PID/fd, /proc/PID/mem or ptrace of the runner for a case. */
	if (prctl(PR_SET_DUMPABLE, 0)) {
		perror("host suite: prctl");
		return -1;
	}
	return 0;
}

unsigned int sim_case_guard_unfinished(void)
{
	return nr_unfinished;
}
