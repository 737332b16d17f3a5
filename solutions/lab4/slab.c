/**
 * @file
 * Lab 4, steps 4.1 to 4.5: the slab allocator (Bonwick's design, Linux
 * 2.6.20's classic SLAB without the per-CPU arrays).
 *
 * A cache hands out objects of one size.  It takes memory from the buddy
 * allocator a slab at a time (2^gfporder pages), cuts the slab into num
 * objects, and keeps each slab on one of three lists:
 *
 * @verbatim
 *   slabs_free     inuse == 0          <- cache_grow() adds new slabs here
 *   slabs_partial  0 < inuse < num     <- allocations come from here first
 *   slabs_full     inuse == num
 *
 *   alloc:  partial (or free) --inuse++--> partial, or full if it filled up
 *   free:   full or partial   --inuse----> partial, or free if it emptied
 *   shrink: every slab on slabs_free goes back to the buddy allocator
 * @endverbatim
 *
 * Within a slab the free objects form a chain through the bufctl array:
 * slab->free is the first free object's index, bufctl[i] the next one
 * after object i.  A fresh slab of 4 objects: free = 0, bufctl = {1, 2, 3,
 * END}.  Allocate twice (0, then 1): free = 2.  Free object 0: bufctl[0] =
 * 2, free = 0.  The chain is a stack: the object freed last is reused
 * first, while it is still hot in the cache.
 *
 * Colouring: a slab rarely divides evenly, and the left-over bytes are
 * used to shift each slab's objects by a different multiple of the cache
 * line, so that object i of different slabs does not always land in the
 * same hardware cache set.  size-256 with debugging has 272-byte buffers
 * (256 + two 8-byte red zones): 14 of them take 3808 bytes, the
 * descriptor with 14 bufctl entries 24 + 56 = 80, and 208 bytes are left:
 * 6 colours of 32 bytes, so the slabs start their objects at offsets 0,
 * 32, ..., 160, then 0 again (i386's numbers; the host has 8-byte
 * pointers and a bigger descriptor).
 *
 * Locking: one CPU, so interrupts off around list updates (the cache's
 * spinlock in Linux); an interrupt handler may allocate with GFP_ATOMIC.
 */
#include <linux/kernel.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "slab_priv.h"

LIST_HEAD(cache_chain);
unsigned int slab_error_count;
struct kmem_cache cache_cache;

/* ---- 4.1: geometry --------------------------------------------------------- */

/* Bytes of descriptor plus bufctl array for @p nr objects, aligned to @p align. */
static size_t slab_mgmt_size(size_t nr, size_t align)
{
	return ALIGN(sizeof(struct slab) + nr * sizeof(kmem_bufctl_t), align);
}

/*
 * How many buffers of @p buffer_size fit in a slab of 2^gfporder pages,
 * and how many bytes are left over.  On-slab, the descriptor and one
 * bufctl entry per object share the slab with the objects.
 */
static __unused void cache_estimate(unsigned int gfporder, size_t buffer_size,
			   size_t align, unsigned long flags,
			   size_t *left_over, unsigned int *num)
{
	/* TODO(4.1): Count the objects of one slab and the bytes it wastes.
	 * Off-slab (CFLGS_OFF_SLAB) the whole slab is objects.  On-slab,
	 * each object also costs one kmem_bufctl_t and the slab one struct
	 * slab, and the descriptor with its array is rounded up to @p align
	 * (slab_mgmt_size()): take the count that ignores the rounding, and
	 * one fewer if the rounding makes it overflow.  An order-0 slab of
	 * 272-byte buffers on i386: (4096 - 24) / (272 + 4) = 14 objects,
	 * 14 * 272 + 80 = 3888 bytes used, 208 left over.
	 * Checked by lab4.geometry.*. */
	size_t slab_bytes = PAGE_SIZE << gfporder, mgmt = 0, nr;

	if (flags & CFLGS_OFF_SLAB) {
		nr = slab_bytes / buffer_size;
	} else {
		nr = (slab_bytes - sizeof(struct slab)) /
		     (buffer_size + sizeof(kmem_bufctl_t));
		if (nr && slab_mgmt_size(nr, align) + nr * buffer_size > slab_bytes)
			nr--;
		mgmt = slab_mgmt_size(nr, align);
	}
	*num = (unsigned int)nr;
	*left_over = slab_bytes - nr * buffer_size - mgmt;
	/* END TODO stub: (void)gfporder; (void)buffer_size; (void)align; (void)flags; *num = 0; *left_over = 0; */
}

