/**
 * @file
 * The E820 table (kernel/core/e820.c): sorting, the boot-log format, the
 * end of RAM, what reaches memblock, and memmap='s reserved ranges.
 *
 * The reference for "what reaches memblock" is a small model: every usable
 * row, cut to whole pages and to 4 GiB, then merged where rows overlap or
 * touch -- which must be exactly memblock's memory table:
 *
 * @verbatim
 *   row  [0x1800 ........ 0x5400)        usable, not page-aligned
 *   page  |0x1000|0x2000|0x3000|0x4000|0x5000|
 *   kept         [0x2000 ....... 0x5000)  only whole pages
 * @endverbatim
 *
 * The boot-log rows are compared with Linux's exact text, e.g.
 * ` BIOS-e820: 0000000000000000 - 000000000009f000 (usable)`.
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include "sim/sim.h"

#define FOUR_GB 0x100000000ULL

static void clean(void)
{
	memset(&e820, 0, sizeof(e820));
	memblock_reset();
	sim_console_clear();
}

static void add_rows(const struct sim_e820_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(e820_add_region(rows[i].start,
						 rows[i].end - rows[i].start,
						 rows[i].type), 0);
}

/* ---- the table ----------------------------------------------------------- */

START_TEST(test_add_sorts_by_address)
{
	static const u64 starts[] = { 0x500000, 0x100000, 0x9F000, 0, 0x300000 };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(starts); i++)
		e820_add_region(starts[i], 0x1000, E820_RAM);
	ck_assert_uint_eq(e820.nr_map, ARRAY_SIZE(starts));
	for (i = 1; i < e820.nr_map; i++)
		ck_assert_uint_lt(e820.map[i - 1].addr, e820.map[i].addr);
	ck_assert_uint_eq(e820.map[0].addr, 0);
	ck_assert_uint_eq(e820.map[4].addr, 0x500000);
}
END_TEST

START_TEST(test_equal_addresses_keep_their_order)
{
	e820_add_region(0x1000, 0x1000, E820_RESERVED);
	e820_add_region(0x1000, 0x2000, E820_RAM);
	e820_add_region(0x0, 0x1000, E820_ACPI);
	ck_assert_uint_eq(e820.map[0].type, E820_ACPI);
	ck_assert_uint_eq(e820.map[1].type, E820_RESERVED);
	ck_assert_uint_eq(e820.map[2].type, E820_RAM);
	ck_assert_uint_eq(e820.map[2].size, 0x2000);
}
END_TEST

START_TEST(test_full_table)
{
	u32 i;

	/* Descending addresses: every insertion shifts the whole table. */
	for (i = 0; i < E820MAX; i++)
		ck_assert_int_eq(e820_add_region((u64)(E820MAX - i) << 20, 0x1000,
						 E820_RAM), 0);
	ck_assert_int_eq(e820_add_region(0, 0x1000, E820_RAM), -ENOSPC);
	ck_assert_uint_eq(e820.nr_map, E820MAX);
	ck_assert_uint_eq(e820.map[0].addr, 1 << 20);
	for (i = 1; i < E820MAX; i++)
		ck_assert_uint_eq(e820.map[i].addr, (u64)(i + 1) << 20);
}
END_TEST

/* ---- the boot log -------------------------------------------------------- */

static const char boot_log_1g[] =
	"BIOS-provided physical RAM map:\n"
	" BIOS-e820: 0000000000000000 - 000000000009f000 (usable)\n"
	" BIOS-e820: 000000000009f000 - 00000000000a0000 (reserved)\n"
	" BIOS-e820: 00000000000e8000 - 0000000000100000 (reserved)\n"
	" BIOS-e820: 0000000000100000 - 000000003fff0000 (usable)\n"
	" BIOS-e820: 000000003fff0000 - 0000000040000000 (ACPI data)\n"
	" BIOS-e820: 00000000fffc0000 - 0000000100000000 (reserved)\n";

START_TEST(test_print_map_1g)
{
	add_rows(SIM_E820_1G);
	e820_print_map("BIOS-e820");
	ck_assert_str_eq(sim_console_text(), boot_log_1g);
}
END_TEST

START_TEST(test_boot_prints_the_map)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_1G), 0);
	ck_assert(strstr(sim_console_text(), boot_log_1g));
	sim_machine_exit();
}
END_TEST

START_TEST(test_print_types_and_wide_addresses)
{
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x1000, E820_NVS },
		{ 0x1000, 0x2000, E820_UNUSABLE },
		{ 0x2000, 0x3000, 99 },
		{ FOUR_GB, 0x140000000ULL, E820_RAM },
	};

	add_rows(rows, ARRAY_SIZE(rows));
	e820_print_map("user");
	ck_assert_str_eq(sim_console_text(),
		"BIOS-provided physical RAM map:\n"
		" user: 0000000000000000 - 0000000000001000 (ACPI NVS)\n"
		" user: 0000000000001000 - 0000000000002000 (unusable)\n"
		" user: 0000000000002000 - 0000000000003000 (type?)\n"
		" user: 0000000100000000 - 0000000140000000 (usable)\n");
}
END_TEST

