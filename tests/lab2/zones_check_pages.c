/**
 * @file
 * Lab 2 host suite "zones", steps 2.5 and 2.6: every struct page against
 * the model (zones_check.c describes it), lowmem_page_address(), and
 * zone_sizes_init()'s misuse.  Part of the zones_check program
 * (zones_check.c has the fixture and the suite).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include "sim/sim.h"
#include "zones_check.h"

/* ---- 2.5 struct pages -------------------------------------------------------------- */

START_TEST(test_pages_model)
{
	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	EXPECT_PAGES_MATCH_MODEL();
}
END_TEST

START_TEST(test_pages_checker_catches_a_wrong_zone)
{
	const char *why = NULL;

	boot(SIM_E820_1G);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	/* The deliberate fault: the first Normal page claims to be DMA. */
	set_page_zone(&mem_map[4096], ZONE_DMA);
	ck_assert_uint_eq(first_bad_page(&why), 4096);
	ck_assert_str_eq(why, "wrong zone");
	ck_assert_ptr_eq(page_zone(&mem_map[4096]), &contig_page_data.node_zones[ZONE_DMA]);
}
END_TEST

START_TEST(test_pages_mem_map_frames)
{
	unsigned long first, last, pfn;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	first = __pa(mem_map) / 4096;
	last = (__pa(mem_map + max_pfn) - 1) / 4096;
	for (pfn = first; pfn <= last; pfn++) {
		ck_assert(memblock_is_reserved(PFN_PHYS(pfn), 4096));
		ck_assert(PageReserved(pfn_to_page(pfn)));
		ck_assert_int_eq(page_zonenum(pfn_to_page(pfn)), ZONE_NORMAL);
	}
	ck_assert_ptr_eq(virt_to_page(mem_map), pfn_to_page(first));
	ck_assert_ptr_eq(virt_to_page(mem_map + max_pfn - 1), pfn_to_page(last));
}
END_TEST

/*
 * Every struct page is written, and nothing after the last: the bytes
 * from &mem_map[max_pfn] to the end of mem_map's last frame are the rest
 * of memblock's zeroed allocation, and stay zero.  A loop that runs one
 * frame past a zone writes there for the last zone (or the empty HighMem
 * of 64 MiB).
 */
START_TEST(test_pages_nothing_past_mem_map)
{
	const unsigned char *p, *end;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	p = (const unsigned char *)(mem_map + max_pfn);
	end = (const unsigned char *)PAGE_ALIGN((unsigned long)p);
	ck_assert_uint_ge(end - p, sizeof(struct page));
	for (; p < end; p++)
		if (*p)
			ck_abort_msg("byte %zu after mem_map[max_pfn] is %#x",
				     (size_t)(p - (const unsigned char *)(mem_map + max_pfn)), *p);
}
END_TEST

START_TEST(test_pages_zone_edges)
{
	const struct zone *zones = contig_page_data.node_zones;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_ptr_eq(page_zone(pfn_to_page(DMA_PFNS - 1)), &zones[ZONE_DMA]);
	ck_assert_ptr_eq(page_zone(pfn_to_page(DMA_PFNS)), &zones[ZONE_NORMAL]);
	ck_assert(!PageHighMem(pfn_to_page(max_low_pfn - 1)));
	if (max_pfn > max_low_pfn) {
		ck_assert(PageHighMem(pfn_to_page(max_low_pfn)));
		ck_assert(PageHighMem(pfn_to_page(max_pfn - 1)));
	}
	ck_assert_uint_eq(page_to_pfn(pfn_to_page(max_pfn - 1)), max_pfn - 1);
	ck_assert_uint_eq(page_to_pfn(pfn_to_page(max_low_pfn)), max_low_pfn);
	ck_assert_ptr_eq(virt_to_page(__va(0x1000000)), pfn_to_page(DMA_PFNS));
	ck_assert_ptr_eq(virt_to_page(__va(PFN_PHYS(max_low_pfn) - 1)),
			 pfn_to_page(max_low_pfn - 1));
}
END_TEST

