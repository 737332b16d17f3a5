/**
 * @file
 * memblock (kernel/core/memblock.c), rule by rule.
 *
 * One test per documented rule or edge: merging at byte granularity,
 * zero sizes, full tables (-ENOSPC, and a refused free that must change
 * nothing), freeing what is not reserved (a warning and -EINVAL), ranges
 * ending at 4 GiB, queries, the 16 MiB goal and current_limit, sizes
 * rounded to the alignment, no fit (0), page 0 never handed out, lowmem
 * only on a 3 GiB machine, memblock_alloc() zeroing through the direct
 * map, a bad alignment as a BUG, and the memblock=debug dump text.  Then
 * the deliberate faults that prove the checkers fire: a lying model, an
 * unsorted table, a change behind the model's back, and memblock's own
 * BUG_ON on a corrupt table.  The random sequences against the model are
 * in memblock_random_check.c.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include "sim/sim.h"
#include "memblock_model.h"

static struct mb_model model;
static char why[256];

#define EXPECT_MODEL(...) EXPECT_MODEL_AGREES(&model, why, __VA_ARGS__)

/* ---- rules --------------------------------------------------------------- */

static void clean(void)
{
	memblock_reset();
	sim_console_clear();
}

static void boot_1g(void)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_1G), 0);
	model_boot(&model, SIM_E820_1G);
}

static void shutdown(void)
{
	sim_machine_exit();
	sim_console_clear();
}

static void expect_region(const struct memblock_type *t, unsigned int i,
			  phys_addr_t base, phys_addr_t size)
{
	ck_assert_uint_gt(t->cnt, i);
	ck_assert_uint_eq(t->regions[i].base, base);
	ck_assert_uint_eq(t->regions[i].size, size);
}

START_TEST(test_merge_at_byte_granularity)
{
	ck_assert_int_eq(memblock_add(0x3000, 0x1000), 0);
	ck_assert_int_eq(memblock_add(0x1000, 0x1000), 0);
	ck_assert_uint_eq(memblock.memory.cnt, 2);
	ck_assert_int_eq(memblock_add(0x2000, 0x1000), 0);	/* fills the gap */
	expect_region(&memblock.memory, 0, 0x1000, 0x3000);
	ck_assert_uint_eq(memblock.memory.cnt, 1);
	memblock_reserve(0x180, 0x80);
	memblock_reserve(0x100, 0x80);				/* touches: merged */
	memblock_reserve(0x201, 0x10);				/* one byte apart: not */
	ck_assert_uint_eq(memblock.reserved.cnt, 2);
	expect_region(&memblock.reserved, 0, 0x100, 0x100);
	memblock_reserve(0x0, 0x1000);				/* swallows both */
	ck_assert_uint_eq(memblock.reserved.cnt, 1);
	expect_region(&memblock.reserved, 0, 0, 0x1000);
	memblock_reserve(0x10, 0x10);				/* inside: no change */
	expect_region(&memblock.reserved, 0, 0, 0x1000);
}
END_TEST

START_TEST(test_zero_sizes_change_nothing)
{
	struct memblock before;

	memblock_reserve(0x100000, 0x10000);
	before = memblock;
	ck_assert_int_eq(memblock_add(0x5000, 0), 0);
	ck_assert_int_eq(memblock_reserve(0x5000, 0), 0);
	ck_assert_int_eq(memblock_free(0x100000, 0), 0);	/* at the region's start */
	ck_assert(!memcmp(&before, &memblock, sizeof(before)));
	/* Inside the region: still nothing to free, and the table stays merged. */
	ck_assert_int_eq(memblock_free(0x108000, 0), 0);
	ck_assert_msg(!memcmp(&before, &memblock, sizeof(before)),
		      "free(inside, 0) split [%#x, +%#x) into %u regions",
		      before.reserved.regions[0].base, before.reserved.regions[0].size,
		      memblock.reserved.cnt);
}
END_TEST

