/**
 * @file
 * Lab 7: kmap_atomic() and kunmap_atomic(), temporary mappings of high
 * pages in the fixmap, the i386 half of Linux's highmem (arch/x86/mm/
 * highmem_32.c, with the slot stack of Linux 2.6.37 and later).
 *
 * The CPU owns KM_TYPE_NR = 20 fixmap pages, used as a stack: the n-th
 * live mapping sits in slot n - 1, and only the top slot may be unmapped.
 * All twenty share the last page table of the address space (pgd entry
 * 1023), which kmap_atomic_init() makes; kmap_pte points at the entry of
 * slot 0, and slot i's entry is kmap_pte - i because fixmap indices grow
 * downwards in memory:
 *
 * @verbatim
 *   slot  fix index  address      pte_index   entry
 *      0          1  0xFFFFE000   1022        kmap_pte
 *      1          2  0xFFFFD000   1021        kmap_pte - 1
 *    ...
 *     19         20  0xFFFEB000   1003        kmap_pte - 19
 *
 *   kmap_atomic(A); kmap_atomic(B); kmap_atomic(C):
 *
 *     kmap_atomic_idx = 3 --> +---------+
 *                             | C  (2)  |  top: the next kunmap_atomic
 *                             | B  (1)  |
 *                             | A  (0)  |
 *                             +---------+
 * @endverbatim
 *
 * Why a stack is enough: a section is short and never sleeps (page faults
 * and preemption are off, pagefault_disable()), so the only code that can
 * come in between is an interrupt handler, and a handler always returns
 * before the code it interrupted goes on.  Whatever it maps, it maps above
 * the interrupted code's slots and unmaps before returning.  The stack is
 * therefore always balanced when the interrupted code resumes.
 *
 * Invariants:
 *  - slots [0, kmap_atomic_idx) are live, and their entries present;
 *  - slots [kmap_atomic_idx, KM_TYPE_NR) have empty entries, and no TLB
 *    entry: kunmap_atomic() flushes the one page it clears (invlpg), so
 *    kmap_atomic() can fill a free slot without flushing anything;
 *  - every kmap_atomic() that returned an address added one to the
 *    preempt count, and the kunmap_atomic() that accepts the address takes
 *    it off again; a refused kunmap_atomic() changes nothing at all.
 *
 * The order of the two steps matters because an interrupt can come
 * between them: the index is pushed before the entry is written and popped
 * after the entry is cleared, so a handler never picks a slot that the
 * interrupted code is in the middle of using.
 *
 * Steps (tests/lab7/):
 *  - 7.1 kmap_atomic_init(): lab7.init.*
 *  - 7.2 kmap_atomic(): lab7.map.*, lab7.nest.*
 *  - 7.3 kunmap_atomic(): lab7.unmap.*, lab7.irq.*, lab7.misuse.*
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/highmem.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

pte_t *kmap_pte;

/* How many slots are live: the stack pointer (Linux's __kmap_atomic_idx). */
static int kmap_atomic_idx;

int kmap_atomic_depth(void)
{
	return kmap_atomic_idx;
}

/* The fixmap address of slot @idx: slot 0 = 0xFFFFE000, slot 19 = 0xFFFEB000. */
static unsigned long kmap_atomic_vaddr(int idx)
{
	return __fix_to_virt(FIX_KMAP_BEGIN + idx);
}

/* True if @vaddr (page aligned) is one of the KM_TYPE_NR slots. */
static bool is_kmap_atomic_vaddr(unsigned long vaddr)
{
	return vaddr >= kmap_atomic_vaddr(KM_TYPE_NR - 1) &&
	       vaddr <= kmap_atomic_vaddr(0);
}

/* ---- 7.1: the fixmap's page table ------------------------------------------ */

void kmap_atomic_init(void)
{
	unsigned long vaddr = kmap_atomic_vaddr(0);

	/* TODO(7.1): The twenty slots live in the last 4 MiB of the address
	 * space, whose directory entry is still empty after boot.  Give it a
	 * page table (a zeroed page of low memory, hooked in as a kernel
	 * table), or keep the one that is there; if there is no page, say so
	 * and leave kmap_pte NULL.  Then remember where slot 0's entry is in
	 * that table: kmap_pte.  Worked number: slot 0 is 0xFFFFE000,
	 * directory entry 0xFFFFE000 >> 22 = 1023, table entry
	 * (0xFFFFE000 >> 12) & 0x3FF = 1022.  Checked by lab7.init.*. */
	pgd_t *pgd = pgd_offset_k(vaddr);

	if (pgd_none(*pgd)) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page) {
			printk("kmap_atomic: no page for the fixmap's page table\n");
			return;
		}
		memset(page_address(page), 0, PAGE_SIZE);
		set_pgd(pgd, __pgd((u32)page_to_pfn(page) << PAGE_SHIFT |
				   _KERNPG_TABLE));
	}
	BUG_ON(!pgd_present(*pgd));
	BUG_ON(pgd_large(*pgd));
	kmap_pte = pte_offset_kernel(pgd, vaddr);
	/* END TODO stub: (void)vaddr; */
}

