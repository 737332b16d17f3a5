/**
 * @file
 * Lab 1 hidden test: graded, left out of the student handout.
 *
 * The visible tests compare swapper_pg_dir with the model entry by entry
 * and try one write to kernel text and one to rodata.  This one asks the
 * running machine and the lab's three functions the same question about a
 * sample of the direct map, and checks that they all agree:
 *
 * @verbatim
 *   for a sample of low frames (a stride of 97, the zone and image edges)
 *   at an offset that differs from frame to frame:
 *     lookup_address(va)   a present 4 KiB entry naming the frame
 *     __phys_addr(va)      va - PAGE_OFFSET, with no warning
 *     virt_addr_valid(va)  true
 *   for RAM frames of the sample:
 *     read va              no fault
 *     write va             no fault outside [_text, __end_rodata)
 *   for EVERY frame of [_text, __end_rodata):
 *     write va             a fault at va, error code P=1 W=1
 * @endverbatim
 *
 * A write to each read-only page, not two, catches an image protected in
 * part (a range rounded the wrong way, or entries changed after the CR3
 * load without a TLB flush, which leaves a cached writable translation).
 * With lab 1 undone, the first check (swapper_pg_dir is live) fails and
 * nothing is touched.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <kit/ktest.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include "directmap_ref.h"

extern unsigned int warn_count;

#define SAMPLE_STRIDE 97	/* frames; not a power of two, so offsets vary */

/* Write a byte's own value back: harmless when the write does not fault. */
static void hidden_rewrite(unsigned long addr)
{
	volatile u8 *p = (volatile u8 *)addr;

	*p = *p;
}

static void hidden_read(unsigned long addr)
{
	(void)*(volatile u8 *)addr;
}

/* True if frame @p pfn lies in one of memblock's RAM regions. */
static bool hidden_is_ram(unsigned long pfn)
{
	unsigned int r;

	for (r = 0; r < memblock.memory.cnt; r++) {
		const struct memblock_region *m = &memblock.memory.regions[r];

		if (pfn >= PFN_UP(m->base) && pfn < PFN_DOWN((u64)m->base + m->size))
			return true;
	}
	return false;
}

/* The three functions agree on frame @p pfn; false (and reported) if not. */
static bool hidden_translates(struct ktest *t, unsigned long pfn)
{
	unsigned long va = (unsigned long)__va(PFN_PHYS(pfn)) +
			   ((pfn * 0x2d4) & ~PAGE_MASK);
	enum pg_level level = PG_LEVEL_NONE;
	pte_t *pte = lookup_address(va, &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte) ||
	    pte_pfn(*pte) != pfn || __phys_addr(va) != va - PAGE_OFFSET ||
	    !virt_addr_valid((void *)va)) {
		printk("# lab1: %#lx (pfn %#lx): entry %#x level %d, __pa %#lx\n",
		       va, pfn, pte ? pte_val(*pte) : 0, level,
		       (unsigned long)__phys_addr(va));
		KTEST_EXPECT(t, pte && level == PG_LEVEL_4K && pte_present(*pte));
		KTEST_EXPECT_EQ(t, pte ? pte_pfn(*pte) : ~0UL, pfn);
		KTEST_EXPECT_EQ(t, __phys_addr(va), va - PAGE_OFFSET);
		KTEST_EXPECT(t, virt_addr_valid((void *)va));
		return false;
	}
	return true;
}

/* A RAM frame outside the image's read-only part reads and writes freely. */
static bool hidden_accessible(struct ktest *t, unsigned long pfn)
{
	unsigned long va = (unsigned long)__va(PFN_PHYS(pfn)) + (pfn & 0xfff);

	if (!hidden_is_ram(pfn))
		return true;
	if (!KTEST_EXPECT_NO_FAULT(t, hidden_read(va)))
		return false;
	if (ref_pfn_is_ro(pfn))
		return true;
	return KTEST_EXPECT_NO_FAULT(t, hidden_rewrite(va));
}

static bool hidden_check_frame(struct ktest *t, unsigned long pfn)
{
	return hidden_translates(t, pfn) && hidden_accessible(t, pfn);
}

KTEST(lab1, hidden, directmap_agrees)
{
	unsigned long edges[] = {
		0, 1, 0x9f, 0x100, ref_ro_first_pfn() - 1, ref_ro_first_pfn(),
		ref_ro_end_pfn() - 1, ref_ro_end_pfn(), 4095, 4096,
		max_low_pfn - 1,
	};
	unsigned int warnings = warn_count, i;
	unsigned long pfn;

	KTEST_ASSERT(t, current_pgdir() == swapper_pg_dir);
	KTEST_ASSERT(t, ref_has_first_table());
	KTEST_ASSERT(t, read_cr0() & X86_CR0_WP);
	for (i = 0; i < ARRAY_SIZE(edges); i++)
		if (edges[i] < max_low_pfn && !hidden_check_frame(t, edges[i]))
			return;
	for (pfn = 3; pfn < max_low_pfn; pfn += SAMPLE_STRIDE)
		if (!hidden_check_frame(t, pfn))
			return;
	KTEST_EXPECT_EQ(t, warn_count, warnings);	/* nothing here is misuse */

	/* Every page of text and rodata, at a different offset in each. */
	KTEST_ASSERT(t, ref_ro_end_pfn() > ref_ro_first_pfn());
	for (pfn = ref_ro_first_pfn(); pfn < ref_ro_end_pfn(); pfn++) {
		unsigned long va = (unsigned long)__va(PFN_PHYS(pfn)) +
				   ((pfn * 0x35) & 0xfff);

		if (!KTEST_EXPECT_FAULT(t, va, hidden_rewrite(va)) ||
		    !KTEST_EXPECT_EQ(t, t->fault_error_code & 7, 3)) {
			printk("# lab1: write to read-only pfn %#lx (%#lx)\n", pfn, va);
			return;
		}
	}
}
