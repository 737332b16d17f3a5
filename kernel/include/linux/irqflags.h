/**
 * @file
 * local_irq_save() and local_irq_restore() for code that also runs on the
 * host: the kit's one-CPU stand-in for Linux's spin_lock_irqsave().
 *
 * The kit's kernel has one CPU, so the only thing that can run in the
 * middle of a list update is an interrupt handler.  Code whose data an
 * interrupt handler may also touch (the buddy free lists: GFP_ATOMIC
 * allocations are allowed in interrupt context) turns interrupts off
 * around the update:
 *
 * @code
 *	unsigned long flags = local_irq_save();
 *	list_del(&page->lru);
 *	local_irq_restore(flags);
 * @endcode
 *
 * In the kernel these are asm/processor.h's (pushfl; cli / sti when IF was
 * set).  The host tests are single-threaded and have no interrupts, so
 * there they do nothing.
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#ifdef __HOST_SIM__
static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
#else
#include <asm/processor.h>
#endif

#endif /* _LINUX_IRQFLAGS_H */
