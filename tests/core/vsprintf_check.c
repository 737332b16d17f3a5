/**
 * @file
 * The kernel's vsnprintf() (kernel/lib/vsprintf.c) against glibc's.
 *
 * glibc is the reference model: for every format the kernel supports,
 * both must write the same bytes and return the same length.  The grid:
 *
 * @verbatim
 *   %  [flags]      [width]          [length]   conversion   values
 *      subsets of   none, 1..20,     -, l, ll   d i u x X    0, 1, -1, INT_MIN/MAX,
 *      { - 0 # }    * with 0..20                c s %        LLONG_MIN, ULLONG_MAX, ...
 * @endverbatim
 *
 * Combinations C leaves undefined are left out of the comparison (the 0
 * flag with c, s, %; the # flag with d i u c s; anything between % and %),
 * and so are the kernel's own conventions, which are checked on their own:
 * %p is "0x" plus 2 * sizeof(void *) zero-padded hex digits whatever the
 * flags, and a NULL %s prints "(null)".  The kernel's functions are
 * kernel_vsnprintf/kernel_snprintf here (see sim/host_names.h); plain
 * snprintf in this file is glibc's.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include "sim/sim.h"

typedef int (*vsn_fn)(char *buf, size_t size, const char *fmt, va_list args);

static int call(vsn_fn fn, char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = fn(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* ---- the grid ------------------------------------------------------------ */

static const char convs[] = "diuxXcs%";
#define NR_CONVS 8

static const long long int_values[] = {
	0, 1, -1, 7, 42, -42, 255, 256, 4096, 65535, 0x7fff, 100000, -100000,
	INT_MIN, INT_MAX, (int)0xdeadbeef, 0xC0000000LL,
	LONG_MIN, LONG_MAX, LLONG_MIN, LLONG_MAX, 0x123456789abcdefLL,
	(long long)ULLONG_MAX, 0xFFFFF000LL, 1000000000000LL,
};

static const char *const str_values[] = {
	"", "a", "hello", "with space", "0123456789abcdefghijklmnopqrstuvwxyz",
};

static const int char_values[] = { 'a', 'Z', ' ', '~', '%', 0, 0xff };

/* One argument, as the conversion and length modifier want it. */
struct arg {
	char conv;
	int lng;		/* 0, 1 (l) or 2 (ll) */
	long long v;
	const char *s;
};

/* Format @a with @fn; @star passes @width first, for a '*'. */
static int format(vsn_fn fn, char *buf, size_t size, const char *fmt,
		  bool star, int width, const struct arg *a)
{
	bool sgn = a->conv == 'd' || a->conv == 'i';

#define CALL(val) (star ? call(fn, buf, size, fmt, width, val) \
			: call(fn, buf, size, fmt, val))
	switch (a->conv) {
	case 's':
		return CALL(a->s);
	case 'c':
		return CALL((int)a->v);
	case '%':
		return call(fn, buf, size, fmt);
	}
	if (a->lng == 2)
		return sgn ? CALL((long long)a->v) : CALL((unsigned long long)a->v);
	if (a->lng == 1)
		return sgn ? CALL((long)a->v) : CALL((unsigned long)a->v);
	return sgn ? CALL((int)a->v) : CALL((unsigned int)a->v);
#undef CALL
}

/* Does C define this combination of flags and conversion? */
static bool defined_in_c(const char *flags, char conv, bool has_width)
{
	bool numeric = strchr("diuxX", conv) != NULL;

	if (conv == '%')
		return !*flags && !has_width;
	if (strchr(flags, '0') && !numeric)
		return false;
	if (strchr(flags, '#') && conv != 'x' && conv != 'X')
		return false;
	return true;
}

/* What the grid found: how many formats, how many differed, the first one. */
struct grid_result {
	unsigned int compared;
	unsigned int mismatches;
	char first[200];
};

static void compare_one(vsn_fn fn, const char *fmt, bool star, int width,
			const struct arg *a, struct grid_result *r)
{
	char got[160], want[160];
	int n_got, n_want;

	memset(got, 0xAA, sizeof(got));
	memset(want, 0xAA, sizeof(want));
	n_got = format(fn, got, sizeof(got), fmt, star, width, a);
	n_want = format(vsnprintf, want, sizeof(want), fmt, star, width, a);
	r->compared++;
	if (n_got == n_want && n_want >= 0 && n_want < (int)sizeof(want) &&
	    !memcmp(got, want, n_want + 1))
		return;
	if (!r->mismatches++)
		snprintf(r->first, sizeof(r->first),
			 "fmt \"%s\" width %d value %lld: got %d \"%.60s\", want %d \"%.60s\"",
			 fmt, width, a->v, n_got, got, n_want, want);
}

