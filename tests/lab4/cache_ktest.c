/**
 * @file
 * Lab 4 in-kernel tests, steps 4.1 to 4.5: one cache, from its geometry to
 * its destruction.
 *
 * Groups follow the steps: geometry (4.1), grow and colour (4.2), alloc
 * (4.3), free and lists (4.4), shrink (4.5).  Every test that changes a
 * cache ends with slab_model_check() (slab_model.h), which walks the three
 * lists, every bufctl chain and every slab page.  The tests make their own
 * caches, so what the rest of the kernel holds does not change the counts;
 * the caches are SLAB_NO_DEBUG where a test counts objects or constructor
 * calls, and debugging (the default) elsewhere.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include "slab_model.h"

/* ---- geometry (4.1) -------------------------------------------------------- */

/* The general caches' sizes, as kmalloc promises them. */
static const size_t general_sizes[] = {
	8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
	65536, 131072,
};

/* The general cache named @p name, from the chain, or NULL. */
static struct kmem_cache *cache_by_name(const char *name)
{
	struct kmem_cache *c;

	list_for_each_entry(c, &cache_chain, next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

KTEST(lab4, geometry, general_caches)
{
	char name[32];
	unsigned int i;

	ASSERT_SLAB_READY(t);
	for (i = 0; i < ARRAY_SIZE(general_sizes); i++) {
		struct kmem_cache *c, *d;

		snprintf(name, sizeof(name), "size-%lu", (unsigned long)general_sizes[i]);
		c = cache_by_name(name);
		snprintf(name, sizeof(name), "size-%lu(DMA)", (unsigned long)general_sizes[i]);
		d = cache_by_name(name);
		KTEST_ASSERT(t, c != NULL && d != NULL);
		KTEST_EXPECT_EQ(t, c->obj_size, general_sizes[i]);
		KTEST_EXPECT_EQ(t, d->gfpflags, __GFP_DMA);
		KTEST_EXPECT(t, c->num >= 1);
	}
}

/* Every cache's num, order and colours against the counting reference. */
KTEST(lab4, geometry, objects_per_slab)
{
	struct kmem_cache *c;
	unsigned int n = 0;

	ASSERT_SLAB_READY(t);
	list_for_each_entry(c, &cache_chain, next) {
		bool off = c->flags & CFLGS_OFF_SLAB;
		size_t bytes = PAGE_SIZE << c->gfporder;
		size_t used = (size_t)c->num * c->buffer_size + (off ? 0 : c->slab_size);

		n++;
		KTEST_EXPECT_EQ(t, c->num, slab_expect_num(c->gfporder, c->buffer_size,
							   c->align, off));
		KTEST_ASSERT(t, used <= bytes);
		KTEST_EXPECT_EQ(t, c->colour, (bytes - used) / c->colour_off);
		KTEST_EXPECT(t, c->gfporder <= 10);
	}
	KTEST_EXPECT(t, n >= 31);	/* kmem_cache and 30 general caches */
}

/* The order: the smallest with an object, then at most order 1 for waste. */
KTEST(lab4, geometry, slab_order)
{
	struct kmem_cache *c = kmem_cache_create("t-order", 2000, 0, SLAB_NO_DEBUG, NULL);
	struct kmem_cache *d = kmem_cache_create("t-order-small", 100, 0, SLAB_NO_DEBUG, NULL);
	struct kmem_cache *e = kmem_cache_create("t-order-big", 40000, 0, SLAB_NO_DEBUG, NULL);

	KTEST_ASSERT(t, c && d && e);
	KTEST_EXPECT_EQ(t, c->num, 2);		/* 2 * 2000 of 4096: little waste */
	KTEST_EXPECT_EQ(t, c->gfporder, 0);
	KTEST_EXPECT_EQ(t, d->gfporder, 0);	/* 100-byte objects: order 0 */
	KTEST_EXPECT_EQ(t, d->num, slab_expect_num(0, 100 + (-100 & (sizeof(void *) - 1)),
						   d->align, false));
	KTEST_EXPECT_EQ(t, e->gfporder, 4);	/* 40000 bytes need 10 pages: order 4 */
	KTEST_EXPECT_EQ(t, e->num, 1);
	kmem_cache_destroy(c);
	kmem_cache_destroy(d);
	kmem_cache_destroy(e);
	/*
	 * Order 0 wastes at most an eighth of the slab: 1792-byte buffers
	 * leave exactly 512 bytes (an eighth: order 0 stays), 1780-byte ones
	 * 536 (more: order 1, four objects).
	 */
	c = kmem_cache_create("t-order-eighth", 1792, 0, SLAB_NO_DEBUG, NULL);
	d = kmem_cache_create("t-order-over", 1780, 0, SLAB_NO_DEBUG, NULL);
	KTEST_ASSERT(t, c && d);
	KTEST_EXPECT_EQ(t, c->gfporder, 0);
	KTEST_EXPECT_EQ(t, c->num, 2);
	KTEST_EXPECT_EQ(t, d->gfporder, 1);
	KTEST_EXPECT_EQ(t, d->num, 4);
	kmem_cache_destroy(c);
	kmem_cache_destroy(d);
	/* Just over 2 MiB fits only the biggest order: the search must reach it. */
	e = kmem_cache_create("t-order-max", (PAGE_SIZE << (MAX_ORDER - 2)) + 8, 0,
			      SLAB_NO_DEBUG, NULL);
	KTEST_ASSERT(t, e);
	KTEST_EXPECT_EQ(t, e->gfporder, MAX_ORDER - 1);
	KTEST_EXPECT_EQ(t, e->num, 1);
	kmem_cache_destroy(e);
}

KTEST(lab4, geometry, off_slab_for_big_objects)
{
	struct kmem_cache *small = cache_by_name("size-64");
	struct kmem_cache *big = cache_by_name("size-4096");

	ASSERT_SLAB_READY(t);
	KTEST_ASSERT(t, small && big);
	KTEST_EXPECT(t, !(small->flags & CFLGS_OFF_SLAB));
	KTEST_EXPECT(t, big->flags & CFLGS_OFF_SLAB);
	KTEST_EXPECT(t, big->slabp_cache != NULL);
	KTEST_EXPECT_EQ(t, big->num, 1);		/* a whole page each */
}

/* ---- grow and colour (4.2) -------------------------------------------------- */

static unsigned int ctor_calls;

static void ctor_mark(void *obj)
{
	ctor_calls++;
	memset(obj, 0xc7, 24);
}

KTEST(lab4, grow, first_alloc_makes_a_slab)
{
	struct kmem_cache *c = kmem_cache_create("t-grow", 100, 0, 0, NULL);
	struct page *page;
	void *obj;

	KTEST_ASSERT(t, c != NULL);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_free) +
			slab_model_count(&c->slabs_partial), 0);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, obj != NULL);
	KTEST_EXPECT_EQ(t, c->grown, 1);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 1);
	KTEST_EXPECT_EQ(t, c->free_objects, c->num - 1);
	page = virt_to_page(obj);
	KTEST_EXPECT(t, PageSlab(page));
	KTEST_EXPECT(t, page->lru.next == (struct list_head *)c);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_free(c, obj);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

