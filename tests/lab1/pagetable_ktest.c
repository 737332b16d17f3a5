/**
 * @file
 * Lab 1 in-kernel tests, steps 1.1 to 1.3: swapper_pg_dir on the booted
 * kernel, checked entry by entry with the kit's own walk (directmap_ref.h),
 * then used: the old addresses fault, the read-only image faults on a
 * write, and RAM is reached through two mappings at once.
 *
 * @verbatim
 *   group     step  what
 *   pgtable   1.1   one table per 4 MiB of lowmem, from memblock; user half empty
 *   map       1.2   every low frame at PAGE_OFFSET + phys, RW; nothing above
 *   protect   1.3   text and rodata read-only; writes to them fault (P=1 W=1)
 *   switch    1.3   CR3 and CR0.WP; identity and hole addresses fault; pattern
 *                   written through __va() is read through a second mapping,
 *                   at every edge and one frame in ALIAS_STRIDE
 * @endverbatim
 *
 * Every test first checks that the student's code has done its part
 * (a table exists, or CR3 points to swapper_pg_dir): with the skeleton the
 * kernel still runs on head.S's boot tables, where an identity address
 * faults too, and such a test must not pass by accident.  Loops stop at
 * the first wrong page and print it as a `# lab1:` line.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include <asm/fixmap.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include "directmap_ref.h"

extern char init_stack[];		/* head.S: the boot stack, 4 pages */
#define INIT_STACK_PAGES 4

/* A constant the compiler must keep in .rodata (its address is taken). */
static const u32 lab1_ro_word = 0x600dc0de;
/* ... and a variable in .data, which must stay writable. */
static u32 lab1_rw_word = 0x5eed;

static bool swapper_is_live(void)
{
	return current_pgdir() == swapper_pg_dir;
}

/* ---- 1.1 pgtable ---------------------------------------------------------- */

/* The pgd entry index of the first and one past the last lowmem table. */
static unsigned int first_low_pgd(void)
{
	return pgd_index(PAGE_OFFSET);
}

static unsigned int end_low_pgd(void)
{
	return first_low_pgd() + (unsigned int)ref_nr_tables();
}

KTEST(lab1, pgtable, lowmem_tables)
{
	unsigned int i;

	for (i = first_low_pgd(); i < end_low_pgd(); i++) {
		u32 v = pgd_val(swapper_pg_dir[i]);

		if (!(v & _PAGE_PRESENT) || (v & _PAGE_PSE) ||
		    (v & REF_FLAGS_MASK) != _KERNPG_TABLE ||
		    (v & PAGE_MASK) >= PFN_PHYS(max_low_pfn)) {
			printk("# lab1: swapper_pg_dir[%u] = %#x\n", i, v);
			KTEST_EXPECT_EQ(t, v & REF_FLAGS_MASK, _KERNPG_TABLE);
			KTEST_EXPECT(t, (v & PAGE_MASK) < PFN_PHYS(max_low_pfn));
			return;
		}
	}
	/* Past the last lowmem table, no direct-map table belongs. */
	KTEST_EXPECT_EQ(t, pgd_val(swapper_pg_dir[end_low_pgd()]), 0);
}

KTEST(lab1, pgtable, from_memblock)
{
	unsigned int i, j;

	KTEST_ASSERT(t, ref_has_first_table());
	for (i = first_low_pgd(); i < end_low_pgd(); i++) {
		phys_addr_t pa = pgd_val(swapper_pg_dir[i]) & PAGE_MASK;

		/* Reserved in memblock, and not a page of the kernel image. */
		if (!KTEST_EXPECT(t, memblock_is_reserved(pa, PAGE_SIZE)) ||
		    !KTEST_EXPECT(t, pa >= __pa(_end) || pa + PAGE_SIZE <= __pa(_text)))
			return;
		for (j = first_low_pgd(); j < i; j++)
			if (!KTEST_EXPECT_NE(t, pgd_val(swapper_pg_dir[j]) & PAGE_MASK, pa))
				return;
	}
}

KTEST(lab1, pgtable, user_half_empty)
{
	unsigned int i;

	KTEST_ASSERT(t, ref_has_first_table());
	for (i = 0; i < USER_PTRS_PER_PGD; i++)
		if (!KTEST_EXPECT_EQ(t, pgd_val(swapper_pg_dir[i]), 0))
			return;
}

/* ---- 1.2 map ---------------------------------------------------------------- */

