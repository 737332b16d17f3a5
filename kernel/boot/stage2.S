/**
 * @file stage2.S
 * @brief Stage 2 entry: from real mode into 32-bit C, and from C into the
 *        kernel with the Multiboot v1 machine state.
 *
 * Stage 1 jumps here (0000:8000) in real mode with DL = the boot drive.
 * Stage 2 is written in C compiled for 32-bit protected mode (the same
 * compiler flags as the kernel), because the loader must copy the kernel
 * above 1 MiB, which 16-bit real-mode addressing cannot reach.  The BIOS,
 * however, only runs in real mode; stage2_bios.S steps back into real
 * mode for each BIOS call.  So the C code lives in the kernel's world and
 * the mode switches are confined to two small assembly files:
 *
 * @verbatim
 *   stage 1 --jmp--> _start (real mode)
 *                      |  zero .bss, load the GDT, set CR0.PE
 *                      v
 *                    boot_main(drive)        32-bit C, flat 4 GiB
 *                      |   ^
 *                      |   |  bios_int(): PM -> real mode -> int -> PM
 *                      v   |
 *                    boot_kernel(entry, mbi) EAX = 0x2BADB002, EBX = mbi
 * @endverbatim
 *
 * Why not gcc -m16 and "unreal mode"?  gcc -m16 emits string instructions
 * (rep movs/stos) with 16-bit addresses (SI/DI/CX), so an inlined struct
 * copy to the bounce buffer at 0x10000 or to the kernel at 1 MiB silently
 * wraps inside 64 KiB.  Real 32-bit code has no such trap.
 *
 * The GDT below has four descriptors.  Each is 8 bytes:
 *
 * @verbatim
 *   63      56 55   52 51    48 47      40 39      16 15       0
 *   +---------+-------+--------+----------+----------+----------+
 *   |base     |G D 0 0|limit   |P DPL S   |base      |limit     |
 *   |31..24   |flags  |19..16  |type      |23..0     |15..0     |
 *   +---------+-------+--------+----------+----------+----------+
 *
 *   G = 1: limit counts 4 KiB pages (0xFFFFF pages = 4 GiB)
 *   D = 1: 32-bit code/stack, D = 0: 16-bit
 *   access 0x9A = present, ring 0, code, readable
 *   access 0x92 = present, ring 0, data, writable
 * @endverbatim
 */
#include "boot.h"

/* gdt_entry base, limit, access, flags: one descriptor, laid out as above */
	.macro	gdt_entry base, limit, access, flags
	.word	(\limit) & 0xFFFF
	.word	(\base) & 0xFFFF
	.byte	((\base) >> 16) & 0xFF
	.byte	\access
	.byte	(((\limit) >> 16) & 0x0F) | ((\flags) << 4)
	.byte	((\base) >> 24) & 0xFF
	.endm

#define GDT_FLAGS_32	0xC	/* G = 1, D = 1 */
#define GDT_FLAGS_16	0x0	/* G = 0, D = 0: byte-granular, 16-bit */
#define GDT_CODE	0x9A
#define GDT_DATA	0x92

/* Absolute symbols that let stage2.ld check its numbers against boot.h. */
	.globl	boot_stage2_addr, boot_stage2_limit
	.set	boot_stage2_addr, STAGE2_ADDR
	.set	boot_stage2_limit, STAGE2_LIMIT

	.code16
	.section .text.entry, "ax"
	.globl	_start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$STACK_TOP, %esp	/* upper half 0: C uses all of ESP */
	cld
	movzbl	%dl, %ebx		/* keep the drive for boot_main() */

	/* .bss is not in stage2.bin: zero it (it lies below 64 KiB). */
	movw	$__bss_start, %di
	movw	$__bss_end, %cx
	subw	%di, %cx
	xorb	%al, %al
	rep stosb

	/* Enter protected mode.  Interrupts stay off from here on: there
	 * is no protected-mode IDT; only bios_int() turns them on, in real
	 * mode, around a BIOS call. */
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$BOOT_CS, $pm_start	/* reloads CS: now 32-bit code */

	.code32
pm_start:
	movw	$BOOT_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss		/* same stack, base 0: ESP unchanged */
	pushl	%ebx			/* boot_main(drive) */
	call	boot_main
1:	cli				/* boot_main() never returns */
	hlt
	jmp	1b

/**
 * boot_kernel() - Jump to the kernel as a Multiboot v1 loader would.
 * @param entry  physical address of the kernel entry point (ELF e_entry).
 * @param mbi    physical address of the struct multiboot_info.
 *
 * Multiboot v1 machine state: EAX = 0x2BADB002, EBX = mbi, CS a flat
 * 32-bit code segment, DS/ES/FS/GS/SS flat data segments (they already
 * are: BOOT_CS and BOOT_DS), paging off, interrupts off, A20 on.  EFLAGS
 * is cleared entirely (IF = 0, VM = 0, DF = 0).  ESP stays in our low
 * stack; the kernel must set up its own before it uses much.
 */
	.text
	.globl	boot_kernel
boot_kernel:
	movl	4(%esp), %ecx		/* entry */
	movl	8(%esp), %ebx		/* mbi */
	pushl	$0
	popfl
	movl	$0x2BADB002, %eax	/* MULTIBOOT_BOOTLOADER_MAGIC */
	jmp	*%ecx

/* ---- the GDT (selectors in boot.h) -------------------------------------- */
	.data
	.balign	8
	.globl	gdt_desc
gdt:
	.quad	0					/* 0x00: null */
	gdt_entry 0, 0xFFFFF, GDT_CODE, GDT_FLAGS_32	/* 0x08 BOOT_CS */
	gdt_entry 0, 0xFFFFF, GDT_DATA, GDT_FLAGS_32	/* 0x10 BOOT_DS */
	gdt_entry 0, 0x0FFFF, GDT_CODE, GDT_FLAGS_16	/* 0x18 BOOT_CS16 */
	gdt_entry 0, 0x0FFFF, GDT_DATA, GDT_FLAGS_16	/* 0x20 BOOT_DS16 */
gdt_end:

	.balign	4
	.word	0			/* pad so the base is 4-aligned */
gdt_desc:
	.word	gdt_end - gdt - 1	/* limit: size - 1 */
	.long	gdt			/* linear base address */
