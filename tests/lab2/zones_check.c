/**
 * @file
 * Lab 2 host suite, steps 2.3 to 2.6: zone_sizes_init() and
 * lowmem_page_address() on the simulated 64 MiB, 1 GiB, 900 MiB and 3 GiB
 * machines, on smaller and holier ones, and against a reference model.
 *
 * Each test boots a machine and sets the page-frame bounds the way the
 * kit's stand-in does (so this suite judges steps 2.3-2.6 alone, whatever
 * 2.1 and 2.2 do), then calls zone_sizes_init().  Lab 1's paging_init()
 * is not called, so nothing else has taken memory above 16 MiB and
 * mem_map must start exactly there.
 *
 * The model knows nothing of memblock: a frame is RAM if one E820 usable
 * row covers all of it, and its zone follows from its number alone:
 *
 * @verbatim
 *   zone(pfn) = DMA     if pfn < min(4096, max_low_pfn)
 *               Normal  if pfn < max_low_pfn
 *               HighMem otherwise
 *   every struct page: flags = PG_reserved | zone << ZONES_PGSHIFT,
 *                      _count 1, _mapcount -1, lru empty, the rest 0
 * @endverbatim
 *
 * Here struct page has the host's size (56 bytes on x86-64, not i386's
 * 32), so mem_map sizes are computed with sizeof(struct page).  One test
 * corrupts a struct page on purpose to prove the page checker fires.
 * Test cases follow the steps: mem_map (2.3), zones (2.4) here; pages
 * (2.5), address (2.6) and misuse in zones_check_pages.c, the same
 * program.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <kit/setup.h>
#include "sim/sim.h"
#include "zones_check.h"

#define LOWMEM_PFNS 229376UL	/* 896 MiB / 4 KiB */

/* ---- machines ------------------------------------------------------------- */

struct zone_want {
	unsigned long start, spanned, present;
};

/* What each ready-made machine must give (sim_e820_maps[] order). */
static const struct {
	unsigned long max_pfn;
	struct zone_want zone[MAX_NR_ZONES];
	int nr_zones;
	const char *ranges;
} machines[SIM_NR_E820_MAPS] = {
	{ 16368, { { 0, 4096, 3999 }, { 4096, 12272, 12272 }, { 16368, 0, 0 } }, 2,
	  "Zone PFN ranges:\n"
	  "  DMA             0 ->     4096\n"
	  "  Normal       4096 ->    16368\n"
	  "  HighMem     16368 ->    16368\n" },
	{ 262128, { { 0, 4096, 3999 }, { 4096, 225280, 225280 }, { 229376, 32752, 32752 } }, 3,
	  "Zone PFN ranges:\n"
	  "  DMA             0 ->     4096\n"
	  "  Normal       4096 ->   229376\n"
	  "  HighMem    229376 ->   262128\n" },
	{ 230384, { { 0, 4096, 3999 }, { 4096, 225280, 225280 }, { 229376, 1008, 1008 } }, 3,
	  "Zone PFN ranges:\n"
	  "  DMA             0 ->     4096\n"
	  "  Normal       4096 ->   229376\n"
	  "  HighMem    229376 ->   230384\n" },
	{ 786416, { { 0, 4096, 3999 }, { 4096, 225280, 225280 }, { 229376, 557040, 557040 } }, 3,
	  "Zone PFN ranges:\n"
	  "  DMA             0 ->     4096\n"
	  "  Normal       4096 ->   229376\n"
	  "  HighMem    229376 ->   786416\n" },
};

static const char *const zone_names[] = { "DMA", "Normal", "HighMem" };

/* The rows of a Bochs machine with ram bytes (as sim/e820_maps.c). */
static int bochs_rows(u64 ram, struct sim_e820_row *rows)
{
	const struct sim_e820_row r[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x9F000, 0xA0000, E820_RESERVED },
		{ 0xE8000, 0x100000, E820_RESERVED },
		{ 0x100000, ram - 0x10000, E820_RAM },
		{ ram - 0x10000, ram, E820_ACPI },
		{ 0xFFFC0000, 0x100000000ULL, E820_RESERVED },
	};

	memcpy(rows, r, sizeof(r));
	return ARRAY_SIZE(r);
}

static const struct sim_e820_row *boot_rows;
static int boot_nr;

