/**
 * @file
 * Line-level recognisers for the kernel's serial output.
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

/* "1..N": the TAP plan. */
bool tl_is_plan(const char *line)
{
	const char *p = line + 3;

	if (!starts_with(line, "1.."))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return p > line + 3 && !*p;
}

bool tl_is_tap(const char *line)
{
	return tl_is_harness(line) || tl_is_plan(line) ||
	       !strcmp(line, "TAP version 14");
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
