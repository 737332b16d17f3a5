/**
 * @file
 * Lab 3 host suite, steps 3.6 and 3.7 and the whole allocator under
 * pressure: watermarks, exhaustion, fragmentation, and long random
 * sequences against the bitmap model of tests/lib/buddy_fixture.c.
 *
 * Watermarks: the 1 GiB numbers written out by hand (min_free_kbytes 3830;
 * DMA 16/20/24, Normal 940/1175/1410, HighMem 32/66/100), the formula
 * recomputed in floating point on every machine, zone_watermark_ok()'s
 * rules one by one, and the floors: GFP_KERNEL stops at pages_min,
 * __GFP_HIGH at half of it, GFP_ATOMIC at 3/8 of it.
 *
 * Random: 20000 steps per machine from a fixed seed, each an allocation
 * (order 0-10, biased small, of a random zone modifier and urgency) or
 * the free of a random block held; after each step the model takes or
 * gives the frames (t_alloc() checks that every frame of a block it gets
 * was free), and every 2000 steps the lists are checked against
 * it whole: a lost or doubled block stays lost, so a later check still
 * sees it, and each whole check reads every page of the machine twice.
 * At the end everything is freed and the lists must be exactly as
 * mem_init() left them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

/* ---- watermark (3.6, 3.7) ------------------------------------------------ */

START_TEST(test_watermark_numbers_1g)
{
	static const unsigned long want[MAX_NR_ZONES][3] = {
		{ 16, 20, 24 }, { 940, 1175, 1410 }, { 32, 66, 100 },
	};
	int z;

	machine_up(&sim_e820_1g);
	ck_assert_int_eq(min_free_kbytes, 3830);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		ck_assert_uint_eq(zone_nr(z)->pages_min, want[z][0]);
		ck_assert_uint_eq(zone_nr(z)->pages_low, want[z][1]);
		ck_assert_uint_eq(zone_nr(z)->pages_high, want[z][2]);
	}
}
END_TEST

/* The same formulas in floating point, on every machine. */
START_TEST(test_watermark_formula)
{
	double lowmem = 0, pages;
	int z, kb;

	machine_up(sim_e820_maps[_i]);
	for (z = 0; z < MAX_NR_ZONES; z++)
		if (z != ZONE_HIGHMEM)
			lowmem += zone_nr(z)->present_pages;
	kb = (int)floor(sqrt(lowmem * 4 * 16));
	kb = kb < 128 ? 128 : kb > 65536 ? 65536 : kb;
	ck_assert_int_eq(min_free_kbytes, kb);
	pages = kb / 4;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = zone_nr(z);
		unsigned long share = (unsigned long)floor(pages * zone->present_pages / lowmem);
		unsigned long min = share;

		if (!populated_zone(zone))
			continue;
		if (z == ZONE_HIGHMEM)
			min = (unsigned long)fmin(fmax(zone->present_pages / 1024, 32), 128);
		ck_assert_uint_eq(zone->pages_min, min);
		ck_assert_uint_eq(zone->pages_low, min + share / 4);
		ck_assert_uint_eq(zone->pages_high, min + share / 2);
	}
}
END_TEST

/*
 * HighMem's pages_min is present / 1024 held to [32, 128], at the edges of
 * the clamp and of the division: no E820 map of the suite has a highmem
 * zone whose size lands there, so the test sets present_pages itself and
 * sizes the marks again.  40920 = 1023 * 40 (a divisor of 1023 gives 39)
 * and 40960 = 1024 * 40 (1025 gives 39) tell the division apart.
 */
START_TEST(test_watermark_highmem_clamp)
{
	static const unsigned long cases[][2] = {
		{ 1024 * 32 - 1, 32 }, { 1024 * 32, 32 }, { 1024 * 33, 33 },
		{ 1023 * 41, 40 }, { 1024 * 40, 40 }, { 1024 * 128, 128 },
		{ 1024 * 129, 128 }, { 1024 * 1000, 128 },
	};
	struct zone *high;
	unsigned int i;

	machine_up(&sim_e820_1g);
	high = zone_nr(ZONE_HIGHMEM);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		high->present_pages = cases[i][0];
		setup_per_zone_pages_min();
		ck_assert_msg(high->pages_min == cases[i][1],
			      "present %lu: pages_min %lu, want %lu", cases[i][0],
			      high->pages_min, cases[i][1]);
		/* The low zones do not see HighMem's size. */
		ck_assert_uint_eq(zone_nr(ZONE_NORMAL)->pages_min, 940);
	}
}
END_TEST

/*
 * The subtractions go below zero: an order bigger than what is free, or
 * bigger blocks than there are.  In unsigned arithmetic both would wrap to
 * a huge number of free pages and pass any mark.
 */
START_TEST(test_watermark_signed)
{
	struct zone z;

	memset(&z, 0, sizeof(z));
	z.free_pages = 100;
	ck_assert(!zone_watermark_ok(&z, 10, 0, 0));	/* 100 - 1024 + 1 < 0 */
	ck_assert(!zone_watermark_ok(&z, 7, 0, ALLOC_HIGH | ALLOC_HARDER));
	z.free_pages = 3000;
	z.free_area[0].nr_free = 3000;		/* all of it single pages */
	ck_assert(!zone_watermark_ok(&z, 2, 0, 0));	/* 2997 - 3000 = -3 */
}
END_TEST

