/**
 * @file
 * Lab 4's private helpers, shared by slab.c, slab_debug.c and kmalloc.c:
 * where a slab's pieces are, how a page names its cache and slab, and the
 * debug hooks.
 *
 * One slab of a cache with on-slab descriptors, colour c (0..colour-1):
 *
 * @verbatim
 *   page_address(first page)
 *   |<- c * colour_off ->|<---- slab_size ---->|<- num * buffer_size ->|
 *   |      (unused)      | struct slab|bufctl[]| obj 0 | obj 1 | ...   | left over - c*colour_off |
 *                        ^ slabp               ^ s_mem
 * @endverbatim
 *
 * Off-slab (big objects), the descriptor is an object of a general cache
 * and the objects start right after the colour.
 *
 * One object buffer (buffer_size bytes) of a debugging cache, and the
 * pointer the caller gets:
 *
 * @verbatim
 *   | red zone 1 (8) | object (obj_size)            | pad | red zone 2 (8) |
 *   ^ buffer         ^ buffer + obj_offset = what kmem_cache_alloc returns
 * @endverbatim
 *
 * Every page of a slab points back: page->lru.next is its cache,
 * page->lru.prev its slab (Linux 2.6's page_set_cache/page_set_slab), so
 * kfree() goes from a pointer to its cache with virt_to_page().
 */
#ifndef _SOLUTIONS_LAB4_SLAB_PRIV_H
#define _SOLUTIONS_LAB4_SLAB_PRIV_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>

/** The cache line the kit colours by: 32 bytes (Pentium Pro to III). */
#define SLAB_CACHE_LINE   32
/** A red zone is one 64-bit word. */
#define REDZONE_SIZE      8
/** The biggest slab: order 10, as big as a buddy block gets. */
#define KMALLOC_MAX_ORDER (MAX_ORDER - 1)
/** At and above this buffer size the descriptors go off-slab (512 bytes). */
#define OFF_SLAB_MIN_SIZE (PAGE_SIZE >> 3)
/** Flags that turn on any checking at all. */
#define SLAB_DEBUG_ALL    (SLAB_DEBUG_FREE | SLAB_RED_ZONE | SLAB_POISON)
/** The GFP bits a slab's pages are allocated with (the caller's zone is not one). */
#define SLAB_GFP_MASK     (__GFP_WAIT | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN)

static inline void page_set_cache(struct page *page, struct kmem_cache *cachep)
{
	page->lru.next = (struct list_head *)cachep;
}

static inline struct kmem_cache *page_get_cache(const struct page *page)
{
	return (struct kmem_cache *)page->lru.next;
}

static inline void page_set_slab(struct page *page, struct slab *slabp)
{
	page->lru.prev = (struct list_head *)slabp;
}

static inline struct slab *page_get_slab(const struct page *page)
{
	return (struct slab *)page->lru.prev;
}

/* The bufctl array sits right after the descriptor. */
static inline kmem_bufctl_t *slab_bufctl(struct slab *slabp)
{
	return (kmem_bufctl_t *)(slabp + 1);
}

/* Object @p idx's buffer: s_mem + idx * buffer_size. */
static inline void *index_to_obj(const struct kmem_cache *cachep,
				 const struct slab *slabp, unsigned int idx)
{
	return (char *)slabp->s_mem + (size_t)cachep->buffer_size * idx;
}

/* The index of the buffer at @p objp (which must be one). */
static inline unsigned int obj_to_index(const struct kmem_cache *cachep,
					const struct slab *slabp, const void *objp)
{
	return (unsigned int)(((const char *)objp - (const char *)slabp->s_mem) /
			      cachep->buffer_size);
}

/* slab.c: fill in a cache (also the static cache of caches). */
int __kmem_cache_setup(struct kmem_cache *cachep, const char *name,
		       size_t size, size_t align, unsigned long flags,
		       void (*ctor)(void *obj));
/* slab.c: the cache whose objects are struct kmem_caches. */
extern struct kmem_cache cache_cache;
/* kmalloc.c: the general cache holding @p size bytes, or NULL. */
struct kmem_cache *kmalloc_cache(size_t size, gfp_t flags);

/* slab_debug.c: the checks, run only for caches with SLAB_DEBUG_ALL bits. */
void slab_error(const struct kmem_cache *cachep, const char *func,
		const char *msg, const void *objp);
void cache_init_obj_debug(struct kmem_cache *cachep, void *objp);
void *cache_alloc_debugcheck_after(struct kmem_cache *cachep, void *objp);
void *cache_free_debugcheck(struct kmem_cache *cachep, void *objp);
void slab_destroy_debugcheck(struct kmem_cache *cachep, struct slab *slabp);

#endif /* _SOLUTIONS_LAB4_SLAB_PRIV_H */
