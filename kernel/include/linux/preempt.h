/**
 * @file
 * The preempt count: is the CPU in a context that must not sleep?
 *
 * One counter says it all, as in Linux; its fields:
 *
 * @verbatim
 *   bits 31..16  HARDIRQ  interrupt handlers running (do_trap adds HARDIRQ_OFFSET)
 *   bits 15..0   PREEMPT  preempt_disable() nesting (kmap_atomic, pagefault_disable)
 *
 *   preempt_count() == 0            process context: may sleep (schedule())
 *   preempt_count() & 0xffff != 0   atomic: kmap_atomic held, no sleeping
 *   in_irq()                        in an interrupt handler
 * @endverbatim
 *
 * The kit's kernel has one CPU and cooperative threads, so nothing preempts
 * anything and preempt_disable() only counts; what the count buys is the
 * check: schedule() with a non-zero count prints "BUG: scheduling while
 * atomic", the classic bug of sleeping with a kmap_atomic() mapping held.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/types.h>
#include <linux/compiler.h>

/** Bits of preempt_count() counted by preempt_disable(): 0x000000ff. */
#define PREEMPT_MASK    0x0000ffffU
/** Added to preempt_count() while in an interrupt handler: 0x00010000. */
#define HARDIRQ_OFFSET  0x00010000U
/** Bits of preempt_count() that count interrupt nesting. */
#define HARDIRQ_MASK    0xffff0000U

/** The count; one CPU, so one variable (kernel/core/sched.c owns it). */
extern unsigned int __preempt_count;

/** The preempt count: non-zero means atomic context, where sleeping is a bug. */
static inline unsigned int preempt_count(void) { return READ_ONCE(__preempt_count); }

/** Enter an atomic section (kmap_atomic() does); counts, nests. */
static inline void preempt_disable(void)
{
	__preempt_count++;
	barrier();
}

/** Leave an atomic section. */
static inline void preempt_enable(void)
{
	barrier();
	__preempt_count--;
}

/** Linux's pagefault_disable(): kmap_atomic() sections must not fault. */
static inline void pagefault_disable(void) { preempt_disable(); }
/** Leave a pagefault_disable() section. */
static inline void pagefault_enable(void)  { preempt_enable(); }

/** In an interrupt handler? */
static inline bool in_irq(void) { return preempt_count() & HARDIRQ_MASK; }
/** Sleeping is a bug here (interrupt handler, or preemption disabled). */
static inline bool in_atomic(void) { return preempt_count() != 0; }
/** Linux's in_interrupt(): no softirqs here, so the same as in_irq(). */
static inline bool in_interrupt(void) { return in_irq(); }

/** do_trap() brackets every interrupt handler with these. */
static inline void irq_enter(void) { __preempt_count += HARDIRQ_OFFSET; barrier(); }
/** Leave interrupt context: subtract HARDIRQ_OFFSET. */
static inline void irq_exit(void)  { barrier(); __preempt_count -= HARDIRQ_OFFSET; }

#endif /* _LINUX_PREEMPT_H */
