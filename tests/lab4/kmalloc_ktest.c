/**
 * @file
 * Lab 4 in-kernel tests, step 4.6: kmalloc(), kfree(), ksize(), kzalloc(),
 * every size-class boundary, big requests, the DMA twins, the refusal of
 * __GFP_HIGHMEM; the bench group; and two demonstrations for the book
 * (run only when named: ktest.filter=lab4.demo.*).
 *
 * boundary: for each class N, kmalloc(N) must come from size-N and
 * kmalloc(N + 1) from the next class (or, past 128 KiB, from the page
 * allocator): ksize() says which.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include <kit/warmup.h>
#include "slab_model.h"

extern unsigned int warn_count;

/* The cache a kmalloc()ed object came from. */
static struct kmem_cache *cache_of(const void *obj)
{
	struct page *page = virt_to_page(obj);

	return PageSlab(page) ? (struct kmem_cache *)page->lru.next : NULL;
}

/* ---- kmalloc (4.6) ------------------------------------------------------------ */

KTEST(lab4, kmalloc, small_object)
{
	char *p;

	ASSERT_SLAB_READY(t);
	p = kmalloc(50, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, cache_of(p) != NULL);
	KTEST_EXPECT(t, !strcmp(cache_of(p)->name, "size-64"));
	KTEST_EXPECT_EQ(t, ksize(p), 64);
	memset(p, 0x33, 64);			/* all of ksize() is usable */
	kfree(p);
	SLAB_EXPECT_OK(t, slab_model_check(cache_of(p)));
}

KTEST(lab4, boundary, every_class)
{
	size_t n;

	ASSERT_SLAB_READY(t);
	for (n = 8; n <= KMALLOC_MAX_CACHE_SIZE; n <<= 1) {
		void *a = kmalloc(n, GFP_KERNEL), *b = kmalloc(n + 1, GFP_KERNEL);

		KTEST_ASSERT(t, a != NULL && b != NULL);
		KTEST_EXPECT_EQ(t, ksize(a), n);
		KTEST_EXPECT_EQ(t, ksize(b), n < KMALLOC_MAX_CACHE_SIZE ? 2 * n
				: PAGE_SIZE << get_order(n + 1));
		KTEST_EXPECT_EQ(t, (unsigned long)a & (sizeof(void *) - 1), 0);
		kfree(a);
		kfree(b);
	}
}

KTEST(lab4, boundary, tiny_sizes)
{
	size_t n;

	ASSERT_SLAB_READY(t);
	for (n = 0; n <= 8; n++) {
		void *a = kmalloc(n, GFP_KERNEL);

		KTEST_ASSERT(t, a != NULL);
		KTEST_EXPECT_EQ(t, ksize(a), 8);
		kfree(a);
	}
}

KTEST(lab4, kmalloc, kfree_null_is_fine)
{
	unsigned int w = warn_count;
	void *p = kmalloc(8, GFP_KERNEL);

	KTEST_ASSERT(t, p != NULL);
	kfree(p);
	kfree(NULL);
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_EQ(t, ksize(NULL), 0);
}

/*
 * ksize() of what kmalloc() did not hand out: a page of the buddy
 * allocator, the inside of a big block.  Nothing to measure: 0, warned.
 */
