/**
 * @file string.c
 * @brief memcpy, memset and strlen for stage 2.
 *
 * Even with -ffreestanding gcc may emit calls to memcpy and memset (for a
 * struct copy, or a zeroed struct), so a freestanding program must provide
 * them.  The kernel's segments and .bss can be megabytes, and emulators
 * are slow per instruction, so the copies use the x86 string instructions:
 * "rep movsl" moves ECX 4-byte words from [ESI] to [EDI], then "rep movsb"
 * moves the 0..3 bytes left.  Example: n = 10 -> 2 words, then 2 bytes.
 * The direction flag is clear (the C ABI guarantees it), so they count up.
 */
#include "stage2.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	u32 words = n >> 2, bytes = n & 3;

	asm volatile("rep movsl\n\t"
		     "movl %3, %%ecx\n\t"
		     "rep movsb"
		     : "+D"(d), "+S"(src), "+c"(words)
		     : "r"(bytes)
		     : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	u32 words = n >> 2, bytes = n & 3;
	u32 pattern = 0x01010101u * (u8)c;	/* 0xAB -> 0xABABABAB */

	asm volatile("rep stosl\n\t"
		     "movl %3, %%ecx\n\t"
		     "rep stosb"
		     : "+D"(d), "+c"(words)
		     : "a"(pattern), "r"(bytes)
		     : "memory");
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
