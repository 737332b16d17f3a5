/**
 * @file
 * start_kernel(): the order in which the kernel comes up.
 *
 * @verbatim
 *   head.S          boot page tables, higher half, stack
 *   start_kernel
 *     serial_init   the console, so everything after can print
 *     vga_init      the screen shows it too, if there is one
 *     gdt_init      our own segments and TSS
 *     idt_init      trap vectors; from here a bug prints an oops
 *     setup_arch    command line, E820 map, memblock
 *     vga_console_setup   console=ttyS0 turns the screen off
 *     init_8259A, time_init   interrupts and the 100 Hz tick (IRQs stay off)
 *     nmi_watchdog_init       the RTC as an NMI: budgets in emulated time
 *     mm_init       the labs' memory management, stage by stage (kernel/mm)
 *     ktest_run_all the selected tests, then power-off
 * @endverbatim
 *
 * CONFIG_LAB is the stage the kernel was built for (make LAB=n); each
 * stage adds the next lab's initialisation to mm_init() (kernel/mm/mm_init.c).
 */
#include <linux/kernel.h>
#include <kit/cmdline.h>
#include <kit/ktest.h>
#include <kit/setup.h>
#include <kit/time.h>
#include <asm/desc.h>
#include <asm/nmi.h>
#include <asm/vga.h>
#include <linux/sched.h>

#ifndef CONFIG_LAB
#error "CONFIG_LAB must be set by the build (make LAB=n)"
#endif

/* "labs" or "solutions": made by the link (mk/kernel.mk), not compiled in. */
extern const char kit_stage_src[];

/*
 * The labs' boot code (mm_init) gets a budget too: a student's endless
 * loop there is reported like a hung test, with where it spun.  Seconds
 * of emulated time; `boot_budget=S` changes it.
 */
#define BOOT_BUDGET 600

static unsigned long boot_budget;

static void boot_hung(struct pt_regs *regs)
{
	(void)regs;
	panic("boot hung: mm_init() did not finish within %lu s of emulated time",
	      boot_budget);
}

void start_kernel(u32 magic, u32 mbi_phys)
{
	serial_init();
	vga_init();
	gdt_init();
	idt_init();
	sched_init();
	printk("mmkit kernel: stage lab%d, labs from %s/\n", CONFIG_LAB, kit_stage_src);
	setup_arch(magic, mbi_phys);
	printk("Booted by %s\n", boot_loader_name);
	printk("Kernel command line: %s\n", boot_command_line);
	vga_console_setup();
	init_8259A();
	time_init();
	nmi_watchdog_init();
	boot_budget = cmdline_get_ulong("boot_budget", BOOT_BUDGET);
	watchdog_arm(boot_budget * WATCHDOG_HZ, "mm_init", boot_hung);
	mm_init();
	watchdog_disarm();
	ktest_run_all();
}
