/**
 * @file
 * Lab 5: the page-table side of vmalloc, the parts of Linux 2.6.20's
 * mm/vmalloc.c that write swapper_pg_dir.
 *
 * An area of the vmalloc space is mapped one 4 KiB page at a time, through
 * page tables that are made the first time an area reaches their 4 MiB.
 * Lab 1 gave tables to low memory only (pgd entries 768 up to the end of
 * the direct map); the entries of the vmalloc area start empty:
 *
 * @verbatim
 *   swapper_pg_dir (1 GiB of RAM)
 *   +------------+
 *   | 768 .. 991 |  lab 1: the direct map, 0xC0000000 .. 0xF8000000
 *   | 992, 993   |  empty: the 8 MiB hole (VMALLOC_OFFSET)
 *   | 994        |--> table made by the first area (map_vm_area), 0xF8800000
 *   | ...        |    more tables as areas reach them
 *   | 1021       |    the last 4 MiB of the area, up to VMALLOC_END = 0xFF7FE000
 *   | 1022, 1023 |  pkmap and fixmap (labs 6, 7)
 *   +------------+
 *
 *   0xF8805000: pgd_index = 0xF8805000 >> 22 = 994 (0x3E2),
 *               pte_index = (0xF8805000 >> 12) & 0x3FF = 5
 * @endverbatim
 *
 * Invariants:
 *  - a pgd entry of the vmalloc area is empty or points to a page table
 *    (never a 4 MiB page); tables stay once made, as in Linux 2.6.20, so
 *    the page tables of the area only ever grow (at most 28 for 1 GiB);
 *  - an entry is present exactly while an area owns its page and the page
 *    is not the area's guard page; mapping over a present entry is a bug;
 *  - after an entry is cleared the TLB may still hold it: the range is
 *    flushed before the address space can be handed out again.
 *
 * Because every process shares the kernel's half of the directory (lab 8
 * copies entries 768..1023 into each new one), Linux on i386 also has to
 * fix up other directories when a vmalloc table is added (vmalloc_sync_all
 * and the vmalloc fault path); the kit has one directory until lab 8.
 *
 * Steps (tests/lab5/):
 *  - 5.2 vmalloc_pte_alloc(): lab5.pgtable.*
 *  - 5.3 vmap_pte_range(): lab5.map.*
 *  - 5.5 unmap_vm_area(): lab5.vfree.*
 *  - 5.6 vmalloc_to_page(): lab5.to_page.*
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

/*
 * The end of the 4 MiB block that holds @addr, or @end if that comes
 * first.  The "- 1"s make it right at the top of the address space too:
 * for addr 0xFFC01000 the boundary wraps to 0 on i386, and 0 - 1 is the
 * biggest address there is.
 */
static unsigned long pgd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PGDIR_SIZE) & PGDIR_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

/* ---- 5.2: page tables on demand ------------------------------------------- */

/*
 * The page table under the kernel pgd entry @pgd, made (zeroed and hooked
 * in) if there is none yet.  NULL if no page is left.  May sleep.
 */
static pte_t *vmalloc_pte_alloc(pgd_t *pgd)
{
	/* TODO(5.2): An empty entry needs a page table: one page of low
	 * memory (the table must have a direct-map address to be written),
	 * from the buddy allocator now that boot is over, all zero (1024
	 * entries that map nothing).  Point the entry at its physical address
	 * with the flags of a kernel page table.  Return the table as a kernel
	 * pointer, or NULL if there is no page; an entry that has a table
	 * already just returns it.  Checked by lab5.pgtable.*. */
	(void)pgd;
	return NULL;
}

/* ---- 5.3: filling the entries ----------------------------------------------- */

/*
 * Map [addr, end), all under one pgd entry, to the pages *pages points to,
 * starting with the entry @pte; *pages moves past each page mapped.
 */
static int vmap_pte_range(pte_t *pte, unsigned long addr, unsigned long end,
			  pgprot_t prot, struct page ***pages)
{
	/* TODO(5.3): One entry per page from addr up to end: take the next
	 * page of the caller's array, map its frame there with @prot, and
	 * advance both the entry and the array (the caller's pointer, so that
	 * the next table goes on where this one stopped).  A NULL page is
	 * -ENOMEM; an entry that maps something already means two areas
	 * overlap: a bug.  Worked number: the table of 0xF8800000 (pgd 994)
	 * maps an area at 0xF8805000 from entry 5.  Checked by lab5.map.*. */
	(void)pte;
	(void)addr;
	(void)end;
	(void)prot;
	(void)pages;
	return -ENOMEM;
}

int map_vm_area(struct vm_struct *area, pgprot_t prot, struct page ***pages)
{
	unsigned long addr = (unsigned long)area->addr;
	unsigned long end = addr + area->size - PAGE_SIZE;	/* not the guard */

	BUG_ON(addr >= end);
	BUG_ON(!is_vmalloc_addr(area->addr));
	do {
		unsigned long next = pgd_addr_end(addr, end);
		pgd_t *pgd = pgd_offset_k(addr);
		int err;

		if (!vmalloc_pte_alloc(pgd))
			return -ENOMEM;
		err = vmap_pte_range(pte_offset_kernel(pgd, addr), addr, next,
				     prot, pages);
		if (err)
			return err;
		addr = next;
	} while (addr != end);
	return 0;
}

/* ---- 5.5: unmapping -------------------------------------------------------- */

void unmap_vm_area(struct vm_struct *area)
{
	/* TODO(5.5): Clear the entry of every page of the area but the guard
	 * (which was never mapped): 4 MiB at a time, skipping a pgd entry
	 * that has no table (a failed vmalloc may stop half way).  The TLB
	 * may still hold the old translations, and the address space is
	 * about to go to the next caller: flush the area's range before
	 * returning.  Checked by lab5.vfree.*. */
	(void)area;
}

/* ---- 5.6: back from the address to the page ---------------------------------- */

struct page *vmalloc_to_page(const void *vmalloc_addr)
{
	/* TODO(5.6): Walk swapper_pg_dir as the MMU would for this address:
	 * the pgd entry, then the entry of its table.  No table (or a 4 MiB
	 * entry), or an entry that is not present, maps no page: NULL.
	 * Otherwise the entry's frame number names the struct page.
	 * Checked by lab5.to_page.*. */
	(void)vmalloc_addr;
	return NULL;
}
