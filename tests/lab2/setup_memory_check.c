/**
 * @file
 * Lab 2 host suite, steps 2.1 and 2.2: find_max_pfn() and
 * find_max_low_pfn() on the simulated 64 MiB, 1 GiB, 900 MiB and 3 GiB
 * machines, on made-up E820 tables, and against a reference model.
 *
 * The model is written in bytes and divisions, unlike the lab's shifts:
 *
 * @verbatim
 *   row [addr, addr + size) of type E820_RAM, end cut to 4 GiB:
 *     first whole frame  ceil(addr / 4096)
 *     end frame          floor(end / 4096)          counts if first < end
 *   max_pfn     = the largest end frame of any row that counts (0 if none)
 *   max_low_pfn = min(max_pfn, 896 MiB / 4096 = 229376)
 *   log         = "<(max_pfn - max_low_pfn) / 256>MB HIGHMEM available.\n"
 *                   (only if max_pfn > max_low_pfn), then
 *                 "<max_low_pfn / 256>MB LOWMEM available.\n"
 * @endverbatim
 *
 * Values: the four Bochs maps (exact numbers written out below), rows that
 * start or end inside a frame, rows too small for a frame, RAM above and
 * across 4 GiB (which also prints Linux's two-line warning), no RAM at
 * all, and 20000 random tables from a fixed seed.  One test feeds the
 * comparison a deliberately wrong find_max_pfn() to prove it notices.
 * Test cases are named after the steps: max_pfn (2.1), max_low_pfn (2.2).
 */
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include "sim/sim.h"

#define FOUR_GB 0x100000000ULL
#define LOWMEM_PFNS 229376UL	/* 896 MiB / 4 KiB */
#define PAE_WARNING "Warning only 4GB will be used.\nUse a HIGHMEM64G enabled kernel.\n"

/* What each ready-made machine must give (sim_e820_maps[] order). */
static const struct {
	const char *name;
	unsigned long max_pfn, max_low_pfn;
	const char *log;
} machines[SIM_NR_E820_MAPS] = {
	{ "64M", 16368, 16368, "63MB LOWMEM available.\n" },
	{ "1G", 262128, 229376, "127MB HIGHMEM available.\n896MB LOWMEM available.\n" },
	{ "900M", 230384, 229376, "3MB HIGHMEM available.\n896MB LOWMEM available.\n" },
	{ "3G", 786416, 229376, "2175MB HIGHMEM available.\n896MB LOWMEM available.\n" },
};

static void reset_globals(void)
{
	max_pfn = max_low_pfn = highstart_pfn = highend_pfn = 0;
	sim_console_clear();
}

static void teardown(void)
{
	sim_machine_exit();
}

/* Load a made-up table (no machine needed: these functions read only e820). */
static void load_rows(const struct sim_e820_row *rows, int n)
{
	int i;

	memset(&e820, 0, sizeof(e820));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(e820_add_region(rows[i].start, rows[i].end - rows[i].start,
						 rows[i].type), 0);
	reset_globals();
}

/* ---- the reference model ------------------------------------------------- */

static unsigned long model_max_pfn(void)
{
	unsigned long best = 0;
	u32 i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 end = e->addr + e->size, first, last;

		if (e->type != E820_RAM || e->addr >= FOUR_GB)
			continue;
		if (end > FOUR_GB)
			end = FOUR_GB;
		first = e->addr / 4096 + (e->addr % 4096 != 0);
		last = end / 4096;
		if (first < last && last > best)
			best = (unsigned long)last;
	}
	return best;
}

static void model_log(unsigned long max, char *buf, size_t size)
{
	unsigned long low = max < LOWMEM_PFNS ? max : LOWMEM_PFNS;
	int n = 0;

	if (max > low)
		n = snprintf(buf, size, "%luMB HIGHMEM available.\n", (max - low) / 256);
	snprintf(buf + n, size - n, "%luMB LOWMEM available.\n", low / 256);
}

/* ---- 2.1 find_max_pfn ------------------------------------------------------ */

START_TEST(test_max_pfn_machines)
{
	const struct sim_e820_map *m = sim_e820_maps[_i];

	ck_assert_str_eq(m->name, machines[_i].name);
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	reset_globals();
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, machines[_i].max_pfn);
	ck_assert_uint_eq(max_pfn, model_max_pfn());
	/* find_max_pfn() prints nothing: the lines are find_max_low_pfn()'s. */
	ck_assert_str_eq(sim_console_text(), "");
}
END_TEST

START_TEST(test_max_pfn_is_set_not_kept)
{
	load_rows(sim_e820_64m.rows, sim_e820_64m.nr);
	max_pfn = 999999;
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 16368);
}
END_TEST