/* ---- the end of RAM ------------------------------------------------------ */

START_TEST(test_end_of_ram_pfn)
{
	static const unsigned long max_pfn[SIM_NR_E820_MAPS] = {
		0x3FF0, 0x3FFF0, 0x383F0, 0xBFFF0,
	};

	add_rows(sim_e820_maps[_i]->rows, sim_e820_maps[_i]->nr);
	ck_assert_uint_eq(e820_end_of_ram_pfn(), max_pfn[_i]);
}
END_TEST

START_TEST(test_end_of_ram_ignores_non_ram)
{
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x800000, E820_ACPI },
		{ 0x800000, 0x900000, E820_NVS },
	};

	add_rows(rows, ARRAY_SIZE(rows));
	ck_assert_uint_eq(e820_end_of_ram_pfn(), 0x9F);
	clean();
	ck_assert_uint_eq(e820_end_of_ram_pfn(), 0);	/* no RAM at all */
}
END_TEST

/* ---- what memblock gets: the model --------------------------------------- */

/*
 * Build the expected memory table from e820 (usable rows, whole pages,
 * below 4 GiB, merged) and compare it with memblock.memory.  Returns true
 * if they agree; otherwise @why says where they differ.
 */
static bool memblock_matches_e820(char *why, size_t len)
{
	u64 want_base[E820MAX], want_end[E820MAX];
	unsigned int n = 0, i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 s = (e->addr + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
		u64 end = min(e->addr + e->size, FOUR_GB) / PAGE_SIZE * PAGE_SIZE;

		if (e->type != E820_RAM || s >= end)
			continue;
		if (n && s <= want_end[n - 1]) {	/* rows are sorted by start */
			want_end[n - 1] = max(want_end[n - 1], end);
			continue;
		}
		want_base[n] = s;
		want_end[n++] = end;
	}
	if (memblock.memory.cnt != n) {
		snprintf(why, len, "memblock has %u regions, e820 gives %u",
			 memblock.memory.cnt, n);
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		if (r->base != want_base[i] || r->base + (u64)r->size != want_end[i]) {
			snprintf(why, len, "region %u: [%#x, %#llx), want [%#llx, %#llx)",
				 i, r->base, r->base + (unsigned long long)r->size,
				 (unsigned long long)want_base[i],
				 (unsigned long long)want_end[i]);
			return false;
		}
	}
	return true;
}

static void setup_and_compare(void)
{
	char why[160] = "";

	e820_memblock_setup();
	ck_assert_msg(memblock_matches_e820(why, sizeof(why)), "%s", why);
}

START_TEST(test_memblock_gets_usable_ram)
{
	add_rows(sim_e820_maps[_i]->rows, sim_e820_maps[_i]->nr);
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 2);
	ck_assert_uint_eq(memblock_total(&memblock.memory),
			  0x9F000 + sim_e820_maps[_i]->rows[3].end - 0x100000);
	ck_assert_uint_eq(memblock.reserved.cnt, 0);	/* setup_arch reserves, not e820 */
}
END_TEST

START_TEST(test_partial_pages_trimmed)
{
	static const struct sim_e820_row rows[] = {
		{ 0x1800, 0x5400, E820_RAM },		/* -> [0x2000, 0x5000) */
		{ 0x10010, 0x10ff0, E820_RAM },		/* inside one page: nothing */
		{ 0x100000, 0x200800, E820_RAM },	/* -> [0x100000, 0x200000) */
	};

	add_rows(rows, ARRAY_SIZE(rows));
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 2);
	ck_assert_uint_eq(memblock.memory.regions[0].base, 0x2000);
	ck_assert_uint_eq(memblock.memory.regions[0].size, 0x3000);
	ck_assert_uint_eq(e820_end_of_ram_pfn(), 0x200);
}
END_TEST

START_TEST(test_ranges_above_4g_ignored)
{
	static const struct sim_e820_row above[] = {
		{ FOUR_GB, 0x200000000ULL, E820_RAM },	/* all above: ignored */
	};
	static const struct sim_e820_row across[] = {
		{ 0xC0000000ULL, 0x140000000ULL, E820_RAM },	/* cut at 4 GiB */
	};

	add_rows(SIM_E820_1G);
	add_rows(above, 1);
	ck_assert_uint_eq(e820_end_of_ram_pfn(), 0x3FFF0);
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 2);
	add_rows(across, 1);
	ck_assert_uint_eq(e820_end_of_ram_pfn(), 0x100000);
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 3);
	ck_assert_uint_eq(memblock.memory.regions[2].base, 0xC0000000);
	ck_assert_uint_eq(memblock.memory.regions[2].size, 0x40000000);
}
END_TEST

START_TEST(test_overlapping_rows_merge)
{
	static const struct sim_e820_row rows[] = {
		{ 0x100000, 0x800000, E820_RAM },
		{ 0x400000, 0xA00000, E820_RAM },	/* a BIOS that repeats itself */
		{ 0xA00000, 0xB00000, E820_RAM },	/* touching */
		{ 0x200000, 0x200000, E820_RAM },	/* empty */
		{ 0xC00000, 0xD00000, E820_RESERVED },
	};

	add_rows(rows, ARRAY_SIZE(rows));
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 1);
	ck_assert_uint_eq(memblock.memory.regions[0].size, 0xA00000);
}
END_TEST

