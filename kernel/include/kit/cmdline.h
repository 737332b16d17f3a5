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
/** True if @p key is on the command line, with or without a value. */
bool cmdline_has(const char *key);

#endif /* _KIT_CMDLINE_H */
