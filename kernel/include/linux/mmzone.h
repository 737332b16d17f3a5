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
 * is 1024 pages, 4 MiB), and its own watermarks: the allocator dips below
 * pages_low only for urgent (GFP_ATOMIC) requests and never below
 * pages_min / 4.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/list.h>

#define MAX_ORDER 11	/* orders 0..10: blocks of 1 to 1024 pages */

enum zone_type {
	ZONE_DMA,	/* [0, 16 MiB): what ISA DMA can reach */
	ZONE_NORMAL,	/* [16 MiB, max_low_pfn): the rest of the direct map */
	ZONE_HIGHMEM,	/* [max_low_pfn, max_pfn): beyond the direct map */
	MAX_NR_ZONES
};

/** The end of ZONE_DMA: ISA devices have 24 address lines, 2^24 = 16 MiB. */
#define MAX_DMA_ADDRESS_PHYS (16UL << 20)

/** The free blocks of one order in one zone. */
struct free_area {
	struct list_head free_list;	/* first pages of the free blocks (page->lru) */
	unsigned long nr_free;		/* how many blocks (not pages) */
};

struct zone {
	/* Buddy allocator state (lab 3). */
	unsigned long free_pages;	/* free pages in all free_area lists */
	unsigned long pages_min, pages_low, pages_high;	/* watermarks */
	struct free_area free_area[MAX_ORDER];

	/* Geometry (lab 2). */
	unsigned long zone_start_pfn;	/* first pfn of the zone */
	unsigned long spanned_pages;	/* pfns from start to end, holes included */
	unsigned long present_pages;	/* pfns that are RAM */
	struct page *zone_mem_map;	/* the descriptor of zone_start_pfn */
	const char *name;		/* "DMA", "Normal", "HighMem" */
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
#define NODE_DATA(nid) (&contig_page_data)

#define for_each_zone(zone)						\
	for (zone = contig_page_data.node_zones;			\
	     zone < contig_page_data.node_zones + MAX_NR_ZONES; zone++)

static inline bool is_highmem(const struct zone *zone)
{
	return zone == &contig_page_data.node_zones[ZONE_HIGHMEM];
}

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