/*
 * The first frame of [from, to) whose PTE is not right (@flags: compare
 * flags too), or max_low_pfn.  Every frame, table by table: one walk from
 * the pgd per 1024 frames, then a plain scan of that table's entries (a
 * walk per frame would cost Bochs tens of instructions a frame).  The
 * direct map starts on a table boundary, so frame pfn is entry
 * pfn % PTRS_PER_PTE of its table.  Without @flags only the frame and
 * _PAGE_PRESENT, which both flag sets have, are compared.
 */
static unsigned long first_bad_pfn(bool flags, unsigned long from, unsigned long to)
{
	unsigned long ro_first = ref_ro_first_pfn(), ro_end = ref_ro_end_pfn();
	u32 mask = flags ? ~0u : PAGE_MASK | _PAGE_PRESENT;
	unsigned long pfn = from;

	while (pfn < to) {
		unsigned long end = min(to, ALIGN_DOWN(pfn, PTRS_PER_PTE) + PTRS_PER_PTE);
		enum pg_level level;
		pte_t *pte = ref_walk(swapper_pg_dir, (unsigned long)__va(PFN_PHYS(pfn)), &level);

		if (!pte || level != PG_LEVEL_4K)
			return pfn;
		for (; pfn < end; pfn++, pte++) {
			u32 want = (u32)(pfn << PAGE_SHIFT) |
				   (pfn >= ro_first && pfn < ro_end ?
				    __PAGE_KERNEL_RO : __PAGE_KERNEL);

			if ((pte_val(*pte) ^ want) & mask)
				return pfn;
		}
	}
	return max_low_pfn;
}

/* Report frame @pfn's PTE against the model. */
static void report_pfn(struct ktest *t, unsigned long pfn)
{
	enum pg_level level;
	pte_t *pte = ref_walk(swapper_pg_dir, (unsigned long)__va(PFN_PHYS(pfn)), &level);

	printk("# lab1: first wrong page: %#lx (pfn %#lx), level %d, pte %#x\n",
	       (unsigned long)__va(PFN_PHYS(pfn)), pfn, level, pte ? pte_val(*pte) : 0);
	KTEST_EXPECT_EQ(t, pte ? pte_val(*pte) : 0, ref_expected_pte(pfn));
}

KTEST(lab1, map, every_low_page)
{
	unsigned long bad;

	KTEST_ASSERT(t, ref_has_first_table());
	bad = first_bad_pfn(false, 0, max_low_pfn);
	if (bad != max_low_pfn)
		report_pfn(t, bad);
}

KTEST(lab1, map, flags)
{
	unsigned long bad;

	/* Read-write outside the image's read-only part (1.3 checks that part). */
	KTEST_ASSERT(t, ref_has_first_table());
	bad = first_bad_pfn(true, 0, ref_ro_first_pfn());
	if (bad == max_low_pfn)
		bad = first_bad_pfn(true, ref_ro_end_pfn(), max_low_pfn);
	if (bad != max_low_pfn)
		report_pfn(t, bad);
}

KTEST(lab1, map, nothing_above_high_memory)
{
	unsigned long addr;

	KTEST_ASSERT(t, ref_has_first_table());
	/* The last lowmem page is mapped; from high_memory to VMALLOC_START nothing. */
	KTEST_ASSERT(t, first_bad_pfn(false, max_low_pfn - 1, max_low_pfn) == max_low_pfn);
	for (addr = (unsigned long)high_memory; addr < VMALLOC_START; addr += PAGE_SIZE) {
		enum pg_level level;
		pte_t *pte = ref_walk(swapper_pg_dir, addr, &level);

		if (pte && pte_val(*pte)) {
			printk("# lab1: %#lx is mapped: level %d, entry %#x\n",
			       addr, level, pte_val(*pte));
			KTEST_EXPECT_EQ(t, pte_val(*pte), 0);
			return;
		}
	}
}

/* ---- 1.3 protect ------------------------------------------------------------ */

KTEST(lab1, protect, text_rodata_ro)
{
	unsigned long bad;

	KTEST_ASSERT(t, ref_has_first_table());
	KTEST_ASSERT(t, ref_ro_end_pfn() > ref_ro_first_pfn());
	bad = first_bad_pfn(true, ref_ro_first_pfn(), ref_ro_end_pfn());
	if (bad != max_low_pfn)
		report_pfn(t, bad);
}

/* Write a byte's own value back: harmless if the write does not fault. */
static void rewrite_byte(unsigned long addr)
{
	volatile u8 *p = (volatile u8 *)addr;

	*p = *p;
}

