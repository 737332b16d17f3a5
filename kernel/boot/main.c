/**
 * @file main.c
 * @brief boot_main(): the steps of stage 2, in order.
 *
 * Entered from stage2.S in 32-bit protected mode with flat segments.
 * Each step either succeeds silently or ends in boot_panic(): the serial
 * port belongs to the kernel, whose output is compared line by line, so a
 * successful boot prints nothing at all.
 *
 * @verbatim
 *   1. A20 on          so that 0x100000 is not an alias of 0x000000
 *   2. memory map      E820 rows, mem_lower, mem_upper
 *   3. command line    sector CMDLINE_LBA -> MBI_CMDLINE_ADDR
 *   4. kernel          PT_LOAD segments -> their p_paddr (>= 1 MiB)
 *   5. multiboot info  at MBI_ADDR
 *   6. jump            EAX = 0x2BADB002, EBX = MBI_ADDR, to e_entry (physical)
 * @endverbatim
 */
#include "stage2.h"

/* Too big for the stack (128 x 20 bytes), so it lives in .bss. */
static struct boot_memory boot_mem;

/**
 * boot_main() - Load the kernel and start it; never returns.
 * @param drive  BIOS drive number we booted from (DL from the BIOS).
 */
__noreturn void boot_main(u32 drive)
{
	u32 entry, mbi;

	disk_init(drive);
	enable_a20();
	detect_memory(&boot_mem);
	read_cmdline((char *)MBI_CMDLINE_ADDR);
	entry = load_kernel(&boot_mem);
	mbi = build_multiboot_info(&boot_mem);
	boot_kernel(entry, mbi);
}
