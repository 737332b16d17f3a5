/**
 * @file
 * In-kernel tests of vsnprintf(): the formats the boot log and oopses use.
 *
 * The host suite (tests/core/vsprintf_check.c) compares thousands of
 * formats with the C library; these few make sure the i386 build (32-bit
 * long, no libc) formats the same.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/ktest.h>

/* Format into a buffer and compare with the expected text. */
#define EXPECT_FMT(t, want, ...) ({					\
	char __buf[64];							\
	snprintf(__buf, sizeof(__buf), __VA_ARGS__);			\
	if (strcmp(__buf, want))					\
		ktest_fail(t, __FILE__, __LINE__, #__VA_ARGS__, want, __buf); \
})

KTEST(core, printk, integers)
{
	EXPECT_FMT(t, "-42 42 4294967295", "%d %i %u", -42, 42, 0xffffffffu);
	EXPECT_FMT(t, "beef BEEF 0xbeef", "%x %X %#x", 0xbeef, 0xbeef, 0xbeef);
	EXPECT_FMT(t, "-2147483648", "%d", (int)0x80000000);
}

KTEST(core, printk, width_and_padding)
{
	EXPECT_FMT(t, "0000beef", "%08x", 0xbeef);
	EXPECT_FMT(t, "    42|42    |", "%6d|%-6d|", 42, 42);
	EXPECT_FMT(t, "-0042", "%05d", -42);
	EXPECT_FMT(t, "   ab", "%*s", 5, "ab");
}

KTEST(core, printk, long_long)
{
	EXPECT_FMT(t, "000000003fff0000", "%016llx", 0x3fff0000ULL);
	EXPECT_FMT(t, "18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT(t, "-9223372036854775808", "%lld", (long long)(1ULL << 63));
	EXPECT_FMT(t, "4294967295", "%lu", 0xffffffffUL);
}

KTEST(core, printk, strings_chars_pointers)
{
	const char *volatile null_str = NULL;	/* hidden from gcc's format check */

	EXPECT_FMT(t, "x=[hi] c=Z %", "x=[%s] c=%c %%", "hi", 'Z');
	EXPECT_FMT(t, "(null)", "%s", null_str);
	EXPECT_FMT(t, "0xc0100000", "%p", (void *)0xc0100000);
}

KTEST(core, printk, truncation)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	KTEST_EXPECT_EQ(t, n, 10);		/* the length it wanted */
	KTEST_EXPECT(t, !strcmp(buf, "0123456"));	/* what fit, terminated */
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%d", 12345), 5);
}
