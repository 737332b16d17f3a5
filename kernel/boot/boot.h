/**
 * @file boot.h
 * @brief Disk layout, boot table and memory map shared by stage 1, stage 2
 *        and the host tool mkdisk.
 *
 * One header is the single source of truth for every number the three
 * programs must agree on.  It is safe to include from assembler (.S files
 * define __ASSEMBLY__) and from the host tool (plain C with stdint.h).
 *
 * Disk image, in 512-byte sectors (LBA = logical block address):
 *
 * @verbatim
 *     LBA 0      LBA 1      LBA 2 .. 63          LBA 64 ..
 *   +----------+----------+--------------------+-------------------------+
 *   | stage 1  | command  | stage 2            | kernel ELF file, byte   |
 *   | (MBR)    | line     | (<= 62 sectors)    | for byte, then zeros up |
 *   | + boot   | NUL-     |                    | to a whole cylinder     |
 *   | table    | padded   |                    | (16 heads x 63 sectors) |
 *   +----------+----------+--------------------+-------------------------+
 * @endverbatim
 *
 * The boot table lives inside sector 0 at byte BOOT_TABLE_OFF.  mkdisk
 * fills it in; stage 1 reads the stage-2 fields; stage 2 reads the rest
 * from stage 1's copy, still in memory at 0x7C00 + BOOT_TABLE_OFF:
 *
 * @verbatim
 *   0x000          0x1A0        0x1B8       0x1BE          0x1FE
 *   +--------------+------------+-----------+--------------+------+
 *   | stage-1 code | boot table | disk sig. | partition    | 55AA |
 *   | and messages | 24 bytes   | (unused)  | table (zero) |      |
 *   +--------------+------------+-----------+--------------+------+
 *
 *   boot table    +0x00 magic "MMKB"    +0x0C kernel_lba
 *   (u32 each,    +0x04 stage2_lba      +0x10 kernel_size (bytes)
 *   little end.)  +0x08 stage2_sectors  +0x14 cmdline_lba
 * @endverbatim
 *
 * Low memory while stage 2 runs (physical addresses):
 *
 * @verbatim
 *   0x00000 +-----------------------------+
 *           | real-mode IVT + BIOS data   |  owned by the BIOS
 *   0x00500 +-----------------------------+
 *           | free                        |
 *           |   ^ stack (grows down)      |  STACK_TOP = 0x7C00
 *   0x07C00 +-----------------------------+
 *           | stage 1 + boot table        |  kept: stage 2 reads the table
 *   0x07E00 +-----------------------------+
 *           | free                        |
 *   0x08000 +-----------------------------+
 *           | stage 2 code, data, bss     |  STAGE2_ADDR, must end < 64 KiB
 *   0x10000 +-----------------------------+
 *           | disk bounce buffer, 32 KiB  |  BOUNCE_ADDR, 64 sectors
 *   0x18000 +-----------------------------+
 *           | free                        |
 *   0x20000 +-----------------------------+
 *           | multiboot_info              |  MBI_ADDR       (passed in EBX)
 *   0x20100 | "mmkit-boot"                |  MBI_NAME_ADDR
 *   0x20200 | command line copy (512 B)   |  MBI_CMDLINE_ADDR
 *   0x20400 | memory map, 128 x 24 bytes  |  MBI_MMAP_ADDR
 *   0x21000 +-----------------------------+
 *           | free up to the EBDA         |
 *   0x9F000 +-----------------------------+  (typical; int 12h says)
 * @endverbatim
 *
 * The kernel is loaded at its ELF p_paddr, at or above KERNEL_MIN_PADDR
 * (1 MiB), so it can never overwrite anything above.  The kernel must keep
 * the page at 0x20000 until it has read the multiboot information.
 */
#ifndef MMKIT_BOOT_H
#define MMKIT_BOOT_H