/* Fill the reserved table: 128 regions of 64 KiB, 1 MiB apart. */
static void fill_reserved(void)
{
	unsigned int i;

	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		ck_assert_int_eq(memblock_reserve(i << 20, 0x10000), 0);
	ck_assert_uint_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS);
}

START_TEST(test_full_table)
{
	struct memblock before;

	fill_reserved();
	before = memblock;
	ck_assert_int_eq(memblock_reserve(0x80000, 0x1000), -ENOSPC);
	ck_assert(!memcmp(&before, &memblock, sizeof(before)));
	ck_assert_int_eq(memblock_reserve(0x10000, 0x1000), 0);	/* touches region 0 */
	ck_assert_uint_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS);
	ck_assert_int_eq(memblock_reserve(0x200000, 0x100000), 0);	/* joins 2 and 3 */
	ck_assert_uint_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS - 1);
	/* Freeing a whole region or its end needs no new slot. */
	ck_assert_int_eq(memblock_free(5 << 20, 0x10000), 0);
	ck_assert_int_eq(memblock_free((6 << 20) + 0x8000, 0x8000), 0);
}
END_TEST

/* Freeing the middle of a region needs a slot; a full table must refuse cleanly. */
START_TEST(test_full_table_free_split)
{
	struct memblock before;

	fill_reserved();
	before = memblock;
	ck_assert_int_eq(memblock_free((5 << 20) + 0x4000, 0x1000), -ENOSPC);
	ck_assert_msg(!memcmp(&before, &memblock, sizeof(before)),
		      "a refused free changed the table: region 5 is now [%#x, +%#x), "
		      "reserved total %#x (was %#x)",
		      memblock.reserved.regions[5].base, memblock.reserved.regions[5].size,
		      memblock_total(&memblock.reserved), memblock_total(&before.reserved));
}
END_TEST

START_TEST(test_free_not_reserved_warns)
{
	unsigned int warns = warn_count;

	memblock_reserve(0x100000, 0x2000);
	memblock_reserve(0x103000, 0x1000);
	ck_assert_int_eq(memblock_free(0x200000, 0x1000), -EINVAL);	/* nothing */
	ck_assert_int_eq(memblock_free(0x101000, 0x2000), -EINVAL);	/* half */
	ck_assert_int_eq(memblock_free(0x100000, 0x4000), -EINVAL);	/* a hole */
	ck_assert_uint_eq(warn_count, warns + 3);
	ck_assert(sim_console_contains("WARNING: at kernel/core/memblock.c:"));
	ck_assert(sim_console_contains("memblock_free: [0x101000-0x102fff] was not reserved\n"));
	ck_assert_uint_eq(memblock_total(&memblock.reserved), 0x3000);
	ck_assert_int_eq(memblock_free(0x100000, 0x2000), 0);
	ck_assert_uint_eq(warn_count, warns + 3);
}
END_TEST

START_TEST(test_ranges_ending_at_4g)
{
	ck_assert_int_eq(memblock_reserve(0xFFFFF000, 0x1000), 0);
	ck_assert(memblock_is_reserved(0xFFFFFFFF, 1));
	ck_assert_int_eq(memblock_reserve(0xFFFFE000, 0x1000), 0);
	expect_region(&memblock.reserved, 0, 0xFFFFE000, 0x2000);
	ck_assert_int_eq(memblock_free(0xFFFFF000, 0x1000), 0);
	expect_region(&memblock.reserved, 0, 0xFFFFE000, 0x1000);
	ck_assert_int_eq(memblock_add(0xFFF00000, 0x100000), 0);
	ck_assert(memblock_is_memory(0xFFFFF000, 0x1000));
}
END_TEST

START_TEST(test_queries)
{
	memblock_add(0x0, 0x9F000);
	memblock_add(0x100000, 0x100000);
	memblock_reserve(0x150000, 0x1000);
	ck_assert(memblock_is_memory(0x100000, 0x100000));
	ck_assert(!memblock_is_memory(0x9E000, 0x2000));	/* into the hole */
	ck_assert(!memblock_is_memory(0x0, 0x200000));		/* across it */
	ck_assert(memblock_is_reserved(0x14F000, 0x1001));	/* last byte touches */
	ck_assert(!memblock_is_reserved(0x14F000, 0x1000));
	ck_assert(!memblock_is_reserved(0x151000, 0x1000));
}
END_TEST

