/**
 * @file
 * memblock (kernel/core/memblock.c) under random operations, against its
 * reference model (memblock_model.h).
 *
 * For each ready-made machine (64 MiB, 1, 2, 3 GiB) and three fixed seeds,
 * 3000 random steps: allocations (memblock_phys_alloc and _range, sizes
 * in bytes, alignments 4 KiB to 4 MiB), reservations, RAM hot-adds, frees
 * of reserved pieces, frees of what is not reserved, and queries.  The
 * model predicts every return value and the exact address of every
 * allocation; after every step model_compare() checks that both tables
 * are sorted, merged and equal to the model, and that
 * memblock_next_free_range() walks exactly the model's free pages.
 *
 * Every allocation is also checked on its own against the state before
 * it: aligned, inside the window and below current_limit, on free RAM
 * (overlapping nothing reserved), and below 16 MiB only if nothing fitted
 * above.  Each seed runs with its own current_limit (896 MiB, 32 MiB, and
 * an unaligned 20 MiB + 12 KiB).  Random frees keep page 0 reserved and
 * never split a region while the table is full: memblock_check.c tests
 * those two cases by rule.  MB_STATS=1 prints what each run exercised.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* xorshift64*: the same sequence on every host. */
static u64 rng;

static u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/* Mostly small (1..64 pages), one time in ten up to @big pages. */
static u64 rnd_pages(u64 big)
{
	return 1 + rnd_below(rnd_below(10) ? 64 : big);
}

/* A page-aligned range inside [0, span_end). */
static void rnd_range(u64 span_end, u64 big, u64 *base, u64 *size)
{
	u64 pages = rnd_pages(big);

	pages = min(pages, span_end / PAGE_SIZE);

	*base = rnd_below(span_end / PAGE_SIZE - pages + 1) * PAGE_SIZE;
	*size = pages * PAGE_SIZE;
}

#define NR_SEEDS 3
#define STEPS    3000
/* The top of the span random ranges fall in: RAM plus 64 MiB, below the ROM. */
static u64 span_end;
static struct { unsigned int allocs, alloc_fails, frees, bad_frees, enospc; } stats;

/* Properties of a fresh allocation, against the model before it. */
static void check_allocation(phys_addr_t pa, u64 size, u64 align, u64 start, u64 end)
{
	u64 sz = ALIGN(size, align);

	ck_assert_msg(pa % align == 0, "%#x not aligned to %#llx", pa,
		      (unsigned long long)align);
	ck_assert_msg(pa >= start && pa + sz <= min(end, model.limit),
		      "%#x+%#llx outside [%#llx, %#llx) or above the limit", pa,
		      (unsigned long long)sz, (unsigned long long)start,
		      (unsigned long long)end);
	ck_assert_msg(model_all(&model, MB_FREE, pa, sz),
		      "%#x+%#llx is not free RAM (overlaps a reservation?)", pa,
		      (unsigned long long)sz);
}

static void op_alloc(char *desc, size_t len)
{
	u64 size = rnd_pages(8192) * PAGE_SIZE - rnd_below(PAGE_SIZE);
	u64 align = PAGE_SIZE << rnd_below(11);
	phys_addr_t got = memblock_phys_alloc(size, align);
	u64 want;

	snprintf(desc, len, "memblock_phys_alloc(%#llx, %#llx) = %#x",
		 (unsigned long long)size, (unsigned long long)align, got);
	if (got) {
		check_allocation(got, size, align, 0, model.limit);
		ck_assert_msg(got >= MEMBLOCK_GOAL ||
			      !model_predict_range(&model, size, align, MEMBLOCK_GOAL,
						   model.limit),
			      "%s: below 16 MiB although there was room above", desc);
	}
	want = model_alloc(&model, size, align);
	ck_assert_msg(got == want, "%s, the model says %#llx", desc, (unsigned long long)want);
	got ? stats.allocs++ : stats.alloc_fails++;
}

static void op_alloc_range(char *desc, size_t len)
{
	u64 size = rnd_pages(1024) * PAGE_SIZE, align = PAGE_SIZE << rnd_below(6);
	u64 start, window, want;
	phys_addr_t got;

	rnd_range(span_end, 65536, &start, &window);
	got = memblock_phys_alloc_range(size, align, start, start + window);
	snprintf(desc, len, "memblock_phys_alloc_range(%#llx, %#llx, %#llx, %#llx) = %#x",
		 (unsigned long long)size, (unsigned long long)align,
		 (unsigned long long)start, (unsigned long long)(start + window), got);
	if (got)
		check_allocation(got, size, align, start, start + window);
	want = model_alloc_range(&model, size, align, start, start + window);
	ck_assert_msg(got == want, "%s, the model says %#llx", desc, (unsigned long long)want);
	got ? stats.allocs++ : stats.alloc_fails++;
}

/* memblock_add (RAM, kept below the BIOS ROM) or memblock_reserve. */
static void op_add(enum mb_map which, char *desc, size_t len)
{
	u64 base, size;
	int want, got;

	rnd_range(which == MB_MEM ? 0xFFFC0000ULL : span_end, 16384, &base, &size);
	want = model_add(&model, which, base, size);
	got = which == MB_MEM ? memblock_add(base, size) : memblock_reserve(base, size);
	snprintf(desc, len, "memblock_%s(%#llx, %#llx) = %d",
		 which == MB_MEM ? "add" : "reserve", (unsigned long long)base,
		 (unsigned long long)size, got);
	ck_assert_msg(got == want, "%s, the model says %d", desc, want);
	stats.enospc += got == -ENOSPC;
}

