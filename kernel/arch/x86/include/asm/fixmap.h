/**
 * @file
 * The fixmap: a handful of virtual pages at the very top, fixed at build time.
 *
 * Each index names one page, counted down from FIXADDR_TOP:
 *
 * @verbatim
 *   0xFFFFF000  FIXADDR_TOP      (the last page is left unused)
 *   0xFFFFE000  index 1  FIX_KMAP_BEGIN   kmap_atomic slot 0
 *   ...
 *   0xFFFEB000  index 20 FIX_KMAP_END     kmap_atomic slot 19
 *   FIXADDR_START = FIXADDR_TOP - 21 pages = 0xFFFEA000
 *   __fix_to_virt(i) = FIXADDR_TOP - (i << PAGE_SHIFT)
 * @endverbatim
 *
 * Lab 7's kmap_atomic() uses the KM_TYPE_NR (20) slots of the one CPU as a
 * stack.  All fixmap pages share one page table, which paging_init()
 * leaves to be created by the first user.
 */
#ifndef _ASM_FIXMAP_H
#define _ASM_FIXMAP_H

#include <asm/page.h>

#define KM_TYPE_NR   20	/**< kmap_atomic slots per CPU */
#define NR_CPUS      1	/**< the kit runs on one CPU; kmap_atomic slots are per CPU */

/** The top of the fixmap, 0xFFFFF000; index 0 is mapped here and indices grow downwards. */
#define FIXADDR_TOP  (KVA_BIAS + 0xFFFFF000UL)

/** Fixmap indices: compile-time virtual pages, counted down from FIXADDR_TOP. */
enum fixed_addresses {
	FIX_HOLE,
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR * NR_CPUS - 1,
	__end_of_fixed_addresses
};

/** Bytes the fixmap covers: one page per index. */
#define __FIXADDR_SIZE   ((unsigned long)__end_of_fixed_addresses << PAGE_SHIFT)
/** The lowest fixmap address. */
#define FIXADDR_START    (FIXADDR_TOP - __FIXADDR_SIZE)

/** The virtual address of fixmap index @p x: FIXADDR_TOP - x pages. */
#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))
/** The fixmap index of address @p x. */
#define __virt_to_fix(x) ((FIXADDR_TOP - ((x) & PAGE_MASK)) >> PAGE_SHIFT)

#endif /* _ASM_FIXMAP_H */
