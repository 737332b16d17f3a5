/**
 * @file
 * Lab 4 host suite: the slab allocator and kmalloc on the simulated 64 MiB,
 * 1 GiB, 900 MiB and 3 GiB machines, with lab 3's buddy allocator (from
 * solutions/) underneath and its bitmap model (tests/lib/buddy_fixture.c)
 * watching the pages the caches take and give back.
 *
 * Beyond what the in-kernel tests see, this suite checks:
 *
 *  - the geometry of caches of every size from 8 to 5000 bytes, with and
 *    without debugging, at several alignments, against slab_expect_num()
 *    (counting up, not dividing);
 *  - a random sequence of 20000 kmalloc()/kfree() against a reference
 *    model: a table of live objects, each filled with its own pattern
 *    and checked before it is freed (an overlap shows as a wrong
 *    pattern), and every cache walked by slab_model_check() along the
 *    way; then shrinking every cache gives the buddy allocator back
 *    exactly the frames the bitmap model says it had;
 *  - the reports word for word ("slab error in cache_free_debugcheck():
 *    cache `size-64': ...", "Slab corruption: size-64 start=...",
 *    "kfree_debugcheck: bad ptr ..."), and the /proc/slabinfo header;
 *  - a broken invariant (a free-list slab with objects in use) stops
 *    kmem_cache_shrink() with BUG, in a child process;
 *  - two deliberate faults, proving that the checker notices a broken
 *    bufctl chain and a wrong free_objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <kit/warmup.h>
#include "sim/sim.h"
#include "buddy_fixture.h"
#include "slab_model.h"

/* Boot @p m as far as lab 4: buddy allocator, then the general caches. */
static void slab_up(const struct sim_e820_map *m)
{
	machine_up(m);
	kmem_cache_init();
	sim_console_clear();
}

/* Every cache on the chain is consistent. */
static const char *all_caches_ok(void)
{
	struct kmem_cache *c;
	const char *why;

	list_for_each_entry(c, &cache_chain, next)
		if ((why = slab_model_check(c)))
			return why;
	return NULL;
}

/* ---- geometry (4.1) ------------------------------------------------------ */

START_TEST(test_geometry_every_size)
{
	static const size_t aligns[] = { 0, 16, 64 };
	unsigned long flags = _i ? SLAB_NO_DEBUG : 0;
	char name[32];
	size_t size;
	unsigned int a, n = 0;

	slab_up(sim_e820_maps[1]);
	for (size = 8; size <= 5000; size += size < 256 ? 4 : 52)
		for (a = 0; a < ARRAY_SIZE(aligns); a++) {
			struct kmem_cache *c;
			bool off;
			size_t bytes, used;

			snprintf(name, sizeof(name), "g-%zu-%u", size, a);
			c = kmem_cache_create(name, size, aligns[a], flags, NULL);
			ck_assert_msg(c != NULL, "no cache of %zu bytes", size);
			off = c->flags & CFLGS_OFF_SLAB;
			bytes = PAGE_SIZE << c->gfporder;
			used = (size_t)c->num * c->buffer_size + (off ? 0 : c->slab_size);
			ck_assert_uint_ge(c->obj_size, size);
			ck_assert_uint_ge(c->buffer_size, c->obj_size);
			ck_assert_uint_eq(c->num, slab_expect_num(c->gfporder,
				c->buffer_size, c->align, off));
			ck_assert_uint_le(used, bytes);
			ck_assert_uint_eq(c->colour, (bytes - used) / c->colour_off);
			if (aligns[a])
				ck_assert_uint_eq(c->buffer_size % aligns[a], 0);
			/* Order 0 unless it wastes more than an eighth; never above 1 by choice. */
			if (c->gfporder > 1)
				ck_assert_uint_eq(slab_expect_num(c->gfporder - 1,
					c->buffer_size, c->align, off), 0);
			kmem_cache_destroy(c);	/* it held the name buffer */
			n++;
		}
	ck_assert_uint_gt(n, 100);
}
END_TEST

/* ---- the random sequence, against the model ------------------------------ */

#define LIVE_MAX 1500

struct live {
	unsigned char *p;
	size_t size;
	unsigned char pattern;
};

static const char *live_check(const struct live *l)
{
	size_t i;

	for (i = 0; i < l->size; i++)
		if (l->p[i] != l->pattern)
			return "an object's contents changed: overlap or stray write";
	return NULL;
}