void boot(const struct sim_e820_row *rows, int n)
{
	ck_assert_int_eq(sim_machine_init(rows, n), 0);
	boot_rows = rows;
	boot_nr = n;
	mem_map = NULL;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = totalhigh_pages = 0;
	early_find_pfns();		/* kernel/mm/mm_init.c's stand-in */
	set_lowmem_end();
	sim_console_clear();
}

void boot_machine(int i)
{
	boot(sim_e820_maps[i]->rows, sim_e820_maps[i]->nr);
}

void teardown(void)
{
	sim_machine_exit();
}

/* ---- the model -------------------------------------------------------------- */

static enum zone_type model_zone(unsigned long pfn)
{
	if (pfn < min(DMA_PFNS, max_low_pfn))
		return ZONE_DMA;
	return pfn < max_low_pfn ? ZONE_NORMAL : ZONE_HIGHMEM;
}

static bool model_is_ram(unsigned long pfn)
{
	u64 start = (u64)pfn * 4096, end = start + 4096;
	int i;

	for (i = 0; i < boot_nr; i++)
		if (boot_rows[i].type == E820_RAM && boot_rows[i].start <= start &&
		    end <= boot_rows[i].end)
			return true;
	return false;
}

/* How a struct page differs from the model, or NULL if it does not. */
static const char *page_problem(unsigned long pfn)
{
	const struct page *page = &mem_map[pfn];
	unsigned long flags = (1UL << PG_reserved) |
			      ((unsigned long)model_zone(pfn) << ZONES_PGSHIFT);

	if (page_zonenum(page) != model_zone(pfn))
		return "wrong zone";
	if (page->flags != flags)
		return "flags other than PG_reserved and the zone";
	if (page_count(page) != 1 || page->_mapcount != -1)
		return "_count not 1 or _mapcount not -1";
	if (page->private || page->mapping || page->index)
		return "private, mapping or index not 0";
	if (page->lru.next != &page->lru || page->lru.prev != &page->lru)
		return "lru not an empty list";
	return NULL;
}

unsigned long first_bad_page(const char **why)
{
	unsigned long pfn;

	for (pfn = 0; pfn < max_pfn; pfn++)
		if ((*why = page_problem(pfn)))
			return pfn;
	return max_pfn;
}

/* ---- 2.3 mem_map ------------------------------------------------------------ */

START_TEST(test_mem_map_at_16m)
{
	unsigned long bytes, frames;
	phys_addr_t reserved, pa;

	boot_machine(_i);
	ck_assert_uint_eq(max_pfn, machines[_i].max_pfn);
	reserved = memblock_total(&memblock.reserved);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_ptr_eq(contig_page_data.node_mem_map, mem_map);
	bytes = max_pfn * sizeof(struct page);
	frames = (bytes + 4095) / 4096;
	pa = __pa(mem_map);
	/* memblock looks above 16 MiB first: ZONE_DMA stays for ISA DMA. */
	ck_assert_uint_eq(pa, 16UL << 20);
	/* Exactly its whole frames were taken from memblock, no more. */
	ck_assert_uint_eq(memblock_total(&memblock.reserved) - reserved, frames * 4096);
	ck_assert(memblock_is_reserved(pa, 4096));
	ck_assert(memblock_is_reserved(pa + (frames - 1) * 4096, 4096));
	ck_assert(!memblock_is_reserved(pa + frames * 4096, 4096));
	ck_assert(!memblock_is_reserved(pa - 4096, 4096));
}
END_TEST

START_TEST(test_mem_map_log)
{
	unsigned long bytes, end;
	char want[256];

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	bytes = max_pfn * sizeof(struct page);
	end = 0x1000000 + bytes - 1;
	snprintf(want, sizeof(want),
		 "mem_map: %luk at 0x01000000-0x%08lx, %lu page frames (pfn 4096-%lu), "
		 "%lu struct pages of %zu bytes\n", bytes >> 10, end,
		 end / 4096 - 4096 + 1, end / 4096, max_pfn, sizeof(struct page));
	ck_assert_msg(sim_console_contains(want), "no line \"%s\" in:\n%s", want,
		      sim_console_text());
}
END_TEST

START_TEST(test_mem_map_small_machine)
{
	struct sim_e820_row rows[6];
	int n = bochs_rows(16ULL << 20, rows);

	/* 16 MiB: RAM ends below MEMBLOCK_GOAL, so mem_map goes lower,
	 * to the first free frame after the kernel image. */
	boot(rows, n);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(__pa(mem_map), SIM_KERNEL_END);
	ck_assert_uint_eq(max_pfn, 4080);
}
END_TEST

