/**
 * @file
 * Page flags: the state bits in struct page's flags, with Linux's names.
 *
 * @verbatim
 *   bit 31..30: zone number (ZONES_PGSHIFT)  |  ...  | bit 0..: PG_* flags
 * @endverbatim
 *
 * PG_reserved: not managed by the allocators (BIOS areas, the kernel
 * image, memblock allocations such as mem_map and page tables, holes).
 * PG_buddy: the first page of a free block on a buddy free list; its
 * private field holds the block's order.  PG_slab: owned by a slab cache.
 */
#ifndef _LINUX_PAGE_FLAGS_H
#define _LINUX_PAGE_FLAGS_H

#include <linux/mm_types.h>

/** Bit numbers in page->flags (Linux 2.6.20's names); the zone is in the top ZONES_WIDTH bits. */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_dirty,
	PG_slab,		/**< owned by the slab allocator */
	PG_reserved,		/**< not for the allocators */
	PG_private,
	PG_buddy,		/**< on a buddy free list, order in page->private */
	PG_compound,		/**< part of a multi-page kmalloc block */
	NR_PAGEFLAGS
};

/** Bits of page->flags that hold the zone number: 2, enough for 3 zones. */
#define ZONES_WIDTH     2
/** Where the zone number starts in page->flags: bit 30 on i386. */
#define ZONES_PGSHIFT   (sizeof(unsigned long) * 8 - ZONES_WIDTH)
/** The zone number's bits, once shifted down by ZONES_PGSHIFT. */
#define ZONES_MASK      ((1UL << ZONES_WIDTH) - 1)

/** True if flag @p bit (a PG_* number) is set in @p page. */
static inline bool test_page_flag(const struct page *page, int bit)
{
	return page->flags & (1UL << bit);
}

/** Set flag @p bit of @p page (not atomic: the kit has one CPU). */
static inline void set_page_flag(struct page *page, int bit)
{
	page->flags |= 1UL << bit;
}

/** Clear flag @p bit of @p page. */
static inline void clear_page_flag(struct page *page, int bit)
{
	page->flags &= ~(1UL << bit);
}

/** Define PageX(), SetPageX() and ClearPageX() for flag PG_x, as Linux does. */
#define PAGEFLAG(uname, lname)						\
static inline bool Page##uname(const struct page *page)		\
	{ return test_page_flag(page, PG_##lname); }			\
static inline void SetPage##uname(struct page *page)			\
	{ set_page_flag(page, PG_##lname); }				\
static inline void ClearPage##uname(struct page *page)			\
	{ clear_page_flag(page, PG_##lname); }

PAGEFLAG(Reserved, reserved)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(Slab, slab)
PAGEFLAG(Compound, compound)
PAGEFLAG(Dirty, dirty)

#undef PAGEFLAG

/** Flags a page must not have when it is freed to the buddy allocator. */
#define PAGE_FLAGS_CHECK_AT_FREE \
	((1UL << PG_reserved) | (1UL << PG_buddy) | (1UL << PG_slab) | \
	 (1UL << PG_locked) | (1UL << PG_compound))

#endif /* _LINUX_PAGE_FLAGS_H */
