/**
 * @file
 * struct pt_regs: the registers saved on the kernel stack by a trap.
 *
 * The layout follows the push order in entry.S, lowest address first:
 *
 * @verbatim
 *   esp -> ebx ecx edx esi edi ebp eax    pushed by SAVE_ALL
 *          ds es fs gs                    pushed by SAVE_ALL
 *          trapnr error_code              pushed by the stub (or the CPU)
 *          eip cs eflags                  pushed by the CPU
 *          [esp ss]                       pushed by the CPU only from ring 3
 * @endverbatim
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <asm/page.h>
#include <asm/segment.h>

struct pt_regs {
	u32 ebx, ecx, edx, esi, edi, ebp, eax;
	u32 ds, es, fs, gs;
	u32 trapnr, error_code;
	u32 eip, cs, eflags;
	u32 esp, ss;		/**< valid only when the trap came from ring 3 */
};

/** True when the trap interrupted user mode (ring 3). */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & SEGMENT_RPL_MASK) == USER_RPL;
}

/**
 * user_stack_pointer() - The user stack pointer a ring-3 trap saved.
 * @param regs  the trap's registers; user_mode(regs) must be true.
 * @return ESP as a user virtual address, comparable with a fault address
 * and with vm_start/vm_end.  (The host build's 32-bit registers hold
 * addresses without its window base, KVA_BIAS; this adds it back.)
 */
static inline unsigned long user_stack_pointer(const struct pt_regs *regs)
{
	return KVA_BIAS + regs->esp;
}

#endif /* __ASSEMBLY__ */
#endif /* _ASM_PTRACE_H */
