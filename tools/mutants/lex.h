/**
 * @file
 * lex: a C source file as tokens, and its TODO regions, for mutate.
 *
 * The lexer knows just enough C to mutate code safely: comments, string
 * and character literals and preprocessor lines are single tokens that no
 * mutation looks inside; operators are read with maximal munch, so `->`
 * is never a `>` and `<<=` never a `<`.
 *
 * A TODO region is the code a student writes (see tools/mkskel.c):
 *
 * @verbatim
 *   /+ TODO(0.1): Drop the offset bits ...      <- the TODO comment
 *    + Checked by lab0.pfn.down. +/             <- ... may run on
 *   return addr >> PAGE_SHIFT;                  <- mutated
 *   /+ END TODO stub: (void)addr; return 0; +/  <- the END line
 * @endverbatim
 *
 * (`/+ +/` stand for the comment delimiters.)  Only tokens on the lines
 * strictly between the last line of the TODO comment and the END line are
 * in the region.
 */
#ifndef MUTANTS_LEX_H
#define MUTANTS_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum tok_kind {
	T_IDENT,	/* identifier or keyword */
	T_NUMBER,	/* integer (or other) constant */
	T_STRING,	/* "string" or 'c', quotes included */
	T_PUNCT,	/* operator or punctuator */
	T_COMMENT,	/* comment, never mutated */
	T_PP,		/* a preprocessor line, never mutated */
};

struct token {
	enum tok_kind kind;
	size_t start, end;	/* byte offsets: text[start, end) */
	int line, eline;	/* first and last line, from 1 */
	int region;		/* index of its TODO region, or -1 */
};

struct source {
	const char *path;
	char *text;
	size_t len;
	struct token *tok;
	size_t ntok;
	int nregions;
};

/* Read and tokenize @p path, mark the TODO regions; exits on error. */
void source_load(struct source *src, const char *path);

/* True if token @p t is the punctuator or identifier spelled @p s. */
bool tok_is(const struct source *src, const struct token *t, const char *s);

/* True if @p t is a C keyword (if, return, sizeof, unsigned, ...). */
bool tok_keyword(const struct source *src, const struct token *t);

/* The previous token that is not a comment, or NULL. */
const struct token *tok_prev(const struct source *src, const struct token *t);

/* Print "path:line: mutate: msg" and exit 2. */
void die_at(const char *path, int line, const char *msg);

#endif /* MUTANTS_LEX_H */
