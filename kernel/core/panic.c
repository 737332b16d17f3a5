/**
 * @file
 * panic(), BUG() and WARN(): the kit's ways of reporting trouble.
 *
 * - __warn() prints Linux's "WARNING: at FILE:LINE" line, the message and a
 *   call trace, then returns: the caller recovers (misuse the kernel
 *   survives, e.g. "Trying to vfree() bad address").
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

/** Number of warnings printed since boot; tests use it to check misuse is reported. */
unsigned int warn_count;

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

void __warn(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	warn_count++;
	printk("------------[ cut here ]------------\n");
	printk("WARNING: at %s:%d\n", file, line);
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	show_trace((unsigned long)__builtin_return_address(0),
		   (unsigned long)__builtin_frame_address(0));
	printk("---[ end trace ]---\n");
}
