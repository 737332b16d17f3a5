/**
 * @file
 * Lab 2 in-kernel tests, steps 2.3 to 2.5: mem_map, the zones and the
 * struct pages, on the machine the kernel booted on (any size: MEM=64 has
 * no highmem).
 *
 * Every test first asserts that mem_map exists: with step 2.3 undone it is
 * NULL and the tests fail there, cleanly, instead of dereferencing it.
 * What a test expects it works out itself, from max_pfn and max_low_pfn
 * (step 2.1 and 2.2's results, or the kit's stand-in for them), memblock
 * and the E820 table.  Checks over every frame walk the frames in a plain
 * loop, and memblock's tables range by range, never a memblock lookup per
 * frame: on 1 GiB that would cost Bochs hundreds of millions of
 * instructions.
 *
 * These tests also run at later stages, after lab 3's mem_init() has
 * handed the free frames to the buddy allocator (totalram_pages > 0).
 * Then only the frames boot reserved for good (holes, the first MiB, the
 * kernel image, mem_map, lab 1's page tables) are still as lab 2 left
 * them, and that is what the tests check.
 *
 * Groups: mem_map (2.3), zones (2.4), pages (2.5); what stands on them,
 * the conversions, page addresses (2.6), misuse and the benchmarks, is in
 * zones_use_ktest.c.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <kit/ktest.h>
#include "zones_ktest.h"

/* Expected [start, end) of zone @z, cut to the machine; returns the zone. */
static const struct zone *expected_span(enum zone_type z, unsigned long *start,
					unsigned long *end)
{
	unsigned long dma_end = min(DMA_END_PFN, max_low_pfn);
	unsigned long bounds[MAX_NR_ZONES + 1] = { 0, dma_end, max_low_pfn, max_pfn };

	*start = bounds[z];
	*end = bounds[z + 1];
	return &contig_page_data.node_zones[z];
}

/* Before lab 3's mem_init() every frame is still reserved. */
static bool buddy_running(void)
{
	return totalram_pages != 0;
}

/*
 * The first frame of [start, end) (cut to max_pfn) failing ok(), or
 * max_pfn.  Inlined, ok() with it, into each test that walks every frame:
 * a call per frame would cost more than the check itself.
 */
static __always_inline unsigned long first_failing(unsigned long start, unsigned long end,
						   bool (*ok)(const struct page *page))
{
	const struct page *map = mem_map;
	unsigned long pfn, stop = min(end, max_pfn);

	for (pfn = start; pfn < stop; pfn++)
		if (!ok(&map[pfn]))
			return pfn;
	return max_pfn;
}

/* The first of lab 1's page tables (under the kernel half) failing ok(), or max_pfn. */
static unsigned long first_page_table_failing(bool (*ok)(const struct page *page))
{
	unsigned long i, pfn;

	/* Only the direct map's tables: later labs' (vmalloc, pkmap, fixmap)
	 * come from the buddy allocator at run time, not from boot. */
	for (i = pgd_index(PAGE_OFFSET);
	     i <= pgd_index((unsigned long)high_memory - 1); i++) {
		pgd_t pgd = swapper_pg_dir[i];

		if (!pgd_present(pgd) || pgd_large(pgd))
			continue;
		pfn = pgd_val(pgd) >> PAGE_SHIFT;
		if (pfn < max_pfn && !ok(&mem_map[pfn]))
			return pfn;
	}
	return max_pfn;
}

/* The frames mem_map's bytes lie in: [*first, *last]. */
static void mem_map_frames(unsigned long *first, unsigned long *last)
{
	*first = PFN_DOWN(__pa(mem_map));
	*last = PFN_DOWN(__pa(mem_map + max_pfn) - 1);
}

/*
 * The first frame lab 2 leaves reserved for good that fails ok(), or
 * max_pfn.  Before mem_init() that is every frame.  After it, the frames
 * boot reserved and nobody frees: the holes between memblock's RAM
 * regions, the first MiB, the kernel image, mem_map and lab 1's page
 * tables.  (Not whatever memblock.reserved says now: code that ran since
 * may have reserved frames the buddy allocator already owns.)  Walked
 * range by range: a memblock lookup per frame would cost Bochs millions
 * of instructions.
 */