/* Every value of conversion @a->conv through format @fmt. */
static void compare_values(vsn_fn fn, const char *fmt, bool star, int width,
			   struct arg *a, struct grid_result *r)
{
	size_t i;

	if (a->conv == 's') {
		for (i = 0; i < ARRAY_SIZE(str_values); i++) {
			a->s = str_values[i];
			compare_one(fn, fmt, star, width, a, r);
		}
	} else if (a->conv == 'c') {
		for (i = 0; i < ARRAY_SIZE(char_values); i++) {
			a->v = char_values[i];
			compare_one(fn, fmt, star, width, a, r);
		}
	} else if (a->conv == '%') {
		compare_one(fn, fmt, star, width, a, r);
	} else {
		for (i = 0; i < ARRAY_SIZE(int_values); i++) {
			a->v = int_values[i];
			compare_one(fn, fmt, star, width, a, r);
		}
	}
}

/* Flag sets: every subset of { - 0 # }, and one in another order. */
static const char *const flag_sets[] = {
	"", "-", "0", "#", "-0", "-#", "0#", "-0#", "#0-",
};
static const char *const lengths[] = { "", "l", "ll" };

/* Widths: index 0 is none, 1..20 literal, 21..41 is '*' with 0..20. */
#define NR_WIDTHS 42

static void build_fmt(char *fmt, size_t size, const char *flags, int w,
		      const char *lng, char conv)
{
	char width[8] = "";

	if (w >= 21)
		strcpy(width, "*");
	else if (w > 0)
		snprintf(width, sizeof(width), "%d", w);
	snprintf(fmt, size, "[%%%s%s%s%c]", flags, width, lng, conv);
}

static void run_grid(vsn_fn fn, char conv, struct grid_result *r)
{
	bool numeric = strchr("diuxX", conv) != NULL;
	size_t f, l;
	int w;
	char fmt[32];

	memset(r, 0, sizeof(*r));
	for (f = 0; f < ARRAY_SIZE(flag_sets); f++)
		for (w = 0; w < NR_WIDTHS; w++)
			for (l = 0; l < (numeric ? ARRAY_SIZE(lengths) : 1); l++) {
				struct arg a = { .conv = conv, .lng = (int)l };

				if (!defined_in_c(flag_sets[f], conv, w > 0))
					continue;
				build_fmt(fmt, sizeof(fmt), flag_sets[f], w,
					  lengths[l], conv);
				compare_values(fn, fmt, w >= 21, w - 21, &a, r);
			}
}

/*
 * How many formats the grid compares per conversion, so a grid that
 * quietly shrinks fails: flag sets C defines x 42 widths x lengths x values.
 * d i u: 4 sets (no #) x 42 x 3 x 25 = 12600; x X: 9 x 42 x 3 x 25 = 28350;
 * c: 2 sets (no 0, no #) x 42 x 7 = 588; s: 2 x 42 x 5 = 420; %%: just "%%".
 */
static const unsigned int grid_size[NR_CONVS] = {
	12600, 12600, 12600, 28350, 28350, 588, 420, 1,
};

START_TEST(test_grid_against_glibc)
{
	struct grid_result r;

	run_grid(kernel_vsnprintf, convs[_i], &r);
	ck_assert_msg(!r.mismatches, "%%%c: %u of %u formats differ; first: %s",
		      convs[_i], r.mismatches, r.compared, r.first);
	ck_assert_uint_eq(r.compared, grid_size[_i]);
}
END_TEST

/*
 * The deliberate fault: a formatter that forgets the # flag (a plausible
 * bug) must be caught by the grid, or the grid is not looking.
 */
static int forgets_alt_flag(char *buf, size_t size, const char *fmt, va_list args)
{
	char copy[64];
	size_t i, j = 0;

	for (i = 0; fmt[i] && j + 1 < sizeof(copy); i++)
		if (fmt[i] != '#')
			copy[j++] = fmt[i];
	copy[j] = '\0';
	return kernel_vsnprintf(buf, size, copy, args);
}

