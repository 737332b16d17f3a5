/**
 * @file stage2_bios.S
 * @brief bios_int(): call a real-mode BIOS service from 32-bit C.
 *
 * BIOS services are real-mode code reached through the interrupt vector
 * table (IVT) at physical address 0: vector n is a far pointer
 * (offset:segment, 2 + 2 bytes) at n * 4.  To call one from protected
 * mode we leave protected mode, call it, and come back:
 *
 * @verbatim
 *   32-bit PM  --ljmp BOOT_CS16-->  16-bit PM  --CR0.PE = 0, ljmp 0:-->
 *   real mode: load registers from *regs, call the vector, store them back
 *   real mode  --CR0.PE = 1, ljmp BOOT_CS-->  32-bit PM, return to C
 * @endverbatim
 *
 * The 16-bit protected-mode step matters: a CPU keeps each segment's
 * limit and size in a hidden cache, and clearing PE does not reset it.
 * Loading BOOT_CS16/BOOT_DS16 first leaves real-mode-sized 64 KiB, 16-bit
 * segments behind.  (Skipping it for DS/ES gives "unreal mode", a trick
 * this loader does not need.)
 *
 * Registers travel through struct biosregs (stage2.h), laid out in the
 * order POPAL / POPW / POPFL expect, so that copying it onto the stack
 * and popping loads every register at once:
 *
 * @verbatim
 *   +0   edi esi ebp (esp) ebx edx ecx eax    PUSHAL/POPAL order
 *   +32  ds  es                               16 bits each
 *   +36  eflags                               output: CF = error
 *   +40
 * @endverbatim
 *
 * The "int n" instruction is emulated as PUSHF; CLI; far CALL through the
 * IVT entry -- the same three things "int" does -- so one routine serves
 * every vector without self-modifying code.  All pointers handed to the
 * BIOS must be real-mode seg:offset pairs, so they must lie below 1 MiB
 * (the stack at 0x7C00 and the bounce buffer do).
 */
#include "boot.h"

#define BIOSREGS_SIZE	40

	.text
	.code32
	.globl	bios_int
/**
 * bios_int() - Run BIOS interrupt @vec with the registers in @regs.
 * @param vec   interrupt vector (0x10 video, 0x13 disk, 0x15 system...).
 * @param regs  input registers; overwritten with the output registers.
 *              Must lie below 64 KiB (on the stack or in .bss): real
 *              mode reaches it through a 16-bit offset from segment 0.
 * @context Stage 2 only; interrupts are enabled during the call.
 */
bios_int:
	pushl	%ebp			/* callee-saved registers of the C ABI */
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movzbl	20(%esp), %eax		/* vec (a u8: upper bytes undefined) */
	movl	(,%eax,4), %eax		/* IVT[vec]: offset | segment << 16 */
	movl	%eax, bios_vector
	movl	24(%esp), %eax		/* regs */
	movw	%ax, bios_regs		/* a stack address: below 64 KiB */
	ljmp	$BOOT_CS16, $pm16

	.code16
pm16:
	movw	$BOOT_DS16, %ax		/* 64 KiB, 16-bit hidden limits */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	%cr0, %eax
	andl	$~CR0_PE, %eax
	movl	%eax, %cr0
	ljmp	$0, $real_mode		/* CS = 0: a real-mode segment again */

real_mode:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss		/* same stack: SS base 0, SP = ESP */
	lidt	real_idt		/* the IVT, in case it was moved */

	/* Copy *regs onto the stack and pop it into the registers. */
	subw	$BIOSREGS_SIZE, %sp
	movw	bios_regs, %si
	movw	%sp, %di
	movw	$BIOSREGS_SIZE / 2, %cx
	rep movsw
	popal
	popw	%ds
	popw	%es
	popfl
	sti				/* the BIOS may wait for timer ticks */

	pushfw				/* "int": flags, then CS:IP ... */
	cli				/* ... with interrupts off on entry */
	lcallw	*%cs:bios_vector

	/* Push every output register and copy them back into *regs. */
	pushfl
	cli
	pushw	%es
	pushw	%ds
	pushal
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	cld
	movw	%sp, %si
	movw	bios_regs, %di
	movw	$BIOSREGS_SIZE / 2, %cx
	rep movsw
	addw	$BIOSREGS_SIZE, %sp

	/* Back to 32-bit protected mode (the BIOS may have changed GDTR). */
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$BOOT_CS, $pm32

	.code32
pm32:
	movw	$BOOT_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movzwl	%sp, %esp		/* a BIOS may leave junk in ESP[31:16] */
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.data
	.balign	4
bios_vector:
	.long	0			/* far pointer: offset, segment */
bios_regs:
	.word	0			/* the caller's struct biosregs */
	.balign	4
	.word	0
real_idt:
	.word	0x3FF			/* 256 vectors x 4 bytes - 1 */
	.long	0			/* at physical address 0 */
