/**
 * @file
 * Lab 4 tests' checker, shared by the in-kernel tests and the host suite:
 * walks a cache and says what is wrong with it, or NULL.
 *
 * What a consistent cache looks like (each line is checked):
 *
 * @verbatim
 *   slabs_full:     inuse == num, free == BUFCTL_END
 *   slabs_partial:  0 < inuse < num
 *   slabs_free:     inuse == 0
 *   every slab:     the bufctl chain from free has num - inuse distinct
 *                   indices below num and ends in BUFCTL_END; every page
 *                   of the slab is PG_slab with lru.next = cache and
 *                   lru.prev = slab
 *   the cache:      free_objects = sum over slabs of (num - inuse)
 * @endverbatim
 *
 * Also the reference for the geometry: slab_expect_num() counts the
 * objects of a slab by trying n = 1, 2, ... until the next one does not
 * fit, which is slower than the lab's division but obviously right.
 */
#ifndef _TESTS_LAB4_SLAB_MODEL_H
#define _TESTS_LAB4_SLAB_MODEL_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#ifdef __HOST_SIM__
#include <stdio.h>		/* glibc's snprintf, in a host test */
#else
#include <linux/printk.h>
#endif

static char slab_model_why[160];

#define SLAB_MODEL_MAX_OBJS 4096

/* The bufctl chain of @p s: distinct, in range, num - inuse long. */
static inline const char *slab_model_chain(const struct kmem_cache *c,
					   struct slab *s)
{
	static unsigned char seen[SLAB_MODEL_MAX_OBJS];
	const kmem_bufctl_t *bufctl = (const kmem_bufctl_t *)(s + 1);
	kmem_bufctl_t i = s->free;
	unsigned int n = 0;

	if (c->num > SLAB_MODEL_MAX_OBJS)
		return "too many objects per slab for the checker";
	memset(seen, 0, c->num);
	while (i != BUFCTL_END) {
		if (i >= c->num || seen[i] || n > c->num) {
			snprintf(slab_model_why, sizeof(slab_model_why),
					    "%s: bufctl chain bad at index %u "
					    "(%u links)", c->name, i, n);
			return slab_model_why;
		}
		seen[i] = 1;
		n++;
		i = bufctl[i];
	}
	if (n != c->num - s->inuse) {
		snprintf(slab_model_why, sizeof(slab_model_why),
				    "%s: %u free on the chain, num - inuse = %u",
				    c->name, n, c->num - s->inuse);
		return slab_model_why;
	}
	return NULL;
}

/* The pages of @p s point back at it. */
static inline const char *slab_model_pages(const struct kmem_cache *c,
					   struct slab *s)
{
	struct page *page = virt_to_page((char *)s->s_mem - s->colouroff);
	unsigned long i;

	for (i = 0; i < (1UL << c->gfporder); i++)
		if (!PageSlab(page + i) ||
		    page[i].lru.next != (struct list_head *)c ||
		    page[i].lru.prev != (struct list_head *)s) {
			snprintf(slab_model_why, sizeof(slab_model_why),
					    "%s: page %lu of a slab does not name "
					    "its cache and slab", c->name, i);
			return slab_model_why;
		}
	return NULL;
}

/* One list: every slab in the state the list stands for. */
static inline const char *slab_model_list(const struct kmem_cache *c,
					  const struct list_head *head,
					  int state, unsigned long *nfree,
					  unsigned long *nslabs)
{
	struct slab *s;
	const char *why;

	list_for_each_entry(s, head, list) {
		bool ok = state == 0 ? s->inuse == 0 :
			  state == 1 ? s->inuse > 0 && s->inuse < c->num :
				       s->inuse == c->num;

		if (!ok || ++*nslabs > 100000) {
			snprintf(slab_model_why, sizeof(slab_model_why),
					    "%s: slab with %u of %u in use on the "
					    "%s list", c->name, s->inuse, c->num,
					    state == 0 ? "free" : state == 1 ?
					    "partial" : "full");
			return slab_model_why;
		}
		why = slab_model_chain(c, s);
		if (!why)
			why = slab_model_pages(c, s);
		if (why)
			return why;
		*nfree += c->num - s->inuse;
	}
	return NULL;
}

/** Everything the file header lists about @p c, or NULL if all holds. */
static inline const char *slab_model_check(const struct kmem_cache *c)
{
	unsigned long nfree = 0, nslabs = 0;
	const char *why;

	why = slab_model_list(c, &c->slabs_free, 0, &nfree, &nslabs);
	if (!why)
		why = slab_model_list(c, &c->slabs_partial, 1, &nfree, &nslabs);
	if (!why)
		why = slab_model_list(c, &c->slabs_full, 2, &nfree, &nslabs);
	if (why)
		return why;
	if (nfree != c->free_objects) {
		snprintf(slab_model_why, sizeof(slab_model_why),
				    "%s: free_objects %lu, the slabs have %lu free",
				    c->name, c->free_objects, nfree);
		return slab_model_why;
	}
	return NULL;
}

/** Slabs on @p head. */
static inline unsigned long slab_model_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned long n = 0;

	for (p = head->next; p != head && n < 100000; p = p->next)
		n++;
	return n;
}

/**
 * The reference geometry: objects of @p buffer_size (with @p align'ed
 * descriptor on-slab unless @p off_slab) in 2^order pages, by counting up.
 */
static inline unsigned int slab_expect_num(unsigned int order,
					   size_t buffer_size, size_t align,
					   bool off_slab)
{
	size_t bytes = PAGE_SIZE << order;
	unsigned int n = 0;

	for (;;) {
		size_t mgmt = off_slab ? 0 :
			ALIGN(sizeof(struct slab) + (n + 1) * sizeof(kmem_bufctl_t),
			      align);

		if (mgmt + (n + 1) * buffer_size > bytes)
			return n;
		n++;
	}
}

#ifndef __HOST_SIM__
#include <kit/ktest.h>
/** Fail the test with the checker's words if @p expr found a problem. */
#define SLAB_EXPECT_OK(t, expr) ({					\
	const char *__why = (expr);					\
	if (__why)							\
		ktest_fail(t, __FILE__, __LINE__, #expr, "no problem", __why); \
	!__why;								\
})
#define SLAB_ASSERT_OK(t, expr)						\
	do { if (!SLAB_EXPECT_OK(t, expr)) return; } while (0)
/** Every lab 4 test starts here: without the buddy allocator nothing works. */
#define ASSERT_SLAB_READY(t)						\
	KTEST_ASSERT(t, mem_map != NULL && nr_free_pages() > 0)
#endif

#endif /* _TESTS_LAB4_SLAB_MODEL_H */
