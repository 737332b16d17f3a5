/**
 * @file
 * Lab 8, steps 8.5-8.7: do_page_fault(), the page-fault handler.
 *
 * Every page fault, from user mode or kernel mode, comes here with the
 * faulting address in CR2 and the CPU's error code (asm/traps.h: PF_PROT,
 * PF_WRITE, PF_USER).  The handler sorts it out in Linux's order:
 *
 * @verbatim
 *   address >= TASK_SIZE (kernel space)
 *       kernel mode, not present     vmalloc_fault(): copy the entry from
 *                                    swapper_pg_dir, retry          (8.6)
 *       anything else                bad area
 *   in interrupt/atomic context, or a kernel thread (no mm): bad area
 *   find_vma(address)
 *       none above                   bad area
 *       starts above address         VM_GROWSDOWN and close to ESP:
 *                                    expand_stack(), else bad area  (8.5)
 *   access_error(error_code, vma)    bad area
 *   handle_mm_fault()                the page is mapped: retry      (8.4)
 *
 *   bad area, user mode              "name[pid]: segfault at ...", SIGSEGV
 *   bad area, kernel mode            fixup_exception(): a uaccess copy
 *                                    returns short (-EFAULT), else oops (8.7)
 * @endverbatim
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>

bool access_error(unsigned long error_code, const struct vm_area_struct *vma)
{
	/* TODO(8.5): A write needs VM_WRITE.  A read that faulted on a
	 * present page (PF_PROT) is a protection violation no VMA can cure.
	 * Any other read needs VM_READ or VM_EXEC.  True means "refuse".
	 * Checked by lab8.fault.access_*. */
	if (error_code & PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & PF_PROT)
		return true;
	return !(vma->vm_flags & (VM_READ | VM_EXEC));
	/* END TODO stub: (void)error_code; (void)vma; return true; */
}

int vmalloc_fault(unsigned long address)
{
	pgd_t *pgd = current_pgdir() + pgd_index(address);
	pgd_t *pgd_k = swapper_pg_dir + pgd_index(address);

	/* TODO(8.6): swapper_pg_dir is the reference: if its entry for
	 * address is not present, the address is not mapped anywhere (-EFAULT).
	 * Copy the entry into the current page directory if it is missing
	 * there.  Then the page itself must be present in swapper's page
	 * table (a guard page is not): 0 if it is, else -EFAULT.
	 * Checked by lab8.vmalloc_fault.*. */
	if (!pgd_present(*pgd_k))
		return -EFAULT;
	if (!pgd_present(*pgd))
		set_pgd(pgd, *pgd_k);
	if (!pgd_large(*pgd_k) && !pte_present(*pte_offset_kernel(pgd_k, address)))
		return -EFAULT;
	return 0;
	/* END TODO stub: (void)pgd; (void)pgd_k; (void)address; return -EFAULT; */
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk->mm;
	unsigned long address = read_cr2();
	struct vm_area_struct *vma = NULL;
	int fault;

	/* TODO(8.6): An address at or above TASK_SIZE is the kernel's.  A
	 * kernel-mode access to a page that is not present may be a vmalloc
	 * address this page directory has not caught up with: if
	 * vmalloc_fault() fixes it, return (the CPU retries).  Everything
	 * else up there is a bad area.  Checked by lab8.vmalloc_fault.*. */
	if (unlikely(address >= TASK_SIZE)) {
		if (!(error_code & (PF_USER | PF_PROT)) && vmalloc_fault(address) == 0)
			return;
		goto bad_area;
	}
	/* END TODO stub: if (address >= TASK_SIZE) goto bad_area; */

	/* In an interrupt, under kmap_atomic, or in a kernel thread: no mm to fix it with. */
	if (in_atomic() || !mm)
		goto bad_area;

	/* TODO(8.5): find_vma(); none: bad area.  If it starts above the
	 * address, only a VM_GROWSDOWN VMA may help: a user access more than
	 * STACK_GUARD_SLACK below ESP is a bad pointer, not a push; else
	 * expand_stack() (refused: bad area).  Then access_error() (bad
	 * area), then handle_mm_fault() with PF_WRITE as write_access:
	 * VM_FAULT_MINOR returns (the CPU retries the access), anything else
	 * (out of memory) is reported and treated as a bad area.
	 * Checked by lab8.fault.* and lab8.user.*. */
	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > address) {
		if (!(vma->vm_flags & VM_GROWSDOWN))
			goto bad_area;
		if ((error_code & PF_USER) &&
		    address + STACK_GUARD_SLACK < user_stack_pointer(regs))
			goto bad_area;
		if (expand_stack(vma, address))
			goto bad_area;
	}
	if (access_error(error_code, vma))
		goto bad_area;
	fault = handle_mm_fault(mm, vma, address, error_code & PF_WRITE);
	if (fault == VM_FAULT_MINOR)
		return;
	printk("do_page_fault: out of memory at %08lx for %s[%d]\n",
	       address, tsk->comm, tsk->pid);
	/* END TODO stub: (void)vma; (void)fault; goto bad_area; */

bad_area:
	if (error_code & PF_USER) {
		/* TODO(8.7): A user-mode bad access kills only that process:
		 * print Linux's line, "NAME[PID]: segfault at ADDR ip IP sp SP
		 * error E", send SIGSEGV (force_sig) and return: the process
		 * dies on its way back to ring 3.  Checked by lab8.user.segv_*. */
		printk("%s[%d]: segfault at %lx ip %08x sp %08x error %lx\n",
		       tsk->comm, tsk->pid, address, regs->eip,
		       regs->esp, error_code);
		force_sig(SIGSEGV, tsk);
		return;
		/* END TODO stub: return; */
	}
	/* TODO(8.7): Kernel mode: if the faulting instruction is in the
	 * exception table (a copy_to_user/copy_from_user), fixup_exception()
	 * moves EIP to its fixup: return, and the copy comes back short.
	 * Checked by lab8.uaccess.* and lab8.user.efault. */
	if (fixup_exception(regs))
		return;
	/* END TODO stub: (void)0; */
	page_fault_oops(regs, address);
}
