/**
 * @file tapline.c
 * @brief Line-level recognisers for the kernel's serial output.
 *
 * The tag is the last blank-separated word, "n=" followed by the nonce:
 *
 *     ok 3 - lab0.order.exact # SKIP no highmem n=1a2b3c4d
 *     \______________ kept ______________/      \_ tag _/
 *
 *     ok 1 - lab0.pfn.down # n=1a2b3c4d  ->  "ok 1 - lab0.pfn.down"
 *                          ^ a "#" with nothing after it goes too.
 */
#include "tapline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* "ok" or "not ok" followed by a blank or the end of the line. */
static bool is_result(const char *line)
{
	if (starts_with(line, "not "))
		line += 4;
	return starts_with(line, "ok") && (line[2] == ' ' || !line[2]);
}

bool tl_is_harness(const char *line)
{
	return is_result(line) || starts_with(line, "# ktest:") ||
	       starts_with(line, "# bench:") || starts_with(line, "Bail out!");
}

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

enum tag_status tl_untag(char *line, const char *nonce)
{
	char *tag = strrchr(line, ' ');

	if (!tag || !starts_with(tag + 1, "n="))
		return TAG_NONE;
	if (strcmp(tag + 3, nonce))
		return TAG_WRONG;
	*tag = '\0';
	rstrip(line);
	if (strlen(line) >= 2 && !strcmp(line + strlen(line) - 2, " #")) {
		line[strlen(line) - 1] = '\0';
		rstrip(line);
	}
	return TAG_OK;
}

bool tl_is_header(const char *line)
{
	return starts_with(line, "# ktest: nonce=");
}

bool tl_header_nonce_ok(const char *line, const char *nonce)
{
	const char *v = line + strlen("# ktest: nonce=");
	size_t n = strcspn(v, " \t");

	return n == strlen(nonce) && !strncmp(v, nonce, n);
}

/* Skip blanks; return the next word's start and NUL-terminate it. */
static char *next_word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

/* The text after a "#" directive marker, trimmed, or NULL. */
static char *directive_of(char *rest)
{
	char *hash = strchr(rest, '#');

	if (!hash)
		return NULL;
	hash++;
	while (*hash == ' ' || *hash == '\t')
		hash++;
	rstrip(hash);
	return *hash ? hash : NULL;
}

bool tl_parse_result(char *line, struct tap_result_line *r)
{
	char *p = line, *word, *end;

	memset(r, 0, sizeof(*r));
	r->ok = !starts_with(line, "not ");
	p += r->ok ? 2 : 6;
	word = next_word(&p);
	if (!word)
		return false;
	r->num = strtol(word, &end, 10);
	if (*end || r->num <= 0)
		return false;
	word = next_word(&p);
	if (word && !strcmp(word, "-"))
		word = next_word(&p);
	if (!word || word[0] == '#')
		return false;
	r->id = word;
	r->directive = directive_of(p);
	return true;
}

bool tl_is_crash(const char *line)
{
	static const char *const starts[] = {
		"BUG: unable to handle", "Oops", "Kernel panic",
		"general protection fault", "invalid opcode", "divide error",
		"double fault", "Unhandled exception", "kernel BUG at",
	};

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (starts_with(line, starts[i]))
			return true;
	return false;
}

bool tl_is_skip(const char *directive)
{
	return directive && !strncasecmp(directive, "skip", 4) &&
	       !isalnum((unsigned char)directive[4]);
}
