/**
 * @file
 * Lab 3: mem_init(), the hand-over from the early allocator to the buddy
 * allocator (Linux 2.6.20's arch/i386/mm/init.c: free_all_bootmem() and
 * set_highmem_pages_init(), then the boot log).
 *
 * Until now memblock has been the allocator: mem_map, the page tables and
 * the kernel image are its reserved ranges, and every struct page is
 * PG_reserved (lab 2).  mem_init() gives the buddy allocator every frame
 * memblock still has free, low and high, in the biggest aligned blocks
 * that fit, so that the lists start as merged as they can be:
 *
 * @verbatim
 *   1 GiB machine, the free range [0x18e0, 0x3fff0) of pfns (after lab 1's
 *   page tables and lab 2's mem_map), cut at the zone boundaries:
 *     Normal:  0x18e0 (order 5), 0x1900 (8), 0x1a00 (9), 0x1c00 (10),
 *              0x2000 (10), ... 0x37c00 (10)
 *     HighMem: 0x38000 (10), ... 0x3f800 (10), 0x3fc00 (9), 0x3fe00 (8),
 *              0x3ff00 (7), 0x3ff80 (6), 0x3ffc0 (5), 0x3ffe0 (4)
 *   each block: the biggest order the pfn's alignment allows (0x18e0 is
 *   a multiple of 32, not 64: order 5), cut down until it fits in what is
 *   left of the range, at most MAX_ORDER - 1
 * @endverbatim
 *
 * 1 GiB is 262144 frames, and Bochs runs some 70 million instructions a
 * second: freeing page by page would send every frame up the merge loop
 * (up to MAX_ORDER - 1 merges each) to rebuild blocks that were whole to
 * begin with; freeing the big blocks straight away costs one free per
 * block, a few hundred for 1 GiB.
 *
 * Then it prints Linux's two boot-log blocks, so the boot can be set
 * beside a real i386 kernel's:
 *
 * @verbatim
 *   Memory: FREEk/TOTALk available (CODEk kernel code, RESk reserved, DATAk data, INITk init, HIGHk highmem)
 *   virtual kernel memory layout:
 *       fixmap  : 0xSTART - 0xEND   (SIZE kB)
 *       ...       the same for pkmap, vmalloc and lowmem (in MB), then
 *                 the kernel's .init, .data and .text sections
 * @endverbatim
 *
 * (book/lab3.md, "What you see", boots the kernel and shows both blocks
 * as the 1 GiB machine prints them.)
 *
 * "available" is what the free lists hold, out of max_pfn frames; the
 * "reserved" are low RAM frames still PG_reserved; highmem is what this
 * function freed above max_low_pfn.
 *
 * After mem_init() memblock keeps its tables (memblock=debug still dumps
 * them) but must not allocate any more: a frame it gave out now would
 * also be on a free list.  Nothing enforces that (the kit decided to
 * leave memblock as it is); lab3.meminit.memblock_agrees checks that every
 * frame memblock calls free went to the buddy allocator.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/fixmap.h>
#include <asm/highmem.h>
#include <asm/pgtable.h>
#include <asm/sections.h>

/* ---- 3.2: handing frames over -------------------------------------------- */

/* Make the 2^order frames at @page the buddy allocator's, free. */
static inline void free_boot_block(struct page *page, unsigned int order)
{
	/* TODO(3.2): Every page of the block stops being reserved and gets
	 * the state of a free page: no references (_count 0), not mapped
	 * (_mapcount -1).  Then hand the block over the way any owner frees
	 * one: the first page holds the one reference and its order
	 * (private), and __free_pages() does the rest.
	 * Checked by lab3.meminit.*. */
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
		page[i]._mapcount = -1;
	}
	set_page_count(page, 1);
	page->private = order;
	__free_pages(page, order);
	/* END TODO stub: (void)page; (void)order; */
}

/* Free the frames [start, end), all in one zone, in the biggest blocks. */
static inline unsigned long free_pfn_range(unsigned long start, unsigned long end)
{
	/* TODO(3.2): Cut the range into blocks from the left: at each pfn
	 * take the biggest order (at most MAX_ORDER - 1) whose block starts
	 * there (the pfn is a multiple of 2^order) and ends by @p end, and
	 * free it with free_boot_block().  pfn 0x18e0, a multiple of 32 but
	 * not of 64: order 5 (if 32 frames are left), then 0x1900: order 8.
	 * Return how many frames were freed.  Checked by lab3.meminit.*. */
	unsigned long pfn = start;

	while (pfn < end) {
		unsigned int order = MAX_ORDER - 1;

		while ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > end)
			order--;
		free_boot_block(pfn_to_page(pfn), order);
		pfn += 1UL << order;
	}
	return end > start ? end - start : 0;
	/* END TODO stub: (void)start; (void)end; return 0; */
}

