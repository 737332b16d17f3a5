/**
 * @file
 * The host console: printk() output captured for the tests to read.
 *
 * kernel/core/printk.c formats a message and calls console_write(), which
 * in the kernel drives COM1 (arch/x86/serial.c).  Here it appends to a
 * growing buffer instead, so a test can check the exact text the kernel
 * would have printed:
 *
 * @code
 *	sim_console_clear();
 *	e820_print_map("BIOS-e820");
 *	ck_assert(sim_console_contains(" BIOS-e820: 0000000000000000 - ..."));
 * @endcode
 *
 * With SIM_VERBOSE=1 in the environment every write also goes to stderr,
 * to watch a test's kernel log live.  Invariant: text[len] == '\0'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include "sim.h"

static char *text;
static size_t len, cap;

static bool verbose(void)
{
	const char *v = getenv("SIM_VERBOSE");

	return v && *v && strcmp(v, "0");
}

/* Make room for @more bytes and the NUL; abort if the host is out of memory. */
static void grow(size_t more)
{
	if (len + more + 1 <= cap)
		return;
	while (len + more + 1 > cap)
		cap = cap ? 2 * cap : 4096;
	text = realloc(text, cap);
	if (!text)
		abort();
}

void console_write(const char *s, size_t n)
{
	grow(n);
	memcpy(text + len, s, n);
	len += n;
	text[len] = '\0';
	if (verbose())
		fwrite(s, 1, n, stderr);
}

/*
 * The harness's own channel (kernel/ktest/ktest_channel.c drives COM2 in
 * the kernel): on the host, its lines join the console capture, so the
 * tests read the exact TAP text the harness would send.
 */
void ktest_write(const char *s, size_t n)
{
	console_write(s, n);
}

const char *sim_console_text(void)
{
	return text ? text : "";
}

void sim_console_clear(void)
{
	len = 0;
	if (text)
		text[0] = '\0';
}

bool sim_console_contains(const char *needle)
{
	return strstr(sim_console_text(), needle) != NULL;
}
