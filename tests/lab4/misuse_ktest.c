/**
 * @file
 * Lab 4 in-kernel tests: the debugging layout (poison and red zones) and
 * every misuse of the API, each reported in Linux's words with the cache
 * and the object, each leaving the cache consistent (slab_model_check()).
 *
 * The debug code is given (slab_debug.c); what these tests check of the
 * student's work is that the cache survives: a refused double free must
 * not put the object on the bufctl chain twice, and the lists must stay
 * right.  They run after the steps' tests (files run in name order).
 *
 * slab_error_count counts "slab error" and "Slab corruption" reports;
 * warn_count the WARNs for pointers that are not slab memory at all.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include "slab_model.h"

extern unsigned int warn_count;

/* Run @p stmt: exactly one slab error must be reported. */
#define EXPECT_SLAB_ERROR(t, stmt) ({					\
	unsigned int __n = slab_error_count;				\
	stmt;								\
	KTEST_EXPECT_EQ(t, slab_error_count, __n + 1);			\
})

/* Run @p stmt: exactly one WARN, no slab error. */
#define EXPECT_ONE_WARN(t, stmt) ({					\
	unsigned int __w = warn_count, __n = slab_error_count;		\
	stmt;								\
	KTEST_EXPECT_EQ(t, slab_error_count, __n) &&			\
	KTEST_EXPECT_EQ(t, warn_count, __w + 1);			\
})

/* ---- the debug layout ----------------------------------------------------- */

KTEST(lab4, debug, poison_and_redzones)
{
	struct kmem_cache *c = kmem_cache_create("t-poison", 40, 0, 0, NULL);
	unsigned char *p;
	unsigned int i;
	u64 rz1, rz2;

	KTEST_ASSERT(t, c != NULL);
	KTEST_ASSERT(t, (c->flags & SLAB_DEBUG_DEFAULT) == SLAB_DEBUG_DEFAULT);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	for (i = 0; i < 39; i++)
		if (!KTEST_EXPECT_EQ(t, p[i], POISON_INUSE))
			break;
	KTEST_EXPECT_EQ(t, p[39], POISON_END);
	memcpy(&rz1, p - 8, 8);
	memcpy(&rz2, p + c->buffer_size - c->obj_offset - 8, 8);
	KTEST_EXPECT(t, rz1 == RED_ACTIVE);
	KTEST_EXPECT(t, rz2 == RED_ACTIVE);
	kmem_cache_free(c, p);
	/* Peek at the free object (the test knows it is still there). */
	for (i = 0; i < 39; i++)
		if (!KTEST_EXPECT_EQ(t, p[i], POISON_FREE))
			break;
	KTEST_EXPECT_EQ(t, p[39], POISON_END);
	memcpy(&rz1, p - 8, 8);
	KTEST_EXPECT(t, rz1 == RED_INACTIVE);
	kmem_cache_destroy(c);
}

/* ---- misuse --------------------------------------------------------------- */

KTEST(lab4, misuse, double_free)
{
	struct kmem_cache *c = kmem_cache_create("t-double", 64, 0, 0, NULL);
	void *a, *b, *x;

	KTEST_ASSERT(t, c != NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, a && b);
	kmem_cache_free(c, a);
	EXPECT_SLAB_ERROR(t, kmem_cache_free(c, a));
	SLAB_EXPECT_OK(t, slab_model_check(c));
	KTEST_EXPECT_EQ(t, c->free_objects, c->num - 1);
	x = kmem_cache_alloc(c, GFP_KERNEL);		/* a, once */
	KTEST_EXPECT(t, x == a);
	KTEST_EXPECT(t, kmem_cache_alloc(c, GFP_KERNEL) != a);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_shrink(c);
	/* Leave the cache: it holds objects the test no longer tracks. */
}

KTEST(lab4, misuse, kfree_double_free)
{
	void *a;

	ASSERT_SLAB_READY(t);
	a = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT(t, a != NULL);
	kfree(a);
	EXPECT_SLAB_ERROR(t, kfree(a));
	KTEST_ASSERT(t, virt_to_page(a)->lru.next != NULL);
	SLAB_EXPECT_OK(t, slab_model_check((struct kmem_cache *)virt_to_page(a)->lru.next));
}

