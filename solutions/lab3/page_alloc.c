/**
 * @file
 * Lab 3: the buddy allocator, the parts of Linux 2.6.20's mm/page_alloc.c
 * that a kernel without swapping needs.
 *
 * Each zone keeps free_area[0..10]: free_area[k] lists the free blocks of
 * 2^k pages, linked through the first page's lru.  A block of order k
 * starts at a pfn that is a multiple of 2^k, and its buddy is the other
 * half of the block of order k + 1 that holds both: their pfns differ in
 * bit k only, so buddy = pfn ^ (1 << k).  Freeing merges a block with its
 * buddy while the buddy is free too; allocating splits a bigger block and
 * gives the halves it does not need back to the lists.
 *
 * @verbatim
 *   pfn       8    9    10   11   12   13   14   15
 *           +----+----+---------+-------------------+
 *           | A  | f0 |   f1    |        f2         |   A: allocated, order 0
 *           +----+----+---------+-------------------+   fk: free, order k
 *   free_area[0] -> 9    free_area[1] -> 10    free_area[2] -> 12
 *
 *   __free_pages(A, 0):  buddy of 8 at order 0 is  8 ^ 1 =  9: free, merge
 *                        buddy of 8 at order 1 is  8 ^ 2 = 10: free, merge
 *                        buddy of 8 at order 2 is  8 ^ 4 = 12: free, merge
 *                        buddy of 8 at order 3 is  8 ^ 8 =  0: ... and so on
 *   alloc_pages(0) on a lone order-3 block at 8: keep 8, free 12 (order 2),
 *                        10 (order 1) and 9 (order 0): the picture above.
 * @endverbatim
 *
 * The state of a page, as this file reads and writes struct page:
 *
 * @verbatim
 *                        PG_buddy  private   _count  _mapcount
 *   head of a free block     1     its order    0       -1
 *   other free pages         0     (stale)      0       -1
 *   head of a used block     0     its order  >= 1  -1 unless mapped (lab 8)
 *   other used pages         0     (stale)      0       -1
 *   reserved (not ours)      PG_reserved set: never on a list, never freed
 * @endverbatim
 *
 * Invariants, checked by the tests (tests/lib/buddy_model.h): every
 * listed block lies in its zone and is aligned to its size; no frame is on
 * two lists; no two free blocks of one order are buddies (they would have
 * merged); zone->free_pages is the sum over k of free_area[k].nr_free << k.
 *
 * What Linux has and the kit leaves out: per-CPU lists of hot order-0
 * pages, reclaim and kswapd (an allocation that finds no zone above its
 * watermark fails at once), lowmem_reserve (which keeps requests that fall
 * back, GFP_KERNEL ones, from draining ZONE_DMA), NUMA zonelists.
 * Locking: one CPU, so interrupts off around list updates is Linux's
 * zone->lock (linux/irqflags.h).
 */
#include <linux/kernel.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/traps.h>

unsigned int bad_page_count;

/* ---- free-list bookkeeping (given) ---------------------------------------- */

/* @page becomes the head of a free block of 2^order pages on its list. */
static inline void add_to_free_area(struct zone *zone, struct page *page,
				    unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

/* Take the free block headed by @page off the list of @order. */
static inline void del_from_free_area(struct zone *zone, struct page *page,
				      unsigned int order)
{
	BUG_ON(!PageBuddy(page));
	BUG_ON(page_order(page) != order);
	list_del(&page->lru);
	ClearPageBuddy(page);
	zone->free_area[order].nr_free--;
}

/* ---- 3.1: freeing, and merging with the buddy ---------------------------- */

/*
 * The buddy of the block of order @order at @pfn: flip bit @order.
 * pfn 8, order 1: 8 ^ 2 = 10;  pfn 10, order 1: 10 ^ 2 = 8.
 */
static inline unsigned long find_buddy_pfn(unsigned long pfn,
					   unsigned int order)
{
	return pfn ^ (1UL << order);
}

/* May the free block of @order at @page merge with the block at @buddy_pfn? */
static inline bool page_is_buddy(const struct page *page,
				 unsigned long buddy_pfn, unsigned int order)
{
	/* TODO(3.1): The block at buddy_pfn is @page's buddy only if it
	 * exists (a pfn mem_map describes: the last block of RAM has a buddy
	 * past max_pfn), lies in the same zone (blocks never merge across a
	 * zone boundary), and is right now the head of a free block of
	 * exactly @order (PG_buddy, with the order in private): a free block
	 * of another order, or a page inside one, is not a buddy.
	 * Checked by lab3.merge.* and lab3.host.buddy.merge_*. */
	const struct page *buddy;

	if (!pfn_valid(buddy_pfn))
		return false;
	buddy = pfn_to_page(buddy_pfn);
	if (page_zonenum(buddy) != page_zonenum(page))
		return false;
	if (!PageBuddy(buddy) || page_order(buddy) != order)
		return false;
	BUG_ON(page_count(buddy) != 0);		/* a free block is unreferenced */
	return true;
	/* END TODO stub: (void)page; (void)buddy_pfn; (void)order; return false; */
}

/* Put the free block of 2^order pages at @page on @zone's lists, merged. */
static inline void __free_one_page(struct page *page, struct zone *zone,
			    unsigned int order)
{
	/* TODO(3.1): Add the block's pages to zone->free_pages, then merge:
	 * while the order is below MAX_ORDER - 1 and the buddy is free at the
	 * same order (page_is_buddy()), take the buddy off its list and go on
	 * with the combined block one order up; it starts at the lower of the
	 * two pfns (freeing pfn 10 at order 1 next to a free 8: the combined
	 * block is 8 at order 2).  Finally list the result at its order.
	 * Checked by lab3.merge.* and lab3.meminit.*. */
	unsigned long pfn = page_to_pfn(page);

	BUG_ON(pfn & ((1UL << order) - 1));	/* blocks are aligned to their size */
	zone->free_pages += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = find_buddy_pfn(pfn, order);

		if (!page_is_buddy(page, buddy_pfn, order))
			break;
		del_from_free_area(zone, pfn_to_page(buddy_pfn), order);
		pfn &= ~(1UL << order);
		order++;
	}
	add_to_free_area(zone, pfn_to_page(pfn), order);
	/* END TODO stub: (void)page; (void)zone; (void)order; */
}