/* The deliberate fault: a RAM row memblock never saw must be noticed. */
START_TEST(test_model_catches_a_difference)
{
	char why[160] = "";

	add_rows(SIM_E820_64M);
	setup_and_compare();
	e820_add_region(0x8000000, 0x100000, E820_RAM);		/* behind its back */
	ck_assert(!memblock_matches_e820(why, sizeof(why)));
	ck_assert_msg(strstr(why, "e820 gives 3"), "%s", why);
}
END_TEST

/* ---- memmap=nn$ss: a reserved range cut out of RAM ------------------------ */

START_TEST(test_reserve_cuts_a_hole)
{
	unsigned long end_pfn;

	add_rows(SIM_E820_64M);
	end_pfn = e820_end_of_ram_pfn();
	ck_assert_int_eq(e820_reserve_range(32 << 20, 4 << 20), 0);	/* 4M$32M */
	e820_print_user_map();
	ck_assert(strstr(sim_console_text(), "user-defined physical RAM map:\n"));
	ck_assert(strstr(sim_console_text(),
			 " user: 0000000000100000 - 0000000002000000 (usable)\n"
			 " user: 0000000002000000 - 0000000002400000 (reserved)\n"
			 " user: 0000000002400000 - "));
	ck_assert_uint_eq(e820_end_of_ram_pfn(), end_pfn);
	setup_and_compare();
	ck_assert(memblock_is_memory((32 << 20) - PAGE_SIZE, PAGE_SIZE));
	ck_assert(!memblock_is_memory(32 << 20, 1));
	ck_assert(!memblock_is_memory((36 << 20) - 1, 1));
	ck_assert(memblock_is_memory(36 << 20, PAGE_SIZE));
}
END_TEST

START_TEST(test_reserve_across_rows)
{
	static const struct sim_e820_row rows[] = {
		{ 0x100000, 0x800000, E820_RAM },
		{ 0x800000, 0x900000, E820_ACPI },
		{ 0x900000, 0x1000000, E820_RAM },
	};

	add_rows(rows, ARRAY_SIZE(rows));
	ck_assert_int_eq(e820_reserve_range(0x700000, 0x300000), 0);	/* 7..10 MiB */
	ck_assert_uint_eq(e820.nr_map, 4);
	ck_assert_uint_eq(e820.map[0].addr + e820.map[0].size, 0x700000);
	ck_assert_uint_eq(e820.map[1].type, E820_RESERVED);
	ck_assert_uint_eq(e820.map[2].type, E820_ACPI);	/* not RAM: kept as it was */
	ck_assert_uint_eq(e820.map[3].addr, 0xA00000);
	setup_and_compare();
	ck_assert_uint_eq(memblock.memory.cnt, 2);
}
END_TEST

START_TEST(test_reserve_in_a_full_table)
{
	u32 i;

	for (i = 0; i < E820MAX; i++)
		e820_add_region((u64)(i + 1) << 20, 0x80000, E820_RAM);
	/* The middle of a row: two pieces and a reserved row, no room. */
	ck_assert_int_eq(e820_reserve_range((1 << 20) + 0x10000, 0x1000), -ENOSPC);
	ck_assert_uint_eq(e820.nr_map, E820MAX);
	for (i = 0; i < E820MAX; i++)
		ck_assert_uint_eq(e820.map[i].type, E820_RAM);	/* untouched */
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("e820");
	TCase *tc;

	tc = tcase_create("table");
	tcase_add_checked_fixture(tc, clean, clean);
	tcase_add_test(tc, test_add_sorts_by_address);
	tcase_add_test(tc, test_equal_addresses_keep_their_order);
	tcase_add_test(tc, test_full_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_checked_fixture(tc, clean, clean);
	tcase_add_test(tc, test_print_map_1g);
	tcase_add_test(tc, test_boot_prints_the_map);
	tcase_add_test(tc, test_print_types_and_wide_addresses);
	suite_add_tcase(s, tc);

	tc = tcase_create("ram");
	tcase_add_checked_fixture(tc, clean, clean);
	tcase_add_loop_test(tc, test_end_of_ram_pfn, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_end_of_ram_ignores_non_ram);
	tcase_add_loop_test(tc, test_memblock_gets_usable_ram, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_partial_pages_trimmed);
	tcase_add_test(tc, test_ranges_above_4g_ignored);
	tcase_add_test(tc, test_overlapping_rows_merge);
	tcase_add_test(tc, test_model_catches_a_difference);
	suite_add_tcase(s, tc);

	tc = tcase_create("memmap");
	tcase_add_checked_fixture(tc, clean, clean);
	tcase_add_test(tc, test_reserve_cuts_a_hole);
	tcase_add_test(tc, test_reserve_across_rows);
	tcase_add_test(tc, test_reserve_in_a_full_table);
	suite_add_tcase(s, tc);
	return s;
}
