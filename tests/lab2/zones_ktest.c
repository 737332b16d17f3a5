/**
 * @file
 * Lab 2 in-kernel tests, steps 2.3 to 2.6: mem_map, the zones, the struct
 * pages and the conversions between frames, pages and addresses, on the
 * machine the kernel booted on (any size: MEM=64 has no highmem).
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
 * Groups: mem_map (2.3), zones (2.4), pages (2.5), convert (the inline
 * conversions of linux/mm.h, right once 2.3 is), address (2.6), misuse,
 * bench.
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

extern unsigned int warn_count;

#define DMA_END_PFN	4096UL		/* 16 MiB */

/* The zone frame pfn must be in, from the boundaries alone. */
static enum zone_type expected_zone(unsigned long pfn)
{
	if (pfn < DMA_END_PFN)
		return ZONE_DMA;
	return pfn < max_low_pfn ? ZONE_NORMAL : ZONE_HIGHMEM;
}

/* Expected [start, end) of each zone, cut to the machine. */
static void expected_span(enum zone_type z, unsigned long *start, unsigned long *end)
{
	unsigned long dma_end = min(DMA_END_PFN, max_low_pfn);
	unsigned long bounds[MAX_NR_ZONES + 1] = { 0, dma_end, max_low_pfn, max_pfn };

	*start = bounds[z];
	*end = bounds[z + 1];
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
		const struct zone *zone = &contig_page_data.node_zones[z];
		unsigned long start, end;

		expected_span(z, &start, &end);
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
		const struct zone *zone = &contig_page_data.node_zones[z];
		unsigned long start, end;

		expected_span(z, &start, &end);
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
	unsigned long pfn, i;

	KTEST_ASSERT(t, mem_map != NULL);
	/* The BIOS's first MiB: IVT, BDA, EBDA, VGA memory and ROMs. */
	for (pfn = 0; pfn < 256; pfn++)
		KTEST_EXPECT(t, PageReserved(pfn_to_page(pfn)));
	/* The kernel image, swapper_pg_dir included. */
	for (pfn = PFN_DOWN(__pa(_text)); pfn <= PFN_DOWN(__pa(_end) - 1); pfn++)
		KTEST_EXPECT(t, PageReserved(pfn_to_page(pfn)));
	KTEST_EXPECT(t, PageReserved(virt_to_page(swapper_pg_dir)));
	/* Lab 1's page tables, if it built any (4 KiB tables of the direct map). */
	for (i = pgd_index(PAGE_OFFSET);
	     i <= pgd_index((unsigned long)high_memory - 1); i++) {
		pgd_t pgd = swapper_pg_dir[i];

		if (!pgd_present(pgd) || pgd_large(pgd))
			continue;
		pfn = pgd_val(pgd) >> PAGE_SHIFT;
		if (pfn < max_pfn)
			KTEST_EXPECT(t, PageReserved(pfn_to_page(pfn)));
	}
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

/* ---- the conversions of linux/mm.h, over mem_map -------------------------- */

/* Frames at the zone edges, and a few inside. */
static unsigned int edge_frames(unsigned long *pfns)
{
	unsigned long cand[] = { 0, 1, 159, 256, DMA_END_PFN - 1, DMA_END_PFN,
				 max_low_pfn - 1, max_low_pfn, max_pfn - 1 };
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(cand); i++)
		if (cand[i] < max_pfn)
			pfns[n++] = cand[i];
	return n;
}

KTEST(lab2, convert, pfn_round_trip)
{
	unsigned long pfns[9];
	unsigned int i, n;

	KTEST_ASSERT(t, mem_map != NULL);
	n = edge_frames(pfns);
	for (i = 0; i < n; i++) {
		struct page *page = pfn_to_page(pfns[i]);

		KTEST_EXPECT(t, page == &mem_map[pfns[i]]);
		KTEST_EXPECT_EQ(t, page_to_pfn(page), pfns[i]);
	}
}

KTEST(lab2, convert, zone_mem_map_agrees)
{
	unsigned long pfns[9];
	unsigned int i, n;

	KTEST_ASSERT(t, mem_map != NULL);
	n = edge_frames(pfns);
	for (i = 0; i < n; i++) {
		const struct zone *zone = &contig_page_data.node_zones[expected_zone(pfns[i])];

		KTEST_EXPECT(t, zone->zone_mem_map + (pfns[i] - zone->zone_start_pfn) ==
			     pfn_to_page(pfns[i]));
	}
}

KTEST(lab2, convert, virt_to_page)
{
	static int in_bss;
	phys_addr_t pas[] = { 0, 0x1000, 0x9E123, __pa(_text), __pa(&in_bss),
			      __pa(mem_map), PFN_PHYS(max_low_pfn) - 1 };
	unsigned int i;

	KTEST_ASSERT(t, mem_map != NULL);
	for (i = 0; i < ARRAY_SIZE(pas); i++)
		KTEST_EXPECT(t, virt_to_page(__va(pas[i])) == pfn_to_page(pas[i] >> PAGE_SHIFT));
	KTEST_EXPECT_EQ(t, page_to_pfn(virt_to_page(&in_bss)), __pa(&in_bss) >> PAGE_SHIFT);
}

/* ---- 2.6 addresses of pages ----------------------------------------------- */