KTEST(lab1, protect, write_faults)
{
	unsigned long text = (unsigned long)paging_init;
	unsigned long rodata = (unsigned long)&lab1_ro_word;

	KTEST_ASSERT(t, swapper_is_live());
	KTEST_ASSERT(t, read_cr0() & X86_CR0_WP);
	/* A kernel-mode write to a present page: error code P=1 W=1 U=0. */
	KTEST_EXPECT_FAULT(t, text, rewrite_byte(text));
	KTEST_EXPECT_EQ(t, t->fault_error_code & 7, 3);
	KTEST_EXPECT_FAULT(t, rodata, rewrite_byte(rodata));
	KTEST_EXPECT_EQ(t, t->fault_error_code & 7, 3);
	KTEST_EXPECT_EQ(t, lab1_ro_word, 0x600dc0de);
	/* Data right after the read-only part is still writable. */
	lab1_rw_word++;
	KTEST_EXPECT_EQ(t, lab1_rw_word, 0x5eee);
}

/* ---- 1.3 switch ------------------------------------------------------------- */

KTEST(lab1, switch, cr3_and_wp)
{
	KTEST_EXPECT_EQ(t, read_cr3() & PAGE_MASK, __pa(swapper_pg_dir));
	KTEST_EXPECT(t, read_cr0() & X86_CR0_WP);
}

static void read_word(unsigned long addr)
{
	(void)*(volatile u32 *)addr;
}

KTEST(lab1, switch, identity_gone)
{
	unsigned long last_low = PFN_PHYS(max_low_pfn - 1);

	KTEST_ASSERT(t, swapper_is_live());
	/* The physical addresses head.S once mapped to themselves: not present (P=0). */
	KTEST_EXPECT_FAULT(t, 0x100000, read_word(0x100000));
	KTEST_EXPECT_EQ(t, t->fault_error_code & 1, 0);
	KTEST_EXPECT_FAULT(t, __pa(swapper_pg_dir), read_word(__pa(swapper_pg_dir)));
	KTEST_EXPECT_FAULT(t, last_low, read_word(last_low));
}

KTEST(lab1, switch, hole_faults)
{
	unsigned long hole = (unsigned long)high_memory;

	KTEST_ASSERT(t, swapper_is_live());
	KTEST_EXPECT_FAULT(t, hole, read_word(hole));
	KTEST_EXPECT_FAULT(t, hole + VMALLOC_OFFSET / 2, read_word(hole + VMALLOC_OFFSET / 2));
	KTEST_EXPECT_FAULT(t, VMALLOC_START - PAGE_SIZE, read_word(VMALLOC_START - PAGE_SIZE));
}

/*
 * The second mapping: one PTE in the page table of FIXADDR_TOP's 4 MiB, at
 * FIX_HOLE's page, which no one uses.  Before lab 7 there is no such
 * table: the test brings its own (a page of .bss) and takes it away after.
 */
static pte_t alias_table[PTRS_PER_PTE] __aligned(PAGE_SIZE);

struct alias {
	unsigned long vaddr;
	pte_t *slot;
	bool own_table;
};

static bool alias_init(struct alias *a)
{
	pgd_t *pgd = pgd_offset_k(FIXADDR_TOP);

	a->vaddr = __fix_to_virt(FIX_HOLE);
	a->own_table = pgd_none(*pgd);
	if (a->own_table) {
		memset(alias_table, 0, sizeof(alias_table));
		set_pgd(pgd, __pgd(__pa(alias_table) | _KERNPG_TABLE));
	}
	if (pgd_large(*pgd))
		return false;
	a->slot = pte_offset_kernel(pgd, a->vaddr);
	return pte_none(*a->slot);
}

static void alias_map(struct alias *a, unsigned long pfn)
{
	set_pte(a->slot, pfn_pte(pfn, PAGE_KERNEL));
	__flush_tlb_one(a->vaddr);
}

static void alias_exit(struct alias *a)
{
	if (a->slot)
		pte_clear(a->slot);
	if (a->own_table)
		set_pgd(pgd_offset_k(FIXADDR_TOP), __pgd(0));
	__flush_tlb_one(a->vaddr);
}

/*
 * Frame @pfn through both mappings: a pattern stored through __va() must
 * read back through the alias and the other way round.  A read-only page
 * (kernel text) is compared whole instead.  Interrupts are off and nothing
 * between the stores and the restore touches memory but these words.
 */