/* Free part of a reserved run (never page 0, never a split of a full table). */
static void op_free(char *desc, size_t len)
{
	unsigned int k = rnd_below(model_runs(&model, MB_RES)), warns = warn_count;
	u64 s, e = 0, base, end;
	bool full = model_runs(&model, MB_RES) == INIT_MEMBLOCK_REGIONS;

	do
		model_next_run(&model, MB_RES, e, &s, &e);
	while (k--);
	base = max(s, (u64)PAGE_SIZE);
	end = e;
	if (rnd_below(2)) {		/* a piece of it, not the whole run */
		base += rnd_below((end - base) / PAGE_SIZE + 1) * PAGE_SIZE;
		end = base + rnd_below((e - base) / PAGE_SIZE + 1) * PAGE_SIZE;
	}
	if (base >= end || (full && base > s && end < e))
		return;
	snprintf(desc, len, "memblock_free(%#llx, %#llx)", (unsigned long long)base,
		 (unsigned long long)(end - base));
	ck_assert_int_eq(model_free(&model, base, end - base), 0);
	ck_assert_msg(memblock_free(base, end - base) == 0, "%s failed", desc);
	ck_assert_uint_eq(warn_count, warns);
	stats.frees++;
}

/* Free something not (entirely) reserved: -EINVAL and a warning. */
static void op_bad_free(char *desc, size_t len)
{
	unsigned int warns = warn_count;
	char msg[80];
	u64 base, size;

	rnd_range(span_end, 256, &base, &size);
	if (model_all(&model, MB_RES, base, size))
		return;
	snprintf(desc, len, "memblock_free(%#llx, %#llx)", (unsigned long long)base,
		 (unsigned long long)size);
	sim_console_clear();
	ck_assert_int_eq(model_free(&model, base, size), -EINVAL);
	ck_assert_msg(memblock_free(base, size) == -EINVAL, "%s: not -EINVAL", desc);
	ck_assert_uint_eq(warn_count, warns + 1);
	snprintf(msg, sizeof(msg), "memblock_free: [%#llx-%#llx] was not reserved\n",
		 (unsigned long long)base, (unsigned long long)(base + size - 1));
	ck_assert_msg(sim_console_contains(msg), "no \"%s\" in: %s", msg, sim_console_text());
	stats.bad_frees++;
}

static void op_query(char *desc, size_t len)
{
	u64 base, size;

	rnd_range(span_end, 4096, &base, &size);
	snprintf(desc, len, "query [%#llx, +%#llx)", (unsigned long long)base,
		 (unsigned long long)size);
	ck_assert_int_eq(memblock_is_memory(base, size), model_all(&model, MB_MEM, base, size));
	ck_assert_int_eq(memblock_is_reserved(base, size),
			 model_any(&model, MB_RES, base, size));
}

static void random_step(char *desc, size_t len)
{
	unsigned int op = rnd_below(100);

	*desc = '\0';
	if (op < 30)
		op_alloc(desc, len);
	else if (op < 40)
		op_alloc_range(desc, len);
	else if (op < 52)
		op_add(MB_RES, desc, len);
	else if (op < 56)
		op_add(MB_MEM, desc, len);
	else if (op < 80)
		op_free(desc, len);
	else if (op < 90)
		op_bad_free(desc, len);
	else
		op_query(desc, len);
}

/* Each seed its own current_limit: the default, 32 MiB, and an odd one. */
static const u64 seed_limit[NR_SEEDS] = { MAXMEM, 32 << 20, (20 << 20) + 0x3000 };

START_TEST(test_random_sequences)
{
	const struct sim_e820_map *map = sim_e820_maps[_i / NR_SEEDS];
	unsigned int seed = _i % NR_SEEDS, step;
	char desc[160];

	ck_assert_int_eq(sim_machine_init(map->rows, map->nr), 0);
	model_boot(&model, map->rows, map->nr);
	memblock.current_limit = model.limit = seed_limit[seed];
	span_end = min(map->rows[4].end + (64 << 20), 0xFFFC0000ULL);
	rng = 0x9E3779B97F4A7C15ULL * (seed + 1);
	memset(&stats, 0, sizeof(stats));
	EXPECT_MODEL("%s at boot: %s", map->name, why);
	for (step = 0; step < STEPS; step++) {
		random_step(desc, sizeof(desc));
		EXPECT_MODEL("%s seed %u step %u, after %s: %s", map->name, seed,
			     step, desc, why);
	}
	/* The sequence must have exercised what it claims to. */
	ck_assert_uint_gt(stats.allocs, 100);
	ck_assert_uint_gt(stats.frees, 100);
	ck_assert_uint_gt(stats.bad_frees, 50);
	ck_assert_uint_gt(stats.alloc_fails + stats.enospc, 0);
	if (getenv("MB_STATS"))
		fprintf(stderr, "%s seed %u: %u allocs, %u failed, %u frees, "
			"%u bad frees, %u ENOSPC, %u reserved regions\n", map->name,
			seed, stats.allocs, stats.alloc_fails, stats.frees,
			stats.bad_frees, stats.enospc, memblock.reserved.cnt);
	sim_machine_exit();
}
END_TEST

static void shutdown(void)
{
	sim_machine_exit();
	sim_console_clear();
}

Suite *host_suite(void)
{
	Suite *s = suite_create("memblock_random");
	TCase *tc;

	tc = tcase_create("random");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_random_sequences, 0, SIM_NR_E820_MAPS * NR_SEEDS);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
