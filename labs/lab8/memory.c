/**
 * @file
 * Lab 8, steps 8.3-8.4: page tables of a process, demand paging, and
 * zapping pages.
 *
 * handle_mm_fault() runs when the access was legal (the VMA allows it) but
 * the page table says no.  There are three cases:
 *
 * @verbatim
 *   entry            access   what happens                       page afterwards
 *   not present      read     map ZERO_PAGE, read-only           shared zero page
 *   not present      write    new GFP_HIGHUSER page, zeroed      private, writable
 *   present, r/o     write    copy on write: new page, a copy    private, writable
 *                             of the old one (the zero page:
 *                             zeroes), mapped writable, old TLB
 *                             entry flushed
 * @endverbatim
 *
 * User pages come from GFP_HIGHUSER, high memory first: the kernel never
 * needs a permanent address for them, only a moment's (kmap_atomic, lab 7)
 * to zero or copy them.  Page tables are different: the kernel edits them
 * through plain pointers, so they come from low memory (GFP_KERNEL).
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long address)
{
	pgd_t *pgd = pgd_offset(mm->pgd, address);

	/* TODO(8.4): If the directory entry is empty, get a zeroed low page
	 * (__get_free_page with GFP_KERNEL | __GFP_ZERO; NULL if none) and
	 * point the entry at it with _PAGE_TABLE (present, writable, user:
	 * the PTE decides each page's own rights).  Return the entry for
	 * address in that table.  Checked by lab8.fault.*. */
	(void)mm;
	(void)pgd;
	return NULL;
}

/* A write to a page that is not there: a private, zeroed, writable page. */
static int do_anonymous_write(struct mm_struct *mm, struct vm_area_struct *vma,
			      pte_t *pte)
{
	struct page *page;
	void *kaddr;

	/* TODO(8.4): alloc_page(GFP_HIGHUSER) (VM_FAULT_OOM if none); zero it
	 * through a kmap_atomic() mapping (it is probably high); map it with
	 * the VMA's rights (mk_pte, vm_get_page_prot) and count it in
	 * mm->rss.  Checked by lab8.fault.write_*. */
	(void)mm;
	(void)vma;
	(void)pte;
	(void)page;
	(void)kaddr;
	return VM_FAULT_OOM;
}

/* A write to a present, read-only page of a writable VMA: copy on write. */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long address, pte_t *pte)
{
	struct page *old = pfn_to_page(pte_pfn(*pte));
	struct page *new;

	/* TODO(8.4): The old page is the zero page (no fork in the kit, so
	 * nothing else is mapped read-only in a writable VMA).  Get a new
	 * GFP_HIGHUSER page, make it a copy of the old one (for the zero
	 * page: clear it), map it writable in place of the old entry, and
	 * flush the old translation (__flush_tlb_one): the TLB may still hold
	 * the read-only one.  Count the page in mm->rss.
	 * Checked by lab8.fault.cow_*. */
	(void)mm;
	(void)vma;
	(void)address;
	(void)pte;
	(void)old;
	(void)new;
	return VM_FAULT_OOM;
}

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long address, int write_access)
{
	pte_t *pte = pte_alloc_map(mm, address);

	if (!pte)
		return VM_FAULT_OOM;
	address &= PAGE_MASK;
	/* TODO(8.4): Not present: a read maps ZERO_PAGE(address) read-only
	 * (PAGE_READONLY; it is not counted in rss), a write goes to
	 * do_anonymous_write().  Present but a write to a read-only entry:
	 * do_wp_page().  Anything else was resolved already (say, by a fault
	 * on the same page a moment ago): VM_FAULT_MINOR.
	 * Checked by lab8.fault.*. */
	(void)vma;
	(void)write_access;
	(void)do_anonymous_write;
	(void)do_wp_page;
	return VM_FAULT_SIGBUS;
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr;

	/* TODO(8.3): For each page in [start, end): skip it if its page
	 * table is missing (skip to the next 4 MiB then: a big, mostly
	 * untouched mapping has few tables) or its entry not present; else
	 * clear the entry,
	 * flush its TLB entry, and __free_page() the page unless it is the
	 * zero page (then one page less in mm->rss).
	 * Checked by lab8.munmap.* and lab8.exit.*. */
	(void)mm;
	(void)addr;
	(void)start;
	(void)end;
}
