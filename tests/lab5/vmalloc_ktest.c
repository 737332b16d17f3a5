/**
 * @file
 * Lab 5 in-kernel tests, steps 5.4 and 5.5: vmalloc (pages from
 * anywhere) and vfree (unmap, flush, give back).  Misuse, exhaustion
 * (stress), the bench group and the book's demo are in
 * vmalloc_stress_ktest.c.
 *
 * Pages are checked without kmap (lab 6): a low page through its
 * direct-map address, a high page through a second mapping of its own
 * (vmap of that one page) and through the frame number lab 1's
 * lookup_address() finds under the vmalloc address.  Faults are expected
 * with KTEST_EXPECT_FAULT: the guard page after an area, and the whole
 * area once vfree() has flushed it out of the TLB.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "vmalloc_ktest.h"
#include "buddy_model.h"
#include "page_word.h"

/* ---- vmalloc (5.4) ---------------------------------------------------------- */

/*
 * 8 MiB, twice the biggest block the buddy allocator can ever have (order
 * 10 = 4 MiB), from a HighMem whose order-0 list was first filled with
 * every other frame of 64: the area starts with those, scattered.
 */
KTEST(lab5, vmalloc, bigger_than_any_block)
{
	unsigned long nr = (8UL << 20) >> PAGE_SHIFT, i, gaps = 0, high = 0;
	struct page *holes[64];
	struct vm_struct *area;
	u32 *p;

	ASSERT_VM_READY(t);
	for (i = 0; i < 64; i++)
		holes[i] = alloc_page(GFP_HIGHUSER);
	for (i = 0; i < 64; i += 2)
		if (holes[i])
			__free_page(holes[i]);
	p = vmalloc(nr * PAGE_SIZE);
	for (i = 1; i < 64; i += 2)
		if (holes[i])
			__free_page(holes[i]);
	KTEST_ASSERT(t, p != NULL);
	area = find_area(p);
	KTEST_ASSERT(t, area && area->nr_pages == nr && (area->flags & VM_ALLOC));
	for (i = 0; i < nr; i++) {
		KTEST_EXPECT_EQ(t, mapped_pfn((char *)p + i * PAGE_SIZE),
				page_to_pfn(area->pages[i]));
		gaps += i && page_to_pfn(area->pages[i]) != page_to_pfn(area->pages[i - 1]) + 1;
		high += PageHighMem(area->pages[i]);
		/* High memory first: once a low page comes, no high one follows. */
		if (i && PageHighMem(area->pages[i]) && !PageHighMem(area->pages[i - 1]))
			KTEST_EXPECT_EQ(t, i, 0);
	}
	KTEST_EXPECT(t, gaps > 0);			/* not one physical run */
	/* 1 GiB has 8 MiB of highmem to spare; 900 MiB fewer than nr pages. */
	if (max_pfn - max_low_pfn > 2 * nr)
		KTEST_EXPECT_EQ(t, high, nr);
	else if (max_pfn > max_low_pfn)
		KTEST_EXPECT(t, high > 0);
	vfree(p);
}

/* Every page's first word, written through the area, read without the area. */
static void check_stamps(struct ktest *t, u32 *p, struct vm_struct *area)
{
	unsigned long i;
	u32 val;

	for (i = 0; i < area->nr_pages; i++)
		p[i * (PAGE_SIZE / 4)] = stamp(i);
	for (i = 0; i < area->nr_pages; i++) {
		KTEST_EXPECT_EQ(t, mapped_pfn(p + i * (PAGE_SIZE / 4)),
				page_to_pfn(area->pages[i]));
		if (KTEST_EXPECT(t, peek_page_word(area->pages[i], 0, &val)))
			KTEST_EXPECT_EQ(t, val, stamp(i));
	}
}

/*
 * With HighMem held down to its floor, vmalloc() falls back to low pages:
 * the data must be there through their direct-map addresses.
 */
KTEST(lab5, vmalloc, low_pages_via_direct_map)
{
	struct hoard h;
	unsigned long i, low = 0;
	int order;
	u32 *p;

	ASSERT_VM_READY(t);
	hoard_init(&h);
	for (order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *page;

		while ((page = hoard_alloc(&h, GFP_HIGHUSER, order)) &&
		       PageHighMem(page))
			;
		if (page)			/* a low block: HighMem is at its floor */
			hoard_free(&h, page);
	}
	p = vmalloc(16 * PAGE_SIZE);
	hoard_free_all(&h);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 16));
	for (i = 0; i < 16; i++)
		low += !PageHighMem(find_area(p)->pages[i]);
	KTEST_EXPECT_EQ(t, low, 16);
	check_stamps(t, p, find_area(p));
	vfree(p);
}

/* On the default machine most pages are high: read them through a second mapping. */
KTEST(lab5, vmalloc, high_pages_via_second_map)
{
	u32 *p;

	ASSERT_VM_READY(t);
	p = vmalloc(64 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 64));
	check_stamps(t, p, find_area(p));
	vfree(p);
}

/* Stores into the guard page after an area fault. */
KTEST(lab5, vmalloc, guard_page_faults)
{
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 3));
	p[3 * PAGE_SIZE - 1] = 1;			/* the last byte is fine */
	KTEST_EXPECT_FAULT(t, p + 3 * PAGE_SIZE, p[3 * PAGE_SIZE] = 1);
	vfree(p);
}

