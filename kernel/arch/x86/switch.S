/**
 * @file
 * __switch_to_asm(): the context switch, from one kernel thread's stack to
 * another's.
 *
 * A switched-out thread is nothing but its stack: the C code above it
 * (schedule()) keeps everything it needs in callee-saved registers or in
 * its own frame, so saving the registers the i386 calling convention says
 * a callee must preserve (EBX, ESI, EDI, EBP), plus EFLAGS, and then the
 * stack pointer itself, is the whole thread state.  EAX, ECX and EDX are
 * the caller's to save, and schedule() has nothing live in them.
 *
 * @verbatim
 *   prev's stack (being left)          next's stack (being resumed)
 *   +--------------------+             +--------------------+
 *   | schedule()'s frame |             | schedule()'s frame |  or, first time,
 *   | &prev->esp, next   |  args       |        ...         |  0 and kthread_entry
 *   | return address     |             | return address  <--- ret goes here
 *   | EFLAGS             |  pushfl     | EFLAGS             |  popfl
 *   | EBP                |             | EBP                |
 *   | EBX                |             | EBX                |
 *   | ESI                |             | ESI                |
 *   | EDI                | <- ESP      | EDI                | <- next->esp
 *   +--------------------+    saved in +--------------------+    loaded into ESP
 *                            prev->esp
 * @endverbatim
 *
 * A new thread's stack is built by kthread_create() to look exactly like
 * the right-hand one, with kthread_entry() as the return address: its
 * first "return" from __switch_to_asm() starts it.
 */
	.text
	.globl __switch_to_asm
/* void __switch_to_asm(unsigned long *prev_esp, unsigned long next_esp) */
__switch_to_asm:
	movl 4(%esp), %eax		/* &prev->esp */
	movl 8(%esp), %edx		/* next->esp */
	pushfl
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)		/* prev is now frozen */
	movl %edx, %esp			/* from here on we run on next's stack */
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	popfl
	ret
