/**
 * @file
 * mm_init(): bring memory management up, as far as the stage's labs go.
 *
 * The order is Linux 2.6.20's setup_arch() / start_kernel() order:
 *
 * @verbatim
 *   find_max_pfn, find_max_low_pfn   lab 2  how much RAM, how much of it low
 *   paging_init                      lab 1  swapper_pg_dir: the direct map
 *   zone_sizes_init                  lab 2  zones, mem_map, struct pages
 *   mem_init                         lab 3  free pages to the buddy allocator
 * @endverbatim
 *
 * Before lab 2 exists (stage 1) the kit sizes low memory itself with the
 * simplest rule, so lab 1 has something to map.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <kit/cmdline.h>

#if CONFIG_LAB == 1
/* Stage 1's stand-in for lab 2's find_max_pfn() and find_max_low_pfn(). */
static void early_find_pfns(void)
{
	max_pfn = e820_end_of_ram_pfn();
	max_low_pfn = min(max_pfn, (unsigned long)(MAXMEM >> PAGE_SHIFT));
	highstart_pfn = highend_pfn = max_low_pfn;
}
#endif

/* After a stage's setup, print what the command line asks for. */
static void show_requested(void)
{
#if CONFIG_LAB >= 3
	if (cmdline_has("show.buddyinfo"))
		show_buddyinfo();
	if (cmdline_has("show.zoneinfo"))
		show_zoneinfo();
#endif
}

void mm_init(void)
{
#if CONFIG_LAB >= 1
#if CONFIG_LAB >= 2
	find_max_pfn();
	max_low_pfn = find_max_low_pfn();
#else
	early_find_pfns();
#endif
	high_memory = __va(PFN_PHYS(max_low_pfn));
	memblock.current_limit = PFN_PHYS(max_low_pfn);
	paging_init();
#endif
#if CONFIG_LAB >= 2
	zone_sizes_init();
#endif
#if CONFIG_LAB >= 3
	mem_init();
#endif
	show_requested();
}
