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
#define SLAB_DEBUG_FREE      0x00000100u	/**< check every free */
#define SLAB_RED_ZONE        0x00000400u	/**< guard words around each object */
#define SLAB_POISON          0x00000800u	/**< fill free objects with 0x6b */
#define SLAB_HWCACHE_ALIGN   0x00002000u	/**< align objects to a cache line */
#define SLAB_CACHE_DMA       0x00004000u	/**< objects from ZONE_DMA */
#define SLAB_PANIC           0x00040000u	/**< creation failure is fatal */

/** The debug flags the kit turns on for every cache unless asked not to. */
#define SLAB_DEBUG_DEFAULT   (SLAB_DEBUG_FREE | SLAB_RED_ZONE | SLAB_POISON)

/* Poison values (Linux's include/linux/poison.h). */
#define POISON_INUSE  0x5a	/**< a fresh object, before the constructor */
#define POISON_FREE   0x6b	/**< a free object */
#define POISON_END    0xa5	/**< the last byte of a poisoned object */
#define RED_INACTIVE  0x09F911029D74E35BULL	/**< red zone of a free object */
#define RED_ACTIVE    0xD84156C5635688C0ULL	/**< red zone of an object in use */

/** The largest kmalloc() served by a general cache: 128 KiB. */
#define KMALLOC_MAX_CACHE_SIZE (128UL << 10)

/** Kit flag (not Linux's): no debugging for this cache (benchmarks). */
#define SLAB_NO_DEBUG        0x00000001u

/**
 * The free-object index (bufctl): entry i of a slab's array names the
 * free object after object i, so the free objects form a chain through
 * the array starting at slab->free.  BUFCTL_END ends the chain;
 * BUFCTL_ACTIVE marks an object in use when the cache checks frees.
 */
typedef unsigned int kmem_bufctl_t;
#define BUFCTL_END    (~0U)		/**< no next free object */
#define BUFCTL_ACTIVE (~0U - 2)		/**< debug: the object is in use */

/**
 * One slab: 2^gfporder pages of objects.  On-slab, this descriptor and
 * its bufctl array (kmem_bufctl_t[num], right after it) open the slab;
 * off-slab they live in a general cache's object (cachep->slabp_cache).
 */
struct slab {
	struct list_head list;		/**< on slabs_full, _partial or _free */
	unsigned long colouroff;	/**< bytes from the first page to s_mem */
	void *s_mem;			/**< object 0 */
	unsigned int inuse;		/**< objects handed out */
	kmem_bufctl_t free;		/**< first free object, or BUFCTL_END */
};

/** A cache: its geometry, its three slab lists, its name (see the figure above). */
struct kmem_cache {
	/* Geometry (step 4.1). */
	unsigned int buffer_size;	/**< bytes per object, red zones included */
	unsigned int obj_size;		/**< bytes the caller may use */
	unsigned int obj_offset;	/**< caller's object within the buffer */
	unsigned int num;		/**< objects per slab */
	unsigned int gfporder;		/**< a slab is 2^gfporder pages */
	unsigned int colour;		/**< colours: offsets 0..colour-1 */
	unsigned int colour_off;	/**< bytes per colour step */
	unsigned int colour_next;	/**< the next slab's colour */
	unsigned int slab_size;		/**< descriptor + bufctl, aligned */
	unsigned int align;		/**< object alignment */
	unsigned long flags;		/**< SLAB_*, and CFLGS_OFF_SLAB */
	gfp_t gfpflags;			/**< __GFP_DMA for a DMA cache */
	struct kmem_cache *slabp_cache;	/**< off-slab descriptors come from here */
	void (*ctor)(void *obj);
	/* The slab lists (steps 4.3 to 4.5). */
	struct list_head slabs_full;
	struct list_head slabs_partial;
	struct list_head slabs_free;
	unsigned long free_objects;	/**< free objects in all slabs */
	unsigned long grown;		/**< slabs ever made */
	unsigned long reaped;		/**< slabs ever given back */
	/* Identity. */
	const char *name;
	struct list_head next;		/**< on cache_chain */
};

/** Internal flag: the slab descriptors are off-slab. */
#define CFLGS_OFF_SLAB       0x80000000u

/** Every cache, newest first (show_slabinfo() walks it). */
extern struct list_head cache_chain;
/** Slab errors (corruption, double free, bad pointer) reported since boot. */
extern unsigned int slab_error_count;

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
