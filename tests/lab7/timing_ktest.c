/**
 * @file
 * Lab 7 bench: emulated instructions per map+unmap pair, kmap_atomic()
 * against lab 6's kmap(), the numbers book/lab7.md explains.
 *
 * Under Bochs with `clock: sync=none` the TSC counts instructions, so the
 * counts repeat exactly; an instruction count cannot see what a TLB miss
 * costs, which is why invlpg is measured on its own too.
 *
 * @verbatim
 *   test                    what one op is                       page table work
 *   kmap_atomic_high        kmap_atomic + kunmap_atomic, high    set_pte, pte_clear, invlpg
 *   kmap_atomic_low         the same, low page                   none (direct map)
 *   invlpg                  __flush_tlb_one alone                one invlpg
 *   kmap_hit                kmap + kunmap, page still mapped     none (count 1 -> 2 -> 1)
 *   kmap_new_no_flush       kmap + kunmap, new page, no wrap     hash insert, set_pte
 *   kmap_new_with_flush     ... over 1100 pages, steady state    + one flush per 1024
 * @endverbatim
 *
 * They live in lab 7 because that is the first stage with both kmap()
 * and kmap_atomic(); every bench scores 0 points and is reported.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <asm/tlbflush.h>
#include <kit/ktest.h>
#include "kmap_atomic_ktest.h"

/* More pages than pkmap slots, so a cycle over them keeps wrapping. */
#define POOL 1100

static struct page *pool[POOL];

struct bench_kmap {
	struct page **pages;
	unsigned int nr;	/* pages in the cycle */
	unsigned int next;	/* the next one to map */
	unsigned int failures;
};

static void atomic_pair(void *arg)
{
	struct bench_kmap *b = arg;
	void *p = kmap_atomic(b->pages[0]);

	if (!p) {
		b->failures++;
		return;
	}
	kunmap_atomic(p);
}

static void flush_one(void *arg)
{
	(void)arg;
	__flush_tlb_one((unsigned long)slot_addr(KM_TYPE_NR - 1));
}

/* kmap + kunmap of the next page of the cycle. */
static void kmap_pair(void *arg)
{
	struct bench_kmap *b = arg;
	struct page *page = b->pages[b->next];
	void *p;

	b->next = (b->next + 1) % b->nr;
	p = kmap(page);
	if (!p) {
		b->failures++;
		return;
	}
	kunmap(page);
}

KTEST(lab7, bench, kmap_atomic_high)
{
	struct page *page;
	struct bench_kmap b = { &page, 1, 0, 0 };

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	atomic_pair(&b);
	ktest_bench("kmap_atomic+kunmap_atomic (high page)", atomic_pair, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(page);
}

KTEST(lab7, bench, kmap_atomic_low)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct bench_kmap b = { &page, 1, 0, 0 };

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_ASSERT(t, page != NULL);
	ktest_bench("kmap_atomic+kunmap_atomic (low page)", atomic_pair, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	__free_page(page);
}

KTEST(lab7, bench, invlpg)
{
	ASSERT_KMAP_ATOMIC_READY(t);
	ktest_bench("__flush_tlb_one (invlpg)", flush_one, NULL, 1000);
}

static void drain_pool(void)
{
	unsigned int i;

	for (i = 0; i < POOL; i++)
		if (pool[i]) {
			__free_page(pool[i]);
			pool[i] = NULL;
		}
}

/*
 * Fill the pool with high pages.  A machine with a little highmem (900 MiB
 * has under 4 MiB) cannot: the pool goes back and the caller skips, as the
 * measurement needs more pages than pkmap has slots.
 */
static bool fill_pool(void)
{
	unsigned int i;

	for (i = 0; i < POOL; i++)
		if (!pool[i] && !(pool[i] = get_high_page())) {
			drain_pool();
			return false;
		}
	return true;
}

/* The pool benches' start: lab 7 ready, a machine with highmem, a full pool. */
#define ASSERT_POOL_READY(t) do {					\
	ASSERT_KMAP_ATOMIC_READY(t);					\
	if (max_pfn <= max_low_pfn)					\
		KTEST_SKIP(t, "no highmem on this machine");		\
	if (!fill_pool())						\
		KTEST_SKIP(t, "fewer free high pages than the pool needs"); \
} while (0)

/* The same page again and again: after the first kmap() it keeps its slot. */
KTEST(lab7, bench, kmap_hit)
{
	struct page *page;
	struct bench_kmap b = { &page, 1, 0, 0 };
	unsigned long flushes;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	kmap_pair(&b);			/* a miss: it may wrap and flush */
	flushes = pkmap_flush_count;
	ktest_bench("kmap+kunmap (page still mapped)", kmap_pair, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	KTEST_EXPECT_EQ(t, pkmap_flush_count, flushes);
	__free_page(page);
}

/*
 * New pages right after a wrap: each takes the next free slot and none
 * wraps, so no flush.  Map pages until the scan wraps (bounded, in case
 * lab 6 is a skeleton), then measure 512 more.
 */
KTEST(lab7, bench, kmap_new_no_flush)
{
	struct bench_kmap b = { pool, POOL, 0, 0 };
	unsigned long flushes;
	unsigned int i;

	ASSERT_POOL_READY(t);
	flushes = pkmap_flush_count;
	for (i = 0; i < 2 * LAST_PKMAP && pkmap_flush_count == flushes; i++)
		kmap_pair(&b);
	KTEST_ASSERT(t, pkmap_flush_count == flushes + 1 && b.failures == 0);
	ktest_bench("kmap+kunmap (new page, no flush)", kmap_pair, &b, 512);
	printk("# lab7: flushes during the run: %lu, last_pkmap_nr %u\n",
	       pkmap_flush_count - flushes - 1, last_pkmap_nr);
	KTEST_EXPECT_EQ(t, pkmap_flush_count, flushes + 1);
	KTEST_EXPECT_EQ(t, b.failures, 0);
}

/* The steady state: 1100 pages in a cycle, every kmap() a new mapping. */
KTEST(lab7, bench, kmap_new_with_flush)
{
	struct bench_kmap b = { pool, POOL, 0, 0 };
	unsigned long flushes;
	unsigned int i;

	ASSERT_POOL_READY(t);
	for (i = 0; i < POOL; i++)		/* warm up: one whole cycle */
		kmap_pair(&b);
	flushes = pkmap_flush_count;
	ktest_bench("kmap+kunmap (new page, flush every wrap)", kmap_pair, &b,
		    4 * LAST_PKMAP);
	printk("# lab7: %lu flushes in %u kmap+kunmap pairs\n",
	       pkmap_flush_count - flushes, 4 * LAST_PKMAP);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	KTEST_EXPECT(t, pkmap_flush_count - flushes >= 3);
	flush_all_zero_pkmaps();		/* give the pool's slots back */
	drain_pool();
}
