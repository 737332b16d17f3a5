/**
 * @file
 * The memory-management interface: page frames, their descriptors, and
 * the boot-time setup of labs 1-3.
 *
 * Conversions between the three ways of naming a low page:
 *
 * @verbatim
 *   kernel virtual address --__pa()--> physical address --PFN_DOWN--> pfn
 *          ^                                                           |
 *          +-------------- page_address() <-- struct page <-- pfn_to_page()
 *   virt_to_page(kaddr) = pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
 * @endverbatim
 *
 * A high page (pfn >= max_low_pfn) has a pfn and a struct page but no
 * kernel virtual address: page_address() returns NULL for it until kmap()
 * (lab 6) maps it somewhere.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/gfp.h>
#include <asm/page.h>

/* Page-frame bounds, set at boot (Linux's names and meanings). */
extern unsigned long max_pfn;		/* one past the last RAM frame below 4 GiB */
extern unsigned long max_low_pfn;	/* one past the last direct-mapped frame */
extern unsigned long highstart_pfn;	/* first high frame (= max_low_pfn) */
extern unsigned long highend_pfn;	/* one past the last high frame (= max_pfn) */
extern unsigned long totalram_pages;	/* pages handed to the buddy allocator */
extern unsigned long totalhigh_pages;	/* ... of which in ZONE_HIGHMEM */
extern void *high_memory;		/* __va(max_low_pfn << PAGE_SHIFT) */
extern struct page *mem_map;		/* descriptors of pfn 0 .. max_pfn - 1 */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

/** True if @p pfn has a descriptor in mem_map. */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

#define virt_to_page(kaddr) pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (unsigned long)zone << ZONES_PGSHIFT;
}

/** The zone a page frame belongs to.  Lab 2 stores it in page->flags. */
static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

/** True for a page in ZONE_HIGHMEM: it has no direct-map address. */
static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

static inline int page_count(const struct page *page) { return page->_count; }
static inline void set_page_count(struct page *page, int v) { page->_count = v; }
static inline void get_page(struct page *page) { page->_count++; }

/** Order of a free block, valid while PageBuddy. */
static inline unsigned int page_order(const struct page *page)
{
	return (unsigned int)page->private;
}

/**
 * lowmem_page_address() - The direct-map address of a low page.
 * @param page  a page below max_low_pfn
 * @return __va(its physical address).  Lab 2.
 */
void *lowmem_page_address(const struct page *page);

/**
 * page_address() - The kernel virtual address of a page.
 * @param page  any page
 * @return its direct-map address for a low page; for a high page its
 *         current kmap() address (lab 6), or NULL when it is not mapped.
 */
void *page_address(const struct page *page);

/* Lab 1: the direct map. */

/**
 * __phys_addr() - __pa() with a check: the physical address of a
 * direct-map kernel virtual address.
 * @param x  a kernel virtual address in [PAGE_OFFSET, high_memory)
 * @return x - PAGE_OFFSET.  An address outside the direct map (vmalloc,
 *         pkmap, user) has no such physical address: that is a bug in the
 *         caller, reported with a warning.  Lab 1.
 */
phys_addr_t __phys_addr(unsigned long x);

/**
 * virt_addr_valid() - Is this a direct-mapped kernel address with a struct page?
 * @param kaddr  any address
 * @return true for [PAGE_OFFSET, high_memory) backed by a valid pfn;
 *         false for user, vmalloc, pkmap and fixmap addresses.  Lab 1.
 */
bool virt_addr_valid(const void *kaddr);

/* Lab 2: zones and mem_map. */

/** Set max_pfn from the E820 map: one past the highest usable frame below 4 GiB.  Lab 2. */
void find_max_pfn(void);
/**
 * find_max_low_pfn() - How much of RAM the direct map covers.
 * @return min(max_pfn, MAXMEM >> PAGE_SHIFT); also sets highstart_pfn and
 *         highend_pfn and prints "NNNMB HIGHMEM available." when there is
 *         high memory, then "NNNMB LOWMEM available.".  Lab 2.
 */
unsigned long find_max_low_pfn(void);
/**
 * zone_sizes_init() - Size the three zones, allocate and fill mem_map.
 *
 * Prints "Zone PFN ranges:" in Linux's format and where mem_map lives.
 * Every struct page starts PG_reserved with its zone number set; lab 3's
 * mem_init() clears the flag on the pages it frees.  Lab 2.
 */
void zone_sizes_init(void);

/* Lab 3: the buddy allocator. */

/**
 * mem_init() - Hand every page memblock did not allocate to the buddy
 * allocator, set the watermarks, and print the "Memory:" line and the
 * "virtual kernel memory layout:" block.  Lab 3.
 */
void mem_init(void);

/** Print /proc/buddyinfo's format: free blocks per order, per zone. */
void show_buddyinfo(void);
/** Print /proc/zoneinfo's format: counters and watermarks, per zone. */
void show_zoneinfo(void);
/** Free pages in every zone's free lists (the sum of zone->free_pages). */
unsigned long nr_free_pages(void);

/**
 * "Bad page state" reports since boot (lab 3's __free_pages()).  Tests
 * compare it before and after a misuse, as they do warn_count.
 */
extern unsigned int bad_page_count;

#endif /* _LINUX_MM_H */
