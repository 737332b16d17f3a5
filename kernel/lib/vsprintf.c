/**
 * @file
 * vsnprintf(): the formatting engine behind printk().
 *
 * A conversion is `%[flags][width][length]type`:
 *
 * @verbatim
 *   flags   0  pad with zeroes instead of spaces     "%08x"  -> 0000beef
 *           -  left-justify within the width         "%-6s|" -> "ab    |"
 *           #  0x prefix for non-zero hex, as in C   "%#x"   -> 0xbeef
 *   width   minimum field width, or * from the args
 *   length  l  long;  ll  long long (64 bits)       "%016llx" for E820 rows
 *   type    d i (signed)  u (unsigned)  x X (hex)  p (pointer)  s  c  %
 * @endverbatim
 *
 * It never writes more than @p size bytes (including the final NUL) and
 * returns the length the whole output would have had, like C99's, so a
 * caller can detect truncation.  The file is portable: the host tests
 * compile it unchanged and compare it with the C library's printf.  One
 * host-only twist, outside the comparison: a long printed in hex that lies
 * in the simulated 4 GiB window prints as the 32-bit address it stands
 * for (__printk_hex_long(), asm/page.h).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/div64.h>
#include <asm/page.h>

/* Output state: the buffer, its size, and how much was (or would be) written. */
struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* Field layout for one conversion. */
struct spec {
	int width;
	bool zero;
	bool left;
	bool alt;
};

static void put_field(struct sink *s, const struct spec *sp, const char *sign,
		      const char *body, int body_len)
{
	int n = body_len + (int)strlen(sign);

	if (!sp->left && !sp->zero)
		pad(s, ' ', sp->width - n);
	while (*sign)
		put(s, *sign++);
	if (!sp->left && sp->zero)
		pad(s, '0', sp->width - n);
	while (body_len--)
		put(s, *body++);
	if (sp->left)
		pad(s, ' ', sp->width - n);
}

/* Write @v in @base into the end of @tmp; return the first digit's index. */
static int format_number(char tmp[24], unsigned long long v, unsigned int base,
			 bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int i = 24;

	do {
		u32 digit;

		v = div_u64_rem(v, base, &digit);
		tmp[--i] = digits[digit];
	} while (v);
	return i;
}

static void put_number(struct sink *s, const struct spec *sp,
		       unsigned long long v, bool negative, unsigned int base,
		       bool upper, const char *prefix)
{
	char tmp[24];
	char sign[4] = "";
	int i = format_number(tmp, v, base, upper);

	if (negative)
		strlcpy(sign, "-", sizeof(sign));
	else
		strlcpy(sign, prefix, sizeof(sign));
	put_field(s, sp, sign, tmp + i, 24 - i);
}

/* Fetch an integer argument of the size the length modifier names. */
#define ARG(args, lng, type)						\
	((lng) == 2 ? (type long long)va_arg(args, type long long) :	\
	 (lng) == 1 ? (type long long)va_arg(args, type long) :	\
		      (type long long)va_arg(args, type int))

static const char *parse_spec(const char *fmt, struct spec *sp, int *lng,
			      va_list *args)
{
	*sp = (struct spec){ 0 };
	*lng = 0;
	for (;; fmt++) {
		if (*fmt == '0')
			sp->zero = true;
		else if (*fmt == '#')
			sp->alt = true;
		else if (*fmt == '-')
			sp->left = true;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*args, int);
		if (sp->width < 0) {	/* C: a negative width is the - flag */
			sp->left = true;
			sp->width = -sp->width;
		}
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		sp->width = sp->width * 10 + (*fmt++ - '0');
	while (*fmt == 'l' && *lng < 2) {
		(*lng)++;
		fmt++;
	}
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct sink s = { buf, size, 0 };
	struct spec sp;
	va_list ap;
	int lng;

	va_copy(ap, args);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&s, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &lng, &ap);
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = ARG(ap, lng, signed);

			put_number(&s, &sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				   v < 0, 10, false, "");
			break;
		}
		case 'u':
			put_number(&s, &sp, ARG(ap, lng, unsigned), false, 10, false, "");
			break;
		case 'x':
		case 'X': {
			unsigned long long v = ARG(ap, lng, unsigned);

			if (lng == 1)	/* an address on the host: asm/page.h */
				v = __printk_hex_long(v);

			put_number(&s, &sp, v, false, 16, *fmt == 'X',
				   sp.alt && v ? (*fmt == 'X' ? "0X" : "0x") : "");
			break;
		}
		case 'p':
			sp.zero = true;
			sp.width = 2 + 2 * (int)sizeof(void *);
			put_number(&s, &sp, (unsigned long)va_arg(ap, void *),
				   false, 16, false, "0x");
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			sp.zero = false;
			put_field(&s, &sp, "", str, (int)strlen(str));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.zero = false;
			put_field(&s, &sp, "", &c, 1);
			break;
		}
		case '%':
			put(&s, '%');
			break;
		case '\0':		/* a lone % at the end: print it, stop */
			put(&s, '%');
			fmt--;
			break;
		default:		/* unknown conversion: show it as written */
			put(&s, '%');
			put(&s, *fmt);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[min(s.len, size - 1)] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