static __always_inline unsigned long first_kept_failing(bool (*ok)(const struct page *page))
{
	const struct memblock_type *mem = &memblock.memory;
	unsigned long prev = 0, bad, first, last;
	unsigned int i;

	if (!buddy_running())
		return first_failing(0, max_pfn, ok);
	bad = first_failing(0, 256, ok);
	for (i = 0; i < mem->cnt && bad == max_pfn; i++) {
		u64 base = mem->regions[i].base;

		bad = first_failing(prev, (unsigned long)PFN_UP(base), ok);
		prev = (unsigned long)PFN_DOWN(base + mem->regions[i].size);
	}
	mem_map_frames(&first, &last);
	if (bad == max_pfn)
		bad = first_failing(PFN_DOWN(__pa(_text)), PFN_UP(__pa(_end)), ok);
	if (bad == max_pfn)
		bad = first_failing(first, last + 1, ok);
	if (bad == max_pfn)
		bad = first_page_table_failing(ok);
	return bad;
}


/* ---- 2.3 mem_map ---------------------------------------------------------- */

KTEST(lab2, mem_map, allocated)
{
	KTEST_ASSERT(t, mem_map != NULL);
	KTEST_EXPECT(t, contig_page_data.node_mem_map == mem_map);
	KTEST_EXPECT_EQ(t, (unsigned long)mem_map & (PAGE_SIZE - 1), 0);
	/* In the direct map: its struct pages must be reachable at any time. */
	KTEST_EXPECT(t, (unsigned long)mem_map >= PAGE_OFFSET);
	KTEST_EXPECT(t, (void *)(mem_map + max_pfn) <= high_memory);
	KTEST_EXPECT_EQ(t, contig_page_data.node_spanned_pages, max_pfn);
}

KTEST(lab2, mem_map, above_zone_dma)
{
	phys_addr_t pa;

	KTEST_ASSERT(t, mem_map != NULL);
	pa = __pa(mem_map);
	/* memblock looks above 16 MiB first, so ISA DMA keeps its zone. */
	if (PFN_PHYS(max_low_pfn) >= MEMBLOCK_GOAL + 2 * max_pfn * sizeof(struct page))
		KTEST_EXPECT(t, pa >= MEMBLOCK_GOAL);
	KTEST_EXPECT(t, pa >= 0x100000);	/* never in the BIOS's first MiB */
	KTEST_EXPECT(t, pa >= __pa(_end) || pa + max_pfn * sizeof(struct page) <= __pa(_text));
}

KTEST(lab2, mem_map, every_frame_reserved_in_memblock)
{
	unsigned long first, last, pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	mem_map_frames(&first, &last);
	/* 1 GiB: 2048 frames, the last one only partly used. */
	KTEST_EXPECT_EQ(t, last - first + 1,
			DIV_ROUND_UP(max_pfn * sizeof(struct page), PAGE_SIZE));
	for (pfn = first; pfn <= last; pfn++)
		if (!KTEST_EXPECT(t, memblock_is_reserved(PFN_PHYS(pfn), PAGE_SIZE)))
			break;
}

/* ---- 2.4 zones ------------------------------------------------------------ */

KTEST(lab2, zones, boundaries)
{
	static const char *const names[] = { "DMA", "Normal", "HighMem" };
	unsigned int z;

	KTEST_ASSERT(t, mem_map != NULL);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long start, end;
		const struct zone *zone = expected_span(z, &start, &end);

		KTEST_EXPECT_EQ(t, zone->zone_start_pfn, start);
		KTEST_EXPECT_EQ(t, zone->spanned_pages, end - start);
		KTEST_EXPECT(t, zone->name && !strcmp(zone->name, names[z]));
	}
}

/*
 * RAM frames of [start, end) from the E820 table itself, not memblock:
 * each usable row rounded inwards to whole frames (Bochs's rows do not
 * overlap).
 */
