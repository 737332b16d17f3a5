/**
 * @file
 * The sanitizers, with the simulator's 4 GiB window in place: ASan still
 * catches a heap overflow and LeakSanitizer a leak, a stray kernel pointer
 * faults, and UBSan is fatal.  Part of the sim_check program (sim_check.c
 * has the suite).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>
#include <sanitizer/lsan_interface.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include <asm/processor.h>
#include "sim/sim.h"
#include "sim_check.h"

/* ---- the sanitizers, with the window in place ---------------------------- */

/* The size comes through @arg so that UBSan cannot see the overflow first. */
static void heap_overflow(void *arg)
{
	size_t n = *(size_t *)arg;
	volatile char *p = malloc(n);

	p[n] = 1;		/* one past the end: ASan must stop here */
	free((void *)p);
}

static void stray_kernel_pointer(void *arg)
{
	(void)arg;
	*(volatile int *)__va(MAXMEM) = 1;	/* highmem through the direct map */
}

static void signed_overflow(void *arg)
{
	volatile int big = *(int *)arg;

	big = big + 1;
	(void)big;
}

static void *volatile leaked;

static void leak(void *arg)
{
	(void)arg;
	leaked = malloc(32);
	leaked = NULL;		/* the only pointer to it is gone */
	__lsan_do_leak_check();
}

/* Run @fn in a child; it must die (not exit 0) with @report on stderr. */
static void expect_death(void (*fn)(void *), void *arg, const char *report)
{
	struct sim_child_result r;

	ck_assert_int_eq(sim_run_child(fn, arg, &r), 0);
	ck_assert_msg(!(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0),
		      "the child survived; stderr: %s", r.err);
	ck_assert_msg(strstr(r.err, report), "no \"%s\" in: %s", report, r.err);
}

START_TEST(test_asan_catches_heap_overflow)
{
	size_t n = 16;

	expect_death(heap_overflow, &n, "ERROR: AddressSanitizer: heap-buffer-overflow");
}
END_TEST

START_TEST(test_stray_pointer_faults)
{
	expect_death(stray_kernel_pointer, NULL, "AddressSanitizer: SEGV on unknown address");
}
END_TEST

START_TEST(test_ubsan_is_fatal)
{
	int max = 0x7fffffff;

	expect_death(signed_overflow, &max, "runtime error: signed integer overflow");
}
END_TEST

START_TEST(test_lsan_catches_leak)
{
	/* Fails if ASAN_OPTIONS has detect_leaks=0 (mk/host.mk sets it to 1). */
	expect_death(leak, NULL, "ERROR: LeakSanitizer: detected memory leaks");
}
END_TEST

void add_sanitizers_tcases(Suite *s)
{
	TCase *tc;

	tc = tcase_create("sanitizers");
	tcase_add_checked_fixture(tc, sim_fixture_boot_1g, sim_fixture_shutdown);
	tcase_add_test(tc, test_asan_catches_heap_overflow);
	tcase_add_test(tc, test_stray_pointer_faults);
	tcase_add_test(tc, test_ubsan_is_fatal);
	tcase_add_test(tc, test_lsan_catches_leak);
	suite_add_tcase(s, tc);
}
