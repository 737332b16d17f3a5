/**
 * @file
 * Lab 1 host suite "directmap", steps 1.4 and 1.5: lookup_address() on a
 * made-up table and against a walk of the lab's own, and __phys_addr()
 * and virt_addr_valid() at the edges of the direct map.  Part of the
 * directmap_check program (directmap_check.c has the fixture and the
 * suite).
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
#include "directmap_ref.h"
#include "directmap_check.h"

/* ---- 1.4 lookup ------------------------------------------------------------------ */

#define SYNTHETIC_VADDR (KVA_BIAS + 0x40000000UL)

static void expect_lookup(unsigned long addr, pte_t *want, enum pg_level want_level)
{
	enum pg_level level = (enum pg_level)77;	/* must be overwritten */
	pte_t *got = lookup_address(addr, &level);

	ck_assert_msg(got == want && level == want_level,
		      "lookup_address(%#x) = %p level %d, should be %p level %d",
		      sim_kva((void *)addr), (void *)got, level, (void *)want, want_level);
}

START_TEST(test_lookup_synthetic)
{
	pgd_t *pgd;
	pte_t *pt;

	boot_to_paging(1);		/* no paging_init(): lookup alone */
	pgd = pgd_offset_k(SYNTHETIC_VADDR);
	expect_lookup(SYNTHETIC_VADDR + 0x123456, NULL, PG_LEVEL_NONE);
	/* It walks swapper_pg_dir, not CR3 (the boot directory maps this). */
	expect_lookup(PAGE_OFFSET + 0x123456, NULL, PG_LEVEL_NONE);

	set_pgd(pgd, __pgd(0x400000 | _PAGE_PSE | _PAGE_RW | _PAGE_PRESENT));
	expect_lookup(SYNTHETIC_VADDR, (pte_t *)pgd, PG_LEVEL_4M);
	expect_lookup(SYNTHETIC_VADDR + PGDIR_SIZE - 1, (pte_t *)pgd, PG_LEVEL_4M);
	ck_assert_uint_eq(pte_pfn(*lookup_address(SYNTHETIC_VADDR, &(enum pg_level){ 0 })),
			  0x400);

	pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	ck_assert_ptr_nonnull(pt);
	pt[0x123] = pfn_pte(0x1234, PAGE_KERNEL_RO);
	set_pgd(pgd, __pgd(__pa(pt) | _KERNPG_TABLE));
	expect_lookup(SYNTHETIC_VADDR + 0x123456, &pt[0x123], PG_LEVEL_4K);
	expect_lookup(SYNTHETIC_VADDR, &pt[0], PG_LEVEL_4K);
	expect_lookup(SYNTHETIC_VADDR + PGDIR_SIZE - 1, &pt[1023], PG_LEVEL_4K);
	/* The same 4 MiB in the kernel's top entry: any slot works alike. */
	set_pgd(pgd_offset_k(FIXADDR_TOP), __pgd(__pa(pt) | _KERNPG_TABLE));
	expect_lookup(KVA_BIAS + 0xFFD23000UL, &pt[0x123], PG_LEVEL_4K);

	/* An entry that is not present is nothing to follow, whatever it holds. */
	set_pgd(pgd, __pgd(__pa(pt) | _PAGE_RW));
	expect_lookup(SYNTHETIC_VADDR + 0x123456, NULL, PG_LEVEL_NONE);
}
END_TEST