START_TEST(test_grid_catches_a_broken_formatter)
{
	struct grid_result r;

	run_grid(forgets_alt_flag, 'x', &r);
	ck_assert_uint_gt(r.mismatches, 0);
	ck_assert_msg(strchr(r.first, '#'), "first mismatch: %s", r.first);
	run_grid(forgets_alt_flag, 'd', &r);	/* no # there: no difference */
	ck_assert_uint_eq(r.mismatches, 0);
}
END_TEST

/* ---- several conversions in one format ----------------------------------- */

/* Both formatters on the same format and arguments: same text, same length. */
#define EXPECT_SAME(...) do {						\
	char __got[128], __want[128];					\
	int __n = call(kernel_vsnprintf, __got, sizeof(__got), __VA_ARGS__); \
									\
	ck_assert_int_eq(__n, snprintf(__want, sizeof(__want), __VA_ARGS__)); \
	ck_assert_str_eq(__got, __want);				\
} while (0)

START_TEST(test_mixed_formats)
{
	char buf[128];

	EXPECT_SAME("[%5d|%-5s|%#x|%c]", 42, "ab", 255, 'z');
	EXPECT_SAME("%s=%08llx (%u%%)", "cr3", 0x1000ULL, 100u);
	EXPECT_SAME("no conversions at all");
	EXPECT_SAME("%%%d%%", -7);
	EXPECT_SAME("%*d|%-*d|%0*x", 6, 1, 6, 2, 6, 0xab);
	EXPECT_SAME("Memory: %luk/%luk available (%uk kernel code)", 1031036UL,
		    1048512UL, 1234u);
	ck_assert_int_eq(kernel_snprintf(buf, sizeof(buf), " %s: %016llx - %016llx (%s)",
					 "BIOS-e820", 0x9f000ULL, 0x100000000ULL, "usable"), 56);
	ck_assert_str_eq(buf, " BIOS-e820: 000000000009f000 - 0000000100000000 (usable)");
}
END_TEST

/* ---- truncation ---------------------------------------------------------- */

/*
 * For each size from 0 to the full length + 2: the return value is always
 * the full length, the buffer holds the first size - 1 bytes and a NUL,
 * and nothing at or after buf[size] is touched.
 */
static void check_truncation(const char *fmt, long long v, const char *s)
{
	char full[128], got[128], want[128];
	int len = kernel_snprintf(full, sizeof(full), fmt, v, s);
	int size;

	ck_assert_int_eq(len, snprintf(want, sizeof(want), fmt, v, s));
	ck_assert_str_eq(full, want);
	for (size = 0; size <= len + 2; size++) {
		memset(got, 0xAA, sizeof(got));
		memset(want, 0xAA, sizeof(want));
		ck_assert_int_eq(kernel_snprintf(got, size, fmt, v, s), len);
		snprintf(want, size, fmt, v, s);
		ck_assert_msg(!memcmp(got, want, sizeof(got)),
			      "fmt \"%s\" size %d: \"%.*s\"", fmt, size, size, got);
		if (size)
			ck_assert_int_eq(got[min(len, size - 1)], '\0');
		ck_assert_int_eq((unsigned char)got[size], 0xAA);
	}
}

START_TEST(test_truncation)
{
	check_truncation("%lld:%s", -1234567, "tail");
	check_truncation("%016llx|%s", 0xdeadbeefULL, "");
	check_truncation("[%-12lld][%8s]", 42, "abc");
	check_truncation("%#llx%s", 0xfff, "!");
	check_truncation("%lld%%%s", 0, "x");
}
END_TEST

START_TEST(test_truncation_edges)
{
	char buf[8];

	/* Size 0: nothing written, not even the NUL; NULL is then allowed. */
	ck_assert_int_eq(kernel_snprintf(NULL, 0, "%s", "hello"), 5);
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(kernel_snprintf(buf, 0, "%d", 12345), 5);
	ck_assert_int_eq(buf[0], 'x');
	/* Size 1: only the NUL. */
	ck_assert_int_eq(kernel_snprintf(buf, 1, "%d", 12345), 5);
	ck_assert_str_eq(buf, "");
	/* One short: the last character is cut, the NUL kept. */
	ck_assert_int_eq(kernel_snprintf(buf, 5, "%d", 12345), 5);
	ck_assert_str_eq(buf, "1234");
	/* Exact: length + 1 bytes hold it all. */
	ck_assert_int_eq(kernel_snprintf(buf, 6, "%d", 12345), 5);
	ck_assert_str_eq(buf, "12345");
	ck_assert_int_eq(buf[6], 'x');
}
END_TEST