static unsigned long e820_frames_in(unsigned long start, unsigned long end)
{
	unsigned long n = 0;
	u32 i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 first = (e->addr + PAGE_SIZE - 1) / PAGE_SIZE;
		u64 last = (e->addr + e->size) / PAGE_SIZE;

		if (e->type != E820_RAM)
			continue;
		first = max(first, (u64)start);
		last = min(last, (u64)end);
		if (first < last)
			n += (unsigned long)(last - first);
	}
	return n;
}

KTEST(lab2, zones, present)
{
	unsigned int z;

	KTEST_ASSERT(t, mem_map != NULL);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long start, end;

		expected_span(z, &start, &end);
		KTEST_EXPECT_EQ(t, contig_page_data.node_zones[z].present_pages,
				e820_frames_in(start, end));
	}
}

KTEST(lab2, zones, zone_mem_map)
{
	unsigned int z;

	KTEST_ASSERT(t, mem_map != NULL);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long start, end;
		const struct zone *zone = expected_span(z, &start, &end);

		KTEST_EXPECT(t, zone->zone_mem_map == &mem_map[start]);
	}
}

KTEST(lab2, zones, node)
{
	const struct pglist_data *pgdat = &contig_page_data;
	unsigned long ram = memblock_total(&memblock.memory) >> PAGE_SHIFT;
	unsigned long start, end;
	int z, nr_zones = 0;

	KTEST_ASSERT(t, mem_map != NULL);
	/* One past the highest zone that spans a frame: 3, or 2 with no highmem. */
	for (z = 0; z < MAX_NR_ZONES; z++) {
		expected_span(z, &start, &end);
		if (end > start)
			nr_zones = z + 1;
	}
	KTEST_EXPECT_EQ(t, pgdat->node_start_pfn, 0);
	KTEST_EXPECT_EQ(t, pgdat->node_present_pages, ram);
	KTEST_EXPECT_EQ(t, pgdat->nr_zones, nr_zones);
}

/* ---- 2.5 struct pages ----------------------------------------------------- */

/* The first frame whose zone is not the one its pfn says, or max_pfn. */
static unsigned long first_in_wrong_zone(void)
{
	const struct page *map = mem_map;
	unsigned long start, end, pfn;
	unsigned int z;

	/* Zone by zone: the spans tile [0, max_pfn), one zone number each. */
	for (z = 0; z < MAX_NR_ZONES; z++) {
		expected_span(z, &start, &end);
		for (pfn = start; pfn < end; pfn++)
			if (page_zonenum(&map[pfn]) != z)
				return pfn;
	}
	return max_pfn;
}

KTEST(lab2, pages, zone_of_every_frame)
{
	unsigned long pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	pfn = first_in_wrong_zone();
	if (pfn < max_pfn) {
		printk("lab2: frame %lu has zone %d, should have %d\n", pfn,
		       page_zonenum(&mem_map[pfn]), expected_zone(pfn));
		KTEST_EXPECT_EQ(t, page_zonenum(&mem_map[pfn]), expected_zone(pfn));
	}
}

static inline bool page_reserved(const struct page *page)
{
	return PageReserved(page);
}

KTEST(lab2, pages, reserved)
{
	unsigned long pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	pfn = first_kept_failing(page_reserved);
	if (pfn < max_pfn)
		printk("lab2: frame %lu should be PG_reserved\n", pfn);
	KTEST_EXPECT_EQ(t, pfn, max_pfn);
}

/* A reserved struct page as memmap_init_zone() leaves it. */
static inline bool page_is_pristine(const struct page *page)
{
	unsigned long flags = page->flags & ~(ZONES_MASK << ZONES_PGSHIFT);

	return flags == (1UL << PG_reserved) && page_count(page) == 1 &&
	       page->_mapcount == -1 && page->private == 0 && !page->mapping &&
	       page->index == 0 && list_empty(&page->lru);
}

KTEST(lab2, pages, initial_state)
{
	unsigned long pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	pfn = first_kept_failing(page_is_pristine);
	if (pfn < max_pfn) {
		const struct page *p = &mem_map[pfn];

		printk("lab2: frame %lu: flags %#lx _count %d _mapcount %d\n", pfn,
		       p->flags, p->_count, p->_mapcount);
		KTEST_EXPECT(t, page_is_pristine(p));
	}
}

