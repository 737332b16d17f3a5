/**
 * @file
 * System calls: `int $0x80` from ring 3 arrives here (asm/unistd.h).
 *
 * The trap saved the user's registers in a struct pt_regs; the call number
 * is in EAX and the arguments in EBX, ECX, EDX, ESI, EDI and EBP, as on
 * Linux i386.  The result goes back in regs->eax, which the trap exit pops
 * into EAX before IRET.  Every pointer argument is a user address: the
 * calls reach it only through copy_to_user()/copy_from_user(), so a bad one
 * costs -EFAULT, never an oops.
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <kit/pagemap.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <asm/unistd.h>

static long sys_exit(struct pt_regs *regs)
{
	do_exit(W_EXITCODE(regs->ebx & 0xff, 0));
}

/* write(fd, buf, count): fd 1 and 2 are the console; nothing else is open. */
static long sys_write(struct pt_regs *regs)
{
	const char *buf = (const char *)regs->ecx;
	unsigned long count = regs->edx, done = 0;
	char chunk[128];

	if (regs->ebx != 1 && regs->ebx != 2)
		return -EBADF;
	while (done < count) {
		unsigned long n = min(count - done, (unsigned long)sizeof(chunk));
		unsigned long left = copy_from_user(chunk, buf + done, n);

		console_write(chunk, n - left);
		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

static long sys_getpid(struct pt_regs *regs)
{
	(void)regs;
	return current->pid;
}

/* mmap2(addr, len, prot, flags, fd, pgoff): anonymous mappings only. */
static long sys_mmap2(struct pt_regs *regs)
{
	unsigned long flags = regs->esi;

	if (!(flags & MAP_ANONYMOUS))
		return -EINVAL;		/* the kit has no files to map */
	return (long)do_mmap(current->mm, regs->ebx, regs->ecx, regs->edx, flags);
}

static long sys_munmap(struct pt_regs *regs)
{
	return do_munmap(current->mm, regs->ebx, regs->ecx);
}

/* The page table entry for @p addr in @p mm, if there is a page table. */
static pte_t *lookup_user_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm->pgd, addr);

	if (!pgd_present(*pgd))
		return NULL;
	return pte_offset_kernel(pgd, addr);
}

/* mmkit_pagemap(addr, info): what backs @p addr now (kit/pagemap.h). */
static long sys_mmkit_pagemap(struct pt_regs *regs)
{
	unsigned long addr = regs->ebx;
	struct mm_struct *mm = current->mm;
	struct mmkit_pageinfo info = { 0 };
	struct vm_area_struct *vma;
	pte_t *pte = NULL;

	if (addr < TASK_SIZE) {
		vma = find_vma(mm, addr);
		if (vma && vma->vm_start <= addr) {
			info.flags |= MMKIT_PAGE_VMA;
			info.vm_start = vma->vm_start;
			info.vm_end = vma->vm_end;
			info.vm_flags = vma->vm_flags;
		}
		pte = lookup_user_pte(mm, addr);
	}
	if (pte && pte_present(*pte)) {
		info.pte = pte_val(*pte);
		info.pfn = pte_pfn(*pte);
		info.flags |= MMKIT_PAGE_PRESENT;
		if (pte_write(*pte))
			info.flags |= MMKIT_PAGE_WRITABLE;
		if (info.pfn == page_to_pfn(ZERO_PAGE(addr)))
			info.flags |= MMKIT_PAGE_ZERO;
		if (info.pfn >= max_low_pfn)
			info.flags |= MMKIT_PAGE_HIGHMEM;
	}
	info.nr_free_pages = nr_free_pages();
	if (copy_to_user((void *)regs->ecx, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

typedef long (*syscall_fn_t)(struct pt_regs *regs);

#define NR_syscalls (__NR_mmkit_pagemap + 1)

/* Linux's sys_call_table, indexed by the number in EAX. */
static const syscall_fn_t sys_call_table[NR_syscalls] = {
	[__NR_exit]          = sys_exit,
	[__NR_write]         = sys_write,
	[__NR_getpid]        = sys_getpid,
	[__NR_munmap]        = sys_munmap,
	[__NR_mmap2]         = sys_mmap2,
	[__NR_mmkit_pagemap] = sys_mmkit_pagemap,
};

void do_syscall(struct pt_regs *regs)
{
	u32 nr = regs->eax;

	if (nr < NR_syscalls && sys_call_table[nr])
		regs->eax = (u32)sys_call_table[nr](regs);
	else
		regs->eax = (u32)-ENOSYS;
}