KTEST(lab5, vmalloc, vzalloc_zeroes)
{
	unsigned long i, nonzero = 0;
	u32 *p;

	ASSERT_VM_READY(t);
	p = vmalloc(16 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 16));
	memset(p, 0xA5, 16 * PAGE_SIZE);	/* the next area likely gets these pages */
	vfree(p);
	p = vzalloc(16 * PAGE_SIZE - 100);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 16));
	for (i = 0; i < 16 * PAGE_SIZE / 4; i++)
		nonzero += p[i] != 0;
	KTEST_EXPECT_EQ(t, nonzero, 0);
	vfree(p);
}

KTEST(lab5, vmalloc, silly_sizes)
{
	void *p;

	ASSERT_VM_READY(t);
	p = vmalloc(1);				/* one byte: one page */
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, find_area(p) && find_area(p)->nr_pages == 1);
	vfree(p);
	KTEST_EXPECT(t, vmalloc(0) == NULL);
	KTEST_EXPECT(t, vmalloc(~0UL) == NULL);
	KTEST_EXPECT(t, vmalloc(VMALLOC_END - VMALLOC_START) == NULL);
	KTEST_EXPECT(t, vmlist == NULL);
}

/*
 * Memory held down to its floor, then 48 pages given back (after a first
 * round that makes the page tables and the kmalloc slabs this needs): a
 * vmalloc of 128 pages takes what it can, fails, and gives every page
 * back.  The 48 are the smallest held block of 32 pages or more, minus
 * what is taken again as single pages: how the hoard's blocks happen to
 * be sized (it differs between machines and emulators) does not matter.
 */
KTEST(lab5, vmalloc, failure_gives_back)
{
	unsigned long before, freed = 0;
	struct page *page, *next, *give_back;
	struct hoard h;
	int order;
	void *p;

	ASSERT_VM_READY(t);
	p = vmalloc(128 * PAGE_SIZE);		/* warm up: tables, slabs */
	KTEST_ASSERT(t, p != NULL);
	vfree(p);
	hoard_init(&h);
	for (order = MAX_ORDER - 1; order >= 0; order--)
		while (hoard_alloc(&h, GFP_HIGHUSER, order))
			;
	give_back = NULL;
	list_for_each_entry_safe(page, next, &h.blocks, lru)
		if (page->index >= 5 &&
		    (!give_back || page->index < give_back->index))
			give_back = page;
	KTEST_ASSERT(t, give_back != NULL);	/* some block of 32+ pages */
	freed = 1UL << give_back->index;
	hoard_free(&h, give_back);
	while (freed > 48 && hoard_alloc(&h, GFP_HIGHUSER, 0))
		freed--;
	KTEST_EXPECT(t, freed >= 32 && freed < 64);
	before = nr_free_pages();
	p = vmalloc(128 * PAGE_SIZE);
	KTEST_EXPECT(t, p == NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT(t, vmlist == NULL);
	if (p)
		vfree(p);
	hoard_free_all(&h);
}

/* ---- vfree (5.5) ------------------------------------------------------------- */

/* Touched (so the TLB holds it), freed: every page must fault now. */
KTEST(lab5, vfree, range_faults)
{
	unsigned int i;
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(4 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 4));
	for (i = 0; i < 4; i++)
		p[i * PAGE_SIZE] = (char)i;
	vfree(p);
	KTEST_EXPECT(t, find_area(p) == NULL);
	KTEST_EXPECT_EQ(t, mapped_pfn(p), -1);
	KTEST_EXPECT_FAULT(t, p, touch(p));
	KTEST_EXPECT_FAULT(t, p + 3 * PAGE_SIZE, touch(p + 3 * PAGE_SIZE));
}

KTEST(lab5, vfree, pages_come_back)
{
	unsigned long before;
	void *p;

	ASSERT_VM_READY(t);
	vfree(vmalloc(256 * PAGE_SIZE));		/* warm up: tables, slabs */
	before = nr_free_pages();
	p = vmalloc(256 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, nr_free_pages() <= before - 256);
	vfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT(t, vmlist == NULL);
}

/* vunmap() unmaps and flushes, but leaves the pages and their data to the caller. */
KTEST(lab5, vfree, vunmap_keeps_pages)
{
	struct page *pages[2] = { NULL };
	u32 *p;

	ASSERT_VM_READY(t);
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, pages[0] && pages[1]);
	p = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 2));
	p[1024 + 5] = 0xFEEDBEEF;
	vunmap(p);
	KTEST_EXPECT(t, vmlist == NULL);
	KTEST_EXPECT_FAULT(t, p + 1024, touch(p + 1024));
	KTEST_EXPECT_EQ(t, page_count(pages[1]), 1);
	KTEST_EXPECT_EQ(t, ((u32 *)page_address(pages[1]))[5], 0xFEEDBEEF);
	__free_page(pages[0]);
	__free_page(pages[1]);
}

/* The freed range is the first fit again, and maps fresh pages. */
KTEST(lab5, vfree, address_reused)
{
	char *p, *q;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	vfree(p);
	q = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, q != NULL);
	KTEST_EXPECT(t, q == p);
	KTEST_EXPECT(t, range_mapped(q, 2));
	vfree(q);
	vfree(NULL);				/* nothing, no warning */
	vunmap(NULL);
}
