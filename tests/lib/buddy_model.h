/**
 * @file
 * Lab 3 test helpers, shared by the in-kernel tests (*_ktest.c) and the
 * host suites (*_check.c): snapshots of the free lists, a hoard of
 * allocated blocks, and the checker of the buddy invariants.
 *
 * A snapshot records, per zone, free_pages and nr_free of every order:
 * what /proc/buddyinfo shows.  The buddy system has one layout for a given
 * set of free frames (every free block merged as far as it goes), so after
 * a test gives back everything it took, the snapshot must be equal to the
 * one taken before, order by order: "no page lost", and no merge missed.
 *
 * A hoard is a list of blocks a test holds, linked through page->lru (the
 * owner's field while a block is allocated), with each block's order in
 * page->index and a mark in page->mapping (lab 8's fields, unused by
 * then), so the test can give them all back without a table and notices
 * a block handed out twice.
 *
 * buddy_check() walks every free list and returns NULL, or a description
 * of the first broken invariant:
 *
 * @verbatim
 *   list k of zone z holds nr_free[k] blocks, each headed by a PG_buddy
 *     page with private = k, _count 0, not reserved
 *   the block's pfn is a multiple of 2^k and [pfn, pfn + 2^k) is in z
 *   no other page of the block is PG_buddy, reserved or referenced
 *     (no nesting)
 *   its buddy pfn ^ 2^k is not a free block of order k (else: unmerged)
 *   z->free_pages = sum over k of nr_free[k] << k
 * @endverbatim
 *
 * The third line reads every free page (a quarter of a million on 1 GiB,
 * about 2 million instructions: under Bochs, 30 ms of every grade's boot
 * a call), the others only the heads of the free blocks.
 * buddy_check_heads() checks all but the third line.  The mistakes that
 * mark pages inside a free block are a merge that leaves the absorbed
 * buddy PG_buddy and a hand-over that leaves tails reserved or
 * referenced, and they make their marks again whenever blocks merge.  So
 * the tests about merging and the hand-over (lab3.meminit.lists_valid,
 * lab3.merge.*, lab3.hidden.*, lab3.stress.exhaust_and_recover,
 * lab3.misuse.double_free_merged) end with buddy_check(), after
 * everything is given back, and call buddy_check_heads() between their
 * rounds; the others (split, align, fragmentation, misuse) end with
 * buddy_check_heads().
 */
#ifndef _TESTS_LAB3_BUDDY_MODEL_H
#define _TESTS_LAB3_BUDDY_MODEL_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>

/* ---- snapshots --------------------------------------------------------- */

struct buddy_snapshot {
	unsigned long free_pages[MAX_NR_ZONES];
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
};

static inline void buddy_snapshot_take(struct buddy_snapshot *s)
{
	unsigned int z, o;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &contig_page_data.node_zones[z];

		s->free_pages[z] = zone->free_pages;
		for (o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = zone->free_area[o].nr_free;
	}
}

/* The first difference between two snapshots, or NULL if they are equal. */
static inline const char *buddy_snapshot_diff(const struct buddy_snapshot *a,
					      const struct buddy_snapshot *b)
{
	static char why[96];
	unsigned int z, o;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		if (a->free_pages[z] != b->free_pages[z]) {
			snprintf(why, sizeof(why), "zone %u: %lu free pages, was %lu",
				 z, b->free_pages[z], a->free_pages[z]);
			return why;
		}
		for (o = 0; o < MAX_ORDER; o++)
			if (a->nr_free[z][o] != b->nr_free[z][o]) {
				snprintf(why, sizeof(why), "zone %u order %u: %lu "
					 "blocks, was %lu", z, o, b->nr_free[z][o],
					 a->nr_free[z][o]);
				return why;
			}
	}
	return NULL;
}

/* Free blocks of order @p order or more in zone @p z. */
static inline unsigned long blocks_at_least(unsigned int z, unsigned int order)
{
	unsigned long n = 0;

	for (; order < MAX_ORDER; order++)
		n += contig_page_data.node_zones[z].free_area[order].nr_free;
	return n;
}

/* ---- hoards ------------------------------------------------------------- */

struct hoard {
	struct list_head blocks;
	unsigned long nr_blocks;
	unsigned long nr_pages;
	unsigned long given_twice;	/* blocks handed out while held */
};

static inline void hoard_init(struct hoard *h)
{
	INIT_LIST_HEAD(&h->blocks);
	h->nr_blocks = h->nr_pages = h->given_twice = 0;
}

