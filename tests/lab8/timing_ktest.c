/**
 * @file
 * Lab 8 benchmarks: emulated instructions per page fault and per lookup.
 *
 * Each fault is taken from kernel mode on a user address of a test mm:
 * trap entry, do_page_fault(), find_vma(), handle_mm_fault() (a page table
 * walk, alloc_page(GFP_HIGHUSER), zeroing through kmap_atomic, set_pte)
 * and the IRET back; plus the one store that faulted.
 */
#include "lab8_ktest.h"

#define BENCH_PAGES 256

struct fault_bench {
	unsigned long base;	/* the mapping */
	unsigned long next;	/* the next page to touch */
};

static void touch_write(void *arg)
{
	struct fault_bench *b = arg;

	*(volatile char *)(b->base + b->next) = 1;
	b->next += PAGE_SIZE;
}

static void touch_read(void *arg)
{
	struct fault_bench *b = arg;

	(void)*(volatile char *)(b->base + b->next);
	b->next += PAGE_SIZE;
}

static void lookup(void *arg)
{
	struct fault_bench *b = arg;

	(void)find_vma(current->mm, b->base + b->next);
	b->next ^= 32 * PAGE_SIZE;	/* alternate between two VMAs: no cache hit */
}

/* A mapping of BENCH_PAGES pages, with its page table made, or 0. */
static unsigned long bench_area(struct ktest *t, struct mm_struct *mm, unsigned long prot)
{
	unsigned long a = map_anon(mm, 0, BENCH_PAGES * PAGE_SIZE, prot);

	if (IS_ERR_VALUE(a))
		return 0;
	/* The first touch also allocates the page table: keep it out of the count. */
	if (!KTEST_EXPECT_NO_FAULT(t, (void)*(volatile char *)(a + (BENCH_PAGES - 1) * PAGE_SIZE)))
		return 0;
	return a;
}

LAB8_MM_TEST(bench, demand_zero_write_fault)
{
	struct fault_bench b = { bench_area(t, mm, PROT_READ | PROT_WRITE), 0 };

	KTEST_ASSERT(t, b.base != 0);
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, touch_write(&b)));
	ktest_bench("write fault: new zeroed GFP_HIGHUSER page", touch_write, &b,
		    BENCH_PAGES - 2);
	KTEST_EXPECT_EQ(t, mm->rss, BENCH_PAGES - 1);
}

LAB8_MM_TEST(bench, zero_page_read_fault)
{
	struct fault_bench b = { bench_area(t, mm, PROT_READ), 0 };

	KTEST_ASSERT(t, b.base != 0);
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, touch_read(&b)));
	ktest_bench("read fault: map the zero page", touch_read, &b, BENCH_PAGES - 2);
	KTEST_EXPECT_EQ(t, user_pfn(mm, b.base + 7 * PAGE_SIZE), zero_pfn());
}

LAB8_MM_TEST(bench, find_vma)
{
	struct fault_bench b = { map_anon(mm, 0, 32 * PAGE_SIZE, PROT_READ), 0 };
	int i;

	KTEST_ASSERT(t, !IS_ERR_VALUE(b.base));
	for (i = 0; i < 8; i++)
		KTEST_ASSERT(t, !IS_ERR_VALUE(map_anon(mm, 0, 32 * PAGE_SIZE, PROT_READ)));
	KTEST_ASSERT(t, find_vma(mm, b.base + 32 * PAGE_SIZE) != NULL);
	ktest_bench("find_vma, 9 VMAs, alternating", lookup, &b, 1000);
}
