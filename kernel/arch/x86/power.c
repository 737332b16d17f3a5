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

void serial_drain(void);

void __noreturn machine_power_off(void)
{
	const char *s = "Shutdown";

	local_irq_disable();
	serial_drain();
	outw(0x2000, 0xB004);
	while (*s)
		outb(*s++, 0x8900);
	outb(0x31, 0x501);
	for (;;)
		__asm__ __volatile__("hlt");
}
