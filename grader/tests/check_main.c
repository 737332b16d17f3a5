/**
 * @file
 * Runs every suite of the grader's Check tests.
 *
 * Each suite file exports one constructor (rubric_suite(), ...); the
 * suites run in fork mode, so a test that crashes under ASan is reported
 * as that test's failure and the others still run.
 */
#include <check.h>
#include <stdlib.h>

Suite *rubric_suite(void);
Suite *serial_suite(void);
Suite *forgery_suite(void);
Suite *session_suite(void);
Suite *score_suite(void);
Suite *reports_suite(void);
Suite *overlay_suite(void);
Suite *grade_suite(void);
Suite *cache_suite(void);
Suite *machines_suite(void);
Suite *hostsuite_suite(void);
Suite *objcheck_suite(void);

int main(void)
{
	SRunner *sr = srunner_create(rubric_suite());
	int failed;

	srunner_add_suite(sr, serial_suite());
	srunner_add_suite(sr, forgery_suite());
	srunner_add_suite(sr, session_suite());
	srunner_add_suite(sr, score_suite());
	srunner_add_suite(sr, reports_suite());
	srunner_add_suite(sr, overlay_suite());
	srunner_add_suite(sr, grade_suite());
	srunner_add_suite(sr, cache_suite());
	srunner_add_suite(sr, machines_suite());
	srunner_add_suite(sr, hostsuite_suite());
	srunner_add_suite(sr, objcheck_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
