/**
 * @file
 * The core's test of memmap=: a range reserved from the command line
 * stays out of every allocator.
 *
 * It runs on a machine booted with memmap=nn$ss (tests/kernel/
 * machines_tests.sh boots one with memmap=4M$32M) and skips otherwise.
 * Each frame of the range must be outside memblock's memory and, once
 * mem_map exists, a reserved page that is not on a free list.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <kit/ktest.h>

KTEST(core, memmap, range_stays_reserved)
{
	u64 start = memmap_reserved_start, end = start + memmap_reserved_size;
	u64 pa;

	if (!memmap_reserved_size)
		KTEST_SKIP(t, "no memmap=nn$ss on the command line");
	for (pa = start & PAGE_MASK; pa < end && pa < max_pfn * (u64)PAGE_SIZE;
	     pa += PAGE_SIZE) {
		const struct page *page;

		if (!KTEST_EXPECT(t, !memblock_is_memory((phys_addr_t)pa, 1)))
			break;
		if (!mem_map)
			continue;	/* before lab 2: memblock is the only allocator */
		page = pfn_to_page((unsigned long)(pa >> PAGE_SHIFT));
		if (!KTEST_EXPECT(t, PageReserved(page) && !PageBuddy(page)))
			break;
	}
}
