/**
 * @file
 * Lab 7 in-kernel tests: what the test files share.
 *
 * A high page's bytes are checked through a second mapping of their own
 * (vmap() of that one page, lab 5), never through the fixmap slot under
 * test, so a slot that maps the wrong frame cannot hide itself.
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

/** Word @p word of @p page, read through a vmap() of its own; false if none. */
static inline bool peek_word(struct page *page, unsigned int word, u32 *val)
{
	u32 *p;

	if (!PageHighMem(page)) {
		*val = ((u32 *)page_address(page))[word];
		return true;
	}
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!p)
		return false;
	*val = p[word];
	vunmap(p);
	return true;
}

/** Store @p val in word @p word of @p page through a vmap() of its own. */
static inline bool poke_word(struct page *page, unsigned int word, u32 val)
{
	u32 *p;

	if (!PageHighMem(page)) {
		((u32 *)page_address(page))[word] = val;
		return true;
	}
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!p)
		return false;
	p[word] = val;
	vunmap(p);
	return true;
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
