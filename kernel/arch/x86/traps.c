/**
 * @file
 * do_trap(): where every exception, interrupt and system call arrives.
 *
 * Vectors 0-31 are CPU exceptions, 32-47 the PIC's interrupt lines, 0x80
 * the system call.  An exception the kernel cannot handle ends in die(),
 * which prints an oops in the shape of Linux's:
 *
 * @verbatim
 *   invalid opcode: 0000 [#1]
 *   EIP: 0008:[<c0101a2c>] EFLAGS: 00010046 CPU: 0
 *   EIP is at ktest_crash_bug+0xc/0x20
 *   EAX: 00000000 EBX: c0104f00 ECX: 000003f8 EDX: 000003fd
 *   ESI: 00000001 EDI: c0106000 EBP: c010bf8c ESP: c010bf84
 *    DS: 0010 ES: 0010 FS: 0010 GS: 0010 SS: 0010
 *   CR0: 80010011 CR2: 00000000 CR3: 00108000 CR4: 00000010
 *   Call Trace:
 *    [<c0101a2c>] ktest_crash_bug+0xc/0x20
 *    [<c0102b10>] run_one+0x40/0xa0
 * @endverbatim
 *
 * The call trace follows the saved-EBP chain: every function compiled with
 * frame pointers starts with `push %ebp; mov %esp, %ebp`, so [ebp] holds the
 * caller's EBP and [ebp + 4] the return address into the caller.
 */
#include <linux/kernel.h>
#include <kit/kallsyms.h>
#include <linux/preempt.h>
#include <kit/time.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/nmi.h>
#include <asm/traps.h>
#include <linux/sched.h>
#include <kit/process.h>

void do_IRQ(struct pt_regs *regs);

static const char *const trap_names[] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection fault", "page fault",
	"spurious interrupt", "coprocessor error", "alignment check",
	"machine check", "simd floating point exception",
};

extern const char _text[], _etext[];

static bool kernel_text_address(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

static void print_address(unsigned long addr)
{
	printk(" [<%08lx>] ", addr);
	print_symbol("%s\n", addr);
}

/* Frames a trace shows at most: a corrupt chain of EBPs must not loop. */
#define MAX_TRACE_DEPTH 20

void show_trace(unsigned long eip, unsigned long ebp)
{
	int depth = 0;

	printk("Call Trace:\n");
	print_address(eip);
	/* Walk up while each frame is a sane, higher, aligned kernel address. */
	while (ebp >= PAGE_OFFSET && IS_ALIGNED(ebp, sizeof(long)) &&
	       depth++ < MAX_TRACE_DEPTH) {
		unsigned long *frame = (unsigned long *)ebp;
		unsigned long ret = frame[1];

		if (!kernel_text_address(ret))
			break;
		/*
		 * A caller that passes its own frame and return address
		 * (WARN, dump_stack) would see that address twice.
		 */
		if (depth > 1 || ret != eip)
			print_address(ret);
		if (frame[0] <= ebp)
			break;
		ebp = frame[0];
	}
}

void show_regs(struct pt_regs *regs)
{
	/* A ring-0 trap pushes no ESP/SS: the old stack top is where they would be. */
	unsigned long esp = user_mode(regs) ? regs->esp : (unsigned long)&regs->esp;
	u32 ss = user_mode(regs) ? regs->ss : regs->ds;

	printk("EIP: %04x:[<%08x>] EFLAGS: %08x CPU: 0\n", regs->cs & 0xffff,
	       regs->eip, regs->eflags);
	print_symbol("EIP is at %s\n", regs->eip);
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
	       regs->eax, regs->ebx, regs->ecx, regs->edx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08lx\n",
	       regs->esi, regs->edi, regs->ebp, esp);
	printk(" DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x\n",
	       regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff,
	       regs->gs & 0xffff, ss & 0xffff);
	printk("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
	if (!user_mode(regs))
		show_trace(regs->eip, regs->ebp);
}

static int die_counter;
static bool oops_in_progress;

void die(const char *str, struct pt_regs *regs, unsigned long address)
{
	(void)address;
	local_irq_disable();
	if (oops_in_progress)
		panic("Recursive oops while handling: %s", str);
	oops_in_progress = true;
	printk("%s: %04x [#%d]\n", str, regs->error_code & 0xffff, ++die_counter);
	show_regs(regs);
	printk("---[ end trace ]---\n");
	panic("Fatal exception%s", in_irq() ? " in interrupt" : "");
}

/*
 * A timer tick that interrupted ring 3: charge it to the process, and kill
 * a process that has run too long without exiting (an endless loop in a
 * test program must not hang the machine).
 */
static void user_tick(void)
{
	struct task_struct *p = current;

	if (++p->utime == USER_CPU_BUDGET_TICKS) {
		printk("mmkit: %s[%d] ran %d ms in user mode without exiting: killed\n",
		       p->comm, p->pid, USER_CPU_BUDGET_TICKS * (1000 / HZ));
		force_sig(SIGKILL, p);
	}
}

/* An exception in ring 3 that no handler resolves kills the process, not the kernel. */
static void user_exception(struct pt_regs *regs, const char *name)
{
	printk("%s[%d]: %s ip %08x sp %08x error %x\n", current->comm,
	       current->pid, name, regs->eip, regs->esp, regs->error_code);
	force_sig(SIGSEGV, current);
}

void do_trap(struct pt_regs *regs)
{
	u32 nr = regs->trapnr;

	if (nr == X86_TRAP_NMI) {	/* may arrive anywhere: touch nothing else */
		do_nmi(regs);
		return;
	}
	if (nr >= FIRST_EXTERNAL_VECTOR && nr < FIRST_EXTERNAL_VECTOR + NR_IRQS) {
		irq_enter();
		do_IRQ(regs);
		irq_exit();
		if (HAVE_USER_PROCESSES && nr == FIRST_EXTERNAL_VECTOR && user_mode(regs))
			user_tick();
	} else if (nr == X86_TRAP_PF) {
		page_fault(regs);
	} else if (HAVE_USER_PROCESSES && nr == SYSCALL_VECTOR) {
		do_syscall(regs);
	} else if (HAVE_USER_PROCESSES && user_mode(regs)) {
		user_exception(regs, nr < ARRAY_SIZE(trap_names) ?
				     trap_names[nr] : "unexpected trap");
	} else if (nr < ARRAY_SIZE(trap_names)) {
		die(trap_names[nr], regs, 0);
	} else {
		die("unexpected trap", regs, 0);
	}
	/* On the way back to ring 3: a fatal signal ends the process here. */
	if (HAVE_USER_PROCESSES && user_mode(regs) && current->pending_sig)
		do_exit(current->pending_sig);
}
