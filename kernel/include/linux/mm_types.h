/**
 * @file
 * struct page: one descriptor for every physical page frame.
 *
 * mem_map is an array of them, one per page frame from pfn 0 to max_pfn,
 * so the descriptor of frame n is mem_map[n] and the frame of a descriptor
 * is its index: pfn_to_page() and page_to_pfn() are pointer arithmetic.
 * On i386 a struct page is 32 bytes, as in Linux 2.6, so mem_map costs
 * 32 / 4096 = 1/128 of RAM: 8 MiB (2048 page frames) for 1 GiB.
 *
 * The fields mean different things to different owners, as in Linux:
 *
 * @verbatim
 *   field      buddy allocator (lab 3)          slab (lab 4)
 *   flags      PG_buddy while on a free list    PG_slab
 *   _count     0 free, >= 1 allocated           1
 *   private    the block's order: while free    -
 *              (PG_buddy) and while allocated
 *              (__free_pages() checks it)
 *   lru        free_area[order].free_list link  next = cache, prev = slab
 * @endverbatim
 *
 * The zone a page belongs to is kept in the top bits of flags
 * (ZONES_PGSHIFT), like Linux, so page_zone() needs no extra field.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>

struct page {
	unsigned long flags;		/* PG_* bits, and the zone number on top */
	int _count;			/* references: 0 = free */
	int _mapcount;			/* page-table mappings (lab 8), -1 = none */
	unsigned long private;		/* buddy: order of a free block */
	void *mapping;			/* lab 8: anonymous memory's owner */
	unsigned long index;		/* lab 8: offset within the mapping */
	struct list_head lru;		/* the free list, or the slab lists */
};

#endif /* _LINUX_MM_TYPES_H */
