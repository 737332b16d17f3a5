/**
 * @file
 * Lab 3: sizing the zone watermarks, Linux 2.6.20's
 * init_per_zone_pages_min() and setup_per_zone_pages_min().
 *
 * A zone keeps a reserve of free pages for allocations that must not fail
 * (GFP_ATOMIC from an interrupt handler cannot wait for memory to be
 * freed).  The reserve is sized once at boot from the low memory:
 *
 * @verbatim
 *   min_free_kbytes = int_sqrt(lowmem_kbytes * 16), within [128, 65536]
 *   1 GiB machine:  lowmem 229279 pages = 917116 KiB
 *                   int_sqrt(917116 * 16) = int_sqrt(14673856) = 3830 KiB
 *                   = 957 pages, shared by the low zones by size:
 *   zone     present  pages_min             pages_low      pages_high
 *   DMA         3999  957 * 3999 / 229279 = 16   16 + 4 = 20   16 + 8 = 24
 *   Normal    225280  957 * 225280 / 229279 = 940  940 + 235     940 + 470
 *   HighMem    32752  32752 / 1024 = 31 -> 32   32 + 34 = 66   32 + 68 = 100
 * @endverbatim
 *
 * (present pages depend on what lab 2 counts; these are the E820 RAM
 * frames of the Bochs machine.)  HighMem's pages_min is not a share: the
 * urgent allocations the reserve is for never take high pages, so it is
 * present / 1024 held to [32, 128]; but its low and high marks still grow
 * by its share (32752 pages: 957 * 32752 / 229279 = 136, so + 34 and + 68).
 *
 * An allocation first looks for a zone that stays above pages_low, then,
 * on a second pass, above pages_min; __GFP_HIGH takes half of min off, and
 * not being allowed to sleep another quarter.  That check,
 * zone_watermark_ok(), runs on every allocation, so it lives beside the
 * allocator in page_alloc.c, where the compiler can inline it.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/div64.h>

/** Linux's default until the boot computes it. */
int min_free_kbytes = 1024;

/* Largest r with r * r <= x, one bit of r at a time from the top. */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit;

	for (bit = 1UL << (sizeof(long) * 8 / 2 - 1); bit; bit >>= 1)
		if ((r + bit) * (r + bit) <= x)
			r += bit;
	return r;
}

/* Pages of RAM in the zones that are not HighMem. */
static unsigned long lowmem_present_pages(void)
{
	unsigned long pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (!is_highmem(zone))
			pages += zone->present_pages;
	return pages;
}

void init_per_zone_pages_min(void)
{
	unsigned long lowmem_kbytes = lowmem_present_pages() * (PAGE_SIZE >> 10);

	min_free_kbytes = (int)int_sqrt(lowmem_kbytes * 16);
	if (min_free_kbytes < 128)
		min_free_kbytes = 128;
	if (min_free_kbytes > 65536)
		min_free_kbytes = 65536;
	setup_per_zone_pages_min();
}

void setup_per_zone_pages_min(void)
{
	/* TODO(3.6): Turn min_free_kbytes into pages (KiB / 4) and share
	 * them among the low zones in proportion to their present pages:
	 * share = pages * present / lowmem_present_pages(), in 64 bits
	 * (div_u64(): 16384 * 786432 does not fit in 32).  A low zone's
	 * pages_min is its share; HighMem's is present / 1024 held to
	 * [32, 128].  Then pages_low = pages_min + share / 4 and
	 * pages_high = pages_min + share / 2.  No low memory at all (lab 2
	 * not done): leave the zones alone.  Checked by lab3.watermark.formula. */
}
