/**
 * @file
 * copy_to_user(), copy_from_user() and the exception table they rely on.
 *
 * See linux/uaccess.h for the idea.  The copy is a single `rep movsb`:
 * after a fault that do_page_fault() resolves, the CPU restarts it with
 * ECX, ESI and EDI where the fault left them, so the copy simply goes on;
 * after a fault nothing can resolve, fixup_exception() moves EIP past it
 * and ECX still holds the bytes left, which is what the caller returns.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

/* The one copy loop with a fixup: returns the bytes it could not copy. */
static unsigned long __copy_user(void *to, const void *from, unsigned long n)
{
	__asm__ __volatile__(
		"1:	rep movsb\n"
		"2:\n"
		"	.section __ex_table, \"a\"\n"
		"	.balign 4\n"
		"	.long 1b, 2b\n"
		"	.previous\n"
		: "+c"(n), "+D"(to), "+S"(from)
		:
		: "memory");
	return n;
}

unsigned long copy_to_user(void *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __copy_user(to, from, n);
}

unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n))
		left = n;
	else
		left = __copy_user(to, from, n);
	/* Linux zeroes what it could not copy: no stale kernel bytes leak. */
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e;
	return NULL;
}

int fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->eip);

	if (!e)
		return 0;
	regs->eip = e->fixup;
	return 1;
}
