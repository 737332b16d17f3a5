/**
 * @file
 * Zones and the node: how physical memory is divided for allocation.
 *
 * On i386 with 1 GiB of RAM (max_pfn = 0x3FFF0, max_low_pfn = 0x38000):
 *
 * @verbatim
 *   pfn 0          4096 (16 MiB)           229376 (896 MiB)      262128
 *   | ZONE_DMA     | ZONE_NORMAL            | ZONE_HIGHMEM         |
 *   | ISA DMA can  | direct-mapped, for     | no permanent kernel  |
 *   | reach it     | any kernel allocation  | address: kmap needed |
 * @endverbatim
 *
 * Each zone has its own buddy free lists: free_area[order] holds the free
 * blocks of 2^order pages, order 0 .. MAX_ORDER - 1 (a block of order 10
 * is 1024 pages, 4 MiB), and its own watermarks (Linux 2.6.20's): an
 * allocation first looks for a zone above pages_low, then for one above
 * pages_min; only __GFP_HIGH (GFP_ATOMIC) requests may go deeper, to
 * pages_min / 2, and those that cannot sleep to 3/8 of pages_min.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/list.h>

#define MAX_ORDER 11	/**< orders 0..10: blocks of 1 to 1024 pages */

/** The zones of i386, in the order the allocator falls back through them (HighMem, Normal, DMA). */
enum zone_type {
	ZONE_DMA,	/**< [0, 16 MiB): what ISA DMA can reach */
	ZONE_NORMAL,	/**< [16 MiB, max_low_pfn): the rest of the direct map */
	ZONE_HIGHMEM,	/**< [max_low_pfn, max_pfn): beyond the direct map */
	MAX_NR_ZONES
};

/** The end of ZONE_DMA: ISA devices have 24 address lines, 2^24 = 16 MiB. */
#define MAX_DMA_ADDRESS_PHYS (16UL << 20)

/** The free blocks of one order in one zone. */
struct free_area {
	struct list_head free_list;	/**< first pages of the free blocks (page->lru) */
	unsigned long nr_free;		/**< how many blocks (not pages) */
};

/** One zone: its buddy free lists and watermarks (lab 3) and its frames (lab 2). */
struct zone {
	/* Buddy allocator state (lab 3). */
	unsigned long free_pages;	/**< free pages in all free_area lists */
	unsigned long pages_min, pages_low, pages_high;	/**< watermarks */
	struct free_area free_area[MAX_ORDER];

	/* Geometry (lab 2). */
	unsigned long zone_start_pfn;	/**< first pfn of the zone */
	unsigned long spanned_pages;	/**< pfns from start to end, holes included */
	unsigned long present_pages;	/**< pfns that are RAM */
	struct page *zone_mem_map;	/**< the descriptor of zone_start_pfn */
	const char *name;		/**< "DMA", "Normal", "HighMem" */
};

/** A memory node.  i386 without NUMA has exactly one: contig_page_data. */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;
	struct page *node_mem_map;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
} pg_data_t;

extern struct pglist_data contig_page_data;
/** The node @p nid: always contig_page_data (one node, no NUMA). */
#define NODE_DATA(nid) (&contig_page_data)

/** Loop @p zone over the node's zones, empty ones included. */
#define for_each_zone(zone)						\
	for (zone = contig_page_data.node_zones;			\
	     zone < contig_page_data.node_zones + MAX_NR_ZONES; zone++)

/** True if the zone has any RAM (ZONE_HIGHMEM is empty on a 64 MiB machine). */
static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

/** True if @p zone is ZONE_HIGHMEM: its frames have no permanent kernel address. */
static inline bool is_highmem(const struct zone *zone)
{
	return zone == &contig_page_data.node_zones[ZONE_HIGHMEM];
}

/*
 * alloc_flags: how deep into a zone's reserve an allocation may go (Linux
 * keeps them inside mm/page_alloc.c; the kit's tests call
 * zone_watermark_ok() too).  Exactly one ALLOC_WMARK_* is set.
 */
#define ALLOC_WMARK_MIN   0x02	/**< stay above pages_min */
#define ALLOC_WMARK_LOW   0x04	/**< stay above pages_low */
#define ALLOC_WMARK_HIGH  0x08	/**< stay above pages_high */
#define ALLOC_HARDER      0x10	/**< cannot sleep: min -= min / 4 */
#define ALLOC_HIGH        0x20	/**< __GFP_HIGH: min -= min / 2 */

/** Linux's vm.min_free_kbytes: the reserve the lowmem zones share.  Lab 3. */
extern int min_free_kbytes;

/**
 * init_per_zone_pages_min() - Size min_free_kbytes from the lowmem zones,
 * int_sqrt(lowmem_kbytes * 16) within [128, 65536], then
 * setup_per_zone_pages_min().
 * @context Boot, once, from mem_init().  Lab 3.
 */
void init_per_zone_pages_min(void);

/**
 * setup_per_zone_pages_min() - Set every zone's pages_min, pages_low and
 * pages_high from min_free_kbytes, as Linux 2.6.20 does.
 * @context Boot, or whenever min_free_kbytes changes.  Lab 3.
 */
void setup_per_zone_pages_min(void);

/**
 * zone_watermark_ok() - May @p z give a block of 2^order pages and stay
 * above the watermark?
 * @param z            the zone
 * @param order        the order of the request
 * @param mark         pages_min, pages_low or pages_high of @p z
 * @param alloc_flags  ALLOC_HIGH and ALLOC_HARDER lower @p mark
 * @return true if, after the allocation, more than the (lowered) mark
 *         stays free, counting at each order only blocks big enough.  Lab 3.
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, unsigned int alloc_flags);

/** The index of @p zone in node_zones: ZONE_DMA, ZONE_NORMAL or ZONE_HIGHMEM. */
static inline enum zone_type zone_idx(const struct zone *zone)
{
	return (enum zone_type)(zone - contig_page_data.node_zones);
}

/** True if @p pfn is inside the zone's span. */
static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn &&
	       pfn < zone->zone_start_pfn + zone->spanned_pages;
}

#endif /* _LINUX_MMZONE_H */
