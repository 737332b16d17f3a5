/**
 * @file
 * Lab 3 host suite: the whole boot path of the memory manager, as
 * mm_init() runs it, on the simulated 64 MiB, 1 GiB, 900 MiB and 3 GiB
 * machines: the kernel's own mm_init() steps (kernel/mm/mm_init.c) of
 * labs 1 and 2 (paging_init(), find_max_pfn(), find_max_low_pfn(),
 * zone_sizes_init(), from solutions/), then this lab's mem_init().
 *
 * Here mem_map and the page tables are lab 2's and lab 1's, taken from
 * memblock in simulated RAM, so this suite also checks that the frames
 * holding them stay reserved and off the free lists.
 *
 * Checks: the totals and the free lists against the bitmap model and the
 * biggest-blocks cut (tests/lib/buddy_fixture.c), the boot log word for
 * word, the watermarks, the /proc-format dumps of kernel/mm/vmstat.c, and a drain
 * of every zone followed by full recovery.
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/sections.h>
#include <kit/setup.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

/* mm_init() of a lab 3 kernel: its own steps, the log of lab 3's kept. */
static void boot_path(const struct sim_e820_map *m)
{
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	mem_map = NULL;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = totalhigh_pages = 0;
	mm_init_labs(1, 2);
	ck_assert_ptr_nonnull(mem_map);
	sim_console_clear();
	mm_init_labs(3, 3);
	model_from_memblock();
}

static void boot_down(void)
{
	free(model);
	model = NULL;
	mem_map = NULL;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	sim_machine_exit();
}

/* vmalloc and lowmem rows: 64 MiB has less low memory; the rest 896 MiB. */
static const char *const layout_rows[SIM_NR_E820_MAPS] = {
	"    vmalloc : 0xc4800000 - 0xff7fe000   ( 943 MB)\n"
	"    lowmem  : 0xc0000000 - 0xc3ff0000   (  63 MB)\n",
	"    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)\n"
	"    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)\n",
	"    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)\n"
	"    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)\n",
	"    vmalloc : 0xf8800000 - 0xff7fe000   ( 111 MB)\n"
	"    lowmem  : 0xc0000000 - 0xf8000000   ( 896 MB)\n",
};

START_TEST(test_boot_hand_over)
{
	unsigned long free = 0, pfn;
	unsigned long map_first, map_last;

	boot_path(sim_e820_maps[_i]);
	for (pfn = 0; pfn < max_pfn; pfn++)
		free += model_test(pfn);
	ck_assert_uint_eq(totalram_pages, free);
	ck_assert_uint_eq(nr_free_pages(), free);
	CK_CONSISTENT();
	CK_NO_PROBLEM(blocks_problem());
	/* mem_map's own frames: reserved, never free. */
	map_first = __pa(mem_map) >> PAGE_SHIFT;
	map_last = (__pa(mem_map + max_pfn) - 1) >> PAGE_SHIFT;
	for (pfn = map_first; pfn <= map_last && PageReserved(&mem_map[pfn]) &&
	     !model_test(pfn); pfn++)
		;
	ck_assert_msg(pfn > map_last, "mem_map frame %#lx is not reserved", pfn);
}
END_TEST

START_TEST(test_boot_log)
{
	char want[256];

	boot_path(sim_e820_maps[_i]);
	CK_MEMORY_LINE_PRINTED();
	ck_assert(sim_console_contains(
		"virtual kernel memory layout:\n"
		"    fixmap  : 0xfffea000 - 0xfffff000   (  84 kB)\n"
		"    pkmap   : 0xff800000 - 0xffc00000   (4096 kB)\n"));
	ck_assert_msg(sim_console_contains(layout_rows[_i]), "%s", sim_console_text());
	expected_sections(want, sizeof(want));
	ck_assert_msg(sim_console_contains(want), "%s", sim_console_text());
}
END_TEST

START_TEST(test_boot_watermarks_1g)
{
	boot_path(&sim_e820_1g);
	ck_assert_int_eq(min_free_kbytes, 3830);
	ck_assert_uint_eq(zone_nr(ZONE_DMA)->pages_min, 16);
	ck_assert_uint_eq(zone_nr(ZONE_NORMAL)->pages_low, 1175);
	ck_assert_uint_eq(zone_nr(ZONE_HIGHMEM)->pages_high, 100);
}
END_TEST

/* The dumps: /proc/buddyinfo's columns and /proc/zoneinfo's fields. */
START_TEST(test_boot_dumps)
{
	char line[256], *p;
	int z, o;

	boot_path(sim_e820_maps[_i]);
	sim_console_clear();
	show_buddyinfo();
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = zone_nr(z);

		p = line + snprintf(line, sizeof(line), "Node 0, zone %8s ", zone->name);
		for (o = 0; o < MAX_ORDER; o++)
			p += snprintf(p, line + sizeof(line) - p, "%6lu ",
				      zone->free_area[o].nr_free);
		snprintf(p, line + sizeof(line) - p, "\n");
		ck_assert_msg(sim_console_contains(line) == populated_zone(zone),
			      "%s\nin:\n%s", line, sim_console_text());
	}
	ck_assert(sim_console_contains("Node 0, zone      DMA "));
	ck_assert(sim_console_contains("Node 0, zone   Normal "));
	ck_assert_int_eq(sim_console_contains("Node 0, zone  HighMem "), _i != 0);
	sim_console_clear();
	show_zoneinfo();
	snprintf(line, sizeof(line), "Node 0, zone   Normal\n  pages free     %lu\n"
		 "        min      %lu\n        low      %lu\n        high     %lu\n"
		 "        spanned  %lu\n        present  %lu\n  start_pfn:         4096\n",
		 zone_nr(ZONE_NORMAL)->free_pages, zone_nr(ZONE_NORMAL)->pages_min,
		 zone_nr(ZONE_NORMAL)->pages_low, zone_nr(ZONE_NORMAL)->pages_high,
		 zone_nr(ZONE_NORMAL)->spanned_pages, zone_nr(ZONE_NORMAL)->present_pages);
	ck_assert_msg(sim_console_contains(line), "%s\nin:\n%s", line, sim_console_text());
}
END_TEST

START_TEST(test_boot_drain_and_recover)
{
	struct buddy_snapshot before, after;
	struct hoard h;

	boot_path(sim_e820_maps[_i]);
	buddy_snapshot_take(&before);
	hoard_init(&h);
	hoard_drain(&h, GFP_HIGHUSER, MAX_ORDER - 1);
	hoard_drain(&h, GFP_ATOMIC, MAX_ORDER - 1);
	ck_assert_uint_eq(h.given_twice, 0);
	ck_assert_uint_eq(h.nr_pages + nr_free_pages(), totalram_pages);
	CK_NO_PROBLEM(buddy_check());
	hoard_free_all(&h);
	buddy_snapshot_take(&after);
	CK_NO_PROBLEM(buddy_snapshot_diff(&before, &after));
	CK_CONSISTENT();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab3-boot");
	TCase *tc = tcase_create("meminit");

	tcase_add_checked_fixture(tc, NULL, boot_down);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_boot_hand_over, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_boot_log, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_boot_watermarks_1g);
	tcase_add_loop_test(tc, test_boot_dumps, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_boot_drain_and_recover, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);
	return s;
}
