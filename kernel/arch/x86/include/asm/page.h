/**
 * @file
 * Pages, page frame numbers and the kernel's direct map (3G/1G split).
 *
 * A 32-bit virtual address space, as the kit's kernel uses it:
 *
 * @verbatim
 *   0xFFFFFFFF +---------------------------+
 *              | fixmap, pkmap, vmalloc    |  the last 128 MiB (VMALLOC_RESERVE)
 *   high_memory+---------------------------+
 *              | direct map of low memory  |  virtual = physical + PAGE_OFFSET
 *   0xC0000000 +---------------------------+  PAGE_OFFSET = TASK_SIZE
 *              | user space (3 GiB)        |
 *   0x00000000 +---------------------------+
 * @endverbatim
 *
 * __pa() and __va() convert between the two halves of the direct map.  They
 * are plain arithmetic and are only meaningful for low memory: a high page
 * (physical address >= MAXMEM) has no direct-map address at all.
 *
 * On the host build (__HOST_SIM__) the whole 32-bit address space is a
 * reserved 4 GiB window inside the test process, starting at KVA_BIAS
 * (sim_window).  Every layout constant that is an address (PAGE_OFFSET,
 * TASK_SIZE, and VMALLOC_START, PKMAP_BASE, FIXADDR_TOP built on it)
 * includes KVA_BIAS, so a kernel virtual address is an ordinary host
 * pointer there and lab code runs unchanged.  Sizes (MAXMEM,
 * VMALLOC_RESERVE) do not.  In the kernel KVA_BIAS is 0.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

/** log2 of the page size: 12. */
#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)     /**< 4096 */
#define PAGE_MASK       (~(PAGE_SIZE - 1))	/**< addr & PAGE_MASK: the start of its page */

/** PAGE_OFFSET for assembler and for arithmetic on unbiased addresses. */
#define __PAGE_OFFSET   0xC0000000

/** Address space the kernel keeps for vmalloc, pkmap and fixmap: 128 MiB. */
#define VMALLOC_RESERVE (128UL << 20)
/** The most physical memory the direct map can hold: 4G - 3G - 128M = 896 MiB. */
#define MAXMEM          (0x100000000ULL - __PAGE_OFFSET - VMALLOC_RESERVE)

#ifndef __ASSEMBLY__
#include <linux/types.h>

#ifdef __HOST_SIM__
extern unsigned long sim_window;
/** Added to an address to make it a kernel virtual one (PAGE_OFFSET on i386). */
#define KVA_BIAS        sim_window
#else
#define KVA_BIAS        0UL
#endif

/** Where the kernel's direct map starts: 3 GiB (plus KVA_BIAS on the host). */
#define PAGE_OFFSET     (KVA_BIAS + 0xC0000000UL)
/** The end of user space: user PGD entries 0..767, kernel 768..1023. */
#define TASK_SIZE       PAGE_OFFSET

/** An address as the 32-bit CPU sees it (without the host's KVA_BIAS). */
#define __cpu_addr(x)   ((u32)((unsigned long)(x) - KVA_BIAS))

/*
 * How printk() shows a long in hex (%lx): unchanged in the kernel.  The
 * host's longs are 64 bits, and one inside the simulated window is a
 * kernel or user address: it prints as the 32-bit address it stands for,
 * so "%08lx" of PAGE_OFFSET reads c0000000 there too and lab code prints
 * addresses as Linux does, with no conversion of its own.
 */
#ifdef __HOST_SIM__
#define __printk_hex_long(v) \
	((v) - KVA_BIAS < (1ULL << 32) ? (v) - KVA_BIAS : (v))
#else
#define __printk_hex_long(v) (v)
#endif

/** Physical address of a direct-mapped kernel virtual address. */
#define __pa(x)   ((phys_addr_t)((unsigned long)(x) - PAGE_OFFSET))
/** Direct-map kernel virtual address of a low physical address. */
#define __va(x)   ((void *)((unsigned long)(x) + PAGE_OFFSET))

/** The first frame at or above physical address @p x. */
#define PFN_UP(x)    (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
/** The frame that holds physical address @p x. */
#define PFN_DOWN(x)  ((x) >> PAGE_SHIFT)
/** The physical address of frame @p x (32 bits: wraps at 4 GiB). */
#define PFN_PHYS(x)  ((phys_addr_t)(x) << PAGE_SHIFT)
/** Round @p x up to a page boundary. */
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#endif /* __ASSEMBLY__ */
#endif /* _ASM_PAGE_H */