/* Free every frame memblock has not handed out; count them. */
static void free_all_memblock(void)
{
	/* TODO(3.2): Walk memblock's free ranges (memblock_next_free_range(),
	 * from 0, then from the end of the last range), take the whole
	 * frames of each below max_pfn, cut them where a zone ends (a block
	 * never spans two zones), and free each piece with free_pfn_range().
	 * Count every frame freed in totalram_pages, and those of ZONE_HIGHMEM
	 * in totalhigh_pages too.  Checked by lab3.meminit.*. */
	phys_addr_t start, end, from = 0;

	totalram_pages = totalhigh_pages = 0;
	while (memblock_next_free_range(from, &start, &end)) {
		unsigned long pfn = PFN_UP(start), last = min(PFN_DOWN(end), max_pfn);
		struct zone *zone;

		for_each_zone(zone) {
			unsigned long zs = zone->zone_start_pfn;
			unsigned long ze = zs + zone->spanned_pages;
			unsigned long n = free_pfn_range(max(pfn, zs), min(last, ze));

			totalram_pages += n;
			if (is_highmem(zone))
				totalhigh_pages += n;
		}
		if (end <= from)	/* a range that ends at 4 GiB wraps to 0 */
			break;
		from = end;
	}
	/* END TODO stub: */
}

/* ---- the boot log (given) ------------------------------------------------ */

/* Start every zone's free lists empty (lab 2 may have done so already). */
static void init_free_lists(void)
{
	struct zone *zone;
	unsigned int order;

	for_each_zone(zone) {
		zone->free_pages = 0;
		for (order = 0; order < MAX_ORDER; order++) {
			INIT_LIST_HEAD(&zone->free_area[order].free_list);
			zone->free_area[order].nr_free = 0;
		}
	}
}

/* Low RAM frames still PG_reserved: BIOS areas, the image, memblock's allocations. */
static unsigned long count_reserved_lowmem(void)
{
	unsigned long count = 0, pfn;
	unsigned int i;

	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		unsigned long end = min(PFN_DOWN((u64)r->base + r->size), max_low_pfn);

		for (pfn = PFN_UP(r->base); pfn < end; pfn++)
			count += PageReserved(pfn_to_page(pfn));
	}
	return count;
}

static void print_memory_line(void)
{
	unsigned long code = _etext - _text, data = _edata - _etext;
	unsigned long init = __init_end - __init_begin;

	printk("Memory: %luk/%luk available (%luk kernel code, %luk reserved, "
	       "%luk data, %luk init, %luk highmem)\n",
	       nr_free_pages() << (PAGE_SHIFT - 10), max_pfn << (PAGE_SHIFT - 10),
	       code >> 10, count_reserved_lowmem() << (PAGE_SHIFT - 10),
	       data >> 10, init >> 10, totalhigh_pages << (PAGE_SHIFT - 10));
}

/* One row of the layout, e.g. "    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)". */
static void print_area(const char *label, unsigned long start,
		       unsigned long end, unsigned int shift)
{
	printk("    %s: 0x%08lx - 0x%08lx   (%4lu %s)\n", label, start, end,
	       (end - start) >> shift, shift == 20 ? "MB" : "kB");
}

static void print_layout(void)
{
	/* Linux checks the same: each area ends before the next begins. */
	BUG_ON(PKMAP_BASE + LAST_PKMAP * PAGE_SIZE > FIXADDR_START);
	BUG_ON(VMALLOC_END > PKMAP_BASE);
	BUG_ON(VMALLOC_START > VMALLOC_END);
	BUG_ON((unsigned long)high_memory > VMALLOC_START);

	printk("virtual kernel memory layout:\n");
	print_area("fixmap  ", FIXADDR_START, FIXADDR_TOP, 10);
	print_area("pkmap   ", PKMAP_BASE, PKMAP_BASE + LAST_PKMAP * PAGE_SIZE, 10);
	print_area("vmalloc ", VMALLOC_START, VMALLOC_END, 20);
	print_area("lowmem  ", PAGE_OFFSET, (unsigned long)high_memory, 20);
	print_area("  .init ", (unsigned long)__init_begin, (unsigned long)__init_end, 10);
	print_area("  .data ", (unsigned long)_etext, (unsigned long)_edata, 10);
	print_area("  .text ", (unsigned long)_text, (unsigned long)_etext, 10);
}

void mem_init(void)
{
	BUG_ON(!mem_map);
	init_free_lists();
	free_all_memblock();
	print_memory_line();
	print_layout();
	init_per_zone_pages_min();
}