/* A multi-page slab: every page names the cache and the slab. */
KTEST(lab4, grow, every_page_points_back)
{
	struct kmem_cache *c = kmem_cache_create("t-grow-big", 3000, 0, 0, NULL);
	void *obj[8];
	unsigned int i;

	KTEST_ASSERT(t, c != NULL);
	KTEST_ASSERT(t, c->gfporder >= 1);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		KTEST_ASSERT(t, (obj[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		kmem_cache_free(c, obj[i]);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

/* Without poisoning the constructor runs once per object, at slab creation. */
KTEST(lab4, grow, constructor_per_object)
{
	struct kmem_cache *c = kmem_cache_create("t-ctor", 64, 0, SLAB_NO_DEBUG, ctor_mark);
	unsigned char *obj, *again;

	KTEST_ASSERT(t, c != NULL);
	ctor_calls = 0;
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, obj != NULL);
	KTEST_EXPECT_EQ(t, ctor_calls, c->num);
	KTEST_EXPECT_EQ(t, obj[0], 0xc7);
	KTEST_EXPECT_EQ(t, obj[23], 0xc7);
	kmem_cache_free(c, obj);
	again = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT(t, again == obj);
	KTEST_EXPECT_EQ(t, ctor_calls, c->num);	/* not again: still constructed */
	kmem_cache_free(c, again);
	kmem_cache_destroy(c);
}

/* With poisoning (the default) the constructor runs at every allocation. */
KTEST(lab4, grow, constructor_after_poison)
{
	struct kmem_cache *c = kmem_cache_create("t-ctor-dbg", 64, 0, 0, ctor_mark);
	unsigned char *obj;

	KTEST_ASSERT(t, c != NULL);
	ctor_calls = 0;
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, obj != NULL);
	KTEST_EXPECT_EQ(t, ctor_calls, 1);
	KTEST_EXPECT_EQ(t, obj[0], 0xc7);
	KTEST_EXPECT_EQ(t, obj[24], POISON_INUSE);
	kmem_cache_free(c, obj);
	kmem_cache_destroy(c);
}

/* Offset of slab @p i's first object in its first page. */
static unsigned long first_obj_offset(void *obj)
{
	struct slab *s = (struct slab *)virt_to_page(obj)->lru.prev;

	return s ? s->colouroff : ~0UL;
}

KTEST(lab4, colour, offsets_cycle)
{
	/* 200-byte objects, no debug, on-slab: a few colours of 32 bytes. */
	struct kmem_cache *c = kmem_cache_create("t-colour", 200, 0, SLAB_NO_DEBUG, NULL);
	void *objs[16 * 24];
	unsigned long base = 0;
	unsigned int i, slabs, n = 0;

	KTEST_ASSERT(t, c != NULL);
	KTEST_ASSERT(t, c->colour >= 2 && c->num <= 24);
	slabs = c->colour + 2;
	KTEST_ASSERT(t, slabs <= 16);
	for (i = 0; i < slabs; i++) {
		unsigned int j;

		for (j = 0; j < c->num; j++) {
			objs[n] = kmem_cache_alloc(c, GFP_KERNEL);
			KTEST_ASSERT(t, objs[n] != NULL);
			n++;
		}
		/* Slab i was grown i-th: colour i mod colour. */
		if (i == 0)
			base = first_obj_offset(objs[n - c->num]);
		KTEST_EXPECT_EQ(t, first_obj_offset(objs[n - c->num]),
				base + (i % c->colour) * c->colour_off);
		KTEST_EXPECT_EQ(t, ((unsigned long)objs[n - c->num] & ~PAGE_MASK),
				base + (i % c->colour) * c->colour_off);
	}
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_full), slabs);
	while (n)
		kmem_cache_free(c, objs[--n]);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

/* ---- alloc (4.3) ------------------------------------------------------------- */

KTEST(lab4, alloc, alignment)
{
	static const size_t aligns[] = { 0, 8, 16, 32, 64, 128, 256 };
	static const char *const names[] = { "t-al0", "t-al8", "t-al16", "t-al32",
					     "t-al64", "t-al128", "t-al256" };
	unsigned int i, j;

	ASSERT_SLAB_READY(t);
	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		struct kmem_cache *c = kmem_cache_create(names[i], 40, aligns[i], 0, NULL);
		unsigned long want = aligns[i] ? aligns[i] : sizeof(void *);
		void *o[20];

		KTEST_ASSERT(t, c != NULL);
		for (j = 0; j < ARRAY_SIZE(o); j++) {
			o[j] = kmem_cache_alloc(c, GFP_KERNEL);
			KTEST_ASSERT(t, o[j] != NULL);
			KTEST_EXPECT_EQ(t, (unsigned long)o[j] & (want - 1), 0);
		}
		for (j = 0; j < ARRAY_SIZE(o); j++)
			kmem_cache_free(c, o[j]);
		kmem_cache_destroy(c);
	}
}

