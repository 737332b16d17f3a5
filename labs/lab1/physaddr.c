/**
 * @file
 * Lab 1: __phys_addr() and virt_addr_valid(), the checked direct map.
 *
 * __pa() is plain arithmetic, x - PAGE_OFFSET, and it gives an answer for
 * any x, meaningful or not.  Only the direct map makes it true:
 *
 * @verbatim
 *   0xFFFFFFFF +----------------------+
 *              | fixmap, pkmap,       |  __pa() = garbage: these pages map
 *              | vmalloc, the hole    |  frames chosen one at a time
 *   high_memory+----------------------+  0xF8000000 with 1 GiB of RAM
 *              | direct map           |  __pa(x) = x - 0xC0000000: true
 *   PAGE_OFFSET+----------------------+
 *              | user space           |  __pa() = garbage (it "wraps")
 *   0x00000000 +----------------------+
 *
 *   __pa(0xF8801000), a vmalloc address, says 0x38801000: a frame that is
 *   high memory, and almost certainly not the one vmalloc put there.
 * @endverbatim
 *
 * Linux's CONFIG_DEBUG_VIRTUAL turns __pa() into a call of __phys_addr(),
 * which checks the range and warns; the kit keeps __pa() a macro (the
 * core uses it before any lab runs) and offers the checked version beside
 * it.  virt_addr_valid() answers the question without a warning: is this
 * an address whose page has a struct page, so that virt_to_page() is safe?
 */
#include <linux/kernel.h>
#include <linux/mm.h>

phys_addr_t __phys_addr(unsigned long x)
{
	/* TODO(1.5): Only addresses in [PAGE_OFFSET, high_memory) have a
	 * physical address by subtraction.  For any other address, warn in
	 * Linux's words ("virt_to_phys used for non-linear address: %p\n")
	 * and return something harmless: physical address 0, whose frame
	 * memblock keeps reserved forever.  Otherwise return x - PAGE_OFFSET.
	 * Checked by lab1.physaddr.direct_map, lab1.physaddr.misuse_warns. */
	(void)x;
	return 0;
}

bool virt_addr_valid(const void *kaddr)
{
	/* TODO(1.5): True only for the direct map, [PAGE_OFFSET, high_memory),
	 * and only where the frame behind it has a descriptor (pfn_valid());
	 * false everywhere else, without a warning: asking is not misuse.
	 * Checked by lab1.physaddr.virt_addr_valid. */
	(void)kaddr;
	return false;
}
