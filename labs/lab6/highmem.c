/**
 * @file
 * Lab 6: kmap() and kunmap(), the persistent kernel mappings of Linux
 * 2.6.20's mm/highmem.c: 1024 slots of 4 MiB at PKMAP_BASE where a high
 * page gets an address for as long as somebody uses it.
 *
 * @verbatim
 *   swapper_pg_dir[1022] --> pkmap_page_table (one page, 1024 PTEs)
 *
 *   slot nr      0           1           2               1023
 *   address  0xFF800000  0xFF801000  0xFF802000  ...  0xFFBFF000
 *   count        0           3           1                0
 *                free     mapped,     unmapped, the     free
 *                         2 users     TLB may still
 *                                     hold it
 * @endverbatim
 *
 * pkmap_count[nr] tells what slot nr is doing:
 *  - 0: free, and no TLB holds it: a new mapping may take it;
 *  - 1: its last user called kunmap(), but the PTE and the hash entry stay
 *    (a kmap() of the same page takes it back for free) and a TLB may
 *    still hold the old translation; it is freed by the next flush;
 *  - n > 1: mapped, with n - 1 users.
 *
 * The lazy flush.  Freeing a slot at once would cost an invlpg per
 * kunmap().  Instead, map_new_virtual() scans for a free slot round robin
 * from last_pkmap_nr, and only when the scan wraps to slot 0 does
 * flush_all_zero_pkmaps() free every count-1 slot and flush the TLB once
 * for all of them: with 1024 slots, one flush per (up to) 1024 new
 * mappings.  Worked example: slots 1..1023 mapped and unmapped once each
 * are all at count 1; the 1024th new mapping wraps, the flush turns 1023
 * counts to 0 with one CR3 reload, and slot 0 is taken.
 *
 * When all 1024 slots have users (count > 1 everywhere), kmap() sleeps on
 * pkmap_map_wait until a kunmap() brings a count down to 1.
 *
 * Locking: one CPU with cooperative threads; interrupts off stand for
 * Linux's kmap_lock (kmap() is not allowed in interrupt context anyway).
 *
 * Steps (tests/lab6/):
 *  - 6.1 kmap_init(): lab6.init.*
 *  - 6.2 the page_address hash (page_address_map.c): lab6.hash.*
 *  - 6.3 pkmap_scan(), flush_all_zero_pkmaps(), map_new_virtual(): lab6.map.*,
 *        lab6.flush.*
 *  - 6.4 kmap_high(), kmap(): lab6.kmap.*, lab6.content.*
 *  - 6.5 kunmap_high(), kunmap(): lab6.kunmap.*, lab6.misuse.*
 *  - 6.6 pkmap_wait(): lab6.full.*
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

int pkmap_count[LAST_PKMAP];
unsigned int last_pkmap_nr;
unsigned long pkmap_flush_count;
DECLARE_WAIT_QUEUE_HEAD(pkmap_map_wait);

/* The page table of the pkmap area (made by kmap_init), or NULL. */
static pte_t *pkmap_page_table;

/* ---- 6.1: the pkmap page table ------------------------------------------------ */

/*
 * One zeroed page of low memory for the pkmap page table, or NULL.  The
 * table stays for good.  (Linux 2.6.20 takes it from bootmem at boot, in
 * permanent_kmaps_init(); here the buddy allocator exists by then, and the
 * page is simply never freed.)
 */
static __unused pte_t *pkmap_table_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	return page ? page_address(page) : NULL;
}

void kmap_init(void)
{
	/* TODO(6.1): The pkmap area is exactly one page table's 4 MiB.  Take
	 * that table from pkmap_table_alloc(), hook it into the kernel's page
	 * directory at the pkmap area's entry with the flags of a kernel page
	 * table, and remember it.  If there is no page (the buddy allocator
	 * is empty), say so and leave kmap() without slots.
	 * Checked by lab6.init.*. */
}

/* ---- 6.3: finding a slot, the lazy flush ----------------------------------------- */

void flush_all_zero_pkmaps(void)
{
	/* TODO(6.3): Every slot at count 1 becomes free: count 0, its PTE
	 * cleared, its page forgotten by the page_address table.  Then, if
	 * any slot was freed, one TLB flush for the whole area (and count it
	 * in pkmap_flush_count).  A count-1 slot with an empty PTE is a
	 * broken invariant.  Interrupts off.  Checked by lab6.flush.*. */
}

/*
 * One round of the slots, from the one after last_pkmap_nr: the first
 * free one (count 0), or -1 if every slot is in use.  Passing slot 0
 * flushes first.  Interrupts off.
 */