KTEST(lab2, pages, mem_map_frames_reserved)
{
	unsigned long first, last, pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	mem_map_frames(&first, &last);
	for (pfn = first; pfn <= last; pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (!KTEST_EXPECT(t, PageReserved(page)) ||
		    !KTEST_EXPECT_EQ(t, page_zonenum(page), expected_zone(pfn)))
			break;
	}
	/* mem_map's own first frame, reached from its address. */
	KTEST_EXPECT(t, virt_to_page(mem_map) == pfn_to_page(first));
	KTEST_EXPECT(t, PageReserved(virt_to_page(mem_map)));
}

/*
 * Every struct page is written, and nothing after the last: the bytes
 * from &mem_map[max_pfn] to the end of mem_map's last frame are the rest
 * of memblock's zeroed allocation (512 bytes on 1 GiB and on 64 MiB), and
 * no one owns them.  A loop that runs one frame past a zone writes there
 * for the last zone, or for the empty HighMem zone of 64 MiB.
 */
KTEST(lab2, pages, nothing_past_mem_map)
{
	const u8 *p, *end;

	KTEST_ASSERT(t, mem_map != NULL);
	p = (const u8 *)(mem_map + max_pfn);
	end = (const u8 *)PAGE_ALIGN((unsigned long)p);
	KTEST_ASSERT(t, end - p >= (long)sizeof(struct page));
	for (; p < end; p++)
		if (!KTEST_EXPECT_EQ(t, *p, 0)) {
			printk("# lab2: byte %ld after mem_map[max_pfn] is written\n",
			       (long)(p - (const u8 *)(mem_map + max_pfn)));
			return;
		}
}

KTEST(lab2, pages, boot_areas_reserved)
{
	unsigned long pfn;

	KTEST_ASSERT(t, mem_map != NULL);
	/* The BIOS's first MiB: IVT, BDA, EBDA, VGA memory and ROMs. */
	for (pfn = 0; pfn < 256; pfn++)
		KTEST_EXPECT(t, PageReserved(pfn_to_page(pfn)));
	/* The kernel image, swapper_pg_dir included. */
	for (pfn = PFN_DOWN(__pa(_text)); pfn <= PFN_DOWN(__pa(_end) - 1); pfn++)
		KTEST_EXPECT(t, PageReserved(pfn_to_page(pfn)));
	KTEST_EXPECT(t, PageReserved(virt_to_page(swapper_pg_dir)));
	/* Lab 1's page tables, if it built any (4 KiB tables of the direct map). */
	KTEST_EXPECT_EQ(t, first_page_table_failing(page_reserved), max_pfn);
}

KTEST(lab2, pages, zone_edges)
{
	struct zone *zones = contig_page_data.node_zones;

	KTEST_ASSERT(t, mem_map != NULL);
	KTEST_EXPECT(t, page_zone(pfn_to_page(0)) == &zones[ZONE_DMA]);
	KTEST_EXPECT(t, !PageHighMem(pfn_to_page(0)));
	if (max_low_pfn > DMA_END_PFN) {
		KTEST_EXPECT(t, page_zone(pfn_to_page(DMA_END_PFN - 1)) == &zones[ZONE_DMA]);
		KTEST_EXPECT(t, page_zone(pfn_to_page(DMA_END_PFN)) == &zones[ZONE_NORMAL]);
	}
	KTEST_EXPECT(t, !PageHighMem(pfn_to_page(max_low_pfn - 1)));
	if (max_pfn > max_low_pfn) {
		KTEST_EXPECT(t, PageHighMem(pfn_to_page(max_low_pfn)));
		KTEST_EXPECT(t, page_zone(pfn_to_page(max_low_pfn)) == &zones[ZONE_HIGHMEM]);
		KTEST_EXPECT(t, PageHighMem(pfn_to_page(max_pfn - 1)));
		KTEST_EXPECT(t, is_highmem(page_zone(pfn_to_page(max_pfn - 1))));
	}
	KTEST_EXPECT(t, zone_spans_pfn(page_zone(pfn_to_page(max_pfn - 1)), max_pfn - 1));
}
