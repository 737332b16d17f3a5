/**
 * @file
 * Reaching user memory from the kernel: copy_to_user(), copy_from_user().
 *
 * A system call gets pointers from user space, and the kernel cannot trust
 * them: the address may be in no VMA at all, or point into the kernel.  So
 * the kernel never dereferences one directly.  It checks the range is below
 * TASK_SIZE (access_ok()), then copies with one instruction, `rep movsb`,
 * whose address is listed in the exception table:
 *
 * @verbatim
 *   __ex_table:  { insn = the rep movsb,  fixup = the instruction after it }
 *
 *   copy touches a page not yet mapped     -> do_page_fault finds the VMA,
 *                                             maps the page, the copy goes on
 *   copy touches an address in no VMA      -> do_page_fault: bad area, kernel
 *                                             mode -> fixup_exception() finds
 *                                             the insn in __ex_table, sets EIP
 *                                             to fixup: the copy stops early
 * @endverbatim
 *
 * So a bad pointer costs the caller -EFAULT, never an oops.  The same
 * mechanism, on the same table, is Linux's.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <asm/page.h>

struct pt_regs;

/** True if [addr, addr + size) lies below TASK_SIZE (and does not wrap). */
static inline bool access_ok(const void *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return a + size >= a && a + size <= TASK_SIZE;
}

/**
 * copy_to_user() - Copy @p n bytes from kernel @p from to user @p to.
 * @return the number of bytes NOT copied: 0 on success.
 * @context Process context; may fault (and so allocate) on the user side.
 */
unsigned long copy_to_user(void *to, const void *from, unsigned long n);

/** copy_from_user() - The other way; returns the bytes not copied. */
unsigned long copy_from_user(void *to, const void *from, unsigned long n);

/** An exception-table entry: a faulting instruction and where to resume. */
struct exception_table_entry {
	unsigned long insn;	/**< address of the instruction that may fault */
	unsigned long fixup;	/**< where to go instead */
};

/** The entry for @p addr, or NULL (linear search: the table is tiny). */
const struct exception_table_entry *search_exception_tables(unsigned long addr);

/**
 * fixup_exception() - If the kernel-mode fault in @p regs happened on an
 * instruction listed in the exception table, point regs->eip at its fixup
 * and return 1: returning from the fault resumes there.  Else 0.
 */
int fixup_exception(struct pt_regs *regs);

#endif /* _LINUX_UACCESS_H */
