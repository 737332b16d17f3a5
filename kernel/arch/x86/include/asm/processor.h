/**
 * @file
 * Control registers, EFLAGS and other CPU-level primitives.
 *
 * CR0.WP (bit 16) makes the kernel honour read-only PTEs too; CR2 holds the
 * address of the last page fault; CR3 holds the physical address of the
 * current page directory; CR4.PSE (bit 4) enables 4 MiB pages.
 */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#define X86_CR0_PE   0x00000001  /**< protected mode */
#define X86_CR0_WP   0x00010000  /**< write-protect also in ring 0 */
#define X86_CR0_PG   0x80000000  /**< paging */
#define X86_CR4_PSE  0x00000010  /**< 4 MiB pages */
#define X86_EFLAGS_FIXED 0x00000002 /**< bit 1: reserved, always 1 */
#define X86_EFLAGS_IF 0x00000200 /**< interrupts enabled */

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <asm/cpufeature.h>

#define DEFINE_CR_ACCESSORS(n)						\
static inline unsigned long read_cr##n(void)				\
{									\
	unsigned long v;						\
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(unsigned long v)			\
{									\
	__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");	\
}
DEFINE_CR_ACCESSORS(0)
#ifdef __HOST_SIM__
/*
 * `mov %cr2` is privileged: the host simulator keeps CR2 and returns it as
 * a kernel virtual address of its window, as the kernel expects
 * (tests/host/sim/traps.c).
 */
unsigned long read_cr2(void);
#else
DEFINE_CR_ACCESSORS(2)
#endif
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

/** The EFLAGS register (IF, bit 9, says whether interrupts are on). */
static inline unsigned long read_eflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfl; popl %0" : "=r"(f));
	return f;
}

/** Turn interrupts on (sti). */
static inline void local_irq_enable(void)  { __asm__ __volatile__("sti" ::: "memory"); }
/** Turn interrupts off (cli). */
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
/** True if interrupts are off (EFLAGS.IF clear). */
static inline bool irqs_disabled(void) { return !(read_eflags() & X86_EFLAGS_IF); }

/** Save the interrupt flag and disable interrupts. */
static inline unsigned long local_irq_save(void)
{
	unsigned long f = read_eflags();

	local_irq_disable();
	return f;
}

/** Put back the interrupt state saved by local_irq_save(). */
static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

/** Wait for the next interrupt with interrupts enabled (sti; hlt is atomic). */
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }

/** Flush the TLB entry for one virtual address. */
static inline void __flush_tlb_one(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/** Flush every non-global TLB entry by reloading CR3. */
static inline void __flush_tlb_all(void) { write_cr3(read_cr3()); }

/**
 * The time-stamp counter.  Under Bochs with `clock: sync=none` it advances
 * one tick per emulated instruction, so differences are instruction counts.
 * A CPU without one (X86_FEATURE_TSC) reads 0, as Linux's get_cycles()
 * does: rdtsc there is an invalid opcode.
 */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	if (!boot_cpu_has(X86_FEATURE_TSC))
		return 0;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif /* __ASSEMBLY__ */
#endif /* _ASM_PROCESSOR_H */