/* ---- 2.6 addresses --------------------------------------------------------------------- */

START_TEST(test_address_lowmem)
{
	static const unsigned long pfns[] = { 0, 1, 159, 256, 4095, 4096, 16367 };
	unsigned int i;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	for (i = 0; i < ARRAY_SIZE(pfns); i++) {
		ck_assert_ptr_eq(lowmem_page_address(pfn_to_page(pfns[i])),
				 __va(PFN_PHYS(pfns[i])));
		ck_assert_ptr_eq(page_address(pfn_to_page(pfns[i])), __va(PFN_PHYS(pfns[i])));
	}
	ck_assert_ptr_eq(page_address(pfn_to_page(max_low_pfn - 1)),
			 __va(PFN_PHYS(max_low_pfn - 1)));
	/* i386's address: 16 MiB is 0xC1000000 in the direct map. */
	ck_assert_uint_eq(sim_kva(lowmem_page_address(pfn_to_page(4096))), 0xC1000000);
	/* The bytes are really there: write through one, read through __va. */
	*(u32 *)lowmem_page_address(pfn_to_page(16000)) = 0x5a5a1234;
	ck_assert_uint_eq(*(u32 *)__va(16000UL * 4096), 0x5a5a1234);
}
END_TEST

START_TEST(test_address_highmem_is_null)
{
	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	if (max_pfn == max_low_pfn)
		return;		/* 64 MiB: no high page */
	ck_assert_ptr_null(page_address(pfn_to_page(max_low_pfn)));
	ck_assert_ptr_null(page_address(pfn_to_page(max_pfn - 1)));
}
END_TEST

/* ---- misuse ------------------------------------------------------------------------------ */

START_TEST(test_misuse_twice)
{
	struct page *map;
	unsigned int w;

	boot(SIM_E820_1G);
	zone_sizes_init();
	map = mem_map;
	ck_assert_ptr_nonnull(map);
	map[5000].flags |= 1UL << PG_dirty;	/* state the second call must not wipe */
	w = warn_count;
	sim_console_clear();
	zone_sizes_init();
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("zone_sizes_init: called again"));
	ck_assert_ptr_eq(mem_map, map);
	ck_assert(PageDirty(&map[5000]));
	ck_assert_uint_eq(contig_page_data.node_zones[ZONE_HIGHMEM].spanned_pages, 32752);
}
END_TEST

static void run_zone_sizes_init(void *arg)
{
	(void)arg;
	zone_sizes_init();
}

START_TEST(test_misuse_no_room_for_mem_map)
{
	char *why;
	phys_addr_t s, e;

	boot(SIM_E820_64M);
	/* Take every free byte: nothing is left for 16368 struct pages. */
	while (memblock_next_free_range(0, &s, &e))
		memblock_reserve(s, e - s);
	why = sim_must_panic(run_zone_sizes_init, NULL);
	ck_assert_msg(!why, "zone_sizes_init() with no memory left should panic; %s", why);
}
END_TEST

START_TEST(test_misuse_bounds_not_set)
{
	struct sim_child_result res;

	boot(SIM_E820_1G);
	max_low_pfn = max_pfn + 1;	/* a broken invariant: lowmem past RAM */
	ck_assert_int_eq(sim_run_child(run_zone_sizes_init, NULL, &res), 0);
	ck_assert(WIFSIGNALED(res.status));
	ck_assert(strstr(res.err, "kernel BUG at "));
}
END_TEST

void add_pages_tcases(Suite *s)
{
	TCase *tc;

	tc = tcase_create("pages");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_pages_model, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_pages_checker_catches_a_wrong_zone);
	tcase_add_loop_test(tc, test_pages_mem_map_frames, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_pages_zone_edges, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_pages_nothing_past_mem_map, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("address");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_address_lowmem, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_address_highmem_is_null, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("misuse");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_misuse_twice);
	tcase_add_test(tc, test_misuse_no_room_for_mem_map);
	tcase_add_test(tc, test_misuse_bounds_not_set);
	suite_add_tcase(s, tc);
}
