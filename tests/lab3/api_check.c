/**
 * @file
 * Lab 3 host suite, steps 3.4, 3.5 and 3.8: which zone a request gets,
 * the API that works with kernel virtual addresses, and every misuse, on
 * the simulated 64 MiB, 1 GiB, 900 MiB and 3 GiB machines, against the
 * bitmap model of tests/lib/buddy_fixture.c.
 *
 * zone: the first zone for each kind of flag, the fallback HighMem ->
 * Normal -> DMA exactly when the first zone reaches pages_low (the host
 * checks the equality the in-kernel tests only bound), and none for
 * GFP_DMA.  gfp: addresses, zeroing, __GFP_HIGHMEM refused with a warning
 * and no page lost.  misuse: each kind of wrong free reported in 2.6.20's
 * words ("Bad page state in process 'swapper'", "page:... flags:...",
 * "Trying to fix it up, but a reboot is needed") with the lists and the
 * model untouched; wrong addresses and orders as warnings; a reference
 * taken with get_page() dropped without freeing.
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

/* ---- zone (3.4) ---------------------------------------------------------- */

START_TEST(test_zone_first_choice)
{
	struct page *dma, *normal, *high;
	bool has_high;

	machine_up(sim_e820_maps[_i]);
	has_high = populated_zone(zone_nr(ZONE_HIGHMEM));
	dma = t_alloc(GFP_DMA, 0);
	normal = t_alloc(GFP_KERNEL, 0);
	high = t_alloc(GFP_HIGHUSER, 0);
	ck_assert(dma && normal && high);
	ck_assert_uint_eq(page_zonenum(dma), ZONE_DMA);
	ck_assert_uint_eq(page_zonenum(normal), ZONE_NORMAL);
	ck_assert_uint_eq(page_zonenum(high), has_high ? ZONE_HIGHMEM : ZONE_NORMAL);
	t_free(dma, 0);
	t_free(normal, 0);
	t_free(high, 0);
	CK_CONSISTENT();
}
END_TEST

/* Drain with @p gfp until order-0 requests leave @p from: they must go to @p to. */
static void check_fallback(gfp_t gfp, enum zone_type from, enum zone_type to)
{
	struct buddy_snapshot before, after;
	struct hoard h;
	struct page *page;

	buddy_snapshot_take(&before);
	hoard_init(&h);
	ck_assert_uint_eq(drain_until_fallback(&h, gfp, from), to);
	ck_assert_uint_eq(zone_nr(from)->free_pages, zone_nr(from)->pages_low);
	ck_assert_uint_eq(h.given_twice, 0);
	list_for_each_entry(page, &h.blocks, lru)
		CK_NO_PROBLEM(model_take(page, (unsigned int)page->index));
	CK_CONSISTENT();
	list_for_each_entry(page, &h.blocks, lru)
		model_give(page, (unsigned int)page->index);
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
}

START_TEST(test_zone_highmem_to_normal_to_dma)
{
	machine_up(sim_e820_maps[_i]);
	if (populated_zone(zone_nr(ZONE_HIGHMEM)))
		check_fallback(GFP_HIGHUSER, ZONE_HIGHMEM, ZONE_NORMAL);
	check_fallback(GFP_KERNEL, ZONE_NORMAL, ZONE_DMA);
}
END_TEST