/* Objects never overlap: fill each with its number, then read all back. */
KTEST(lab4, alloc, distinct_objects)
{
	struct kmem_cache *c = kmem_cache_create("t-distinct", 48, 0, 0, NULL);
	unsigned char *o[200];
	unsigned int i, j;

	KTEST_ASSERT(t, c != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++) {
		o[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT(t, o[i] != NULL);
		KTEST_EXPECT(t, virt_addr_valid(o[i]));
		memset(o[i], (int)i, 48);
	}
	for (i = 0; i < ARRAY_SIZE(o); i++)
		for (j = 0; j < 48; j++)
			if (!KTEST_EXPECT_EQ(t, o[i][j], i & 0xff))
				break;
	SLAB_EXPECT_OK(t, slab_model_check(c));
	for (i = 0; i < ARRAY_SIZE(o); i++)
		kmem_cache_free(c, o[i]);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

/* The object freed last is the next one handed out (LIFO, cache-hot). */
KTEST(lab4, alloc, reuse_last_freed)
{
	struct kmem_cache *c = kmem_cache_create("t-reuse", 32, 0, 0, NULL);
	void *a, *b, *x;

	KTEST_ASSERT(t, c != NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, a && b && a != b);
	kmem_cache_free(c, a);
	x = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT(t, x == a);
	kmem_cache_free(c, b);
	kmem_cache_free(c, x);
	kmem_cache_destroy(c);
}

/* ---- free and list transitions (4.4) ----------------------------------------- */

KTEST(lab4, lists, free_partial_full)
{
	struct kmem_cache *c = kmem_cache_create("t-lists", 500, 0, SLAB_NO_DEBUG, NULL);
	void *o[64], *extra;
	unsigned int i, n;

	KTEST_ASSERT(t, c != NULL);
	n = c->num;
	KTEST_ASSERT(t, n >= 2 && n <= ARRAY_SIZE(o));
	for (i = 0; i < n; i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_full), 1);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 0);
	extra = kmem_cache_alloc(c, GFP_KERNEL);		/* a second slab */
	KTEST_ASSERT(t, extra != NULL);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 1);
	kmem_cache_free(c, o[0]);				/* full -> partial */
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_full), 0);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 2);
	kmem_cache_free(c, extra);				/* partial -> free */
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_free), 1);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 1);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	for (i = 1; i < n; i++)
		kmem_cache_free(c, o[i]);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_free), 2);
	KTEST_EXPECT_EQ(t, c->free_objects, 2 * n);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

