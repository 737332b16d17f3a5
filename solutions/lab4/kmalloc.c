/**
 * @file
 * Lab 4, step 4.6: kmalloc() and kfree() on top of the slab caches, and
 * kmem_cache_init(), which makes those caches at boot.
 *
 * The general caches hold powers of two from 8 bytes to 128 KiB; a
 * request takes the smallest that fits, so it wastes less than half:
 *
 * @verbatim
 *   size     1..8   9..16  17..32  ...  2049..4096  ...  65537..131072  more
 *   cache  size-8 size-16 size-32  ...   size-4096  ...   size-131072  alloc_pages
 *   GFP_DMA: the same sizes from the twins size-8(DMA) ... size-131072(DMA)
 * @endverbatim
 *
 * Past 128 KiB kmalloc() asks the buddy allocator directly for the
 * smallest block that fits (200 KiB: 256 KiB, order 6) and marks its first
 * page PG_compound; the order stays in page->private, where lab 3 keeps
 * it.  kfree() tells the three kinds of pointer apart by their page:
 *
 * @verbatim
 *   PG_slab      a slab object: page->lru.next is its cache
 *   PG_compound  a big block: __free_pages(page, page->private)
 *   neither      not kmalloc's: "kfree_debugcheck: bad ptr"
 * @endverbatim
 *
 * kmalloc() returns a kernel virtual address, so its memory must be in
 * the direct map: it never comes from ZONE_HIGHMEM, and asking for
 * __GFP_HIGHMEM is a mistake it refuses with a warning.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <kit/warmup.h>
#include "slab_priv.h"

/** One size class: the cache for normal memory and its DMA twin. */
struct cache_sizes {
	size_t cs_size;
	const char *name;
	const char *name_dma;
	struct kmem_cache *cs_cachep;
	struct kmem_cache *cs_dmacachep;
};

#define CACHE(n) { n, "size-" #n, "size-" #n "(DMA)", NULL, NULL }
static struct cache_sizes malloc_sizes[] = {
	CACHE(8), CACHE(16), CACHE(32), CACHE(64), CACHE(128), CACHE(256),
	CACHE(512), CACHE(1024), CACHE(2048), CACHE(4096), CACHE(8192),
	CACHE(16384), CACHE(32768), CACHE(65536), CACHE(131072),
};
#undef CACHE
#define NR_MALLOC_SIZES ARRAY_SIZE(malloc_sizes)

/* ---- 4.6: the size classes ------------------------------------------------- */

struct kmem_cache *kmalloc_cache(size_t size, gfp_t flags)
{
	/* TODO(4.6): The general cache for @p size bytes: the first class
	 * of malloc_sizes[] (smallest first) whose cs_size is at least
	 * size, 0 counting as 1; its DMA twin if @p flags has __GFP_DMA.
	 * NULL past the last class (or while the class has no cache yet).
	 * 64 bytes: size-64; 65 bytes: size-128.
	 * Checked by lab4.kmalloc.* and lab4.boundary.*. */
	unsigned int i;

	for (i = 0; i < NR_MALLOC_SIZES; i++)
		if (size <= malloc_sizes[i].cs_size)
			return (flags & __GFP_DMA) ? malloc_sizes[i].cs_dmacachep
						   : malloc_sizes[i].cs_cachep;
	return NULL;
	/* END TODO stub: (void)size; (void)flags; return NULL; */
}

/* More than 128 KiB: a block of the buddy allocator, marked PG_compound. */
static void *kmalloc_large(size_t size, gfp_t flags)
{
	/* TODO(4.6): Take the smallest block that holds @p size bytes
	 * (get_order()); a size no block holds (over 4 MiB) is refused
	 * with a warning.  Mark its first page PG_compound so that kfree()
	 * and ksize() know it, and return its kernel virtual address.
	 * Checked by lab4.kmalloc.large_*. */
	unsigned int order = get_order(size);
	struct page *page;

	if (WARN(order >= MAX_ORDER, "kmalloc: %lu bytes: more than the "
		 "biggest block (order %d)\n", (unsigned long)size, MAX_ORDER - 1))
		return NULL;
	page = alloc_pages(flags, order);
	if (!page)
		return NULL;
	SetPageCompound(page);
	return page_address(page);
	/* END TODO stub: (void)size; (void)flags; return NULL; */
}

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmem_cache *cachep;

	if (WARN(flags & __GFP_HIGHMEM, "kmalloc: __GFP_HIGHMEM: kmalloc "
		 "returns a kernel virtual address and a high page has none "
		 "(it is not in the direct map); use alloc_pages() and kmap()\n"))
		return NULL;
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, flags);
	cachep = kmalloc_cache(size, flags);
	if (unlikely(!cachep))
		return NULL;
	return kmem_cache_alloc(cachep, flags);
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

