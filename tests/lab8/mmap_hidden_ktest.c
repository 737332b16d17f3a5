/**
 * @file
 * Lab 8 hidden test: graded, left out of the student handout.
 *
 * Unmaps a written mapping one page at a time, in a scrambled order, so
 * every kind of split happens (head, tail, middle, a whole one-page VMA),
 * and checks the list's bookkeeping and the free-page count at each step.
 */
#include "lab8_ktest.h"

#define HIDDEN_PAGES 16

LAB8_MM_TEST(hidden, munmap_page_by_page)
{
	unsigned long a = map_anon(mm, 0, HIDDEN_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long free, i, page;
	volatile bool ok = true;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	for (i = 0; i < HIDDEN_PAGES && ok; i++)
		ok = KTEST_EXPECT_NO_FAULT(t, *(volatile char *)(a + i * PAGE_SIZE) = 1);
	KTEST_ASSERT(t, ok);
	for (i = 0; i < HIDDEN_PAGES; i++) {
		page = (i * 7 + 3) % HIDDEN_PAGES;	/* 7 is coprime with 16 */
		free = nr_free_pages();
		KTEST_ASSERT_EQ(t, do_munmap(mm, a + page * PAGE_SIZE, PAGE_SIZE), 0);
		KTEST_EXPECT_EQ(t, nr_free_pages() - free, 1);
		KTEST_EXPECT_EQ(t, mm->total_vm, HIDDEN_PAGES - 1 - i);
		KTEST_EXPECT_EQ(t, mm->map_count, count_vmas(mm));
		KTEST_EXPECT(t, !find_vma(mm, a + page * PAGE_SIZE) ||
				find_vma(mm, a + page * PAGE_SIZE)->vm_start > a + page * PAGE_SIZE);
	}
	KTEST_EXPECT(t, mm->mmap == NULL && mm->rss == 0);
}