START_TEST(test_lookup_matches_walk)
{
	unsigned long pfn, hm;
	enum pg_level level;
	pte_t *pte;

	boot_and_page(_i);
	hm = (unsigned long)high_memory;
	for (pfn = 0; pfn < max_low_pfn; pfn++) {
		unsigned long addr = (unsigned long)__va(PFN_PHYS(pfn)) +
				     (pfn * 8 & ~PAGE_MASK);
		pte_t *want = ref_walk(swapper_pg_dir, addr, &level);

		/* Plain ifs in this loop: every ck_assert costs a syscall. */
		if (!want)
			ck_abort_msg("%#x: paging_init() left no entry", sim_kva((void *)addr));
		if (lookup_address(addr, &(enum pg_level){ 0 }) != want)
			expect_lookup(addr, want, level);	/* fails with the details */
	}
	/* The last mapped byte, and the first unmapped one. */
	pte = lookup_address(hm - 1, &level);
	ck_assert_ptr_nonnull(pte);
	ck_assert(pte_present(*pte) && level == PG_LEVEL_4K);
	ck_assert_uint_eq(pte_pfn(*pte), max_low_pfn - 1);
	pte = ref_walk(swapper_pg_dir, hm, &level);
	expect_lookup(hm, pte, level);
	if (_i == 0)	/* 64 MiB: high_memory is inside the last table */
		ck_assert(pte && pte_none(*pte) && level == PG_LEVEL_4K);
	else		/* 896 MiB: high_memory starts an empty pgd entry */
		ck_assert(!pte && level == PG_LEVEL_NONE);
	expect_lookup(KVA_BIAS + 0x08048000UL, NULL, PG_LEVEL_NONE);
}
END_TEST

/* ---- 1.5 physaddr ----------------------------------------------------------------- */

START_TEST(test_phys_addr_bounds)
{
	unsigned long hm;
	unsigned int w;

	boot_to_paging(_i);
	hm = (unsigned long)high_memory;
	w = warn_count;
	ck_assert_uint_eq(__phys_addr(PAGE_OFFSET), 0);
	ck_assert_uint_eq(__phys_addr(PAGE_OFFSET + 0x123456), 0x123456);
	ck_assert_uint_eq(__phys_addr(hm - 1), PFN_PHYS(max_low_pfn) - 1);
	ck_assert_uint_eq(warn_count, w);
	/* Misuse: one warning each, in Linux's words, and address 0. */
	ck_assert_uint_eq(__phys_addr(hm), 0);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("virt_to_phys used for non-linear address: "));
	ck_assert_uint_eq(__phys_addr(PAGE_OFFSET - 1), 0);
	ck_assert_uint_eq(__phys_addr(VMALLOC_START), 0);
	ck_assert_uint_eq(__phys_addr(FIXADDR_TOP), 0);
	ck_assert_uint_eq(__phys_addr(KVA_BIAS), 0);
	ck_assert_uint_eq(warn_count, w + 5);
}
END_TEST

START_TEST(test_virt_addr_valid_bounds)
{
	unsigned long hm;
	unsigned int w;

	boot_to_paging(_i);
	hm = (unsigned long)high_memory;
	w = warn_count;
	ck_assert(virt_addr_valid((void *)PAGE_OFFSET));
	ck_assert(virt_addr_valid((void *)(hm - 1)));
	ck_assert(virt_addr_valid(_text));
	ck_assert(!virt_addr_valid((void *)hm));
	ck_assert(!virt_addr_valid((void *)(PAGE_OFFSET - 1)));
	ck_assert(!virt_addr_valid((void *)VMALLOC_START));
	ck_assert(!virt_addr_valid((void *)PKMAP_BASE));
	ck_assert(!virt_addr_valid((void *)FIXADDR_TOP));
	ck_assert(!virt_addr_valid((void *)KVA_BIAS));
	ck_assert(!virt_addr_valid(NULL));
	ck_assert_uint_eq(warn_count, w);		/* asking is not misuse */
	/* Only frames with a descriptor count: shrink max_pfn below the top. */
	max_pfn = max_low_pfn - 1;
	ck_assert(!virt_addr_valid((void *)(hm - 1)));
	ck_assert(virt_addr_valid((void *)(hm - PAGE_SIZE - 1)));
}
END_TEST

void add_lookup_tcases(Suite *s)
{
	TCase *tc;

	tc = tcase_create("lookup");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_test(tc, test_lookup_synthetic);
	tcase_add_loop_test(tc, test_lookup_matches_walk, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("physaddr");
	tcase_add_checked_fixture(tc, NULL, shutdown);
	tcase_add_loop_test(tc, test_phys_addr_bounds, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_virt_addr_valid_bounds, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);
}