/*
 * Choose the slab's order for @p cachep (buffer_size, align and flags set):
 * fills in num and gfporder, returns the left-over bytes.
 */
static size_t calculate_slab_order(struct kmem_cache *cachep)
{
	/* TODO(4.1): Try orders from 0 up to KMALLOC_MAX_ORDER with
	 * cache_estimate(); skip an order that holds no object; keep the
	 * first that holds one, but go on while the slab wastes more than
	 * an eighth of itself and the order is still 0 (Linux stops at order
	 * 1 so as not to ask the buddy allocator for big blocks).  2064-byte
	 * buffers: order 0 holds 1 and wastes 2032 > 512, so order 1: 3
	 * objects, 2000 left over.  No order holds one: num stays 0.
	 * Checked by lab4.geometry.*. */
	size_t left_over = 0, rem;
	unsigned int order, num;

	cachep->num = 0;
	for (order = 0; order <= KMALLOC_MAX_ORDER; order++) {
		cache_estimate(order, cachep->buffer_size, cachep->align,
			       cachep->flags, &rem, &num);
		if (!num)
			continue;
		cachep->num = num;
		cachep->gfporder = order;
		left_over = rem;
		if (order >= 1 || left_over * 8 <= (PAGE_SIZE << order))
			break;
	}
	return left_over;
	/* END TODO stub: cachep->num = 0; return 0; */
}

/*
 * Alignment and debug layout: how big a buffer is and where the caller's
 * object sits in it.  Red zones need 8-byte alignment, so they win over
 * SLAB_HWCACHE_ALIGN; a caller's own bigger alignment turns them off.
 */
static void cache_layout(struct kmem_cache *cachep, size_t size, size_t align)
{
	size_t ralign = sizeof(void *);

	if (cachep->flags & SLAB_HWCACHE_ALIGN) {
		ralign = SLAB_CACHE_LINE;
		while (size <= ralign / 2 && ralign > sizeof(void *))
			ralign /= 2;
	}
	if (cachep->flags & SLAB_RED_ZONE)
		ralign = REDZONE_SIZE;
	if (ralign < align) {
		ralign = align;
		if (ralign > REDZONE_SIZE)
			cachep->flags &= ~SLAB_RED_ZONE;
	}
	cachep->align = (unsigned int)ralign;
	cachep->obj_size = (unsigned int)ALIGN(size, sizeof(void *));
	cachep->obj_offset = 0;
	size = cachep->obj_size;
	if (cachep->flags & SLAB_RED_ZONE) {
		cachep->obj_offset = REDZONE_SIZE;
		size = ALIGN(size, REDZONE_SIZE) + 2 * REDZONE_SIZE;
	}
	cachep->buffer_size = (unsigned int)ALIGN(size, ralign);
}

/* The debug flags a cache gets unless it asks for none (SLAB_NO_DEBUG). */
static unsigned long cache_debug_flags(size_t size, unsigned long flags)
{
	if (flags & SLAB_NO_DEBUG)
		return flags & ~SLAB_DEBUG_ALL;
	flags |= SLAB_DEBUG_FREE | SLAB_POISON;
	/* Linux's rule: red zones only where they do not double the slab. */
	if (size < PAGE_SIZE)
		flags |= SLAB_RED_ZONE;
	return flags;
}

