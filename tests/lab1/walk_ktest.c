/**
 * @file
 * Lab 1 in-kernel tests, steps 1.4 and 1.5, and the bench group:
 * lookup_address() against the kit's walk, __phys_addr() and
 * virt_addr_valid() at the edges of the direct map.
 *
 * @verbatim
 *   group      step  what
 *   lookup     1.4   hand-made entries in an unused user slot (empty, 4 MiB,
 *                    page table); the direct map, every pte_index and
 *                    pgd_index; the edges of what is mapped
 *   physaddr   1.5   __pa by subtraction inside the direct map; a warning and
 *                    0 outside it; virt_addr_valid() true and false cases
 *   bench            emulated instructions per lookup_address(), __phys_addr()
 *                    and virt_addr_valid()
 * @endverbatim
 *
 * The lookup.synthetic test does not need paging_init(): it writes its
 * own entries into swapper_pg_dir's pgd slot of 0x40000000 (user space,
 * which the kernel's directory never uses) and clears them afterwards,
 * so step 1.4 earns its points even before steps 1.1 to 1.3 work.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/ktest.h>
#include <asm/fixmap.h>
#include <asm/highmem.h>
#include <asm/tlbflush.h>
#include "directmap_ref.h"

extern unsigned int warn_count;

/* ---- 1.4 lookup ------------------------------------------------------------- */

/* A user-space address whose 4 MiB the kernel's directory leaves empty. */
#define SYNTHETIC_VADDR (KVA_BIAS + 0x40000000UL)

static pte_t synthetic_table[PTRS_PER_PTE] __aligned(PAGE_SIZE);

static void synthetic_clear(pgd_t *pgd)
{
	set_pgd(pgd, __pgd(0));
	__flush_tlb_all();
}

/* Expect lookup_address(@addr) to give @want at @want_level. */
static void expect_lookup(struct ktest *t, unsigned long addr, pte_t *want,
			  enum pg_level want_level)
{
	enum pg_level level = (enum pg_level)77;	/* must be overwritten */

	KTEST_EXPECT_EQ(t, (unsigned long)lookup_address(addr, &level),
			(unsigned long)want);
	KTEST_EXPECT_EQ(t, level, want_level);
}

KTEST(lab1, lookup, synthetic)
{
	pgd_t *pgd = pgd_offset_k(SYNTHETIC_VADDR);

	KTEST_ASSERT(t, pgd_none(*pgd));
	/* Empty: nothing to find. */
	expect_lookup(t, SYNTHETIC_VADDR + 0x123456, NULL, PG_LEVEL_NONE);

	/* A 4 MiB page (frame 0x400 = 4 MiB): the directory entry itself. */
	set_pgd(pgd, __pgd(0x400000 | _PAGE_PSE | _PAGE_RW | _PAGE_PRESENT));
	expect_lookup(t, SYNTHETIC_VADDR, (pte_t *)pgd, PG_LEVEL_4M);
	expect_lookup(t, SYNTHETIC_VADDR + PGDIR_SIZE - 1, (pte_t *)pgd, PG_LEVEL_4M);
	synthetic_clear(pgd);

	/* A page table: the entry of the address, present or not. */
	memset(synthetic_table, 0, sizeof(synthetic_table));
	synthetic_table[0x123] = pfn_pte(0x1234, PAGE_KERNEL_RO);
	set_pgd(pgd, __pgd(__pa(synthetic_table) | _KERNPG_TABLE));
	expect_lookup(t, SYNTHETIC_VADDR + 0x123456, &synthetic_table[0x123], PG_LEVEL_4K);
	expect_lookup(t, SYNTHETIC_VADDR + 0x123000, &synthetic_table[0x123], PG_LEVEL_4K);
	expect_lookup(t, SYNTHETIC_VADDR, &synthetic_table[0], PG_LEVEL_4K);
	expect_lookup(t, SYNTHETIC_VADDR + PGDIR_SIZE - 1, &synthetic_table[1023], PG_LEVEL_4K);
	synthetic_clear(pgd);

	/* The next slot was never touched: still nothing. */
	expect_lookup(t, SYNTHETIC_VADDR + PGDIR_SIZE, NULL, PG_LEVEL_NONE);
}