START_TEST(test_random_kmalloc_against_model)
{
	static struct live live[LIVE_MAX];
	unsigned int nlive = 0, step, seed = 12345 + _i;
	struct kmem_cache *c;
	unsigned long errors, before;

	slab_up(sim_e820_maps[_i]);
	errors = slab_error_count;
	before = nr_free_pages();
	for (step = 0; step < 20000; step++) {
		unsigned int r = (unsigned int)rand_r(&seed);

		if (nlive < LIVE_MAX && (r % 3 != 0 || !nlive)) {
			size_t size = r % 7 == 0 ? 1 + r % 40000 : 1 + r % 600;
			gfp_t gfp = r % 11 == 0 ? GFP_DMA : GFP_KERNEL;
			struct live *l = &live[nlive];

			l->p = kmalloc(size, gfp);
			ck_assert_ptr_nonnull(l->p);
			ck_assert(virt_addr_valid(l->p));
			ck_assert_uint_ge(ksize(l->p), size);
			if (gfp == GFP_DMA)
				ck_assert_uint_eq(page_zonenum(virt_to_page(l->p)), ZONE_DMA);
			l->size = size;
			l->pattern = (unsigned char)(step * 7 + 1);
			memset(l->p, l->pattern, size);
			nlive++;
		} else {
			unsigned int k = r % nlive;

			CK_NO_PROBLEM(live_check(&live[k]));
			kfree(live[k].p);
			live[k] = live[--nlive];
		}
		if (step % 2000 == 0)
			CK_NO_PROBLEM(all_caches_ok());
	}
	while (nlive) {
		CK_NO_PROBLEM(live_check(&live[nlive - 1]));
		kfree(live[--nlive].p);
	}
	CK_NO_PROBLEM(all_caches_ok());
	ck_assert_uint_eq(slab_error_count, errors);
	/* Shrink every cache but kmem_cache: every frame is back. */
	list_for_each_entry(c, &cache_chain, next)
		if (strcmp(c->name, "kmem_cache"))
			kmem_cache_shrink(c);
	list_for_each_entry(c, &cache_chain, next)
		if (strcmp(c->name, "kmem_cache"))
			ck_assert_msg(c->free_objects == 0 &&
				      slab_model_count(&c->slabs_full) +
				      slab_model_count(&c->slabs_partial) == 0,
				      "%s still holds slabs", c->name);
	ck_assert_uint_eq(nr_free_pages(), before);
	CK_NO_PROBLEM(buddy_check());
}
END_TEST

/* ---- shrink: exact frames back (4.5) ------------------------------------- */

START_TEST(test_shrink_gives_exact_frames)
{
	struct kmem_cache *c;
	unsigned long before;
	void *o[100];
	unsigned int i;

	slab_up(sim_e820_maps[_i]);
	c = kmem_cache_create("h-shrink", 333, 0, 0, NULL);
	ck_assert_ptr_nonnull(c);
	before = nr_free_pages();
	for (i = 0; i < ARRAY_SIZE(o); i++) {
		o[i] = kmem_cache_alloc(c, GFP_KERNEL);
		ck_assert_ptr_nonnull(o[i]);
	}
	ck_assert_uint_eq(before - nr_free_pages(), c->grown << c->gfporder);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		kmem_cache_free(c, o[i]);
	ck_assert_int_eq(kmem_cache_shrink(c), (int)(c->grown << c->gfporder));
	ck_assert_uint_eq(nr_free_pages(), before);
	CK_NO_PROBLEM(buddy_check());
	kmem_cache_destroy(c);
}
END_TEST

/* ---- kmalloc (4.6) ---------------------------------------------------------- */

/* The lab's size-class lookup (solutions/lab4/slab_priv.h, TODO 4.6). */
struct kmem_cache *kmalloc_cache(size_t size, gfp_t flags);

