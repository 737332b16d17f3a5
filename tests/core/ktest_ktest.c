/**
 * @file
 * Tests of ktest itself: a caught page fault, interrupt context, benchmarks.
 *
 * Later labs rely on these mechanisms (lab 1 checks that the identity map
 * faults; lab 7 runs kmap_atomic from the timer interrupt), so they are
 * proven here on their own first.
 */
#include <linux/kernel.h>
#include <kit/ktest.h>
#include <asm/nmi.h>
#include <kit/time.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* An address no stage maps: inside the fixmap, far above the boot map. */
#define UNMAPPED_ADDR 0xFFC01234UL

KTEST(core, ktest, fault_is_caught)
{
	volatile u32 *p = (volatile u32 *)UNMAPPED_ADDR;

	KTEST_EXPECT_FAULT(t, UNMAPPED_ADDR, (void)*p);
	KTEST_EXPECT_EQ(t, t->fault_error_code & (PF_PROT | PF_WRITE | PF_USER), 0);
	KTEST_EXPECT_FAULT(t, UNMAPPED_ADDR + 8, p[2] = 1);
	KTEST_EXPECT_EQ(t, t->fault_error_code & PF_WRITE, PF_WRITE);
}

/* A check that must fail: proves the failure path reports and carries on. */
KTEST(core, ktest, missing_fault_is_a_failure)
{
	struct ktest inner = { .tc = t->tc };
	static u32 mapped;

	KTEST_EXPECT_FAULT(&inner, &mapped, mapped = 1);
	KTEST_EXPECT(t, inner.failed);
	KTEST_EXPECT_EQ(t, mapped, 1);
}

struct irq_probe {
	bool ran_in_irq;
	unsigned long ticks;
};

static void probe_irq(void *arg)
{
	struct irq_probe *p = arg;

	p->ran_in_irq = in_irq();
	p->ticks = jiffies;
}

KTEST(core, ktest, run_in_timer_interrupt)
{
	struct irq_probe probe = { false, 0 };
	unsigned long before = jiffies;

	KTEST_ASSERT_EQ(t, ktest_run_in_irq(probe_irq, &probe), 0);
	KTEST_EXPECT(t, probe.ran_in_irq);
	KTEST_EXPECT(t, probe.ticks > before);
	KTEST_EXPECT(t, !in_irq());
	KTEST_EXPECT(t, irqs_disabled());
}

static void bench_add(void *arg)
{
	volatile unsigned long *x = arg;

	*x += 1;
}

KTEST(core, bench, rdtsc_counts_instructions)
{
	unsigned long x = 0, a, b, ticks, passes = 0;

	/*
	 * The watchdog's NMI (4 a second of emulated time) adds its handler
	 * to a loop it lands in; measure again if one fell inside.
	 */
	do {
		ticks = watchdog_ticks();
		a = ktest_bench("volatile-increment", bench_add, &x, 1000);
		b = ktest_bench("volatile-increment-again", bench_add, &x, 1000);
		passes++;
	} while (watchdog_ticks() != ticks && passes < 3);

	KTEST_EXPECT_EQ(t, x, 2000 * passes);	/* both benchmarks really ran fn */
	if (!ktest_tsc_counts_instructions())
		KTEST_SKIP(t, "the TSC counts time here, not instructions (not Bochs, not -icount)");
	KTEST_EXPECT(t, a > 0 && a < 50);	/* a few loads, an add, a store */
	KTEST_EXPECT_EQ(t, a, b);		/* the same count, run after run */
}
