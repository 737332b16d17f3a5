/**
 * @file
 * Trap numbers, the trap dispatcher and the oops machinery.
 */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <asm/ptrace.h>

enum {
	X86_TRAP_DE = 0,	/* divide error */
	X86_TRAP_DB,		/* debug */
	X86_TRAP_NMI,
	X86_TRAP_BP,		/* int3 */
	X86_TRAP_OF,		/* overflow */
	X86_TRAP_BR,		/* bound range */
	X86_TRAP_UD,		/* invalid opcode */
	X86_TRAP_NM,		/* device not available */
	X86_TRAP_DF,		/* double fault */
	X86_TRAP_OLD_MF,	/* coprocessor segment overrun */
	X86_TRAP_TS,		/* invalid TSS */
	X86_TRAP_NP,		/* segment not present */
	X86_TRAP_SS,		/* stack segment */
	X86_TRAP_GP,		/* general protection */
	X86_TRAP_PF,		/* page fault */
	X86_TRAP_SPURIOUS,
	X86_TRAP_MF,		/* x87 floating point */
	X86_TRAP_AC,		/* alignment check */
	X86_TRAP_MC,		/* machine check */
	X86_TRAP_XF,		/* SIMD floating point */
};

#define FIRST_EXTERNAL_VECTOR 32	/**< IRQ 0 (the PIT) arrives here */
#define NR_IRQS               16
#define SYSCALL_VECTOR        0x80

/* Page-fault error code bits, as the CPU pushes them. */
#define PF_PROT   0x01	/**< P: 0 = page not present, 1 = protection violation */
#define PF_WRITE  0x02	/**< W: 0 = read, 1 = write */
#define PF_USER   0x04	/**< U: 0 = kernel mode, 1 = user mode */
#define PF_RSVD   0x08	/**< RSVD: a reserved bit was set in a paging entry */
#define PF_INSTR  0x10	/**< I: instruction fetch */

void do_trap(struct pt_regs *regs);
/**
 * do_page_fault() - Handle a page fault; the address is in CR2.
 * @param regs        the registers at the fault
 * @param error_code  the CPU's error code (PF_PROT, PF_WRITE, PF_USER ...)
 * Until lab 8 the kit's (every fault is a bug); lab 8 writes its own.
 */
void do_page_fault(struct pt_regs *regs, unsigned long error_code);
/** The trap's entry to do_page_fault(), behind the kit's endless-fault guard. */
void page_fault(struct pt_regs *regs);
/** Resume an expecting test, or oops: the end of do_page_fault's no_context path. */
void page_fault_oops(struct pt_regs *regs, unsigned long address);
/** Handle `int $0x80` from user mode (kernel/core/syscall.c). */
void do_syscall(struct pt_regs *regs);

/**
 * Print a Linux-style oops for a trap the kernel cannot handle, then give up:
 * the running ktest bails out, or the kernel panics.
 */
void __attribute__((noreturn)) die(const char *str, struct pt_regs *regs,
				   unsigned long address);
/** Print the registers of @p regs and, for ring 0, the call trace (an oops's body). */
void show_regs(struct pt_regs *regs);
/** Print a symbolized call trace, starting at frame pointer @p ebp. */
void show_trace(unsigned long eip, unsigned long ebp);

/**
 * dump_stack() - Print the call trace of the function that calls it
 * (Linux's name), e.g. after "Bad page state" or a failed allocation.
 * The host build (tests) has no kernel stack to walk: there it prints
 * nothing.
 */
#ifdef __HOST_SIM__
static inline void dump_stack(void) { }
#else
#define dump_stack() show_trace((unsigned long)__builtin_return_address(0), \
				(unsigned long)__builtin_frame_address(0))
#endif

/** An interrupt handler for IRQ line @p irq. */
typedef void (*irq_handler_t)(struct pt_regs *regs);
/** Call @p handler for every interrupt on PIC line @p irq (and unmask it). */
void request_irq(unsigned int irq, irq_handler_t handler);

#endif /* _ASM_TRAPS_H */
