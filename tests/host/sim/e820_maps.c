/**
 * @file
 * Ready-made E820 maps: the machines host tests boot.
 *
 * Each is what the Bochs BIOS reports for that much RAM (the 1 GiB one is
 * the kit's default machine, asm/e820.h):
 *
 * @verbatim
 *   0000000000000000 - 000000000009f000 (usable)     low RAM, 636 KiB
 *   000000000009f000 - 00000000000a0000 (reserved)   EBDA
 *   00000000000e8000 - 0000000000100000 (reserved)   BIOS ROM shadow
 *   0000000000100000 - RAM - 64 KiB     (usable)     everything else
 *   RAM - 64 KiB     - RAM              (ACPI data)  ACPI tables
 *   00000000fffc0000 - 0000000100000000 (reserved)   BIOS ROM at the top
 * @endverbatim
 *
 * So usable RAM ends 64 KiB short of the size: max_pfn = RAM/4K - 16, e.g.
 * 0x3FFF0 on the 1 GiB machine.  On 900 MiB that leaves 1008 frames of
 * highmem, fewer than a block of order 10.  With 3 GiB everything still
 * sits below the 0xFFFC0000 ROM, and highmem (RAM above 896 MiB) is 2 GiB
 * + 128 MiB.
 */
#include "sim.h"

#define BOCHS_MAP(nm, ram)						\
	{								\
		.name = nm,						\
		.nr = 6,						\
		.rows = {						\
			{ 0x0, 0x9F000, E820_RAM },			\
			{ 0x9F000, 0xA0000, E820_RESERVED },		\
			{ 0xE8000, 0x100000, E820_RESERVED },		\
			{ 0x100000, (ram) - 0x10000, E820_RAM },	\
			{ (ram) - 0x10000, (ram), E820_ACPI },		\
			{ 0xFFFC0000, 0x100000000ULL, E820_RESERVED },	\
		},							\
	}

const struct sim_e820_map sim_e820_64m = BOCHS_MAP("64M", 64ULL << 20);
const struct sim_e820_map sim_e820_1g = BOCHS_MAP("1G", 1ULL << 30);
const struct sim_e820_map sim_e820_900m = BOCHS_MAP("900M", 900ULL << 20);
const struct sim_e820_map sim_e820_3g = BOCHS_MAP("3G", 3ULL << 30);

const struct sim_e820_map *const sim_e820_maps[SIM_NR_E820_MAPS] = {
	&sim_e820_64m, &sim_e820_1g, &sim_e820_900m, &sim_e820_3g,
};
