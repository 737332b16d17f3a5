/**
 * @file
 * The COM1 console: a 16550 UART at I/O port 0x3F8.
 *
 * Everything printk() prints goes out here, for people and as context
 * in the grader's reports, and then to the VGA screen (vga.c); test results go to a port of their own (COM2,
 * kernel/ktest/ktest_channel.c), which numbers its lines with
 * console_lines() so the two logs can be merged in order.
 *
 * Two details matter for not losing output:
 *  - the line control register must be set to 8 data bits (8N1), or Bochs
 *    truncates every byte to the 5-bit power-on default;
 *  - before powering off, serial_drain() waits for the transmitter to be
 *    completely empty (LSR bit 6), or the last bytes are lost.
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/vga.h>

#define COM1       0x3F8
#define UART_THR   0	/* transmit holding register */
#define UART_IER   1	/* interrupt enable */
#define UART_FCR   2	/* FIFO control */
#define UART_LCR   3	/* line control */
#define UART_MCR   4	/* modem control */
#define UART_LSR   5	/* line status */
#define UART_DLL   0	/* divisor latch, low byte (when LCR.DLAB = 1) */
#define UART_DLM   1	/* divisor latch, high byte */

#define LCR_8N1    0x03	/* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB   0x80	/* divisor latch access */
#define LSR_THRE   0x20	/* transmit holding register empty */
#define LSR_TEMT   0x40	/* transmitter completely empty */

void serial_init(void)
{
	outb(0x00, COM1 + UART_IER);		/* no interrupts: we poll */
	outb(LCR_DLAB, COM1 + UART_LCR);
	outb(1, COM1 + UART_DLL);		/* divisor 1: 115200 baud */
	outb(0, COM1 + UART_DLM);
	outb(LCR_8N1, COM1 + UART_LCR);
	outb(0x07, COM1 + UART_FCR);		/* enable and clear the FIFOs */
	outb(0x03, COM1 + UART_MCR);		/* DTR | RTS */
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb(c, COM1 + UART_THR);
}

/*
 * The last CONSOLE_TAIL_SIZE bytes written, so that a test can check what
 * the kernel printed (a segfault line, say): see ktest_console_has().
 */
#define CONSOLE_TAIL_SIZE 2048
static char console_tail_buf[CONSOLE_TAIL_SIZE];
static unsigned long console_total;
static unsigned long console_newlines;	/* whole lines written so far */

void console_write(const char *s, size_t len)
{
	const char *start = s;
	size_t n = len;

	while (len--) {
		console_tail_buf[console_total++ % CONSOLE_TAIL_SIZE] = *s;
		if (*s == '\n') {
			console_newlines++;
			serial_putc('\r');
		}
		serial_putc(*s++);
	}
	vga_write(start, n);
}

unsigned long console_written(void)
{
	return console_total;
}

unsigned long console_lines(void)
{
	return console_newlines;
}

size_t console_tail(unsigned long since, char *buf, size_t size)
{
	unsigned long from = since, n = 0;

	if (console_total - from > CONSOLE_TAIL_SIZE)
		from = console_total - CONSOLE_TAIL_SIZE;	/* older bytes are gone */
	while (from < console_total && n + 1 < size)
		buf[n++] = console_tail_buf[from++ % CONSOLE_TAIL_SIZE];
	buf[n] = '\0';
	return n;
}

/** Wait until every byte has left the UART. */
void serial_drain(void)
{
	while (!(inb(COM1 + UART_LSR) & LSR_TEMT))
		;
}
