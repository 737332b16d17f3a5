/**
 * @file
 * WARN(): Linux's "WARNING: at FILE:LINE", the message and a call trace,
 * then back to the caller, which recovers (misuse the kernel survives,
 * e.g. "Trying to vfree() bad address").  warn_count counts them, so a
 * test can check that misuse was reported.
 *
 * Portable: the host suites build it too, with the simulator's
 * show_trace() (tests/host/sim/panic.c); panic() and BUG(), which end the
 * kernel, are each side's own (kernel/core/panic.c, the simulator's).
 */
#include <linux/kernel.h>
#include <asm/traps.h>

/** Number of warnings printed since boot; tests use it to check misuse is reported. */
unsigned int warn_count;

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