/* Off-slab descriptors: their size, and the general cache they come from. */
static void cache_place_descriptor(struct kmem_cache *cachep, size_t *left_over)
{
	cachep->slab_size = (unsigned int)slab_mgmt_size(cachep->num, cachep->align);
	cachep->slabp_cache = NULL;
	if (!(cachep->flags & CFLGS_OFF_SLAB))
		return;
	if (*left_over >= cachep->slab_size) {	/* it fits after all: on-slab */
		cachep->flags &= ~CFLGS_OFF_SLAB;
		*left_over -= cachep->slab_size;
		return;
	}
	cachep->slab_size = (unsigned int)(sizeof(struct slab) +
					   cachep->num * sizeof(kmem_bufctl_t));
	cachep->slabp_cache = kmalloc_cache(cachep->slab_size, 0);
}

int __kmem_cache_setup(struct kmem_cache *cachep, const char *name,
		       size_t size, size_t align, unsigned long flags,
		       void (*ctor)(void *obj))
{
	size_t left_over;

	memset(cachep, 0, sizeof(*cachep));
	cachep->name = name;
	cachep->ctor = ctor;
	cachep->flags = cache_debug_flags(size, flags);
	cachep->gfpflags = (flags & SLAB_CACHE_DMA) ? __GFP_DMA : 0;
	cache_layout(cachep, size, align);
	/* Big objects: the descriptor elsewhere, if a general cache can hold it. */
	if (cachep->buffer_size >= OFF_SLAB_MIN_SIZE && kmalloc_cache(64, 0))
		cachep->flags |= CFLGS_OFF_SLAB;
	left_over = calculate_slab_order(cachep);
	if (!cachep->num)
		return -EINVAL;
	cache_place_descriptor(cachep, &left_over);
	if ((cachep->flags & CFLGS_OFF_SLAB) && !cachep->slabp_cache)
		return -EINVAL;
	cachep->colour_off = max(cachep->align, (unsigned int)SLAB_CACHE_LINE);
	cachep->colour = (unsigned int)(left_over / cachep->colour_off);
	INIT_LIST_HEAD(&cachep->slabs_full);
	INIT_LIST_HEAD(&cachep->slabs_partial);
	INIT_LIST_HEAD(&cachep->slabs_free);
	return 0;
}

/* ---- 4.2: growing a cache by one slab ------------------------------------- */

/* 2^gfporder pages for a new slab, marked as the slab's, or NULL. */
static __unused void *kmem_getpages(struct kmem_cache *cachep, gfp_t flags)
{
	struct page *page;
	unsigned long i;

	page = alloc_pages((flags & SLAB_GFP_MASK) | cachep->gfpflags,
			   cachep->gfporder);
	if (!page)
		return NULL;
	for (i = 0; i < (1UL << cachep->gfporder); i++)
		SetPageSlab(page + i);
	return page_address(page);
}

/* Give a slab's pages back to the buddy allocator, unmarked. */
static void kmem_freepages(struct kmem_cache *cachep, void *addr)
{
	struct page *page = virt_to_page(addr);
	unsigned long i;

	for (i = 0; i < (1UL << cachep->gfporder); i++) {
		ClearPageSlab(page + i);
		INIT_LIST_HEAD(&page[i].lru);
	}
	__free_pages(page, cachep->gfporder);
}

/* Every page of the slab at @p addr names its cache and its slab. */
static __unused void slab_map_pages(struct kmem_cache *cachep, struct slab *slabp,
			   void *addr)
{
	struct page *page = virt_to_page(addr);
	unsigned long i;

	for (i = 0; i < (1UL << cachep->gfporder); i++) {
		page_set_cache(page + i, cachep);
		page_set_slab(page + i, slabp);
	}
}

/*
 * The descriptor of a new slab at @p addr whose objects start @p colour_off
 * bytes in (before the descriptor, on-slab), or NULL.
 */
