/**
 * @file
 * A kernel setjmp/longjmp, so a test that expects a fault can resume.
 *
 * ktest arms a jump buffer, runs code that should fault, and the page-fault
 * handler longjmp()s back instead of oopsing.  A ring-0 trap does not switch
 * stacks, so the saved ESP is still valid: the trap frame and the handler's
 * frames above the test's frame are simply abandoned.
 *
 * struct jmp_buf layout: ebx, esi, edi, ebp, esp, eip (6 words).
 */
	.text
	.globl kernel_setjmp
kernel_setjmp:
	movl 4(%esp), %eax
	movl %ebx, 0(%eax)
	movl %esi, 4(%eax)
	movl %edi, 8(%eax)
	movl %ebp, 12(%eax)
	leal 4(%esp), %ecx		/* ESP as the caller will see it */
	movl %ecx, 16(%eax)
	movl (%esp), %ecx		/* return address */
	movl %ecx, 20(%eax)
	xorl %eax, %eax
	ret

	.globl kernel_longjmp
kernel_longjmp:
	movl 4(%esp), %edx
	movl 8(%esp), %eax
	testl %eax, %eax
	jnz 1f
	incl %eax			/* setjmp must not appear to return 0 */
1:	movl 0(%edx), %ebx
	movl 4(%edx), %esi
	movl 8(%edx), %edi
	movl 12(%edx), %ebp
	movl 16(%edx), %esp
	jmp *20(%edx)
