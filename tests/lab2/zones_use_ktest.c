/**
 * @file
 * Lab 2 in-kernel tests of what stands on mem_map and the zones
 * (zones_ktest.c checks those): the inline conversions of linux/mm.h
 * between frames, pages and addresses, page addresses (2.6), misuse, and
 * benchmarks of the conversions, on the machine the kernel booted on.
 *
 * Groups: convert (right once 2.3 is), address (2.6), misuse, bench.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <kit/ktest.h>
#include "zones_ktest.h"

extern unsigned int warn_count;

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
