/*
 * syscall_entry.S - __syscall(): trap into the kernel with int $0x80.
 *
 * Linux i386's convention: the number in EAX, the arguments in EBX, ECX,
 * EDX, ESI, EDI and EBP, the result in EAX.  Four of those registers are
 * callee-saved in the C calling convention (EBX, ESI, EDI, EBP), so they
 * are saved here and the stub is written in assembly: C inline assembly
 * cannot hand EBP to the kernel while EBP is the frame pointer.
 *
 *   long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 *
 * After the four pushes the arguments sit at 20(%esp) (nr) up to 44(%esp)
 * (a6): 4 bytes of return address plus 16 of saved registers.  Every call
 * passes all six; the kernel reads only as many as the call takes.
 */
	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax		/* nr */
	movl	24(%esp), %ebx		/* a1 */
	movl	28(%esp), %ecx		/* a2 */
	movl	32(%esp), %edx		/* a3 */
	movl	36(%esp), %esi		/* a4 */
	movl	40(%esp), %edi		/* a5 */
	movl	44(%esp), %ebp		/* a6 */
	int	$0x80
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size __syscall, . - __syscall

	.section .note.GNU-stack, "", @progbits
