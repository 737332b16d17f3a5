/**
 * @file
 * Host panic() and BUG(), and WARN()'s call trace: the kernel's three ways
 * of reporting trouble (kernel/core/panic.c, warn.c), with the kernel's
 * wording.  WARN() itself is the kernel's own warn.c.
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

/*
 * The call trace of a WARN() (kernel/core/warn.c, built for the host
 * too): none in the console, whose text the tests compare; the host's
 * own stack on stderr with SIM_VERBOSE, for debugging.
 */
void show_trace(unsigned long eip, unsigned long ebp)
{
	(void)eip;
	(void)ebp;
	if (getenv("SIM_VERBOSE"))
		__sanitizer_print_stack_trace();
}
