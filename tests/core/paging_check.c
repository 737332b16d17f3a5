/**
 * @file
 * Tests of the sim's page-table primitives (tests/host/sim/paging.c), the
 * host versions of set_pte(), set_pgd(), load_cr3(), current_pgdir(), the
 * TLB flushes and CR0.WP, and of the fake kernel image they live in.
 *
 * Lab suites from lab 1 on trust these to behave like the MMU:
 *  - boot state: head.S's boot directory (224 PSE entries at 768), CR3 on
 *    it, CR0.WP clear, swapper_pg_dir empty, inside the reserved image;
 *  - a present entry written through set_pte() or set_pgd() into the
 *    current directory is reachable at once; into another directory only
 *    after load_cr3();
 *  - a cleared entry stays reachable (stale) until __flush_tlb_one() or
 *    __flush_tlb_all(), and load_cr3() drops what the old directory mapped;
 *  - read-only entries bind the kernel only once enable_write_protect()
 *    has run, at either level;
 *  - the walk follows 4 MiB entries, tables in lowmem, and refuses frames
 *    beyond RAM (the page then faults) without harming the test.
 * One deliberate fault: a write straight into a table, behind set_pte()'s
 * back, is invisible until a flush, which proves the probes see the "TLB"
 * and not the tables.
 */
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/highmem.h>
#include <asm/fixmap.h>
#include "sim/sim.h"

#define PKMAP_PGD_INDEX 1022		/* 0xFF800000 >> 22 */

/* A zeroed page table from memblock, as lab code gets one. */
static pte_t *new_table(void)
{
	pte_t *pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);

	ck_assert_ptr_nonnull(pt);
	return pt;
}

/* Hook table @pt under the pkmap's pgd entry of @pgdir. */
static void hook_pkmap_table(pgd_t *pgdir, pte_t *pt)
{
	set_pgd(&pgdir[PKMAP_PGD_INDEX], __pgd(__pa(pt) | _KERNPG_TABLE));
}

static void *pkmap_page(unsigned int nr)
{
	return (void *)PKMAP_ADDR(nr);
}

/* ---- boot state and the image --------------------------------------------- */

START_TEST(test_boot_directory)
{
	unsigned int i;

	ck_assert_ptr_eq(current_pgdir(), sim_boot_pg_dir);
	ck_assert(!sim_write_protect());
	for (i = 0; i < PTRS_PER_PGD; i++) {
		u32 want = i >= 768 && i < 768 + 224 ?
			   (u32)(i - 768) << 22 | _PAGE_PSE | _PAGE_RW | _PAGE_PRESENT : 0;

		ck_assert_uint_eq(pgd_val(sim_boot_pg_dir[i]), want);
		ck_assert_uint_eq(pgd_val(swapper_pg_dir[i]), 0);
	}
}
END_TEST

START_TEST(test_image_layout)
{
	phys_addr_t swapper = __pa(swapper_pg_dir);

	ck_assert_ptr_eq(_text, __va(SIM_KERNEL_START));
	ck_assert(_text < _etext && _etext <= _srodata && _srodata < __end_rodata);
	ck_assert(__end_rodata <= __init_begin && __init_begin <= __init_end);
	ck_assert(__init_end <= _sdata && _sdata <= _edata && _edata <= __bss_start);
	ck_assert(__bss_start < __bss_stop && __bss_stop <= _end);
	ck_assert_uint_le(__pa(_end), SIM_KERNEL_END);
	/* Page aligned where kernel.ld aligns; _etext is not, as in a real link. */
	ck_assert_uint_eq(__pa(_srodata) % PAGE_SIZE, 0);
	ck_assert_uint_eq(__pa(__end_rodata) % PAGE_SIZE, 0);
	ck_assert_uint_eq(__pa(__bss_start) % PAGE_SIZE, 0);
	ck_assert_uint_ne(__pa(_etext) % PAGE_SIZE, 0);
	/* Both directories: page aligned, in .bss, reserved with the image. */
	ck_assert_uint_eq(swapper % PAGE_SIZE, 0);
	ck_assert((char *)swapper_pg_dir >= __bss_start);
	ck_assert((char *)(swapper_pg_dir + PTRS_PER_PGD) <= __bss_stop);
	ck_assert((char *)sim_boot_pg_dir >= __bss_start);
	ck_assert_ptr_ne(sim_boot_pg_dir, swapper_pg_dir);
	ck_assert(memblock_is_reserved(swapper, PAGE_SIZE));
}
END_TEST

