/**
 * @file
 * Port I/O: the in/out instructions, for the UART, PIC, PIT and power-off.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/types.h>

/** Write byte @p v to I/O port @p port. */
static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

/** Write 16-bit @p v to I/O port @p port. */
static inline void outw(u16 v, u16 port)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

/** Read a byte from I/O port @p port. */
static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif /* _ASM_IO_H */
