/**
 * @file
 * Lab 2 in-kernel tests, steps 2.1 and 2.2: find_max_pfn() and
 * find_max_low_pfn() on the booted machine and on made-up E820 maps.
 *
 * The globals max_pfn, max_low_pfn, highstart_pfn and highend_pfn cannot
 * be trusted to be the student's: when lab 2 gives nonsense, mm_init()
 * sizes memory with a stand-in of its own so the kernel still boots.  So
 * every test here calls the student's functions again, compares with what
 * it works out itself from the E820 table, and puts the globals (and the
 * table, for the made-up maps) back as they were.  Calling them again
 * prints their boot-log lines again, in the middle of the test output:
 * that is expected.
 *
 * Groups follow the steps: max_pfn (2.1), max_low_pfn (2.2).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <kit/ktest.h>

#define FRAME	4096ULL
#define FOUR_GB	0x100000000ULL
#define LOWMEM_FRAMES	(896UL << 20 >> 12)	/* 229376 */

/* The four page-frame globals, saved and put back around a test. */
struct pfn_globals {
	unsigned long max_pfn, max_low_pfn, highstart_pfn, highend_pfn;
};

static void save_pfns(struct pfn_globals *g)
{
	*g = (struct pfn_globals){ max_pfn, max_low_pfn, highstart_pfn, highend_pfn };
}

static void restore_pfns(const struct pfn_globals *g)
{
	max_pfn = g->max_pfn;
	max_low_pfn = g->max_low_pfn;
	highstart_pfn = g->highstart_pfn;
	highend_pfn = g->highend_pfn;
}

/*
 * The end of RAM worked out differently from the lab's way: in bytes,
 * each usable row's end cut to 4 GiB and rounded down to a frame, kept
 * only if a whole frame is left between it and the row's start rounded up.
 */
static unsigned long e820_end_frame(void)
{
	u64 best = 0;
	u32 i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 first = (e->addr + FRAME - 1) / FRAME * FRAME;
		u64 end = e->addr + e->size;

		if (e->type != E820_RAM)
			continue;
		if (end > FOUR_GB)
			end = FOUR_GB;
		end = end / FRAME * FRAME;
		if (end >= first + FRAME && end > best)
			best = end;
	}
	return (unsigned long)(best / FRAME);
}

/* A made-up E820 table, swapped in for one test (interrupts are off). */
static struct e820map saved_e820;

struct row {
	u64 start, end;
	u32 type;
};

static void use_fake_e820(const struct row *rows, unsigned int n)
{
	unsigned int i;

	saved_e820 = e820;
	e820.nr_map = 0;
	for (i = 0; i < n; i++)
		e820_add_region(rows[i].start, rows[i].end - rows[i].start, rows[i].type);
}

static void restore_e820(void)
{
	e820 = saved_e820;
}

/* find_max_pfn() on a made-up map; the real table and globals come back. */
static unsigned long max_pfn_of(const struct row *rows, unsigned int n)
{
	struct pfn_globals g;
	unsigned long got;

	save_pfns(&g);
	use_fake_e820(rows, n);
	find_max_pfn();
	got = max_pfn;
	restore_e820();
	restore_pfns(&g);
	return got;
}

/* ---- 2.1 find_max_pfn ---------------------------------------------------- */

KTEST(lab2, max_pfn, booted_machine)
{
	struct pfn_globals g;
	unsigned long want = e820_end_frame();

	save_pfns(&g);
	max_pfn = 12345;	/* find_max_pfn() must set it, not keep it */
	find_max_pfn();
	KTEST_EXPECT_EQ(t, max_pfn, want);
	restore_pfns(&g);
	KTEST_EXPECT(t, want > 0);
}

