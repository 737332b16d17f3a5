/**
 * @file
 * Lab 3 in-kernel tests, steps 3.4 and 3.5: which zone an allocation comes
 * from, and the API that returns kernel virtual addresses.
 *
 * zone: the GFP zone modifiers pick the first zone (gfp_zone()), and an
 * allocation falls back to the zones below it when that one is low:
 * HighMem -> Normal -> DMA, never upwards.  The fallback tests drain a
 * zone with the biggest blocks first, so a 1 GiB machine needs a few
 * hundred allocations, not a quarter of a million.
 *
 * gfp: __get_free_pages(), get_zeroed_page() and free_pages() work on
 * direct-map addresses, refuse __GFP_HIGHMEM with a warning (the seed
 * question: a high page has no address to return), and GFP_ATOMIC works
 * from interrupt context.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include <kit/time.h>
#include "buddy_model.h"

static struct zone *zone_nr(enum zone_type z)
{
	return &contig_page_data.node_zones[z];
}

/* ---- zone (3.4) ---------------------------------------------------------- */

KTEST(lab3, zone, first_choice)
{
	struct page *dma, *normal, *high, *atomic;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	dma = alloc_pages(GFP_DMA, 0);
	normal = alloc_pages(GFP_KERNEL, 0);
	high = alloc_pages(GFP_HIGHUSER, 0);
	atomic = alloc_pages(GFP_ATOMIC, 0);
	KTEST_ASSERT(t, dma && normal && high && atomic);
	KTEST_EXPECT_EQ(t, page_zonenum(dma), ZONE_DMA);
	KTEST_EXPECT(t, page_to_pfn(dma) < (MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT));
	KTEST_EXPECT_EQ(t, page_zonenum(normal), ZONE_NORMAL);
	KTEST_EXPECT_EQ(t, page_zonenum(atomic), ZONE_NORMAL);
	KTEST_EXPECT_EQ(t, page_zonenum(high),
			populated_zone(zone_nr(ZONE_HIGHMEM)) ? ZONE_HIGHMEM : ZONE_NORMAL);
	__free_pages(dma, 0);
	__free_pages(normal, 0);
	__free_pages(high, 0);
	__free_pages(atomic, 0);
}

/* Drain @p from with @p gfp: the first other zone used must be @p to. */
static void check_fallback(struct ktest *t, gfp_t gfp, enum zone_type from,
			   enum zone_type to)
{
	struct buddy_snapshot before, after;
	struct hoard h;

