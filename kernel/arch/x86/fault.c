/**
 * @file
 * The page-fault handler: what happens when a translation fails.
 *
 * The CPU leaves the faulting address in CR2 and pushes an error code whose
 * low bits say why (asm/traps.h):
 *
 * @verbatim
 *   bit 0  P     0: the page was not present    1: a protection violation
 *   bit 1  W     0: a read                      1: a write
 *   bit 2  U     0: in kernel mode              1: in user mode
 *   bit 3  RSVD  a reserved bit was set in a page-table entry
 *   bit 4  I     the access was an instruction fetch
 *   e.g. 0x0002 = a kernel-mode write to a page that is not present
 * @endverbatim
 *
 * Until lab 8 every fault is a kernel bug, unless a test expects it
 * (ktest).  Lab 8 brings user processes and its own do_page_fault(): VMAs,
 * demand paging, segfaults.  This file keeps what both share: the guard
 * against endless faults, and the oops at the end of the road.
 */
#include <linux/kernel.h>
#include <kit/kallsyms.h>
#include <kit/ktest.h>
#include <kit/process.h>
#include <linux/sched.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* Print the page-directory and page-table entries that translate @address. */
static void dump_pagetable(unsigned long address)
{
	pgd_t *pgd = (pgd_t *)__va(read_cr3() & PAGE_MASK) + pgd_index(address);

	printk("*pde = %08x", pgd_val(*pgd));
	/* A table above low memory has no direct-map address to read it by. */
	if (pgd_present(*pgd) && !pgd_large(*pgd) &&
	    (pgd_val(*pgd) & PAGE_MASK) < MAXMEM)
		printk(" *pte = %08x", pte_val(*pte_offset_kernel(pgd, address)));
	printk("\n");
}

static void show_fault_reason(unsigned long error_code)
{
	printk("#PF: error_code(0x%04lx) - %s, %s access, %s mode\n", error_code,
	       error_code & PF_PROT ? "protection violation" : "not-present page",
	       error_code & PF_INSTR ? "instruction fetch" :
	       error_code & PF_WRITE ? "write" : "read",
	       error_code & PF_USER ? "user" : "kernel");
	printk("#PF: P=%d W=%d U=%d RSVD=%d I=%d\n", !!(error_code & PF_PROT),
	       !!(error_code & PF_WRITE), !!(error_code & PF_USER),
	       !!(error_code & PF_RSVD), !!(error_code & PF_INSTR));
}

/**
 * page_fault_oops() - A kernel-mode fault nothing could fix.
 * A test that expects this fault resumes where it said (ktest); otherwise
 * print why, in Linux's words, and oops.  This is the end of
 * do_page_fault()'s `no_context` path, for the kit's handler and for
 * lab 8's alike.
 */
void page_fault_oops(struct pt_regs *regs, unsigned long address)
{
	if (ktest_fixup_fault(address, regs->error_code))
		return;		/* not reached: the test resumes elsewhere */
	printk("BUG: unable to handle kernel %s at %08lx\n",
	       address < PAGE_SIZE ? "NULL pointer dereference" : "paging request",
	       address);
	printk("IP: [<%08x>] ", regs->eip);
	print_symbol("%s\n", regs->eip);
	dump_pagetable(address);
	show_fault_reason(regs->error_code);
	die("Oops", regs, address);
}

/*
 * The handler before lab 8: there are no user processes, so every fault is
 * a kernel bug (or a test's expected fault).  Lab 8's do_page_fault()
 * (labs/lab8/fault.c) replaces this one from stage 8 on.
 */
__attribute__((weak)) void do_page_fault(struct pt_regs *regs,
					 unsigned long error_code)
{
	(void)error_code;
	page_fault_oops(regs, read_cr2());
}

/*
 * The kit's guard around the lab's handler.  A handler that returns
 * without mapping anything makes the CPU fault again on the same
 * instruction, forever.  Count faults that repeat exactly; after
 * USER_FAULT_REPEATS, kill the process (user mode) or oops (kernel mode),
 * so an unfinished lab fails its tests instead of hanging the machine.
 */
static bool fault_repeats(struct pt_regs *regs, unsigned long address)
{
	struct task_struct *p = current;

	if (p->fault_addr != address || p->fault_ip != regs->eip) {
		p->fault_addr = address;
		p->fault_ip = regs->eip;
		p->fault_repeats = 0;
		return false;
	}
	return ++p->fault_repeats >= USER_FAULT_REPEATS;
}

void page_fault(struct pt_regs *regs)
{
	unsigned long address = read_cr2();

	if (fault_repeats(regs, address)) {
		current->fault_repeats = 0;
		printk("mmkit: the page fault at %08lx (ip %08x, error %x) came back "
		       "%d times: do_page_fault() does not resolve it\n", address,
		       regs->eip, regs->error_code, USER_FAULT_REPEATS);
		if (HAVE_USER_PROCESSES && user_mode(regs)) {
			force_sig(SIGKILL, current);
			return;
		}
		page_fault_oops(regs, address);
	}
	do_page_fault(regs, regs->error_code);
}