START_TEST(test_watermark_check_rules)
{
	struct zone z;

	memset(&z, 0, sizeof(z));
	z.free_pages = 100;
	ck_assert(zone_watermark_ok(&z, 0, 99, 0));
	ck_assert(!zone_watermark_ok(&z, 0, 100, 0));
	ck_assert(zone_watermark_ok(&z, 0, 0, 0));
	ck_assert(zone_watermark_ok(&z, 0, 150, ALLOC_HIGH));		/* 75 */
	ck_assert(!zone_watermark_ok(&z, 0, 200, ALLOC_HIGH));		/* 100 */
	ck_assert(zone_watermark_ok(&z, 0, 132, ALLOC_HARDER));	/* 132 - 33 = 99 */
	ck_assert(!zone_watermark_ok(&z, 0, 133, ALLOC_HARDER));	/* 133 - 33 = 100 */
	ck_assert(zone_watermark_ok(&z, 0, 240, ALLOC_HIGH | ALLOC_HARDER));	/* 90 */
	ck_assert(!zone_watermark_ok(&z, 0, 270, ALLOC_HIGH | ALLOC_HARDER));	/* 102 */
	/* Order 5 out of 100 free pages: 100 - 32 + 1 = 69 must stay above. */
	ck_assert(zone_watermark_ok(&z, 5, 68, 0));
	ck_assert(!zone_watermark_ok(&z, 5, 69, 0));
	/* 90 free pages are single pages, 10 are in order-1 blocks. */
	z.free_area[0].nr_free = 90;
	z.free_area[1].nr_free = 5;
	ck_assert(zone_watermark_ok(&z, 1, 16, 0));	/* 99 - 90 = 9 > 16 / 2 */
	ck_assert(!zone_watermark_ok(&z, 1, 18, 0));	/* 9 <= 18 / 2 */
	ck_assert(zone_watermark_ok(&z, 1, 16, ALLOC_HARDER));	/* 12: 9 > 6 */
}
END_TEST

/* Drain ZONE_DMA with order-0 requests of @p gfp; return what is left. */
static unsigned long dma_floor(struct hoard *h, gfp_t gfp)
{
	hoard_drain(h, GFP_DMA | gfp, MAX_ORDER - 1);
	return zone_nr(ZONE_DMA)->free_pages;
}

START_TEST(test_watermark_floors)
{
	struct buddy_snapshot before, after;
	struct zone *dma;
	unsigned long min, high, atomic;
	struct hoard h;

	machine_up(sim_e820_maps[_i]);
	dma = zone_nr(ZONE_DMA);
	min = dma->pages_min;
	high = min - min / 2;
	atomic = high - high / 4;
	ck_assert_uint_gt(atomic, 0);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	ck_assert_uint_eq(dma_floor(&h, GFP_KERNEL), min);
	ck_assert_uint_eq(dma_floor(&h, GFP_NOIO), min);		/* may sleep: no deeper */
	ck_assert_uint_eq(dma_floor(&h, __GFP_HIGH | __GFP_WAIT), high);
	ck_assert_uint_eq(dma_floor(&h, GFP_ATOMIC), atomic);
	ck_assert_ptr_null(alloc_pages(GFP_DMA | GFP_ATOMIC | __GFP_NOWARN, 0));
	ck_assert_uint_eq(h.given_twice, 0);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
}
END_TEST

/* A failed allocation says so in Linux's words, unless __GFP_NOWARN. */
START_TEST(test_watermark_failure_report)
{
	struct hoard h;

	machine_up(&sim_e820_64m);
	hoard_init(&h);
	hoard_drain(&h, GFP_DMA | GFP_ATOMIC, MAX_ORDER - 1);
	sim_console_clear();
	ck_assert_ptr_null(alloc_pages(GFP_DMA | GFP_ATOMIC, 0));
	ck_assert_msg(sim_console_contains("swapper: page allocation failure. order:0, "
					   "mode:0x21\n"), "%s", sim_console_text());
	sim_console_clear();
	ck_assert_ptr_null(alloc_pages(GFP_DMA | GFP_ATOMIC | __GFP_NOWARN, 0));
	ck_assert_str_eq(sim_console_text(), "");
	hoard_free_all(&h);
	CK_CONSISTENT();
}
END_TEST

/* ---- stress -------------------------------------------------------------- */

/* Hold every block of @p h in the model too (the hoards bypass t_alloc()). */
static void model_take_hoard(struct hoard *h)
{
	struct page *page;

	list_for_each_entry(page, &h->blocks, lru)
		CK_NO_PROBLEM(model_take(page, (unsigned int)page->index));
}

static void model_give_hoard(struct hoard *h)
{
	struct page *page;

	list_for_each_entry(page, &h->blocks, lru)
		model_give(page, (unsigned int)page->index);
}

