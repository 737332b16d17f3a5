/**
 * @file
 * Lab 2, steps 2.3 to 2.6: the zones, mem_map and its struct pages, set
 * up at boot as Linux 2.6.20 does it (zone_sizes_init() of
 * arch/i386/kernel/setup.c, free_area_init_node() and its helpers of
 * mm/page_alloc.c, for the one node of a PC).
 *
 * Every page frame from 0 to max_pfn - 1 gets a struct page, and mem_map is
 * the array of them, so frame n's descriptor is mem_map[n].  The frames are
 * cut into three zones by what the hardware and the kernel's address space
 * can reach (1 GiB machine):
 *
 * @verbatim
 *   pfn      0            4096                      229376        262128
 *            | ZONE_DMA   | ZONE_NORMAL             | ZONE_HIGHMEM |
 *            | < 16 MiB   | < 896 MiB: direct map   | no address   |
 *
 *   mem_map  [0] [1] ... [4095] [4096] ... [229375] [229376] ... [262127]
 *             ^                  ^                   ^
 *             DMA's zone_mem_map Normal's            HighMem's
 * @endverbatim
 *
 * mem_map itself is 262128 * 32 bytes = 8 MiB (2048 frames) of low memory,
 * taken from memblock, which tries above 16 MiB first: it lands at
 * 16 MiB, or just above lab 1's page tables when those came first.
 *
 * State after zone_sizes_init(), which lab 3's mem_init() builds on:
 *  - every struct page of pfn 0 .. max_pfn - 1: its zone number in the top
 *    bits of flags, PG_reserved set and no other flag, _count 1, _mapcount
 *    -1, private 0, mapping NULL, index 0, lru an empty list;
 *  - every zone: name, zone_start_pfn, spanned_pages (frames from start to
 *    end, holes included), present_pages (frames that are RAM in
 *    memblock.memory), zone_mem_map = pfn_to_page(zone_start_pfn), empty
 *    free lists, free_pages and watermarks 0.  An empty zone (no highmem on
 *    64 MiB) has spanned_pages 0 and starts where the zone below ends;
 *  - contig_page_data: node_mem_map = mem_map, node_start_pfn 0,
 *    node_spanned_pages = max_pfn, node_present_pages the sum over zones,
 *    nr_zones one past the highest zone that spans a frame.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/page.h>

#ifdef __i386__
/* Linux 2.6's size on i386: mem_map then costs 32 / 4096 = 1/128 of RAM. */
_Static_assert(sizeof(struct page) == 32, "struct page must be 32 bytes on i386");
#endif

/** One past the last frame ISA DMA reaches: 16 MiB / 4 KiB = 4096. */
#define MAX_DMA_PFN	((unsigned long)PFN_DOWN(MAX_DMA_ADDRESS_PHYS))

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem",
};

/* Step 2.3: one struct page for each frame of the node, from memblock. */
static void alloc_node_mem_map(struct pglist_data *pgdat)
{
	/* TODO(2.3): Allocate an array of struct pages, one for each of the
	 * node's node_spanned_pages frames, from the early allocator, in
	 * whole pages (page aligned, so every frame it fills is reserved for
	 * it and nothing else).  Boot cannot go on without it: panic if
	 * there is no room.  Then point both pgdat->node_mem_map and the
	 * global mem_map at it.  1 GiB: 262128 * 32 bytes = 8388096 bytes,
	 * 2048 frames.  Checked by lab2.mem_map.*. */
	(void)pgdat;
}

/*
 * Where a zone starts and how many frames it spans.  A zone runs from
 * the end of the zone below it to its own end in max_zone_pfns[], both
 * cut to the node's frames [0, node_end_pfn); a zone whose end is
 * not above its start is empty.  64 MiB: HighMem is [16368, 16368).
 */
static unsigned long zone_spanned_pages_in_node(enum zone_type zone_type,
						const unsigned long *max_zone_pfns,
						unsigned long node_end_pfn,
						unsigned long *zone_start_pfn)
{
	unsigned long start = zone_type ? max_zone_pfns[zone_type - 1] : 0;
	unsigned long end = max(max_zone_pfns[zone_type], start);

	start = min(start, node_end_pfn);
	end = min(end, node_end_pfn);
	*zone_start_pfn = start;
	return end - start;
}

