/**
 * @file
 * The end of a process: do_exit().
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <kit/process.h>
#include <asm/mmu_context.h>

void __noreturn do_exit(long code)
{
	struct mm_struct *mm = current->mm;

	if (mm) {
		/* Off this address space before it goes: CR3 must not point at a freed pgd. */
		use_mm(NULL);
		mmput(mm);
	}
	kthread_exit((int)code);
}
