/**
 * @file
 * Lab 6 hidden test: graded, left out of the student handout.
 *
 * The visible tests watch one page through a flush, and count flushes of
 * pages that are all unmapped.  This one holds two pages across the wrap
 * of the slot scan while more than LAST_PKMAP others pass through, and
 * checks what the lazy flush must never do: touch a slot in use.
 *
 * @verbatim
 *   P kmapped once (count 2), Q kmapped twice (count 3), at slots p, q
 *   LAST_PKMAP + 64 fresh pages kmapped and kunmapped one by one:
 *     none gets slot p or q; each one's slot maps its frame while mapped
 *     at least one flush happens
 *   after: p and q keep their counts, their frames and their addresses;
 *   a store through P's slot reaches the page (read through vmap);
 *   kmap(P) again is the same address (count 3)
 *   kunmap in another order than kmap (Q, P, Q, P): both slots at
 *   count 1, nothing busy; after a flush neither page has an address
 * @endverbatim
 *
 * A flush that clears every slot (not only those at count 1), or a scan
 * that takes a slot without looking at its count, fails here.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "kmap_ktest.h"

#define HIDDEN_FRESH	(LAST_PKMAP + 64)

/* Map and unmap the fresh pages; false at the first that is wrong. */
static bool hidden_stream(struct ktest *t, int p, int q)
{
	unsigned long i;

	for (i = 0; i < HIDDEN_FRESH; i++) {
		struct page *page = high_page(2 + i);
		void *v = kmap(page);
		int nr = addr_slot(v);

		if (!KTEST_EXPECT(t, nr >= 0) ||
		    !KTEST_EXPECT(t, nr != p && nr != q) ||
		    !KTEST_EXPECT_EQ(t, slot_pfn(nr), page_to_pfn(page)) ||
		    !KTEST_EXPECT_EQ(t, pkmap_count[nr], 2)) {
			printk("# lab6: fresh page %lu at %p (slot %d), held slots %d, %d\n",
			       i, v, nr, p, q);
			if (v)
				kunmap(page);
			return false;
		}
		kunmap(page);
	}
	return true;
}

/* The held page @p page is still at slot @p nr, @p users deep. */
static bool hidden_still_held(struct ktest *t, struct page *page, int nr, int users)
{
	return KTEST_EXPECT_EQ(t, pkmap_count[nr], users + 1) &&
	       KTEST_EXPECT_EQ(t, slot_pfn(nr), page_to_pfn(page)) &&
	       KTEST_EXPECT(t, page_address(page) == (void *)PKMAP_ADDR(nr));
}

/* A store through kmap address @p k of @p page shows through a vmap of it. */
static bool hidden_store_reaches(struct ktest *t, struct page *page, u32 *k)
{
	u32 *v = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	u32 saved;
	bool ok;

	if (!KTEST_EXPECT(t, v != NULL))
		return false;
	saved = k[77];
	k[77] = 0x6b1dde00u;
	ok = KTEST_EXPECT_EQ(t, v[77], 0x6b1dde00u);
	k[77] = saved;
	vunmap(v);
	return ok;
}

KTEST(lab6, hidden, busy_slots_survive_wrap)
{
	struct page *pp = high_page(0), *qp = high_page(1);
	unsigned int np = 0, nq = 0;	/* references this test holds */
	unsigned long flushes;
	void *a, *b;
	int p, q;
	bool ok;

	ASSERT_KMAP_READY(t);
	a = kmap(pp);
	np += a != NULL;
	b = kmap(qp);
	nq += b != NULL;
	nq += b && kmap(qp) == b;
	p = addr_slot(a);
	q = addr_slot(b);
	ok = KTEST_EXPECT(t, p >= 0 && q >= 0 && p != q) &&
	     KTEST_EXPECT_EQ(t, nq, 2) &&
	     hidden_still_held(t, pp, p, 1) && hidden_still_held(t, qp, q, 2);
	flushes = pkmap_flush_count;
	ok = ok && hidden_stream(t, p, q);
	ok = ok && KTEST_EXPECT(t, pkmap_flush_count > flushes) &&
	     hidden_still_held(t, pp, p, 1) && hidden_still_held(t, qp, q, 2) &&
	     hidden_store_reaches(t, pp, a);
	if (ok) {
		np += kmap(pp) == a;
		/* Not in the order taken: Q, P, then Q and P again. */
		kunmap(qp);
		kunmap(pp);
		np--;
		nq--;
		ok = KTEST_EXPECT_EQ(t, np, 1) && hidden_still_held(t, pp, p, 1) &&
		     hidden_still_held(t, qp, q, 1);
	}
	for (; nq; nq--)
		kunmap(qp);
	for (; np; np--)
		kunmap(pp);
	if (ok) {
		KTEST_EXPECT_EQ(t, pkmap_count[p], 1);	/* lazy: until the flush */
		KTEST_EXPECT_EQ(t, pkmap_count[q], 1);
	}
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
	flush_all_zero_pkmaps();
	KTEST_EXPECT(t, page_address(pp) == NULL);
	KTEST_EXPECT(t, page_address(qp) == NULL);
}