static __unused struct slab *alloc_slabmgmt(struct kmem_cache *cachep, void *addr,
				   size_t colour_off, gfp_t flags)
{
	/* TODO(4.2): Place the descriptor: off-slab it is an object of
	 * cachep->slabp_cache (allocation may fail: NULL); on-slab it sits
	 * at the colour offset and the objects follow it, slab_size bytes
	 * later.  Fill it in: no object in use, s_mem at the first object,
	 * colouroff the distance from @p addr to s_mem.
	 * Checked by lab4.grow.* and lab4.colour.*. */
	struct slab *slabp;

	if (cachep->flags & CFLGS_OFF_SLAB) {
		slabp = kmem_cache_alloc(cachep->slabp_cache, flags & SLAB_GFP_MASK);
		if (!slabp)
			return NULL;
	} else {
		slabp = (struct slab *)((char *)addr + colour_off);
		colour_off += cachep->slab_size;
	}
	slabp->inuse = 0;
	slabp->colouroff = colour_off;
	slabp->s_mem = (char *)addr + colour_off;
	return slabp;
	/* END TODO stub: (void)cachep; (void)addr; (void)colour_off; (void)flags; return NULL; */
}

/* Chain the objects of a new slab through bufctl, and construct them. */
static __unused void cache_init_objs(struct kmem_cache *cachep, struct slab *slabp)
{
	/* TODO(4.2): Object i's bufctl entry names object i + 1, the last
	 * one BUFCTL_END, and slab->free is object 0.  Each object also gets
	 * its debug state (cache_init_obj_debug(), when any SLAB_DEBUG_ALL
	 * flag is set) and then the constructor, if the cache has one and
	 * does not poison (a poisoning cache constructs at every
	 * allocation instead).  The constructor gets the caller's pointer:
	 * buffer + obj_offset.  Checked by lab4.grow.*. */
	unsigned int i;

	for (i = 0; i < cachep->num; i++) {
		void *objp = index_to_obj(cachep, slabp, i);

		if (cachep->flags & SLAB_DEBUG_ALL)
			cache_init_obj_debug(cachep, objp);
		if (cachep->ctor && !(cachep->flags & SLAB_POISON))
			cachep->ctor((char *)objp + cachep->obj_offset);
		slab_bufctl(slabp)[i] = i + 1;
	}
	slab_bufctl(slabp)[cachep->num - 1] = BUFCTL_END;
	slabp->free = 0;
	/* END TODO stub: (void)cachep; (void)slabp; */
}

/* Add one slab to slabs_free: 1 on success, 0 if memory ran out. */
static __unused int cache_grow(struct kmem_cache *cachep, gfp_t flags)
{
	struct slab *slabp;
	size_t offset;
	void *addr;

	/* TODO(4.2): Take this slab's colour (colour_next, times colour_off
	 * bytes) and advance colour_next, back to 0 after colour - 1; get the
	 * pages (kmem_getpages()), the descriptor (alloc_slabmgmt(), giving
	 * the pages back if it fails), point the pages at the cache and the
	 * slab (slab_map_pages()), set up the objects, and put the slab on
	 * slabs_free; free_objects and grown count it.
	 * Checked by lab4.grow.* and lab4.colour.*. */
	offset = (size_t)cachep->colour_next * cachep->colour_off;
	if (++cachep->colour_next >= cachep->colour)
		cachep->colour_next = 0;
	addr = kmem_getpages(cachep, flags);
	if (!addr)
		return 0;
	slabp = alloc_slabmgmt(cachep, addr, offset, flags);
	if (!slabp) {
		kmem_freepages(cachep, addr);
		return 0;
	}
	slab_map_pages(cachep, slabp, addr);
	cache_init_objs(cachep, slabp);
	list_add_tail(&slabp->list, &cachep->slabs_free);
	cachep->free_objects += cachep->num;
	cachep->grown++;
	return 1;
	/* END TODO stub: (void)cachep; (void)flags; (void)slabp; (void)offset; (void)addr; return 0; */
}

/* ---- 4.3: allocation ------------------------------------------------------- */

/* Take the first free object of @p slabp (which has one). */
static inline void *slab_get_obj(struct kmem_cache *cachep, struct slab *slabp)
{
	/* TODO(4.3): Pop the head of the bufctl chain: the object at index
	 * slab->free is the caller's, the chain now starts at its bufctl
	 * entry, and one more object is in use.  Checked by lab4.alloc.*. */
	void *objp = index_to_obj(cachep, slabp, slabp->free);

	slabp->free = slab_bufctl(slabp)[slabp->free];
	slabp->inuse++;
	return objp;
	/* END TODO stub: (void)cachep; (void)slabp; return NULL; */
}