/* ---- 3.8: misuse --------------------------------------------------------- */

/*
 * Say that @page is in no state for what was asked, in Linux's words.
 * Not inlined, so that the call trace starts in __free_pages(); __unused
 * because the skeleton does not call it yet.
 */
static __noinline __unused void bad_page(const struct page *page)
{
	bad_page_count++;
	printk("Bad page state in process '%s'\n", "swapper");
	printk("page:%p flags:0x%08lx mapping:%p mapcount:%d count:%d\n",
	       page, page->flags, page->mapping, page->_mapcount + 1,
	       page->_count);
	printk("Trying to fix it up, but a reboot is needed\n");
	printk("Backtrace:\n");
	dump_stack();
}

/* A page other than the first of a block being freed: plain and unused? */
static inline bool tail_page_ok(const struct page *page)
{
	return !(page->flags & PAGE_FLAGS_CHECK_AT_FREE) &&
	       page->_count == 0 && page->_mapcount == -1;
}

/* True (and reported) if freeing the block of @order at @page is wrong. */
static inline bool free_pages_check(const struct page *page, unsigned int order)
{
	/* TODO(3.8): Refuse, with bad_page() on the first wrong page, to
	 * free what is not an allocated block of exactly this order: a first
	 * page whose pfn is not a multiple of 2^order or whose block would
	 * run past max_pfn, a first page that is free already (PG_buddy, or
	 * _count 0: a double free), reserved, slab or compound
	 * (PAGE_FLAGS_CHECK_AT_FREE), or allocated with another order
	 * (private).  When this is the last reference (_count 1) it must not
	 * be mapped (_mapcount -1), and every other page of the block must
	 * be plain and unused (tail_page_ok()).  Return true without
	 * touching anything: the lists stay intact.  Checked by lab3.misuse.*. */
	unsigned long pfn = page_to_pfn(page), i;

	if ((pfn & ((1UL << order) - 1)) ||
	    (pfn | ((1UL << order) - 1)) >= max_pfn ||
	    (page->flags & PAGE_FLAGS_CHECK_AT_FREE) || page->_count <= 0 ||
	    page->private != order) {
		bad_page(page);
		return true;
	}
	if (page->_count > 1)
		return false;		/* only a reference goes */
	if (page->_mapcount != -1) {
		bad_page(page);
		return true;
	}
	for (i = 1; i < (1UL << order); i++) {
		if (!tail_page_ok(page + i)) {
			bad_page(page + i);
			return true;
		}
	}
	return false;
	/* END TODO stub: (void)page; (void)order; return false; */
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	if (WARN(!page || !pfn_valid(page_to_pfn(page)),
		 "__free_pages: %p is not a page descriptor\n", page) ||
	    WARN(order >= MAX_ORDER, "__free_pages: order %u: no block is "
		 "bigger than order %d\n", order, MAX_ORDER - 1))
		return;
	if (free_pages_check(page, order)) {
		barrier();		/* no tail call: keep us in the trace */
		return;
	}
	if (--page->_count)		/* someone else still holds it */
		return;
	flags = local_irq_save();
	__free_one_page(page, page_zone(page), order);
	local_irq_restore(flags);
}

