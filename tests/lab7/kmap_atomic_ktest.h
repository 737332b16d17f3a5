/**
 * @file
 * Lab 7 in-kernel tests: what the test files share.
 *
 * A high page's bytes are checked through a second mapping of their own
 * (vmap() of that one page, lab 5: tests/lib/page_word.h), never through
 * the fixmap slot under test, so a slot that maps the wrong frame cannot
 * hide itself.
 *
 * @verbatim
 *   slot i  -> address __fix_to_virt(FIX_KMAP_BEGIN + i) = 0xFFFFE000 - i * 4 KiB
 *           -> entry   kmap_pte - i
 * @endverbatim
 */
#ifndef _TESTS_LAB7_KMAP_ATOMIC_KTEST_H
#define _TESTS_LAB7_KMAP_ATOMIC_KTEST_H

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "page_word.h"

extern unsigned int warn_count;

/** The address of kmap_atomic slot @p i. */
static inline void *slot_addr(int i)
{
	return (void *)__fix_to_virt(FIX_KMAP_BEGIN + i);
}

/** A high page, or NULL (none left, or the allocator gave a low one). */
static inline struct page *get_high_page(void)
{
	struct page *p = alloc_page(GFP_HIGHUSER);

	if (p && !PageHighMem(p)) {
		__free_page(p);
		return NULL;
	}
	return p;
}

/** The stack is empty and the preempt count is back to zero. */
static inline bool kmap_atomic_idle(void)
{
	return kmap_atomic_depth() == 0 && (preempt_count() & PREEMPT_MASK) == 0;
}

/* The lab's tests need the slots' page table (7.1) and a high page. */
#define ASSERT_KMAP_ATOMIC_READY(t) KTEST_ASSERT(t, kmap_pte != NULL)

/* A high page in @p var; skip only on a machine that has no highmem at all. */
#define GET_HIGH_PAGE(t, var)						\
	do {								\
		if (max_pfn <= max_low_pfn)				\
			KTEST_SKIP(t, "no highmem on this machine");	\
		(var) = get_high_page();				\
		KTEST_ASSERT(t, (var) != NULL);				\
	} while (0)

/** A value that names page @p i of a test and word @p w of it. */
static inline u32 stamp(unsigned int i, unsigned int w)
{
	return 0x7A000000u ^ (i << 12) ^ w;
}

#endif /* _TESTS_LAB7_KMAP_ATOMIC_KTEST_H */
