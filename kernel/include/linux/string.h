/**
 * @file
 * The few string and memory functions the kernel needs (kernel/lib/string.c).
 *
 * The host build takes these from the C library instead.
 */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>

#ifdef __HOST_SIM__
#include <string.h>
#else
/** Fill @p n bytes at @p s with byte @p c; returns @p s. */
void *memset(void *s, int c, size_t n);
/** Copy @p n bytes; the areas must not overlap. */
void *memcpy(void *dst, const void *src, size_t n);
/** Copy @p n bytes; the areas may overlap. */
void *memmove(void *dst, const void *src, size_t n);
/** Compare @p n bytes: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/** Length of @p s, without its NUL. */
size_t strlen(const char *s);
/** Length of @p s, at most @p max. */
size_t strnlen(const char *s, size_t max);
/** Compare two strings: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/** Compare at most @p n characters. */
int strncmp(const char *a, const char *b, size_t n);
/** The first @p c in @p s, or NULL. */
char *strchr(const char *s, int c);
#endif

/** Copy @p src into @p dst of @p size bytes, always NUL-terminated; returns strlen(@p src). */
size_t strlcpy(char *dst, const char *src, size_t size);
/** True if @p str matches @p pat, where * is any run of characters (ktest.filter). */
bool glob_match(const char *pat, const char *str);

#endif /* _LINUX_STRING_H */