START_TEST(test_stress_exhaust_and_recover)
{
	struct buddy_snapshot before, after;
	unsigned long total;
	struct hoard h;
	struct page *page;
	int z;

	machine_up(sim_e820_maps[_i]);
	buddy_snapshot_take(&before);
	total = nr_free_pages();
	hoard_init(&h);
	hoard_drain(&h, GFP_KERNEL, MAX_ORDER - 1);
	list_for_each_entry(page, &h.blocks, lru)
		ck_assert(!PageHighMem(page));
	hoard_drain(&h, GFP_HIGHUSER, MAX_ORDER - 1);
	hoard_drain(&h, GFP_ATOMIC, MAX_ORDER - 1);
	ck_assert_ptr_null(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0));
	ck_assert_uint_eq(h.given_twice, 0);
	ck_assert_uint_eq(h.nr_pages + nr_free_pages(), total);
	for (z = 0; z < MAX_NR_ZONES; z++)
		ck_assert_uint_le(zone_nr(z)->free_pages, zone_nr(z)->pages_min);
	model_take_hoard(&h);
	CK_CONSISTENT();
	model_give_hoard(&h);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
}
END_TEST

START_TEST(test_stress_fragmentation)
{
	struct buddy_snapshot before, held, holey, after;
	struct page *page, *next;
	unsigned long freed = 0, i;
	struct hoard h;
	unsigned int o;

	machine_up(sim_e820_maps[_i]);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	for (i = 0; i < 4096; i++)
		ck_assert_ptr_nonnull(hoard_alloc(&h, GFP_KERNEL, 0));
	buddy_snapshot_take(&held);
	list_for_each_entry_safe(page, next, &h.blocks, lru)
		if ((page_to_pfn(page) & 1) && hoarded(page - 1)) {
			hoard_free(&h, page);
			freed++;
		}
	buddy_snapshot_take(&holey);
	ck_assert_uint_eq(freed, 2048);
	ck_assert_uint_eq(holey.nr_free[ZONE_NORMAL][0], held.nr_free[ZONE_NORMAL][0] + freed);
	for (o = 1; o < MAX_ORDER; o++)
		ck_assert_uint_eq(holey.nr_free[ZONE_NORMAL][o], held.nr_free[ZONE_NORMAL][o]);
	/* 2048 free pages, and an order-1 request cannot use one of them. */
	page = alloc_pages(GFP_KERNEL, 1);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(zone_nr(ZONE_NORMAL)->free_area[0].nr_free,
			  holey.nr_free[ZONE_NORMAL][0]);
	__free_pages(page, 1);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
}
END_TEST

static u64 rng;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define RANDOM_STEPS 20000
#define MAX_HELD     4096

START_TEST(test_stress_random_against_model)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER, GFP_ATOMIC,
				      GFP_DMA | GFP_ATOMIC, GFP_NOIO };
	static struct page *held[MAX_HELD];
	static unsigned int held_order[MAX_HELD];
	struct buddy_snapshot before, after;
	unsigned int n = 0, step, allocs = 0, fails = 0;

	machine_up(sim_e820_maps[_i]);
	rng = 0x9e3779b97f4a7c15ULL + _i;
	buddy_snapshot_take(&before);
	for (step = 0; step < RANDOM_STEPS; step++) {
		bool alloc = n == 0 || (n < MAX_HELD && rnd() % 100 < 55);

		if (alloc) {
			/* Orders 0-10, each half as likely as the one below. */
			unsigned int order = (unsigned int)__builtin_ctzll(rnd() | (1ULL << 10));
			gfp_t gfp = gfps[rnd() % ARRAY_SIZE(gfps)] | __GFP_NOWARN;
			struct page *page = t_alloc(gfp, order);

			allocs++;
			if (!page) {
				fails++;
				continue;
			}
			ck_assert_uint_eq(page_to_pfn(page) % (1UL << order), 0);
			ck_assert(!(gfp & __GFP_DMA) || page_zonenum(page) == ZONE_DMA);
			ck_assert((gfp & __GFP_HIGHMEM) || !PageHighMem(page));
			held[n] = page;
			held_order[n++] = order;
		} else {
			unsigned int k = (unsigned int)(rnd() % n);

			t_free(held[k], held_order[k]);
			held[k] = held[--n];
			held_order[k] = held_order[n];
		}
		if (step % 2000 == 0)
			CK_CONSISTENT();
	}
	ck_assert_uint_gt(allocs - fails, RANDOM_STEPS / 3);
	CK_CONSISTENT();
	while (n--)
		t_free(held[n], held_order[n]);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
	ck_assert_uint_eq(nr_free_pages(), totalram_pages);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab3-pressure");
	TCase *tc;

	tc = tcase_create("watermark");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_watermark_numbers_1g);
	tcase_add_loop_test(tc, test_watermark_formula, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_watermark_highmem_clamp);
	tcase_add_test(tc, test_watermark_signed);
	tcase_add_test(tc, test_watermark_check_rules);
	tcase_add_loop_test(tc, test_watermark_floors, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_watermark_failure_report);
	suite_add_tcase(s, tc);

	tc = tcase_create("stress");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_stress_exhaust_and_recover, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_stress_fragmentation, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_stress_random_against_model, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);
	return s;
}
