/**
 * @file
 * The BIOS memory map (E820), as the firmware reports it.
 *
 * INT 15h, EAX = E820h returns one row per physical range with its type.
 * The kernel keeps the rows in struct e820map, prints them at boot in
 * Linux's format, and feeds the usable ones to memblock.  On the default
 * 1 GiB Bochs machine the map is:
 *
 * @verbatim
 *  BIOS-e820: 0000000000000000 - 000000000009f000 (usable)
 *  BIOS-e820: 000000000009f000 - 00000000000a0000 (reserved)
 *  BIOS-e820: 00000000000e8000 - 0000000000100000 (reserved)
 *  BIOS-e820: 0000000000100000 - 000000003fff0000 (usable)
 *  BIOS-e820: 000000003fff0000 - 0000000040000000 (ACPI data)
 *  BIOS-e820: 00000000fffc0000 - 0000000100000000 (reserved)
 * @endverbatim
 */
#ifndef _ASM_E820_H
#define _ASM_E820_H

#include <linux/types.h>

/** The most E820 rows the kernel keeps. */
#define E820MAX      128
#define E820_RAM       1	/**< usable */
#define E820_RESERVED  2	/**< not RAM: ROMs, firmware, holes */
#define E820_ACPI      3	/**< ACPI data: reclaimable after ACPI init */
#define E820_NVS       4	/**< ACPI non-volatile storage */
#define E820_UNUSABLE  5	/**< RAM with errors */

/**
 * The end of the PC's first megabyte (real-mode RAM, the VGA hole, the
 * BIOS ROMs) and the start of extended memory, where Multiboot's
 * mem_upper counts from and the kernel is loaded.
 */
#define BIOS_END       0x100000

/** One row of the BIOS's memory map (int 15h, eax 0xE820). */
struct e820entry {
	u64 addr;	/**< start of the range */
	u64 size;	/**< length in bytes */
	u32 type;	/**< E820_RAM, E820_RESERVED, ... */
};

/** The BIOS's memory map, sorted and cleaned (Linux's e820). */
struct e820map {
	u32 nr_map;
	struct e820entry map[E820MAX];
};

extern struct e820map e820;

/** Append a row; returns -ENOSPC when the table is full. */
int e820_add_region(u64 start, u64 size, u32 type);
/** Print the table as "BIOS-provided physical RAM map:" with @p who per row. */
void e820_print_map(const char *who);
/** Print the table as "user-defined physical RAM map:", "user" per row. */
void e820_print_user_map(void);
/** Make [@p start, + @p size) reserved, cutting it out of usable rows; 0 or -ENOSPC. */
int e820_reserve_range(u64 start, u64 size);
/** Apply memmap=nn[KMG]$ss[KMG] from the command line; true if it did. */
bool parse_memmap(void);
/** What memmap= reserved (size 0: no memmap= option), for its test. */
extern u64 memmap_reserved_start, memmap_reserved_size;
/** One past the last usable page frame below 4 GiB: the machine's max_pfn. */
unsigned long e820_end_of_ram_pfn(void);
/** Give every usable range, trimmed to whole pages, to memblock. */
void e820_memblock_setup(void);

#endif /* _ASM_E820_H */
