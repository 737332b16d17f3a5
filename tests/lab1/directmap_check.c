/**
 * @file
 * Lab 1 host suite: paging_init(), lookup_address(), __phys_addr() and
 * virt_addr_valid() on the simulated machines of 64 MiB, 1 GiB, 900 MiB and
 * 3 GiB, against the reference model of directmap_ref.h.
 *
 * The model says what every entry of swapper_pg_dir must hold:
 *
 * @verbatim
 *   machine  max_low_pfn  tables  last table    high_memory  VMALLOC_START
 *   64M      0x3FF0       16      1008 entries  0xC3FF0000   0xC4800000
 *   1G..3G   0x38000      224     full          0xF8000000   0xF8800000
 *   PTE of pfn: pfn << 12 | 0x061 (ro) in the fake image's [_text,
 *   __end_rodata) = pfns 0x100..0x1BF, pfn << 12 | 0x063 (RW) elsewhere
 * @endverbatim
 *
 * Each machine boots as far as mm_init() takes it before paging_init():
 * page-frame bounds, high_memory, memblock's limit (boot_to_paging()).
 * The RAM where page tables will come from is dirtied first, so a table
 * that is not zeroed shows up as stray entries.  Test cases follow the
 * lab's steps: pgtable (1.1), map (1.2), protect and switch (1.3), lookup
 * (1.4) and physaddr (1.5) in directmap_check_lookup.c (the same
 * program); then the deliberate fault that proves the model comparison
 * fires, and the kit's page-table dump.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/fixmap.h>
#include <asm/highmem.h>
#include "sim/sim.h"
#include <kit/setup.h>
#include "directmap_ref.h"
#include "directmap_check.h"

/* max_low_pfn and the number of page tables of each ready-made machine. */
static const unsigned long low_pfns[SIM_NR_E820_MAPS] = {
	0x3FF0, 0x38000, 0x38000, 0x38000,
};
static const unsigned long nr_tables[SIM_NR_E820_MAPS] = { 16, 224, 224, 224 };

/* The fake image's read-only part (tests/host/sim/paging.c). */
#define IMG_RO_FIRST_PFN 0x100
#define IMG_RO_END_PFN   0x1C0

void boot_to_paging(int i)
{
	ck_assert_int_eq(sim_machine_init(sim_e820_maps[i]->rows,
					  sim_e820_maps[i]->nr), 0);
	early_find_pfns();		/* kernel/mm/mm_init.c, without lab 2 */
	set_lowmem_end();
	/* Dirty the RAM memblock hands out first (from 16 MiB up). */
	memset(__va(MEMBLOCK_GOAL), 0xA5, 2UL << 20);
	sim_console_clear();
}

void boot_and_page(int i)
{
	boot_to_paging(i);
	paging_init();
}

void shutdown(void)
{
	sim_machine_exit();
	sim_console_clear();
	max_pfn = max_low_pfn = 0;
	high_memory = NULL;
}

/* ---- comparing with the model ---------------------------------------------- */

struct mismatch {
	unsigned long count;		/* entries that differ */
	unsigned long pfn;		/* the first one: its frame (or slot) */
	u32 got, want;
};

static void note(struct mismatch *m, unsigned long pfn, u32 got, u32 want)
{
	if (got != want && !m->count++) {
		m->pfn = pfn;
		m->got = got;
		m->want = want;
	}
}

/* Every PTE of every lowmem table, and the empty slots after max_low_pfn. */
static void compare_direct_map(struct mismatch *m)
{
	unsigned long pfn, end = ALIGN(max_low_pfn, PTRS_PER_PTE);

	*m = (struct mismatch){ 0 };
	for (pfn = 0; pfn < end; pfn++) {
		enum pg_level level;
		pte_t *pte = ref_walk(swapper_pg_dir,
				      (unsigned long)__va(PFN_PHYS(pfn)), &level);
		u32 got = pte && level == PG_LEVEL_4K ? pte_val(*pte) : 0xDEAD;

		note(m, pfn, got, pfn < max_low_pfn ? ref_expected_pte(pfn) : 0);
	}
}

/* Frame @pfn's PTE, or 0 without one. */
static u32 pte_of_pfn(unsigned long pfn)
{
	enum pg_level level;
	pte_t *pte = ref_walk(swapper_pg_dir, (unsigned long)__va(PFN_PHYS(pfn)), &level);

	return pte ? pte_val(*pte) : 0;
}

#define EXPECT_NO_MISMATCH(m)						\
	ck_assert_msg(!(m).count, "pfn %#lx: entry %#x, should be %#x "	\
		      "(%lu entries differ)", (m).pfn, (m).got, (m).want, (m).count)

/* ---- 1.1 pgtable ------------------------------------------------------------- */

