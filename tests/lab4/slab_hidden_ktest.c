/**
 * @file
 * Lab 4 hidden test: graded, left out of the student handout.
 *
 * The visible tests use one cache at a time, of sizes that are multiples
 * of 8.  This one keeps seven caches of odd sizes and alignments alive at
 * once (debugging on for some, off for others), takes objects from them
 * in turn, and checks what every correct slab allocator guarantees:
 *
 * @verbatim
 *   each object is aligned (its cache's align, else a word), in the
 *   direct map, on a PG_slab page that names its cache
 *   no two objects overlap, across caches: each is filled with its own
 *   byte, and every byte still reads back after all are written
 *   slab_model_check() holds for every cache, before and after the frees
 *   once all are freed (in a scrambled order), kmem_cache_shrink() gives
 *   back every page the cache ever grew, and the free page count is what
 *   it was before the first object
 * @endverbatim
 *
 * Odd sizes catch a buffer size not rounded up to the alignment (objects
 * that share their last bytes), alignment applied to the first object
 * only, and a colour offset that pushes the last object past its slab.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include "slab_model.h"

#define HIDDEN_CACHES	7
#define HIDDEN_PER_CACHE 24

struct hidden_cache_spec {
	const char *name;
	size_t size;
	size_t align;
	unsigned long flags;
};

/* All on-slab, so that freeing gives every page back to the buddy lists. */
static const struct hidden_cache_spec hidden_specs[HIDDEN_CACHES] = {
	{ "h-odd-5",   5,   0,   SLAB_NO_DEBUG },
	{ "h-odd-13",  13,  0,   0 },
	{ "h-odd-37",  37,  16,  SLAB_NO_DEBUG },
	{ "h-odd-99",  99,  32,  0 },
	{ "h-odd-129", 129, 64,  SLAB_NO_DEBUG },
	{ "h-odd-251", 251, 8,   0 },
	{ "h-odd-333", 333, 128, SLAB_NO_DEBUG },
};

static struct kmem_cache *hidden_caches[HIDDEN_CACHES];
static u8 *hidden_objs[HIDDEN_CACHES][HIDDEN_PER_CACHE];

/* The byte object @p j of cache @p c is filled with. */
static u8 hidden_tag(unsigned int c, unsigned int j)
{
	return (u8)(c * HIDDEN_PER_CACHE + j + 1);
}

static void hidden_destroy_all(void)
{
	unsigned int c;

	for (c = 0; c < HIDDEN_CACHES; c++)
		if (hidden_caches[c])
			kmem_cache_destroy(hidden_caches[c]);
}

/* Object @p j of cache @p c is where it should be; false if not. */
static bool hidden_placed(struct ktest *t, unsigned int c, unsigned int j)
{
	const struct hidden_cache_spec *s = &hidden_specs[c];
	unsigned long align = s->align ? s->align : sizeof(void *);
	u8 *o = hidden_objs[c][j];
	struct page *page;

	if (!KTEST_EXPECT(t, o != NULL) ||
	    !KTEST_EXPECT_EQ(t, (unsigned long)o & (align - 1), 0) ||
	    !KTEST_EXPECT(t, virt_addr_valid(o) && virt_addr_valid(o + s->size - 1)))
		return false;
	page = virt_to_page(o + s->size - 1);	/* the last byte, too */
	return KTEST_EXPECT(t, PageSlab(virt_to_page(o)) && PageSlab(page)) &&
	       KTEST_EXPECT(t, page->lru.next == (struct list_head *)hidden_caches[c]);
}

/* Every byte of every object still holds its tag; false at the first that does not. */
static bool hidden_tags_intact(struct ktest *t)
{
	unsigned int c, j;
	size_t b;

	for (c = 0; c < HIDDEN_CACHES; c++)
		for (j = 0; j < HIDDEN_PER_CACHE; j++)
			for (b = 0; b < hidden_specs[c].size; b++)
				if (hidden_objs[c][j][b] != hidden_tag(c, j)) {
					printk("# lab4: %s object %u byte %u: %#x\n",
					       hidden_specs[c].name, j, (unsigned int)b,
					       hidden_objs[c][j][b]);
					return KTEST_EXPECT_EQ(t, hidden_objs[c][j][b],
							       hidden_tag(c, j));
				}
	return true;
}

/* Take HIDDEN_PER_CACHE objects from each cache, in turn; false if any is wrong. */
static bool hidden_fill(struct ktest *t)
{
	unsigned int c, j;

	for (j = 0; j < HIDDEN_PER_CACHE; j++)
		for (c = 0; c < HIDDEN_CACHES; c++) {
			hidden_objs[c][j] = kmem_cache_alloc(hidden_caches[c], GFP_KERNEL);
			if (!hidden_placed(t, c, j))
				return false;
			memset(hidden_objs[c][j], hidden_tag(c, j), hidden_specs[c].size);
		}
	return true;
}

/* Free what was taken, a scrambled order per cache (5 is coprime with 24). */
static void hidden_free_all(void)
{
	unsigned int c, i, j;

	for (i = 0; i < HIDDEN_PER_CACHE; i++)
		for (c = 0; c < HIDDEN_CACHES; c++) {
			j = (i * 5 + c) % HIDDEN_PER_CACHE;
			if (hidden_objs[c][j])
				kmem_cache_free(hidden_caches[c], hidden_objs[c][j]);
			hidden_objs[c][j] = NULL;
		}
}

KTEST(lab4, hidden, odd_caches_together)
{
	unsigned long before;
	unsigned int c;
	bool ok = true;

	ASSERT_SLAB_READY(t);
	memset(hidden_objs, 0, sizeof(hidden_objs));
	for (c = 0; c < HIDDEN_CACHES; c++) {
		const struct hidden_cache_spec *s = &hidden_specs[c];

		hidden_caches[c] = kmem_cache_create(s->name, s->size, s->align,
						     s->flags, NULL);
		ok = ok && KTEST_EXPECT(t, hidden_caches[c] != NULL) &&
		     KTEST_EXPECT(t, !(hidden_caches[c]->flags & CFLGS_OFF_SLAB));
	}
	if (!ok) {
		hidden_destroy_all();
		return;
	}
	before = nr_free_pages();
	ok = hidden_fill(t) && hidden_tags_intact(t);
	for (c = 0; c < HIDDEN_CACHES && ok; c++)
		ok = SLAB_EXPECT_OK(t, slab_model_check(hidden_caches[c]));
	hidden_free_all();
	for (c = 0; c < HIDDEN_CACHES && ok; c++) {
		struct kmem_cache *k = hidden_caches[c];

		ok = SLAB_EXPECT_OK(t, slab_model_check(k)) &&
		     KTEST_EXPECT_EQ(t, slab_model_count(&k->slabs_partial) +
				     slab_model_count(&k->slabs_full), 0) &&
		     KTEST_EXPECT_EQ(t, kmem_cache_shrink(k), k->grown << k->gfporder) &&
		     KTEST_EXPECT_EQ(t, k->free_objects, 0);
	}
	if (ok)
		KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	hidden_destroy_all();
}
