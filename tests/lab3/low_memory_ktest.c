/**
 * @file
 * Lab 3 in-kernel tests, steps 3.6 and 3.7 and all of the lab together:
 * watermarks, exhaustion, fragmentation, the biggest blocks, and the
 * bench group.
 *
 * watermark: the formula of setup_per_zone_pages_min() recomputed here
 * another way (Newton's square root), zone_watermark_ok() on a made-up
 * zone, then the floors each kind of request stops at, measured by
 * draining ZONE_DMA: GFP_KERNEL at pages_min, __GFP_HIGH at half of it,
 * GFP_ATOMIC (which cannot sleep either) at 3/8 of it, and highmem
 * requests falling back to Normal exactly when HighMem reaches pages_low.
 *
 * stress: every zone drained, then everything given back, counted back to
 * the exact snapshot taken before (no page lost, every merge made).
 *
 * bench: instructions per alloc_pages() + __free_pages() pair, for the
 * fast path: a block of the order asked for is on its list, and its buddy
 * is in use, so nothing splits or merges.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/div64.h>
#include <kit/ktest.h>
#include "buddy_model.h"

static struct zone *zone_nr(enum zone_type z)
{
	return &contig_page_data.node_zones[z];
}

/* ---- watermark (3.6, 3.7) ------------------------------------------------ */

/* Integer square root by Newton's method (the lab uses bits: not the same code). */
static unsigned long newton_sqrt(unsigned long x)
{
	unsigned long r = x, y;

	if (x < 2)
		return x;
	y = (r + 1) / 2;
	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

KTEST(lab3, watermark, formula)
{
	unsigned long lowmem = 0, pages, want_kb;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		if (z != ZONE_HIGHMEM)
			lowmem += zone_nr(z)->present_pages;
	KTEST_ASSERT(t, lowmem > 0);
	want_kb = newton_sqrt(lowmem * 4 * 16);
	want_kb = want_kb < 128 ? 128 : want_kb > 65536 ? 65536 : want_kb;
	KTEST_EXPECT_EQ(t, min_free_kbytes, want_kb);
	pages = want_kb / 4;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = zone_nr(z);
		unsigned long share = (unsigned long)div_u64((u64)pages *
							     zone->present_pages,
							     (u32)lowmem);
		unsigned long min = share;

		if (!populated_zone(zone))
			continue;
		if (z == ZONE_HIGHMEM)
			min = zone->present_pages / 1024 < 32 ? 32 :
			      zone->present_pages / 1024 > 128 ? 128 :
			      zone->present_pages / 1024;
		KTEST_EXPECT_EQ(t, zone->pages_min, min);
		KTEST_EXPECT_EQ(t, zone->pages_low, min + share / 4);
		KTEST_EXPECT_EQ(t, zone->pages_high, min + share / 2);
	}
}

KTEST(lab3, watermark, check_rules)
{
	struct zone z;

	memset(&z, 0, sizeof(z));
	z.free_pages = 100;
	KTEST_EXPECT(t, zone_watermark_ok(&z, 0, 99, 0));	/* 100 > 99 */
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 0, 100, 0));	/* 100 <= 100 */
	KTEST_EXPECT(t, zone_watermark_ok(&z, 0, 150, ALLOC_HIGH));	/* min 75 */
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 0, 200, ALLOC_HIGH));	/* min 100 */
	/* 240 -> 120 -> 90: fine.  270 -> 135 -> 102: not. */
	KTEST_EXPECT(t, zone_watermark_ok(&z, 0, 240, ALLOC_HIGH | ALLOC_HARDER));
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 0, 270, ALLOC_HIGH | ALLOC_HARDER));
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 0, 140, ALLOC_HARDER));	/* 140 - 35 = 105 */
	/* 90 of the 100 free pages are single pages: no help for order 2. */
	z.free_area[0].nr_free = 90;
	z.free_area[2].nr_free = 2;
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 2, 16, 0));	/* 97 - 90 = 7 <= 16 / 2 */
	KTEST_EXPECT(t, zone_watermark_ok(&z, 2, 12, 0));	/* 7 > 6, then 7 > 3 */
	KTEST_EXPECT(t, zone_watermark_ok(&z, 2, 16, ALLOC_HIGH));	/* 8: 7 > 4 */
	KTEST_EXPECT(t, !zone_watermark_ok(&z, 3, 8, 0));	/* 93 - 90 = 3 <= 8 / 2 */
}