/*
 * lookup.direct_map asks about a frame in LOOKUP_STRIDE, plus every frame
 * of the first and the last table and the first and last entry of every
 * table.  A call costs tens of instructions, and a walk's mistakes follow
 * the bits of the two indexes, not the frame: the two whole tables meet
 * every pte_index, the table edges every pgd_index.  The stride is odd,
 * so across the tables it meets every pte_index too.
 */
#define LOOKUP_STRIDE 61

/* The next frame after @pfn that lookup.direct_map asks about. */
static unsigned long next_lookup_pfn(unsigned long pfn)
{
	unsigned long last_table = ALIGN_DOWN(max_low_pfn - 1, PTRS_PER_PTE);
	unsigned long next = pfn + 1, i = next % PTRS_PER_PTE;

	if (next < PTRS_PER_PTE || next >= last_table ||
	    i == 0 || i == PTRS_PER_PTE - 1)
		return next;
	/* Else the first of: the next multiple of the stride, the table's
	 * last entry, the last table. */
	return min(min(DIV_ROUND_UP(next, LOOKUP_STRIDE) * LOOKUP_STRIDE,
		       next - i + PTRS_PER_PTE - 1), last_table);
}

KTEST(lab1, lookup, direct_map)
{
	unsigned long pfn;

	KTEST_ASSERT(t, ref_has_first_table());
	for (pfn = 0; pfn < max_low_pfn; pfn = next_lookup_pfn(pfn)) {
		/* Vary the offset in the page: the walk must ignore it. */
		unsigned long addr = (unsigned long)__va(PFN_PHYS(pfn)) + (pfn * 8 & ~PAGE_MASK);
		enum pg_level level, ref_level;
		pte_t *want = ref_walk(swapper_pg_dir, addr, &ref_level);
		pte_t *got = lookup_address(addr, &level);

		if (got != want || level != ref_level) {
			printk("# lab1: lookup_address(%#lx) = %p level %d, want %p level %d\n",
			       addr, got, level, want, ref_level);
			expect_lookup(t, addr, want, ref_level);
			return;
		}
	}
}

KTEST(lab1, lookup, unmapped)
{
	unsigned long last = (unsigned long)high_memory - 1;
	enum pg_level level;
	pte_t *pte;

	KTEST_ASSERT(t, ref_has_first_table());
	/* The last byte of lowmem is mapped by a present 4 KiB entry ... */
	pte = lookup_address(last, &level);
	KTEST_ASSERT(t, pte != NULL);
	KTEST_EXPECT(t, pte_present(*pte));
	KTEST_EXPECT_EQ(t, level, PG_LEVEL_4K);
	KTEST_EXPECT_EQ(t, pte_pfn(*pte), max_low_pfn - 1);
	/* ... the next byte is not: an empty slot or no table at all. */
	pte = ref_walk(swapper_pg_dir, last + 1, &level);
	expect_lookup(t, last + 1, pte, level);
	KTEST_EXPECT(t, !pte || pte_none(*pte));
	/* User space and the vmalloc hole: no entry in the kernel's directory. */
	expect_lookup(t, KVA_BIAS + 0x08048000UL, NULL, PG_LEVEL_NONE);
	pte = ref_walk(swapper_pg_dir, VMALLOC_START - PAGE_SIZE, &level);
	expect_lookup(t, VMALLOC_START - PAGE_SIZE, pte, level);
}

/* ---- 1.5 physaddr ------------------------------------------------------------ */

static u32 lab1_data_word = 1;

KTEST(lab1, physaddr, direct_map)
{
	unsigned long hm = (unsigned long)high_memory;
	unsigned int warnings = warn_count;

	KTEST_EXPECT_EQ(t, __phys_addr(PAGE_OFFSET), 0);
	KTEST_EXPECT_EQ(t, __phys_addr(PAGE_OFFSET + 0x123456), 0x123456);
	KTEST_EXPECT_EQ(t, __phys_addr((unsigned long)&lab1_data_word),
			__pa(&lab1_data_word));
	KTEST_EXPECT_EQ(t, __phys_addr(hm - 1), PFN_PHYS(max_low_pfn) - 1);
	KTEST_EXPECT_EQ(t, warn_count, warnings);
}