KTEST(lab2, max_pfn, unaligned_rows)
{
	/* Bochs's 1 GiB map, but the big row ends half-way into a frame. */
	static const struct row ragged[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x9F000, 0xA0000, E820_RESERVED },
		{ 0x100000, 0x3FFF0800, E820_RAM },
		{ 0x3FFF0800, 0x40000000, E820_ACPI },
	};
	/* A last row with no whole frame in it counts for nothing. */
	static const struct row sliver[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x4000000, E820_RAM },
		{ 0x5000800, 0x5001400, E820_RAM },
	};
	/* ... but one whole frame does: [0x5000800, 0x5002400) holds 0x5001. */
	static const struct row one_frame[] = {
		{ 0x100000, 0x4000000, E820_RAM },
		{ 0x5000800, 0x5002400, E820_RAM },
	};
	/* Reserved rows high up are not RAM. */
	static const struct row rom[] = {
		{ 0x100000, 0x800000, E820_RAM },
		{ 0x800000, 0x900000, E820_NVS },
		{ 0xFFFC0000, 0x100000000ULL, E820_RESERVED },
	};

	KTEST_EXPECT_EQ(t, max_pfn_of(ragged, ARRAY_SIZE(ragged)), 0x3FFF0);
	KTEST_EXPECT_EQ(t, max_pfn_of(sliver, ARRAY_SIZE(sliver)), 0x4000);
	KTEST_EXPECT_EQ(t, max_pfn_of(one_frame, ARRAY_SIZE(one_frame)), 0x5002);
	KTEST_EXPECT_EQ(t, max_pfn_of(rom, ARRAY_SIZE(rom)), 0x800);
}

KTEST(lab2, max_pfn, ram_above_4g_ignored)
{
	/* 1 GiB below 4 GiB and 1 GiB above it: only the first counts. */
	static const struct row pae[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x3FFF0000, E820_RAM },
		{ 0x100000000ULL, 0x140000000ULL, E820_RAM },
	};
	/* A row across 4 GiB ends there: max_pfn = 2^20. */
	static const struct row across[] = {
		{ 0x100000, 0x180000000ULL, E820_RAM },
	};

	KTEST_EXPECT_EQ(t, max_pfn_of(pae, ARRAY_SIZE(pae)), 0x3FFF0);
	KTEST_EXPECT_EQ(t, max_pfn_of(across, ARRAY_SIZE(across)), 0x100000);
}

/* ---- 2.2 find_max_low_pfn ------------------------------------------------ */

/* find_max_low_pfn() for a machine whose RAM ends at frame end. */
static void check_low(struct ktest *t, unsigned long end)
{
	struct pfn_globals g;
	unsigned long low = min(end, LOWMEM_FRAMES), got;

	save_pfns(&g);
	max_pfn = end;
	highstart_pfn = highend_pfn = 777;	/* must be set, not kept */
	got = find_max_low_pfn();
	KTEST_EXPECT_EQ(t, got, low);
	KTEST_EXPECT_EQ(t, highstart_pfn, low);
	KTEST_EXPECT_EQ(t, highend_pfn, end);
	KTEST_EXPECT_EQ(t, max_pfn, end);
	restore_pfns(&g);
}

KTEST(lab2, max_low_pfn, booted_machine)
{
	check_low(t, e820_end_frame());
}

KTEST(lab2, max_low_pfn, machine_sizes)
{
	check_low(t, 0x3FF0);		/* 64 MiB: no highmem */
	check_low(t, 0x3FFF0);		/* 1 GiB: 127 MiB of highmem */
	check_low(t, 0x7FFF0);		/* 2 GiB */
	check_low(t, 0xBFFF0);		/* 3 GiB: 2175 MiB of highmem */
	check_low(t, 0x7F0);		/* 8 MiB: smaller than ZONE_DMA */
}

KTEST(lab2, max_low_pfn, edge_of_the_direct_map)
{
	check_low(t, LOWMEM_FRAMES - 1);
	check_low(t, LOWMEM_FRAMES);	/* exactly 896 MiB: no highmem */
	check_low(t, LOWMEM_FRAMES + 1);	/* one high frame */
	check_low(t, 0x100000);		/* all of 4 GiB */
}
