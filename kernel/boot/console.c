/**
 * @file console.c
 * @brief boot_panic(): report a fatal boot error on screen and COM1, halt.
 *
 * This is the only output stage 2 ever makes.  A successful boot must not
 * write a byte to COM1: the kernel's serial output is graded line by line.
 * Messages start with "boot: " so a reader of the serial log can tell the
 * loader's complaint from the kernel's first words.
 *
 * The screen is written through the BIOS teletype call (int 10h AH=0Eh,
 * one character per call, "\n" needs an explicit "\r" first); COM1 by
 * programming the 16550 UART directly: it works from protected mode.
 * The format language is a tiny subset of printf: %s, %u, %x (always 8
 * hex digits, 0x-prefixed by the caller) and %%.
 */
#include <stdarg.h>
#include "stage2.h"

#define COM1		0x3F8
#define UART_LCR	3	/* line control: bit 7 exposes the divisor */
#define UART_LSR	5	/* line status */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */

/* 115200 baud (divisor 1), 8 data bits, no parity, 1 stop bit. */
static void serial_init(void)
{
	outb(COM1 + UART_LCR, 0x80);
	outb(COM1 + 0, 1);
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, 0x03);
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1, c);
}

static void screen_putc(char c)
{
	struct biosregs r = { 0 };

	r.eax = 0x0E00 | (u8)c;		/* AH = 0Eh teletype, AL = char */
	r.ebx = 0x0007;			/* page 0, light grey */
	bios_int(0x10, &r);
}

static void put_char(char c)
{
	if (c == '\n')
		screen_putc('\r');
	screen_putc(c);
	serial_putc(c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

/* Print @v in @base (10 or 16); hex always gets 8 digits. */
static void put_num(u32 v, u32 base)
{
	char buf[11];
	int i = sizeof(buf) - 1;
	int min_digits = base == 16 ? 8 : 1;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v || (int)sizeof(buf) - 1 - i < min_digits);
	put_str(&buf[i]);
}

static void put_fmt(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%' || !fmt[1]) {
			put_char(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's':
			put_str(va_arg(ap, const char *));
			break;
		case 'u':
			put_num(va_arg(ap, u32), 10);
			break;
		case 'x':
			put_num(va_arg(ap, u32), 16);
			break;
		default:
			put_char(*fmt);
			break;
		}
	}
}

/**
 * boot_panic() - Print "boot: " and the message on screen and COM1, halt.
 * @param fmt  message format (%s %u %x %%), no trailing newline needed.
 * @context Stage 2; never returns.
 */
void boot_panic(const char *fmt, ...)
{
	va_list ap;

	serial_init();
	put_str("boot: ");
	va_start(ap, fmt);
	put_fmt(fmt, ap);
	va_end(ap);
	put_char('\n');
	for (;;)
		asm volatile("cli; hlt");
}
