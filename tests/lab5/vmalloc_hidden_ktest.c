/**
 * @file
 * Lab 5 hidden test: graded, left out of the student handout.
 *
 * The visible tests place areas with get_vm_area() against the first-fit
 * model, and check vmalloc()'s guard page and reuse on one area at a
 * time.  This one drives vmalloc() and vfree() themselves, interleaved, on
 * twelve live areas of sizes 1 to 5 pages (some not page multiples), and
 * checks at every step what a correct vmalloc guarantees:
 *
 * @verbatim
 *   each new area starts where the first-fit model says, freed holes
 *   included (model_first_fit(), computed just before the call)
 *   every page of every live area maps its own frame (lookup_address),
 *   and the data stored in it is still there: areas share no page
 *   the guard page after every live area is unmapped, and a store to
 *   it faults
 *   vmlist stays sorted and disjoint; run twice, the second run gives
 *   back exactly the pages it took
 * @endverbatim
 *
 * A vfree() that forgets to unmap the last page, an area placed after the
 * last one instead of in the first hole that fits, or a guard page left
 * mapped from the area's previous owner fails here.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "vmalloc_ktest.h"

#define HIDDEN_SLOTS	12
#define HIDDEN_STEPS	90

static u32 *hidden_area[HIDDEN_SLOTS];
static unsigned long hidden_pages[HIDDEN_SLOTS];
static u32 hidden_mark[HIDDEN_SLOTS];
static u32 hidden_seed;

/* Numerical Recipes' LCG; the high bits are the random ones. */
static unsigned int hidden_rand(unsigned int n)
{
	hidden_seed = hidden_seed * 1664525u + 1013904223u;
	return (hidden_seed >> 16) % n;
}

/* Step @p s's size in bytes: 1 to 5 pages, every third one short of whole pages. */
static unsigned long hidden_size(unsigned int s)
{
	unsigned long pages = 1 + (s * 7) % 5;

	return s % 3 ? pages * PAGE_SIZE : pages * PAGE_SIZE - 100;
}

/* The area in slot @p i: mapped, its data intact, its guard page a hole. */
static bool hidden_area_ok(struct ktest *t, unsigned int i)
{
	u32 *p = hidden_area[i];
	char *guard = (char *)p + hidden_pages[i] * PAGE_SIZE;
	unsigned long k;

	for (k = 0; k < hidden_pages[i]; k++) {
		u32 *w = p + k * (PAGE_SIZE / 4);

		if (!KTEST_EXPECT(t, mapped_pfn(w) >= 0) ||
		    !KTEST_EXPECT_EQ(t, mapped_pfn(w),
				     page_to_pfn(vmalloc_to_page(w))) ||
		    !KTEST_EXPECT_EQ(t, *w, hidden_mark[i] ^ (u32)k))
			return false;
	}
	return KTEST_EXPECT_EQ(t, mapped_pfn(guard), -1) &&
	       KTEST_EXPECT_FAULT(t, guard, *guard = 1);
}

/* Slot @p i takes a new area for step @p s; false if it is wrong. */
static bool hidden_alloc(struct ktest *t, unsigned int i, unsigned int s)
{
	unsigned long size = hidden_size(s), k;
	unsigned long want = model_first_fit(PAGE_ALIGN(size) >> PAGE_SHIFT);
	u32 *p = vmalloc(size);

	hidden_area[i] = p;
	if (!KTEST_EXPECT(t, p != NULL) ||
	    !KTEST_EXPECT_EQ(t, (unsigned long)p, want))
		return false;
	hidden_pages[i] = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (!KTEST_EXPECT(t, range_mapped(p, hidden_pages[i])))
		return false;
	hidden_mark[i] = 0x5ca1ab1eu ^ (s << 8) ^ i;
	for (k = 0; k < hidden_pages[i]; k++)
		p[k * (PAGE_SIZE / 4)] = hidden_mark[i] ^ (u32)k;
	return true;
}

static void hidden_free_all(void)
{
	unsigned int i;

	for (i = 0; i < HIDDEN_SLOTS; i++) {
		vfree(hidden_area[i]);
		hidden_area[i] = NULL;
	}
}

/*
 * One run of HIDDEN_STEPS steps, each on a slot picked at random: a free
 * slot takes an area, a busy one gives its area back.  The same seed each
 * run, so both runs make the same calls.  False at the first wrong thing.
 */
static bool hidden_run(struct ktest *t)
{
	unsigned int s, i;

	hidden_seed = 0x5eedu;
	for (s = 0; s < HIDDEN_STEPS; s++) {
		unsigned int slot = hidden_rand(HIDDEN_SLOTS);
		u32 *old = hidden_area[slot];

		if (old) {
			vfree(old);
			hidden_area[slot] = NULL;
			if (!KTEST_EXPECT_EQ(t, mapped_pfn(old), -1))
				return false;
		} else if (!hidden_alloc(t, slot, s)) {
			return false;
		}
		if (s % 9 != 8)
			continue;
		for (i = 0; i < HIDDEN_SLOTS; i++)
			if (hidden_area[i] && !hidden_area_ok(t, i))
				return false;
		if (!EXPECT_VMLIST_OK(t))
			return false;
	}
	return true;
}

KTEST(lab5, hidden, interleaved_first_fit)
{
	unsigned long before;

	ASSERT_VM_READY(t);
	memset(hidden_area, 0, sizeof(hidden_area));
	/* The first run also makes the page tables and kmalloc slabs it needs. */
	if (!hidden_run(t)) {
		hidden_free_all();
		return;
	}
	hidden_free_all();
	before = nr_free_pages();
	if (hidden_run(t)) {
		hidden_free_all();
		KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	} else {
		hidden_free_all();
	}
	EXPECT_VMLIST_OK(t);
}
