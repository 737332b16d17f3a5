/**
 * @file
 * Lab 6 in-kernel tests, steps 6.1 to 6.4: the pkmap page table (init),
 * the page_address hash (hash), new mappings (map), kmap of low and high
 * pages (kmap), and every high page's contents through two mappings
 * (content).  Step 6.5 (kunmap, the lazy flush), misuse, the bench group
 * and the book's demo are in kmap_unmap_ktest.c; step 6.6 (sleeping) is
 * in wait_ktest.c.
 *
 * The second mapping that checks a kmap() address is lab 5's vmap() of
 * the same page: a store through one must be seen through the other.
 * Slot contents are checked with slot_pfn() (lab 1's walk of
 * swapper_pg_dir), not with the lab's own bookkeeping.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "kmap_ktest.h"

/* ---- 6.1: the pkmap page table ------------------------------------------------- */

KTEST(lab6, init, pkmap_table)
{
	unsigned int i, stray = 0;

	KTEST_ASSERT(t, pkmap_table_present());
	KTEST_EXPECT_EQ(t, pgd_index(PKMAP_BASE), 1022);
	for (i = 0; i < LAST_PKMAP; i++)	/* a free slot maps nothing */
		if (pkmap_count[i] == 0 && slot_pfn(i) >= 0)
			stray++;
	KTEST_EXPECT_EQ(t, stray, 0);
}

/* ---- 6.2: the page_address hash --------------------------------------------------- */

KTEST(lab6, hash, set_and_get)
{
	struct page *p[3] = { high_page(0), high_page(1), high_page(128) };
	unsigned int i;

	ASSERT_KMAP_READY(t);
	for (i = 0; i < 3; i++)
		set_page_address(p[i], (void *)PKMAP_ADDR(1000 + i));
	for (i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(t, (unsigned long)kmap_page_address(p[i]),
				PKMAP_ADDR(1000 + i));
		KTEST_EXPECT(t, page_address(p[i]) == kmap_page_address(p[i]));
	}
	set_page_address(p[1], NULL);
	KTEST_EXPECT(t, kmap_page_address(p[1]) == NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)kmap_page_address(p[2]), PKMAP_ADDR(1002));
	set_page_address(p[0], NULL);
	set_page_address(p[2], NULL);
	KTEST_EXPECT(t, kmap_page_address(p[0]) == NULL);
	KTEST_EXPECT(t, kmap_page_address(p[2]) == NULL);
}

/* The whole pool: LAST_PKMAP pages recorded at once, 8 per bucket. */
KTEST(lab6, hash, whole_pool)
{
	unsigned long i, wrong = 0;

	ASSERT_KMAP_READY(t);
	for (i = 0; i < LAST_PKMAP; i++)
		set_page_address(high_page(i), (void *)PKMAP_ADDR(i));
	for (i = 0; i < LAST_PKMAP; i++)
		wrong += kmap_page_address(high_page(i)) != (void *)PKMAP_ADDR(i);
	for (i = 0; i < LAST_PKMAP; i += 2)
		set_page_address(high_page(i), NULL);
	for (i = 0; i < LAST_PKMAP; i++)
		wrong += kmap_page_address(high_page(i)) !=
			 (i & 1 ? (void *)PKMAP_ADDR(i) : NULL);
	for (i = 1; i < LAST_PKMAP; i += 2)
		set_page_address(high_page(i), NULL);
	KTEST_EXPECT_EQ(t, wrong, 0);
	KTEST_EXPECT(t, kmap_page_address(high_page(LAST_PKMAP - 1)) == NULL);
}

