/**
 * @file
 * Lab 1: paging_init() builds swapper_pg_dir, the kernel's own page tables.
 *
 * Until paging_init() the kernel runs on head.S's boot_pg_dir: 224 entries
 * of 4 MiB (PSE) pages that map 0..896 MiB at PAGE_OFFSET whatever the
 * machine has.  paging_init() builds the real directory with 4 KiB pages,
 * so that each page of the kernel can have its own protection, and maps
 * only the RAM that is there:
 *
 * @verbatim
 *   swapper_pg_dir          page tables (memblock)             frames
 *   +--------------+
 *   |   0 .. 767   |  empty: no user mapping in the kernel's own directory
 *   +--------------+
 *   |     768      |--> table: entry i -> pfn i               0 ..   4 MiB
 *   |     769      |--> table: entry i -> pfn 1024 + i        4 ..   8 MiB
 *   |     ...      |
 *   |     991      |--> table: entry i -> pfn 223*1024 + i  892 .. 896 MiB
 *   +--------------+
 *   |  992 .. 1023 |  empty here: vmalloc, pkmap, fixmap (later labs)
 *   +--------------+
 *
 *   0xC0123456: pgd_index = 0xC0123456 >> 22 = 768, pte_index = 0x123,
 *               so entry 0x123 of the first table maps pfn 0x123 and the
 *               byte is at physical 0x123456 = 0xC0123456 - PAGE_OFFSET.
 * @endverbatim
 *
 * Sizes: with 1 GiB of RAM max_low_pfn = 896 MiB / 4 KiB = 0x38000, which
 * is 0x38000 / 1024 = 224 tables (896 KiB).  With 64 MiB (Bochs gives
 * 0x3FF0 usable frames) it is 16 tables, and the last one has only
 * 0x3FF0 - 15 * 1024 = 1008 entries in use: the other 16 stay empty.
 *
 * Invariants once paging_init() has returned:
 *  - every frame below max_low_pfn is mapped, with a 4 KiB PTE, at
 *    PAGE_OFFSET + its physical address; nothing else in the directory;
 *  - [_text, __end_rodata) is read-only (PAGE_KERNEL_RO), the rest of low
 *    memory read-write (PAGE_KERNEL); CR0.WP makes that bind the kernel too;
 *  - CR3 holds __pa(swapper_pg_dir): the boot tables, and with them the
 *    last trace of the identity map, are gone.
 *
 * Linux keeps these functions in arch/i386/mm/init.c (2.6.20), now
 * arch/x86/mm/init_32.c, hence the file's name.
 *
 * Steps (each checked by the tests named after it, tests/lab1/):
 *  - 1.1 one_page_table_init(): lab1.pgtable.*
 *  - 1.2 map_low_pages(): lab1.map.*
 *  - 1.3 protect_kernel_image() and the switch: lab1.protect.*, lab1.switch.*
 *  - 1.4 lookup_address() (pageattr.c): lab1.lookup.*
 *  - 1.5 __phys_addr(), virt_addr_valid() (physaddr.c): lab1.physaddr.*
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>

/*
 * Give the pgd entry @pgd a page table if it has none, and return the
 * table (as a kernel pointer).  Boot only; memblock is the allocator.
 */
static pte_t *one_page_table_init(pgd_t *pgd)
{
	/* TODO(1.1): An empty entry needs a page table: one page, page
	 * aligned, all zero (1024 entries that map nothing yet), taken from
	 * the early allocator so that nobody else ever gets that page.
	 * Point the entry at the table's physical address with the flags of
	 * a kernel page table, then return the table as a kernel pointer
	 * (an entry that already has a table just returns it).  Panic if
	 * there is no memory left: boot cannot go on without page tables.
	 * Checked by lab1.pgtable.lowmem_tables, lab1.pgtable.from_memblock,
	 * lab1.pgtable.user_half_empty. */
	if (pgd_none(*pgd)) {
		pte_t *table = memblock_alloc(PAGE_SIZE, PAGE_SIZE);

		if (!table)
			panic("paging_init: no memory for a page table");
		set_pgd(pgd, __pgd(__pa(table) | _KERNPG_TABLE));
	}
	BUG_ON(!pgd_present(*pgd));
	BUG_ON(pgd_large(*pgd));
	return pgd_page_vaddr(*pgd);
	/* END TODO stub: (void)pgd; return NULL; */
}

/*
 * Fill the table @pt, which translates the 4 MiB starting at frame
 * @first_pfn (entry i -> frame first_pfn + i), as far as low memory goes.
 */
