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
 * For now every fault is a kernel bug, unless a test expects it (ktest);
 * lab 8 adds user faults, VMAs and demand paging.
 */
#include <linux/kernel.h>
#include <kit/kallsyms.h>
#include <kit/ktest.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* Print the page-directory and page-table entries that translate @address. */
static void dump_pagetable(unsigned long address)
{
	u32 *pgd = __va(read_cr3() & PAGE_MASK);
	u32 pde = pgd[address >> 22];

	printk("*pde = %08x", pde);
	if ((pde & 0x1) && !(pde & 0x80) && (pde & PAGE_MASK) < MAXMEM) {
		u32 *pt = __va(pde & PAGE_MASK);

		printk(" *pte = %08x", pt[(address >> 12) & 1023]);
	}
	printk("\n");
}

static void show_fault_reason(unsigned long error_code)
{
	printk("#PF: error_code(0x%04lx) - %s, %s access, %s mode\n", error_code,
	       error_code & PF_PROT ? "protection violation" : "not-present page",
	       error_code & PF_INSTR ? "instruction fetch" :
	       error_code & PF_WRITE ? "write" : "read",
	       error_code & PF_USER ? "user" : "kernel");
	printk("#PF: P=%lu W=%lu U=%lu RSVD=%lu I=%lu\n", error_code & 1,
	       (error_code >> 1) & 1, (error_code >> 2) & 1,
	       (error_code >> 3) & 1, (error_code >> 4) & 1);
}

/* The fault has no fix: print why, in Linux's words, then oops. */
static void no_context(struct pt_regs *regs, unsigned long address)
{
	printk("BUG: unable to handle kernel %s at %08lx\n",
	       address < PAGE_SIZE ? "NULL pointer dereference" : "paging request",
	       address);
	printk("IP: [<%08x>] ", regs->eip);
	print_symbol("%s\n", regs->eip);
	dump_pagetable(address);
	show_fault_reason(regs->error_code);
	die("Oops", regs, address);
}

void do_page_fault(struct pt_regs *regs, unsigned long address)
{
	if (ktest_fixup_fault(address, regs->error_code))
		return;		/* not reached: the test resumes elsewhere */
	no_context(regs, address);
}