/* ---- 2.4 zones ------------------------------------------------------------------ */

START_TEST(test_zones_machines)
{
	const struct pglist_data *pgdat = &contig_page_data;
	unsigned long present = 0;
	int z;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];
		const struct zone_want *w = &machines[_i].zone[z];

		ck_assert_str_eq(zone->name, zone_names[z]);
		ck_assert_uint_eq(zone->zone_start_pfn, w->start);
		ck_assert_uint_eq(zone->spanned_pages, w->spanned);
		ck_assert_uint_eq(zone->present_pages, w->present);
		ck_assert_ptr_eq(zone->zone_mem_map, mem_map + w->start);
		present += w->present;
	}
	ck_assert_int_eq(pgdat->nr_zones, machines[_i].nr_zones);
	ck_assert_uint_eq(pgdat->node_start_pfn, 0);
	ck_assert_uint_eq(pgdat->node_spanned_pages, max_pfn);
	ck_assert_uint_eq(pgdat->node_present_pages, present);
}
END_TEST

/* Present frames per zone, counted frame by frame from the E820 rows. */
static void check_present_against_model(void)
{
	unsigned long ram[MAX_NR_ZONES] = { 0 }, pfn;
	int z;

	for (pfn = 0; pfn < max_pfn; pfn++)
		if (model_is_ram(pfn))
			ram[model_zone(pfn)]++;
	for (z = 0; z < MAX_NR_ZONES; z++)
		ck_assert_msg(contig_page_data.node_zones[z].present_pages == ram[z],
			      "zone %s: present_pages %lu, model %lu", zone_names[z],
			      contig_page_data.node_zones[z].present_pages, ram[z]);
}

START_TEST(test_zones_present_model)
{
	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	check_present_against_model();
}
END_TEST

START_TEST(test_zones_log)
{
	boot_machine(_i);
	zone_sizes_init();
	ck_assert_msg(sim_console_contains(machines[_i].ranges), "no\n%s\nin:\n%s",
		      machines[_i].ranges, sim_console_text());
}
END_TEST

START_TEST(test_zones_log_1g_in_full)
{
	boot(SIM_E820_1G);
	zone_sizes_init();
	ck_assert(sim_console_contains(
		"early_node_map[2] active PFN ranges\n"
		"    0:        0 ->      159\n"
		"    0:      256 ->   262128\n"
		"On node 0 totalpages: 262031\n"
		"  DMA zone: 3999 pages present of 4096 spanned\n"
		"  Normal zone: 225280 pages present of 225280 spanned\n"
		"  HighMem zone: 32752 pages present of 32752 spanned\n"));
}
END_TEST

START_TEST(test_zones_smaller_than_dma)
{
	struct sim_e820_row rows[6];
	const struct zone *zones = contig_page_data.node_zones;
	int n = bochs_rows(8ULL << 20, rows);

	/* 8 MiB: everything is ZONE_DMA; Normal and HighMem are empty. */
	boot(rows, n);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(max_pfn, 2032);
	ck_assert_uint_eq(zones[ZONE_DMA].spanned_pages, 2032);
	ck_assert_uint_eq(zones[ZONE_DMA].present_pages, 2032 - 97);
	ck_assert_uint_eq(zones[ZONE_NORMAL].zone_start_pfn, 2032);
	ck_assert_uint_eq(zones[ZONE_NORMAL].spanned_pages, 0);
	ck_assert_uint_eq(zones[ZONE_NORMAL].present_pages, 0);
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].zone_start_pfn, 2032);
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].spanned_pages, 0);
	ck_assert_int_eq(contig_page_data.nr_zones, 1);
	ck_assert(sim_console_contains("  Normal       2032 ->     2032\n"));
	EXPECT_PAGES_MATCH_MODEL();
}
END_TEST

START_TEST(test_zones_exactly_896m)
{
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 896ULL << 20, E820_RAM },
	};
	const struct zone *zones = contig_page_data.node_zones;

	boot(rows, ARRAY_SIZE(rows));
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(zones[ZONE_NORMAL].zone_start_pfn + zones[ZONE_NORMAL].spanned_pages,
			  LOWMEM_PFNS);
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].zone_start_pfn, LOWMEM_PFNS);
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].spanned_pages, 0);
	ck_assert_int_eq(contig_page_data.nr_zones, 2);
}
END_TEST

