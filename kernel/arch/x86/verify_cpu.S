/**
 * @file
 * verify_cpu: stop on a CPU the kernel cannot run on, with one clear line.
 *
 * The kernel and its programs are built with -march=i586 and head.S turns
 * on 4 MiB pages (CR4.PSE), so a 486, or a 586 without PSE, would die on
 * its first such instruction in a silent triple fault.  head.S calls this
 * first, in 32-bit protected mode with paging off, whichever loader
 * started it (ours, GRUB, QEMU's -kernel); so this file uses 386
 * instructions only, and physical addresses (phys()).
 *
 * How old is the CPU?  As Linux's boot code asks it:
 *
 * @verbatim
 *   EFLAGS.AC (bit 18) cannot be flipped   -> a 386
 *   EFLAGS.ID (bit 21) cannot be flipped   -> no CPUID: an early 486
 *   CPUID leaf 1, EAX bits 8-11            -> the family: 4, 5, 6 or 15
 *   CPUID leaf 1, EDX                      -> the feature bits
 * @endverbatim
 *
 * On a CPU below the minimum (asm/cpufeature.h) one line, in Linux's
 * words, goes to COM1 and to the VGA text screen, and the CPU halts:
 *
 * @verbatim
 *   This kernel requires an i586 CPU, but only detected an i486 CPU. Unable to boot.
 *   This kernel requires the following features not present on the CPU: pse. Unable to boot.
 * @endverbatim
 *
 * Otherwise it saves CPUID leaf 1's EDX in x86_capability, for
 * boot_cpu_has(), and returns.
 */
#include <asm/page.h>
#include <asm/cpufeature.h>

#define X86_EFLAGS_AC	0x00040000
#define X86_EFLAGS_ID	0x00200000
#define COM1		0x3F8
#define UART_LSR_THRE	0x20		/* line status: ready for a byte */
#define VGA_TEXT	0xB8000		/* 80 x 25 cells of (char, colour) */
#define VGA_BLANK	0x0720		/* a space, light grey on black */
#define phys(sym)	((sym) - __PAGE_OFFSET)

	.section .text.head, "ax"
	.globl verify_cpu
/* Needs a stack; clobbers EAX, ECX, EDX.  Returns only on a good CPU. */
verify_cpu:
	movl $X86_EFLAGS_AC, %eax
	call flip_eflags
	movb $'3', %dl
	jz too_old
	movl $X86_EFLAGS_ID, %eax
	call flip_eflags
	movb $'4', %dl
	jz too_old
	pushl %ebx			/* CPUID writes EBX: the caller's */
	xorl %eax, %eax
	cpuid				/* leaf 0: EAX = the highest leaf */
	testl %eax, %eax
	movb $'4', %dl			/* CPUID without leaf 1: a 486 */
	jz too_old
	movl $1, %eax
	cpuid
	popl %ebx
	shrl $8, %eax
	andl $0xF, %eax			/* the family */
	cmpl $X86_MIN_FAMILY, %eax
	jae 1f
	movb %al, %dl
	addb $'0', %dl
	jmp too_old
1:	movl %edx, phys(x86_capability)
	andl $X86_REQUIRED_FEATURES, %edx
	cmpl $X86_REQUIRED_FEATURES, %edx
	jne no_pse			/* PSE is the only required feature */
	ret

/*
 * Flip the EFLAGS bit in EAX, read EFLAGS back, put the old value back.
 * ZF set: the bit did not move, the CPU does not have it.
 */
flip_eflags:
	pushfl
	popl %ecx
	xorl %ecx, %eax
	pushl %eax
	popfl
	pushfl
	popl %eax
	pushl %ecx
	popfl
	xorl %ecx, %eax			/* only the flipped bit can differ */
	ret

too_old:
	movb %dl, phys(detected_family)
	movl $phys(msg_family), %esi
	jmp halt_with

no_pse:
	movl $phys(msg_features), %esi
	/* fall through */

/* Print the string at ESI on COM1 (115200 8N1) and the screen; halt. */
halt_with:
	movw $COM1 + 3, %dx
	movb $0x80, %al			/* LCR: divisor latch access */
	outb %al, %dx
	movw $COM1, %dx
	movb $1, %al			/* divisor 1: 115200 baud */
	outb %al, %dx
	incw %dx
	xorb %al, %al
	outb %al, %dx
	movw $COM1 + 3, %dx
	movb $0x03, %al			/* 8 data bits, no parity, 1 stop */
	outb %al, %dx

	movl $VGA_TEXT, %edi		/* a blank screen ... */
	movl $80 * 25, %ecx
	movw $VGA_BLANK, %ax
	rep stosw
	movl $VGA_TEXT + 2 * 80 * 23, %edi	/* ... the line from row 23 on */
2:	lodsb
	testb %al, %al
	jz 4f
	movb $0x07, %ah
	stosw
	movb %al, %ah
	movw $COM1 + 5, %dx
3:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 3b
	movb %ah, %al
	movw $COM1, %dx
	outb %al, %dx
	jmp 2b
4:	movw $COM1 + 5, %dx
5:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 5b
	movb $'\n', %al
	movw $COM1, %dx
	outb %al, %dx
6:	cli
	hlt
	jmp 6b

	.data
	.globl x86_capability
x86_capability:
	.long 0
msg_family:
	.ascii "This kernel requires an i586 CPU, but only detected an i"
detected_family:
	.asciz "?86 CPU. Unable to boot."
msg_features:
	.asciz "This kernel requires the following features not present on the CPU: pse. Unable to boot."