/* A partial slab is used before a free one (fill what is started). */
KTEST(lab4, lists, partial_before_free)
{
	struct kmem_cache *c = kmem_cache_create("t-prefer", 500, 0, SLAB_NO_DEBUG, NULL);
	void *o[64], *x;
	unsigned int i, n;

	KTEST_ASSERT(t, c != NULL);
	n = c->num;
	KTEST_ASSERT(t, 2 * n <= ARRAY_SIZE(o));
	for (i = 0; i < 2 * n; i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	for (i = 0; i < n; i++)
		kmem_cache_free(c, o[i]);		/* slab A empty */
	kmem_cache_free(c, o[n]);			/* slab B partial */
	x = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT(t, x == o[n]);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_free), 1);
	for (i = n; i < 2 * n; i++)
		kmem_cache_free(c, o[i]);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

KTEST(lab4, free, chain_after_random_frees)
{
	struct kmem_cache *c = kmem_cache_create("t-chain", 24, 0, 0, NULL);
	void *o[300];
	unsigned int i, k = 7;

	KTEST_ASSERT(t, c != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++) {		/* a permutation: k * i mod 300 */
		unsigned int j = (k * i) % ARRAY_SIZE(o);

		kmem_cache_free(c, o[j]);
		if (i % 50 == 0)
			SLAB_EXPECT_OK(t, slab_model_check(c));
	}
	SLAB_EXPECT_OK(t, slab_model_check(c));
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial) +
			slab_model_count(&c->slabs_full), 0);
	kmem_cache_destroy(c);
}

/* ---- shrink and destroy (4.5) ------------------------------------------------ */

KTEST(lab4, shrink, exact_pages_back)
{
	struct kmem_cache *c = kmem_cache_create("t-shrink", 1000, 0, SLAB_NO_DEBUG, NULL);
	unsigned long before, slab_pages;
	void *o[40];
	unsigned int i;

	KTEST_ASSERT(t, c != NULL);
	KTEST_ASSERT(t, !(c->flags & CFLGS_OFF_SLAB));
	before = nr_free_pages();
	for (i = 0; i < ARRAY_SIZE(o); i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	slab_pages = c->grown << c->gfporder;
	KTEST_EXPECT_EQ(t, c->grown, (ARRAY_SIZE(o) + c->num - 1) / c->num);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - slab_pages);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		kmem_cache_free(c, o[i]);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - slab_pages);	/* kept */
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(c), slab_pages);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_EQ(t, c->free_objects, 0);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(c), 0);
	kmem_cache_destroy(c);

	/* Order-1 slabs (2064-byte buffers): two pages back per slab. */
	c = kmem_cache_create("t-shrink-o1", 2064, 0, SLAB_NO_DEBUG, NULL);
	KTEST_ASSERT(t, c != NULL);
	KTEST_EXPECT_EQ(t, c->gfporder, 1);
	for (i = 0; i < 6; i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	for (i = 0; i < 6; i++)
		kmem_cache_free(c, o[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(c), c->grown << 1);
	KTEST_EXPECT_EQ(t, c->reaped, c->grown);	/* each slab counted */
	kmem_cache_destroy(c);
}

KTEST(lab4, shrink, keeps_slabs_in_use)
{
	struct kmem_cache *c = kmem_cache_create("t-shrink2", 1000, 0, 0, NULL);
	void *o[20];
	unsigned int i;

	KTEST_ASSERT(t, c != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	for (i = 1; i < ARRAY_SIZE(o); i++)
		kmem_cache_free(c, o[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(c), (c->grown - 1) << c->gfporder);
	KTEST_EXPECT_EQ(t, slab_model_count(&c->slabs_partial), 1);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_free(c, o[0]);
	kmem_cache_destroy(c);
}

KTEST(lab4, shrink, destroy_gives_everything_back)
{
	unsigned long before = nr_free_pages();
	struct kmem_cache *c;
	void *o[30];
	unsigned int i;

	ASSERT_SLAB_READY(t);
	c = kmem_cache_create("t-destroy", 300, 0, SLAB_NO_DEBUG, NULL);
	KTEST_ASSERT(t, c != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		KTEST_ASSERT(t, (o[i] = kmem_cache_alloc(c, GFP_KERNEL)) != NULL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		kmem_cache_free(c, o[i]);
	kmem_cache_destroy(c);
	KTEST_EXPECT(t, cache_by_name("t-destroy") == NULL);
	/* The struct kmem_cache went back to kmem_cache, which keeps its slab. */
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}
