/**
 * @file
 * Symbol lookup for oops backtraces (core/kallsyms.c).
 */
#ifndef _KIT_KALLSYMS_H
#define _KIT_KALLSYMS_H

#include <linux/types.h>
#include <linux/string.h>

/**
 * kallsyms_lookup() - Find the function containing a code address.
 * @param addr    a kernel text address
 * @param size    returns the function's size in bytes
 * @param offset  returns @p addr's offset into it
 * @return the function's name, or NULL outside kernel text.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);
/** The address of function @p name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);
/** printk(@p fmt, "name+0xoff/0xsize") for @p addr; @p fmt has one %s. */
void print_symbol(const char *fmt, unsigned long addr);

#endif /* _KIT_KALLSYMS_H */
