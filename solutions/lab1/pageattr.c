/**
 * @file
 * Lab 1: lookup_address(), the software page-table walk.
 *
 * The MMU walks the tables in hardware on every TLB miss; the kernel
 * walks them in software whenever it needs to read or change one entry
 * (to make a page read-only, to print an oops, to dump the tables).  On
 * i386 without PAE the walk has two levels, and the directory entry
 * decides where it stops:
 *
 * @verbatim
 *   pgd = swapper_pg_dir[address >> 22]
 *     empty (0)             -> NULL, PG_LEVEL_NONE      nothing there at all
 *     _PAGE_PSE set         -> the pgd entry, PG_LEVEL_4M   one 4 MiB page
 *     else a page table     -> &table[(address >> 12) & 1023], PG_LEVEL_4K
 *
 *   0xC0405678: pgd 769 -> its table, entry 5 (0x405 & 1023); the entry
 *               says frame 0x405 when the direct map is in place.
 * @endverbatim
 *
 * The entry returned may be "not present" (an empty slot in a table that
 * exists): callers test pte_present().  Linux 2.6.20 has the walk in
 * arch/i386/mm/pageattr.c; the level argument is what later kernels
 * added so that callers know whether they hold a 4 KiB or a 4 MiB entry.
 */
#include <linux/kernel.h>
#include <asm/pgtable.h>

pte_t *lookup_address(unsigned long address, enum pg_level *level)
{
	/* TODO(1.4): Find the directory entry of swapper_pg_dir that
	 * translates the address.  An entry that maps nothing ends the walk
	 * (NULL, level PG_LEVEL_NONE).  An entry that is itself a 4 MiB page
	 * is the answer (viewed as a pte_t, level PG_LEVEL_4M).  Otherwise
	 * the answer is the entry of its page table that translates the
	 * address (PG_LEVEL_4K), present or not.  Set *level in every case.
	 * Checked by lab1.lookup.synthetic, lab1.lookup.direct_map,
	 * lab1.lookup.unmapped. */
	pgd_t *pgd = pgd_offset_k(address);

	*level = PG_LEVEL_NONE;
	if (!pgd_present(*pgd))
		return NULL;
	if (pgd_large(*pgd)) {
		*level = PG_LEVEL_4M;
		return (pte_t *)pgd;
	}
	*level = PG_LEVEL_4K;
	return pte_offset_kernel(pgd, address);
	/* END TODO stub: (void)address; *level = PG_LEVEL_NONE; return NULL; */
}
