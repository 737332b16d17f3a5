/**
 * @file
 * Host panic(), BUG() and WARN(): the kernel's three ways of reporting
 * trouble (kernel/core/panic.c), with the kernel's wording.
 *
 * @verbatim
 *   kernel                              host
 *   panic:  message, power off          message, abort()  -> SIGABRT
 *   BUG_ON: "kernel BUG at F:L!", oops  same text, abort() -> SIGABRT
 *   WARN:   "WARNING: at F:L", trace    same text, warn_count++, return
 * @endverbatim
 *
 * A Check test expects a panic or BUG with tcase_add_test_raise_signal(tc,
 * fn, SIGABRT), or runs the code in sim_run_child() to read the message.
 * Since the dying process's console buffer dies with it, panic and BUG
 * also copy their message to stderr.  A warning is the caller's misuse the
 * kernel survives, so it only counts: a test checks that misuse is
 * reported by comparing warn_count before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/common_interface_defs.h>

#include <linux/kernel.h>
#include "sim.h"

unsigned int warn_count;

/* Copy what the console got since offset @from to stderr, then die. */
static void __noreturn die(size_t from)
{
	fputs(sim_console_text() + from, stderr);
	fflush(stderr);
	abort();
}

void __noreturn panic(const char *fmt, ...)
{
	size_t from = strlen(sim_console_text());
	va_list args;

	printk("Kernel panic - not syncing: ");
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	printk("\n");
	die(from);
}

void __noreturn __bug(const char *file, int line, const char *expr)
{
	size_t from = strlen(sim_console_text());

	printk("------------[ cut here ]------------\n");
	printk("kernel BUG at %s:%d!\n", file, line);
	printk("BUG_ON(%s)\n", expr);
	die(from);
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
	if (getenv("SIM_VERBOSE"))		/* the host's call trace, for debugging */
		__sanitizer_print_stack_trace();
	printk("---[ end trace ]---\n");
}
