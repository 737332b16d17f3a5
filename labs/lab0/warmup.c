/**
 * @file
 * Lab 0: page-frame arithmetic (see kit/warmup.h for the interface).
 *
 * Write each function without the PFN_UP/PFN_DOWN macros of asm/page.h:
 * the point is to see the shifts and masks for yourself.
 */
#include <kit/warmup.h>
#include <asm/page.h>

unsigned long pfn_down(phys_addr_t addr)
{
	/* TODO(0.1): Drop the offset bits: the frame number is what remains
	 * above the low PAGE_SHIFT bits.  Checked by lab0.pfn.down. */
	(void)addr;
	return 0;
}

unsigned long pfn_up(phys_addr_t addr)
{
	/* TODO(0.2): Round up to the next frame boundary first, then drop the
	 * offset.  Beware the top of memory: 0xFFFFF001 must give 0x100000,
	 * so do the sum in a type wider than 32 bits.  Checked by lab0.pfn.up. */
	(void)addr;
	return 0;
}

unsigned int get_order(unsigned long size)
{
	/* TODO(0.3): Count how many times the number of pages, minus one,
	 * can be halved before it reaches zero: (size - 1) >> PAGE_SHIFT is
	 * 0 for one page (order 0), 1 for two (order 1), 2 or 3 for three or
	 * four (order 2).  Checked by lab0.order.exact and lab0.order.boundaries. */
	(void)size;
	return 0;
}