START_TEST(test_max_pfn_partial_frames)
{
	static const struct sim_e820_row ragged[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x3FFF0800, E820_RAM },	/* ends half-way in a frame */
		{ 0x3FFF0800, 0x40000000, E820_ACPI },
	};
	static const struct sim_e820_row sliver[] = {
		{ 0x100000, 0x4000000, E820_RAM },
		{ 0x5000800, 0x5001400, E820_RAM },	/* no whole frame: ignored */
	};
	static const struct sim_e820_row one_frame[] = {
		{ 0x100000, 0x4000000, E820_RAM },
		{ 0x5000800, 0x5002400, E820_RAM },	/* holds frame 0x5001 */
	};

	load_rows(ragged, ARRAY_SIZE(ragged));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x3FFF0);
	load_rows(sliver, ARRAY_SIZE(sliver));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x4000);
	load_rows(one_frame, ARRAY_SIZE(one_frame));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x5002);
}
END_TEST

START_TEST(test_max_pfn_only_ram_counts)
{
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x800000, E820_RAM },
		{ 0x800000, 0x900000, E820_ACPI },
		{ 0x900000, 0xA00000, E820_NVS },
		{ 0xA00000, 0xB00000, E820_UNUSABLE },
		{ 0xFFFC0000, 0x100000000ULL, E820_RESERVED },
	};

	load_rows(rows, ARRAY_SIZE(rows));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x800);
}
END_TEST

START_TEST(test_max_pfn_above_4g_ignored)
{
	static const struct sim_e820_row pae[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x3FFF0000, E820_RAM },
		{ 0x100000000ULL, 0x140000000ULL, E820_RAM },
	};
	static const struct sim_e820_row across[] = {
		{ 0x100000, 0x180000000ULL, E820_RAM },
	};

	load_rows(pae, ARRAY_SIZE(pae));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x3FFF0);
	load_rows(across, ARRAY_SIZE(across));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0x100000);	/* 4 GiB exactly: 2^20 frames */
}
END_TEST

START_TEST(test_max_pfn_no_ram)
{
	static const struct sim_e820_row rows[] = {
		{ 0xFFFC0000, 0x100000000ULL, E820_RESERVED },
		{ 0x100000000ULL, 0x200000000ULL, E820_RAM },
	};

	load_rows(rows, ARRAY_SIZE(rows));
	max_pfn = 5;
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0);
}
END_TEST

/* ---- random tables against the model ------------------------------------- */

static u64 rng = 0x2545f4914f6cdd1dULL;	/* fixed seed: the same tables every run */

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random table: 1-8 rows, any type, unaligned, some above 4 GiB. */
static void random_table(void)
{
	static const u32 types[] = { E820_RAM, E820_RAM, E820_RAM, E820_RESERVED,
				     E820_ACPI, E820_NVS };
	unsigned int n = 1 + rnd() % 8, i;

	memset(&e820, 0, sizeof(e820));
	for (i = 0; i < n; i++) {
		u64 start = rnd() % (5ULL << 30), size = 1 + rnd() % (rnd() % 2 ? 0x3000 : 1ULL << 31);

		if (rnd() % 3 == 0)
			start &= ~0xFFFULL;	/* some aligned starts */
		e820_add_region(start, size, types[rnd() % ARRAY_SIZE(types)]);
	}
}

struct mismatch {
	unsigned int tables, count;
	unsigned long got, want;
};

/* Run fn over 20000 random tables; remember the first disagreement. */
static void compare_max_pfn(void (*fn)(void), struct mismatch *m)
{
	unsigned int i;

	*m = (struct mismatch){ 0 };
	for (i = 0; i < 20000; i++) {
		unsigned long want;

		random_table();
		want = model_max_pfn();
		max_pfn = 0xDEAD;
		fn();
		m->tables++;
		if (max_pfn != want && !m->count++) {
			m->got = max_pfn;
			m->want = want;
		}
	}
}

START_TEST(test_max_pfn_model)
{
	struct mismatch m;

	compare_max_pfn(find_max_pfn, &m);
	ck_assert_msg(!m.count, "find_max_pfn() gave %lu, the model %lu (%u of %u tables differ)",
		      m.got, m.want, m.count, m.tables);
}
END_TEST

/* The deliberate fault: rounding a row's end up instead of down. */
static void wrong_find_max_pfn(void)
{
	u32 i;

	max_pfn = 0;
	for (i = 0; i < e820.nr_map; i++) {
		u64 end = (e820.map[i].addr + e820.map[i].size + 4095) >> 12;

		if (e820.map[i].type == E820_RAM && end <= (1ULL << 20) && end > max_pfn)
			max_pfn = (unsigned long)end;
	}
}