START_TEST(test_tables_cover_lowmem)
{
	unsigned int first = pgd_index(PAGE_OFFSET), i;

	boot_and_page(_i);
	ck_assert_uint_eq(max_low_pfn, low_pfns[_i]);
	ck_assert_uint_eq(ref_nr_tables(), nr_tables[_i]);
	for (i = 0; i < PTRS_PER_PGD; i++) {
		u32 v = pgd_val(swapper_pg_dir[i]);

		if (i >= first && i < first + nr_tables[_i]) {
			ck_assert_msg((v & REF_FLAGS_MASK) == _KERNPG_TABLE,
				      "pgd %u = %#x: not a kernel page table", i, v);
			ck_assert_uint_lt(v & PAGE_MASK, PFN_PHYS(max_low_pfn));
		} else {
			ck_assert_msg(v == 0, "pgd %u = %#x: should be empty", i, v);
		}
	}
}
END_TEST

START_TEST(test_tables_from_memblock)
{
	unsigned int first = pgd_index(PAGE_OFFSET), i, j;
	phys_addr_t before;

	boot_to_paging(_i);
	before = memblock_total(&memblock.reserved);
	paging_init();
	/* Exactly one page each, reserved, outside the image, all different. */
	ck_assert_uint_eq(memblock_total(&memblock.reserved) - before,
			  nr_tables[_i] * PAGE_SIZE);
	for (i = first; i < first + nr_tables[_i]; i++) {
		phys_addr_t pa = pgd_val(swapper_pg_dir[i]) & PAGE_MASK;

		ck_assert(memblock_is_reserved(pa, PAGE_SIZE));
		ck_assert(pa >= SIM_KERNEL_END);
		for (j = first; j < i; j++)	/* plain if: ck_assert costs a syscall */
			if ((pgd_val(swapper_pg_dir[j]) & PAGE_MASK) == pa)
				ck_abort_msg("pgd %u and %u share table %#x", j, i, pa);
	}
}
END_TEST

/*
 * An entry that already has a table keeps it: paging_init() fills the
 * table it finds in pgd 768 and takes new pages only for the others.
 */
START_TEST(test_existing_table_kept)
{
	unsigned int first = pgd_index(PAGE_OFFSET);
	phys_addr_t before;
	struct mismatch m;
	pte_t *pt;

	boot_to_paging(_i);
	pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	ck_assert_ptr_nonnull(pt);
	set_pgd(&swapper_pg_dir[first], __pgd(__pa(pt) | _KERNPG_TABLE));
	before = memblock_total(&memblock.reserved);
	paging_init();
	ck_assert_uint_eq(pgd_val(swapper_pg_dir[first]), __pa(pt) | _KERNPG_TABLE);
	ck_assert_uint_eq(memblock_total(&memblock.reserved) - before,
			  (nr_tables[_i] - 1) * PAGE_SIZE);
	compare_direct_map(&m);
	EXPECT_NO_MISMATCH(m);
}
END_TEST

static void run_paging_init(void *arg)
{
	(void)arg;
	paging_init();
}

/* No memory left for a page table: boot cannot go on, so it panics. */
START_TEST(test_tables_no_room_panics)
{
	char *why;
	phys_addr_t s, e;

	boot_to_paging(1);
	while (memblock_next_free_range(0, &s, &e))
		memblock_reserve(s, e - s);
	why = sim_must_panic(run_paging_init, NULL);
	ck_assert_msg(!why, "paging_init() with no memory left should panic; %s", why);
}
END_TEST

/* ---- 1.2 map ----------------------------------------------------------------- */

START_TEST(test_map_matches_model)
{
	struct mismatch m;

	boot_and_page(_i);
	compare_direct_map(&m);
	EXPECT_NO_MISMATCH(m);
}
END_TEST

START_TEST(test_nothing_above_high_memory)
{
	unsigned long addr;

	boot_and_page(_i);
	ck_assert_uint_eq(pte_of_pfn(max_low_pfn - 1), ref_expected_pte(max_low_pfn - 1));
	for (addr = (unsigned long)high_memory; addr < VMALLOC_START; addr += PAGE_SIZE) {
		enum pg_level level;
		pte_t *pte = ref_walk(swapper_pg_dir, addr, &level);

		ck_assert_msg(!pte || !pte_val(*pte), "%#x is mapped: %#x",
			      sim_kva((void *)addr), pte ? pte_val(*pte) : 0);
	}
	ck_assert(!sim_readable(high_memory));
}
END_TEST

