/**
 * @file
 * Lab 7 in-kernel tests: misuse of kmap_atomic(), each reported in
 * Linux's words, each leaving the slot stack as it was.
 *
 * @verbatim
 *   misuse                          report                          effect
 *   unmap below the top             WARN "kunmap_atomic: out of     none: stack, entries,
 *                                   order ..."                      preempt count as they were
 *   unmap a free slot / an address  WARN "... is not mapped" /      none
 *   kmap_atomic never gave          "... was not mapped by ..."
 *   sleep inside a section          "BUG: scheduling while          schedule() refuses to
 *                                   atomic" (sched_atomic_bugs)     switch, returns
 *   a 21st nested mapping           BUG (oops)                      the demo, run by name
 * @endverbatim
 *
 * A refused kunmap_atomic() changes nothing, not even the preempt count:
 * the caller's later unmaps, in the right order, then leave everything
 * balanced, which is what the tests check last.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "kmap_atomic_ktest.h"

KTEST(lab7, misuse, out_of_order)
{
	unsigned int w = warn_count, pc = preempt_count();
	struct page *a, *b;
	pte_t ea, eb;
	u32 *pa, *pb;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	GET_HIGH_PAGE(t, b);
	pa = kmap_atomic(a);
	pb = kmap_atomic(b);
	KTEST_ASSERT(t, pa == slot_addr(0) && pb == slot_addr(1));
	*pa = 0xA0A0A0A0u;
	*pb = 0xB0B0B0B0u;
	ea = kmap_pte[0];
	eb = kmap_pte[-1];
	kunmap_atomic(pa);				/* wrong: b is on top */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 2);
	KTEST_EXPECT_EQ(t, preempt_count(), pc + 2);
	KTEST_EXPECT_EQ(t, pte_val(kmap_pte[0]), pte_val(ea));
	KTEST_EXPECT_EQ(t, pte_val(kmap_pte[-1]), pte_val(eb));
	KTEST_EXPECT_EQ(t, *pa, 0xA0A0A0A0u);		/* still mapped */
	kunmap_atomic(pb);				/* now the right order */
	kunmap_atomic(pa);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, preempt_count(), pc);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(a);
	__free_page(b);
}

/* Unmapping what is not mapped: a free slot, then a vmalloc address. */
KTEST(lab7, misuse, not_mapped)
{
	unsigned int w = warn_count;
	struct page *a;
	void *pa, *v;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	pa = kmap_atomic(a);
	KTEST_ASSERT(t, pa == slot_addr(0));
	kunmap_atomic(slot_addr(1));			/* above the top */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	v = vmalloc(PAGE_SIZE);
	if (v) {
		kunmap_atomic(v);			/* never kmap_atomic's */
		KTEST_EXPECT_EQ(t, warn_count, w + 2);
		vfree(v);
	}
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 1);
	KTEST_EXPECT(t, pte_pfn(kmap_pte[0]) == page_to_pfn(a));
	kunmap_atomic(pa);
	kunmap_atomic(pa);				/* twice */
	KTEST_EXPECT_EQ(t, warn_count, w + (v ? 3 : 2));
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(a);
}

/*
 * schedule() inside a section is the classic bug: another thread could
 * take the CPU and its slots.  The kit's schedule() reports it and does
 * not switch; outside the section it is quiet.
 */
KTEST(lab7, misuse, sleep_inside)
{
	unsigned int bugs = sched_atomic_bugs;
	struct page *a;
	void *p;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	p = kmap_atomic(a);
	KTEST_ASSERT(t, p != NULL);
	schedule();
	KTEST_EXPECT_EQ(t, sched_atomic_bugs, bugs + 1);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 1);	/* still ours */
	kunmap_atomic(p);
	schedule();
	KTEST_EXPECT_EQ(t, sched_atomic_bugs, bugs + 1);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(a);
}

/* After the stack was full and emptied, the next mapping is slot 0 again. */
KTEST(lab7, misuse, depth_limit_exact)
{
	struct page *a;
	void *p[KM_TYPE_NR];
	int i, n;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	for (n = 0; n < KM_TYPE_NR; n++)	/* one page, twenty slots: allowed */
		if (!(p[n] = kmap_atomic(a)))
			break;
	KTEST_EXPECT_EQ(t, n, KM_TYPE_NR);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), n);
	if (n)
		KTEST_EXPECT(t, p[n - 1] == slot_addr(KM_TYPE_NR - 1));
	for (i = n - 1; i >= 0; i--)
		kunmap_atomic(p[i]);
	p[0] = kmap_atomic(a);
	KTEST_EXPECT(t, p[0] == slot_addr(0));
	if (p[0])
		kunmap_atomic(p[0]);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(a);
}

/*
 * The demo of the overflow: a 21st nested kmap_atomic() has no slot, and
 * the kernel BUGs (an oops).  Not graded; run it by name:
 * make run LAB=7 SRC=solutions CMDLINE="ktest.filter=lab7.demo.overflow"
 */
KTEST_EXPLICIT(lab7, demo, overflow)
{
	struct page *a;
	int i;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	for (i = 0; i <= KM_TYPE_NR; i++) {
		printk("# lab7: kmap_atomic #%d -> %p\n", i + 1, kmap_atomic(a));
	}
	KTEST_EXPECT(t, false);			/* not reached */
}
