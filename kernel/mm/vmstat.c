/**
 * @file
 * The buddy allocator's counters, printed as Linux's /proc files print
 * them (Linux 2.6.20's mm/vmstat.c), and nr_free_pages().
 *
 * The kit has no /proc: the kernel prints these at the end of mm_init()
 * when the command line says `show.buddyinfo` or `show.zoneinfo`, and a
 * test or a debugging session may call them at any time.
 *
 * /proc/buddyinfo: one line per zone with memory, the number of free
 * blocks of each order 0..10 (blocks, not pages: "3" under order 10 is
 * 3072 pages).  The 1 GiB machine just after boot:
 *
 * @verbatim
 *   Node 0, zone      DMA      0      1      1      1      0      0      1      1      0      1      3
 *   Node 0, zone   Normal      0      0      0      0      0      1      0      0      1      1    217
 *   Node 0, zone  HighMem      0      0      0      0      1      1      1      1      1      1     31
 * @endverbatim
 *
 * /proc/zoneinfo: the same zones' counters and watermarks, in pages.  The
 * kit prints the fields it has, in 2.6.20's layout:
 *
 * @verbatim
 *   Node 0, zone   Normal
 *     pages free     223008
 *           min      940
 *           low      1175
 *           high     1410
 *           spanned  225280
 *           present  225280
 *     start_pfn:         4096
 * @endverbatim
 *
 * This file is the kit's, not a lab's: it only reads what lab 2 (the
 * zones) and lab 3 (the free lists) maintain, and prints nothing for a
 * zone without memory, so it is safe in any stage from lab 3 on, even with
 * the labs still skeletons.
 */
#include <linux/kernel.h>
#include <linux/mm.h>

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone->free_pages;
	return sum;
}

void show_buddyinfo(void)
{
	struct zone *zone;
	unsigned int order;

	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		printk("Node 0, zone %8s ", zone->name);
		for (order = 0; order < MAX_ORDER; order++)
			printk("%6lu ", zone->free_area[order].nr_free);
		printk("\n");
	}
}

void show_zoneinfo(void)
{
	struct zone *zone;

	for_each_zone(zone) {
		if (!populated_zone(zone))
			continue;
		printk("Node 0, zone %8s\n", zone->name);
		printk("  pages free     %lu\n", zone->free_pages);
		printk("        min      %lu\n", zone->pages_min);
		printk("        low      %lu\n", zone->pages_low);
		printk("        high     %lu\n", zone->pages_high);
		printk("        spanned  %lu\n", zone->spanned_pages);
		printk("        present  %lu\n", zone->present_pages);
		printk("  start_pfn:         %lu\n", zone->zone_start_pfn);
	}
}
