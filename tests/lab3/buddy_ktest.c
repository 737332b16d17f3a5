/**
 * @file
 * Lab 3 in-kernel tests, steps 3.1 to 3.3: what mem_init() left on the
 * free lists, then splitting, merging and alignment on the booted kernel.
 *
 * Groups: meminit (3.1 and 3.2: the boot state), split (3.3), merge (3.1
 * again, now that blocks can be taken and given back), align (3.3).  Each
 * test compares exact counts with a snapshot taken at its start, so it
 * holds in every later stage too, where other labs hold pages of their
 * own.  The same rules are checked over many more cases on the host
 * (buddy_check.c).
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/sections.h>
#include <kit/ktest.h>
#include "buddy_model.h"

static struct zone *zone_nr(enum zone_type z)
{
	return &contig_page_data.node_zones[z];
}

/* ---- meminit: what the hand-over left (3.1, 3.2) ---------------------------- */

/*
 * How many of the frames [start, end) are still PG_reserved.  Every free
 * frame is read, so the first loop only ORs their flags (a few
 * instructions a frame); the count is made when one of them is reserved.
 */
static unsigned long reserved_in(unsigned long start, unsigned long end)
{
	const struct page *p, *first = pfn_to_page(start), *last = first + (end - start);
	unsigned long flags = 0, n = 0;

	for (p = first; p < last; p++)
		flags |= p->flags;
	if (flags & (1UL << PG_reserved))
		for (p = first; p < last; p++)
			n += PageReserved(p);
	return n;
}

/*
 * Walk the frames memblock calls free below max_pfn: count them, those at
 * or above max_low_pfn, and those still PG_reserved (left behind).
 */
static void walk_memblock_free(unsigned long *all, unsigned long *high,
			       unsigned long *left_behind)
{
	phys_addr_t start, end, from = 0;

	*all = *high = *left_behind = 0;
	while (memblock_next_free_range(from, &start, &end)) {
		unsigned long s = PFN_UP(start), e = min(PFN_DOWN(end), max_pfn);

		if (s < e) {
			*all += e - s;
			*high += e - min(e, max(s, max_low_pfn));
			*left_behind += reserved_in(s, e);
		}
		if (end <= from)
			break;
		from = end;
	}
}

/*
 * Every frame memblock has free was handed over, and the totals count
 * them.  Nothing allocates from memblock after mem_init() (its test skips
 * itself from lab 3 on), so what it calls free now is what it called free
 * then.
 */
KTEST(lab3, meminit, memblock_agrees)
{
	unsigned long all, high, left_behind;

	ASSERT_BUDDY_HAS_PAGES(t);
	walk_memblock_free(&all, &high, &left_behind);
	KTEST_EXPECT_EQ(t, left_behind, 0);
	KTEST_EXPECT_EQ(t, totalram_pages, all);
	KTEST_EXPECT_EQ(t, totalhigh_pages, high);
	KTEST_EXPECT(t, nr_free_pages() <= totalram_pages);
	KTEST_EXPECT(t, zone_nr(ZONE_HIGHMEM)->free_pages <= totalhigh_pages);
}

KTEST(lab3, meminit, lists_valid)
{
	unsigned long sum = 0;
	int z;

	ASSERT_BUDDY_HAS_PAGES(t);
	EXPECT_NO_PROBLEM(t, buddy_check());
	for (z = 0; z < MAX_NR_ZONES; z++)
		sum += zone_nr(z)->free_pages;
	KTEST_EXPECT_EQ(t, nr_free_pages(), sum);
	/* Every populated low zone got pages; order-10 blocks exist in Normal. */
	SKIP_IF_SMALL_NORMAL(t);
	KTEST_EXPECT(t, zone_nr(ZONE_NORMAL)->free_pages > 0);
	KTEST_EXPECT(t, zone_nr(ZONE_NORMAL)->free_area[MAX_ORDER - 1].nr_free > 0);
	if (populated_zone(zone_nr(ZONE_HIGHMEM)))
		KTEST_EXPECT(t, zone_nr(ZONE_HIGHMEM)->free_pages > 0);
}