/*
 * A table is a page of its own, page aligned, and nothing past it is
 * written.  memblock hands out pages from MEMBLOCK_GOAL up, so the tables
 * are normally back to back, aligned, and a write to entry 1024 lands,
 * harmlessly, on entry 0 of the next table.  Here the first 64 bytes at
 * MEMBLOCK_GOAL are taken, which leaves a free range that starts off a
 * page boundary (a table allocated there without page alignment is
 * filled from the page's start, over those 64 bytes), and every other
 * page after it, so that each of the first CANARY_PAGES tables is followed
 * by a page of boot_to_paging()'s 0xA5:
 *
 *   GOAL +0    +64        +1P      +2P      +3P      +4P ...    +16P
 *   |reserved| free      | table  | canary | table  | canary ... | canary
 */
#define CANARY_PAGES 8

static const u32 *canary_page(unsigned int k)
{
	return __va(MEMBLOCK_GOAL + (2 * k + 2) * PAGE_SIZE);
}

/* The first word of [p, p + n) that is not 0xA5A5A5A5, or n / 4. */
static unsigned int first_dirty_word(const u32 *p, size_t n)
{
	unsigned int j;

	for (j = 0; j < n / sizeof(u32); j++)	/* plain if: ck_assert costs a syscall */
		if (p[j] != 0xA5A5A5A5u)
			break;
	return j;
}

START_TEST(test_tables_whole_pages)
{
	unsigned int k, j;
	struct mismatch m;

	boot_to_paging(_i);
	memblock_reserve(MEMBLOCK_GOAL, 64);
	for (k = 0; k < CANARY_PAGES; k++)
		memblock_reserve(__pa(canary_page(k)), PAGE_SIZE);
	paging_init();
	j = first_dirty_word(__va(MEMBLOCK_GOAL), 64);
	ck_assert_msg(j == 16, "word %u of the 64 reserved bytes at %#x was written",
		      j, (u32)MEMBLOCK_GOAL);
	for (k = 0; k < CANARY_PAGES; k++) {
		const u32 *canary = canary_page(k);

		j = first_dirty_word(canary, PAGE_SIZE);
		ck_assert_msg(j == PAGE_SIZE / sizeof(u32),
			      "%#x: word %u of the page after a table is %#x",
			      sim_kva(canary), j, canary[j]);
	}
	compare_direct_map(&m);
	EXPECT_NO_MISMATCH(m);
}
END_TEST

/* ---- 1.3 protect and switch ---------------------------------------------------- */

START_TEST(test_image_read_only)
{
	unsigned long pfn, ro = 0;

	boot_and_page(1);
	ck_assert_uint_eq(ref_ro_first_pfn(), IMG_RO_FIRST_PFN);
	ck_assert_uint_eq(ref_ro_end_pfn(), IMG_RO_END_PFN);
	for (pfn = 0; pfn < max_low_pfn; pfn++)
		ro += (pte_of_pfn(pfn) & (_PAGE_RW | _PAGE_PRESENT)) == _PAGE_PRESENT;
	ck_assert_uint_eq(ro, IMG_RO_END_PFN - IMG_RO_FIRST_PFN);	/* 192 */
	/* Edges: the last text page (partial), kallsyms after it, the next page. */
	ck_assert_uint_eq(pte_of_pfn(PFN_DOWN(__pa(_etext))) & REF_FLAGS_MASK,
			  __PAGE_KERNEL_RO);
	ck_assert_uint_eq(pte_of_pfn(PFN_UP(__pa(_etext))) & REF_FLAGS_MASK,
			  __PAGE_KERNEL_RO);
	ck_assert_uint_eq(pte_of_pfn(IMG_RO_FIRST_PFN - 1) & REF_FLAGS_MASK, __PAGE_KERNEL);
	ck_assert_uint_eq(pte_of_pfn(IMG_RO_END_PFN) & REF_FLAGS_MASK, __PAGE_KERNEL);
	/* Linux's two lines: 0x1A4000 - 0x100000 = 656K, 0x1C0000 - 0x1A4000 = 112K. */
	ck_assert(sim_console_contains("Write protecting the kernel text: 656k\n"));
	ck_assert(sim_console_contains("Write protecting the kernel read-only data: 112k\n"));
}
END_TEST

START_TEST(test_switched)
{
	unsigned int i;

	boot_to_paging(_i);
	ck_assert_ptr_eq(current_pgdir(), sim_boot_pg_dir);
	paging_init();
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	ck_assert(sim_write_protect());
	/* The boot directory is left alone: 224 PSE entries, as head.S made it. */
	for (i = 0; i < 224; i++)
		ck_assert(pgd_large(sim_boot_pg_dir[768 + i]));
}
END_TEST

/*
 * The second mapping: a page table for FIXADDR_TOP's 4 MiB from memblock,
 * one PTE at FIX_HOLE's page.  Pattern through __va(), read through the
 * alias and back, for a sample of frames across lowmem.
 */