	buddy_snapshot_take(&before);
	hoard_init(&h);
	KTEST_EXPECT_EQ(t, drain_until_fallback(&h, gfp, from), to);
	KTEST_EXPECT(t, zone_nr(from)->free_pages <= zone_nr(from)->pages_low);
	KTEST_EXPECT_EQ(t, h.given_twice, 0);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

KTEST(lab3, zone, highmem_falls_back_to_normal)
{
	struct page *page;

	ASSERT_BUDDY_HAS_PAGES(t);
	page = alloc_pages(GFP_HIGHUSER, 0);
	KTEST_ASSERT(t, page != NULL);
	__free_pages(page, 0);
	if (!populated_zone(zone_nr(ZONE_HIGHMEM)))
		KTEST_SKIP(t, "no high memory on this machine");
	check_fallback(t, GFP_HIGHUSER, ZONE_HIGHMEM, ZONE_NORMAL);
}

KTEST(lab3, zone, normal_falls_back_to_dma)
{
	ASSERT_BUDDY_HAS_PAGES(t);
	check_fallback(t, GFP_KERNEL, ZONE_NORMAL, ZONE_DMA);
}

KTEST(lab3, zone, dma_has_no_fallback)
{
	struct buddy_snapshot before, after;
	struct page *page;
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	hoard_drain(&h, GFP_DMA, MAX_ORDER - 1);
	KTEST_EXPECT(t, h.nr_pages > 0);
	list_for_each_entry(page, &h.blocks, lru)
		if (!KTEST_EXPECT_EQ(t, page_zonenum(page), ZONE_DMA))
			break;
	/* Normal has plenty, yet a DMA request must not take from it. */
	KTEST_EXPECT(t, zone_nr(ZONE_NORMAL)->free_pages > zone_nr(ZONE_NORMAL)->pages_high);
	KTEST_EXPECT(t, alloc_pages(GFP_DMA | __GFP_NOWARN, 0) == NULL);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

/* ---- gfp (3.5) ----------------------------------------------------------- */

KTEST(lab3, gfp, address_of_block)
{
	struct buddy_snapshot before, after;
	unsigned long addr, dma;
	struct page *page;
	unsigned int w = warn_count;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	addr = __get_free_pages(GFP_KERNEL, 2);
	KTEST_ASSERT(t, addr != 0);
	KTEST_EXPECT_EQ(t, addr & (4 * PAGE_SIZE - 1), 0);
	KTEST_EXPECT(t, addr >= PAGE_OFFSET && addr < (unsigned long)high_memory);
	page = virt_to_page(addr);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	KTEST_EXPECT(t, page_address(page) == (void *)addr);
	memset((void *)addr, 0x5a, 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, ((u8 *)addr)[4 * PAGE_SIZE - 1], 0x5a);
	dma = __get_free_page(GFP_DMA);
	KTEST_EXPECT(t, dma && __pa(dma) < MAX_DMA_ADDRESS_PHYS);
	free_page(dma);
	free_pages(addr, 2);
	free_pages(0, 3);			/* like free(NULL): nothing */
	/* A request no zone can meet gives 0, not an address. */
	KTEST_EXPECT_EQ(t, __get_free_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER), 0);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	KTEST_EXPECT_EQ(t, warn_count, w);
}

KTEST(lab3, gfp, zeroed_page)
{
	unsigned long addr, i;
	struct page *page;
	u8 *p;

	ASSERT_BUDDY_HAS_PAGES(t);
	/* Dirty a page and give it back: the lists are LIFO, so it comes first. */
	addr = __get_free_page(GFP_KERNEL);
	KTEST_ASSERT(t, addr != 0);
	memset((void *)addr, 0xa5, PAGE_SIZE);
	free_page(addr);
	addr = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT(t, addr != 0);
	for (p = (u8 *)addr, i = 0; i < PAGE_SIZE; i++)
		if (!KTEST_EXPECT_EQ(t, p[i], 0))
			break;
	memset((void *)addr, 0xa5, PAGE_SIZE);
	free_page(addr);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KTEST_ASSERT(t, page != NULL);
	for (p = page_address(page), i = 0; i < 2 * PAGE_SIZE; i++)
		if (!KTEST_EXPECT_EQ(t, p[i], 0))
			break;
	__free_pages(page, 1);
}

/* The seed question: __get_free_pages() cannot return a high page. */
KTEST(lab3, gfp, highmem_refused)
{
	struct buddy_snapshot before, after;
	unsigned int w = warn_count;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	KTEST_EXPECT_EQ(t, __get_free_pages(GFP_HIGHUSER, 0), 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, get_zeroed_page(GFP_KERNEL | __GFP_HIGHMEM), 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	buddy_snapshot_take(&after);
	/* Refused before allocating: not a page went missing. */
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}

KTEST(lab3, gfp, alloc_pages_takes_highmem)
{
	struct page *page;

	ASSERT_BUDDY_HAS_PAGES(t);
	page = alloc_pages(GFP_HIGHUSER, 0);
	KTEST_ASSERT(t, page != NULL);
	if (populated_zone(zone_nr(ZONE_HIGHMEM))) {
		KTEST_EXPECT(t, PageHighMem(page));
		KTEST_EXPECT(t, page_to_pfn(page) >= max_low_pfn);
		/* A struct page, but no address until someone kmaps it. */
		KTEST_EXPECT(t, page_address(page) == NULL);
	} else {
		KTEST_EXPECT(t, !PageHighMem(page) && page_address(page) != NULL);
	}
	__free_pages(page, 0);
}

struct irq_alloc {
	bool in_irq;
	struct page *page;
	unsigned long addr;
};

static void alloc_in_irq(void *arg)
{
	struct irq_alloc *a = arg;

	a->in_irq = in_irq();
	a->page = alloc_pages(GFP_ATOMIC, 1);
	if (a->page)
		__free_pages(a->page, 1);
	a->addr = __get_free_page(GFP_ATOMIC);
	free_page(a->addr);
}

KTEST(lab3, gfp, atomic_in_irq)
{
	struct buddy_snapshot before, after;
	struct irq_alloc a = { 0 };

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	KTEST_ASSERT_EQ(t, ktest_run_in_irq(alloc_in_irq, &a), 0);
	KTEST_EXPECT(t, a.in_irq);
	KTEST_EXPECT(t, a.page != NULL);
	KTEST_EXPECT(t, a.addr != 0);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
}