/* page_address(): NULL before kmap, the slot while mapped, NULL after the flush. */
KTEST(lab6, hash, page_address_follows_kmap)
{
	struct page *page = high_page(7);
	void *vaddr;

	ASSERT_KMAP_READY(t);
	KTEST_EXPECT(t, page_address(page) == NULL);
	vaddr = kmap(page);
	KTEST_ASSERT(t, vaddr != NULL);
	KTEST_EXPECT(t, page_address(page) == vaddr);
	kunmap(page);
	KTEST_EXPECT(t, page_address(page) == vaddr);	/* lazy: until the flush */
	flush_all_zero_pkmaps();
	KTEST_EXPECT(t, page_address(page) == NULL);
	KTEST_EXPECT(t, page_address(pfn_to_page(0x100)) == __va(0x100000));
}

/* ---- 6.3: new mappings ------------------------------------------------------------ */

KTEST(lab6, map, next_slot_and_pte)
{
	struct page *a = high_page(10), *b = high_page(11);
	unsigned int want = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
	void *va, *vb;

	ASSERT_KMAP_READY(t);
	want = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
	va = kmap(a);
	vb = kmap(b);
	KTEST_ASSERT(t, va && vb);
	KTEST_EXPECT_EQ(t, addr_slot(va), want);		/* round robin */
	KTEST_EXPECT_EQ(t, addr_slot(vb), (want + 1) & LAST_PKMAP_MASK);
	KTEST_EXPECT_EQ(t, slot_pfn(want), page_to_pfn(a));
	KTEST_EXPECT_EQ(t, slot_pfn((want + 1) & LAST_PKMAP_MASK), page_to_pfn(b));
	KTEST_EXPECT_EQ(t, pkmap_count[want], 2);		/* one user */
	kunmap(b);
	kunmap(a);
}

/* A store through the slot reaches the page: read it back through vmap(). */
KTEST(lab6, map, store_reaches_the_page)
{
	struct page *page = high_page(12);
	u32 *k, *v, saved;

	ASSERT_KMAP_READY(t);
	k = kmap(page);
	KTEST_ASSERT(t, k != NULL);
	v = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!KTEST_EXPECT(t, v != NULL)) {
		kunmap(page);
		return;
	}
	saved = k[5];
	k[5] = 0x6b6b0006;
	KTEST_EXPECT_EQ(t, v[5], 0x6b6b0006);
	v[5] = saved;
	KTEST_EXPECT_EQ(t, k[5], saved);
	vunmap(v);
	kunmap(page);
}

/* ---- 6.4: kmap ------------------------------------------------------------------------ */

KTEST(lab6, kmap, low_page_direct)
{
	struct page *page = pfn_to_page(0x1234);
	unsigned int last;

	ASSERT_KMAP_READY(t);
	last = last_pkmap_nr;
	KTEST_EXPECT(t, kmap(page) == __va(0x1234000));
	KTEST_EXPECT(t, kmap(pfn_to_page(highstart_pfn - 1)) ==
		     __va(PFN_PHYS(highstart_pfn - 1)));
	KTEST_EXPECT_EQ(t, last_pkmap_nr, last);	/* no slot taken */
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
	kunmap(page);
	kunmap(pfn_to_page(highstart_pfn - 1));
}

KTEST(lab6, kmap, same_page_same_slot)
{
	struct page *page = high_page(20);
	void *a, *b;
	int nr;

	ASSERT_KMAP_READY(t);
	a = kmap(page);
	b = kmap(page);
	KTEST_ASSERT(t, a != NULL);
	KTEST_EXPECT(t, a == b);
	nr = addr_slot(a);
	KTEST_ASSERT(t, nr >= 0);
	KTEST_EXPECT_EQ(t, pkmap_count[nr], 3);		/* two users */
	kunmap(page);
	KTEST_EXPECT_EQ(t, pkmap_count[nr], 2);
	kunmap(page);
	KTEST_EXPECT_EQ(t, pkmap_count[nr], 1);
}

