/**
 * @file
 * Lab 5 in-kernel tests' helpers: preconditions, a page-table probe that
 * does not depend on the lab, and a reference model of first fit.
 *
 * The probe, mapped_pfn(), asks lab 1's lookup_address() (from solutions:
 * an earlier lab) what swapper_pg_dir says about an address, so a test can
 * check the lab's mappings without trusting the lab's own
 * vmalloc_to_page(), and can refuse to touch an address that is not
 * mapped (a partial solution then fails the test instead of crashing it).
 *
 * The model of first fit walks vmlist on its own:
 *
 * @verbatim
 *   candidate = VMALLOC_START
 *   for each area, in order:  gap = area.addr - candidate
 *                             if need <= gap: answer candidate
 *                             candidate = area.addr + area.size
 *   last: if need <= VMALLOC_END - candidate: answer candidate, else none
 * @endverbatim
 */
#ifndef _TESTS_LAB5_VMALLOC_KTEST_H
#define _TESTS_LAB5_VMALLOC_KTEST_H

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <kit/ktest.h>

/*
 * Every test starts here.  Lab 1 must have switched to swapper_pg_dir
 * (what lab 5 writes is otherwise not what the MMU reads), lab 3 must
 * have pages, and lab 4's kmalloc() must work: vm_struct comes from it.
 */
static inline bool vm_ready(struct ktest *t)
{
	void *probe;

	if (!KTEST_EXPECT(t, current_pgdir() == swapper_pg_dir) ||
	    !KTEST_EXPECT(t, nr_free_pages() > 0))
		return false;
	probe = kmalloc(sizeof(struct vm_struct), GFP_KERNEL);
	if (!KTEST_EXPECT(t, probe != NULL /* kmalloc (lab 4) works */))
		return false;
	kfree(probe);
	return true;
}
#define ASSERT_VM_READY(t) do { if (!vm_ready(t)) return; } while (0)

/* The frame swapper_pg_dir maps at @p addr (a 4 KiB entry), or -1. */
static inline long mapped_pfn(const void *addr)
{
	enum pg_level level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
		return -1;
	return (long)pte_pfn(*pte);
}

/* True if all @p nr pages from @p addr are mapped. */
static inline bool range_mapped(const void *addr, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		if (mapped_pfn((const char *)addr + i * PAGE_SIZE) < 0)
			return false;
	return true;
}

/* The area of vmlist that starts at @p addr, or NULL. */
static inline struct vm_struct *find_area(const void *addr)
{
	struct vm_struct *v;

	for (v = vmlist; v; v = v->next)
		if (v->addr == addr)
			return v;
	return NULL;
}

static inline unsigned int nr_areas(void)
{
	const struct vm_struct *v;
	unsigned int n = 0;

	for (v = vmlist; v; v = v->next)
		n++;
	return n;
}

/* Where first fit must put an area of @p pages pages (guard added here), or 0. */
static inline unsigned long model_first_fit(unsigned long pages)
{
	unsigned long need = (pages + 1) * PAGE_SIZE, cand = VMALLOC_START;
	const struct vm_struct *v;

	for (v = vmlist; v; v = v->next) {
		if ((unsigned long)v->addr >= cand &&
		    need <= (unsigned long)v->addr - cand)
			return cand;
		cand = (unsigned long)v->addr + v->size;
	}
	return cand <= VMALLOC_END && need <= VMALLOC_END - cand ? cand : 0;
}

/* NULL if vmlist is sorted, disjoint, in the area, page sized; else why. */
static inline const char *vmlist_problem(void)
{
	unsigned long prev_end = VMALLOC_START;
	const struct vm_struct *v;

	for (v = vmlist; v; v = v->next) {
		unsigned long a = (unsigned long)v->addr;

		if (a < prev_end)
			return "areas overlap or are out of order";
		if (a & ~PAGE_MASK || v->size & ~PAGE_MASK || v->size < 2 * PAGE_SIZE)
			return "an area is not whole pages plus a guard page";
		if (v->size > VMALLOC_END - a)
			return "an area runs past VMALLOC_END";
		prev_end = a + v->size;
	}
	return NULL;
}

#define EXPECT_VMLIST_OK(t) ({						\
	const char *__why = vmlist_problem();				\
	if (__why)							\
		ktest_fail(t, __FILE__, __LINE__, "vmlist_problem()",	\
			   "no problem", __why);			\
	!__why;								\
})

/* Page tables the vmalloc area has (present pgd entries). */
static inline unsigned int vmalloc_tables(void)
{
	unsigned long addr;
	unsigned int n = 0;

	for (addr = VMALLOC_START & PGDIR_MASK; addr - 1 < VMALLOC_END - 1;
	     addr += PGDIR_SIZE)
		n += pgd_present(*pgd_offset_k(addr));
	return n;
}

/* Touch (read) one page through @p p, so the TLB holds its translation. */
static inline u32 touch(const void *p)
{
	return *(const volatile u32 *)p;
}

#define MAGIC 0x5A17C0DEu

/** What a test stores in the first word of page @p i of an area. */
static inline u32 stamp(unsigned long i)
{
	return MAGIC ^ (u32)(i * 2654435761u);
}

#endif /* _TESTS_LAB5_VMALLOC_KTEST_H */
