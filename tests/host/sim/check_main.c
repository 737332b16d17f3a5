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
 * @endverbatim
 *
 * The last line of output is Check's summary, e.g.
 * `100%: Checks: 24, Failures: 0, Errors: 0`, which mk/host.mk adds up.
 * Exit status: 0 if every test passed, 1 otherwise.
 */
#include <stdlib.h>
#include <check.h>

#include "sim.h"

int main(void)
{
	SRunner *sr = srunner_create(host_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