KTEST(lab2, address, lowmem)
{
	unsigned long pfns[9];
	unsigned int i, n;

	KTEST_ASSERT(t, mem_map != NULL);
	n = edge_frames(pfns);
	for (i = 0; i < n; i++) {
		if (pfns[i] >= max_low_pfn)
			continue;
		KTEST_EXPECT(t, lowmem_page_address(pfn_to_page(pfns[i])) ==
			     __va(PFN_PHYS(pfns[i])));
		KTEST_EXPECT(t, page_address(pfn_to_page(pfns[i])) == __va(PFN_PHYS(pfns[i])));
	}
	/* 16 MiB is 0xC1000000 in the direct map. */
	if (max_low_pfn > DMA_END_PFN)
		KTEST_EXPECT_EQ(t, __cpu_addr(lowmem_page_address(pfn_to_page(DMA_END_PFN))),
				0xC1000000);
}

KTEST(lab2, address, round_trip)
{
	static char buf[100];
	const void *ptrs[] = { buf, buf + 99, mem_map, _text, swapper_pg_dir };
	unsigned int i;

	KTEST_ASSERT(t, mem_map != NULL);
	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		KTEST_EXPECT(t, page_address(virt_to_page(ptrs[i])) ==
			     (void *)((unsigned long)ptrs[i] & PAGE_MASK));
}

KTEST(lab2, address, highmem_has_none)
{
	KTEST_ASSERT(t, mem_map != NULL);
	KTEST_ASSERT(t, lowmem_page_address(pfn_to_page(0)) == __va(0));
	if (max_pfn == max_low_pfn)
		KTEST_SKIP(t, "no highmem on this machine");
	/* No kmap() has mapped it: a high page has no kernel address. */
	KTEST_EXPECT(t, page_address(pfn_to_page(max_pfn - 1)) == NULL);
	KTEST_EXPECT(t, page_address(pfn_to_page(max_low_pfn)) == NULL);
}

/* ---- misuse ---------------------------------------------------------------- */

KTEST(lab2, misuse, zone_sizes_init_twice)
{
	struct zone before = contig_page_data.node_zones[ZONE_NORMAL];
	struct page *map = mem_map;
	unsigned long flags0;
	unsigned int w = warn_count;

	KTEST_ASSERT(t, mem_map != NULL);
	flags0 = mem_map[0].flags;
	/* A second call would leak mem_map and wipe every page's state. */
	zone_sizes_init();
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT(t, mem_map == map);
	KTEST_EXPECT_EQ(t, mem_map[0].flags, flags0);
	KTEST_EXPECT_EQ(t, contig_page_data.node_zones[ZONE_NORMAL].spanned_pages,
			before.spanned_pages);
	KTEST_EXPECT_EQ(t, contig_page_data.node_zones[ZONE_NORMAL].present_pages,
			before.present_pages);
}

/* ---- bench: emulated instructions per conversion -------------------------- */

static unsigned long bench_pfn;
static struct page *bench_page;
static void *bench_kaddr;

static void do_pfn_to_page(void *arg)
{
	struct page *volatile sink = pfn_to_page(*(volatile unsigned long *)arg);

	(void)sink;
}

static void do_page_to_pfn(void *arg)
{
	volatile unsigned long sink = page_to_pfn(*(struct page *volatile *)arg);

	(void)sink;
}

static void do_page_zone(void *arg)
{
	struct zone *volatile sink = page_zone(*(struct page *volatile *)arg);

	(void)sink;
}

static void do_virt_to_page(void *arg)
{
	struct page *volatile sink = virt_to_page(*(void *volatile *)arg);

	(void)sink;
}

static void do_page_address(void *arg)
{
	void *volatile sink = page_address(*(struct page *volatile *)arg);

	(void)sink;
}

/* A low frame in ZONE_NORMAL when there is one: 32 MiB. */
static void bench_setup(void)
{
	bench_pfn = min(8192UL, max_low_pfn - 1);
	bench_page = pfn_to_page(bench_pfn);
	bench_kaddr = __va(PFN_PHYS(bench_pfn) + 0x123);
}

KTEST(lab2, bench, pfn_to_page)
{
	KTEST_ASSERT(t, mem_map != NULL);
	bench_setup();
	ktest_bench("pfn_to_page", do_pfn_to_page, &bench_pfn, 1000);
	KTEST_EXPECT(t, pfn_to_page(bench_pfn) == &mem_map[bench_pfn]);
}

KTEST(lab2, bench, page_to_pfn)
{
	KTEST_ASSERT(t, mem_map != NULL);
	bench_setup();
	ktest_bench("page_to_pfn", do_page_to_pfn, &bench_page, 1000);
	KTEST_EXPECT_EQ(t, page_to_pfn(bench_page), bench_pfn);
}

KTEST(lab2, bench, page_zone)
{
	KTEST_ASSERT(t, mem_map != NULL);
	bench_setup();
	ktest_bench("page_zone", do_page_zone, &bench_page, 1000);
	KTEST_EXPECT(t, page_zone(bench_page) ==
		     &contig_page_data.node_zones[expected_zone(bench_pfn)]);
}

KTEST(lab2, bench, virt_to_page)
{
	KTEST_ASSERT(t, mem_map != NULL);
	bench_setup();
	ktest_bench("virt_to_page", do_virt_to_page, &bench_kaddr, 1000);
	KTEST_EXPECT(t, virt_to_page(bench_kaddr) == bench_page);
}

KTEST(lab2, bench, page_address)
{
	KTEST_ASSERT(t, mem_map != NULL);
	bench_setup();
	ktest_bench("page_address(low page)", do_page_address, &bench_page, 1000);
	KTEST_EXPECT(t, page_address(bench_page) == __va(PFN_PHYS(bench_pfn)));
}