KTEST(lab4, misuse, write_past_end)
{
	struct kmem_cache *c;
	unsigned int n;
	char *p;

	ASSERT_SLAB_READY(t);
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	c = (struct kmem_cache *)virt_to_page(p)->lru.next;
	p[64] = 0;				/* one byte into red zone 2 */
	EXPECT_SLAB_ERROR(t, kfree(p));
	SLAB_EXPECT_OK(t, slab_model_check(c));
	/* Reported, repaired and freed: the object is usable again. */
	n = slab_error_count;
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	kfree(p);
	KTEST_EXPECT_EQ(t, slab_error_count, n);
}

KTEST(lab4, misuse, write_before_start)
{
	struct kmem_cache *c;
	char *p;

	ASSERT_SLAB_READY(t);
	p = kmalloc(100, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	c = (struct kmem_cache *)virt_to_page(p)->lru.next;
	p[-1] = 'x';				/* red zone 1 */
	EXPECT_SLAB_ERROR(t, kfree(p));
	SLAB_EXPECT_OK(t, slab_model_check(c));
}

KTEST(lab4, misuse, use_after_free)
{
	struct kmem_cache *c = kmem_cache_create("t-uaf", 64, 0, 0, NULL);
	char *p, *q;

	KTEST_ASSERT(t, c != NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	kmem_cache_free(c, p);
	p[10] = 0;				/* write after free */
	EXPECT_SLAB_ERROR(t, q = kmem_cache_alloc(c, GFP_KERNEL));
	KTEST_EXPECT(t, q == p);
	if (q)
		kmem_cache_free(c, q);
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kmem_cache_destroy(c);
}

KTEST(lab4, misuse, pointer_inside_object)
{
	struct kmem_cache *c;
	char *p;

	ASSERT_SLAB_READY(t);
	p = kmalloc(128, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	c = (struct kmem_cache *)virt_to_page(p)->lru.next;
	EXPECT_SLAB_ERROR(t, kfree(p + 8));
	SLAB_EXPECT_OK(t, slab_model_check(c));
	kfree(p);
	SLAB_EXPECT_OK(t, slab_model_check(c));
}

KTEST(lab4, misuse, wrong_cache)
{
	struct kmem_cache *a = kmem_cache_create("t-wrong-a", 64, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("t-wrong-b", 64, 0, 0, NULL);
	void *p;

	KTEST_ASSERT(t, a && b);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	EXPECT_SLAB_ERROR(t, kmem_cache_free(b, p));
	SLAB_EXPECT_OK(t, slab_model_check(a));
	SLAB_EXPECT_OK(t, slab_model_check(b));
	kmem_cache_free(a, p);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
}

KTEST(lab4, misuse, not_slab_memory)
{
	struct page *page;
	char *big;

	ASSERT_SLAB_READY(t);
	page = alloc_pages(GFP_KERNEL, 0);		/* a page, not kmalloc's */
	KTEST_ASSERT(t, page != NULL);
	EXPECT_ONE_WARN(t, kfree(page_address(page)));
	KTEST_EXPECT_EQ(t, page_count(page), 1);	/* untouched */
	__free_pages(page, 0);
	EXPECT_ONE_WARN(t, kfree((void *)0x1000));	/* a user address */
	big = kmalloc(300 << 10, GFP_KERNEL);
	KTEST_ASSERT(t, big != NULL);
	EXPECT_ONE_WARN(t, kfree(big + PAGE_SIZE));	/* inside a big block */
	KTEST_EXPECT(t, PageCompound(virt_to_page(big)));
	kfree(big);
}

KTEST(lab4, misuse, destroy_busy_cache)
{
	struct kmem_cache *c = kmem_cache_create("t-busy", 64, 0, 0, NULL);
	void *p;

	KTEST_ASSERT(t, c != NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	EXPECT_SLAB_ERROR(t, kmem_cache_destroy(c));
	SLAB_EXPECT_OK(t, slab_model_check(c));		/* still there, intact */
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
}

KTEST(lab4, misuse, bad_create_arguments)
{
	unsigned int w = warn_count;

	ASSERT_SLAB_READY(t);
	KTEST_EXPECT(t, kmem_cache_create(NULL, 64, 0, 0, NULL) == NULL);
	KTEST_EXPECT(t, kmem_cache_create("t-bad", 1, 0, 0, NULL) == NULL);
	KTEST_EXPECT(t, kmem_cache_create("t-bad", 64, 3, 0, NULL) == NULL);
	KTEST_EXPECT(t, kmem_cache_create("size-64", 64, 0, 0, NULL) == NULL);
	KTEST_EXPECT_EQ(t, warn_count, w + 4);
}
