/**
 * @file
 * vmalloc (lab 5): virtually contiguous memory from scattered pages.
 *
 * The buddy allocator gives physically contiguous blocks, and big ones
 * become rare as memory fragments.  vmalloc() takes pages one at a time,
 * from anywhere (high memory first: GFP_KERNEL | __GFP_HIGHMEM), and maps
 * them side by side in the vmalloc area between VMALLOC_START and
 * VMALLOC_END (asm/pgtable.h), through swapper_pg_dir:
 *
 * @verbatim
 *   VMALLOC_START                                              VMALLOC_END
 *   | area 1: 3 pages | guard | area 2: 1 page | guard |  ...  free  ...  |
 *        |   |   |                   |
 *       pfn 9 pfn 262000 pfn 512    pfn 70000     (any frames, any zone)
 * @endverbatim
 *
 * Each area is a struct vm_struct on a list sorted by address; a new one
 * takes the first gap big enough (first fit) for its size plus one guard
 * page, which stays unmapped so that running off the end faults.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <asm/pgtable.h>

struct page;

/* vm_struct flags */
#define VM_IOREMAP  0x00000001u	/**< maps device memory (Linux's flag; the kit makes none) */
#define VM_ALLOC    0x00000002u	/**< vmalloc(): the area owns its pages */
#define VM_MAP      0x00000004u	/**< vmap(): the caller owns the pages */

/** One area of the vmalloc space. */
struct vm_struct {
	struct vm_struct *next;		/**< the next area, by address */
	void *addr;			/**< first byte */
	unsigned long size;		/**< bytes, including the guard page */
	unsigned long flags;		/**< VM_ALLOC or VM_MAP */
	struct page **pages;		/**< the pages mapped, in order */
	unsigned int nr_pages;
	unsigned long phys_addr;
	const void *caller;		/**< who asked: shown in vmallocinfo */
};

/** The areas, sorted by address (a list, as in Linux 2.6.20). */
extern struct vm_struct *vmlist;

/**
 * vmalloc() - Allocate @p size bytes, virtually contiguous.
 * @return the address in the vmalloc area, or NULL.
 * @context May sleep.  Lab 5.
 */
void *vmalloc(unsigned long size);
/** vmalloc() and clear the memory.  Lab 5. */
void *vzalloc(unsigned long size);
/** Free what vmalloc() returned: unmap, flush the TLB, free the pages.  Lab 5. */
void vfree(const void *addr);
/** Map @p count existing pages contiguously; returns the address or NULL.  Lab 5. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
/** Undo vmap(); the pages stay the caller's.  Lab 5. */
void vunmap(const void *addr);
/** The page mapped at a vmalloc address, or NULL.  Lab 5. */
struct page *vmalloc_to_page(const void *addr);
/** True if @p addr is in the vmalloc area. */
static inline bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}
/*
 * The layers under vmalloc() and vmap() (Linux 2.6.20's names), public so
 * that the tests can check each step on its own.
 */
/**
 * get_vm_area() - Reserve address space: the first gap of the vmalloc area
 * that holds @p size bytes (rounded up to pages) plus one guard page.
 * @return the new area (on vmlist, nothing mapped yet), or NULL.  Lab 5.
 */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
/** Unmap the area that starts at @p addr and take it off vmlist; NULL if none.  Lab 5. */
struct vm_struct *remove_vm_area(const void *addr);
/**
 * map_vm_area() - Map the pages *@p pages points to, one after the other,
 * over the whole of @p area but its guard page; *@p pages advances past
 * each page mapped.  Page tables are made as needed.
 * @return 0, or -ENOMEM (no page table, or a NULL page).  Lab 5.
 */
int map_vm_area(struct vm_struct *area, pgprot_t prot, struct page ***pages);
/** Clear every entry of @p area and flush the TLB for its range.  Lab 5. */
void unmap_vm_area(struct vm_struct *area);

/** Print /proc/vmallocinfo's format: one line per area. */
void show_vmallocinfo(void);

#endif /* _LINUX_VMALLOC_H */
