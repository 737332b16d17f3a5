/**
 * @file
 * What the ktest suite's two files share: ktest_check.c and
 * ktest_check_macros.c, one program.
 */
#ifndef _TESTS_CORE_KTEST_CHECK_H
#define _TESTS_CORE_KTEST_CHECK_H

#include <check.h>

/** Empty the console (the text test cases compare). */
void clear_console(void);

/** ktest_check_macros.c: its test cases, added to suite @p s in order. */
void add_macros_tcases(Suite *s);

#endif /* _TESTS_CORE_KTEST_CHECK_H */
