/**
 * @file
 * Lab 6 in-kernel tests, steps 6.1 to 6.5: the pkmap page table (init),
 * the page_address hash (hash), new mappings (map), kmap of low and high
 * pages (kmap), every high page's contents through two mappings
 * (content), kunmap and the lazy flush (kunmap, flush), misuse, the bench
 * group and the book's demo.  Step 6.6 (sleeping) is in full_ktest.c.
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

/* ---- 6.5: kunmap and the lazy flush ------------------------------------------------ */

/* After the last kunmap the slot keeps its page, mapped, until the flush. */
KTEST(lab6, kunmap, lazy)
{
	struct page *page = high_page(30);
	u32 *k;
	int nr;

	ASSERT_KMAP_READY(t);
	k = kmap(page);
	KTEST_ASSERT(t, k != NULL);
	nr = addr_slot(k);
	KTEST_ASSERT(t, nr >= 0);
	kunmap(page);
	KTEST_EXPECT_EQ(t, pkmap_count[nr], 1);
	KTEST_EXPECT_EQ(t, slot_pfn(nr), page_to_pfn(page));
	KTEST_EXPECT(t, page_address(page) == k);
	flush_all_zero_pkmaps();
	KTEST_EXPECT_EQ(t, pkmap_count[nr], 0);
	KTEST_EXPECT_EQ(t, slot_pfn(nr), -1);
	KTEST_EXPECT_FAULT(t, k, (void)READ_ONCE(*k));	/* flushed out of the TLB */
}

/*
 * Page A is kmapped and kunmapped in slot s.  Fresh pages are then mapped
 * and unmapped one by one: none may take slot s before the scan wraps to
 * slot 0, where exactly one flush frees s and every other count-1 slot.
 */
KTEST(lab6, flush, not_reused_before_flush)
{
	struct page *a = high_page(40);
	unsigned long flushes, i;
	unsigned int reused = 0;
	void *va;
	int s;

	ASSERT_KMAP_READY(t);
	va = kmap(a);
	KTEST_ASSERT(t, va != NULL);
	s = addr_slot(va);
	kunmap(a);
	flushes = pkmap_flush_count;
	for (i = 0; last_pkmap_nr != LAST_PKMAP - 1; i++) {	/* up to the wrap */
		struct page *p = high_page(LAST_PKMAP + i);
		void *v = kmap(p);

		KTEST_ASSERT(t, v != NULL && i < LAST_PKMAP);
		reused += addr_slot(v) == s;
		kunmap(p);
	}
	KTEST_EXPECT_EQ(t, reused, 0);
	KTEST_EXPECT_EQ(t, pkmap_flush_count, flushes);	/* no flush yet */
	KTEST_EXPECT_EQ(t, pkmap_count[s], 1);
	va = kmap(high_page(3 * LAST_PKMAP));		/* wraps: slot 0 */
	KTEST_ASSERT(t, va != NULL);
	KTEST_EXPECT_EQ(t, addr_slot(va), 0);
	KTEST_EXPECT_EQ(t, pkmap_flush_count, flushes + 1);
	KTEST_EXPECT_EQ(t, pkmap_count[s], s == 0 ? 2 : 0);
	KTEST_EXPECT(t, page_address(a) == NULL);
	KTEST_EXPECT_EQ(t, slot_pfn(s), s == 0 ? (long)(highstart_pfn + 3 * LAST_PKMAP) : -1);
	kunmap(high_page(3 * LAST_PKMAP));
}

/* 3000 fresh mappings: one flush per wrap of the scan, not one per kunmap. */
KTEST(lab6, flush, once_per_wrap)
{
	unsigned long flushes = pkmap_flush_count, i, n = 3000, ones = 0;
	unsigned int start;

	ASSERT_KMAP_READY(t);
	flushes = pkmap_flush_count;
	start = last_pkmap_nr;
	for (i = 0; i < n; i++) {
		struct page *p = high_page(4 * LAST_PKMAP + i);

		KTEST_ASSERT(t, kmap(p) != NULL);
		kunmap(p);
	}
	/* Wraps: (start + n) / 1024; the first one frees nothing if start is 1023. */
	KTEST_EXPECT_EQ(t, pkmap_flush_count - flushes,
			(start + n) / LAST_PKMAP - (start == LAST_PKMAP - 1));
	for (i = 0; i < LAST_PKMAP; i++)
		ones += pkmap_count[i] == 1;
	KTEST_EXPECT_EQ(t, ones, (start + n) % LAST_PKMAP + 1);
}

/* ---- misuse ------------------------------------------------------------------------ */