/* Step 2.4: how many frames of [start_pfn, end_pfn) are not RAM. */
static unsigned long absent_pages_in_range(unsigned long start_pfn,
					   unsigned long end_pfn)
{
	/* TODO(2.4): Count the frames of [start_pfn, end_pfn) that no region
	 * of memblock.memory covers: the holes.  Count the frames the regions
	 * do cover (each region's pfns cut to the range) and subtract.  Mind
	 * 32-bit overflow: a region may end exactly at 4 GiB.  1 GiB, ZONE_DMA
	 * [0, 4096): RAM is pfn 0-158 and 256-4095, so 97 frames are absent.
	 * Checked by lab2.zones.present and lab2.zones.node. */
	(void)start_pfn;
	(void)end_pfn;
	return 0;
}

/* Step 2.5: initialise the struct pages of one zone's frames. */
static void memmap_init_zone(unsigned long size, enum zone_type zone,
			     unsigned long start_pfn)
{
	/* TODO(2.5): Give every frame of [start_pfn, start_pfn + size) a
	 * clean struct page: no flag but PG_reserved (nothing owns a page
	 * until lab 3's mem_init() frees it to the buddy allocator), its
	 * zone number stored in the flags (set_page_zone), one reference,
	 * no page-table mapping (_mapcount -1), no private data, mapping or
	 * index, and lru an empty list.  Holes get one too: they are simply
	 * never freed.  Checked by lab2.pages.*. */
	(void)size;
	(void)zone;
	(void)start_pfn;
}

/* Name every zone and give it empty free lists (lab 3 fills them). */
static void zone_init_free_lists(struct pglist_data *pgdat)
{
	unsigned int j, order;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];

		zone->name = zone_names[j];
		zone->free_pages = 0;
		for (order = 0; order < MAX_ORDER; order++) {
			INIT_LIST_HEAD(&zone->free_area[order].free_list);
			zone->free_area[order].nr_free = 0;
		}
	}
}

/* A zone must lie inside mem_map, or initialising it would overrun it. */
static bool zone_fits_node(const struct pglist_data *pgdat, const struct zone *zone)
{
	unsigned long end = pgdat->node_start_pfn + pgdat->node_spanned_pages;

	return !WARN(zone->zone_start_pfn > end ||
		     zone->spanned_pages > end - zone->zone_start_pfn,
		     "zone %s spans pfn %lu + %lu, beyond the node's %lu frames\n",
		     zone->name, zone->zone_start_pfn, zone->spanned_pages, end);
}

/* Size each zone, record its geometry, and initialise its struct pages. */
static void free_area_init_core(struct pglist_data *pgdat,
				const unsigned long *max_zone_pfns)
{
	unsigned long node_end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
	unsigned int j;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long start, size, absent;

		size = zone_spanned_pages_in_node(j, max_zone_pfns, node_end, &start);
		absent = absent_pages_in_range(start, start + size);
		/* TODO(2.4): Record the zone's geometry: the first frame it
		 * spans, how many frames it spans (holes included), how many of
		 * them are RAM, and the struct page of its first frame.  1 GiB,
		 * ZONE_NORMAL: start 4096, spanned 225280, present 225280,
		 * zone_mem_map = &mem_map[4096].  Checked by lab2.zones.*. */
		(void)zone;
		(void)absent;
		if (!zone_fits_node(pgdat, zone)) {
			zone->spanned_pages = zone->present_pages = 0;
			continue;
		}
		memmap_init_zone(zone->spanned_pages, j, zone->zone_start_pfn);
		pgdat->node_present_pages += zone->present_pages;
		if (zone->spanned_pages)
			pgdat->nr_zones = j + 1;
	}
}

/* The node's frames [0, max_pfn): mem_map first, then the zones. */
static void free_area_init_node(struct pglist_data *pgdat,
				const unsigned long *max_zone_pfns)
{
	pgdat->node_start_pfn = 0;
	pgdat->node_spanned_pages = max_pfn;
	pgdat->node_present_pages = 0;
	pgdat->nr_zones = 0;
	zone_init_free_lists(pgdat);
	alloc_node_mem_map(pgdat);
	if (!mem_map)
		return;
	free_area_init_core(pgdat, max_zone_pfns);
}

