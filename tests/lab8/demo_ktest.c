/**
 * @file
 * Lab 8 demonstrations for the book: run only when named, not graded.
 *
 * lab8.demo.translate loads the same program into two address spaces and
 * prints, for the same three virtual addresses in each, the walk the MMU
 * does: CR3, the directory entry, the table entry, the frame.
 *
 * lab8.demo.fault_trace loads a program, maps two anonymous areas, prints
 * the VMA list, then touches addresses one by one and prints, for each,
 * the page-table entry before, the page-fault error code, what the
 * handler decided and the entry after (book/lab8.md, "What you see").
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

/* One VMA as /proc/PID/maps would show it: range and permissions. */
static void show_vma(const struct vm_area_struct *v)
{
	printk("  %08x-%08x %c%c%c%s\n", __cpu_addr(v->vm_start),
	       __cpu_addr(v->vm_end), v->vm_flags & VM_READ ? 'r' : '-',
	       v->vm_flags & VM_WRITE ? 'w' : '-',
	       v->vm_flags & VM_EXEC ? 'x' : '-',
	       v->vm_flags & VM_GROWSDOWN ? "  [stack]" : "");
}

/* Whether a VMA of @p mm covers @p addr (walked here, not with find_vma()). */
static bool covered(struct mm_struct *mm, unsigned long addr)
{
	const struct vm_area_struct *v;

	for (v = mm->mmap; v; v = v->vm_next)
		if (addr >= v->vm_start && addr < v->vm_end)
			return true;
	return false;
}

static u32 pte_now(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = user_pte(mm, addr);

	return pte ? pte_val(*pte) : 0;
}

/* Touch @p addr once; the address of a fault nothing resolved, or ~0UL. */
static __noinline unsigned long touch(struct ktest *t, unsigned long addr, bool write)
{
	if (write)
		return __KTEST_CATCH_FAULT(t, *(volatile unsigned long *)addr = 1);
	return __KTEST_CATCH_FAULT(t, (void)*(volatile unsigned long *)addr);
}

/*
 * Touch @p addr (a write if @p write) from the kernel, as a system call's
 * copy would, and print what the fault did.  The error code of a fault
 * the handler resolved is the one the CPU pushed: P from the entry before
 * (a protection fault), W from the access, U = 0 (kernel mode); a fault
 * it refused is caught by the test and its code read back from there.
 */
static void trace_access(struct ktest *t, struct mm_struct *mm,
			 unsigned long addr, bool write, const char *what)
{
	u32 before = pte_now(mm, addr), after;
	unsigned long err = (before & _PAGE_PRESENT ? 1 : 0) | (write ? 2 : 0);
	bool inside = covered(mm, addr);
	unsigned long got = touch(t, addr, write);
	const char *decision;

	after = pte_now(mm, addr);
	if (got != ~0UL) {
		err = t->fault_error_code;
		decision = "refused (a process: SIGSEGV)";
	} else if (before == after) {
		decision = "no fault";
	} else if (!inside) {
		decision = "stack grown, new zeroed page";
	} else if (!(before & _PAGE_PRESENT) && (after >> PAGE_SHIFT) == zero_pfn()) {
		decision = "the zero page, read-only";
	} else if (!(before & _PAGE_PRESENT)) {
		decision = "new zeroed page";
	} else {
		decision = "copy on write";
	}
	if (got == ~0UL && before == after)
		printk("  %-5s %08x %-11s pte %08x  no fault\n",
		       write ? "write" : "read", __cpu_addr(addr), what, before);
	else
		printk("  %-5s %08x %-11s pte %08x  error %lx  %-29s -> pte %08x\n",
		       write ? "write" : "read", __cpu_addr(addr), what, before,
		       err, decision, after);
}

KTEST_EXPLICIT(lab8, demo, fault_trace)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long anon = TASK_UNMAPPED_BASE, ro, stack = 0;
	const struct vm_area_struct *v;
	struct pt_regs regs;

	KTEST_ASSERT(t, mm != NULL);
	use_mm(mm);
	KTEST_EXPECT_EQ(t, exec_user_program("hello", &regs), 0);
	KTEST_EXPECT_EQ(t, map_anon(mm, anon, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE), anon);
	ro = map_anon(mm, 0, PAGE_SIZE, PROT_READ);
	KTEST_EXPECT_EQ(t, ro, anon + 2 * PAGE_SIZE);
	printk("VMAs:\n");
	for (v = mm->mmap; v; v = v->vm_next) {
		show_vma(v);
		if (v->vm_flags & VM_GROWSDOWN)
			stack = v->vm_start;
	}
	printk("faults:\n");
	trace_access(t, mm, anon, false, "mmap rw");
	trace_access(t, mm, anon, true, "mmap rw");
	trace_access(t, mm, anon + PAGE_SIZE, true, "mmap rw +1");
	trace_access(t, mm, anon + PAGE_SIZE, false, "mmap rw +1");
	trace_access(t, mm, ro, false, "mmap r");
	trace_access(t, mm, ro, true, "mmap r");
	trace_access(t, mm, ro + PAGE_SIZE, false, "no VMA");
	trace_access(t, mm, stack - sizeof(long), true, "below stack");
	printk("VMAs after:\n");
	for (v = mm->mmap; v; v = v->vm_next)
		show_vma(v);
	use_mm(NULL);
	mmput(mm);
}
