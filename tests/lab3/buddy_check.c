/**
 * @file
 * Lab 3 host suite, steps 3.1 to 3.3: mem_init(), merging, splitting and
 * alignment, on the simulated 64 MiB, 1 GiB, 900 MiB and 3 GiB machines,
 * against the bitmap model of tests/lib/buddy_fixture.c.
 *
 * Beyond what the in-kernel tests can see, this suite checks:
 *
 *  - the hand-over block by block: the free lists after mem_init() hold
 *    exactly the blocks a greedy cut of memblock's free ranges gives
 *    (computed here with bit tricks, not loops over orders), which is the
 *    fully merged layout;
 *  - the boot log, word for word: the "Memory:" line, with its numbers
 *    derived from the model, and the "virtual kernel memory layout:"
 *    block for 1 GiB and 64 MiB;
 *  - blocks never merge across a zone boundary (ZONE_DMA moved to end at
 *    pfn 4099) nor read past mem_map (AddressSanitizer watches its end);
 *  - two deliberate faults, proving that the model and the invariant
 *    checker notice a lost frame and an unmerged pair.
 *
 * Zones, the address API and misuse are in api_check.c; the random
 * sequences, watermarks and exhaustion in pressure_check.c.
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/sections.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

/* ---- meminit (3.1, 3.2) -------------------------------------------------- */

START_TEST(test_meminit_hands_over_every_frame)
{
	unsigned long free = 0, high = 0, pfn;
	unsigned long reserved = 0, first_reserved = 0;

	machine_up(sim_e820_maps[_i]);
	for (pfn = 0; pfn < max_pfn; pfn++)	/* no ck_assert in here: each one is a write() */
		if (model_test(pfn)) {
			free++;
			high += pfn >= max_low_pfn;
			if (PageReserved(&mem_map[pfn]) && !reserved++)
				first_reserved = pfn;
		}
	ck_assert_msg(!reserved, "%lu free frames still reserved, the first %#lx",
		      reserved, first_reserved);
	ck_assert_uint_eq(totalram_pages, free);
	ck_assert_uint_eq(totalhigh_pages, high);
	ck_assert_uint_eq(nr_free_pages(), free);
	CK_CONSISTENT();
	CK_NO_PROBLEM(blocks_problem());
}
END_TEST

START_TEST(test_meminit_reserved_frames_stay)
{
	machine_up(sim_e820_maps[_i]);
	ck_assert(PageReserved(&mem_map[0]));			/* first MiB */
	ck_assert(PageReserved(&mem_map[0xff]));
	ck_assert(PageReserved(&mem_map[SIM_KERNEL_START >> PAGE_SHIFT]));	/* image */
	ck_assert(PageReserved(&mem_map[(SIM_KERNEL_END >> PAGE_SHIFT) - 1]));
	ck_assert(!PageReserved(&mem_map[SIM_KERNEL_END >> PAGE_SHIFT]));
	ck_assert_int_eq(mem_map[SIM_KERNEL_END >> PAGE_SHIFT]._mapcount, -1);
	ck_assert_int_eq(mem_map[SIM_KERNEL_END >> PAGE_SHIFT]._count, 0);
}
END_TEST

START_TEST(test_meminit_memory_line)
{
	machine_up(sim_e820_maps[_i]);
	CK_MEMORY_LINE_PRINTED();
}
END_TEST

START_TEST(test_meminit_layout_1g)
{
	char sections[256];

	machine_up(&sim_e820_1g);
	ck_assert_msg(sim_console_contains(
		"Memory: ") && sim_console_contains("k/1048512k available (") &&
		sim_console_contains(", 131008k highmem)\n"), "%s", sim_console_text());
	ck_assert_msg(sim_console_contains(
		"virtual kernel memory layout:\n"
		"    fixmap  : 0xfffea000 - 0xfffff000   (  84 kB)\n"
		"    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)\n"
		"    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)\n"
		"    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)\n"),
		"%s", sim_console_text());
	expected_sections(sections, sizeof(sections));
	ck_assert_msg(sim_console_contains(sections), "want:\n%s\nin:\n%s", sections,
		      sim_console_text());
}
END_TEST

START_TEST(test_meminit_layout_64m)
{
	machine_up(&sim_e820_64m);
	ck_assert_msg(sim_console_contains("k/65472k available (") &&
		      sim_console_contains(", 0k highmem)\n"), "%s", sim_console_text());
	ck_assert_msg(sim_console_contains(
		"    vmalloc : 0xc4800000 - 0xff7fe000   ( 943 MB)\n"
		"    lowmem  : 0xc0000000 - 0xc3ff0000   (  63 MB)\n"),
		"%s", sim_console_text());
	ck_assert_uint_eq(totalhigh_pages, 0);
}
END_TEST

/* ---- merge (3.1) --------------------------------------------------------- */