START_TEST(test_alloc_goal_and_limit)
{
	ck_assert_uint_eq(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), MEMBLOCK_GOAL);
	ck_assert_uint_eq(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), MEMBLOCK_GOAL + PAGE_SIZE);
	ck_assert_uint_eq(memblock_phys_alloc(PAGE_SIZE, 4 << 20), MEMBLOCK_GOAL + (4 << 20));
	memblock.current_limit = 8 << 20;		/* nothing above the goal fits */
	ck_assert_uint_eq(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), SIM_KERNEL_END);
	ck_assert_uint_eq(memblock_phys_alloc(5 << 20, PAGE_SIZE), 0);	/* 3+4+5 > 8 */
}
END_TEST

START_TEST(test_alloc_size_rounded_to_align)
{
	phys_addr_t a = memblock_phys_alloc(0x1800, PAGE_SIZE);
	phys_addr_t b = memblock_phys_alloc(1, 0x10000);

	ck_assert(memblock_is_reserved(a + 0x1FFF, 1));
	ck_assert_uint_eq(b % 0x10000, 0);
	ck_assert(memblock_is_reserved(b + 0xFFFF, 1));
	ck_assert_uint_eq(memblock_total(&memblock.reserved), SIM_KERNEL_END + 0x2000 + 0x10000);
}
END_TEST

START_TEST(test_alloc_no_fit)
{
	struct memblock before = memblock;

	ck_assert_uint_eq(memblock_phys_alloc(1 << 30, PAGE_SIZE), 0);	/* 1 GiB on 1 GiB */
	ck_assert_uint_eq(memblock_phys_alloc(0, PAGE_SIZE), 0);
	ck_assert_uint_eq(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, 0x100000), 0);
	ck_assert_ptr_null(memblock_alloc(900 << 20, PAGE_SIZE));
	ck_assert(!memcmp(&before, &memblock, sizeof(before)));
}
END_TEST

/* Page 0 is never handed out (0 means failure), but page 1 is fine. */
START_TEST(test_alloc_next_to_page_0)
{
	memblock_add(0x0, 0x9F000);
	ck_assert_uint_eq(memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, 0x100000),
			  PAGE_SIZE);
	ck_assert(!memblock_is_reserved(0, PAGE_SIZE));
}
END_TEST

START_TEST(test_alloc_stays_in_lowmem_3g)
{
	phys_addr_t pa;
	unsigned int n = 0;

	ck_assert_int_eq(sim_machine_init(SIM_E820_3G), 0);
	/* [16 MiB, 896 MiB) holds 13 blocks of 64 MiB; [3, 16 MiB) none. */
	while ((pa = memblock_phys_alloc(64 << 20, PAGE_SIZE))) {
		ck_assert_uint_le((u64)pa + (64 << 20), MAXMEM);
		n++;
	}
	ck_assert_uint_eq(n, 13);
	ck_assert(memblock_is_memory(0xA0000000, 0x1000));	/* highmem is RAM... */
	ck_assert(!memblock_is_reserved(0xA0000000, 0x1000));	/* ...left alone */
}
END_TEST

START_TEST(test_memblock_alloc_zeroes)
{
	u8 *dirty = __va(MEMBLOCK_GOAL), *p;
	unsigned int i;

	memset(dirty, 0xAB, 3 * PAGE_SIZE);
	p = memblock_alloc(2 * PAGE_SIZE, PAGE_SIZE);
	ck_assert_ptr_eq(p, dirty);
	ck_assert_uint_eq(__pa(p), MEMBLOCK_GOAL);
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		ck_assert_uint_eq(p[i], 0);
	ck_assert_uint_eq(p[2 * PAGE_SIZE], 0xAB);		/* no more than asked */
	ck_assert(memblock_is_reserved(__pa(p), 2 * PAGE_SIZE));
}
END_TEST

