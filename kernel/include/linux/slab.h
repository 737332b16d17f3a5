/**
 * @file
 * The slab allocator and kmalloc (lab 4): small objects from whole pages.
 *
 * The buddy allocator hands out pages; most kernel objects are far
 * smaller.  A cache (struct kmem_cache) keeps objects of one size in
 * slabs: one or more contiguous pages cut into equal objects.  Each cache
 * has three lists of slabs, as in Bonwick's design and Linux's classic SLAB:
 *
 * @verbatim
 *   slabs_full     every object in use
 *   slabs_partial  some in use: allocations come from here first
 *   slabs_free     none in use: kmem_cache_shrink() gives them back
 *
 *   one slab (objects on-slab, colour offset c):
 *   | c | struct slab | bufctl[0..n-1] | obj 0 | obj 1 | ... | obj n-1 | left over |
 * @endverbatim
 *
 * kmalloc() picks the smallest of the general caches size-8, size-16, ...
 * size-131072 that fits; bigger requests go straight to the page
 * allocator.  kmalloc() returns a kernel virtual address, so, like
 * __get_free_pages(), it cannot take __GFP_HIGHMEM: a high page has no
 * such address.
 *
 * Debugging is on by default in the labs (SLAB_DEBUG_DEFAULT): red zones
 * around each object, poisoning of free objects (0x6b) and of fresh ones
 * (0x5a) with 0xa5 as the last byte, and checks on every free.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

struct kmem_cache;

/* Cache flags (kmem_cache_create's @flags), Linux 2.6.20's values. */
#define SLAB_DEBUG_FREE      0x00000100u	/* check every free */
#define SLAB_RED_ZONE        0x00000400u	/* guard words around each object */
#define SLAB_POISON          0x00000800u	/* fill free objects with 0x6b */
#define SLAB_HWCACHE_ALIGN   0x00002000u	/* align objects to a cache line */
#define SLAB_CACHE_DMA       0x00004000u	/* objects from ZONE_DMA */
#define SLAB_PANIC           0x00040000u	/* creation failure is fatal */

/** The debug flags the kit turns on for every cache unless asked not to. */
#define SLAB_DEBUG_DEFAULT   (SLAB_DEBUG_FREE | SLAB_RED_ZONE | SLAB_POISON)

/* Poison values (Linux's include/linux/poison.h). */
#define POISON_INUSE  0x5a	/* a fresh object, before the constructor */
#define POISON_FREE   0x6b	/* a free object */
#define POISON_END    0xa5	/* the last byte of a poisoned object */
#define RED_INACTIVE  0x09F911029D74E35BULL	/* red zone of a free object */
#define RED_ACTIVE    0xD84156C5635688C0ULL	/* red zone of an object in use */

/** The largest kmalloc() served by a general cache: 128 KiB. */
#define KMALLOC_MAX_CACHE_SIZE (128UL << 10)

/**
 * kmem_cache_create() - Make a cache of objects of one size.
 * @param name   shown in slabinfo and in error reports
 * @param size   object size in bytes
 * @param align  minimum alignment (0: the natural word alignment)
 * @param flags  SLAB_* flags
 * @param ctor   called on every object when its slab is created, or NULL
 * @return the cache, or NULL.
 * @context Process context (may sleep).  Lab 4.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *obj));
/** Destroy an empty cache; a cache with objects still in use is refused loudly.  Lab 4. */
void kmem_cache_destroy(struct kmem_cache *cachep);
/** Allocate one object from @p cachep, or NULL.  Lab 4. */
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags);
/** Free an object of @p cachep; misuse (double free, wrong cache) is reported.  Lab 4. */
void kmem_cache_free(struct kmem_cache *cachep, void *objp);
/** Give every free slab's pages back to the buddy allocator; returns how many pages.  Lab 4. */
int kmem_cache_shrink(struct kmem_cache *cachep);
/** The object size of @p cachep as callers see it. */
size_t kmem_cache_size(struct kmem_cache *cachep);

/**
 * kmalloc() - Allocate @p size bytes of physically contiguous low memory.
 * @param size   bytes
 * @param flags  GFP flags; __GFP_HIGHMEM is refused with a warning
 * @return a kernel virtual address, or NULL.  Lab 4.
 */
void *kmalloc(size_t size, gfp_t flags);
/** kmalloc() and clear the memory. */
void *kzalloc(size_t size, gfp_t flags);
/** Free what kmalloc() returned (NULL is fine); bad pointers are reported.  Lab 4. */
void kfree(const void *objp);
/** The usable size of a kmalloc()ed object (its cache's object size).  Lab 4. */
size_t ksize(const void *objp);

/** Set up the general caches; called by mm_init() after mem_init().  Lab 4. */
void kmem_cache_init(void);
/** Print /proc/slabinfo's format (version 2.1). */
void show_slabinfo(void);

#endif /* _LINUX_SLAB_H */
