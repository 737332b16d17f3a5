/**
 * @file
 * printk() and the formatting functions behind it.
 *
 * Formats: %d %i %u %x %X %p %s %c %%, with a field width, the 0 flag,
 * the - flag, and the l / ll length modifiers.  %p prints eight hex digits
 * with a 0x prefix on i386, like a 2.6 kernel's dmesg.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>

/** Format into @p buf, at most @p size bytes with the NUL; returns the length it wanted (C99's rule). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
/** vsnprintf() with the arguments inline. */
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/** Format a message and write it to the console at once (no log buffer, no levels). */
int printk(const char *fmt, ...) __printf(1, 2);
/** printk() with a va_list. */
int vprintk(const char *fmt, va_list args);

/** Where printk() output goes: the serial console in the kernel, a buffer on the host. */
void console_write(const char *s, size_t len);
/** Bytes written to the console since boot (a mark for console_tail()). */
unsigned long console_written(void);
/**
 * Copy what the console printed since mark @p since (at most its last
 * 2 KiB) into @p buf, NUL-terminated; returns the length.  For tests.
 */
size_t console_tail(unsigned long since, char *buf, size_t size);

#define pr_info(...)  printk(__VA_ARGS__)
#define pr_err(...)   printk(__VA_ARGS__)

#endif /* _LINUX_PRINTK_H */