START_TEST(test_kmalloc_every_boundary)
{
	size_t n;

	slab_up(sim_e820_maps[_i]);
	for (n = 8; n <= KMALLOC_MAX_CACHE_SIZE; n <<= 1) {
		void *a = kmalloc(n, GFP_KERNEL), *b = kmalloc(n + 1, GFP_KERNEL);
		void *d = kmalloc(n, GFP_DMA);
		char name[32];

		ck_assert(a && b && d);
		ck_assert_uint_eq(ksize(a), n);
		ck_assert_uint_eq(ksize(b), n < KMALLOC_MAX_CACHE_SIZE ? 2 * n :
				  PAGE_SIZE << get_order(n + 1));
		snprintf(name, sizeof(name), "size-%zu(DMA)", n);
		ck_assert_str_eq(((struct kmem_cache *)virt_to_page(d)->lru.next)->name, name);
		ck_assert_uint_eq(page_zonenum(virt_to_page(d)), ZONE_DMA);
		kfree(a);
		kfree(b);
		kfree(d);
	}
	/* Past the last class there is no cache (and no reading past the table). */
	ck_assert_ptr_null(kmalloc_cache(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL));
	ck_assert_ptr_null(kmalloc_cache(KMALLOC_MAX_CACHE_SIZE + 1, GFP_DMA));
	CK_NO_PROBLEM(all_caches_ok());
}
END_TEST

START_TEST(test_kmalloc_highmem_refused)
{
	unsigned long before;
	unsigned int w;

	slab_up(sim_e820_maps[_i]);
	before = nr_free_pages();
	w = warn_count;
	ck_assert_ptr_null(kmalloc(64, GFP_HIGHUSER));
	ck_assert_ptr_null(kmalloc(1 << 20, __GFP_HIGHMEM));
	ck_assert_uint_eq(warn_count, w + 2);
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert(strstr(sim_console_text(), "kmalloc: __GFP_HIGHMEM"));
}
END_TEST

START_TEST(test_kmalloc_large_exact_pages)
{
	unsigned long before;
	void *p;

	slab_up(sim_e820_maps[_i]);
	before = nr_free_pages();
	p = kmalloc((128 << 10) + 1, GFP_KERNEL);	/* order 6 */
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(before - nr_free_pages(), 64);
	ck_assert_uint_eq(ksize(p), 256 << 10);
	ck_assert(PageCompound(virt_to_page(p)));
	memset(p, 1, 256 << 10);
	kfree(p);
	ck_assert(!PageCompound(virt_to_page(p)));
	ck_assert_uint_eq(nr_free_pages(), before);
	CK_NO_PROBLEM(buddy_check());
}
END_TEST

/*
 * The biggest block is order 10 (4 MiB): one byte more is refused by
 * kmalloc() itself, in its own words, before the page allocator sees an
 * order it has no list for; exactly 4 MiB is still a block.
 */
START_TEST(test_kmalloc_too_big_words)
{
	unsigned int w = warn_count;
	unsigned long before;
	void *p;

	slab_up(sim_e820_maps[1]);
	before = nr_free_pages();
	sim_console_clear();
	ck_assert_ptr_null(kmalloc((4UL << 20) + 1, GFP_KERNEL));
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert_msg(strstr(sim_console_text(), "kmalloc: 4194305 bytes: more "
			     "than the biggest block (order 10)\n"), "%s",
		      sim_console_text());
	ck_assert(!strstr(sim_console_text(), "alloc_pages"));
	ck_assert_uint_eq(nr_free_pages(), before);
	p = kmalloc(4UL << 20, GFP_KERNEL);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(ksize(p), 4UL << 20);
	kfree(p);
	ck_assert_uint_eq(nr_free_pages(), before);
	ck_assert_uint_eq(warn_count, w + 1);
}
END_TEST

