/*
 * start.S - where a user program begins: _start calls main(), then exit().
 *
 * The kernel enters ring 3 here with ESP at the top of the program's
 * stack, 16-byte aligned, and nothing pushed: no argc, argv or environment
 * (the kit has no command lines).  _start still passes argc 0, argv NULL
 * and envp NULL, as a C main() may read them, and keeps the i386 ABI's rule
 * that ESP is a multiple of 16 at every call:
 *
 *   ESP = S            (S % 16 == 0, as the kernel left it)
 *   sub $4; push x3    ESP = S - 16: envp, argv, argc = 0, NULL, NULL
 *   call main          ESP % 16 == 0 at the call, as the ABI wants
 *
 * EBP is cleared so a backtrace through the frame-pointer chain stops here.
 * The starting ESP is kept in user_stack_top (user.h), a word of .data:
 * stack_grow measures from it, and it gives every program a non-empty
 * data segment, so the loader always sees the two PT_LOADs of user.ld.
 * The section .text.entry is placed first by user.ld, so _start is the
 * first byte of the text segment, 0x08048000, whatever the link order.
 */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movl	%esp, user_stack_top
	subl	$4, %esp
	pushl	$0			/* envp */
	pushl	$0			/* argv */
	pushl	$0			/* argc */
	call	main
	movl	%eax, (%esp)		/* main's return value is the status */
	call	exit
1:	hlt				/* exit() does not return; if it did, */
	jmp	1b			/* hlt in ring 3 faults (#GP) loudly */
	.size _start, . - _start

	.data
	.balign 4
	.globl user_stack_top
	.type user_stack_top, @object
user_stack_top:
	.long	0
	.size user_stack_top, 4

	.section .note.GNU-stack, "", @progbits