KTEST(lab3, meminit, reserved_stay_reserved)
{
	const struct page *kernel = virt_to_page(_text);
	const struct page *map = virt_to_page(mem_map);

	ASSERT_BUDDY_HAS_PAGES(t);
	KTEST_EXPECT(t, PageReserved(pfn_to_page(0)));		/* BIOS data */
	KTEST_EXPECT(t, PageReserved(pfn_to_page(0x9f)));	/* EBDA */
	KTEST_EXPECT(t, PageReserved(kernel) && !PageBuddy(kernel));
	KTEST_EXPECT(t, PageReserved(virt_to_page(_end - 1)));
	KTEST_EXPECT(t, PageReserved(map) && !PageBuddy(map));
	KTEST_EXPECT(t, PageReserved(virt_to_page((char *)(mem_map + max_pfn) - 1)));
}

/* ---- split (3.3) --------------------------------------------------------- */

/*
 * Empty Normal's lists of orders 0 .. @p below - 1 into @p h, taking each
 * block whole (a list that is not empty needs no split), so the next
 * small request must split a block of order @p below or more.
 */
static bool empty_small_lists(struct hoard *h, unsigned int below)
{
	struct zone *zone = zone_nr(ZONE_NORMAL);
	unsigned int o;

	for (o = 0; o < below; o++)
		while (zone->free_area[o].nr_free)
			if (!hoard_alloc(h, GFP_KERNEL, o))
				return false;
	return true;
}

/* The smallest order >= @p from with a free block in Normal, or MAX_ORDER. */
static unsigned int smallest_free_order(unsigned int from)
{
	while (from < MAX_ORDER && !zone_nr(ZONE_NORMAL)->free_area[from].nr_free)
		from++;
	return from;
}

/* Ask for order @p want when the smallest free block is bigger: check the split. */
static void check_split(struct ktest *t, unsigned int want)
{
	struct zone *zone = zone_nr(ZONE_NORMAL);
	struct buddy_snapshot before, after;
	struct hoard h;
	struct page *page;
	unsigned int k, o;
	unsigned long pfn;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	hoard_init(&h);
	KTEST_ASSERT(t, empty_small_lists(&h, want + 1));
	k = smallest_free_order(want + 1);
	KTEST_ASSERT(t, k < MAX_ORDER);
	buddy_snapshot_take(&before);
	page = alloc_pages(GFP_KERNEL, want);
	buddy_snapshot_take(&after);
	KTEST_ASSERT(t, page != NULL);
	pfn = page_to_pfn(page);
	KTEST_EXPECT(t, page_zone(page) == zone);
	KTEST_EXPECT_EQ(t, pfn & ((1UL << k) - 1), 0);	/* the low end of a block of order k */
	KTEST_EXPECT_EQ(t, after.free_pages[ZONE_NORMAL],
			before.free_pages[ZONE_NORMAL] - (1UL << want));
	KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][k], before.nr_free[ZONE_NORMAL][k] - 1);
	for (o = want; o < k; o++) {
		/* One free half per order between: pfn + 2^o, of order o. */
		const struct page *half = page + (1UL << o);

		KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][o],
				before.nr_free[ZONE_NORMAL][o] + 1);
		KTEST_EXPECT(t, PageBuddy(half) && page_order(half) == o);
	}
	KTEST_EXPECT(t, !PageBuddy(page) && page_count(page) == 1);
	EXPECT_NO_PROBLEM(t, buddy_check_heads());	/* tails: the merge tests */
	__free_pages(page, want);
	hoard_free_all(&h);
}

KTEST(lab3, split, order0_from_bigger)
{
	check_split(t, 0);
}

KTEST(lab3, split, order3_from_bigger)
{
	check_split(t, 3);
}

