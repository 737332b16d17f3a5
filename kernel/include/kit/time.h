/**
 * @file
 * The timer tick: HZ, jiffies and a hook run from the timer interrupt.
 */
#ifndef _KIT_TIME_H
#define _KIT_TIME_H

#include <asm/ptrace.h>
#include <linux/preempt.h>	/* in_irq(): interrupt nesting is in the preempt count */

/** Timer interrupts per second. */
#define HZ 100

extern volatile unsigned long jiffies;

typedef void (*timer_hook_t)(struct pt_regs *regs);
/** Run @p hook on every tick, in interrupt context (NULL removes it). */
void set_timer_hook(timer_hook_t hook);
/** Program the PIT for HZ ticks a second and install the timer handler. */
void time_init(void);
/** Remap the two 8259A PICs to vectors 0x20-0x2F, every line masked. */
void init_8259A(void);

#endif /* _KIT_TIME_H */
