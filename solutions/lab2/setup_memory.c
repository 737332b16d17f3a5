/**
 * @file
 * Lab 2, steps 2.1 and 2.2: how much RAM the machine has, and how much of
 * it the kernel can map directly (Linux 2.6.20's find_max_pfn() and
 * find_max_low_pfn(), from arch/i386/kernel/setup.c).
 *
 * The answer is three page-frame numbers.  On the default 1 GiB machine:
 *
 * @verbatim
 *   physical memory
 *   0       16 MiB                      896 MiB          1 GiB - 64 KiB
 *   |-------|---------------------------|----------------|   ... 4 GiB
 *   pfn 0   4096                        229376           262128
 *                                       max_low_pfn      max_pfn
 *                                       = highstart_pfn  = highend_pfn
 *   |<------ lowmem: in the direct map ---->|<-- highmem -->|
 * @endverbatim
 *
 * - max_pfn: one past the last page frame of usable RAM (E820 type 1)
 *   below 4 GiB.  Only whole frames count: a row that starts or ends in
 *   the middle of a page loses the partial page.
 * - max_low_pfn: one past the last frame the direct map covers, at most
 *   MAXMEM / 4096 = 896 MiB / 4 KiB = 229376 (the kernel keeps the other
 *   128 MiB of its 1 GiB of addresses for vmalloc, kmap and fixmap).
 * - highstart_pfn .. highend_pfn: high memory, empty when all RAM is low.
 *
 * Invariant after both calls: max_low_pfn <= max_pfn <= 1 << 20 (4 GiB),
 * highstart_pfn == max_low_pfn and highend_pfn == max_pfn.
 *
 * mm_init() (kernel/mm/mm_init.c) calls them in this order, then sets
 * high_memory = __va(max_low_pfn << PAGE_SHIFT).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>

/** One past the last frame the direct map can hold: 896 MiB / 4 KiB = 229376. */
#define MAXMEM_PFN	((unsigned long)PFN_DOWN(MAXMEM))
/** One past the last frame a 32-bit page table entry can name: 4 GiB / 4 KiB. */
#define MAX_NONPAE_PFN	(1UL << 20)
/** 4 GiB, as a 64-bit byte address (a phys_addr_t cannot hold it). */
#define FOUR_GB		0x100000000ULL
/** Pages to MiB, rounding down: 32752 pages >> 8 = 127 MB. */
#define pages_to_mb(x)	((x) >> (20 - PAGE_SHIFT))

/* True if some usable E820 row reaches past 4 GiB (a PAE machine). */
static bool e820_has_ram_above_4g(void)
{
	u32 i;

	for (i = 0; i < e820.nr_map; i++)
		if (e820.map[i].type == E820_RAM &&
		    e820.map[i].addr + e820.map[i].size > FOUR_GB)
			return true;
	return false;
}

void find_max_pfn(void)
{
	/* TODO(2.1): Set max_pfn to one past the last whole page frame of
	 * usable RAM (rows of type E820_RAM in the e820 table) below 4 GiB.
	 * Round each row inwards: its first whole frame is its start rounded
	 * up, its end frame is its end rounded down.  A row that holds no
	 * whole frame counts for nothing, and RAM at or above 4 GiB is ignored
	 * (no PAE).  Do the arithmetic in 64 bits: addr + size of the last
	 * row can be 4 GiB or more.  1 GiB Bochs machine: RAM ends at
	 * 0x3FFF0000, so max_pfn = 0x3FFF0 = 262128.
	 * Checked by lab2.max_pfn.*. */
	u32 i;

	max_pfn = 0;
	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 start = PFN_UP(e->addr);
		u64 end = PFN_DOWN(e->addr + e->size);

		if (e->type != E820_RAM)
			continue;
		end = min(end, (u64)MAX_NONPAE_PFN);
		if (start < end && end > max_pfn)
			max_pfn = (unsigned long)end;
	}
	/* END TODO stub: max_pfn = 0; */
}

unsigned long find_max_low_pfn(void)
{
	/*
	 * Linux 2.6.20's warning, word for word, for RAM a 32-bit page table
	 * entry cannot reach (its CONFIG_HIGHMEM64G is the PAE kernel).
	 */
	if (e820_has_ram_above_4g()) {
		printk("Warning only 4GB will be used.\n");
		printk("Use a HIGHMEM64G enabled kernel.\n");
	}
	/* TODO(2.2): Return how many frames the direct map covers: all of
	 * RAM up to MAXMEM_PFN (896 MiB), no more.  Also set highstart_pfn
	 * and highend_pfn to where high memory starts and ends (both
	 * max_pfn when there is none), and print, as Linux 2.6.20 does,
	 * "127MB HIGHMEM available." (only when there is high memory) and
	 * then "896MB LOWMEM available." (sizes in MiB, rounded down, with
	 * pages_to_mb()).  64 MiB machine: 16368 frames, "63MB LOWMEM
	 * available." and no HIGHMEM line.
	 * Checked by lab2.max_low_pfn.* (and the boot log, by the host tests). */
	unsigned long low = min(max_pfn, MAXMEM_PFN);
	highstart_pfn = highend_pfn = max_pfn;
	if (max_pfn > low)
		highstart_pfn = low;
	if (highend_pfn > highstart_pfn)
		printk("%luMB HIGHMEM available.\n",
		       pages_to_mb(highend_pfn - highstart_pfn));
	printk("%luMB LOWMEM available.\n", pages_to_mb(low));
	return low;
	/* END TODO stub: return 0; */
}
