/**
 * @file
 * Reading options from the boot command line (core/cmdline.c).
 *
 * Options the kit understands:
 * - `ktest=lab0,lab3` or `ktest=all` (default) or `ktest=none`: which tests run
 * - `ktest.filter=GLOB[,GLOB]`: only ids matching a glob
 * - `ktest.from=ID`: skip the tests before ID (resume after a crash)
 * - `ktest.list`: print the selected ids and power off
 * - `crash=null|hlt|loop|triple|panic|bug|tamper`: a deliberate failure, to see how it is reported
 * - `memblock=debug`: print the early allocator's tables at boot
 * - `console=ttyS0`: printk leaves the screen alone (console=tty0 keeps it)
 */
#ifndef _KIT_CMDLINE_H
#define _KIT_CMDLINE_H

#include <linux/types.h>

/** The longest boot command line kept, terminating NUL included. */
#define COMMAND_LINE_SIZE 512

extern char boot_command_line[COMMAND_LINE_SIZE];

/**
 * cmdline_get() - Read the value of `key=value` from the command line.
 * @param key   option name, without the '='
 * @param buf   receives the value (cut to fit), may be NULL if @p size is 0
 * @param size  size of @p buf
 * @return true if the option is present (a bare `key` gives an empty value).
 */
bool cmdline_get(const char *key, char *buf, size_t size);
/**
 * cmdline_get_ulong() - The positive decimal value of `key=N`.
 * @param dflt  returned when the option is absent, empty, zero or not a number
 */
unsigned long cmdline_get_ulong(const char *key, unsigned long dflt);
/**
 * cmdline_next() - The value of the next `key=value` word, for options
 * that may be given more than once (Linux's `console=ttyS0 console=tty0`).
 * @param key    option name, without the '='
 * @param after  NULL for the first word, else the end of the previous
 *               value (the value returned plus its length)
 * @param len    receives the value's length (0 for a bare `key`)
 * @return the value (not NUL-terminated: it ends at a space), or NULL.
 */
const char *cmdline_next(const char *key, const char *after, size_t *len);
/** True if @p key is on the command line, with or without a value. */
bool cmdline_has(const char *key);

#endif /* _KIT_CMDLINE_H */
