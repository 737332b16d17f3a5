/**
 * @file
 * Lab 6 in-kernel tests, step 6.5 and the lab as a whole: kunmap and the
 * lazy flush (kunmap, flush), misuse, the bench group and the book's
 * demo.  kmap_ktest.c checks steps 6.1 to 6.4; step 6.6 (sleeping) is in
 * wait_ktest.c.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "kmap_ktest.h"

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