START_TEST(test_model_catches_wrong_max_pfn)
{
	struct mismatch m;

	compare_max_pfn(wrong_find_max_pfn, &m);
	ck_assert_uint_gt(m.count, 0);
	ck_assert_uint_ne(m.got, m.want);
}
END_TEST

/* ---- 2.2 find_max_low_pfn --------------------------------------------------- */

START_TEST(test_max_low_pfn_machines)
{
	const struct sim_e820_map *m = sim_e820_maps[_i];
	unsigned long low;

	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	reset_globals();
	find_max_pfn();
	low = find_max_low_pfn();
	ck_assert_uint_eq(low, machines[_i].max_low_pfn);
	ck_assert_uint_eq(highstart_pfn, machines[_i].max_low_pfn);
	ck_assert_uint_eq(highend_pfn, machines[_i].max_pfn);
	ck_assert_uint_eq(max_pfn, machines[_i].max_pfn);
	/* The exact boot-log lines: no PAE warning, even with 3 GiB. */
	ck_assert_str_eq(sim_console_text(), machines[_i].log);
}
END_TEST

/* find_max_low_pfn() for RAM ending at frame end, against the model. */
static void check_low(unsigned long end)
{
	unsigned long want = end < LOWMEM_PFNS ? end : LOWMEM_PFNS;
	char log[128];

	memset(&e820, 0, sizeof(e820));
	reset_globals();
	max_pfn = end;
	highstart_pfn = highend_pfn = 777;	/* must be set, not kept */
	ck_assert_uint_eq(find_max_low_pfn(), want);
	ck_assert_uint_eq(highstart_pfn, want);
	ck_assert_uint_eq(highend_pfn, end);
	ck_assert_uint_eq(max_pfn, end);
	model_log(end, log, sizeof(log));
	ck_assert_str_eq(sim_console_text(), log);
}

START_TEST(test_max_low_pfn_edges)
{
	check_low(1);
	check_low(0x7F0);			/* 8 MiB */
	check_low(4096);			/* 16 MiB */
	check_low(LOWMEM_PFNS - 1);
	check_low(LOWMEM_PFNS);			/* 896 MiB: no highmem */
	check_low(LOWMEM_PFNS + 1);		/* one high frame: "0MB HIGHMEM" */
	check_low(LOWMEM_PFNS + 256);		/* "1MB HIGHMEM" */
	check_low(1UL << 20);			/* all of 4 GiB: 3200MB HIGHMEM */
}
END_TEST

START_TEST(test_max_low_pfn_one_high_frame_log)
{
	check_low(LOWMEM_PFNS + 1);
	ck_assert_str_eq(sim_console_text(),
			 "0MB HIGHMEM available.\n896MB LOWMEM available.\n");
}
END_TEST

START_TEST(test_max_low_pfn_every_size)
{
	unsigned long end;

	for (end = 1; end <= (1UL << 20); end += 97)
		check_low(end);
}
END_TEST

START_TEST(test_max_low_pfn_pae_warning)
{
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0xBFFF0000, E820_RAM },
		{ 0x100000000ULL, 0x140000000ULL, E820_RAM },
	};

	load_rows(rows, ARRAY_SIZE(rows));
	find_max_pfn();
	ck_assert_uint_eq(max_pfn, 0xBFFF0);
	ck_assert_uint_eq(find_max_low_pfn(), LOWMEM_PFNS);
	/* Linux's words, before the two sizes. */
	ck_assert_str_eq(sim_console_text(), PAE_WARNING
			 "2175MB HIGHMEM available.\n896MB LOWMEM available.\n");
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab2-setup-memory");
	TCase *tc;

	tc = tcase_create("max_pfn");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_max_pfn_machines, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_max_pfn_is_set_not_kept);
	tcase_add_test(tc, test_max_pfn_partial_frames);
	tcase_add_test(tc, test_max_pfn_only_ram_counts);
	tcase_add_test(tc, test_max_pfn_above_4g_ignored);
	tcase_add_test(tc, test_max_pfn_no_ram);
	tcase_add_test(tc, test_max_pfn_model);
	tcase_add_test(tc, test_model_catches_wrong_max_pfn);
	suite_add_tcase(s, tc);

	tc = tcase_create("max_low_pfn");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_max_low_pfn_machines, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_max_low_pfn_edges);
	tcase_add_test(tc, test_max_low_pfn_one_high_frame_log);
	tcase_add_test(tc, test_max_low_pfn_every_size);
	tcase_add_test(tc, test_max_low_pfn_pae_warning);
	suite_add_tcase(s, tc);
	return s;
}