/* An object's buffer from @p cachep's lists, growing it if need be; irqs off. */
static __always_inline void *____cache_alloc(struct kmem_cache *cachep,
					     gfp_t flags)
{
	/* TODO(4.3): Use a partial slab if there is one, else a free slab,
	 * else grow the cache (cache_grow(); it failing means NULL) and use
	 * the slab it made.  Take an object (slab_get_obj()), count it out
	 * of free_objects, and move the slab to the list its new state
	 * belongs on: slabs_full if that was its last free object, else
	 * slabs_partial.  Checked by lab4.alloc.* and lab4.lists.*. */
	struct list_head *entry = cachep->slabs_partial.next;
	struct slab *slabp;
	void *objp;

	if (entry == &cachep->slabs_partial) {
		entry = cachep->slabs_free.next;
		if (entry == &cachep->slabs_free) {
			if (!cache_grow(cachep, flags))
				return NULL;
			entry = cachep->slabs_free.next;
		}
	}
	slabp = list_entry(entry, struct slab, list);
	objp = slab_get_obj(cachep, slabp);
	cachep->free_objects--;
	if (slabp->free == BUFCTL_END)
		list_move(&slabp->list, &cachep->slabs_full);
	else
		list_move(&slabp->list, &cachep->slabs_partial);
	return objp;
	/* END TODO stub: (void)cachep; (void)flags; return NULL; */
}

void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags)
{
	unsigned long irqflags;
	void *objp;

	if (WARN(!cachep, "kmem_cache_alloc: no cache\n"))
		return NULL;
	irqflags = local_irq_save();
	objp = ____cache_alloc(cachep, flags);
	if (objp && (cachep->flags & SLAB_DEBUG_ALL))
		objp = cache_alloc_debugcheck_after(cachep, objp);
	local_irq_restore(irqflags);
	if (unlikely(flags & __GFP_ZERO) && objp)
		memset(objp, 0, cachep->obj_size);
	return objp;
}

/* ---- 4.4: free ------------------------------------------------------------- */

/* Push the buffer @p objp back on @p slabp's bufctl chain. */
static inline void slab_put_obj(struct kmem_cache *cachep, struct slab *slabp,
				void *objp)
{
	/* TODO(4.4): The freed object becomes the head of the chain: its
	 * bufctl entry names the old head, slab->free names it, and one
	 * object fewer is in use.  Checked by lab4.free.*. */
	unsigned int objnr = obj_to_index(cachep, slabp, objp);

	slab_bufctl(slabp)[objnr] = slabp->free;
	slabp->free = objnr;
	slabp->inuse--;
	/* END TODO stub: (void)cachep; (void)slabp; (void)objp; */
}

/* Free the buffer @p objp to its slab and fix the slab's list; irqs off. */
static __always_inline void __cache_free(struct kmem_cache *cachep, void *objp)
{
	/* TODO(4.4): The slab is the one the object's page names
	 * (page_get_slab(virt_to_page())).  Put the object back
	 * (slab_put_obj()), count it in free_objects, and move the slab:
	 * to slabs_free if nothing in it is in use any more, else to
	 * slabs_partial (a full slab that lost one object is partial).
	 * Checked by lab4.free.* and lab4.lists.*. */
	struct slab *slabp = page_get_slab(virt_to_page(objp));

	slab_put_obj(cachep, slabp, objp);
	cachep->free_objects++;
	if (slabp->inuse == 0)
		list_move(&slabp->list, &cachep->slabs_free);
	else
		list_move(&slabp->list, &cachep->slabs_partial);
	/* END TODO stub: (void)cachep; (void)objp; */
}

