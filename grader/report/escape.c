/**
 * @file
 * JSON and XML escaping writers (table in escape.h).
 *
 * UTF-8 is validated byte by byte, because "valid-looking" is not enough
 * for a JSON parser: an overlong "\xc0\xaf" or a lone continuation byte
 * makes the whole results.json unreadable, and Gradescope then shows the
 * student nothing.
 *
 *     first byte   length   continuation bytes    smallest code point
 *     0xxxxxxx     1        -                     0
 *     110xxxxx     2        10xxxxxx              0x80
 *     1110xxxx     3        10xxxxxx x2           0x800 (no surrogates)
 *     11110xxx     4        10xxxxxx x3           0x10000 (max 0x10FFFF)
 */
#include "escape.h"

size_t utf8_len(const unsigned char *s)
{
	unsigned int cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return n;
}

static void json_char(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':  fputs("\\\"", f); break;
	case '\\': fputs("\\\\", f); break;
	case '\n': fputs("\\n", f); break;
	case '\r': fputs("\\r", f); break;
	case '\t': fputs("\\t", f); break;
	default:
		if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
		} else if (n == 1) {
			json_char(f, *p++);
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('"', f);
}

static void xml_char(FILE *f, unsigned char c, bool attr)
{
	switch (c) {
	case '&': fputs("&amp;", f); break;
	case '<': fputs("&lt;", f); break;
	case '>': fputs("&gt;", f); break;
	case '"': fputs(attr ? "&quot;" : "\"", f); break;
	case '\'': fputs(attr ? "&apos;" : "'", f); break;
	case '\n': fputs(attr ? "&#10;" : "\n", f); break;
	case '\t': fputs(attr ? "&#9;" : "\t", f); break;
	case '\r': fputs("&#13;", f); break;
	default:
		fputc(c < 0x20 ? '?' : c, f);
	}
}

void xml_escaped(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs("\xEF\xBF\xBD", f);	/* U+FFFD */
			p++;
		} else if (n == 1) {
			xml_char(f, *p++, attr);
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
}