START_TEST(test_bad_align_is_a_bug)
{
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	memblock_phys_alloc(PAGE_SIZE, 3 * PAGE_SIZE);
}
END_TEST

START_TEST(test_dump_format)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_64M), 0);
	sim_console_clear();
	memblock_dump();
	ck_assert_str_eq(sim_console_text(),
		"MEMBLOCK configuration:\n"
		" memory size = 0x3f8f000 reserved size = 0x300000\n"
		" memory.cnt = 2\n"
		" memory[0]\t[0000000000-0x0009efff], 0x9f000 bytes\n"
		" memory[1]\t[0x00100000-0x03feffff], 0x3ef0000 bytes\n"
		" reserved.cnt = 1\n"
		" reserved[0]\t[0000000000-0x002fffff], 0x300000 bytes\n");
}
END_TEST

/* ---- deliberate faults: the checkers must fire --------------------------- */

START_TEST(test_checker_sees_a_wrong_model)
{
	EXPECT_MODEL("clean boot: %s", why);
	model_set(&model, MB_RES, 0x5000000, PAGE_SIZE, true);	/* the model lies */
	ck_assert_int_gt(model_compare(&model, why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, "reserved"), "%s", why);
}
END_TEST

START_TEST(test_checker_sees_an_unsorted_table)
{
	struct memblock_region tmp = memblock.memory.regions[0];

	memblock.memory.regions[0] = memblock.memory.regions[1];
	memblock.memory.regions[1] = tmp;
	ck_assert_int_gt(model_compare(&model, why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, "not sorted and merged"), "%s", why);
}
END_TEST

START_TEST(test_checker_sees_a_missed_free_range)
{
	memblock_reserve(0x5000000, PAGE_SIZE);		/* memblock moves, model not */
	ck_assert_int_gt(model_compare(&model, why, sizeof(why)), 0);
}
END_TEST

/* memblock's own invariant check: a corrupt table is a BUG, not a silent error. */
START_TEST(test_corrupt_table_is_a_bug)
{
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	memblock_reserve(0x4000000, 0x10000);
	memblock.reserved.regions[1].size = 0x1000;		/* empty -> overlapping */
	memblock.reserved.regions[1].base = SIM_KERNEL_END - 0x1000;
	memblock_reserve(0x8000000, 0x1000);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("memblock");
	TCase *tc;

	tc = tcase_create("table");
	tcase_add_checked_fixture(tc, clean, clean);
	tcase_add_test(tc, test_merge_at_byte_granularity);
	tcase_add_test(tc, test_zero_sizes_change_nothing);
	tcase_add_test(tc, test_full_table);
	tcase_add_test(tc, test_full_table_free_split);
	tcase_add_test(tc, test_free_not_reserved_warns);
	tcase_add_test(tc, test_ranges_ending_at_4g);
	tcase_add_test(tc, test_queries);
	tcase_add_test(tc, test_alloc_next_to_page_0);
	suite_add_tcase(s, tc);

	tc = tcase_create("alloc");
	tcase_add_checked_fixture(tc, boot_1g, shutdown);
	tcase_add_test(tc, test_alloc_goal_and_limit);
	tcase_add_test(tc, test_alloc_size_rounded_to_align);
	tcase_add_test(tc, test_alloc_no_fit);
	tcase_add_test(tc, test_alloc_stays_in_lowmem_3g);
	tcase_add_test(tc, test_memblock_alloc_zeroes);
	tcase_add_test_raise_signal(tc, test_bad_align_is_a_bug, SIGABRT);
	tcase_add_test(tc, test_dump_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_add_checked_fixture(tc, boot_1g, shutdown);
	tcase_add_test(tc, test_checker_sees_a_wrong_model);
	tcase_add_test(tc, test_checker_sees_an_unsorted_table);
	tcase_add_test(tc, test_checker_sees_a_missed_free_range);
	tcase_add_test_raise_signal(tc, test_corrupt_table_is_a_bug, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}
