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
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif

size_t strlcpy(char *dst, const char *src, size_t size);
bool glob_match(const char *pat, const char *str);

#endif /* _LINUX_STRING_H */
