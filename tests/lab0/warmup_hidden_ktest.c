/**
 * @file
 * Lab 0's hidden test: graded, but not in the students' handout.
 *
 * `make handout` leaves every tests/labN/ *_hidden_ktest.c file out of the
 * student kit, and the rubric's `hidden` lines with it, so students can
 * neither read these tests nor see their ids; the instructor's grader runs
 * them.  This one checks the three functions together, on values the
 * visible tests do not use, so a solution tuned to the visible tests alone
 * loses its points.
 */
#include <linux/kernel.h>
#include <kit/ktest.h>
#include <kit/warmup.h>
#include <asm/page.h>

KTEST(lab0, hidden, pfn_roundtrip)
{
	unsigned long pfn;

	/* Frames spread over the whole 4 GiB: a stride that is not a power of two. */
	for (pfn = 3; pfn < 0x100000; pfn += 0x1235) {
		phys_addr_t pa = (phys_addr_t)pfn << PAGE_SHIFT;

		KTEST_EXPECT_EQ(t, pfn_down(pa + 0x7FF), pfn);
		KTEST_EXPECT_EQ(t, pfn_up(pa), pfn);
		KTEST_EXPECT_EQ(t, pfn_up(pa + 1), pfn + 1);
	}
	KTEST_EXPECT_EQ(t, get_order(5 * PAGE_SIZE), 3);
	KTEST_EXPECT_EQ(t, get_order(1023 * PAGE_SIZE + 1), 10);
}
