/**
 * @file
 * Lab 8 demonstrations for the book: run only when named, not graded.
 *
 * lab8.demo.translate loads the same program into two address spaces and
 * prints, for the same three virtual addresses in each, the walk the MMU
 * does: CR3, the directory entry, the table entry, the frame.
 */
#include "lab8_ktest.h"
#include <asm/processor.h>
#include <asm/ptrace.h>

/* Print the two-level walk of @p addr in @p mm, as the MMU would do it. */
static void show_walk(struct mm_struct *mm, unsigned long addr, const char *what)
{
	pgd_t *pgd = pgd_offset(mm->pgd, addr);
	pte_t *pte;

	printk("  %08x %-10s pgd[%3u] = %08x", __cpu_addr(addr), what,
	       pgd_index(addr), pgd_val(*pgd));
	if (!pgd_present(*pgd)) {
		printk("  (no page table)\n");
		return;
	}
	pte = pte_offset_kernel(pgd, addr);
	printk("  pte[%4u] = %08x", pte_index(addr), pte_val(*pte));
	if (pte_present(*pte))
		printk("  frame %05lx%s\n", pte_pfn(*pte),
		       pte_pfn(*pte) == zero_pfn() ? " (zero page)" :
		       pte_pfn(*pte) >= max_low_pfn ? " (high)" : " (low)");
	else
		printk("  (not present)\n");
}

KTEST_EXPLICIT(lab8, demo, translate)
{
	struct mm_struct *mm[2];
	unsigned long anon = TASK_UNMAPPED_BASE;
	struct pt_regs regs;
	volatile int i;

	for (i = 0; i < 2; i++) {
		mm[i] = mm_alloc();
		KTEST_ASSERT(t, mm[i] != NULL);
		use_mm(mm[i]);
		KTEST_EXPECT_EQ(t, exec_user_program("hello", &regs), 0);
		KTEST_EXPECT_EQ(t, map_anon(mm[i], anon, PAGE_SIZE, PROT_READ | PROT_WRITE), anon);
		KTEST_EXPECT_NO_FAULT(t, *(volatile unsigned long *)anon = 100 + i);
		printk("address space %d: CR3 = %08lx\n", i, read_cr3());
		show_walk(mm[i], KVA_BIAS + 0x08048000UL, "text");
		show_walk(mm[i], anon, "mmap");
		show_walk(mm[i], anon + PAGE_SIZE, "unmapped");
		show_walk(mm[i], STACK_TOP - 4, "stack top");
		use_mm(NULL);
	}
	KTEST_EXPECT_NE(t, user_pfn(mm[0], anon), user_pfn(mm[1], anon));
	for (i = 0; i < 2; i++)
		mmput(mm[i]);
}
