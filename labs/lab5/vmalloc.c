/**
 * @file
 * Lab 5: vmalloc, vmap and vfree, the area side of Linux 2.6.20's
 * mm/vmalloc.c: which addresses an area gets, where its pages come from,
 * and how it goes away.
 *
 * vmlist is a singly linked list of struct vm_struct, sorted by address.
 * A new area takes the first gap (first fit) that holds its pages plus
 * one guard page, which is never mapped:
 *
 * @verbatim
 *   VMALLOC_START = 0xF8800000 (1 GiB of RAM)
 *   |<- A: 4 pages ->|g|<--- gap: 3 pages --->|<- B: 1 page ->|g|  free ...
 *   0xF8800000       0xF8804000               0xF8808000      0xF880A000
 *
 *   vmlist -> A (addr 0xF8800000, size 0x5000) -> B (0xF8808000, 0x2000)
 *
 *   get_vm_area(8 KiB): needs 2 pages + guard = 0x3000; the gap between A
 *   and B is 0xF8808000 - 0xF8805000 = 0x3000: fits, the new area goes at
 *   0xF8805000, between A and B on the list.  get_vm_area(12 KiB) needs
 *   0x4000: too big for that gap, it goes after B, at 0xF880A000.
 * @endverbatim
 *
 * vm_struct.size counts the guard page (so /proc/vmallocinfo's sizes do),
 * and an area ends where the next gap starts: addr + size.
 *
 * vmalloc() = get_vm_area() + one page at a time from the buddy allocator
 * (GFP_KERNEL | __GFP_HIGHMEM: high memory first, since the kernel reaches
 * these pages through the area and never needs their direct-map address)
 * + map_vm_area() (vmap.c).  Nothing about the pages is contiguous but
 * their virtual addresses.
 *
 * The vm_struct and its page array come from kmalloc() (lab 4); without
 * it every vmalloc() fails, cleanly.  Locking: one CPU, so interrupts off
 * around list changes stand for Linux's vmlist_lock.
 *
 * Steps (tests/lab5/):
 *  - 5.1 find_vm_gap(): lab5.area.*
 *  - 5.3 vmap() (with vmap.c): lab5.map.*
 *  - 5.4 vmalloc_fill_pages(): lab5.vmalloc.*, lab5.stress.*
 *  - 5.5 __vunmap() (with unmap_vm_area in vmap.c): lab5.vfree.*, lab5.misuse.*
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>

struct vm_struct *vmlist;

/* ---- 5.1: address space, first fit ----------------------------------------- */

/*
 * The lowest address where @size bytes (guard included) fit between the
 * areas of vmlist and inside [VMALLOC_START, VMALLOC_END); *link is set
 * to the list pointer the new area goes in front of.  0 if nothing fits.
 * Interrupts off.
 */
static unsigned long find_vm_gap(unsigned long size, struct vm_struct ***link)
{
	/* TODO(5.1): First fit.  A candidate address starts at VMALLOC_START;
	 * walk the areas in address order: if the gap between the candidate
	 * and the next area holds @size, that is the place; otherwise the
	 * candidate moves to the end of that area (its guard page included).
	 * After the last area the gap runs to VMALLOC_END.  Give back where
	 * the new area must be linked so the list stays sorted.  Beware of
	 * overflow: compare sizes with differences, never addr + size.
	 * Checked by lab5.area.*. */
	(void)size;
	(void)link;
	return 0;
}

/* get_vm_area() recording who asked (shown by show_vmallocinfo()). */
static struct vm_struct *__get_vm_area(unsigned long size, unsigned long flags,
				       const void *caller)
{
	struct vm_struct *area, **link = NULL;
	unsigned long addr, irq;

	if (!size || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	size = PAGE_ALIGN(size) + PAGE_SIZE;		/* the guard page */
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	irq = local_irq_save();
	addr = find_vm_gap(size, &link);
	if (addr) {
		memset(area, 0, sizeof(*area));
		area->addr = (void *)addr;
		area->size = size;
		area->flags = flags;
		area->caller = caller;
		area->next = *link;
		*link = area;
	}
	local_irq_restore(irq);
	if (!addr) {
		kfree(area);
		return NULL;
	}
	return area;
}

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return __get_vm_area(size, flags, __builtin_return_address(0));
}

struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct **p, *tmp;
	unsigned long irq = local_irq_save();

	for (p = &vmlist; (tmp = *p) != NULL; p = &tmp->next)
		if (tmp->addr == addr)
			break;
	if (tmp) {
		unmap_vm_area(tmp);	/* flushed before anyone can reuse it */
		*p = tmp->next;
		tmp->next = NULL;
	}
	local_irq_restore(irq);
	return tmp;
}

/* ---- 5.3: vmap ----------------------------------------------------------------- */

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	/* TODO(5.3): Reserve an area for @p count pages (refuse 0 and more
	 * than the whole vmalloc area could hold, before shifting anything),
	 * remembering who called, and map the caller's pages into it.  If
	 * mapping fails, give the area back (vunmap) and return NULL.  The
	 * pages stay the caller's: the area does not record them.
	 * Checked by lab5.map.*. */
	(void)pages;
	(void)count;
	(void)flags;
	(void)prot;
	return NULL;
}

/* ---- 5.4: vmalloc ---------------------------------------------------------------- */

/*
 * Give @area its pages: the array (from kmalloc) and one page per 4 KiB
 * but the guard, each allocated on its own with @gfp.  On failure
 * area->pages and area->nr_pages say what was taken, for __vunmap().
 */
static int vmalloc_fill_pages(struct vm_struct *area, gfp_t gfp)
{
	/* TODO(5.4): The area needs (size - guard) / 4 KiB pages.  Get an
	 * array of that many page pointers from kmalloc() (an array is kernel
	 * data with an address of its own: not from high memory), then the
	 * pages one at a time with @gfp, which lets them come from any zone,
	 * high memory first.  Keep area->nr_pages equal to the number of
	 * pages really taken, so that on -ENOMEM the caller frees exactly
	 * those.  Checked by lab5.vmalloc.*. */
	(void)area;
	(void)gfp;
	return -ENOMEM;
}

static void __vunmap(const void *addr, bool deallocate_pages);

/* vmalloc() with its flags spelled out, for whoever called it. */
static void *__vmalloc(unsigned long size, gfp_t gfp, pgprot_t prot,
		       const void *caller)
{
	struct vm_struct *area = __get_vm_area(size, VM_ALLOC, caller);
	struct page **pages;

	if (!area)
		return NULL;
	if (vmalloc_fill_pages(area, gfp))
		goto fail;
	pages = area->pages;
	if (map_vm_area(area, prot, &pages))
		goto fail;
	return area->addr;
fail:
	__vunmap(area->addr, true);	/* the pages taken so far, the area */
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL,
			 __builtin_return_address(0));
}

/*
 * The pages may be high, so they are cleared through the new mapping:
 * alloc_pages() refuses __GFP_ZERO with __GFP_HIGHMEM (lab 3).
 */
void *vzalloc(unsigned long size)
{
	void *addr = __vmalloc(size, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL,
			       __builtin_return_address(0));

	if (addr)
		memset(addr, 0, PAGE_ALIGN(size));
	return addr;
}

/* ---- 5.5: vfree and vunmap --------------------------------------------------------- */

/* Free the pages a vmalloc area took, then their array (unused until 5.5). */
static __unused void free_area_pages(struct vm_struct *area)
{
	unsigned int i;

	for (i = 0; i < area->nr_pages; i++) {
		BUG_ON(!area->pages[i]);
		__free_page(area->pages[i]);
	}
	kfree(area->pages);
	area->pages = NULL;
	area->nr_pages = 0;
}

/* vfree() (@deallocate_pages) or vunmap(): misuse is warned about, not done. */
static void __vunmap(const void *addr, bool deallocate_pages)
{
	/* TODO(5.5): NULL is nothing to do.  An address that is not page
	 * aligned or not in the vmalloc area cannot be an area's start: warn
	 * in Linux's words, "Trying to vfree() bad address (%p)", and free
	 * nothing.  Otherwise take the area off the list (remove_vm_area()
	 * unmaps it and flushes the TLB); if there is none at that address,
	 * this is a double free or a stray pointer: warn "Trying to vfree()
	 * nonexistent vm area (%p)".  Then, for vfree(), give back the pages
	 * and their array; the vm_struct itself in any case.
	 * Checked by lab5.vfree.* and lab5.misuse.*. */
	(void)addr;
	(void)deallocate_pages;
}

void vfree(const void *addr)
{
	__vunmap(addr, true);
}

void vunmap(const void *addr)
{
	__vunmap(addr, false);
}
