/**
 * @file
 * The host's stand-ins for what lab 8's do_page_fault() needs from the
 * trap code: CR2, the exception table and the oops at the end of the road.
 *
 * On the CPU a fault leaves its address in CR2 and the kernel reads it with
 * `mov %cr2`, a privileged instruction a host process may not run.  In the
 * host build asm/processor.h only declares read_cr2(), and this file
 * defines it: it returns the 32-bit address a test stored with
 * sim_set_cr2(), moved into the simulated window (KVA_BIAS added), so the
 * lab's code gets the pointer it can compare with its VMAs and TASK_SIZE,
 * as the kernel's read_cr2() gives it:
 *
 * @verbatim
 *   test                                   lab 8's do_page_fault()
 *   sim_set_cr2(0x40001234)  ------------> read_cr2() == KVA_BIAS + 0x40001234
 *   sim_add_fixup(0xC0105000, 0xC0105010)  fixup_exception(regs): regs->eip
 *                                          0xC0105000 -> 0xC0105010, returns 1
 *   (no fixup for regs->eip)               page_fault_oops(): prints Linux's
 *                                          "BUG: unable to handle ..." and aborts
 * @endverbatim
 *
 * The kernel's exception table is built by the linker from copy_to_user()'s
 * code (kernel/arch/x86/uaccess.c), which cannot run on the host; a test
 * that wants a kernel-mode fault fixed up names the entry itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include "sim.h"

#define SIM_MAX_FIXUPS 8

static u32 cr2;
static struct { u32 insn, fixup; } fixups[SIM_MAX_FIXUPS];
static unsigned int nr_fixups;

void sim_set_cr2(u32 address)
{
	cr2 = address;
}

unsigned long read_cr2(void)
{
	return KVA_BIAS + cr2;
}

int sim_add_fixup(u32 insn, u32 fixup)
{
	if (nr_fixups == SIM_MAX_FIXUPS)
		return -1;
	fixups[nr_fixups].insn = insn;
	fixups[nr_fixups].fixup = fixup;
	nr_fixups++;
	return 0;
}

void sim_clear_fixups(void)
{
	nr_fixups = 0;
}

int fixup_exception(struct pt_regs *regs)
{
	unsigned int i;

	for (i = 0; i < nr_fixups; i++) {
		if (fixups[i].insn == regs->eip) {
			regs->eip = fixups[i].fixup;
			return 1;
		}
	}
	return 0;
}

void page_fault_oops(struct pt_regs *regs, unsigned long address)
{
	size_t from = strlen(sim_console_text());

	printk("BUG: unable to handle kernel %s at %08x\n",
	       __cpu_addr(address) < PAGE_SIZE ? "NULL pointer dereference" :
	       "paging request", __cpu_addr(address));
	printk("IP: [<%08x>] error %x\n", regs->eip, regs->error_code);
	fputs(sim_console_text() + from, stderr);	/* the child's message */
	fflush(stderr);
	abort();
}