START_TEST(test_merge_undoes_every_split)
{
	struct buddy_snapshot before, after;
	unsigned int o;

	machine_up(sim_e820_maps[_i]);
	for (o = 0; o < MAX_ORDER; o++) {
		gfp_t gfps[] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER };
		unsigned int g;

		for (g = 0; g < ARRAY_SIZE(gfps); g++) {
			struct page *page;

			buddy_snapshot_take(&before);
			page = t_alloc(gfps[g], o);
			ck_assert_ptr_nonnull(page);
			t_free(page, o);
			buddy_snapshot_take(&after);
			CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
		}
	}
	CK_CONSISTENT();
}
END_TEST

/* Free a run of single pages in an order that forces every kind of merge. */
START_TEST(test_merge_any_order_of_frees)
{
	static struct page *pages[4096];
	struct buddy_snapshot before, after;
	unsigned int i, n = 0, stride;

	machine_up(sim_e820_maps[_i]);
	buddy_snapshot_take(&before);
	while (n < ARRAY_SIZE(pages) && (pages[n] = t_alloc(GFP_KERNEL, 0)))
		n++;
	ck_assert_uint_eq(n, ARRAY_SIZE(pages));
	/* Strides 7, 5, 3, 2, 1 over the array: buddies come back far apart. */
	for (stride = 7; stride; stride = stride > 3 ? stride - 2 : stride - 1) {
		for (i = 0; i < n; i += stride)
			if (pages[i]) {
				t_free(pages[i], 0);
				pages[i] = NULL;
			}
		CK_CONSISTENT();
	}
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
}
END_TEST

/*
 * ZONE_DMA made to end at pfn 0x1003: frames 0x1002 (DMA) and 0x1003
 * (Normal) are buddies by number, both free, and must stay two blocks.
 */
START_TEST(test_merge_stops_at_zone_boundary)
{
	const unsigned long edge = DMA_END_PFN + 3;
	struct page *page;

	machine_up_dma(&sim_e820_1g, edge);
	CK_CONSISTENT();
	ck_assert(PageBuddy(&mem_map[edge - 1]) && page_order(&mem_map[edge - 1]) == 0);
	ck_assert(PageBuddy(&mem_map[edge]) && page_order(&mem_map[edge]) == 0);
	/* DMA's only single page, taken and given back next to a free buddy. */
	page = t_alloc(GFP_DMA, 0);
	ck_assert_ptr_eq(page, &mem_map[edge - 1]);
	t_free(page, 0);
	ck_assert(PageBuddy(&mem_map[edge - 1]) && page_order(&mem_map[edge - 1]) == 0);
	ck_assert(PageBuddy(&mem_map[edge]) && page_order(&mem_map[edge]) == 0);
	CK_CONSISTENT();
}
END_TEST

/*
 * 64 MiB: the last block of RAM, 0x3fe0 (order 4), has its buddy at 0x3ff0
 * = max_pfn, past the end of mem_map (ASan would stop a look there).
 */
START_TEST(test_merge_last_block_of_ram)
{
	struct hoard h;
	struct page *page;

	machine_up(&sim_e820_64m);
	ck_assert_uint_eq(max_pfn, 0x3ff0);
	ck_assert(PageBuddy(&mem_map[0x3fe0]) && page_order(&mem_map[0x3fe0]) == 4);
	hoard_init(&h);
	do {
		page = hoard_alloc(&h, GFP_KERNEL, 4);
		ck_assert_ptr_nonnull(page);
	} while (page != &mem_map[0x3fe0]);
	hoard_free_all(&h);		/* 0x3fe0 comes back, and looks for 0x3ff0 */
	ck_assert(PageBuddy(&mem_map[0x3fe0]) && page_order(&mem_map[0x3fe0]) == 4);
	CK_CONSISTENT();
}
END_TEST

/* ---- split (3.3) --------------------------------------------------------- */

/* Order @p want when every list below @p k is empty: halves at want .. k-1. */
START_TEST(test_split_exact)
{
	struct buddy_snapshot before, after;
	struct zone *normal;
	struct page *page, *held[64];
	unsigned int want = (unsigned int)_i, nheld = 0, k, o;

	machine_up(&sim_e820_1g);
	normal = zone_nr(ZONE_NORMAL);
	for (o = 0; o <= want; o++)
		while (normal->free_area[o].nr_free) {
			ck_assert_uint_lt(nheld, ARRAY_SIZE(held));
			held[nheld] = t_alloc(GFP_KERNEL, o);
			ck_assert_ptr_nonnull(held[nheld]);
			held[nheld++]->index = o;
		}
	for (k = want + 1; !normal->free_area[k].nr_free; k++)
		ck_assert_uint_lt(k, MAX_ORDER - 1);
	buddy_snapshot_take(&before);
	page = t_alloc(GFP_KERNEL, want);
	buddy_snapshot_take(&after);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(page_to_pfn(page) % (1UL << k), 0);
	ck_assert_uint_eq(after.nr_free[ZONE_NORMAL][k], before.nr_free[ZONE_NORMAL][k] - 1);
	for (o = want; o < k; o++) {
		ck_assert_uint_eq(after.nr_free[ZONE_NORMAL][o], 1);
		ck_assert(PageBuddy(page + (1UL << o)) && page_order(page + (1UL << o)) == o);
	}
	ck_assert_uint_eq(after.free_pages[ZONE_NORMAL],
			  before.free_pages[ZONE_NORMAL] - (1UL << want));
	ck_assert_int_eq(page_count(page), 1);
	ck_assert(!PageBuddy(page));
	CK_CONSISTENT();
	t_free(page, want);
	while (nheld--)
		t_free(held[nheld], (unsigned int)held[nheld]->index);
	CK_CONSISTENT();
}
END_TEST

