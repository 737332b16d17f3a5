/**
 * @file
 * The COM1 console: a 16550 UART at I/O port 0x3F8.
 *
 * Everything printk() prints goes out here; the grader reads it from the
 * emulator's serial log.  Two details matter for not losing output:
 *  - the line control register must be set to 8 data bits (8N1), or Bochs
 *    truncates every byte to the 5-bit power-on default;
 *  - before powering off, serial_drain() waits for the transmitter to be
 *    completely empty (LSR bit 6), or the last bytes are lost.
 */
#include <linux/kernel.h>
#include <asm/io.h>

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

void console_write(const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

/** Wait until every byte has left the UART. */
void serial_drain(void)
{
	while (!(inb(COM1 + UART_LSR) & LSR_TEMT))
		;
}