static bool frame_aliases(struct alias *a, unsigned long pfn)
{
	volatile u32 *direct = __va(PFN_PHYS(pfn));
	volatile u32 *alias = (volatile u32 *)a->vaddr;
	u32 pattern = 0xA5000000u ^ (u32)pfn, saved, back1, back2;

	alias_map(a, pfn);
	if (ref_pfn_is_ro(pfn))
		return !memcmp((const void *)direct, (const void *)alias, PAGE_SIZE);
	saved = *direct;
	*direct = pattern;
	back1 = *alias;
	*alias = ~pattern;
	back2 = *direct;
	*direct = saved;
	return back1 == pattern && back2 == ~pattern;
}

static bool on_boot_stack(unsigned long pfn)
{
	unsigned long first = PFN_DOWN(__pa(init_stack));

	return pfn >= first && pfn < first + INIT_STACK_PAGES;
}

/*
 * alias_pattern tries one frame in ALIAS_STRIDE, and every frame where a
 * mapping mistake shows first: the first and last of each RAM region,
 * each table's first and last entry, the edges of the read-only image.
 * A frame costs tens of instructions (a PTE, an invlpg, the stores), and
 * map.every_low_page already checks every entry's frame and flags; what
 * this test adds, that the MMU really reaches RAM through swapper_pg_dir,
 * is not a property of one frame.  The stride is odd, so across the
 * tables it meets every pte_index.
 */
#define ALIAS_STRIDE 7

/* The first edge of the read-only image at or after @pfn, or ~0. */
static unsigned long next_ro_edge(unsigned long pfn)
{
	unsigned long edges[] = { ref_ro_first_pfn() - 1, ref_ro_first_pfn(),
				  ref_ro_end_pfn() - 1, ref_ro_end_pfn() };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(edges); k++)
		if (edges[k] >= pfn)
			return edges[k];
	return ~0UL;
}

/* The next frame after @pfn, in a region ending at @end, to try. */
static unsigned long next_alias_pfn(unsigned long pfn, unsigned long end)
{
	unsigned long next = pfn + 1, i = next % PTRS_PER_PTE;

	if (next >= end - 1 || i == 0 || i == PTRS_PER_PTE - 1)
		return next;
	return min(min(DIV_ROUND_UP(next, ALIAS_STRIDE) * ALIAS_STRIDE,
		       next - i + PTRS_PER_PTE - 1),
		   min(end - 1, next_ro_edge(next)));
}

/* The frames above, of RAM below max_low_pfn; returns how many, or ~0 at the first miss. */
static unsigned long check_all_frames(struct alias *a, unsigned long *bad)
{
	unsigned long n = 0, pfn;
	unsigned int r;

	for (r = 0; r < memblock.memory.cnt; r++) {
		const struct memblock_region *m = &memblock.memory.regions[r];
		unsigned long end = min(PFN_DOWN((u64)m->base + m->size), max_low_pfn);

		for (pfn = PFN_UP(m->base); pfn < end; pfn = next_alias_pfn(pfn, end)) {
			if (on_boot_stack(pfn))
				continue;
			if (!frame_aliases(a, pfn)) {
				*bad = pfn;
				return ~0UL;
			}
			n++;
		}
	}
	return n;
}

KTEST(lab1, switch, alias_pattern)
{
	struct alias a = { 0 };
	unsigned long n, bad = 0;

	KTEST_ASSERT(t, swapper_is_live());
	if (!alias_init(&a)) {
		alias_exit(&a);
		KTEST_ASSERT(t, !"FIX_HOLE's page table entry is usable");
	}
	n = check_all_frames(&a, &bad);
	alias_exit(&a);
	if (n == ~0UL) {
		printk("# lab1: frame %#lx: __va() %#lx and its alias disagree\n",
		       bad, (unsigned long)__va(PFN_PHYS(bad)));
		KTEST_EXPECT(t, n != ~0UL);
		return;
	}
	printk("# lab1: %lu frames written through __va() and read through %#lx\n",
	       n, a.vaddr);
	KTEST_EXPECT(t, n > max_low_pfn / ALIAS_STRIDE / 2);
}

/*
 * Not graded, run only when named: the oops a write to kernel text gives
 * without a test expecting it (the book's experiment).
 * `make run LAB=1 SRC=solutions CMDLINE="ktest.filter=lab1.crash.write_text"`
 */
KTEST_EXPLICIT(lab1, crash, write_text)
{
	rewrite_byte((unsigned long)paging_init);
	KTEST_EXPECT(t, !"the write to kernel text did not fault");
}