/* The boot log: zones as Linux 2.6.20 prints them, then the RAM ranges. */
static void print_zones(const struct pglist_data *pgdat)
{
	unsigned int j, i;

	printk("Zone PFN ranges:\n");
	for (j = 0; j < MAX_NR_ZONES; j++) {
		const struct zone *zone = &pgdat->node_zones[j];

		printk("  %-8s %8lu -> %8lu\n", zone_names[j], zone->zone_start_pfn,
		       zone->zone_start_pfn + zone->spanned_pages);
	}
	printk("early_node_map[%u] active PFN ranges\n", memblock.memory.cnt);
	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		printk("  %3d: %8lu -> %8lu\n", 0, (unsigned long)PFN_UP((u64)r->base),
		       (unsigned long)PFN_DOWN((u64)r->base + r->size));
	}
	printk("On node 0 totalpages: %lu\n", pgdat->node_present_pages);
	for (j = 0; j < MAX_NR_ZONES; j++)
		printk("  %s zone: %lu pages present of %lu spanned\n", zone_names[j],
		       pgdat->node_zones[j].present_pages,
		       pgdat->node_zones[j].spanned_pages);
}

/*
 * Where mem_map lives: its physical range and the frames that hold it.
 * 1 GiB: 262128 * 32 = 8388096 bytes (8191k), 2048 frames, the last one
 * not full.  Lab 1's 224 page tables took frames 4096-4319 first, so it
 * is 0x010e0000-0x018dfdff, frames 4320-6367.
 */
static void print_mem_map(const struct pglist_data *pgdat)
{
	unsigned long bytes = pgdat->node_spanned_pages * sizeof(struct page);
	unsigned long start = (unsigned long)__pa(mem_map);
	unsigned long end = start + bytes - 1;

	printk("mem_map: %luk at 0x%08lx-0x%08lx, %lu page frames (pfn %lu-%lu), "
	       "%lu struct pages of %lu bytes\n", bytes >> 10, start, end,
	       PFN_DOWN(end) - PFN_DOWN(start) + 1, PFN_DOWN(start), PFN_DOWN(end),
	       pgdat->node_spanned_pages, (unsigned long)sizeof(struct page));
}

void zone_sizes_init(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { 0 };	/* as Linux's memset */
	struct pglist_data *pgdat = NODE_DATA(0);

	if (WARN(mem_map, "zone_sizes_init: called again, mem_map is at %p\n",
		 (void *)mem_map))
		return;
	BUG_ON(!max_low_pfn);
	BUG_ON(max_low_pfn > max_pfn);
	/* TODO(2.4): Say where each zone ends, as the i386 code of Linux
	 * does: ZONE_DMA at 16 MiB (MAX_DMA_PFN: ISA devices have 24 address
	 * lines), ZONE_NORMAL where the direct map ends (max_low_pfn), and
	 * ZONE_HIGHMEM where high memory ends (highend_pfn).  Never mind a
	 * machine smaller than 16 MiB: zone_spanned_pages_in_node() cuts
	 * every zone to the node.  Checked by lab2.zones.boundaries. */
	max_zone_pfns[ZONE_DMA] = max_zone_pfns[ZONE_NORMAL] = 0;
	max_zone_pfns[ZONE_HIGHMEM] = 0;
	free_area_init_node(pgdat, max_zone_pfns);
	if (!mem_map) {
		printk("mm: mem_map not allocated (lab 2 step 2.3): "
		       "zones and struct pages stay empty\n");
		return;
	}
	print_zones(pgdat);
	print_mem_map(pgdat);
}

void *lowmem_page_address(const struct page *page)
{
	/* TODO(2.6): Return the direct-map address of the frame @p page
	 * describes: its pfn is its index in mem_map, its physical address
	 * pfn * PAGE_SIZE, and the direct map puts that at PAGE_OFFSET + it.
	 * &mem_map[4096] -> 0xC1000000.  Checked by lab2.address.*. */
	(void)page;
	return NULL;
}
