/**
 * @file
 * The NMI watchdog: budgets counted in the guest's own time.
 *
 * The I/O APIC delivers the RTC's periodic interrupt as a non-maskable
 * interrupt, WATCHDOG_HZ times a second of emulated time.  `cli` does not
 * block an NMI and an NMI wakes a halted CPU, so the watchdog sees a CPU
 * stuck with interrupts off as well as one spinning with them on (see
 * kernel/arch/x86/nmi.c).
 */
#ifndef _ASM_NMI_H
#define _ASM_NMI_H

#include <linux/types.h>
#include <asm/ptrace.h>

/** Watchdog ticks per second of emulated time (the RTC's periodic rate). */
#define WATCHDOG_HZ 4

/** What an expired budget calls, from NMI context, after the lockup report. */
typedef void (*watchdog_expired_t)(struct pt_regs *regs);

/**
 * nmi_watchdog_init() - Route the RTC to the I/O APIC as an NMI, start it.
 * @context Boot, after time_init() (its self-test reads the PIT) and
 * before any budget is armed.
 *
 * `nmi_watchdog=0` on the command line leaves it off, as in Linux.
 * Prints whether the watchdog works; without one, budgets are not enforced
 * in the guest and only the host's runner can stop a hung kernel.
 */
void nmi_watchdog_init(void);

/** True once nmi_watchdog_init() has seen NMIs arrive. */
bool nmi_watchdog_active(void);

/**
 * watchdog_arm() - Start a budget of @p ticks NMI ticks (1/WATCHDOG_HZ s each).
 * @param what        named in the lockup report ("lab3.merge.buddy")
 * @param on_expired  called after the report; must not return.
 */
void watchdog_arm(unsigned long ticks, const char *what,
		  watchdog_expired_t on_expired);

/** Stop the budget armed last; the watchdog keeps counting ticks. */
void watchdog_disarm(void);

/** Ticks of emulated time since the watchdog started (0 without one). */
unsigned long watchdog_ticks(void);

/** The NMI handler, from do_trap(). */
void do_nmi(struct pt_regs *regs);

#endif /* _ASM_NMI_H */