/* A page at count 1 (unmapped, not flushed) gets its slot back, no new one. */
KTEST(lab6, kmap, count_one_taken_back)
{
	struct page *page = high_page(21);
	unsigned long flushes;
	unsigned int last;
	void *a, *b;

	ASSERT_KMAP_READY(t);
	a = kmap(page);
	KTEST_ASSERT(t, a != NULL);
	kunmap(page);
	last = last_pkmap_nr;
	flushes = pkmap_flush_count;
	b = kmap(page);
	KTEST_EXPECT(t, a == b);
	KTEST_EXPECT_EQ(t, last_pkmap_nr, last);
	KTEST_EXPECT_EQ(t, pkmap_flush_count, flushes);
	KTEST_EXPECT_EQ(t, pkmap_count[addr_slot(a)], 2);
	kunmap(page);
}

/*
 * High pages in batches of 64: a batch is vmap()ed once (lab 5), then
 * each page is kmapped; a word written through kmap is read through vmap
 * and the other way round, at both ends of the page, and the words are
 * put back.  Batch @p first holds pages first, first + stride, ...
 */
#define BATCH 64

static bool check_batch(struct ktest *t, unsigned long first,
			unsigned long stride, unsigned int n)
{
	struct page *pages[BATCH];
	unsigned int i;
	u32 *v;
	bool ok = true;

	for (i = 0; i < n; i++)
		pages[i] = high_page(first + i * stride);
	v = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	if (!KTEST_EXPECT(t, v != NULL))
		return false;
	for (i = 0; i < n && ok; i++) {
		u32 *k = kmap(pages[i]), *w = v + i * (PAGE_SIZE / 4);
		u32 s0, s1, mark = 0xC0DE0000u ^ (u32)(first + i * stride);

		if (!KTEST_EXPECT(t, k != NULL)) {
			ok = false;
			break;
		}
		s0 = k[0];
		s1 = k[1023];
		k[0] = mark;
		w[1023] = ~mark;
		ok = KTEST_EXPECT_EQ(t, w[0], mark) &&
		     KTEST_EXPECT_EQ(t, k[1023], ~mark);
		k[0] = s0;
		w[1023] = s1;
		kunmap(pages[i]);
	}
	vunmap(v);
	return ok;
}

/* Check @p count pages from @p first, @p stride apart; how many passed. */
static unsigned long check_pages(struct ktest *t, unsigned long first,
				 unsigned long stride, unsigned long count)
{
	unsigned long done = 0;

	while (done < count) {
		unsigned int len = min(count - done, (unsigned long)BATCH);

		if (!check_batch(t, first + done * stride, stride, len))
			break;
		done += len;
		ktest_progress(t, done, count, "high pages");
	}
	return done;
}

/*
 * Every slot must take a new page, be flushed and take another, more
 * than once: three rounds of the slots' worth of pages.  What a page
 * goes through does not depend on which page it is, but on its slot and
 * on where the round is, so a larger highmem is sampled: the first and
 * the last batch whole, and between them pages an odd stride apart (both
 * parities of every pfn bit come up).  1 GiB: 32752 high pages, about
 * one in eleven.
 */
#define SAMPLED_PAGES	(3 * LAST_PKMAP)

KTEST(lab6, content, every_high_page)
{
	unsigned long n = nr_high_pages(), mid, stride, count, want, pages;

	ASSERT_KMAP_READY(t);
	if (n <= SAMPLED_PAGES + 2 * BATCH) {
		pages = check_pages(t, 0, 1, n);
		want = n;
	} else {
		mid = n - 2 * BATCH;
		stride = (mid / SAMPLED_PAGES) | 1;
		count = DIV_ROUND_UP(mid, stride);
		want = 2 * BATCH + count;
		pages = check_pages(t, 0, 1, BATCH);
		if (pages == BATCH)
			pages += check_pages(t, BATCH, stride, count);
		if (pages == BATCH + count)
			pages += check_pages(t, n - BATCH, 1, BATCH);
	}
	KTEST_EXPECT_EQ(t, pages, want);
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
	printk("# kmap: %lu high pages checked through kmap and vmap\n", pages);
}
