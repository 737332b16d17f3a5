/**
 * @file
 * What the sim suite's two files share: sim_check.c and
 * sim_check_sanitizers.c, one program.
 */
#ifndef _TESTS_CORE_SIM_CHECK_H
#define _TESTS_CORE_SIM_CHECK_H

#include <check.h>


/** sim_check_sanitizers.c: its test cases, added to suite @p s in order. */
void add_sanitizers_tcases(Suite *s);

#endif /* _TESTS_CORE_SIM_CHECK_H */
