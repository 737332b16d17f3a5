/**
 * @file
 * Lab 0 in-kernel tests: page-frame arithmetic on the booted kernel.
 *
 * Grouped by the lab's steps (pfn = 0.1 and 0.2, order = 0.3) so each step
 * earns its points on its own.  The host suite (warmup_check.c) runs the
 * same checks against a reference model over many more values.
 */
#include <linux/kernel.h>
#include <kit/ktest.h>
#include <kit/warmup.h>
#include <asm/page.h>

KTEST(lab0, pfn, down)
{
	KTEST_EXPECT_EQ(t, pfn_down(0), 0);
	KTEST_EXPECT_EQ(t, pfn_down(0xFFF), 0);
	KTEST_EXPECT_EQ(t, pfn_down(0x1000), 1);
	KTEST_EXPECT_EQ(t, pfn_down(0x00123456), 0x123);
	KTEST_EXPECT_EQ(t, pfn_down(0x37FFFFFF), 0x37FFF);	/* last byte of lowmem */
	KTEST_EXPECT_EQ(t, pfn_down(0xFFFFFFFF), 0xFFFFF);
}

KTEST(lab0, pfn, up)
{
	KTEST_EXPECT_EQ(t, pfn_up(0), 0);
	KTEST_EXPECT_EQ(t, pfn_up(1), 1);
	KTEST_EXPECT_EQ(t, pfn_up(0x1000), 1);
	KTEST_EXPECT_EQ(t, pfn_up(0x1001), 2);
	KTEST_EXPECT_EQ(t, pfn_up(0x9F000), 0x9F);	/* end of usable low RAM */
	KTEST_EXPECT_EQ(t, pfn_up(0xFFFFF001), 0x100000);	/* must not wrap */
}

KTEST(lab0, order, exact)
{
	unsigned int n;

	for (n = 0; n < 11; n++)
		KTEST_EXPECT_EQ(t, get_order(PAGE_SIZE << n), n);
}

KTEST(lab0, order, boundaries)
{
	unsigned int n;

	KTEST_EXPECT_EQ(t, get_order(1), 0);
	KTEST_EXPECT_EQ(t, get_order(PAGE_SIZE - 1), 0);
	for (n = 0; n < 10; n++) {
		KTEST_EXPECT_EQ(t, get_order((PAGE_SIZE << n) + 1), n + 1);
		KTEST_EXPECT_EQ(t, get_order((PAGE_SIZE << (n + 1)) - 1), n + 1);
	}
	KTEST_EXPECT_EQ(t, get_order(3 * PAGE_SIZE), 2);
	KTEST_EXPECT_EQ(t, get_order(128UL << 20), 15);	/* 128 MiB */
}

static void bench_get_order(void *arg)
{
	volatile unsigned int sink = get_order(*(unsigned long *)arg);

	(void)sink;
}

KTEST(lab0, bench, get_order)
{
	unsigned long size = 4096 * 1000;	/* order 10: the loop runs 10 times */

	ktest_bench("get_order(4000KiB)", bench_get_order, &size, 1000);
	KTEST_EXPECT_EQ(t, get_order(size), 10);
}