START_TEST(test_machine_off)
{
	sim_machine_exit();
	ck_assert_ptr_null(current_pgdir());
	ck_assert_ptr_null(swapper_pg_dir);
	ck_assert_ptr_null(_text);
}
END_TEST

/* ---- entries and the TLB ---------------------------------------------------- */

START_TEST(test_set_pte_current_dir_maps_at_once)
{
	pte_t *pt = new_table();
	u32 *alias = pkmap_page(3);

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	ck_assert(!sim_readable(alias));
	set_pte(&pt[3], pfn_pte(0x200, PAGE_KERNEL));
	ck_assert(sim_writable(alias));
	*(u32 *)__va(0x200000) = 0xfeedface;
	ck_assert_uint_eq(*alias, 0xfeedface);
}
END_TEST

START_TEST(test_other_dir_waits_for_load_cr3)
{
	pte_t *pt = new_table();

	hook_pkmap_table(swapper_pg_dir, pt);		/* CR3: the boot directory */
	set_pte(&pt[0], pfn_pte(0x300, PAGE_KERNEL));
	ck_assert(!sim_readable(pkmap_page(0)));
	load_cr3(swapper_pg_dir);
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	ck_assert(sim_readable(pkmap_page(0)));
	/* Back to the boot directory: it has nothing at the pkmap. */
	load_cr3(sim_boot_pg_dir);
	ck_assert(!sim_readable(pkmap_page(0)));
}
END_TEST

START_TEST(test_clear_is_stale_until_flush)
{
	pte_t *pt = new_table();

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	set_pte(&pt[1], pfn_pte(0x301, PAGE_KERNEL));
	set_pte(&pt[2], pfn_pte(0x302, PAGE_KERNEL));
	pte_clear(&pt[1]);
	pte_clear(&pt[2]);
	ck_assert(sim_readable(pkmap_page(1)));		/* the TLB still has them */
	__flush_tlb_one((unsigned long)pkmap_page(1));
	ck_assert(!sim_readable(pkmap_page(1)));
	ck_assert(sim_readable(pkmap_page(2)));
	__flush_tlb_all();
	ck_assert(!sim_readable(pkmap_page(2)));
}
END_TEST

START_TEST(test_shared_table_maps_every_user)
{
	pte_t *pt = new_table();
	u32 *a = pkmap_page(7), *b = (u32 *)((char *)a - PGDIR_SIZE);

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	set_pgd(&swapper_pg_dir[PKMAP_PGD_INDEX - 1], __pgd(__pa(pt) | _KERNPG_TABLE));
	set_pte(&pt[7], pfn_pte(0x307, PAGE_KERNEL));
	*a = 42;
	ck_assert_uint_eq(*b, 42);
}
END_TEST

START_TEST(test_pse_entry_maps_4m)
{
	char *va = (char *)(KVA_BIAS + 0xFFC00000UL);

	load_cr3(swapper_pg_dir);
	set_pgd(pgd_offset_k((unsigned long)va),
		__pgd(0x800000 | _PAGE_PSE | _PAGE_RW | _PAGE_PRESENT));
	*(u32 *)__va(0x800000 + 0x3FF000) = 0x4444;
	ck_assert_uint_eq(*(u32 *)(va + 0x3FF000), 0x4444);
	ck_assert(sim_writable(va));
	set_pgd(pgd_offset_k((unsigned long)va), __pgd(0));
	ck_assert(sim_readable(va));			/* stale */
	__flush_tlb_all();
	ck_assert(!sim_readable(va));
	ck_assert(!sim_readable(va + 0x3FF000));
}
END_TEST

