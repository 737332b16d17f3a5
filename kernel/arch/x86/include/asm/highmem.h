/**
 * @file
 * The pkmap area: where kmap() maps high pages for a while (lab 6).
 *
 * LAST_PKMAP = 1024 pages, exactly one page table, starting at
 * PKMAP_BASE = 0xFF800000 and ending at 0xFFC00000:
 *
 * @verbatim
 *   PKMAP_ADDR(nr) = PKMAP_BASE + nr * PAGE_SIZE     nr = 0..1023
 *   PKMAP_NR(virt) = (virt - PKMAP_BASE) >> PAGE_SHIFT
 * @endverbatim
 *
 * 1024 pages is 4 MiB of address space: that is all the room the kernel
 * keeps for long-lived mappings of high memory, however much of it the
 * machine has.
 */
#ifndef _ASM_HIGHMEM_H
#define _ASM_HIGHMEM_H

#include <asm/page.h>

/** Slots of the pkmap window: one page table's worth, 1024. */
#define LAST_PKMAP       1024
/** Wraps a slot number: (nr + 1) & LAST_PKMAP_MASK. */
#define LAST_PKMAP_MASK  (LAST_PKMAP - 1)
/** Start of the pkmap window, 0xFF800000: 4 GiB - 8 MiB. */
#define PKMAP_BASE       (KVA_BIAS + 0xFF800000UL)
/** The slot number of pkmap address @p virt. */
#define PKMAP_NR(virt)   (((unsigned long)(virt) - PKMAP_BASE) >> PAGE_SHIFT)
/** The virtual address of pkmap slot @p nr. */
#define PKMAP_ADDR(nr)   (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

#endif /* _ASM_HIGHMEM_H */
