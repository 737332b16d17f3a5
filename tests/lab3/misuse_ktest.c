/**
 * @file
 * Lab 3 in-kernel tests, step 3.8: every misuse of __free_pages() and
 * free_pages() is reported in Linux's words and leaves the free lists
 * exactly as they were.
 *
 * A misuse "Bad page state" must count once in bad_page_count and change
 * no counter of the free lists (snapshot before and after); a bad address
 * or order given to the API is a WARN.  After each misuse the test frees
 * the block properly and expects everything back.
 *
 * These tests run last in the lab (files run in name order) and from the
 * least harmful misuse to the worst: until step 3.8 is done, a misuse
 * really happens, and freeing the kernel's own image into the free lists
 * would spoil every test after it.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <kit/ktest.h>
#include "buddy_model.h"

/* Run @p stmt: it must print one "Bad page state" and change no list. */
#define EXPECT_BAD_PAGE(t, stmt) ({					\
	struct buddy_snapshot __before, __after;			\
	unsigned int __n = bad_page_count;				\
	buddy_snapshot_take(&__before);					\
	stmt;								\
	buddy_snapshot_take(&__after);					\
	KTEST_EXPECT_EQ(t, bad_page_count, __n + 1) &&			\
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&__before, &__after)); \
})
#define ASSERT_BAD_PAGE(t, stmt) \
	do { if (!EXPECT_BAD_PAGE(t, stmt)) return; } while (0)

/*
 * Free a block that is already free, expecting "Bad page state".  Without
 * the check, __free_pages() takes a reference that was not there (the
 * count goes below zero) and the block's next user would trip over it:
 * the count is put back, so that a missing check fails this test only.
 */
static bool expect_bad_double_free(struct ktest *t, struct page *page)
{
	int count = page_count(page);
	bool ok = EXPECT_BAD_PAGE(t, __free_pages(page, 0));

	if (!ok)
		set_page_count(page, count);
	return ok;
}

/*
 * A test's start: pages to spare, a snapshot in @p before, then one block
 * of @p order in @p page.
 */
#define SNAPSHOT_THEN_ALLOC(t, before, page, order) do {		\
	ASSERT_BUDDY_HAS_PAGES(t);					\
	buddy_snapshot_take(before);					\
	(page) = alloc_pages(GFP_KERNEL, (order));			\
	KTEST_ASSERT(t, (page) != NULL);				\
} while (0)

/*
 * The double frees' start: ZONE_NORMAL's single pages all taken into @p h,
 * so that the next two, @p a and @p b, come from one split block and are
 * buddies; the snapshot in @p before is taken between.
 */
#define HOARD_THEN_PAIR(t, h, before, a, b) do {			\
	struct zone *__normal = &contig_page_data.node_zones[ZONE_NORMAL]; \
	ASSERT_BUDDY_HAS_PAGES(t);					\
	SKIP_IF_SMALL_NORMAL(t);	/* a, b: buddies in Normal */	\
	hoard_init(h);							\
	while (__normal->free_area[0].nr_free)				\
		KTEST_ASSERT(t, hoard_alloc(h, GFP_KERNEL, 0) != NULL);	\
	buddy_snapshot_take(before);					\
	(a) = alloc_pages(GFP_KERNEL, 0);				\
	(b) = alloc_pages(GFP_KERNEL, 0);				\
	KTEST_ASSERT(t, (a) != NULL && (b) != NULL);			\
} while (0)

/* Start from a snapshot; end by comparing with it. */
#define CHECK_NOTHING_LOST(t, before) ({				\
	struct buddy_snapshot __now;					\
	buddy_snapshot_take(&__now);					\
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(before, &__now));	\
})

KTEST(lab3, misuse, mapped_page)
{
	struct buddy_snapshot before;
	struct page *page;

	SNAPSHOT_THEN_ALLOC(t, &before, page, 0);
	page->_mapcount = 0;		/* as if one page table still mapped it */
	ASSERT_BAD_PAGE(t, __free_pages(page, 0));
	page->_mapcount = -1;
	__free_pages(page, 0);
	CHECK_NOTHING_LOST(t, &before);
}