/* True if @p page heads a block some hoard holds. */
static inline bool hoarded(const struct page *page)
{
	return page->mapping == (void *)hoard_init;
}

/*
 * Keep @p page (a block of @p order) in the hoard.  A block the allocator
 * hands out while a hoard still holds it would corrupt the hoard's list:
 * that is refused (false) and counted in h->given_twice.
 */
static inline bool hoard_add(struct hoard *h, struct page *page, unsigned int order)
{
	if (hoarded(page)) {
		h->given_twice++;
		return false;
	}
	page->index = order;
	page->mapping = (void *)hoard_init;
	list_add(&page->lru, &h->blocks);
	h->nr_blocks++;
	h->nr_pages += 1UL << order;
	return true;
}

/* Allocate a block into the hoard; NULL when the allocator says no. */
static inline struct page *hoard_alloc(struct hoard *h, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

	if (page && !hoard_add(h, page, order))
		return NULL;
	return page;
}

/* Take @p page out of the hoard and free it. */
static inline void hoard_free(struct hoard *h, struct page *page)
{
	unsigned int order = (unsigned int)page->index;

	list_del(&page->lru);
	page->index = 0;
	page->mapping = NULL;
	h->nr_blocks--;
	h->nr_pages -= 1UL << order;
	__free_pages(page, order);
}

static inline void hoard_free_all(struct hoard *h)
{
	while (!list_empty(&h->blocks))
		hoard_free(h, list_first_entry(&h->blocks, struct page, lru));
}

/* Allocate blocks of every order from @p top down to 0 until each fails. */
static inline void hoard_drain(struct hoard *h, gfp_t gfp, int top)
{
	int order;

	for (order = top; order >= 0; order--)
		while (hoard_alloc(h, gfp, (unsigned int)order))
			;
}

/*
 * Allocate with @p gfp, biggest blocks first, while the blocks come from
 * zone @p first; at each order the first block from another zone is given
 * back and the next order down is tried.  (A big request may fall back
 * early, when @p first only has smaller blocks left.)  Returns the zone the
 * last order-0 request fell back to, or MAX_NR_ZONES if it did not.  The
 * blocks from @p first stay in @p h; then @p first is down to its low
 * watermark: the first pass keeps every zone above pages_low.
 */
static inline unsigned int drain_until_fallback(struct hoard *h, gfp_t gfp,
					 enum zone_type first)
{
	unsigned int other = MAX_NR_ZONES;
	int o;

	for (o = MAX_ORDER - 1; o >= 0; o--) {
		struct page *page;

		while ((page = alloc_pages(gfp | __GFP_NOWARN, o))) {
			if (page_zonenum(page) != first) {
				other = page_zonenum(page);
				__free_pages(page, o);
				break;
			}
			if (!hoard_add(h, page, o))
				return MAX_NR_ZONES;
		}
		if (!page)
			other = MAX_NR_ZONES;
	}
	return other;
}

/* ---- the invariant checker ----------------------------------------------- */

/*
 * The first page after the head of the free block at @p page, of
 * @p order, that is PG_buddy, reserved or referenced; NULL if none.  The
 * first loop only ORs the fields together, a few instructions a page:
 * it is what most of buddy_check()'s time goes to.
 */
static inline const struct page *marked_tail_page(const struct page *page,
						  unsigned int order)
{
	const unsigned long marks = (1UL << PG_buddy) | (1UL << PG_reserved);
	const struct page *p, *end = page + (1UL << order);
	unsigned long flags = 0;
	int count = 0;

	for (p = page + 1; p < end; p++) {
		flags |= p->flags;
		count |= p->_count;
	}
	if (!(flags & marks) && !count)
		return NULL;
	for (p = page + 1; !(p->flags & marks) && !p->_count; p++)
		;
	return p;
}

/*
 * The problem with free block @p page of @p order in @p zone, or NULL.
 * @p tails: check the pages after the head too (marked_tail_page()).
 */
