/**
 * @file
 * The arch side of user processes: page directories, switching address
 * spaces, and the first drop to ring 3.
 *
 * Entering user mode is returning from a trap that never happened.  The
 * CPU leaves ring 0 for ring 3 only through IRET (or a far return), and
 * IRET takes EIP, CS, EFLAGS, ESP and SS from the stack.  So
 * start_thread() writes a struct pt_regs at the top of the process's
 * kernel stack, as if ring 3 had trapped into the kernel, and jumps into
 * the trap exit path:
 *
 * @verbatim
 *   kernel stack top (= TSS.esp0, where the CPU puts the next trap frame)
 *     | ss = __USER_DS   | esp = STACK_TOP  | eflags = IF   |
 *     | cs = __USER_CS   | eip = e_entry    | trapnr, error |
 *     | gs fs es ds = __USER_DS  | eax ebp edi esi edx ecx ebx = 0 |  <- ESP
 *   ret_from_trap: pop the registers, IRET -> ring 3 at e_entry
 * @endverbatim
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/tlbflush.h>

/**
 * The zero page: 4 KiB of zeroes that every read-only, never-written
 * anonymous page maps (lab 8).  In the kernel image, so it is reserved
 * from boot and never freed.
 */
unsigned long empty_zero_page[PAGE_SIZE / sizeof(unsigned long)] __aligned(PAGE_SIZE);

/**
 * pgd_alloc() - A page directory for a new address space: the user half
 * empty, the kernel half (entries 768..1023) copied from swapper_pg_dir, so
 * that the kernel is mapped the same way whichever process runs.  Kernel
 * page tables made later (a new vmalloc area) are not in the copy: the
 * first touch faults and do_page_fault() copies the entry (vmalloc_fault).
 */
pgd_t *pgd_alloc(void)
{
	pgd_t *pgd = (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);

	if (pgd)
		memcpy(pgd + KERNEL_PGD_BOUNDARY, swapper_pg_dir + KERNEL_PGD_BOUNDARY,
		       (PTRS_PER_PGD - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	return pgd;
}

/** Free a page directory made by pgd_alloc() (its page tables first). */
void pgd_free(pgd_t *pgd)
{
	free_page((unsigned long)pgd);
}

/** Run on @p mm's page tables, or on swapper_pg_dir for NULL. */
void switch_mm(struct mm_struct *mm)
{
	pgd_t *pgd = mm ? mm->pgd : swapper_pg_dir;

	if (current_pgdir() != pgd)
		load_cr3(pgd);
}

/* The stack the CPU switches to when @p p traps from ring 3: its top. */
static unsigned long kernel_stack_top(struct task_struct *p)
{
	return (unsigned long)p->stack + THREAD_SIZE;
}

/** The scheduler's hook: @p next is about to run. */
void arch_switch_to(struct task_struct *next)
{
	if (!next->mm)
		return;			/* kernel threads borrow whatever is loaded */
	tss_set_kernel_stack(kernel_stack_top(next));
	switch_mm(next->mm);
}

/**
 * start_thread() - Leave the kernel for ring 3 at @p eip with stack @p esp.
 * Never returns: the next time this thread is in the kernel, it comes in
 * through a trap, on a fresh frame at the top of its stack.
 */
void __noreturn start_thread(unsigned long eip, unsigned long esp)
{
	struct pt_regs *regs = (struct pt_regs *)kernel_stack_top(current) - 1;

	memset(regs, 0, sizeof(*regs));
	regs->ds = regs->es = regs->fs = regs->gs = __USER_DS;
	regs->ss = __USER_DS;
	regs->cs = __USER_CS;
	regs->eip = eip;
	regs->esp = esp;
	regs->eflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;	/* interrupts on */
	tss_set_kernel_stack(kernel_stack_top(current));
	__asm__ __volatile__("movl %0, %%esp\n\t"
			     "jmp ret_from_trap"
			     : : "r"(regs) : "memory");
	__builtin_unreachable();
}