/* ksize() of memory kmalloc() did not hand out: 0, and a warning. */
START_TEST(test_ksize_not_kmalloc)
{
	unsigned int w = warn_count;
	struct page *page;
	char *big;

	slab_up(sim_e820_maps[1]);
	page = alloc_pages(GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	sim_console_clear();
	ck_assert_uint_eq(ksize(page_address(page)), 0);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(strstr(sim_console_text(), "ksize: bad ptr"));
	__free_pages(page, 0);
	big = kmalloc(300 << 10, GFP_KERNEL);
	ck_assert_ptr_nonnull(big);
	ck_assert_uint_eq(ksize(big + PAGE_SIZE), 0);	/* inside a big block */
	ck_assert_uint_eq(warn_count, w + 2);
	kfree(big);
	CK_NO_PROBLEM(buddy_check());
}
END_TEST

/* ---- the reports, word for word ------------------------------------------- */

START_TEST(test_reports_in_linux_words)
{
	char want[160];
	char *p;

	slab_up(sim_e820_maps[1]);
	p = kmalloc(64, GFP_KERNEL);
	ck_assert_ptr_nonnull(p);
	kfree(p);
	sim_console_clear();
	kfree(p);					/* double free */
	ck_assert(strstr(sim_console_text(), "slab error in cache_free_debugcheck(): "
			 "cache `size-64': double free, or memory outside object "
			 "was overwritten\n"));
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	p[3] = 0;					/* use after free */
	sim_console_clear();
	p = kmalloc(64, GFP_KERNEL);
	kernel_snprintf(want, sizeof(want), "Slab corruption: size-64 start=%p, len=64\n", p);
	ck_assert_msg(strstr(sim_console_text(), want), "%s", sim_console_text());
	ck_assert(strstr(sim_console_text(), "000: 6b 6b 6b 00 6b"));
	sim_console_clear();
	kfree(p + 1);
	ck_assert(strstr(sim_console_text(), "cache `size-64': bad pointer"));
	kfree(p);
	CK_NO_PROBLEM(all_caches_ok());
}
END_TEST

START_TEST(test_slabinfo_format)
{
	void *p;

	slab_up(sim_e820_maps[1]);
	p = kmalloc(32, GFP_KERNEL);
	sim_console_clear();
	show_slabinfo();
	ck_assert(strstr(sim_console_text(), "slabinfo - version: 2.1\n# name "));
	ck_assert(strstr(sim_console_text(), "\nsize-32                1 "));
	ck_assert(strstr(sim_console_text(), "\nkmem_cache "));
	kfree(p);
}
END_TEST

/* ---- a broken invariant, and the checker's own faults --------------------- */

static void shrink_broken(void *arg)
{
	struct kmem_cache *c = arg;
	struct slab *s = list_first_entry(&c->slabs_partial, struct slab, list);

	list_move(&s->list, &c->slabs_free);		/* a slab in use, listed free */
	kmem_cache_shrink(c);
}

START_TEST(test_shrink_bug_on_busy_free_slab)
{
	struct sim_child_result res;
	struct kmem_cache *c;

	slab_up(sim_e820_maps[1]);
	c = kmem_cache_create("h-bug", 64, 0, 0, NULL);
	ck_assert_ptr_nonnull(kmem_cache_alloc(c, GFP_KERNEL));
	ck_assert_int_eq(sim_run_child(shrink_broken, c, &res), 0);
	ck_assert_int_ne(res.status, 0);
	ck_assert_msg(strstr(res.err, "BUG"), "%s", res.err);
}
END_TEST

START_TEST(test_checker_catches_broken_chain)
{
	struct kmem_cache *c;
	struct slab *s;
	void *p;

	slab_up(sim_e820_maps[1]);
	c = kmem_cache_create("h-fault", 64, 0, SLAB_NO_DEBUG, NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ck_assert_ptr_nonnull(p);
	CK_NO_PROBLEM(slab_model_check(c));
	s = list_first_entry(&c->slabs_partial, struct slab, list);
	((kmem_bufctl_t *)(s + 1))[s->free] = s->free;	/* a loop */
	ck_assert(slab_model_check(c) != NULL);
	ck_assert(strstr(slab_model_check(c), "bufctl chain bad"));
}
END_TEST

START_TEST(test_checker_catches_wrong_count)
{
	struct kmem_cache *c;

	slab_up(sim_e820_maps[1]);
	c = kmem_cache_create("h-count", 64, 0, 0, NULL);
	ck_assert_ptr_nonnull(kmem_cache_alloc(c, GFP_KERNEL));
	c->free_objects++;
	ck_assert(slab_model_check(c) && strstr(slab_model_check(c), "free_objects"));
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab4-slab");
	TCase *tc;

	tc = tcase_create("geometry");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_geometry_every_size, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_random_kmalloc_against_model, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("shrink");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_shrink_gives_exact_frames, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("kmalloc");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_kmalloc_every_boundary, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_kmalloc_highmem_refused, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_kmalloc_large_exact_pages, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_kmalloc_too_big_words);
	tcase_add_test(tc, test_ksize_not_kmalloc);
	suite_add_tcase(s, tc);

	tc = tcase_create("misuse");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reports_in_linux_words);
	tcase_add_test(tc, test_slabinfo_format);
	tcase_add_test(tc, test_shrink_bug_on_busy_free_slab);
	suite_add_tcase(s, tc);

	tc = tcase_create("model");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_checker_catches_broken_chain);
	tcase_add_test(tc, test_checker_catches_wrong_count);
	suite_add_tcase(s, tc);
	return s;
}