KTEST(lab3, misuse, wrong_order)
{
	struct buddy_snapshot before;
	struct page *page;

	SNAPSHOT_THEN_ALLOC(t, &before, page, 2);
	ASSERT_BAD_PAGE(t, __free_pages(page, 1));	/* would leak 2 pages */
	ASSERT_BAD_PAGE(t, __free_pages(page, 3));	/* would free 4 not ours */
	__free_pages(page, 2);
	CHECK_NOTHING_LOST(t, &before);
}

KTEST(lab3, misuse, misaligned)
{
	struct buddy_snapshot before;
	struct page *page;

	SNAPSHOT_THEN_ALLOC(t, &before, page, 1);
	ASSERT_BAD_PAGE(t, __free_pages(page + 1, 1));	/* odd pfn, order 1 */
	ASSERT_BAD_PAGE(t, __free_pages(page + 1, 0));	/* the second page alone */
	__free_pages(page, 1);
	CHECK_NOTHING_LOST(t, &before);
}

KTEST(lab3, misuse, too_big_order)
{
	struct buddy_snapshot before;
	unsigned int w = warn_count;
	struct page *page;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT(t, page != NULL);
	__free_pages(page, MAX_ORDER);
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	__free_pages(page, 0);
	CHECK_NOTHING_LOST(t, &before);
}

KTEST(lab3, misuse, free_pages_bad_address)
{
	struct buddy_snapshot before;
	unsigned int w = warn_count;
	unsigned long addr;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	addr = __get_free_page(GFP_KERNEL);
	KTEST_ASSERT(t, addr != 0);
	free_pages(VMALLOC_START, 0);		/* not the direct map */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	free_pages(addr + 8, 0);		/* not the start of a page */
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	__free_pages(NULL, 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 3);
	free_page(addr);
	CHECK_NOTHING_LOST(t, &before);
}

KTEST(lab3, misuse, double_free_listed)
{
	struct buddy_snapshot before;
	struct page *a, *b;
	struct hoard h;

	HOARD_THEN_PAIR(t, &h, &before, a, b);
	__free_pages(a, 0);			/* b in use: a stays on free_area[0] */
	KTEST_EXPECT(t, PageBuddy(a));
	KTEST_ASSERT(t, expect_bad_double_free(t, a));
	__free_pages(b, 0);
	CHECK_NOTHING_LOST(t, &before);
	hoard_free_all(&h);
}

/*
 * b, the upper half of a pair, freed after its buddy a: it merges into a's
 * block and is no block head any more, only a page with count 0.
 */
KTEST(lab3, misuse, double_free_merged)
{
	struct buddy_snapshot before;
	struct page *a, *b;
	struct hoard h;

	HOARD_THEN_PAIR(t, &h, &before, a, b);
	KTEST_ASSERT(t, page_to_pfn(b) == (page_to_pfn(a) ^ 1));
	__free_pages(a, 0);
	__free_pages(b, 0);
	KTEST_EXPECT(t, !PageBuddy(b) && page_count(b) == 0);
	KTEST_ASSERT(t, expect_bad_double_free(t, b));
	CHECK_NOTHING_LOST(t, &before);
	EXPECT_NO_PROBLEM(t, buddy_check());
	hoard_free_all(&h);
}

KTEST(lab3, misuse, reserved_page)
{
	ASSERT_BUDDY_HAS_PAGES(t);
	ASSERT_BAD_PAGE(t, __free_pages(pfn_to_page(0), 0));	/* BIOS data */
	ASSERT_BAD_PAGE(t, __free_pages(virt_to_page(_text), 0));	/* kernel code */
	ASSERT_BAD_PAGE(t, __free_pages(virt_to_page(mem_map), 0));	/* mem_map */
	EXPECT_NO_PROBLEM(t, buddy_check_heads());
}
