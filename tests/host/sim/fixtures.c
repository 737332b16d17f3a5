/**
 * @file
 * Checked fixtures that several suites share: boot a ready-made machine
 * before each test, shut it down after.
 *
 * tcase_add_checked_fixture(tc, sim_fixture_boot_1g, sim_fixture_shutdown)
 * gives every test of the case a freshly booted 1 GiB machine, in the
 * test's own process under CK_FORK, and a clean console afterwards.
 */
#include <check.h>

#include "sim.h"

void sim_fixture_boot_1g(void)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_1G), 0);
}

void sim_fixture_boot_3g(void)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_3G), 0);
}

void sim_fixture_shutdown(void)
{
	sim_machine_exit();
	sim_console_clear();
}
