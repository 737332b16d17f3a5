/**
 * @file
 * The NMI watchdog: a clock that `cli` cannot stop, for test budgets.
 *
 * A hung test must be caught by something that does not depend on the
 * host: on a busy grading server an emulator runs slower, and a budget in
 * host seconds would fail a correct test.  The guest's own clock is the
 * PIT, whose ticks come at fixed points of emulated time (under Bochs with
 * `clock: sync=none`, every ips / HZ instructions), so a budget counted in
 * ticks gives the same verdict on an idle and on a busy machine.
 *
 * Tests run with interrupts off, which would stop a plain timer.  Like
 * Linux 2.6's `nmi_watchdog=1`, the kit has the I/O APIC deliver the PIT's
 * tick a second time as a non-maskable interrupt:
 *
 * @verbatim
 *   PIT channel 0 --+--> 8259A IRQ 0 --> vector 0x20 (jiffies; masked by cli)
 *                   |
 *                   +--> I/O APIC pin 2 --> NMI, vector 2 (counted here;
 *                        delivery mode NMI       cli does not mask it and
 *                                                it wakes a hlt)
 * @endverbatim
 *
 * Pin 2 is where PC chipsets wire the PIT (ACPI's "interrupt source
 * override" of ISA IRQ 0), in Bochs and QEMU alike.  The redirection entry
 * is written once at boot, through a 4 MiB window in the boot page
 * directory that is removed again at once: nothing after boot maps the
 * I/O APIC, and no later page table a lab builds has to know about it.
 * An NMI needs no end-of-interrupt, and the local APIC accepts one even
 * while it is software-disabled, which it stays.
 *
 * A budget is a number of ticks.  When one runs out, the handler prints
 * Linux's report, "NMI Watchdog detected LOCKUP", with the registers and
 * call trace of the interrupted code, and calls the budget's owner (the
 * test runner), which tells the grader and powers off.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/cmdline.h>
#include <kit/time.h>
#include <asm/io.h>
#include <asm/nmi.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>

#define IO_APIC_PHYS     0xFEC00000UL	/* the chipset's default address */
#define IO_APIC_WINDOW   0xFF800000UL	/* a free 4 MiB slot during boot */
#define IO_APIC_REGSEL   0x00		/* write a register number here... */
#define IO_APIC_WIN      0x10		/* ...then read or write it here */
#define IO_APIC_VERSION  0x01		/* bits 16-23: highest entry number */
#define IO_APIC_REDTBL(pin) (0x10 + 2 * (pin))	/* low dword; high follows */
#define IO_APIC_TIMER_PIN 2

/* Redirection entry, low dword (Intel 82093AA datasheet, 3.2.4). */
#define REDTBL_DELIVERY_NMI  (4 << 8)	/* delivery mode 100b: NMI */
#define REDTBL_MASKED        (1 << 16)	/* edge, active high, physical: 0 */
/* High dword: bits 24-31 name the destination local APIC; CPU 0 is 0. */
#define REDTBL_DEST_CPU0     0

#define NMI_TEST_TICKS   3		/* NMIs to see before trusting the watchdog */
#define NMI_TEST_LOOPS   (100 * 1000 * 1000)	/* far more than 3 ticks' worth */

static volatile unsigned long nmi_count;	/* NMIs since boot */
static bool watchdog_on;

static unsigned long deadline;		/* in nmi_count; valid while armed */
static const char *budget_what;
static watchdog_expired_t budget_expired;
static volatile bool armed;

static u32 io_apic_read(volatile u32 *base, unsigned int reg)
{
	base[IO_APIC_REGSEL / 4] = reg;
	return base[IO_APIC_WIN / 4];
}

static void io_apic_write(volatile u32 *base, unsigned int reg, u32 val)
{
	base[IO_APIC_REGSEL / 4] = reg;
	base[IO_APIC_WIN / 4] = val;
}

/*
 * Program the timer pin through a temporary large page in the page
 * directory in use (the boot one).  Returns false if nothing answers.
 */
static bool io_apic_route_timer_nmi(void)
{
	pgd_t *pgd = pgd_offset((pgd_t *)__va(read_cr3()), IO_APIC_WINDOW);
	volatile u32 *base;
	pgd_t saved = *pgd;
	u32 version;

	*pgd = __pgd(IO_APIC_PHYS | _PAGE_PSE | _PAGE_PCD | _PAGE_PWT |
		     __PAGE_KERNEL);
	__flush_tlb_one(IO_APIC_WINDOW);
	base = (volatile u32 *)IO_APIC_WINDOW;	/* IO_APIC_PHYS is 4 MiB aligned */
	version = io_apic_read(base, IO_APIC_VERSION);
	/* No chip reads as all ones; the entry count must cover pin 2. */
	if (version != 0xFFFFFFFF && ((version >> 16) & 0xFF) >= IO_APIC_TIMER_PIN) {
		io_apic_write(base, IO_APIC_REDTBL(IO_APIC_TIMER_PIN) + 1,
			      REDTBL_DEST_CPU0 << 24);
		io_apic_write(base, IO_APIC_REDTBL(IO_APIC_TIMER_PIN),
			      REDTBL_DELIVERY_NMI);
	}
	*pgd = saved;
	__flush_tlb_one(IO_APIC_WINDOW);
	return version != 0xFFFFFFFF;
}

/* Like Linux's check_nmi_watchdog(): trust the NMIs only once seen. */
static bool nmis_arrive(void)
{
	unsigned long start = nmi_count;

	for (unsigned long i = 0; i < NMI_TEST_LOOPS; i++) {
		if (nmi_count - start >= NMI_TEST_TICKS)
			return true;
		barrier();
	}
	return false;
}

void nmi_watchdog_init(void)
{
	char opt[4];

	if (cmdline_get("nmi_watchdog", opt, sizeof(opt)) && !strcmp(opt, "0")) {
		printk("NMI watchdog: off (nmi_watchdog=0): only the host can stop a hung test\n");
		return;
	}
	printk("Testing NMI watchdog ... ");
	if (!io_apic_route_timer_nmi()) {
		printk("no I/O APIC: only the host can stop a hung test\n");
		return;
	}
	if (!nmis_arrive()) {
		printk("CPU#0: NMI appears to be stuck (%lu)!\n", nmi_count);
		return;
	}
	watchdog_on = true;
	printk("OK (I/O APIC pin %d, %d ticks a second of emulated time).\n",
	       IO_APIC_TIMER_PIN, HZ);
}

bool nmi_watchdog_active(void)
{
	return watchdog_on;
}

unsigned long watchdog_ticks(void)
{
	return nmi_count;
}

void watchdog_arm(unsigned long ticks, const char *what,
		  watchdog_expired_t on_expired)
{
	budget_what = what;
	budget_expired = on_expired;
	deadline = nmi_count + ticks;
	barrier();
	armed = true;
}

void watchdog_disarm(void)
{
	armed = false;
	barrier();
}

void do_nmi(struct pt_regs *regs)
{
	nmi_count++;
	if (!armed || (long)(nmi_count - deadline) < 0)
		return;
	armed = false;		/* one report, even if the owner returns */
	printk("NMI Watchdog detected LOCKUP on CPU0, eip %08x, registers:\n",
	       regs->eip);
	printk("(%s: no progress within its budget of emulated time)\n",
	       budget_what);
	show_regs(regs);
	printk("---[ end trace ]---\n");
	budget_expired(regs);
}
