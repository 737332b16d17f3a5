/**
 * @file
 * memset, memcpy and friends for the freestanding kernel.
 *
 * Deliberately simple byte loops, plus `rep` string instructions for the
 * two that move the most data.  Those two go four bytes at a time, then
 * the odd bytes, as Linux's i386 versions do: an emulator counts every
 * repetition as an instruction, and zeroing mem_map at boot (8 MiB at
 * 1 GiB) is millions of them.  The host build uses the C library's.
 */
#include <linux/string.h>

void *memset(void *s, int c, size_t n)
{
	unsigned long fill = (unsigned char)c * 0x01010101UL;
	size_t words = n / 4;
	void *d = s;

	__asm__ __volatile__("rep stosl\n\t"
			     "mov %[rest], %%ecx\n\t"
			     "rep stosb"
			     : "+D"(d), "+c"(words)
			     : "a"(fill), [rest] "rm"(n % 4)
			     : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	size_t words = n / 4;
	void *d = dst;

	__asm__ __volatile__("rep movsl\n\t"
			     "mov %[rest], %%ecx\n\t"
			     "rep movsb"
			     : "+D"(d), "+S"(src), "+c"(words)
			     : [rest] "rm"(n % 4)
			     : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)		/* overlapping, destination above: copy backwards */
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}
