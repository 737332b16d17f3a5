/**
 * @file
 * Lab 0 (warm-up): page-frame arithmetic.
 *
 * Every later lab turns addresses into page frame numbers and sizes into
 * allocation orders, so the warm-up has students write the three helpers
 * that do it, and walks them once through the whole loop: edit
 * labs/lab0/warmup.c, `make run LAB=0`, read the TAP output, `make grade LAB=0`.
 *
 * A physical address splits into a page frame number and an offset:
 *
 * @verbatim
 *   31                    12 11           0
 *   +-----------------------+--------------+
 *   |  page frame number    |   offset     |     PAGE_SHIFT = 12
 *   +-----------------------+--------------+
 *   0x00123456 -> pfn 0x123, offset 0x456
 * @endverbatim
 *
 * Steps (each checked by the tests named after it):
 *  - 0.1 pfn_down(): lab0.pfn.down
 *  - 0.2 pfn_up(): lab0.pfn.up
 *  - 0.3 get_order(): lab0.order.exact, lab0.order.boundaries
 */
#ifndef _KIT_WARMUP_H
#define _KIT_WARMUP_H

#include <linux/types.h>

/**
 * pfn_down() - The page frame that contains a physical address.
 * @param addr  a physical address
 * @return addr >> PAGE_SHIFT: 0x00123456 gives 0x123.
 * @context Any context.
 */
unsigned long pfn_down(phys_addr_t addr);

/**
 * pfn_up() - The first page frame that starts at or after @p addr.
 * @param addr  a physical address
 * @return 0x123000 gives 0x123, 0x123001 gives 0x124.  Used to trim a
 *         range of RAM to whole pages: [pfn_up(start), pfn_down(end)).
 * @context Any context.
 */
unsigned long pfn_up(phys_addr_t addr);

/**
 * get_order() - The smallest order whose block holds @p size bytes.
 * @param size  bytes, at least 1
 * @return the order n such that (PAGE_SIZE << n) >= size and
 *         (PAGE_SIZE << (n - 1)) < size: 4096 gives 0, 4097 gives 1,
 *         8192 gives 1, 8193 gives 2.  The buddy allocator (lab 3) and
 *         kmalloc for large sizes (lab 4) call it.
 * @context Any context.
 */
unsigned int get_order(unsigned long size);

#endif /* _KIT_WARMUP_H */
