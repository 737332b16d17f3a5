/**
 * @file
 * printf() for user programs: format with the kernel's own vsnprintf()
 * (kernel/lib/vsprintf.c, compiled into the user library unchanged) and
 * write the text to the console, fd 1.
 *
 * One printf() is one write() system call, so a line a program prints is
 * never cut in two by a line the kernel prints meanwhile.  A longer result
 * than PRINTF_BUF - 1 bytes is cut short; the return value is still the
 * full length, as vsnprintf() gives it.
 */
#include <user.h>

/* One console line with room to spare; it lives on the caller's stack. */
#define PRINTF_BUF 512

int printf(const char *fmt, ...)
{
	char buf[PRINTF_BUF];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	write(1, buf, strlen(buf));
	return n;
}
