/**
 * @file
 * Lab 8 in-kernel tests: what the test files share.
 *
 * Most tests work on an address space of their own, without a process:
 * LAB8_MM_TEST() makes an mm, makes it current (use_mm(): CR3 and
 * current->mm, as if the test were a process in a system call), runs the
 * body, then switches back and frees it.  A kernel-mode access to a user
 * address then faults into lab 8's do_page_fault() exactly as a system
 * call's copy would.  Every such access is wrapped in
 * KTEST_EXPECT_NO_FAULT(), so a handler that cannot resolve it fails the
 * test instead of oopsing the kernel.
 */
#ifndef _TESTS_LAB8_LAB8_KTEST_H
#define _TESTS_LAB8_LAB8_KTEST_H

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include <kit/process.h>

extern unsigned int warn_count;

/** Run @p body with a fresh mm as the current address space; free it after. */
static inline void lab8_with_mm(struct ktest *t,
				void (*body)(struct ktest *t, struct mm_struct *mm))
{
	struct mm_struct *mm = mm_alloc();

	KTEST_ASSERT(t, mm != NULL);
	use_mm(mm);
	body(t, mm);
	use_mm(NULL);
	mmput(mm);
}

/** Declare test lab8.group.name whose body sees `t` and `mm` (see lab8_with_mm()). */
#define LAB8_MM_TEST(group, name)					\
	static void lab8_##group##_##name(struct ktest *t, struct mm_struct *mm); \
	KTEST(lab8, group, name) { lab8_with_mm(t, lab8_##group##_##name); } \
	static void lab8_##group##_##name(struct ktest *t, struct mm_struct *mm)

/** An anonymous private mapping: do_mmap() with the usual flags (MAP_FIXED if @p addr). */
static inline unsigned long map_anon(struct mm_struct *mm, unsigned long addr,
				     unsigned long len, unsigned long prot)
{
	return do_mmap(mm, addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
		       (addr ? MAP_FIXED : 0));
}

/**
 * peek() - Read the word at user address @p addr from the kernel, through
 * lab 8's fault handler.  A fault it cannot resolve fails the test (no
 * oops) and reads as ~0UL.
 */
static inline unsigned long peek(struct ktest *t, unsigned long addr)
{
	volatile unsigned long v = ~0UL;

	KTEST_EXPECT_NO_FAULT(t, v = *(volatile unsigned long *)addr);
	return v;
}

/** The page table entry of @p addr in @p mm, or NULL if it has no page table. */
static inline pte_t *user_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm->pgd, addr);

	return pgd_present(*pgd) ? pte_offset_kernel(pgd, addr) : NULL;
}

/** True if @p addr is mapped (present) in @p mm. */
static inline bool user_present(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = user_pte(mm, addr);

	return pte && pte_present(*pte);
}

/** The frame @p addr maps in @p mm, or 0 if none. */
static inline unsigned long user_pfn(struct mm_struct *mm, unsigned long addr)
{
	return user_present(mm, addr) ? pte_pfn(*user_pte(mm, addr)) : 0;
}

/** The zero page's frame. */
static inline unsigned long zero_pfn(void)
{
	return page_to_pfn(ZERO_PAGE(0));
}

/** Number of VMAs on @p mm's list, counted by walking it. */
static inline int count_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	int n = 0;

	for (vma = mm->mmap; vma && n < 1000; vma = vma->vm_next)
		n++;
	return n;
}

/** Does the console show @p needle since mark @p since (console_written())? */
static inline bool console_has(unsigned long since, const char *needle)
{
	static char buf[2048];
	size_t n = console_tail(since, buf, sizeof(buf)), len = strlen(needle), i;

	for (i = 0; i + len <= n; i++)
		if (!memcmp(buf + i, needle, len))
			return true;
	return false;
}

#endif /* _TESTS_LAB8_LAB8_KTEST_H */