/* ---- 3.3: allocating, and splitting -------------------------------------- */

/*
 * @page heads a block of order @high just taken off its list, and the
 * caller needs only order @low: give the unneeded halves back.
 */
static inline void expand(struct zone *zone, struct page *page,
			  unsigned int low, unsigned int high)
{
	/* TODO(3.3): Halve the block until it has the order asked for; each
	 * time, the upper half becomes a free block one order down and goes
	 * on its list, and the lower half is split further (or kept).  Order
	 * 0 from an order-3 block at pfn 8: 12 goes on free_area[2], 10 on
	 * free_area[1], 9 on free_area[0], and 8 is the caller's.
	 * Checked by lab3.split.*. */
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_area(zone, page + size, high);
	}
	/* END TODO stub: (void)zone; (void)page; (void)low; (void)high; */
}

/* Take a block of 2^order pages from @zone's lists, or NULL. */
static inline struct page *__rmqueue(struct zone *zone, unsigned int order)
{
	/* TODO(3.3): Find the smallest order, from @order up, whose list is
	 * not empty; take its first block off the list, take its pages out of
	 * zone->free_pages (only the 2^order the caller gets: expand() gives
	 * the rest back, and its adds do not count), and split it down with
	 * expand().  No block of order @order or more: NULL.
	 * Checked by lab3.split.* and lab3.align.*. */
	unsigned int current_order;

	for (current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_from_free_area(zone, page, current_order);
		zone->free_pages -= 1UL << order;
		expand(zone, page, order, current_order);
		return page;
	}
	return NULL;
	/* END TODO stub: (void)zone; (void)order; return NULL; */
}

/* A block from @zone, ready for its user: one reference, its order noted. */
static __always_inline struct page *buffered_rmqueue(struct zone *zone,
						     unsigned int order)
{
	unsigned long flags;
	struct page *page;

	if (!populated_zone(zone))
		return NULL;
	flags = local_irq_save();
	page = __rmqueue(zone, order);
	local_irq_restore(flags);
	if (!page)
		return NULL;
	BUG_ON(page_count(page) != 0);
	BUG_ON(PageBuddy(page));
	BUG_ON(PageReserved(page));
	set_page_count(page, 1);
	page->private = order;		/* __free_pages() checks it */
	return page;
}

/* ---- 3.7: the watermark check -------------------------------------------- */

bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, unsigned int alloc_flags)
{
	/* TODO(3.7): Lower the mark first: ALLOC_HIGH takes half of it off,
	 * then ALLOC_HARDER a quarter of what is left.  The zone may give
	 * the block if the pages free after it (free_pages - 2^order, plus
	 * one: Linux's rounding) stay above the mark, and if, for every
	 * order o below the request, what is free in blocks bigger than o
	 * still stays above a mark halved once more per order.  Work in
	 * signed longs: the subtractions may go below zero.  Example: 100
	 * free, mark 16: order 0 is fine (100 > 16); order 2 with 90 of
	 * those in order-0 blocks: 100 - 4 + 1 = 97 > 16, but without the
	 * order-0 blocks 97 - 90 = 7 <= 8.  Checked by lab3.watermark.*. */
	long min = (long)mark;
	long free = (long)z->free_pages - (1L << order) + 1;
	unsigned int o;

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free <= min)
		return false;
	for (o = 0; o < order; o++) {
		free -= (long)(z->free_area[o].nr_free << o);
		min >>= 1;
		if (free <= min)
			return false;
	}
	return true;
	/* END TODO stub: (void)z; (void)order; (void)mark; (void)alloc_flags; return true; */
}

/* ---- 3.4: which zone ----------------------------------------------------- */

/* The watermark @alloc_flags names, in @zone's pages. */
static inline unsigned long zone_mark(const struct zone *zone,
				      unsigned int alloc_flags)
{
	if (alloc_flags & ALLOC_WMARK_MIN)
		return zone->pages_min;
	if (alloc_flags & ALLOC_WMARK_LOW)
		return zone->pages_low;
	return zone->pages_high;
}

/* One pass over the zones @gfp may use, each kept above its watermark. */
static __always_inline struct page *
get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags)
{
	/* TODO(3.4): Try the zone gfp_zone(gfp) names first, then every
	 * zone below it, down to ZONE_DMA (a highmem request may end in
	 * ZONE_NORMAL, then ZONE_DMA; a GFP_DMA request has nowhere else to
	 * go).  Skip a zone with no memory, and a zone that zone_watermark_ok()
	 * says would fall below the watermark alloc_flags names (zone_mark()).
	 * Return the first block buffered_rmqueue() gives, or NULL.
	 * Checked by lab3.zone.*. */
	int z;

	for (z = gfp_zone(gfp); z >= ZONE_DMA; z--) {
		struct zone *zone = &NODE_DATA(0)->node_zones[z];
		struct page *page;

		if (!populated_zone(zone) ||
		    !zone_watermark_ok(zone, order, zone_mark(zone, alloc_flags),
				       alloc_flags))
			continue;
		page = buffered_rmqueue(zone, order);
		if (page)
			return page;
	}
	return NULL;
	/* END TODO stub: (void)alloc_flags; return buffered_rmqueue(&NODE_DATA(0)->node_zones[gfp_zone(gfp)], order); */
}

