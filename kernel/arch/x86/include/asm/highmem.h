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

#define LAST_PKMAP       1024
#define LAST_PKMAP_MASK  (LAST_PKMAP - 1)
#define PKMAP_BASE       (KVA_BIAS + 0xFF800000UL)
#define PKMAP_NR(virt)   (((unsigned long)(virt) - PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr)   (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

#endif /* _ASM_HIGHMEM_H */
