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
#include <asm/pgtable.h>

struct page {
	unsigned long flags;		/**< PG_* bits, and the zone number on top */
	int _count;			/**< references: 0 = free */
	int _mapcount;			/**< page-table mappings (lab 8), -1 = none */
	unsigned long private;		/**< buddy: order of a free block */
	void *mapping;			/**< lab 8: anonymous memory's owner */
	unsigned long index;		/**< lab 8: offset within the mapping */
	struct list_head lru;		/**< the free list, or the slab lists */
};

/*
 * Lab 8: user address spaces.
 */

/**
 * struct vm_area_struct - One mapping of a process: [vm_start, vm_end).
 *
 * A process's address space is a handful of these, sorted by address on a
 * singly linked list (Linux 2.6 also keeps them in a red-black tree; the
 * list is enough for the kit's few mappings).  Both ends are page aligned,
 * two VMAs never overlap, and the whole range shares one set of rights.
 *
 * @verbatim
 *   mm->mmap -> [08048000-08049000 r-x] -> [08049000-0804a000 rw-]
 *            -> [40000000-40010000 rw-] -> [bffff000-c0000000 rw- growsdown] -> NULL
 * @endverbatim
 */
struct vm_area_struct {
	struct mm_struct *vm_mm;	/**< the address space it belongs to */
	unsigned long vm_start;		/**< first address inside */
	unsigned long vm_end;		/**< first address after it */
	struct vm_area_struct *vm_next;	/**< the next VMA up, or NULL */
	unsigned long vm_flags;		/**< VM_READ, VM_WRITE, VM_GROWSDOWN ... */
};

/**
 * struct mm_struct - A process's address space.
 *
 * The VMAs say what the process may touch; the page tables under pgd say
 * what is in memory now.  Demand paging lives in the gap between them: an
 * address inside a VMA with no page-table entry yet is legal, and the page
 * fault that touching it raises fills the entry in (lab 8).
 *
 * pgd's entries 768..1023 (the kernel's 1 GiB) are copied from
 * swapper_pg_dir when the mm is made, so the kernel runs unchanged on any
 * process's page tables; entries 0..767 are this process's own.
 */
struct mm_struct {
	struct vm_area_struct *mmap;		/**< VMAs, sorted by address */
	struct vm_area_struct *mmap_cache;	/**< the last find_vma() result */
	int map_count;				/**< number of VMAs */
	pgd_t *pgd;				/**< the page directory */
	unsigned long mmap_base;		/**< where get_unmapped_area() starts */
	unsigned long total_vm;			/**< pages covered by VMAs */
	unsigned long rss;			/**< pages mapped, the zero page excepted */
	unsigned long start_code, end_code;	/**< the ELF's text segment */
	unsigned long start_data, end_data;	/**< its data and bss */
	unsigned long start_stack;		/**< the top of the user stack */
};

#endif /* _LINUX_MM_TYPES_H */
