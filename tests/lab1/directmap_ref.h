/**
 * @file
 * Lab 1's reference model, shared by the in-kernel tests (*_ktest.c) and
 * the host suite (directmap_check.c).
 *
 * What swapper_pg_dir must hold after paging_init(), entry by entry:
 *
 * @verbatim
 *   pgd 0 .. 767                     0 (user space: nothing)
 *   pgd of [PAGE_OFFSET, high_memory) present table, flags _KERNPG_TABLE
 *   PTE of low frame pfn             pfn << 12 | __PAGE_KERNEL_RO  if
 *                                      PFN_DOWN(__pa(_text)) <= pfn <
 *                                      PFN_UP(__pa(__end_rodata))
 *                                    pfn << 12 | __PAGE_KERNEL     otherwise
 *   PTEs past max_low_pfn            0
 *   e.g. pfn 0x100 (_text, 1 MiB):   0x00100061 = frame | D | A | P      (ro)
 *        pfn 0x1000 (16 MiB):        0x01000063 = frame | D | A | RW | P
 * @endverbatim
 *
 * The walk here is the kit's own, so a test of the direct map does not
 * depend on the student's lookup_address() (step 1.4 is graded on its
 * own).  It reads the directory as the MMU does and refuses to follow an
 * entry to a table outside low memory, which it could not read.
 */
#ifndef _TESTS_LAB1_DIRECTMAP_REF_H
#define _TESTS_LAB1_DIRECTMAP_REF_H

#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/sections.h>

/** The flag bits of an entry (the low 12). */
#define REF_FLAGS_MASK  ((u32)(PAGE_SIZE - 1))

/** First frame of the read-only part of the kernel image. */
static inline unsigned long ref_ro_first_pfn(void)
{
	return PFN_DOWN(__pa(_text));
}

/** One past the last frame of the read-only part ([_text, __end_rodata)). */
static inline unsigned long ref_ro_end_pfn(void)
{
	return PFN_UP(__pa(__end_rodata));
}

static inline bool ref_pfn_is_ro(unsigned long pfn)
{
	return pfn >= ref_ro_first_pfn() && pfn < ref_ro_end_pfn();
}

/** The PTE value paging_init() must leave for low frame @p pfn. */
static inline u32 ref_expected_pte(unsigned long pfn)
{
	return (u32)(pfn << PAGE_SHIFT) |
	       (ref_pfn_is_ro(pfn) ? __PAGE_KERNEL_RO : __PAGE_KERNEL);
}

/** Number of page tables the direct map needs: one per 1024 low frames. */
static inline unsigned long ref_nr_tables(void)
{
	return DIV_ROUND_UP(max_low_pfn, PTRS_PER_PTE);
}

/**
 * The kit's walk of @p pgdir for @p addr: the entry and its level, or
 * NULL (level PG_LEVEL_NONE) when the directory entry is not present or
 * points outside low memory.
 */
static inline pte_t *ref_walk(pgd_t *pgdir, unsigned long addr,
			      enum pg_level *level)
{
	pgd_t *pgd = pgdir + pgd_index(addr);
	u32 table = pgd_val(*pgd) & PAGE_MASK;

	*level = PG_LEVEL_NONE;
	if (!(pgd_val(*pgd) & _PAGE_PRESENT))
		return NULL;
	if (pgd_val(*pgd) & _PAGE_PSE) {
		*level = PG_LEVEL_4M;
		return (pte_t *)pgd;
	}
	if (table >= PFN_PHYS(max_low_pfn))
		return NULL;
	*level = PG_LEVEL_4K;
	return (pte_t *)__va(table) + pte_index(addr);
}

/** True once paging_init() has given the direct map at least its first table. */
static inline bool ref_has_first_table(void)
{
	pgd_t pgd = swapper_pg_dir[pgd_index(PAGE_OFFSET)];

	return pgd_present(pgd) && !pgd_large(pgd);
}

#endif /* _TESTS_LAB1_DIRECTMAP_REF_H */