/* Drain DMA with order-0 requests of @p gfp (bigger blocks first). */
static unsigned long dma_floor(struct hoard *h, gfp_t gfp)
{
	hoard_drain(h, GFP_DMA | gfp, MAX_ORDER - 1);
	return zone_nr(ZONE_DMA)->free_pages;
}

KTEST(lab3, watermark, kernel_stops_at_min)
{
	struct buddy_snapshot before, after;
	struct zone *dma = zone_nr(ZONE_DMA);
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	KTEST_ASSERT(t, dma->pages_min > 0 && dma->free_pages > dma->pages_high);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	KTEST_EXPECT_EQ(t, dma_floor(&h, GFP_KERNEL), dma->pages_min);
	KTEST_EXPECT(t, h.nr_pages > 0 && h.given_twice == 0);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

KTEST(lab3, watermark, atomic_goes_deeper)
{
	struct buddy_snapshot before, after;
	struct zone *dma = zone_nr(ZONE_DMA);
	unsigned long high_floor, atomic_floor;
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	KTEST_ASSERT(t, dma->pages_min > 0 && dma->free_pages > dma->pages_high);
	high_floor = dma->pages_min - dma->pages_min / 2;	/* __GFP_HIGH */
	atomic_floor = high_floor - high_floor / 4;		/* ... and no sleeping */
	buddy_snapshot_take(&before);
	hoard_init(&h);
	KTEST_EXPECT_EQ(t, dma_floor(&h, GFP_KERNEL), dma->pages_min);
	KTEST_EXPECT_EQ(t, dma_floor(&h, __GFP_HIGH | __GFP_WAIT), high_floor);
	KTEST_EXPECT_EQ(t, dma_floor(&h, GFP_ATOMIC), atomic_floor);
	KTEST_EXPECT(t, alloc_pages(GFP_DMA | GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	KTEST_EXPECT_EQ(t, h.given_twice, 0);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

KTEST(lab3, watermark, highmem_falls_back_at_low)
{
	struct zone *high = zone_nr(ZONE_HIGHMEM);
	struct buddy_snapshot before, after;
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	KTEST_ASSERT(t, zone_nr(ZONE_NORMAL)->pages_low > 0);
	if (!populated_zone(high))
		KTEST_SKIP(t, "no high memory on this machine");
	/*
	 * Linux's formula leaves no gap in a tiny HighMem: 897 MiB gives it
	 * 256 pages, pages_min 32 (the floor) and a share of 0, so
	 * pages_low == pages_min and there is no "between" to stop at.
	 */
	if (high->pages_low == high->pages_min && high->present_pages < 1024)
		KTEST_SKIP(t, "HighMem under 4 MiB: pages_low == pages_min");
	KTEST_ASSERT(t, high->pages_low > high->pages_min);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	KTEST_EXPECT_EQ(t, drain_until_fallback(&h, GFP_HIGHUSER, ZONE_HIGHMEM),
			ZONE_NORMAL);
	/* The first pass wanted every zone above pages_low; Normal still was. */
	KTEST_EXPECT_EQ(t, high->free_pages, high->pages_low);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

/* ---- stress: all of it together ------------------------------------------ */

KTEST(lab3, stress, exhaust_and_recover)
{
	struct buddy_snapshot before, after;
	unsigned long total, high_blocks = 0;
	struct page *page;
	struct hoard h;
	int z;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	total = nr_free_pages();
	hoard_init(&h);
	hoard_drain(&h, GFP_KERNEL, MAX_ORDER - 1);
	list_for_each_entry(page, &h.blocks, lru)
		high_blocks += PageHighMem(page);
	KTEST_EXPECT_EQ(t, high_blocks, 0);	/* GFP_KERNEL never gets HighMem */
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	hoard_drain(&h, GFP_HIGHUSER, MAX_ORDER - 1);
	hoard_drain(&h, GFP_ATOMIC, MAX_ORDER - 1);
	KTEST_EXPECT(t, alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	KTEST_EXPECT_EQ(t, h.given_twice, 0);
	KTEST_EXPECT_EQ(t, h.nr_pages + nr_free_pages(), total);
	for (z = 0; z < MAX_NR_ZONES; z++)	/* what is left is the reserve */
		KTEST_EXPECT(t, zone_nr(z)->free_pages <= zone_nr(z)->pages_min);
	EXPECT_NO_PROBLEM(t, buddy_check());
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	EXPECT_NO_PROBLEM(t, buddy_check());
}

/*
 * 2048 single pages, then every odd one whose even buddy is still held is
 * given back: a thousand free pages, and not one block of two among them.
 */
KTEST(lab3, stress, fragmentation)
{
	struct buddy_snapshot before, held, holey, after;
	struct zone *normal = zone_nr(ZONE_NORMAL);
	unsigned long freed = 0, i;
	struct page *page, *next;
	struct hoard h;
	unsigned int o;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	for (i = 0; i < 2048; i++)
		KTEST_ASSERT(t, hoard_alloc(&h, GFP_KERNEL, 0) != NULL);
	buddy_snapshot_take(&held);
	list_for_each_entry_safe(page, next, &h.blocks, lru) {
		unsigned long pfn = page_to_pfn(page);

		if ((pfn & 1) && hoarded(pfn_to_page(pfn ^ 1)) && page_zone(page) == normal) {
			hoard_free(&h, page);
			freed++;
		}
	}
	buddy_snapshot_take(&holey);
	KTEST_EXPECT(t, freed >= 512);
	KTEST_EXPECT_EQ(t, holey.nr_free[ZONE_NORMAL][0], held.nr_free[ZONE_NORMAL][0] + freed);
	for (o = 1; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(t, holey.nr_free[ZONE_NORMAL][o], held.nr_free[ZONE_NORMAL][o]);
	/* An order-1 request cannot use any of those single pages. */
	page = alloc_pages(GFP_KERNEL, 1);
	KTEST_ASSERT(t, page != NULL);
	KTEST_EXPECT_EQ(t, normal->free_area[0].nr_free, holey.nr_free[ZONE_NORMAL][0]);
	__free_pages(page, 1);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	EXPECT_NO_PROBLEM(t, buddy_check_heads());
}

KTEST(lab3, stress, order10)
{
	struct buddy_snapshot before, after;
	unsigned long i, pfn;
	struct page *page;
	u8 *p;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	KTEST_ASSERT(t, page != NULL);
	pfn = page_to_pfn(page);
	KTEST_EXPECT_EQ(t, pfn % 1024, 0);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	for (i = 1; i < 1024; i++)
		if (!KTEST_EXPECT(t, page_count(page + i) == 0 && !PageBuddy(page + i)))
			break;
	/* 4 MiB of real, writable memory: a byte of each page is enough,
	 * the direct map maps whole pages (a memset of it all would cost
	 * Bochs four million instructions). */
	p = page_address(page);
	for (i = 0; i < 1024; i++)
		p[i * PAGE_SIZE + PAGE_SIZE - 1] = (u8)(i ^ 0x3c);
	for (i = 0; i < 1024; i++)
		if (!KTEST_EXPECT_EQ(t, p[i * PAGE_SIZE + PAGE_SIZE - 1], (u8)(i ^ 0x3c)))
			break;
	__free_pages(page, MAX_ORDER - 1);
	/* One order more is not a block the allocator has. */
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) == NULL);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

/* ---- bench --------------------------------------------------------------- */

struct bench_pair {
	unsigned int order;
	unsigned long failures;
};

static void alloc_free_pair(void *arg)
{
	struct bench_pair *b = arg;
	struct page *page = alloc_pages(GFP_KERNEL, b->order);

	if (page)
		__free_pages(page, b->order);
	else
		b->failures++;
}

/*
 * Make sure Normal has a block of @p order whose buddy is in use (holding
 * one block of that order does it), then time 1000 alloc+free pairs.
 */
static void bench_order(struct ktest *t, unsigned int order, const char *label)
{
	struct bench_pair b = { order, 0 };
	struct buddy_snapshot before, after;
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);	/* else the loop below drains ZONE_DMA */
	hoard_init(&h);
	while (!zone_nr(ZONE_NORMAL)->free_area[order].nr_free)
		KTEST_ASSERT(t, hoard_alloc(&h, GFP_KERNEL, order) != NULL);
	buddy_snapshot_take(&before);
	ktest_bench(label, alloc_free_pair, &b, 1000);
	buddy_snapshot_take(&after);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	hoard_free_all(&h);
}

KTEST(lab3, bench, order0)
{
	bench_order(t, 0, "alloc_pages+__free_pages(order 0)");
}

KTEST(lab3, bench, order3)
{
	bench_order(t, 3, "alloc_pages+__free_pages(order 3)");
}