KTEST(lab4, kmalloc, ksize_not_kmalloc)
{
	unsigned int w = warn_count;
	struct page *page;
	char *big;

	ASSERT_SLAB_READY(t);
	page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT(t, page != NULL);
	KTEST_EXPECT_EQ(t, ksize(page_address(page)), 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	__free_pages(page, 0);
	big = kmalloc(300 << 10, GFP_KERNEL);
	KTEST_ASSERT(t, big != NULL);
	KTEST_EXPECT_EQ(t, ksize(big + PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	KTEST_EXPECT_EQ(t, ksize(big), 512 << 10);
	kfree(big);
}

KTEST(lab4, kmalloc, kzalloc_clears)
{
	unsigned char *p;
	unsigned int i;

	ASSERT_SLAB_READY(t);
	p = kmalloc(100, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	memset(p, 0xee, 100);
	kfree(p);
	p = kzalloc(100, GFP_KERNEL);		/* very likely the same object */
	KTEST_ASSERT(t, p != NULL);
	for (i = 0; i < 100; i++)
		if (!KTEST_EXPECT_EQ(t, p[i], 0))
			break;
	kfree(p);
}

KTEST(lab4, kmalloc, large_from_page_allocator)
{
	unsigned long before;
	struct page *page;
	char *p;

	ASSERT_SLAB_READY(t);
	before = nr_free_pages();
	p = kmalloc(200 << 10, GFP_KERNEL);		/* 200 KiB: order 6 */
	KTEST_ASSERT(t, p != NULL);
	page = virt_to_page(p);
	KTEST_EXPECT(t, PageCompound(page));
	KTEST_EXPECT(t, !PageSlab(page));
	KTEST_EXPECT_EQ(t, ((unsigned long)p & ~PAGE_MASK), 0);
	KTEST_EXPECT_EQ(t, ksize(p), 256 << 10);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 64);
	memset(p, 0x11, 256 << 10);
	kfree(p);
	KTEST_EXPECT(t, !PageCompound(page));
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

KTEST(lab4, kmalloc, large_too_big_refused)
{
	unsigned int w = warn_count;

	ASSERT_SLAB_READY(t);
	KTEST_EXPECT(t, kmalloc((4UL << 20) + 1, GFP_KERNEL) == NULL);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
}

KTEST(lab4, kmalloc, dma_twins)
{
	void *p;

	ASSERT_SLAB_READY(t);
	p = kmalloc(300, GFP_DMA);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT_EQ(t, page_zonenum(virt_to_page(p)), ZONE_DMA);
	KTEST_ASSERT(t, cache_of(p) != NULL);
	KTEST_EXPECT(t, !strcmp(cache_of(p)->name, "size-512(DMA)"));
	kfree(p);
	p = kmalloc(300, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, !strcmp(cache_of(p)->name, "size-512"));
	kfree(p);
}

/* The seed question: kmalloc memory is in the direct map, never high. */
KTEST(lab4, kmalloc, lives_in_direct_map)
{
	size_t n;

	ASSERT_SLAB_READY(t);
	for (n = 16; n <= (512UL << 10); n <<= 2) {
		void *p = kmalloc(n, GFP_KERNEL);

		KTEST_ASSERT(t, p != NULL);
		KTEST_EXPECT(t, virt_addr_valid(p));
		KTEST_EXPECT(t, !PageHighMem(virt_to_page(p)));
		KTEST_EXPECT(t, (unsigned long)p >= PAGE_OFFSET &&
			     (unsigned long)p < (unsigned long)high_memory);
		KTEST_EXPECT(t, __va(__pa(p)) == p);
		kfree(p);
	}
}

KTEST(lab4, kmalloc, highmem_refused)
{
	unsigned long before;
	unsigned int w = warn_count;

	ASSERT_SLAB_READY(t);
	before = nr_free_pages();
	KTEST_EXPECT(t, kmalloc(64, GFP_HIGHUSER) == NULL);
	KTEST_EXPECT(t, kmalloc(1 << 20, __GFP_HIGHMEM) == NULL);
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static void atomic_alloc(void *arg)
{
	void **p = arg;

	*p = kmalloc(128, GFP_ATOMIC);
}

KTEST(lab4, kmalloc, atomic_in_irq)
{
	void *p = NULL;

	ASSERT_SLAB_READY(t);
	KTEST_ASSERT(t, ktest_run_in_irq(atomic_alloc, &p) == 0);
	KTEST_EXPECT(t, p != NULL);
	kfree(p);
}

/* Many sizes at once, freed in another order: every cache stays sound. */
KTEST(lab4, kmalloc, mixed_sizes)
{
	static void *p[240];
	struct kmem_cache *c;
	unsigned int i;

	ASSERT_SLAB_READY(t);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		size_t size = 1 + (i * 37) % 3000;

		p[i] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT(t, p[i] != NULL);
		memset(p[i], (int)i, size);
	}
	for (i = 0; i < ARRAY_SIZE(p); i += 2)
		kfree(p[i]);
	for (i = 1; i < ARRAY_SIZE(p); i += 2)
		kfree(p[i]);
	list_for_each_entry(c, &cache_chain, next)
		SLAB_EXPECT_OK(t, slab_model_check(c));
}

/* ---- bench ----------------------------------------------------------------- */

struct bench_arg {
	struct kmem_cache *cache;	/* NULL: kmalloc */
	size_t size;
	unsigned long failures;
};

static void kmalloc_pair(void *arg)
{
	struct bench_arg *b = arg;
	void *p = kmalloc(b->size, GFP_KERNEL);

	if (p)
		kfree(p);
	else
		b->failures++;
}

static void cache_pair(void *arg)
{
	struct bench_arg *b = arg;
	void *p = kmem_cache_alloc(b->cache, GFP_KERNEL);

	if (p)
		kmem_cache_free(b->cache, p);
	else
		b->failures++;
}

/* A slab is made (and kept) by the first call, so the loop times the fast path. */
static void bench_kmalloc(struct ktest *t, size_t size, const char *label)
{
	struct bench_arg b = { NULL, size, 0 };
	void *keep;

	ASSERT_SLAB_READY(t);
	keep = kmalloc(size, GFP_KERNEL);	/* the slab stays partial */
	KTEST_ASSERT(t, keep != NULL);
	ktest_bench(label, kmalloc_pair, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	kfree(keep);
}

static void bench_cache(struct ktest *t, const char *name, size_t size,
			const char *label)
{
	struct kmem_cache *c = kmem_cache_create(name, size, 0,
						 SLAB_HWCACHE_ALIGN | SLAB_NO_DEBUG, NULL);
	struct bench_arg b = { c, size, 0 };
	void *keep;

	KTEST_ASSERT(t, c != NULL);
	keep = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, keep != NULL);
	ktest_bench(label, cache_pair, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	kmem_cache_free(c, keep);
	kmem_cache_destroy(c);
}

KTEST(lab4, bench, kmalloc32_debug)
{
	bench_kmalloc(t, 32, "kmalloc+kfree(32), debug on");
}

KTEST(lab4, bench, kmalloc256_debug)
{
	bench_kmalloc(t, 256, "kmalloc+kfree(256), debug on");
}

KTEST(lab4, bench, cache32_nodebug)
{
	bench_cache(t, "bench-32", 32, "kmem_cache_alloc+free(32), no debug");
}

KTEST(lab4, bench, cache256_nodebug)
{
	bench_cache(t, "bench-256", 256, "kmem_cache_alloc+free(256), no debug");
}

/* ---- demonstrations for the book (run only when named) ------------------- */

KTEST_EXPLICIT(lab4, demo, direct_map)
{
	void *small, *big;

	ASSERT_SLAB_READY(t);
	small = kmalloc(100, GFP_KERNEL);
	big = kmalloc(300 << 10, GFP_KERNEL);
	KTEST_ASSERT(t, small && big);
	printk("kmalloc(100)      = %p  __pa = %#lx  virt_addr_valid = %d  zone %s  cache %s\n",
	       small, (unsigned long)__pa(small), virt_addr_valid(small),
	       page_zone(virt_to_page(small))->name, cache_of(small)->name);
	printk("kmalloc(300 KiB)  = %p  __pa = %#lx  virt_addr_valid = %d  zone %s  ksize %lu\n",
	       big, (unsigned long)__pa(big), virt_addr_valid(big),
	       page_zone(virt_to_page(big))->name, (unsigned long)ksize(big));
	printk("high_memory       = %p\n", high_memory);
	printk("kmalloc(100, GFP_HIGHUSER):\n");
	KTEST_EXPECT(t, kmalloc(100, GFP_HIGHUSER) == NULL);
	kfree(small);
	kfree(big);
}

KTEST_EXPLICIT(lab4, demo, slabinfo)
{
	static void *p[1000];
	unsigned long before;
	unsigned int i;

	ASSERT_SLAB_READY(t);
	before = nr_free_pages();
	for (i = 0; i < ARRAY_SIZE(p); i++)
		KTEST_ASSERT(t, (p[i] = kmalloc(32, GFP_KERNEL)) != NULL);
	printk("after 1000 x kmalloc(32): %lu pages taken from the buddy allocator\n",
	       before - nr_free_pages());
	show_slabinfo();
	for (i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
	printk("after kfree of all 1000, kmem_cache_shrink(size-32) gives back %d pages\n",
	       kmem_cache_shrink(cache_of(p[0]) ? cache_of(p[0]) : NULL));
}
