/**
 * @file
 * panic(), BUG() and WARN(): the kit's ways of reporting trouble.
 *
 * - __warn() (kernel/core/warn.c) prints Linux's "WARNING: at FILE:LINE"
 *   line, the message and a call trace, then returns: the caller recovers.
 * - __bug() prints "kernel BUG at FILE:LINE!" and the broken expression,
 *   then executes ud2, so the invalid-opcode trap prints a full oops with
 *   registers and backtrace, exactly as Linux's BUG() does.
 * - panic() prints "Kernel panic - not syncing: MSG" and powers off, so a
 *   runner never waits on a dead kernel.
 */
#include <linux/kernel.h>
#include <kit/power.h>
#include <kit/ktest.h>
#include <asm/processor.h>
#include <asm/traps.h>

void __noreturn panic(const char *fmt, ...)
{
	va_list args;

	local_irq_disable();
	printk("Kernel panic - not syncing: ");
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	printk("\n");
	ktest_panic_hook();
	machine_power_off();
}

void __noreturn __bug(const char *file, int line, const char *expr)
{
	printk("------------[ cut here ]------------\n");
	printk("kernel BUG at %s:%d!\n", file, line);
	printk("BUG_ON(%s)\n", expr);
	__asm__ __volatile__("ud2");
	for (;;)
		;
}