/*
 * How far below pages_min the second pass may go (Linux 2.6.20): __GFP_HIGH
 * (GFP_ATOMIC) halves min; a request that cannot sleep (no __GFP_WAIT)
 * takes another quarter off.  pages_min 940: GFP_KERNEL stops at 940 free,
 * GFP_ATOMIC at 940 - 470 = 470, then 470 - 117 = 353.
 */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (!(gfp & __GFP_WAIT))
		alloc_flags |= ALLOC_HARDER;
	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	return alloc_flags;
}

/* Linux's report of a failed allocation (no reclaim here to try first). */
static void warn_alloc_failed(gfp_t gfp, unsigned int order)
{
	if (gfp & __GFP_NOWARN)
		return;
	printk("swapper: page allocation failure. order:%u, mode:0x%x\n",
	       order, gfp);
	dump_stack();
}

/*
 * Everything but the first pass, out of line so that the common case stays
 * short: requests that are wrong, the second pass, failure, zeroing.
 */
static __noinline struct page *alloc_pages_slowpath(gfp_t gfp,
						    unsigned int order,
						    bool first_pass_done)
{
	struct page *page = NULL;

	if (order >= MAX_ORDER) {
		WARN(!(gfp & __GFP_NOWARN), "alloc_pages: order %u: the biggest "
		     "block is order %d (4 MiB)\n", order, MAX_ORDER - 1);
		return NULL;
	}
	/* Zeroing needs a kernel address, and a high page has none until kmap. */
	if (WARN((gfp & __GFP_ZERO) && (gfp & __GFP_HIGHMEM),
		 "alloc_pages: __GFP_ZERO with __GFP_HIGHMEM: a high page has "
		 "no address to clear; clear it through kmap_atomic() (lab 7)\n"))
		return NULL;
	if (!first_pass_done)
		page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW);
	if (!page)
		page = get_page_from_freelist(gfp, order, gfp_to_alloc_flags(gfp));
	if (!page) {
		warn_alloc_failed(gfp, order);
		return NULL;
	}
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	/* The common case: a plain request that the first pass satisfies. */
	if (likely(order < MAX_ORDER && !(gfp & __GFP_ZERO))) {
		struct page *page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW);

		if (likely(page))
			return page;
		return alloc_pages_slowpath(gfp, order, true);
	}
	return alloc_pages_slowpath(gfp, order, false);
}

/* ---- 3.5: the same, by kernel virtual address ---------------------------- */

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	/* TODO(3.5): Allocate a block and return its kernel virtual address
	 * (page_address()), or 0.  Only low pages have one, so a request
	 * that allows __GFP_HIGHMEM is the caller's mistake: refuse it
	 * loudly, with a WARN that says why (a high page has no kernel
	 * virtual address to return) and what to do instead (alloc_pages()
	 * and kmap()), and return 0 without allocating anything.
	 * Checked by lab3.gfp.*. */
	struct page *page;

	if (WARN(gfp & __GFP_HIGHMEM, "__get_free_pages: __GFP_HIGHMEM: a "
		 "high page has no kernel virtual address to return; use "
		 "alloc_pages() and kmap() instead\n"))
		return 0;
	page = alloc_pages(gfp, order);
	return page ? (unsigned long)page_address(page) : 0;
	/* END TODO stub: (void)gfp; (void)order; return 0; */
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	/* TODO(3.5): Free the block whose kernel virtual address is @p addr:
	 * 0 is a no-op (as free(NULL)); anything else must be a page-aligned
	 * address of the direct map, [PAGE_OFFSET, high_memory), or it is
	 * the caller's mistake: WARN and return.  Then it is __free_pages()
	 * of its struct page (virt_to_page()).  Checked by lab3.gfp.*. */
	if (!addr)
		return;
	if (WARN(addr < PAGE_OFFSET || addr >= (unsigned long)high_memory ||
		 (addr & ~PAGE_MASK), "free_pages: %#lx is not the address "
		 "of a block of low pages\n", addr))
		return;
	__free_pages(virt_to_page(addr), order);
	/* END TODO stub: (void)addr; (void)order; */
}
