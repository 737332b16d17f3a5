/**
 * @file multiboot.h
 * @brief The Multiboot v1 information structure, as the loader fills it.
 *
 * Multiboot v1 (GNU GRUB's "Multiboot Specification 0.6.96") says how a
 * boot loader hands over to a 32-bit kernel: EAX = 0x2BADB002 and EBX =
 * the physical address of struct multiboot_info.  @c flags says which
 * fields are valid; this loader sets bits 0, 2, 6 and 9:
 *
 * @verbatim
 *   offset  field              flag bit
 *   0       flags
 *   4       mem_lower (KiB)    0  MULTIBOOT_INFO_MEMORY
 *   8       mem_upper (KiB)    0
 *   16      cmdline            2  MULTIBOOT_INFO_CMDLINE
 *   44      mmap_length        6  MULTIBOOT_INFO_MEM_MAP
 *   48      mmap_addr          6
 *   64      boot_loader_name   9  MULTIBOOT_INFO_BOOT_LOADER_NAME
 * @endverbatim
 *
 * The memory map is a packed array whose rows say their own size, and
 * the size comes BEFORE the row, so the next row is at
 * (u8 *)row + row->size + 4:
 *
 * @verbatim
 *   +0 u32 size (20)  +4 u64 addr  +12 u64 len  +20 u32 type   = 24 bytes
 * @endverbatim
 *
 * The kernel has its own copy of these definitions; this one is only
 * what the loader writes.
 */
#ifndef MMKIT_BOOT_MULTIBOOT_H
#define MMKIT_BOOT_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002	/* in EAX */

#define MULTIBOOT_INFO_MEMORY		0x00000001	/* mem_lower/upper */
#define MULTIBOOT_INFO_CMDLINE		0x00000004	/* cmdline */
#define MULTIBOOT_INFO_MEM_MAP		0x00000040	/* mmap_* */
#define MULTIBOOT_INFO_BOOT_LOADER_NAME	0x00000200	/* boot_loader_name */

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;
	uint32_t mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;		/* bytes, not rows */
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info;
	uint32_t vbe_mode_info;
	uint16_t vbe_mode;
	uint16_t vbe_interface_seg;
	uint16_t vbe_interface_off;
	uint16_t vbe_interface_len;
	uint8_t framebuffer[28];	/* flag bit 12, unused here */
};

struct multiboot_mmap_entry {
	uint32_t size;			/* of the rest: 20 */
	uint64_t addr;
	uint64_t len;
	uint32_t type;			/* 1 = RAM, as in E820 */
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct multiboot_info, mmap_length) == 44,
	       "multiboot_info layout");
_Static_assert(__builtin_offsetof(struct multiboot_info, boot_loader_name) ==
	       64, "multiboot_info layout");
_Static_assert(sizeof(struct multiboot_info) == 116, "multiboot_info size");
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "mmap row size");

#endif /* MMKIT_BOOT_MULTIBOOT_H */
