/**
 * @file
 * main() of every host test program: run the file's suite, report, exit.
 *
 * Each check file defines host_suite(); this file is linked into each test
 * program, so a suite file holds only tests.  Check's environment
 * variables work as usual:
 *
 * @verbatim
 *   CK_FORK=no            run tests in this process (for gdb); default yes
 *   CK_RUN_CASE=name      only the test case `name`
 *   CK_VERBOSITY=verbose  one line per test, passed ones too
 *   SIM_VERBOSE=1         the kernel's console output on stderr, live
 *   SIM_SUITE_CPU=S       stop the whole program once its finished cases
 *                         used S seconds of CPU time (the grader sets it)
 *   SIM_RESULT_FD=N       the grader's channel for the results, and
 *   SIM_NONCE_FD=M        its nonce (case_guard.c; the grader sets both)
 * @endverbatim
 *
 * Why SIM_SUITE_CPU: the grader limits each case's CPU time (RLIMIT_CPU
 * is per process, and each case is a child of its own), so an endless
 * loop costs one budget; but a loop test whose every iteration hangs
 * would cost that budget per iteration.  A thread of this program, the
 * runner, adds up its children's CPU time and ends the suite past S.
 * The cases that did not run are reported as such; the decision counts
 * CPU time only, so a busy machine reaches it later, never differently.
 *
 * Every case runs under the case guard (case_guard.c): a case Check
 * passed counts only if the kit saw it finish, which an exit(0) from the
 * code under test prevents.  Such a case is reported on stderr and fails
 * the program, though Check's summary still counts it as passed.
 *
 * The last line of output is Check's summary, e.g.
 * `100%: Checks: 24, Failures: 0, Errors: 0`, which mk/host.mk adds up.
 * Exit status: 0 if every test passed and finished, 1 otherwise.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <check.h>

#include "sim.h"
#include "sim_internal.h"

static double suite_cpu_budget;

/* CPU seconds of the cases that have ended (Check waits for each). */
static double cases_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The wait between looks is wall time; what it compares is CPU time. */
static void *watch_suite_cpu(void *unused)
{
	(void)unused;
	for (;;) {
		usleep(100 * 1000);
		if (cases_cpu() > suite_cpu_budget) {
			fprintf(stderr, "host suite: its cases used the suite's %.0f s of CPU time; the rest did not run\n",
				suite_cpu_budget);
			kill(0, SIGKILL);	/* this runner and the case running now */
		}
	}
	return NULL;
}

int main(void)
{
	const char *budget = getenv("SIM_SUITE_CPU");
	pthread_t watcher;
	SRunner *sr;
	int failed;

	/* Before host_suite(): its tcase_create() calls add the guard. */
	if (sim_case_guard_init())
		return EXIT_FAILURE;
	sr = srunner_create(host_suite());
	if (budget && atof(budget) > 0) {
		suite_cpu_budget = atof(budget);
		if (pthread_create(&watcher, NULL, watch_suite_cpu, NULL))
			perror("host suite: cannot watch the suite's CPU time");
	}

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr) + sim_case_guard_unfinished();
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
