/**
 * @file
 * memblock: the early boot allocator, before the buddy allocator exists.
 *
 * Two sorted arrays of physical ranges: `memory` (RAM the machine has, from
 * E820) and `reserved` (what is in use: the first megabyte, the kernel
 * image, the early page tables, mem_map ...).  A page is free for the
 * early allocator when it is in `memory` and not in `reserved`:
 *
 * @verbatim
 *   memory:    [=========RAM=========]    [==========RAM==========]
 *   reserved:  [BIOS][kern]      [pt]          [mem_map]
 *   free:            ^^^^^^^^^^^^     ^^^^^^^^^        ^^^^^^^^^^^
 * @endverbatim
 *
 * Allocation is bottom-up first fit, trying above 16 MiB first (like 2.6's
 * bootmem with goal MAX_DMA_ADDRESS) so ZONE_DMA stays free for ISA DMA
 * users, and never above memblock.current_limit (the end of low memory:
 * only there does a physical address have a kernel virtual address).
 * Lab 3's mem_init() later hands every page still free here to the buddy
 * allocator.
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/types.h>

/** Regions each memblock array holds. */
#define INIT_MEMBLOCK_REGIONS 128
/** Where allocations look first: the end of ZONE_DMA. */
#define MEMBLOCK_GOAL         (16UL << 20)

/** One range of physical memory: [base, base + size). */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

/** A sorted array of non-overlapping regions: the RAM, or what is reserved. */
struct memblock_type {
	unsigned int cnt;
	struct memblock_region regions[INIT_MEMBLOCK_REGIONS];
};

/** The early boot allocator: all RAM, and what boot has taken from it. */
struct memblock {
	phys_addr_t current_limit;	/**< allocations stay below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/** Forget every range (tests and boot start from here). */
void memblock_reset(void);
/** Register RAM.  @return 0, or -ENOSPC when the table is full. */
int memblock_add(phys_addr_t base, phys_addr_t size);
/** Mark a range in use.  @return 0, or -ENOSPC when the table is full. */
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/**
 * Give a reserved range back.  @return 0, -EINVAL if it was not reserved,
 * or -ENOSPC if splitting a region needs a slot the full table lacks.
 */
int memblock_free(phys_addr_t base, phys_addr_t size);
/** True if any byte of [base, base + size) is reserved. */
bool memblock_is_reserved(phys_addr_t base, phys_addr_t size);
/** True if all of [base, base + size) is RAM. */
bool memblock_is_memory(phys_addr_t base, phys_addr_t size);

/**
 * memblock_phys_alloc_range() - Allocate from a physical window.
 * @param size   bytes, rounded up to @p align
 * @param align  a power of two
 * @param start  lowest acceptable address
 * @param end    one past the highest acceptable address (clipped to current_limit)
 * @return the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
/** Allocate anywhere in low memory, above 16 MiB if possible; 0 on failure. */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/** Like memblock_phys_alloc() but returns a zeroed kernel pointer, or NULL. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);

/** Total bytes in a region table. */
phys_addr_t memblock_total(const struct memblock_type *type);
/** Print both tables (boot option `memblock=debug`). */
void memblock_dump(void);

/**
 * memblock_next_free_range() - Find the next free range at or above @p from.
 * @param from   where to start looking (0 for the first call; then the last *end)
 * @param start  returns the range's first byte
 * @param end    returns one past its last byte
 * @return false when no free range is left.
 */
bool memblock_next_free_range(phys_addr_t from, phys_addr_t *start,
			      phys_addr_t *end);

#endif /* _LINUX_MEMBLOCK_H */