START_TEST(test_zone_dma_has_no_fallback)
{
	struct hoard h;
	struct page *page;

	machine_up(sim_e820_maps[_i]);
	hoard_init(&h);
	hoard_drain(&h, GFP_DMA, MAX_ORDER - 1);
	list_for_each_entry(page, &h.blocks, lru)
		ck_assert_uint_eq(page_zonenum(page), ZONE_DMA);
	ck_assert_ptr_null(alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
	ck_assert_uint_gt(zone_nr(ZONE_NORMAL)->free_pages, zone_nr(ZONE_NORMAL)->pages_high);
	hoard_free_all(&h);
	CK_CONSISTENT();
}
END_TEST

/* ---- gfp (3.5) ----------------------------------------------------------- */

START_TEST(test_gfp_addresses)
{
	unsigned long addr, dma, zero, i;
	unsigned int w = warn_count;

	machine_up(sim_e820_maps[_i]);
	addr = __get_free_pages(GFP_KERNEL, 3);
	ck_assert_uint_ne(addr, 0);
	ck_assert_uint_eq(addr % (8 * PAGE_SIZE), 0);
	ck_assert(addr >= PAGE_OFFSET && addr < (unsigned long)high_memory);
	ck_assert_int_eq(page_count(virt_to_page(addr)), 1);
	CK_NO_PROBLEM(model_take(virt_to_page(addr), 3));
	memset((void *)addr, 0xa5, 8 * PAGE_SIZE);	/* ASan: it is real memory */
	dma = __get_free_page(GFP_DMA);
	ck_assert(dma && __pa(dma) < MAX_DMA_ADDRESS_PHYS);
	CK_NO_PROBLEM(model_take(virt_to_page(dma), 0));
	model_give(virt_to_page(addr), 3);
	free_pages(addr, 3);
	zero = get_zeroed_page(GFP_KERNEL);		/* likely one of those */
	ck_assert_uint_ne(zero, 0);
	for (i = 0; i < PAGE_SIZE && !((u8 *)zero)[i]; i++)
		;
	ck_assert_uint_eq(i, PAGE_SIZE);
	free_page(zero);
	model_give(virt_to_page(dma), 0);
	free_page(dma);
	free_pages(0, 0);
	ck_assert_uint_eq(warn_count, w);
	CK_CONSISTENT();
}
END_TEST

START_TEST(test_gfp_highmem_refused)
{
	struct buddy_snapshot before, after;
	unsigned int w = warn_count;
	struct page *page;

	machine_up(sim_e820_maps[_i]);
	buddy_snapshot_take(&before);
	sim_console_clear();
	ck_assert_uint_eq(__get_free_pages(GFP_HIGHUSER, 0), 0);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("WARNING: at "));
	ck_assert(sim_console_contains("__GFP_HIGHMEM"));
	ck_assert(sim_console_contains("alloc_pages() and kmap()"));
	ck_assert_uint_eq(get_zeroed_page(__GFP_HIGHMEM), 0);
	ck_assert_uint_eq(warn_count, w + 2);
	/* alloc_pages() and __GFP_ZERO on a high page: no address to clear. */
	ck_assert_ptr_null(alloc_pages(GFP_HIGHUSER | __GFP_ZERO, 0));
	ck_assert_uint_eq(warn_count, w + 3);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	/* alloc_pages() itself takes the flag: a page with no address. */
	page = t_alloc(GFP_HIGHUSER, 0);
	ck_assert_ptr_nonnull(page);
	if (populated_zone(zone_nr(ZONE_HIGHMEM))) {
		ck_assert(PageHighMem(page));
		ck_assert_ptr_null(page_address(page));
	}
	t_free(page, 0);
	CK_CONSISTENT();
}
END_TEST

/* ---- misuse (3.8) -------------------------------------------------------- */

/* @p stmt must say "Bad page state" once and leave the lists alone. */
#define CK_BAD_PAGE(stmt) do {						\
	struct buddy_snapshot __b, __a;					\
	unsigned int __n = bad_page_count;				\
	buddy_snapshot_take(&__b);					\
	sim_console_clear();						\
	stmt;								\
	buddy_snapshot_take(&__a);					\
	ck_assert_msg(bad_page_count == __n + 1, "%s: not reported", #stmt); \
	ck_assert(sim_console_contains("Bad page state in process 'swapper'\n")); \
	ck_assert(sim_console_contains("Trying to fix it up, but a reboot is needed\n")); \
	CK_NO_PROBLEM(buddy_snapshot_diff(&__b, &__a));			\
	CK_CONSISTENT();						\
} while (0)