KTEST(lab3, split, takes_smallest_fit)
{
	struct zone *zone = zone_nr(ZONE_NORMAL);
	struct buddy_snapshot before, after;
	struct page *page;
	struct hoard h;
	unsigned int k;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	hoard_init(&h);
	/* Make an order-2 block free where bigger ones exist: split an order 3. */
	KTEST_ASSERT(t, empty_small_lists(&h, 3));
	KTEST_ASSERT(t, hoard_alloc(&h, GFP_KERNEL, 2) != NULL);
	k = smallest_free_order(0);
	KTEST_ASSERT(t, k == 2 && zone->free_area[2].nr_free == 1);
	buddy_snapshot_take(&before);
	page = alloc_pages(GFP_KERNEL, 1);
	buddy_snapshot_take(&after);
	KTEST_ASSERT(t, page != NULL);
	/* The order-2 block is split, not any of the bigger ones. */
	KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][2], 0);
	KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][1], 1);
	KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][3], before.nr_free[ZONE_NORMAL][3]);
	KTEST_EXPECT_EQ(t, after.nr_free[ZONE_NORMAL][10], before.nr_free[ZONE_NORMAL][10]);
	__free_pages(page, 1);
	hoard_free_all(&h);
}

/* ---- merge (3.1 with 3.3) ------------------------------------------------ */

KTEST(lab3, merge, undoes_every_split)
{
	struct buddy_snapshot before, after;
	unsigned int o;

	ASSERT_BUDDY_HAS_PAGES(t);
	for (o = 0; o < MAX_ORDER; o++) {
		struct page *page;

		buddy_snapshot_take(&before);
		page = alloc_pages(GFP_KERNEL, o);
		KTEST_ASSERT(t, page != NULL);
		__free_pages(page, o);
		buddy_snapshot_take(&after);
		ASSERT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	}
	EXPECT_NO_PROBLEM(t, buddy_check());
}

/*
 * Two order-0 buddies from one split: freeing the first cannot merge (its
 * buddy is in use), freeing the second merges all the way back up.
 */
KTEST(lab3, merge, buddies_pair_up)
{
	struct zone *zone = zone_nr(ZONE_NORMAL);
	struct buddy_snapshot before, after;
	struct page *a, *b;
	struct hoard h;

	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	hoard_init(&h);
	KTEST_ASSERT(t, empty_small_lists(&h, 1));
	buddy_snapshot_take(&before);
	a = alloc_pages(GFP_KERNEL, 0);
	b = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT(t, a != NULL && b != NULL);
	/* a is the low half of a split block, so its buddy pfn ^ 1 is b. */
	KTEST_EXPECT_EQ(t, page_to_pfn(b), page_to_pfn(a) ^ 1);
	KTEST_EXPECT_EQ(t, zone->free_area[0].nr_free, 0);
	__free_pages(a, 0);
	KTEST_EXPECT_EQ(t, zone->free_area[0].nr_free, 1);	/* no merge: b in use */
	KTEST_EXPECT(t, PageBuddy(a) && page_order(a) == 0);
	__free_pages(b, 0);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	KTEST_EXPECT(t, !PageBuddy(b));		/* inside a bigger free block now */
	hoard_free_all(&h);
	EXPECT_NO_PROBLEM(t, buddy_check());
}

KTEST(lab3, merge, any_free_order)
{
	static const unsigned int orders[] = { 0, 3, 1, 0, 2, 5, 0, 1, 4, 0, 7, 2 };
	struct page *pages[ARRAY_SIZE(orders)];
	struct buddy_snapshot before, after;
	unsigned int i;

	ASSERT_BUDDY_HAS_PAGES(t);
	buddy_snapshot_take(&before);
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		pages[i] = alloc_pages(GFP_KERNEL, orders[i]);
		KTEST_ASSERT(t, pages[i] != NULL);
	}
	/* Give back odd-numbered ones first, then the rest backwards. */
	for (i = 1; i < ARRAY_SIZE(orders); i += 2)
		__free_pages(pages[i], orders[i]);
	EXPECT_NO_PROBLEM(t, buddy_check_heads());	/* the tails at the end */
	for (i = ARRAY_SIZE(orders); i-- > 0;)
		if (!(i & 1))
			__free_pages(pages[i], orders[i]);
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	EXPECT_NO_PROBLEM(t, buddy_check());
}

/* ---- align (3.3) --------------------------------------------------------- */

/*
 * Which zone an order-@p o request for zone @p want may come from, judged
 * before it is made: @p want while it has a block that big and stays above
 * pages_high after giving it; @p fallback when it has no such block (a
 * 900 MiB PC has under 4 MiB of highmem: no order-10 block); either in
 * between, where the watermarks decide (lab 3.4's tests check those).
 */