/* ---- the kernel's own conventions ---------------------------------------- */

/* "0x" and 2 * sizeof(void *) hex digits: 8 on i386, 16 on the host. */
static void expect_pointer(const char *fmt, const void *p)
{
	char got[64], want[64];
	int digits = 2 * (int)sizeof(void *);

	snprintf(want, sizeof(want), "0x%0*lx", digits, (unsigned long)p);
	ck_assert_int_eq(kernel_snprintf(got, sizeof(got), fmt, p), 2 + digits);
	ck_assert_str_eq(got, want);
}

START_TEST(test_pointer)
{
	int local;

	expect_pointer("%p", NULL);
	expect_pointer("%p", (void *)1);
	expect_pointer("%p", (void *)0xdeadbeefUL);
	expect_pointer("%p", (void *)~0UL);
	expect_pointer("%p", &local);
	/* A width or # does not change it. */
	expect_pointer("%30p", (void *)0xc0ffee);
	expect_pointer("%#p", (void *)0xc0ffee);
}
END_TEST

/* %-p: left-justified wins over the zero padding, as in Linux 2.6's number(). */
START_TEST(test_pointer_left_justified)
{
	char got[64], want[64];
	int digits = 2 * (int)sizeof(void *);

	snprintf(want, sizeof(want), "%-*s|", 2 + digits, "0xc0ffee");
	ck_assert_int_eq(call(kernel_vsnprintf, got, sizeof(got), "%-p|",
			      (void *)0xc0ffee), 3 + digits);
	ck_assert_str_eq(got, want);
}
END_TEST

START_TEST(test_pointer_in_text)
{
	char buf[64];

	kernel_snprintf(buf, sizeof(buf), "at %p!", (void *)0xabc);
	ck_assert_str_eq(buf, sizeof(void *) == 8 ? "at 0x0000000000000abc!"
						  : "at 0x00000abc!");
}
END_TEST

/* Formats gcc's -Wformat would reject go through call(), which it cannot see. */
static const char *kfmt(const char *fmt, ...)
{
	static char buf[64];
	va_list args;

	va_start(args, fmt);
	kernel_vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	return buf;
}

START_TEST(test_kernel_conventions)
{
	char buf[64];

	ck_assert_int_eq(call(kernel_vsnprintf, buf, sizeof(buf), "%s", (char *)NULL), 6);
	ck_assert_str_eq(buf, "(null)");
	ck_assert_str_eq(kfmt("[%8s]", (char *)NULL), "[  (null)]");
	/* The 0 flag pads numbers only; for %s and %c it is ignored. */
	ck_assert_str_eq(kfmt("[%05s][%03c]", "ab", 'z'), "[   ab][  z]");
	/* # is for hex only. */
	ck_assert_str_eq(kfmt("%#d %#u", 5, 6), "5 6");
	/* An unknown conversion is shown as written; a lone % at the end too. */
	ck_assert_int_eq(call(kernel_vsnprintf, buf, sizeof(buf), "%q%"), 3);
	ck_assert_str_eq(buf, "%q%");
	/* At most two l's: a third one is taken as an unknown conversion. */
	ck_assert_str_eq(kfmt("%lllx", 1ULL), "%lx");
	/* Width is not a precision: long strings are never cut. */
	ck_assert_str_eq(kfmt("[%3s]", "abcdef"), "[abcdef]");
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("vsprintf");
	TCase *tc;

	tc = tcase_create("grid");
	tcase_add_loop_test(tc, test_grid_against_glibc, 0, NR_CONVS);
	tcase_add_test(tc, test_grid_catches_a_broken_formatter);
	tcase_add_test(tc, test_mixed_formats);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_truncation_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel");
	tcase_add_test(tc, test_pointer);
	tcase_add_test(tc, test_pointer_left_justified);
	tcase_add_test(tc, test_pointer_in_text);
	tcase_add_test(tc, test_kernel_conventions);
	suite_add_tcase(s, tc);
	return s;
}
