/**
 * @file stage2.h
 * @brief Types and functions shared by the C files of stage 2.
 *
 * Stage 2 runs in 32-bit protected mode with flat segments (base 0, limit
 * 4 GiB) and paging off, so a pointer is a physical address: writing
 * through (u8 *)0x100000 writes the byte at 1 MiB.  Interrupts are off
 * except inside bios_int().  The files, in the order boot_main() uses
 * them:
 *
 * @verbatim
 *   a20.c        open the A20 gate so addresses >= 1 MiB do not wrap
 *   memory.c     E820 memory map (int 15h) and conventional memory (int 12h)
 *   disk.c       int 13h reads through the bounce buffer; the kernel file
 *   elf_load.c   check the kernel ELF and copy its PT_LOAD segments
 *   multiboot.c  fill in struct multiboot_info for the kernel
 *   console.c    boot_panic(): the only output stage 2 ever makes
 * @endverbatim
 */
#ifndef MMKIT_STAGE2_H
#define MMKIT_STAGE2_H

#include <stddef.h>
#include <stdint.h>
#include "boot.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define __packed	__attribute__((packed))
#define __noreturn	__attribute__((noreturn))

#define X86_EFLAGS_CF	0x00000001	/* carry: BIOS calls report errors */

/**
 * struct biosregs - Registers in and out of a BIOS call (see bios_int()).
 *
 * The first eight fields are in PUSHAL order; stage2_bios.S depends on
 * the exact layout.  Only the low 16 bits of ds and es are used.
 */
struct biosregs {
	u32 edi, esi, ebp, _esp, ebx, edx, ecx, eax;
	u16 ds, es;
	u32 eflags;
};
_Static_assert(sizeof(struct biosregs) == 40, "stage2_bios.S layout");

/* stage2_bios.S and stage2.S */
void bios_int(u8 vec, struct biosregs *regs);
__noreturn void boot_kernel(u32 entry, u32 mbi);

/* Real-mode segment and offset of a pointer below 1 MiB: 0x12345 is
 * 1234:0005, because real mode computes segment * 16 + offset. */
static inline u16 real_seg(const void *p)
{
	return (u32)p >> 4;
}

static inline u16 real_off(const void *p)
{
	return (u32)p & 0xF;
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* string.c: what gcc may call even with -ffreestanding */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

/* console.c */
__noreturn __attribute__((format(printf, 1, 2)))
void boot_panic(const char *fmt, ...);

/* a20.c */
void enable_a20(void);

/* memory.c */
#define E820_MAX	128	/* entries kept; also fits the MBI_MMAP area */
#define E820_RAM	1	/* usable RAM; 2 reserved, 3 ACPI, 4 NVS, 5 bad */

/** struct e820_entry - One row of the BIOS memory map, as int 15h writes it. */
struct e820_entry {
	u64 addr;	/* first byte of the range */
	u64 size;	/* bytes */
	u32 type;	/* E820_RAM, ... */
} __packed;

/** struct boot_memory - What stage 2 learned about RAM. */
struct boot_memory {
	u32 lower_kib;		/* int 12h: RAM below 640 KiB, usually 639 */
	u32 upper_kib;		/* RAM contiguous from 1 MiB, in KiB */
	u32 nr_entries;
	struct e820_entry map[E820_MAX];
};

void detect_memory(struct boot_memory *mem);
u64 ram_end_from_1m(const struct boot_memory *mem);

/* disk.c */
void disk_init(u8 drive);
const struct boot_table *boot_table(void);
void read_cmdline(char *dst);
void kernel_read(u32 off, u32 len, void *dst);

/* elf_load.c */
u32 load_kernel(const struct boot_memory *mem);

/* multiboot.c */
u32 build_multiboot_info(const struct boot_memory *mem);

#endif /* MMKIT_STAGE2_H */