static unsigned int allowed_zones(enum zone_type want, enum zone_type fallback,
				  unsigned int o)
{
	struct zone *zone = zone_nr(want);

	if (!blocks_at_least(want, o))
		return 1U << fallback;
	if (zone->free_pages >= (1UL << o) + zone->pages_high)
		return 1U << want;
	return 1U << want | 1U << fallback;
}

/*
 * Allocate every order from zone flags @p gfp (zone @p want, or
 * @p fallback when @p want cannot give the order); check alignment and
 * state.
 */
static void check_alignment(struct ktest *t, gfp_t gfp, enum zone_type want,
			    enum zone_type fallback)
{
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		unsigned int allowed = allowed_zones(want, fallback, o);
		struct page *page = alloc_pages(gfp, o);
		unsigned long pfn, i;

		KTEST_ASSERT(t, page != NULL);
		pfn = page_to_pfn(page);
		KTEST_EXPECT_EQ(t, pfn & ((1UL << o) - 1), 0);
		if (!(allowed & 1U << page_zonenum(page)))
			printk("# lab3: order %u came from zone %d; allowed: mask %#x\n",
			       o, page_zonenum(page), allowed);
		KTEST_EXPECT(t, allowed & 1U << page_zonenum(page));
		KTEST_EXPECT(t, zone_spans_pfn(page_zone(page), pfn + (1UL << o) - 1));
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		for (i = 1; i < (1UL << o); i++)
			if (!KTEST_EXPECT(t, page_count(page + i) == 0 && !PageBuddy(page + i)))
				break;
		if (!PageHighMem(page)) {
			char *p = page_address(page);

			KTEST_EXPECT_EQ(t, (unsigned long)p & ((PAGE_SIZE << o) - 1), 0);
			p[0] = 1;				/* the block is real memory */
			p[(PAGE_SIZE << o) - 1] = 2;
			KTEST_EXPECT_EQ(t, p[0] + p[(PAGE_SIZE << o) - 1], 3);
		}
		__free_pages(page, o);
	}
}

KTEST(lab3, align, every_order_normal)
{
	ASSERT_BUDDY_HAS_PAGES(t);
	check_alignment(t, GFP_KERNEL, ZONE_NORMAL, ZONE_DMA);
	EXPECT_NO_PROBLEM(t, buddy_check_heads());
}

KTEST(lab3, align, every_order_dma_and_highmem)
{
	ASSERT_BUDDY_HAS_PAGES(t);
	SKIP_IF_SMALL_NORMAL(t);
	if (blocks_at_least(ZONE_DMA, MAX_ORDER - 1))
		check_alignment(t, GFP_DMA, ZONE_DMA, ZONE_DMA);
	check_alignment(t, GFP_HIGHUSER, populated_zone(zone_nr(ZONE_HIGHMEM)) ?
			ZONE_HIGHMEM : ZONE_NORMAL, ZONE_NORMAL);
	EXPECT_NO_PROBLEM(t, buddy_check_heads());
}

/* ---- demo (the book's experiment; runs only when named) ------------------ */

/*
 * /proc/buddyinfo before and after two high-memory allocations and after
 * freeing them: `make run LAB=3 SRC=solutions
 * CMDLINE="ktest.filter=lab3.demo.buddyinfo"`.  HighMem starts with no
 * block smaller than order 4, so the first request splits one and the
 * second takes a half of it.
 */
KTEST_EXPLICIT(lab3, demo, buddyinfo)
{
	struct page *one, *eight;

	ASSERT_BUDDY_HAS_PAGES(t);
	printk("buddyinfo at boot:\n");
	show_buddyinfo();
	one = alloc_pages(GFP_HIGHUSER, 0);
	KTEST_ASSERT(t, one != NULL);
	printk("after alloc_pages(GFP_HIGHUSER, 0) = pfn %#lx:\n", page_to_pfn(one));
	show_buddyinfo();
	eight = alloc_pages(GFP_HIGHUSER, 3);
	KTEST_ASSERT(t, eight != NULL);
	printk("after alloc_pages(GFP_HIGHUSER, 3) = pfn %#lx:\n", page_to_pfn(eight));
	show_buddyinfo();
	__free_pages(one, 0);
	__free_pages(eight, 3);
	printk("after freeing both:\n");
	show_buddyinfo();
}
