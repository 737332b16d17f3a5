/**
 * @file
 * Powering the machine off, so the runner sees the run end.
 *
 * There is no single power-off that every emulator understands, so the
 * kernel tries them in turn; the first that works ends the emulator:
 *  1. ACPI: write SLP_TYP | SLP_EN (0x2000) to PM1a_CNT, which the Bochs
 *     BIOS places at I/O port 0xB004;
 *  2. the Bochs/old QEMU shutdown port: the bytes "Shutdown" to 0x8900;
 *  3. QEMU's isa-debug-exit device at 0x501 (the runner adds it): writing
 *     0x31 makes QEMU exit with status (0x31 << 1) | 1 = 99.
 * If none works (real hardware, another emulator) the CPU halts for good.
 */
#include <linux/kernel.h>
#include <kit/power.h>
#include <asm/io.h>
#include <asm/processor.h>

/* The three doors, in the order they are tried (see above). */
#define ACPI_PM1A_CNT        0xB004	/* the Bochs BIOS's PM1a control port */
#define ACPI_SLP_TYP_EN      0x2000	/* SLP_TYP 0 (soft off) | SLP_EN */
#define BOCHS_SHUTDOWN_PORT  0x8900	/* takes the bytes of "Shutdown" */
#define QEMU_DEBUG_EXIT_PORT 0x501	/* isa-debug-exit, iobase=0x501 */
#define QEMU_DEBUG_EXIT_CODE 0x31	/* QEMU exits with (0x31 << 1) | 1 = 99 */

void serial_drain(void);

void __noreturn machine_power_off(void)
{
	const char *s = "Shutdown";

	local_irq_disable();
	serial_drain();
	outw(ACPI_SLP_TYP_EN, ACPI_PM1A_CNT);
	while (*s)
		outb(*s++, BOCHS_SHUTDOWN_PORT);
	outb(QEMU_DEBUG_EXIT_CODE, QEMU_DEBUG_EXIT_PORT);
	for (;;)
		__asm__ __volatile__("hlt");
}