START_TEST(test_zones_holes)
{
	/* RAM with holes: [32 MiB, 48 MiB) and everything past 128 MiB but
	 * a stretch at 1 GiB + 64 MiB .. 1 GiB + 128 MiB. */
	static const struct sim_e820_row rows[] = {
		{ 0x0, 0x9F000, E820_RAM },
		{ 0x100000, 0x2000000, E820_RAM },
		{ 0x3000000, 0x8000000, E820_RAM },
		{ 0x44000000, 0x48000000, E820_RAM },
	};
	const struct zone *zones = contig_page_data.node_zones;

	boot(rows, ARRAY_SIZE(rows));
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(max_pfn, 0x48000);
	ck_assert_uint_eq(zones[ZONE_NORMAL].spanned_pages, LOWMEM_PFNS - 4096);
	ck_assert_uint_eq(zones[ZONE_NORMAL].present_pages, (8192 - 4096) + (32768 - 12288));
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].spanned_pages, 0x48000 - LOWMEM_PFNS);
	ck_assert_uint_eq(zones[ZONE_HIGHMEM].present_pages, 16384);
	ck_assert(sim_console_contains("early_node_map[4] active PFN ranges\n"));
	check_present_against_model();
	EXPECT_PAGES_MATCH_MODEL();
}
END_TEST

/*
 * RAM up to 4 GiB exactly: memblock's last region ends at 1 << 32, which a
 * 32-bit phys_addr_t sum (base + size) wraps to 0.  The sim stops RAM at
 * 3 GiB, so the last GiB is added to memblock by hand; only struct pages
 * are written for it, never the frames.
 */
START_TEST(test_zones_ram_to_4g)
{
	const struct zone *high = &contig_page_data.node_zones[ZONE_HIGHMEM];

	boot(SIM_E820_3G);
	ck_assert_int_eq(memblock_add(0xC0000000, 0x40000000), 0);
	max_pfn = highend_pfn = 1UL << 20;
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(high->zone_start_pfn, LOWMEM_PFNS);
	ck_assert_uint_eq(high->spanned_pages, (1UL << 20) - LOWMEM_PFNS);
	/* Absent: only the ACPI tables' 64 KiB at 0xBFFF0000. */
	ck_assert_uint_eq(high->present_pages, (1UL << 20) - LOWMEM_PFNS - 16);
}
END_TEST

/*
 * Only memblock.memory's first cnt regions are RAM: the slots after them
 * may hold what an earlier merge left there.  Here the slot after the last
 * region claims the 640 KiB-1 MiB hole and a stretch past the end of RAM.
 */
START_TEST(test_zones_regions_past_cnt_ignored)
{
	struct memblock_region *stale;

	boot(SIM_E820_1G);
	ck_assert_uint_lt(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	stale = &memblock.memory.regions[memblock.memory.cnt];
	stale->base = 0x9F000;
	stale->size = 0x61000;
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	ck_assert_uint_eq(contig_page_data.node_zones[ZONE_DMA].present_pages,
			  machines[1].zone[ZONE_DMA].present);
	*stale = (struct memblock_region){ 0 };
}
END_TEST

START_TEST(test_zones_free_lists_empty)
{
	int z, order;

	boot_machine(_i);
	zone_sizes_init();
	ck_assert_ptr_nonnull(mem_map);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &contig_page_data.node_zones[z];

		ck_assert_uint_eq(zone->free_pages, 0);
		for (order = 0; order < MAX_ORDER; order++) {
			ck_assert(list_empty(&zone->free_area[order].free_list));
			ck_assert_uint_eq(zone->free_area[order].nr_free, 0);
		}
	}
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab2-zones");
	TCase *tc;

	tc = tcase_create("mem_map");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_mem_map_at_16m, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_mem_map_log, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_mem_map_small_machine);
	suite_add_tcase(s, tc);

	tc = tcase_create("zones");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_zones_machines, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_zones_present_model, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_zones_log, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_zones_log_1g_in_full);
	tcase_add_test(tc, test_zones_smaller_than_dma);
	tcase_add_test(tc, test_zones_exactly_896m);
	tcase_add_test(tc, test_zones_holes);
	tcase_add_loop_test(tc, test_zones_free_lists_empty, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_zones_ram_to_4g);
	tcase_add_test(tc, test_zones_regions_past_cnt_ignored);
	suite_add_tcase(s, tc);

	add_pages_tcases(s);
	return s;
}