/* The page of @p objp if it is a direct-map address, else NULL (warned). */
static struct page *kmalloc_page(const void *objp, const char *who)
{
	if (WARN(!virt_addr_valid(objp), "%s: out of range ptr %p.\n", who, objp))
		return NULL;
	return virt_to_page(objp);
}

void kfree(const void *objp)
{
	struct page *page;

	if (unlikely(!objp))
		return;
	page = kmalloc_page(objp, "kfree_debugcheck");
	if (!page)
		return;
	/* TODO(4.6): A slab object goes back to the cache its page names
	 * (page_get_cache()).  A PG_compound page heads a big block: only
	 * its first byte is a pointer kmalloc() returned; clear the mark and
	 * give the block back with the order lab 3 kept in page->private.
	 * Anything else was never kmalloc()'s: warn in Linux's words,
	 * "kfree_debugcheck: bad ptr %p.", and leave it alone.
	 * Checked by lab4.kmalloc.* and lab4.misuse.*. */
	if (likely(PageSlab(page))) {
		kmem_cache_free(page_get_cache(page), (void *)objp);
		return;
	}
	if (PageCompound(page) && objp == page_address(page)) {
		ClearPageCompound(page);
		__free_pages(page, (unsigned int)page->private);
		return;
	}
	WARN(1, "kfree_debugcheck: bad ptr %p.\n", objp);
	/* END TODO stub: */
}

size_t ksize(const void *objp)
{
	struct page *page;

	if (!objp)
		return 0;
	page = kmalloc_page(objp, "ksize");
	if (!page)
		return 0;
	/* TODO(4.6): The usable size: a slab object's cache's object size,
	 * a big block's whole size (PAGE_SIZE << its order); 0 and a
	 * warning for anything else.  Checked by lab4.kmalloc.ksize_*. */
	if (PageSlab(page))
		return page_get_cache(page)->obj_size;
	if (PageCompound(page))
		return PAGE_SIZE << page->private;
	WARN(1, "ksize: bad ptr %p.\n", objp);
	return 0;
	/* END TODO stub: return 0; */
}

/* ---- boot (given) ---------------------------------------------------------- */

void kmem_cache_init(void)
{
	unsigned int i, made = 0;

	INIT_LIST_HEAD(&cache_chain);
	for (i = 0; i < NR_MALLOC_SIZES; i++)
		malloc_sizes[i].cs_cachep = malloc_sizes[i].cs_dmacachep = NULL;
	/* The cache of caches is static: nothing to allocate it from yet. */
	if (__kmem_cache_setup(&cache_cache, "kmem_cache",
			       sizeof(struct kmem_cache), 0, SLAB_HWCACHE_ALIGN,
			       NULL)) {
		printk("kmem_cache_init: no geometry for kmem_cache (lab 4.1 not "
		       "done?): kmalloc() will return NULL\n");
		return;
	}
	list_add(&cache_cache.next, &cache_chain);
	/* Smallest first: off-slab descriptors come from the smaller ones. */
	for (i = 0; i < NR_MALLOC_SIZES; i++) {
		struct cache_sizes *cs = &malloc_sizes[i];

		cs->cs_cachep = kmem_cache_create(cs->name, cs->cs_size, 0,
						  SLAB_HWCACHE_ALIGN, NULL);
		made += cs->cs_cachep != NULL;
	}
	for (i = 0; i < NR_MALLOC_SIZES; i++) {
		struct cache_sizes *cs = &malloc_sizes[i];

		cs->cs_dmacachep = kmem_cache_create(cs->name_dma, cs->cs_size, 0,
						     SLAB_HWCACHE_ALIGN |
						     SLAB_CACHE_DMA, NULL);
		made += cs->cs_dmacachep != NULL;
	}
	if (made != 2 * NR_MALLOC_SIZES)
		printk("kmem_cache_init: %u of %lu general caches made: "
		       "kmalloc() will fail for the others\n", made,
		       (unsigned long)(2 * NR_MALLOC_SIZES));
}