static int pkmap_scan(void)
{
	/* TODO(6.3): Round robin: move last_pkmap_nr on by one (modulo
	 * LAST_PKMAP); when it comes back to 0, flush the slots at count 1
	 * (the whole round starts again: count LAST_PKMAP more tries).  Stop at
	 * a slot with count 0.  After LAST_PKMAP tries without one, there is
	 * none.  Checked by lab6.map.*, lab6.flush.*. */
	return -1;
}

/* ---- 6.6: sleeping while the area is full ------------------------------------------ */

/*
 * Every slot has users: sleep on pkmap_map_wait until a kunmap() wakes us.
 * Called with interrupts off (@p flags from local_irq_save); returns with
 * them off again.  False if it did not sleep (the caller then gives up).
 */
static bool pkmap_wait(unsigned long *flags)
{
	/* TODO(6.6): Go on the pkmap wait queue as a sleeper, let go of the
	 * "lock" (interrupts), give up the CPU until woken, then take the
	 * lock back and leave the queue.  Checked by lab6.full.*. */
	(void)flags;
	return false;
}

/* True if every slot has users: the only reason pkmap_scan() may fail. */
static bool pkmap_all_busy(void)
{
	unsigned int i;

	for (i = 0; i < LAST_PKMAP; i++)
		if (pkmap_count[i] < 2)
			return false;
	return true;
}

/*
 * Give @p page a slot: scan (sleeping while the area is full), map it, and
 * record its address.  The slot's count is 1 on return; the caller takes
 * the reference.  NULL if there is no pkmap page table or the scan is
 * broken.  Interrupts off (*@p flags).
 */
static __unused void *map_new_virtual(struct page *page, unsigned long *flags)
{
	void *vaddr;
	int nr;

	for (;;) {
		nr = pkmap_scan();
		if (nr >= 0)
			break;
		if (WARN(!pkmap_all_busy(), "kmap: no free pkmap slot found, "
			 "but some are free: the scan is wrong\n"))
			return NULL;
		if (!pkmap_wait(flags))
			return NULL;
		/* Somebody may have mapped our page while we slept. */
		vaddr = kmap_page_address(page);
		if (vaddr)
			return vaddr;
	}
	/* TODO(6.3): Map the page in slot nr (a kernel read-write PTE),
	 * mark the slot mapped with no user yet, and record the page's new
	 * address.  Checked by lab6.map.*. */
	(void)page;
	(void)nr;
	return NULL;
}

/* ---- 6.4: kmap ---------------------------------------------------------------------- */

void *kmap_high(struct page *page)
{
	unsigned long flags;
	void *vaddr;

	if (!pkmap_page_table) {
		printk("kmap: no pkmap page table (kmap_init not done)\n");
		return NULL;
	}
	flags = local_irq_save();
	/* TODO(6.4): A page that has a slot already (even one at count 1,
	 * waiting for the flush) keeps it; otherwise it gets a new one.
	 * Either way the slot gains a user, so its count is at least 2.
	 * Checked by lab6.kmap.*. */
	(void)page;
	vaddr = NULL;
	local_irq_restore(flags);
	return vaddr;
}

void *kmap(struct page *page)
{
	/* TODO(6.4): kmap() may sleep, so interrupt context is a misuse the
	 * kernel survives: warn with the reason (it may sleep; kmap_atomic()
	 * is the one for interrupts) and return NULL.  A low page needs no
	 * slot: it is in the direct map.  A high page goes to kmap_high().
	 * Checked by lab6.kmap.*, lab6.misuse.kmap_in_irq. */
	(void)page;
	return NULL;
}

/* ---- 6.5: kunmap -------------------------------------------------------------------- */

void kunmap_high(struct page *page)
{
	bool need_wakeup = false;
	unsigned long flags = local_irq_save();
	void *vaddr = kmap_page_address(page);

	/* TODO(6.5): A page with no pkmap address, or whose slot has no user
	 * left (count below 2), is not kmapped: warn in the kit's words,
	 * "kunmap: page %p is not kmapped", and change nothing.  Otherwise
	 * the slot loses a user; when the last one goes (count 1) the slot
	 * stays mapped until the flush, and sleepers in kmap() are woken
	 * (after the lock is let go).  Checked by lab6.kunmap.*, lab6.misuse.*. */
	(void)vaddr;
	local_irq_restore(flags);
	if (need_wakeup)
		wake_up(&pkmap_map_wait);
}

void kunmap(struct page *page)
{
	if (WARN(in_irq(), "BUG: kunmap() called from interrupt context\n"))
		return;
	if (!PageHighMem(page))
		return;
	kunmap_high(page);
}