START_TEST(test_alias_pattern)
{
	unsigned long alias, pfn, step = 97;
	pgd_t *pgd;
	pte_t *pt, *slot;

	boot_and_page(_i);
	alias = __fix_to_virt(FIX_HOLE);	/* FIXADDR_TOP needs the window */
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	pgd = pgd_offset_k(FIXADDR_TOP);
	ck_assert(pgd_none(*pgd));
	pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	ck_assert_ptr_nonnull(pt);
	set_pgd(pgd, __pgd(__pa(pt) | _KERNPG_TABLE));
	slot = pte_offset_kernel(pgd, alias);
	for (pfn = 0; pfn < max_low_pfn; pfn += pfn + step < max_low_pfn ? step : 1) {
		u32 *direct = __va(PFN_PHYS(pfn)), *via = (u32 *)alias;

		set_pte(slot, pfn_pte(pfn, PAGE_KERNEL));
		__flush_tlb_one(alias);
		*direct = 0xA5000000u ^ (u32)pfn;
		ck_assert_uint_eq(*via, 0xA5000000u ^ (u32)pfn);
		*via = ~(u32)pfn;
		ck_assert_uint_eq(*direct, ~(u32)pfn);
	}
	pte_clear(slot);
	ck_assert(sim_readable((void *)alias));		/* stale until the flush */
	__flush_tlb_one(alias);
	ck_assert(!sim_readable((void *)alias));
	set_pgd(pgd, __pgd(0));
}
END_TEST

/* ---- the deliberate fault: the comparison must notice one wrong entry ---------- */

START_TEST(test_model_catches_wrong_entry)
{
	struct mismatch m;
	pte_t *pte;
	enum pg_level level;

	boot_and_page(1);
	pte = ref_walk(swapper_pg_dir, (unsigned long)__va(0x2000000), &level);
	ck_assert_ptr_nonnull(pte);
	pte->pte &= ~_PAGE_RW;			/* 32 MiB made read-only */
	compare_direct_map(&m);
	ck_assert_uint_eq(m.count, 1);
	ck_assert_uint_eq(m.pfn, 0x2000);
	ck_assert_uint_eq(m.want, 0x2000063);
	ck_assert_uint_eq(m.got, 0x2000061);
	pte->pte |= _PAGE_RW;
	compare_direct_map(&m);
	ck_assert_uint_eq(m.count, 0);
}
END_TEST

/* ---- the kit's dump (kernel/mm/ptdump.c) ------------------------------------------ */

START_TEST(test_ptdump)
{
	boot_to_paging(_i);
	show_pagetables();
	ck_assert(sim_console_contains("not loaded (CR3 holds the boot page tables)"));
	ck_assert(sim_console_contains("page tables: 0 (0K), mapped: 0 4K pages, 0 4M pages\n"));
	sim_console_clear();
	paging_init();
	show_pagetables();
	ck_assert(sim_console_contains(", loaded in CR3\n"));
	ck_assert(sim_console_contains("---[ User Space ]---\n"
		"0x00000000-0xc0000000         3G                pde\n"
		"---[ Low Kernel Mapping ]---\n"
		"0xc0000000-0xc0100000         1M  RW            pte\n"
		"0xc0100000-0xc01c0000       768K  ro            pte\n"));
	if (_i == 0) {
		ck_assert(sim_console_contains("0xc01c0000-0xc3ff0000     63680K  RW            pte\n"
			"---[ Hole: high_memory to VMALLOC_START ]---\n"
			"0xc3ff0000-0xc4000000        64K                pte\n"
			"0xc4000000-0xc4800000         8M                pde\n"
			"---[ vmalloc() Area ]---\n"));
		ck_assert(sim_console_contains("page tables: 16 (64K) at phys 0x1000000..0x100f000, mapped: 16368 4K pages"));
	} else {
		ck_assert(sim_console_contains("0xc01c0000-0xf8000000    915712K  RW            pte\n"
			"---[ Hole: high_memory to VMALLOC_START ]---\n"
			"0xf8000000-0xf8800000         8M                pde\n"));
		ck_assert(sim_console_contains("page tables: 224 (896K) at phys 0x1000000..0x10df000, mapped: 229376 4K pages"));
	}
	ck_assert(sim_console_contains("---[ Fixmap Area ]---\n"
		"0xfffea000-0x100000000        88K                pde\n"));
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab1");
	TCase *tc;

	tc = tcase_create("pgtable");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_tables_cover_lowmem, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_tables_from_memblock, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_existing_table_kept, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_tables_no_room_panics);
	suite_add_tcase(s, tc);

	tc = tcase_create("map");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_map_matches_model, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_nothing_above_high_memory, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_tables_whole_pages, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("protect");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_test(tc, test_image_read_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("switch");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_switched, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_alias_pattern, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	add_lookup_tcases(s);

	tc = tcase_create("model");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_test(tc, test_model_catches_wrong_entry);
	suite_add_tcase(s, tc);

	tc = tcase_create("ptdump");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_ptdump, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);
	return s;
}
