/**
 * @file
 * Lab 6 in-kernel tests' helpers: preconditions, a probe of the pkmap
 * page table that does not trust the lab, and a way back to a clean area.
 *
 * The probe, slot_pfn(), asks lab 1's lookup_address() (from solutions:
 * an earlier lab) which frame swapper_pg_dir maps at a slot, so a test can
 * check what kmap() wrote without asking kmap's own bookkeeping.
 *
 * Most tests start from a quiet area: pkmap_quiesce() frees every slot at
 * count 1 with flush_all_zero_pkmaps(), so no page has a pkmap address and
 * the next new mapping goes to slot (last_pkmap_nr + 1) mod 1024.
 *
 * Pages: the tests use high frames by number, from highstart_pfn on.  A
 * kmap() does not care whether the buddy allocator owns a page, and tests
 * that write into one restore what they found (interrupts are off while
 * tests run, so nobody sees the difference).
 */
#ifndef _TESTS_LAB6_KMAP_KTEST_H
#define _TESTS_LAB6_KMAP_KTEST_H

#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <kit/ktest.h>

/* WARN() reports since boot (kernel/core/panic.c). */
extern unsigned int warn_count;

/* High pages there are (0 on a machine without highmem). */
static inline unsigned long nr_high_pages(void)
{
	return highend_pfn > highstart_pfn ? highend_pfn - highstart_pfn : 0;
}

/* The @p i-th high page (0-based). */
static inline struct page *high_page(unsigned long i)
{
	return pfn_to_page(highstart_pfn + i);
}

/* The frame swapper_pg_dir maps at pkmap slot @p nr, or -1 if none. */
static inline long slot_pfn(unsigned int nr)
{
	enum pg_level level;
	pte_t *pte = lookup_address(PKMAP_ADDR(nr), &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
		return -1;
	return (long)pte_pfn(*pte);
}

/* True if swapper_pg_dir has a page table for the pkmap area. */
static inline bool pkmap_table_present(void)
{
	pgd_t pgd = *pgd_offset_k(PKMAP_BASE);

	return pgd_present(pgd) && !pgd_large(pgd);
}

/* Slots with users (count > 1). */
static inline unsigned int pkmap_busy(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < LAST_PKMAP; i++)
		n += pkmap_count[i] > 1;
	return n;
}

/* Free every count-1 slot, if no test left users behind. */
static inline bool pkmap_quiesce(struct ktest *t)
{
	if (!KTEST_EXPECT_EQ(t, pkmap_busy(), 0))
		return false;
	flush_all_zero_pkmaps();
	return true;
}

/*
 * Every test starts here: lab 1's directory is live, there is high
 * memory (else the test is skipped), kmap_init() made the pkmap table,
 * and no slot has users.
 */
static inline bool kmap_ready(struct ktest *t)
{
	if (!KTEST_EXPECT(t, current_pgdir() == swapper_pg_dir))
		return false;
	if (nr_high_pages() < 2 * LAST_PKMAP + 2) {
		t->skip_reason = "not enough high memory";
		return false;
	}
	if (!KTEST_EXPECT(t, pkmap_table_present() /* kmap_init, 6.1 */))
		return false;
	return pkmap_quiesce(t);
}
#define ASSERT_KMAP_READY(t) do { if (!kmap_ready(t)) return; } while (0)

/* The slot a pkmap address is in, or -1 if @p addr is not in the area. */
static inline int addr_slot(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	if (a < PKMAP_BASE || a >= PKMAP_ADDR(LAST_PKMAP - 1) + PAGE_SIZE ||
	    (a & ~PAGE_MASK))
		return -1;
	return (int)PKMAP_NR(a);
}

#endif /* _TESTS_LAB6_KMAP_KTEST_H */
