/**
 * @file
 * lex: tokens and TODO regions of a C file (see lex.h).
 */
#include "lex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODO_MARK "/* TODO("
#define END_MARK  "/* END TODO"

void die_at(const char *path, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: mutate: %s\n", path, line, msg);
	exit(2);
}

/* Operators longer than one character, longest first (maximal munch). */
static const char *const long_ops[] = {
	"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
	"!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
};

static const char *const keywords[] = {
	"auto", "bool", "break", "case", "char", "const", "continue",
	"default", "do", "double", "else", "enum", "extern", "float", "for",
	"goto", "if", "inline", "int", "long", "register", "restrict",
	"return", "short", "signed", "sizeof", "static", "struct", "switch",
	"typedef", "typeof", "union", "unsigned", "void", "volatile", "while",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		die_at(path, 0, "cannot open the file");
	do {
		if (n + 4096 + 1 > cap) {
			cap = 2 * cap + 4096 + 1;
			buf = realloc(buf, cap);
			if (!buf)
				die_at(path, 0, "out of memory");
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Length of the token of kind @p kind that starts at @p p. */
static size_t scan(const char *p, enum tok_kind *kind, bool line_start)
{
	const char *q = p;
	size_t i;

	if (line_start && *p == '#') {		/* to the end of the line, with \ */
		*kind = T_PP;
		while (*q && !(*q == '\n' && q[-1] != '\\'))
			q++;
		return q - p;
	}
	if (p[0] == '/' && p[1] == '*') {
		*kind = T_COMMENT;
		q = strstr(p + 2, "*/");
		return q ? (size_t)(q + 2 - p) : strlen(p);
	}
	if (p[0] == '/' && p[1] == '/') {
		*kind = T_COMMENT;
		return strcspn(p, "\n");
	}
	if (*p == '"' || *p == '\'') {
		*kind = T_STRING;
		for (q = p + 1; *q && *q != *p && *q != '\n'; q++)
			if (*q == '\\' && q[1])
				q++;
		return q - p + (*q == *p);
	}
	if (isalpha((unsigned char)*p) || *p == '_') {
		*kind = T_IDENT;
		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		return q - p;
	}
	if (isdigit((unsigned char)*p)) {	/* a pp-number: 0x1Fu, 10UL */
		*kind = T_NUMBER;
		while (isalnum((unsigned char)*q) || *q == '_' || *q == '.')
			q++;
		return q - p;
	}
	*kind = T_PUNCT;
	for (i = 0; i < ARRAY_SIZE(long_ops); i++)
		if (!strncmp(p, long_ops[i], strlen(long_ops[i])))
			return strlen(long_ops[i]);
	return 1;
}

static void tokenize(struct source *src)
{
	size_t cap = 0, i = 0, n;
	int line = 1;
	bool line_start = true;

	while (i < src->len) {
		char c = src->text[i];
		struct token *t;

		if (isspace((unsigned char)c)) {
			if (c == '\n') {
				line++;
				line_start = true;
			}
			i++;
			continue;
		}
		if (src->ntok == cap) {
			cap = 2 * cap + 256;
			src->tok = realloc(src->tok, cap * sizeof(*src->tok));
			if (!src->tok)
				die_at(src->path, line, "out of memory");
		}
		t = &src->tok[src->ntok++];
		n = scan(src->text + i, &t->kind, line_start);
		t->start = i;
		t->end = i + n;
		t->line = line;
		for (; i < t->end; i++)
			line += src->text[i] == '\n';
		t->eline = line;
		t->region = -1;
		line_start = false;
	}
}

static bool comment_starts(const struct source *src, const struct token *t,
			   const char *mark)
{
	return t->kind == T_COMMENT &&
	       !strncmp(src->text + t->start, mark, strlen(mark));
}

/*
 * Number the regions and mark their tokens.  A TODO comment opens a
 * region after its last line; the END TODO comment closes it before its
 * own line.  Markers out of order are mkskel's errors too.
 */
static void mark_regions(struct source *src)
{
	int first = 0, todo_line = 0;	/* first: first line of the region */
	size_t i, j, open = 0;

	for (i = 0; i < src->ntok; i++) {
		struct token *t = &src->tok[i];

		if (comment_starts(src, t, TODO_MARK)) {
			if (first)
				die_at(src->path, t->line, "TODO inside a TODO region");
			first = t->eline + 1;
			todo_line = t->line;
			open = i + 1;
		} else if (comment_starts(src, t, END_MARK)) {
			if (!first)
				die_at(src->path, t->line, "END TODO without a TODO");
			for (j = open; j < i; j++)
				if (src->tok[j].line >= first &&
				    src->tok[j].eline < t->line)
					src->tok[j].region = src->nregions;
			src->nregions++;
			first = 0;
		}
	}
	if (first)
		die_at(src->path, todo_line, "TODO without an END TODO");
}

void source_load(struct source *src, const char *path)
{
	memset(src, 0, sizeof(*src));
	src->path = path;
	src->text = read_file(path, &src->len);
	tokenize(src);
	mark_regions(src);
}

bool tok_is(const struct source *src, const struct token *t, const char *s)
{
	return (t->kind == T_PUNCT || t->kind == T_IDENT) &&
	       t->end - t->start == strlen(s) &&
	       !memcmp(src->text + t->start, s, t->end - t->start);
}

bool tok_keyword(const struct source *src, const struct token *t)
{
	size_t i;

	for (i = 0; t->kind == T_IDENT && i < ARRAY_SIZE(keywords); i++)
		if (tok_is(src, t, keywords[i]))
			return true;
	return false;
}

const struct token *tok_prev(const struct source *src, const struct token *t)
{
	while (t > src->tok) {
		t--;
		if (t->kind != T_COMMENT)
			return t;
	}
	return NULL;
}