KTEST(lab6, misuse, kunmap_not_mapped)
{
	static int before[LAST_PKMAP];
	struct page *page = high_page(50);
	unsigned long flags;
	unsigned int w;

	ASSERT_KMAP_READY(t);
	KTEST_ASSERT(t, kmap(high_page(51)) != NULL);	/* something mapped */
	memcpy(before, pkmap_count, sizeof(before));
	w = warn_count;
	flags = local_irq_save();
	local_irq_enable();		/* the warning must let go of the lock */
	kunmap(page);					/* never kmapped */
	KTEST_EXPECT(t, !irqs_disabled());
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT(t, memcmp(before, pkmap_count, sizeof(before)) == 0);
	KTEST_EXPECT(t, page_address(page) == NULL);
	kunmap(high_page(51));
	memcpy(before, pkmap_count, sizeof(before));
	kunmap(high_page(51));				/* once too often: count 1 */
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	KTEST_EXPECT(t, memcmp(before, pkmap_count, sizeof(before)) == 0);
}

struct irq_kmap {
	struct page *page;
	void *ret;
};

static void kmap_from_irq(void *arg)
{
	struct irq_kmap *k = arg;

	k->ret = kmap(k->page);
}

KTEST(lab6, misuse, kmap_in_irq)
{
	struct irq_kmap k = { high_page(52), (void *)1 };
	unsigned int w;

	ASSERT_KMAP_READY(t);
	w = warn_count;
	KTEST_ASSERT_EQ(t, ktest_run_in_irq(kmap_from_irq, &k), 0);
	KTEST_EXPECT(t, k.ret == NULL);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT(t, page_address(k.page) == NULL);
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
}

/* ---- bench ----------------------------------------------------------------------- */

struct bench_kmap {
	unsigned long next, failures;
	struct page *page;
};

static void kmap_kunmap(void *arg)
{
	struct bench_kmap *b = arg;

	if (!kmap(b->page))
		b->failures++;
	kunmap(b->page);
}

/* A new high page every time (2048 of them, round robin): a new slot each. */
static void kmap_kunmap_fresh(void *arg)
{
	struct bench_kmap *b = arg;

	b->page = high_page(b->next++ % (2 * LAST_PKMAP));
	kmap_kunmap(b);
}

KTEST(lab6, bench, kmap_low)
{
	struct bench_kmap b = { 0, 0, pfn_to_page(0x2000) };

	ASSERT_KMAP_READY(t);
	ktest_bench("kmap+kunmap of a low page", kmap_kunmap, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
}

KTEST(lab6, bench, kmap_high_in_hash)
{
	struct bench_kmap b = { 0, 0, high_page(60) };

	ASSERT_KMAP_READY(t);
	KTEST_ASSERT(t, kmap(b.page) != NULL);		/* stays mapped: count > 1 */
	ktest_bench("kmap+kunmap of a kmapped high page", kmap_kunmap, &b, 1000);
	kunmap(b.page);
	KTEST_EXPECT_EQ(t, b.failures, 0);
}

KTEST(lab6, bench, kmap_high_fresh)
{
	struct bench_kmap b = { 0, 0, NULL };

	ASSERT_KMAP_READY(t);
	ktest_bench("kmap+kunmap of a new high page", kmap_kunmap_fresh, &b, 4096);
	KTEST_EXPECT_EQ(t, b.failures, 0);
}

/* ---- the book's demo -------------------------------------------------------------- */

/*
 * kmap every high page of the zone in turn, holding at most 8 at a time,
 * and say where one in 16384 (64 MiB) went; then count how many distinct
 * pages went through the 1024 slots, and the TLB flushes that took.
 */
KTEST_EXPLICIT(lab6, demo, zone_through_slots)
{
	unsigned long i, n = nr_high_pages(), pages = 0, flushes;
	struct page *held[8] = { NULL };

	ASSERT_KMAP_READY(t);
	flushes = pkmap_flush_count;
	printk("# HighMem: pfn %#lx-%#lx, %lu pages (%lu MiB); pkmap: %u slots at %#x\n",
	       highstart_pfn, highend_pfn, n, n >> 8, LAST_PKMAP,
	       __cpu_addr(PKMAP_BASE));
	for (i = 0; i < n; i++, pages++) {
		struct page *page = high_page(i);
		void *v = kmap(page);

		KTEST_ASSERT(t, v != NULL);
		if (held[pages % 8])
			kunmap(held[pages % 8]);
		held[pages % 8] = page;
		if (i % 16384 == 0 || i == n - 1)
			printk("#   pfn %#lx -> slot %4d at %#x, %u slots busy\n",
			       page_to_pfn(page), addr_slot(v), __cpu_addr(v),
			       pkmap_busy());
	}
	for (i = 0; i < 8; i++)
		if (held[i])
			kunmap(held[i]);
	printk("# %lu distinct pages mapped, at most 8 at once, %lu TLB flushes\n",
	       pages, pkmap_flush_count - flushes);
}
