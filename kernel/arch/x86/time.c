/**
 * @file
 * The 8253/8254 programmable interval timer: the kernel's tick.
 *
 * Channel 0 counts down from LATCH at 1.193182 MHz and raises IRQ 0 when it
 * reaches zero, so LATCH = 1193182 / HZ = 11932 gives HZ = 100 ticks a
 * second.  Each tick bumps jiffies and runs the timer hooks (ktest uses one
 * to run test code in interrupt context).
 */
#include <linux/kernel.h>
#include <kit/time.h>
#include <asm/io.h>
#include <asm/traps.h>

#define PIT_TICK_RATE 1193182
#define LATCH         ((PIT_TICK_RATE + HZ / 2) / HZ)
#define PIT_MODE      0x43	/* the mode/command register (I/O port) */
#define PIT_CH0       0x40	/* channel 0's counter (I/O port) */

volatile unsigned long jiffies;
static timer_hook_t timer_hook;

static void timer_interrupt(struct pt_regs *regs)
{
	jiffies++;
	if (timer_hook)
		timer_hook(regs);
}

void set_timer_hook(timer_hook_t hook)
{
	timer_hook = hook;
}

void time_init(void)
{
	outb(0x34, PIT_MODE);		/* channel 0, lo/hi byte, rate generator */
	outb(LATCH & 0xFF, PIT_CH0);
	outb(LATCH >> 8, PIT_CH0);
	request_irq(0, timer_interrupt);
}