START_TEST(test_write_protect)
{
	pte_t *pt = new_table();

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	set_pte(&pt[0], pfn_pte(0x310, PAGE_KERNEL_RO));
	set_pte(&pt[1], pfn_pte(0x311, PAGE_KERNEL));
	ck_assert(sim_writable(pkmap_page(0)));	/* CR0.WP clear: the kernel writes */
	enable_write_protect();
	ck_assert(sim_write_protect());
	ck_assert(sim_readable(pkmap_page(0)));
	ck_assert(!sim_writable(pkmap_page(0)));
	ck_assert(sim_writable(pkmap_page(1)));
	/* A read-only directory entry makes its whole 4 MiB read-only. */
	set_pgd(&swapper_pg_dir[PKMAP_PGD_INDEX], __pgd(__pa(pt) | _PAGE_PRESENT));
	__flush_tlb_all();
	ck_assert(!sim_writable(pkmap_page(1)));
}
END_TEST

START_TEST(test_highmem_and_beyond_ram)
{
	pte_t *pt = new_table();
	unsigned long beyond = sim_phys_size() >> PAGE_SHIFT;

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	set_pte(&pt[0], pfn_pte(0xA0000, PAGE_KERNEL));	/* 2.5 GiB: highmem */
	ck_assert(sim_writable(pkmap_page(0)));
	set_pte(&pt[1], pfn_pte(beyond, PAGE_KERNEL));		/* no such RAM */
	ck_assert(!sim_readable(pkmap_page(1)));
}
END_TEST

START_TEST(test_walk_current)
{
	pte_t *pt = new_table();
	unsigned long pfn = 0;
	bool writable = false;

	/* Boot directory: 4 MiB pages, writable while CR0.WP is clear. */
	ck_assert(sim_walk_current(0xC0123000, &pfn, &writable));
	ck_assert_uint_eq(pfn, 0x123);
	ck_assert(writable);
	ck_assert(!sim_walk_current(0x00100000, &pfn, &writable));
	/* A table; then an entry pointing beyond lowmem translates nothing. */
	load_cr3(swapper_pg_dir);
	enable_write_protect();
	hook_pkmap_table(swapper_pg_dir, pt);
	set_pte(&pt[5], pfn_pte(0x1234, PAGE_KERNEL_RO));
	ck_assert(sim_walk_current(0xFF805000, &pfn, &writable));
	ck_assert_uint_eq(pfn, 0x1234);
	ck_assert(!writable);
	ck_assert(!sim_walk_current(0xFF806000, &pfn, &writable));
	set_pgd(&swapper_pg_dir[PKMAP_PGD_INDEX], __pgd(0xB0000000 | _KERNPG_TABLE));
	ck_assert(!sim_walk_current(0xFF805000, &pfn, &writable));
}
END_TEST

/* The deliberate fault: a table written behind set_pte()'s back. */
START_TEST(test_raw_write_needs_flush)
{
	pte_t *pt = new_table();

	load_cr3(swapper_pg_dir);
	hook_pkmap_table(swapper_pg_dir, pt);
	pt[9] = pfn_pte(0x309, PAGE_KERNEL);	/* not set_pte(): the sim cannot see it */
	ck_assert(!sim_readable(pkmap_page(9)));
	__flush_tlb_one((unsigned long)pkmap_page(9));	/* invlpg re-reads the entry */
	ck_assert(sim_readable(pkmap_page(9)));
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("paging");
	TCase *tc;

	tc = tcase_create("boot");
	tcase_add_checked_fixture(tc, sim_fixture_boot_1g, sim_fixture_shutdown);
	tcase_add_test(tc, test_boot_directory);
	tcase_add_test(tc, test_image_layout);
	tcase_add_test(tc, test_machine_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("tlb");
	tcase_add_checked_fixture(tc, sim_fixture_boot_3g, sim_fixture_shutdown);
	tcase_add_test(tc, test_set_pte_current_dir_maps_at_once);
	tcase_add_test(tc, test_other_dir_waits_for_load_cr3);
	tcase_add_test(tc, test_clear_is_stale_until_flush);
	tcase_add_test(tc, test_shared_table_maps_every_user);
	tcase_add_test(tc, test_pse_entry_maps_4m);
	tcase_add_test(tc, test_write_protect);
	tcase_add_test(tc, test_highmem_and_beyond_ram);
	tcase_add_test(tc, test_walk_current);
	tcase_add_test(tc, test_raw_write_needs_flush);
	suite_add_tcase(s, tc);
	return s;
}