START_TEST(test_misuse_words)
{
	struct page *page;
	char want[160];

	machine_up(&sim_e820_1g);
	page = t_alloc(GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	page->_mapcount = 0;
	CK_BAD_PAGE(__free_pages(page, 0));
	kernel_snprintf(want, sizeof(want), "page:%p flags:0x%08lx mapping:%p "
			"mapcount:1 count:1\n", (void *)page, page->flags, NULL);
	ck_assert_msg(sim_console_contains(want), "want %s in:\n%s", want,
		      sim_console_text());
	ck_assert(sim_console_contains("Backtrace:\n"));
	page->_mapcount = -1;
	t_free(page, 0);
	CK_CONSISTENT();
}
END_TEST

START_TEST(test_misuse_every_kind)
{
	struct page *page, *a, *b;
	unsigned int w;

	machine_up(sim_e820_maps[_i]);
	page = t_alloc(GFP_KERNEL, 2);
	ck_assert_ptr_nonnull(page);
	CK_BAD_PAGE(__free_pages(page, 1));		/* wrong order */
	CK_BAD_PAGE(__free_pages(page, 3));
	CK_BAD_PAGE(__free_pages(page + 1, 0));		/* a tail page */
	CK_BAD_PAGE(__free_pages(page + 2, 1));
	page[3]._count = 1;				/* a tail someone took */
	CK_BAD_PAGE(__free_pages(page, 2));
	page[3]._count = 0;
	t_free(page, 2);
	CK_BAD_PAGE(__free_pages(page, 2));		/* double free */
	CK_BAD_PAGE(__free_pages(&mem_map[0], 0));	/* reserved */
	CK_BAD_PAGE(__free_pages(&mem_map[SIM_KERNEL_START >> PAGE_SHIFT], 0));
	/* Double free of a block still on its list (its buddy in use). */
	while (zone_nr(ZONE_NORMAL)->free_area[0].nr_free)
		ck_assert_ptr_nonnull(t_alloc(GFP_KERNEL, 0));
	a = t_alloc(GFP_KERNEL, 0);
	b = t_alloc(GFP_KERNEL, 0);
	ck_assert(a && b && page_to_pfn(b) == (page_to_pfn(a) ^ 1));
	t_free(a, 0);
	ck_assert(PageBuddy(a));
	CK_BAD_PAGE(__free_pages(a, 0));
	/* A reference taken with get_page(): the first free only drops it. */
	get_page(b);
	__free_pages(b, 0);
	ck_assert_int_eq(page_count(b), 1);
	t_free(b, 0);
	/* Bad addresses and pointers are the caller's mistake: a warning. */
	w = warn_count;
	free_pages(VMALLOC_START, 0);
	free_pages(PAGE_OFFSET + 0x100010, 0);
	__free_pages(NULL, 0);
	ck_assert_uint_eq(warn_count, w + 3);
	__free_pages(b, MAX_ORDER);			/* no such order */
	ck_assert_uint_eq(warn_count, w + 4);
	ck_assert_ptr_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	ck_assert_uint_eq(warn_count, w + 5);
	ck_assert_ptr_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 5));
	ck_assert_uint_eq(warn_count, w + 5);
	CK_CONSISTENT();
}
END_TEST

/*
 * A block that would run past max_pfn: 64 MiB ends at 0x3ff0, and the last
 * block of RAM is 0x3fe0 (order 4).  Its head claiming order 5 (aligned:
 * 0x3fe0 is a multiple of 32) names 16 frames that do not exist, whose
 * struct pages lie past the end of mem_map: refused before any is read.
 */
START_TEST(test_misuse_block_past_max_pfn)
{
	static struct page *held[1024];
	unsigned int n = 0;
	struct page *last;

	machine_up(&sim_e820_64m);
	ck_assert_uint_eq(max_pfn, 0x3ff0);
	do {
		ck_assert_uint_lt(n, ARRAY_SIZE(held));
		last = held[n++] = t_alloc(GFP_KERNEL, 4);
		ck_assert_ptr_nonnull(last);
	} while (last != &mem_map[0x3fe0]);
	last->private = 5;
	CK_BAD_PAGE(__free_pages(last, 5));
	last->private = 4;
	while (n--)
		t_free(held[n], 4);
	CK_CONSISTENT();
}
END_TEST

/*
 * free_pages() at the two ends of the direct map: PAGE_OFFSET is an
 * address it must take (pfn 0, reserved: "Bad page state", no warning),
 * high_memory one it must not (a warning; on a machine with highmem its
 * page is a free high page, which __free_pages() would call bad).
 */
START_TEST(test_misuse_free_pages_edges)
{
	unsigned int w, n;

	machine_up(sim_e820_maps[_i]);
	w = warn_count;
	CK_BAD_PAGE(free_pages(PAGE_OFFSET, 0));
	ck_assert_uint_eq(warn_count, w);
	n = bad_page_count;
	free_pages((unsigned long)high_memory, 0);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert_uint_eq(bad_page_count, n);
	CK_CONSISTENT();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab3-api");
	TCase *tc;

	tc = tcase_create("zone");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_zone_first_choice, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_zone_highmem_to_normal_to_dma, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_zone_dma_has_no_fallback, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("gfp");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_gfp_addresses, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_gfp_highmem_refused, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("misuse");
	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_misuse_words);
	tcase_add_loop_test(tc, test_misuse_every_kind, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_misuse_block_past_max_pfn);
	tcase_add_loop_test(tc, test_misuse_free_pages_edges, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	return s;
}
