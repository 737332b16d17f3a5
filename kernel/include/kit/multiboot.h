/**
 * @file
 * The Multiboot v1 information block the boot loader hands over.
 *
 * Our loader, GRUB and QEMU's -kernel all pass it in EBX.  The kernel reads
 * four things from it: mem_lower/mem_upper (flag bit 0), the command line
 * (bit 2), the memory map (bit 6) and the loader's name (bit 9).  Every
 * pointer in it is a physical address.  Each memory-map entry is preceded
 * by its own size, which does not count the size field itself:
 *
 * @verbatim
 *   mmap_addr -> | size=20 | base_addr (u64) | length (u64) | type (u32) | size=20 | ...
 * @endverbatim
 */
#ifndef _KIT_MULTIBOOT_H
#define _KIT_MULTIBOOT_H

#include <linux/types.h>

/** What a Multiboot loader leaves in EAX. */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MULTIBOOT_INFO_MEMORY      0x001	/**< mem_lower, mem_upper valid */
#define MULTIBOOT_INFO_CMDLINE     0x004	/**< cmdline valid */
#define MULTIBOOT_INFO_MEM_MAP     0x040	/**< mmap_* valid */
#define MULTIBOOT_INFO_LOADER_NAME 0x200	/**< boot_loader_name valid */

/** The Multiboot v1 information block our loader (or QEMU, or GRUB) passes. */
struct multiboot_info {
	u32 flags;
	u32 mem_lower;		/**< KiB of memory below 1 MiB */
	u32 mem_upper;		/**< KiB of memory from 1 MiB to the first hole */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

/** One memory-map row of the Multiboot block: an E820 row with its size first. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
} __packed;

#endif /* _KIT_MULTIBOOT_H */