static inline const char *check_free_block(const struct zone *zone,
					   const struct page *page,
					   unsigned int order, bool tails,
					   char *why, size_t n)
{
	const struct page *tail;
	unsigned long pfn = page_to_pfn(page), buddy = pfn ^ (1UL << order);

	if (!PageBuddy(page) || page_order(page) != order || page_count(page) ||
	    PageReserved(page))
		snprintf(why, n, "pfn %#lx on list %u: flags %#lx private %lu "
			 "count %d", pfn, order, page->flags, page->private,
			 page->_count);
	else if ((pfn & ((1UL << order) - 1)) || !zone_spans_pfn(zone, pfn) ||
		 !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
		snprintf(why, n, "pfn %#lx order %u: misaligned or outside %s",
			 pfn, order, zone->name);
	else if (order < MAX_ORDER - 1 && pfn_valid(buddy) &&
		 zone_spans_pfn(zone, buddy) &&
		 PageBuddy(pfn_to_page(buddy)) &&
		 page_order(pfn_to_page(buddy)) == order)
		snprintf(why, n, "pfn %#lx and its buddy %#lx are both free at "
			 "order %u: not merged", pfn, buddy, order);
	else if (tails && (tail = marked_tail_page(page, order)))
		snprintf(why, n, "pfn %#lx inside free block %#lx (order %u): "
			 "flags %#lx count %d", pfn + (unsigned long)(tail - page),
			 pfn, order, tail->flags, tail->_count);
	return *why ? why : NULL;
}

/* buddy_check(), or with @p tails false buddy_check_heads(). */
static inline const char *__buddy_check(bool tails)
{
	static char why[160];
	unsigned int z, o;

	why[0] = '\0';
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &contig_page_data.node_zones[z];
		unsigned long sum = 0;

		if (!populated_zone(zone))
			continue;
		for (o = 0; o < MAX_ORDER; o++) {
			const struct free_area *area = &zone->free_area[o];
			const struct page *page;
			unsigned long count = 0;

			list_for_each_entry(page, &area->free_list, lru) {
				if (check_free_block(zone, page, o, tails, why, sizeof(why)))
					return why;
				if (++count > area->nr_free)
					break;
			}
			if (count != area->nr_free) {
				snprintf(why, sizeof(why), "%s order %u: nr_free %lu "
					 "but %lu%s on the list", zone->name, o,
					 area->nr_free, count,
					 count > area->nr_free ? " or more" : "");
				return why;
			}
			sum += area->nr_free << o;
		}
		if (sum != zone->free_pages) {
			snprintf(why, sizeof(why), "%s: free_pages %lu, but the lists "
				 "hold %lu", zone->name, zone->free_pages, sum);
			return why;
		}
	}
	return NULL;
}

/* Every invariant of every zone's free lists: NULL, or the first broken. */
static inline const char *buddy_check(void)
{
	return __buddy_check(true);
}

/*
 * All of buddy_check() but the pages inside the free blocks: the lists,
 * the heads, the counts, in time proportional to the free blocks rather
 * than the free pages.  Between the rounds of a long test, which ends
 * with buddy_check().
 */
static inline const char *buddy_check_heads(void)
{
	return __buddy_check(false);
}

/* ---- in-kernel test helpers ------------------------------------------------ */

#ifndef __HOST_SIM__
#include <kit/ktest.h>

extern unsigned int warn_count;		/* kernel/core/panic.c */

/** Check that @p expr (a buddy_check() or snapshot diff) found no problem. */
#define EXPECT_NO_PROBLEM(t, expr) ({					\
	const char *__why = (expr);					\
	if (__why)							\
		ktest_fail(t, __FILE__, __LINE__, #expr, "no problem", __why); \
	!__why;								\
})
#define ASSERT_NO_PROBLEM(t, expr)					\
	do { if (!EXPECT_NO_PROBLEM(t, expr)) return; } while (0)

/*
 * A test that watches ZONE_NORMAL's lists, or drains it, needs a Normal
 * zone of two order-10 blocks (8 MiB) at least.  It is the machine, not
 * the allocator, that decides: RAM up to 16 MiB is all ZONE_DMA, as on
 * Linux, and a 17 MiB machine's Normal zone has 224 pages, so no block of
 * order 10.  There the test skips, with the reason.
 */
#define SKIP_IF_SMALL_NORMAL(t)						\
	do {								\
		if (contig_page_data.node_zones[ZONE_NORMAL].present_pages < \
		    2UL << (MAX_ORDER - 1))				\
			KTEST_SKIP(t, "ZONE_NORMAL under 8 MiB: RAM ends below 24 MiB"); \
	} while (0)

/*
 * Every allocating test starts here: with lab 2 or lab 3's hand-over not
 * done there is nothing to allocate from, and the test fails at once.
 */
#define ASSERT_BUDDY_HAS_PAGES(t)					\
	KTEST_ASSERT(t, mem_map != NULL && nr_free_pages() > 0)
#endif

#endif /* _TESTS_LAB3_BUDDY_MODEL_H */