KTEST(lab1, physaddr, misuse_warns)
{
	static const unsigned long bad[] = {
		0x08048000UL,		/* user space */
		0xBFFFFFFFUL,		/* PAGE_OFFSET - 1 */
	};
	unsigned long hm = (unsigned long)high_memory;
	unsigned int warnings = warn_count, i;

	/* Each misuse: a warning in Linux's words, and physical address 0. */
	KTEST_EXPECT_EQ(t, __phys_addr(hm), 0);
	KTEST_EXPECT_EQ(t, warn_count, warnings + 1);
	KTEST_EXPECT_EQ(t, __phys_addr(VMALLOC_START + 0x1000), 0);
	KTEST_EXPECT_EQ(t, __phys_addr(PKMAP_BASE), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, __phys_addr(KVA_BIAS + bad[i]), 0);
	KTEST_EXPECT_EQ(t, warn_count, warnings + 3 + ARRAY_SIZE(bad));
}

KTEST(lab1, physaddr, virt_addr_valid)
{
	unsigned long hm = (unsigned long)high_memory;
	unsigned int warnings = warn_count;

	KTEST_EXPECT(t, virt_addr_valid((void *)PAGE_OFFSET));
	KTEST_EXPECT(t, virt_addr_valid(&lab1_data_word));
	KTEST_EXPECT(t, virt_addr_valid(__va(0x100000)));
	KTEST_EXPECT(t, virt_addr_valid((void *)(hm - 1)));
	KTEST_EXPECT(t, !virt_addr_valid((void *)hm));
	KTEST_EXPECT(t, !virt_addr_valid((void *)VMALLOC_START));
	KTEST_EXPECT(t, !virt_addr_valid((void *)PKMAP_BASE));
	KTEST_EXPECT(t, !virt_addr_valid((void *)FIXADDR_TOP));
	KTEST_EXPECT(t, !virt_addr_valid(NULL));
	KTEST_EXPECT(t, !virt_addr_valid((void *)(KVA_BIAS + 0x08048000UL)));
	KTEST_EXPECT(t, !virt_addr_valid((void *)(PAGE_OFFSET - 1)));
	KTEST_EXPECT_EQ(t, warn_count, warnings);	/* asking is not misuse */
}

/* ---- bench -------------------------------------------------------------------- */

struct lookup_arg {
	unsigned long addr;
	pte_t *pte;
	enum pg_level level;
};

static void bench_lookup(void *arg)
{
	struct lookup_arg *a = arg;

	a->pte = lookup_address(a->addr, &a->level);
}

KTEST(lab1, bench, lookup_address)
{
	struct lookup_arg a = { .addr = PAGE_OFFSET + 0x123456 };
	enum pg_level ref_level;

	ktest_bench("lookup_address(direct map)", bench_lookup, &a, 1000);
	KTEST_EXPECT(t, a.pte != NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)a.pte,
			(unsigned long)ref_walk(swapper_pg_dir, a.addr, &ref_level));
	KTEST_EXPECT_EQ(t, a.level, PG_LEVEL_4K);
}

static void bench_phys_addr(void *arg)
{
	volatile phys_addr_t sink = __phys_addr(*(unsigned long *)arg);

	(void)sink;
}

KTEST(lab1, bench, phys_addr)
{
	unsigned long addr = PAGE_OFFSET + 0x123456;

	ktest_bench("__phys_addr(direct map)", bench_phys_addr, &addr, 1000);
	KTEST_EXPECT_EQ(t, __phys_addr(addr), 0x123456);
}

static void bench_virt_addr_valid(void *arg)
{
	volatile bool sink = virt_addr_valid(*(void **)arg);

	(void)sink;
}

KTEST(lab1, bench, virt_addr_valid)
{
	void *addr = (void *)(PAGE_OFFSET + 0x123456);

	ktest_bench("virt_addr_valid(direct map)", bench_virt_addr_valid, &addr, 1000);
	KTEST_EXPECT(t, virt_addr_valid(addr));
}