void kmem_cache_free(struct kmem_cache *cachep, void *objp)
{
	unsigned long irqflags;

	if (WARN(!cachep, "kmem_cache_free: no cache for %p\n", objp) || !objp)
		return;
	irqflags = local_irq_save();
	if (cachep->flags & SLAB_DEBUG_ALL)
		objp = cache_free_debugcheck(cachep, objp);
	if (likely(objp))
		__cache_free(cachep, objp);
	local_irq_restore(irqflags);
}

/* ---- 4.5: shrink and destroy ----------------------------------------------- */

/* Give an empty slab back: its pages, and its descriptor if off-slab. */
static __unused void slab_destroy(struct kmem_cache *cachep, struct slab *slabp)
{
	void *addr = (char *)slabp->s_mem - slabp->colouroff;

	if (cachep->flags & SLAB_POISON)
		slab_destroy_debugcheck(cachep, slabp);
	kmem_freepages(cachep, addr);
	if (cachep->flags & CFLGS_OFF_SLAB)
		kmem_cache_free(cachep->slabp_cache, slabp);
}

int kmem_cache_shrink(struct kmem_cache *cachep)
{
	unsigned long irqflags;
	int pages = 0;

	if (WARN(!cachep, "kmem_cache_shrink: no cache\n"))
		return 0;
	irqflags = local_irq_save();
	/* TODO(4.5): Destroy every slab on slabs_free (slab_destroy()):
	 * take it off the list first, take its objects out of
	 * free_objects, count it in reaped, and add its 2^gfporder pages
	 * to what this returns.  A slab there with objects in use is a
	 * broken invariant.  Checked by lab4.shrink.*. */
	while (!list_empty(&cachep->slabs_free)) {
		struct slab *slabp = list_first_entry(&cachep->slabs_free,
						      struct slab, list);

		BUG_ON(slabp->inuse);
		list_del(&slabp->list);
		cachep->free_objects -= cachep->num;
		cachep->reaped++;
		slab_destroy(cachep, slabp);
		pages += 1 << cachep->gfporder;
	}
	/* END TODO stub: */
	local_irq_restore(irqflags);
	return pages;
}

void kmem_cache_destroy(struct kmem_cache *cachep)
{
	if (WARN(!cachep || cachep == &cache_cache,
		 "kmem_cache_destroy: not a cache that can go: %p\n", cachep))
		return;
	kmem_cache_shrink(cachep);
	if (!list_empty(&cachep->slabs_full) ||
	    !list_empty(&cachep->slabs_partial)) {
		slab_error(cachep, "kmem_cache_destroy", "Can't free all objects",
			   NULL);
		return;
	}
	list_del(&cachep->next);
	kmem_cache_free(&cache_cache, cachep);
}

/* ---- creating a cache (given) ---------------------------------------------- */

/* The cache named @p name, or NULL. */
static struct kmem_cache *find_cache(const char *name)
{
	struct kmem_cache *cachep;

	list_for_each_entry(cachep, &cache_chain, next)
		if (!strcmp(cachep->name, name))
			return cachep;
	return NULL;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *obj))
{
	struct kmem_cache *cachep = NULL;

	if (WARN(!name || size < sizeof(void *) ||
		 size > (PAGE_SIZE << KMALLOC_MAX_ORDER) ||
		 (align & (align - 1)) || align > PAGE_SIZE,
		 "kmem_cache_create: bad arguments for cache %s (size %lu, "
		 "align %lu)\n", name ? name : "(null)", (unsigned long)size,
		 (unsigned long)align))
		goto fail;
	if (WARN(find_cache(name), "kmem_cache_create: duplicate cache %s\n", name))
		goto fail;
	cachep = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (!cachep)
		goto fail;
	if (__kmem_cache_setup(cachep, name, size, align, flags, ctor)) {
		printk("kmem_cache_create: couldn't create cache %s.\n", name);
		kmem_cache_free(&cache_cache, cachep);
		goto fail;
	}
	list_add(&cachep->next, &cache_chain);
	return cachep;
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create(): failed to create slab `%s'\n",
		      name ? name : "(null)");
	return NULL;
}

size_t kmem_cache_size(struct kmem_cache *cachep)
{
	return cachep->obj_size;
}