/* Normal holds only order-10 blocks here; the second order-2 request must
 * take the order-2 half the first one left, not split another block. */
START_TEST(test_split_smallest_fit_first)
{
	struct page *first, *second;
	struct zone *normal;
	unsigned long big;

	machine_up(&sim_e820_1g);
	normal = zone_nr(ZONE_NORMAL);
	ck_assert_uint_eq(normal->free_area[2].nr_free, 0);
	first = t_alloc(GFP_KERNEL, 2);
	ck_assert_ptr_nonnull(first);
	ck_assert_uint_eq(normal->free_area[2].nr_free, 1);
	big = blocks_at_least(ZONE_NORMAL, 3);
	second = t_alloc(GFP_KERNEL, 2);
	ck_assert_ptr_eq(second, first + 4);
	ck_assert_uint_eq(normal->free_area[2].nr_free, 0);
	ck_assert_uint_eq(blocks_at_least(ZONE_NORMAL, 3), big);
	t_free(first, 2);
	t_free(second, 2);
	CK_CONSISTENT();
}
END_TEST

/* ---- align (3.3) --------------------------------------------------------- */

START_TEST(test_align_every_order_every_zone)
{
	const gfp_t gfps[] = { GFP_DMA, GFP_KERNEL, GFP_HIGHUSER };
	unsigned int g, o;

	machine_up(sim_e820_maps[_i]);
	for (g = 0; g < ARRAY_SIZE(gfps); g++)
		for (o = 0; o < MAX_ORDER; o++) {
			struct page *page = t_alloc(gfps[g], o);
			unsigned long pfn, i;

			ck_assert_ptr_nonnull(page);
			pfn = page_to_pfn(page);
			ck_assert_msg(pfn % (1UL << o) == 0, "order %u at pfn %#lx", o, pfn);
			ck_assert(zone_spans_pfn(page_zone(page), pfn + (1UL << o) - 1));
			ck_assert_int_eq(page_count(page), 1);
			for (i = 1; i < (1UL << o) && !page_count(page + i); i++)
				;
			ck_assert_uint_eq(i, 1UL << o);
			t_free(page, o);
		}
	CK_CONSISTENT();
}
END_TEST

/* ---- the checkers themselves --------------------------------------------- */

/* Deliberate fault 1: the model forgets a free frame; the comparison notices. */
START_TEST(test_model_catches_a_lost_frame)
{
	unsigned long pfn = SIM_KERNEL_END >> PAGE_SHIFT;

	machine_up(&sim_e820_1g);
	CK_NO_PROBLEM(model_compare());
	ck_assert(model_test(pfn));
	model_set(pfn, false);
	ck_assert_ptr_nonnull(model_compare());
	ck_assert(strstr(model_compare(), "frame 0x300"));
}
END_TEST

/* Deliberate fault 2: an order-1 block split by hand into two free halves. */
START_TEST(test_checker_catches_unmerged_buddies)
{
	struct zone *normal;
	struct page *page;

	machine_up(&sim_e820_1g);
	normal = zone_nr(ZONE_NORMAL);
	page = t_alloc(GFP_KERNEL, 1);		/* its buddy is free at order 1 */
	ck_assert_ptr_nonnull(page);
	CK_NO_PROBLEM(buddy_check());
	/* Put the two pages back as two order-0 blocks, behind the allocator's back. */
	page[0].private = page[1].private = 0;
	SetPageBuddy(&page[0]);
	SetPageBuddy(&page[1]);
	set_page_count(page, 0);
	list_add(&page[0].lru, &normal->free_area[0].free_list);
	list_add(&page[1].lru, &normal->free_area[0].free_list);
	normal->free_area[0].nr_free += 2;
	normal->free_pages += 2;
	ck_assert_ptr_nonnull(buddy_check());
	ck_assert(strstr(buddy_check(), "not merged"));
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab3-buddy");
	TCase *tc;

	tc = tcase_create("meminit");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_meminit_hands_over_every_frame, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_meminit_reserved_frames_stay, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_meminit_memory_line, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_meminit_layout_1g);
	tcase_add_test(tc, test_meminit_layout_64m);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_merge_undoes_every_split, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_merge_any_order_of_frees, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_merge_stops_at_zone_boundary);
	tcase_add_test(tc, test_merge_last_block_of_ram);
	suite_add_tcase(s, tc);

	tc = tcase_create("split");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_split_exact, 0, MAX_ORDER - 1);
	tcase_add_test(tc, test_split_smallest_fit_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("align");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_align_every_order_every_zone, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("model");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_model_catches_a_lost_frame);
	tcase_add_test(tc, test_checker_catches_unmerged_buddies);
	suite_add_tcase(s, tc);
	return s;
}
