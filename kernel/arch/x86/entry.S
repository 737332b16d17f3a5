/**
 * @file
 * Trap entry: one small stub per vector, one common path into C.
 *
 * Each stub makes the stack look the same whatever the vector: the CPU
 * pushes an error code only for some exceptions (8, 10-14, 17), so the other
 * stubs push a 0 in its place.  Then the stub pushes its vector number and
 * jumps to common_trap, which saves the rest of struct pt_regs (see
 * asm/ptrace.h), switches to the kernel data segments and calls
 * do_trap(regs).  Returning undoes it all and IRETs.
 */
#include <asm/segment.h>

/* Vectors for which the CPU pushes an error code itself. */
#define HAS_ERRCODE(n) ((n) == 8 || ((n) >= 10 && (n) <= 14) || (n) == 17)

	.text
.macro trap_stub n
	.align 8
trap_stub_\n:
	.if !HAS_ERRCODE(\n)
	pushl $0
	.endif
	pushl $\n
	jmp common_trap
.endm

	.globl trap_stubs_start
trap_stubs_start:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	trap_stub \n
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	trap_stub \n
.endr
	trap_stub 128

	/* The table idt.c walks: the address of every stub, by vector. */
	.section .rodata
	.align 4
	.globl trap_stub_table
trap_stub_table:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long trap_stub_\n
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long trap_stub_\n
.endr
	.long trap_stub_128

	.text
common_trap:
	pushl %gs
	pushl %fs
	pushl %es
	pushl %ds
	pushl %eax
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %edx
	pushl %ecx
	pushl %ebx
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl %esp			/* struct pt_regs * */
	call do_trap
	addl $4, %esp
	.globl ret_from_trap
ret_from_trap:
	popl %ebx
	popl %ecx
	popl %edx
	popl %esi
	popl %edi
	popl %ebp
	popl %eax
	popl %ds
	popl %es
	popl %fs
	popl %gs
	addl $8, %esp			/* vector and error code */
	iret
