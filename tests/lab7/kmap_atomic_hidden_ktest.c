/**
 * @file
 * Lab 7 hidden test: graded, left out of the student handout.
 *
 * The visible tests reuse slot 0 for a second page and fill the stack in
 * one go.  This one pushes and pops at different depths, so slots above
 * 0 are reused for other pages while slots below them stay live:
 *
 * @verbatim
 *   push A B C      slots 0 1 2     each read through its slot (the TLB
 *                                   caches all three)
 *   pop C           slot 2's address faults
 *   push D          slot 2 again: D's bytes, not C's
 *   push low, E     the low page takes no slot; E in slot 3
 *   pop E low D B   slots 3, 2, 1 fault; A still in slot 0
 *   push F          slot 1 again: F's bytes; a store reaches F
 *   pop F A         idle; every entry empty
 * @endverbatim
 *
 * Each page's bytes are put there, and checked afterwards, through a vmap
 * of its own (kmap_atomic_ktest.h), never through the slot under test.  A
 * kunmap_atomic() that flushes only slot 0, or that computes the slot of
 * the address from the wrong end of the fixmap, fails here.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <kit/ktest.h>
#include "kmap_atomic_ktest.h"

#define HIDDEN_HIGH 6	/* A to F */

static void hidden_touch(const void *addr)
{
	(void)*(const volatile u32 *)addr;
}

/* Read word 0 through @p addr, expected in slot @p slot showing page @p i. */
static bool hidden_shows(struct ktest *t, u32 *addr, int slot, struct page *page,
			 unsigned int i)
{
	volatile u32 got = 0;	/* set under the fault catcher */

	if (!KTEST_EXPECT(t, addr == slot_addr(slot)) ||
	    !KTEST_EXPECT_EQ(t, pte_pfn(kmap_pte[-slot]), page_to_pfn(page)) ||
	    !KTEST_EXPECT_NO_FAULT(t, got = addr[0]))
		return false;
	return KTEST_EXPECT_EQ(t, got, stamp(8, i));
}

/* Pop @p addr, which was in slot @p slot: its entry empty, its address faulting. */
static bool hidden_pop(struct ktest *t, void *addr, int slot)
{
	kunmap_atomic(addr);
	return KTEST_EXPECT_EQ(t, kmap_atomic_depth(), slot) &&
	       KTEST_EXPECT(t, pte_none(kmap_pte[-slot])) &&
	       KTEST_EXPECT_FAULT(t, addr, hidden_touch(addr));
}

KTEST(lab7, hidden, reuse_at_depth)
{
	struct page *high[HIDDEN_HIGH] = { NULL }, *low = NULL;
	u32 *a = NULL, *b = NULL, *c, *d = NULL, *e, *f, *l, got = 0;
	unsigned int i;
	bool ok = true;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, high[0]);
	for (i = 1; i < HIDDEN_HIGH && ok; i++)
		ok = KTEST_EXPECT(t, (high[i] = get_high_page()) != NULL);
	low = alloc_page(GFP_KERNEL);
	ok = ok && KTEST_EXPECT(t, low != NULL);
	for (i = 0; i < HIDDEN_HIGH && ok; i++)
		ok = KTEST_EXPECT(t, poke_page_word(high[i], 0, stamp(8, i)));
	if (!ok)
		goto out;

	a = kmap_atomic(high[0]);
	if (!hidden_shows(t, a, 0, high[0], 0))
		goto pop_a;
	b = kmap_atomic(high[1]);
	if (!hidden_shows(t, b, 1, high[1], 1))
		goto pop_b;
	c = kmap_atomic(high[2]);
	ok = hidden_shows(t, c, 2, high[2], 2);
	if (!hidden_pop(t, c, 2) || !ok)
		goto pop_b;
	d = kmap_atomic(high[3]);
	if (!hidden_shows(t, d, 2, high[3], 3))		/* not C's bytes */
		goto pop_d;
	l = kmap_atomic(low);
	ok = KTEST_EXPECT(t, l == page_address(low)) &&
	     KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 3);
	if (ok) {
		e = kmap_atomic(high[4]);
		ok = hidden_shows(t, e, 3, high[4], 4);
		ok = hidden_pop(t, e, 3) && ok;
	}
	kunmap_atomic(l);
	if (!ok)
		goto pop_d;
	ok = hidden_pop(t, d, 2);
	if (!hidden_pop(t, b, 1) || !ok)
		goto pop_a;
	f = kmap_atomic(high[5]);
	ok = hidden_shows(t, f, 1, high[5], 5);		/* not B's bytes */
	if (ok)
		f[1] = stamp(9, 5);
	hidden_pop(t, f, 1);
	KTEST_EXPECT(t, ok && peek_page_word(high[5], 1, &got) && got == stamp(9, 5));
	KTEST_EXPECT_EQ(t, pte_pfn(kmap_pte[0]), page_to_pfn(high[0]));
	goto pop_a;
pop_d:
	kunmap_atomic(d);
pop_b:
	kunmap_atomic(b);
pop_a:
	kunmap_atomic(a);
	KTEST_EXPECT(t, kmap_atomic_idle());
	for (i = 0; i < KM_TYPE_NR; i++)
		if (!KTEST_EXPECT(t, pte_none(kmap_pte[-(int)i])))
			break;
out:
	for (i = 0; i < HIDDEN_HIGH; i++)
		if (high[i])
			__free_page(high[i]);
	if (low)
		__free_page(low);
}
