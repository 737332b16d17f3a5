/**
 * @file
 * GFP ("get free pages") flags: how and from where to allocate.
 *
 * The low bits pick the zone to start from; the others say what the
 * allocator may do to succeed.  Values are Linux 2.6.20's.
 *
 * @verbatim
 *   gfp flags          first zone tried   then falls back to
 *   __GFP_HIGHMEM      ZONE_HIGHMEM       ZONE_NORMAL, ZONE_DMA
 *   (neither)          ZONE_NORMAL        ZONE_DMA
 *   __GFP_DMA          ZONE_DMA           -
 * @endverbatim
 *
 * Only alloc_pages() may take __GFP_HIGHMEM: it returns a struct page,
 * which every frame has.  __get_free_pages(), get_zeroed_page() and
 * kmalloc() return a kernel virtual address, and a high page has none
 * until someone kmap()s it, so they refuse the flag.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>
#include <linux/mmzone.h>

struct page;

#define __GFP_DMA      0x01u	/**< from ZONE_DMA only (ISA DMA reaches 16 MiB) */
#define __GFP_HIGHMEM  0x02u	/**< ZONE_HIGHMEM allowed, and preferred */
#define __GFP_WAIT     0x10u	/**< may sleep */
#define __GFP_HIGH     0x20u	/**< may dip into the emergency reserve */
#define __GFP_IO       0x40u	/**< may start I/O */
#define __GFP_FS       0x80u	/**< may call into a filesystem */
#define __GFP_NOWARN   0x200u	/**< no warning on failure */
#define __GFP_ZERO     0x8000u	/**< return zeroed memory */
#define __GFP_HARDWALL 0x20000u	/**< user allocation (cpuset walls) */

/** The zone modifiers: at most one of them in a request. */
#define GFP_ZONEMASK   (__GFP_DMA | __GFP_HIGHMEM)

/** Cannot sleep (interrupts, spinlocks held); may use the emergency reserve. */
#define GFP_ATOMIC     (__GFP_HIGH)
/** May sleep, but must not start I/O. */
#define GFP_NOIO       (__GFP_WAIT)
/** The usual kernel allocation: may sleep; low memory only. */
#define GFP_KERNEL     (__GFP_WAIT | __GFP_IO | __GFP_FS)
/** For pages a user process will own; may sleep. */
#define GFP_USER       (__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
/** User pages, from ZONE_HIGHMEM first: the kernel maps them only with kmap. */
#define GFP_HIGHUSER   (GFP_USER | __GFP_HIGHMEM)
/** From ZONE_DMA only, for devices that reach 16 MiB. */
#define GFP_DMA        __GFP_DMA

/** The zone an allocation with @p gfp starts from. */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

/**
 * alloc_pages() - Allocate 2^order physically contiguous page frames.
 * @param gfp    GFP flags: zone modifier and behaviour
 * @param order  0 .. MAX_ORDER - 1
 * @return the first page's descriptor, or NULL.  The block is aligned to
 *         its size: its first pfn is a multiple of 2^order.  __GFP_ZERO
 *         together with __GFP_HIGHMEM is refused with a warning: a high
 *         page has no kernel address to clear it through (kmap_atomic()
 *         comes in lab 7; clear the page yourself there).
 * @context Any, with GFP_ATOMIC; GFP_KERNEL only where sleeping is allowed.  Lab 3.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/** One page frame: alloc_pages(@p gfp, 0). */
#define alloc_page(gfp) alloc_pages(gfp, 0)

/**
 * __free_pages() - Give back a block from alloc_pages().
 * @param page   its first page
 * @param order  the order it was allocated with
 *
 * Freeing a page that is free, reserved or of another order is reported as
 * "Bad page state" and ignored: the free lists stay intact.  Lab 3.
 */
void __free_pages(struct page *page, unsigned int order);
/** Free one page from alloc_page(): __free_pages(@p page, 0). */
#define __free_page(page) __free_pages(page, 0)

/**
 * __get_free_pages() - Allocate low pages and return their kernel address.
 * @param gfp    GFP flags; __GFP_HIGHMEM is refused with a warning
 * @param order  0 .. MAX_ORDER - 1
 * @return the direct-map address of the block, or 0.  Lab 3.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
/** One low page as a kernel address: __get_free_pages(@p gfp, 0). */
#define __get_free_page(gfp) __get_free_pages(gfp, 0)

/** One zeroed low page, as a kernel address, or 0.  Lab 3. */
unsigned long get_zeroed_page(gfp_t gfp);

/** Free a block from __get_free_pages() by its address.  Lab 3. */
void free_pages(unsigned long addr, unsigned int order);
/** Free one page by address: free_pages(@p addr, 0). */
#define free_page(addr) free_pages(addr, 0)

#endif /* _LINUX_GFP_H */