/* ---- disk layout (sectors of SECTOR_SIZE bytes) ------------------------ */
#define SECTOR_SIZE		512
#define MBR_LBA			0	/* stage 1 + boot table */
#define CMDLINE_LBA		1	/* kernel command line */
#define CMDLINE_MAX		511	/* chars, without the final NUL */
#define STAGE2_LBA		2	/* first sector of stage 2 */
#define STAGE2_MAX_SECTORS	62	/* LBA 2..63 */
#define KERNEL_LBA		64	/* first sector of the kernel ELF */

/* Images are whole cylinders so Bochs can derive a CHS geometry. */
#define DISK_HEADS		16
#define DISK_SECTORS_PER_TRACK	63
#define DISK_MIN_BYTES		(4 * 1024 * 1024)

/* ---- boot table in sector 0 -------------------------------------------- */
#define BOOT_TABLE_OFF		0x1A0	/* byte offset inside sector 0 */
#define BOOT_TABLE_MAGIC	0x424B4D4D	/* "MMKB" in little endian */
#define BT_MAGIC		0x00	/* u32: BOOT_TABLE_MAGIC */
#define BT_STAGE2_LBA		0x04	/* u32: where stage 2 starts */
#define BT_STAGE2_SECTORS	0x08	/* u32: 1..STAGE2_MAX_SECTORS */
#define BT_KERNEL_LBA		0x0C	/* u32: where the ELF file starts */
#define BT_KERNEL_SIZE		0x10	/* u32: ELF file size in bytes */
#define BT_CMDLINE_LBA		0x14	/* u32: the command-line sector */
#define BOOT_TABLE_SIZE		0x18
#define MBR_SIGNATURE_OFF	0x1FE	/* 0x55 0xAA */

/* ---- physical memory used by the loader (see the figure above) --------- */
#define STAGE1_ADDR		0x7C00	/* where the BIOS loads sector 0 */
#define STACK_TOP		0x7C00	/* one stack for real and protected mode */
#define STAGE2_ADDR		0x8000	/* stage 2 is linked and loaded here */
#define STAGE2_LIMIT		0x10000	/* stage 2 (with bss) must end below */
#define BOUNCE_ADDR		0x10000	/* int 13h reads land here */
#define BOUNCE_SECTORS		64	/* 32 KiB per int 13h call */
#define MBI_ADDR		0x20000	/* struct multiboot_info */
#define MBI_NAME_ADDR		0x20100	/* boot_loader_name string */
#define MBI_CMDLINE_ADDR	0x20200	/* command line, SECTOR_SIZE bytes */
#define MBI_MMAP_ADDR		0x20400	/* multiboot memory map entries */
#define MBI_MMAP_END		0x21000
#define KERNEL_MIN_PADDR	0x100000 /* 1 MiB: nothing may load below */

/* ---- stage-2 GDT selectors (index * 8; see gdt in stage2.S) ------------ */
#define BOOT_CS			0x08	/* 32-bit code, base 0, limit 4 GiB */
#define BOOT_DS			0x10	/* 32-bit data, base 0, limit 4 GiB */
#define BOOT_CS16		0x18	/* 16-bit code, base 0, limit 64 KiB */
#define BOOT_DS16		0x20	/* 16-bit data, base 0, limit 64 KiB */

#define CR0_PE			0x00000001	/* protection enable */

#ifndef __ASSEMBLY__
#include <stdint.h>

/** The boot table as stage 2 and mkdisk see it (all little endian). */
struct boot_table {
	uint32_t magic;			/* BOOT_TABLE_MAGIC */
	uint32_t stage2_lba;
	uint32_t stage2_sectors;
	uint32_t kernel_lba;
	uint32_t kernel_size;		/* bytes */
	uint32_t cmdline_lba;
};

_Static_assert(sizeof(struct boot_table) == BOOT_TABLE_SIZE,
	       "struct boot_table must match the BT_* offsets");
#endif /* __ASSEMBLY__ */

#endif /* MMKIT_BOOT_H */
