/**
 * @file
 * Lab 3 hidden test: graded, left out of the student handout.
 *
 * The visible merge tests free a dozen blocks in a fixed order.  This one
 * takes a long pseudo-random run of blocks of mixed orders from all three
 * zones, gives half of them back at random, takes more, then gives
 * everything back in a scrambled order, and checks at each stage what a
 * correct buddy allocator guarantees whatever the order of frees:
 *
 * @verbatim
 *   every block it holds is aligned to its order, inside one zone, and
 *   overlaps no other block it holds
 *   buddy_check_heads() finds no broken invariant (nothing left unmerged)
 *   at the end, buddyinfo is exactly what it was at the start, and
 *   buddy_check() finds nothing either
 * @endverbatim
 *
 * A merge that looks only one order up, or a buddy index computed with
 * the wrong order, passes the fixed sequences and fails here.  The
 * generator is a fixed linear congruential one, so every run frees in
 * the same order and a failure repeats.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <kit/ktest.h>
#include "buddy_model.h"

#define HIDDEN_BLOCKS	160
#define HIDDEN_MAX_ORDER 5	/* 32 pages: at most 5120 held at once */

struct hidden_block {
	struct page *page;
	unsigned int order;
};

static struct hidden_block hidden_held[HIDDEN_BLOCKS];
static u32 hidden_seed;

/* Numerical Recipes' LCG; the high bits are the random ones. */
static unsigned int hidden_rand(unsigned int n)
{
	hidden_seed = hidden_seed * 1664525u + 1013904223u;
	return (hidden_seed >> 16) % n;
}

/* Zone modifiers in turn: DMA rarely, so that its 16 MiB never runs low. */
static gfp_t hidden_gfp(void)
{
	unsigned int r = hidden_rand(8);

	return r == 0 ? GFP_DMA : r < 4 ? GFP_HIGHUSER : GFP_KERNEL;
}

/* Fill empty slot @p i; false if the allocator said no. */
static bool hidden_take(unsigned int i)
{
	unsigned int order = hidden_rand(HIDDEN_MAX_ORDER + 1);

	hidden_held[i].page = alloc_pages(hidden_gfp() | __GFP_NOWARN, order);
	hidden_held[i].order = order;
	return hidden_held[i].page != NULL;
}

static void hidden_give_back(unsigned int i)
{
	if (hidden_held[i].page)
		__free_pages(hidden_held[i].page, hidden_held[i].order);
	hidden_held[i].page = NULL;
}

/* The first held block misplaced or overlapping another, or -1. */
static int hidden_misplaced(void)
{
	unsigned int i, j;

	for (i = 0; i < HIDDEN_BLOCKS; i++) {
		struct page *p = hidden_held[i].page;
		unsigned long pfn, n;

		if (!p)
			continue;
		pfn = page_to_pfn(p);
		n = 1UL << hidden_held[i].order;
		if ((pfn & (n - 1)) || !zone_spans_pfn(page_zone(p), pfn + n - 1) ||
		    page_count(p) != 1)
			return i;
		for (j = 0; j < i; j++) {
			unsigned long q, m;

			if (!hidden_held[j].page)
				continue;
			q = page_to_pfn(hidden_held[j].page);
			m = 1UL << hidden_held[j].order;
			if (pfn < q + m && q < pfn + n)
				return i;
		}
	}
	return -1;
}

static void hidden_give_all_back(void)
{
	unsigned int i;

	for (i = 0; i < HIDDEN_BLOCKS; i++)
		hidden_give_back(i);
}

KTEST(lab3, hidden, random_frees_merge_back)
{
	struct buddy_snapshot before, after;
	unsigned int i, taken = 0;
	bool ok = true;

	ASSERT_BUDDY_HAS_PAGES(t);
	hidden_seed = 0x1abcu;
	for (i = 0; i < HIDDEN_BLOCKS; i++)
		hidden_held[i].page = NULL;
	buddy_snapshot_take(&before);

	/* Round 1: every slot filled. */
	for (i = 0; i < HIDDEN_BLOCKS && ok; i++)
		ok = KTEST_EXPECT(t, hidden_take(i));
	ok = ok && KTEST_EXPECT_EQ(t, hidden_misplaced(), -1);
	/* Round 2: a random half given back, checked, then refilled. */
	for (i = 0; i < HIDDEN_BLOCKS && ok; i++)
		if (hidden_rand(2))
			hidden_give_back(i);
	ok = ok && EXPECT_NO_PROBLEM(t, buddy_check_heads());
	for (i = 0; i < HIDDEN_BLOCKS && ok; i++)
		if (!hidden_held[i].page) {
			ok = KTEST_EXPECT(t, hidden_take(i));
			taken++;
		}
	ok = ok && KTEST_EXPECT(t, taken > HIDDEN_BLOCKS / 4) &&
	     KTEST_EXPECT_EQ(t, hidden_misplaced(), -1);
	/* Round 3: everything back, in a scrambled order (37 is coprime with
	 * 160), the lists checked each quarter of the way; after the last
	 * quarter all is back, which the checks after the loop cover, the
	 * pages inside the free blocks too. */
	for (i = 0; i < HIDDEN_BLOCKS; i++) {
		hidden_give_back((i * 37 + 11) % HIDDEN_BLOCKS);
		if (ok && i % 40 == 39 && i < HIDDEN_BLOCKS - 1)
			ok = EXPECT_NO_PROBLEM(t, buddy_check_heads());
	}
	hidden_give_all_back();
	buddy_snapshot_take(&after);
	EXPECT_NO_PROBLEM(t, buddy_snapshot_diff(&before, &after));
	EXPECT_NO_PROBLEM(t, buddy_check());
}
