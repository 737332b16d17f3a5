/**
 * @file
 * Deliberate crashes, to see how each kind of failure is reported.
 *
 * These tests run only when named: `crash=null` on the command line (or
 * `make run CRASH=null`) runs core.crash.null.  Each shows what a student's
 * bug looks like and proves the runner and the grader survive it:
 *
 * @verbatim
 *   null    write through a NULL pointer   -> oops "NULL pointer dereference"
 *   paging  read an unmapped kernel address -> oops "paging request"
 *   bug     BUG_ON(1)                       -> "kernel BUG at", invalid opcode
 *   divide  divide by zero                  -> "divide error" oops
 *   panic   panic()                         -> "Kernel panic - not syncing"
 *   hlt     cli; hlt                        -> the runner's timeout
 *   loop    an endless loop                 -> the runner's timeout
 *   triple  no IDT, then int3               -> a triple fault (Bochs resets or exits)
 *   tamper  write over its own registry entry -> "harness integrity" bail-out
 * @endverbatim
 */
#include <linux/kernel.h>
#include <kit/ktest.h>
#include <asm/processor.h>

KTEST_EXPLICIT(core, crash, null)
{
	*(volatile int *)NULL = 1;
	KTEST_EXPECT(t, false);		/* not reached */
}

KTEST_EXPLICIT(core, crash, paging)
{
	KTEST_EXPECT_EQ(t, *(volatile int *)0xFFE00000, 0);
}

KTEST_EXPLICIT(core, crash, bug)
{
	BUG_ON(t != NULL);
}

KTEST_EXPLICIT(core, crash, divide)
{
	u32 quotient, zero = 0;

	/* In assembly: C's division by zero is undefined, gcc may skip it. */
	__asm__ __volatile__("divl %2" : "=a"(quotient) : "a"(1), "r"(zero), "d"(0));
	KTEST_EXPECT_EQ(t, quotient, 0);
}

KTEST_EXPLICIT(core, crash, panic)
{
	panic("deliberate panic from %s", t->tc->id);
}

/*
 * What a submission that patches the harness in memory looks like to the
 * grader: the test changes its own descriptor (its line number, harmless
 * to the run), and the harness's check after the test notices.  From
 * lab 1 on .rodata is mapped read-only and CR0.WP makes that hold in ring
 * 0 too, which turns a stray write into an oops; a deliberate one clears
 * CR0.WP first, as here.
 */
KTEST_EXPLICIT(core, crash, tamper)
{
	volatile int *line = (volatile int *)&t->tc->line;
	unsigned long cr0 = read_cr0();

	write_cr0(cr0 & ~X86_CR0_WP);
	*line += 1;
	write_cr0(cr0);
	KTEST_EXPECT(t, true);
}

KTEST_EXPLICIT(core, crash, hlt)
{
	(void)t;
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

KTEST_EXPLICIT(core, crash, loop)
{
	volatile unsigned long n = 0;

	(void)t;
	for (;;)
		n++;
}

KTEST_EXPLICIT(core, crash, triple)
{
	struct { u16 limit; u32 base; } __packed no_idt = { 0, 0 };

	(void)t;
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
}