/* ---- 7.2: mapping: push a slot ------------------------------------------------ */

/* The next free slot; the stack grows.  More than KM_TYPE_NR is a BUG. */
static int kmap_atomic_idx_push(void)
{
	/* TODO(7.2): Take the slot at the top of the stack and grow the
	 * stack by one.  A twenty-first nested mapping has no slot: that is
	 * a kernel bug (BUG, with a line saying how many slots there are).
	 * The new depth must be stored before the caller writes the entry
	 * (a compiler barrier), so that an interrupt in between maps above
	 * it.  Checked by lab7.map.*, lab7.nest.*. */
	int idx = kmap_atomic_idx;

	if (idx >= KM_TYPE_NR) {
		printk("kmap_atomic: all %d slots are in use\n", KM_TYPE_NR);
		BUG();
	}
	kmap_atomic_idx = idx + 1;
	barrier();
	return idx;
	/* END TODO stub: return -1; */
}

void *kmap_atomic(struct page *page)
{
	if (WARN(PageHighMem(page) && !kmap_pte,
		 "kmap_atomic: no fixmap page table (kmap_atomic_init)\n"))
		return NULL;
	/* TODO(7.2): Enter the atomic section first (no page faults, no
	 * preemption), for low and high pages alike.  A low page already
	 * has an address: the direct map.  A high page gets the next slot;
	 * that slot's entry (kmap_pte - slot) must be empty (anything else
	 * is a broken invariant); point it at the page's frame, writable by
	 * the kernel.  No flush: the slot's last translation was flushed
	 * when it was unmapped.  Return the slot's address.
	 * Checked by lab7.map.*, lab7.nest.*. */
	{
		int idx;

		pagefault_disable();
		if (!PageHighMem(page))
			return page_address(page);
		idx = kmap_atomic_idx_push();
		BUG_ON(!pte_none(*(kmap_pte - idx)));
		set_pte(kmap_pte - idx, pfn_pte(page_to_pfn(page), PAGE_KERNEL));
		return (void *)kmap_atomic_vaddr(idx);
	}
	/* END TODO stub: (void)page; (void)kmap_atomic_idx_push; return NULL; */
}

/* ---- 7.3: unmapping: pop the top slot ----------------------------------------- */

/* Unmap fixmap page @vaddr if it is the top of the stack; refuse otherwise. */
static void kunmap_atomic_slot(unsigned long vaddr)
{
	int idx = (int)__virt_to_fix(vaddr) - FIX_KMAP_BEGIN;

	/* TODO(7.3): Only the top slot may go.  A slot above the top is not
	 * mapped at all; a live slot below the top is an out-of-order
	 * unmap.  Both are the caller's bug: WARN in Linux's words
	 * ("kunmap_atomic: out of order ..."), and change nothing, not even
	 * the preempt count, so the caller's later, correct unmaps still
	 * balance.  The top slot: clear its entry, flush that one page from
	 * the TLB (the next user of the slot must not see this page), and
	 * only then shrink the stack and leave the atomic section.
	 * Checked by lab7.unmap.*, lab7.irq.*, lab7.misuse.*. */
	int top = kmap_atomic_idx - 1;

	if (WARN(idx > top, "kunmap_atomic: %#lx is not mapped (slot %d, %d in use)\n",
		 vaddr, idx, kmap_atomic_idx))
		return;
	if (WARN(idx != top, "kunmap_atomic: out of order: slot %d (%#lx) "
		 "before slot %d (%#lx)\n", idx, vaddr, top, kmap_atomic_vaddr(top)))
		return;
	pte_clear(kmap_pte - idx);
	__flush_tlb_one(vaddr);
	barrier();
	kmap_atomic_idx = top;
	pagefault_enable();
	/* END TODO stub: (void)idx; */
}

void kunmap_atomic(void *kvaddr)
{
	unsigned long vaddr = (unsigned long)kvaddr & PAGE_MASK;

	if (is_kmap_atomic_vaddr(vaddr)) {
		kunmap_atomic_slot(vaddr);
		return;
	}
	/* Not a slot: kmap_atomic() of a low page gave its direct-map address. */
	if (WARN(!virt_addr_valid(kvaddr),
		 "kunmap_atomic: %#lx was not mapped by kmap_atomic()\n",
		 (unsigned long)kvaddr))
		return;
	if (WARN(!(preempt_count() & PREEMPT_MASK),
		 "kunmap_atomic: %#lx: no kmap_atomic() section is open\n",
		 (unsigned long)kvaddr))
		return;
	pagefault_enable();
}