static void map_low_pages(pte_t *pt, unsigned long first_pfn)
{
	/* TODO(1.2): Entry i of this table translates the page of frame
	 * first_pfn + i.  Make every such entry whose frame is low memory
	 * (below max_low_pfn) map that frame, read-write for the kernel
	 * (PAGE_KERNEL); leave the entries past the end of low memory empty.
	 * Write entries only through set_pte().  Worked number: the table of
	 * pgd entry 769 has first_pfn 1024, and its entry 5 maps frame 1029,
	 * i.e. 0xC0405000 -> 0x00405000.  Checked by lab1.map.every_low_page,
	 * lab1.map.flags, lab1.map.nothing_above_high_memory. */
	unsigned long i;

	for (i = 0; i < PTRS_PER_PTE && first_pfn + i < max_low_pfn; i++)
		set_pte(pt + i, pfn_pte(first_pfn + i, PAGE_KERNEL));
	/* END TODO stub: (void)pt; (void)first_pfn; */
}

/* One table per 4 MiB of low memory, then its entries (steps 1.1, 1.2). */
static void kernel_physical_mapping_init(pgd_t *pgd_base)
{
	unsigned long pfn;

	for (pfn = 0; pfn < max_low_pfn; pfn += PTRS_PER_PTE) {
		unsigned long vaddr = (unsigned long)__va(PFN_PHYS(pfn));
		pte_t *pt = one_page_table_init(pgd_base + pgd_index(vaddr));

		if (!pt)
			return;		/* step 1.1 is not written yet */
		map_low_pages(pt, pfn);
	}
}

/*
 * Make the kernel's code and constant data read-only.  The split and the
 * two lines are those of Linux's mark_rodata_ro(): text up to the page
 * after _etext, then read-only data (here kallsyms and .rodata) up to
 * __end_rodata, both page aligned by kernel.ld.
 */
static void protect_kernel_image(void)
{
	/* TODO(1.3): Every page from _text up to __end_rodata holds code or
	 * constants: rewrite its entry in swapper_pg_dir so that it maps the
	 * same frame read-only (PAGE_KERNEL_RO).  The directory is not live
	 * yet, so no TLB flush is needed.  Then print, in Linux's words,
	 * "Write protecting the kernel text: %luk" for [_text, PAGE_ALIGN(_etext))
	 * and "Write protecting the kernel read-only data: %luk" for the rest.
	 * Checked by lab1.protect.text_rodata_ro, lab1.protect.write_faults. */
	unsigned long text = (unsigned long)_text;
	unsigned long etext = PAGE_ALIGN((unsigned long)_etext);
	unsigned long end = PAGE_ALIGN((unsigned long)__end_rodata);
	unsigned long addr;

	for (addr = text & PAGE_MASK; addr < end; addr += PAGE_SIZE)
		set_pte(pte_offset_kernel(pgd_offset_k(addr), addr),
			pfn_pte(__pa(addr) >> PAGE_SHIFT, PAGE_KERNEL_RO));
	printk("Write protecting the kernel text: %luk\n", (etext - text) >> 10);
	printk("Write protecting the kernel read-only data: %luk\n",
	       (end - etext) >> 10);
	/* END TODO */
}

/*
 * Kit check, not part of the lab: does @pgdir map every page of the
 * kernel image (code, data, the stack, the page directories) to its own
 * frame?  Loading CR3 with a directory that does not would kill the
 * kernel on the next instruction fetch (a triple fault), and the tests
 * could not even say what is wrong.
 */
static bool maps_kernel_image(const pgd_t *pgdir)
{
	unsigned long addr;

	for (addr = (unsigned long)_text & PAGE_MASK;
	     addr < (unsigned long)_end; addr += PAGE_SIZE) {
		pgd_t pgd = pgdir[pgd_index(addr)];
		pte_t pte;

		if (!pgd_present(pgd) || pgd_large(pgd) ||
		    (pgd_val(pgd) & PAGE_MASK) >= __pa(high_memory))
			return false;
		pte = pgd_page_vaddr(pgd)[pte_index(addr)];
		if (!pte_present(pte) || pte_pfn(pte) != __pa(addr) >> PAGE_SHIFT)
			return false;
	}
	return true;
}

void paging_init(void)
{
	kernel_physical_mapping_init(swapper_pg_dir);
	protect_kernel_image();
	if (!maps_kernel_image(swapper_pg_dir)) {
		printk("paging_init: swapper_pg_dir does not map the kernel image: "
		       "staying on the boot page tables\n");
		return;
	}
	/* TODO(1.3): Switch to swapper_pg_dir: load it into CR3 (which also
	 * flushes the TLB, dropping every boot translation), then set CR0.WP
	 * so that read-only pages bind the kernel too, not only user mode.
	 * Checked by lab1.switch.cr3_and_wp and every later lab1.switch test. */
	load_cr3(swapper_pg_dir);
	enable_write_protect();
	/* END TODO */
}
