/**
 * @file
 * mutate: the mutants of a reference solution, for `make mutants`.
 *
 * A mutant is the reference with one small fault, of the kind a student
 * makes, put into the code students write (the TODO regions, lex.h).  A
 * test suite that passes a mutant cannot tell that fault from the right
 * answer: the share of mutants it fails ("kills") measures its strength.
 *
 * Classes of mutation, each applied wherever it fits in a region:
 *
 * | class      | original           | mutant                              |
 * | ---------- | ------------------ | ----------------------------------- |
 * | relational | `<` `>` `==`       | `<=` `>=` `!=` (and back)           |
 * | logical    | `&&`               | `\|\|` (and back)                   |
 * | bitwise    | `&` `\|` `^`       | `\|` `&` `\|` (binary only; `&=`...) |
 * | constant   | `10`, `x + 1`      | `11` and `9`, `x - 1` (and back)    |
 * | shift      | `<<` `<<=`         | `>>` `>>=` (and back)               |
 * | increment  | `++`               | `--` (and back)                     |
 * | delete     | `list_del(&p->lru);` | `;` or `{ }` (a whole statement)  |
 * | swap       | `f(a, b)`          | `f(b, a)` (two arguments, one line) |
 *
 * Comments, strings and preprocessor lines are never mutated.  Two
 * mutations that cannot compile are not generated at all: deleting a
 * declaration or a return, and swapping the arguments of a call that
 * takes a string (printk and friends).
 *
 * Mutants are numbered from 1 in each file, in the order `list` prints
 * them.  A mutant's key names it without its line number, so it stays
 * valid when lines above it move: `FILE CLASS ORIGINAL -> MUTATED`, the
 * lines with their blanks squeezed, plus ` (2)`, ` (3)` for a second and
 * third mutant with the same text.  tests/labN/mutants.equivalent lists
 * keys of equivalent mutants, one per line: `KEY # why it is equivalent`.
 *
 * Usage:
 *   mutate list FILE...      every mutant: FILE LINE CLASS ORIGINAL -> MUTATED
 *   mutate keys FILE...      the key of every mutant, in the same order
 *   mutate apply FILE I      FILE with mutant I, on standard output
 *   mutate diff FILE I       mutant I as FILE:LINE: -ORIGINAL +MUTATED
 *   mutate plan [-e EQUIVALENTS] [-n K] FILE...
 *                            the mutants to grade, "FILE I" per line, after
 *                            a "# mutants T equivalent S planned P" line;
 *                            -n K: K of them, spread over the regions
 *
 * Exit status: 0; 1 if the equivalents list has a stale entry (a key no
 * mutant has: the code changed, so the entry must be looked at again);
 * 2 on a usage or file error.
 */
#include "mutate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "mutate: out of memory\n");
		exit(2);
	}
	return p;
}

static void add(struct file *f, const struct token *a, const struct token *b,
		const char *repl, const char *cls)
{
	struct mutant *m;

	if (f->nm == f->cap) {
		f->cap = 2 * f->cap + 64;
		f->m = xrealloc(f->m, f->cap * sizeof(*f->m));
	}
	m = &f->m[f->nm++];
	memset(m, 0, sizeof(*m));
	m->start = a->start;
	m->end = b->end;
	snprintf(m->repl, sizeof(m->repl), "%s", repl);
	m->cls = cls;
	m->line = a->line;
	m->region = a->region;
}

/* The token after @p t that is not a comment, or NULL. */
static const struct token *next(const struct source *src, const struct token *t)
{
	while (++t < src->tok + src->ntok)
		if (t->kind != T_COMMENT)
			return t;
	return NULL;
}

/* Is the operator @p t binary, i.e. does an operand end just before it? */
static bool binary(const struct source *src, const struct token *t)
{
	const struct token *p = tok_prev(src, t);

	if (!p)
		return false;
	if (p->kind == T_NUMBER || p->kind == T_STRING)
		return true;
	if (p->kind == T_IDENT)
		return !tok_keyword(src, p);
	return tok_is(src, p, ")") || tok_is(src, p, "]");
}

static const struct {
	const char *from, *to, *cls;
} ops[] = {
	{ "<", "<=", "relational" }, { "<=", "<", "relational" },
	{ ">", ">=", "relational" }, { ">=", ">", "relational" },
	{ "==", "!=", "relational" }, { "!=", "==", "relational" },
	{ "&&", "||", "logical" }, { "||", "&&", "logical" },
	{ "&", "|", "bitwise" }, { "|", "&", "bitwise" },
	{ "^", "|", "bitwise" }, { "&=", "|=", "bitwise" },
	{ "|=", "&=", "bitwise" }, { "^=", "|=", "bitwise" },
	{ "<<", ">>", "shift" }, { ">>", "<<", "shift" },
	{ "<<=", ">>=", "shift" }, { ">>=", "<<=", "shift" },
	{ "++", "--", "increment" }, { "--", "++", "increment" },
};

static void mutate_operator(struct file *f, const struct token *t)
{
	size_t i;

	if (tok_is(&f->src, t, "&") && !binary(&f->src, t))
		return;		/* address-of, not and */
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (tok_is(&f->src, t, ops[i].from))
			add(f, t, t, ops[i].to, ops[i].cls);
}

/* An integer constant's value; false for anything else (1.5, 1e3). */
static bool int_value(const struct source *src, const struct token *t,
		      unsigned long long *v, const char **suffix)
{
	char *end;

	*v = strtoull(src->text + t->start, &end, 0);
	*suffix = end;
	while (end < src->text + t->end && strchr("uUlL", *end))
		end++;
	return end == src->text + t->end;
}

/* Spell @p v as the constant @p t is spelled: same base, case, suffix. */
static void spell(const struct source *src, const struct token *t,
		  unsigned long long v, const char *suffix, char *buf, size_t n)
{
	const char *s = src->text + t->start;
	int slen = (int)(src->text + t->end - suffix);
	bool upper = false;
	const char *p;

	for (p = s; p < suffix; p++)
		upper |= *p >= 'A' && *p <= 'F';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		snprintf(buf, n, upper ? "%.2s%llX%.*s" : "%.2s%llx%.*s",
			 s, v, slen, suffix);
	else if (s[0] == '0' && suffix > s + 1)
		snprintf(buf, n, "0%llo%.*s", v, slen, suffix);
	else
		snprintf(buf, n, "%llu%.*s", v, slen, suffix);
}

/* n -> n+1 and n-1; "x + 1" <-> "x - 1". */
static void mutate_constant(struct file *f, const struct token *t)
{
	const struct token *n = next(&f->src, t);
	unsigned long long v;
	const char *suffix;
	char buf[64];

	if ((tok_is(&f->src, t, "+") || tok_is(&f->src, t, "-")) &&
	    binary(&f->src, t) && n && n->kind == T_NUMBER &&
	    int_value(&f->src, n, &v, &suffix) && v == 1)
		add(f, t, t, tok_is(&f->src, t, "+") ? "-" : "+", "constant");
	if (t->kind != T_NUMBER || !int_value(&f->src, t, &v, &suffix))
		return;
	spell(&f->src, t, v + 1, suffix, buf, sizeof(buf));
	add(f, t, t, buf, "constant");
	if (v > 0) {
		spell(&f->src, t, v - 1, suffix, buf, sizeof(buf));
		add(f, t, t, buf, "constant");
	}
}

/*
 * Delete an expression statement that starts its line: a call, an
 * assignment, an increment.  It becomes ";", or "{ }" as the body of an
 * if, else or loop (gcc's -Wempty-body rejects "if (x) ;", and -Werror
 * would make the mutant stillborn).  Declarations and returns are left
 * alone: without them the file cannot compile.
 */
static void mutate_delete(struct file *f, const struct token *t)
{
	static const char *const after[] = {
		"(", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
		"<<=", ">>=", "->", ".", "[", "++", "--",
	};
	const struct source *src = &f->src;
	const struct token *p = tok_prev(src, t), *n = next(src, t), *e;
	bool starts = false, body;
	int depth = 0;
	size_t i;

	if (!p || p->eline == t->line || !n)
		return;
	if (!(tok_is(src, p, ";") || tok_is(src, p, "{") ||
	      tok_is(src, p, "}") || tok_is(src, p, ")") ||
	      tok_is(src, p, ":") || tok_is(src, p, "else") ||
	      tok_is(src, p, "do") || p->kind == T_PP))
		return;
	if (t->kind == T_IDENT && !tok_keyword(src, t))
		for (i = 0; i < ARRAY_SIZE(after); i++)
			starts |= tok_is(src, n, after[i]);
	starts |= tok_is(src, t, "*") || tok_is(src, t, "++") ||
		  tok_is(src, t, "--");
	if (!starts)
		return;
	for (e = t; e && e->region == t->region; e = next(src, e)) {
		if (tok_is(src, e, "(") || tok_is(src, e, "["))
			depth++;
		else if (tok_is(src, e, ")") || tok_is(src, e, "]"))
			depth--;
		else if (tok_is(src, e, "{") || tok_is(src, e, "}") ||
			 e->kind == T_PP)
			return;
		if (depth < 0)
			return;		/* "i++)" closes a for header */
		if (depth == 0 && tok_is(src, e, ";")) {
			body = tok_is(src, p, ")") || tok_is(src, p, "else") ||
			       tok_is(src, p, "do");
			add(f, t, e, body ? "{ }" : ";", "delete");
			return;
		}
	}
}

/* f(a, b) -> f(b, a), for a call on one line without a string. */
static void mutate_swap(struct file *f, const struct token *t)
{
	const struct source *src = &f->src;
	const struct token *open = t + 1, *e, *comma = NULL;
	size_t alen, blen;
	const char *a, *b;
	char buf[64];
	int depth = 0;

	if (t->kind != T_IDENT || tok_keyword(src, t) ||
	    open >= src->tok + src->ntok || !tok_is(src, open, "("))
		return;
	for (e = open; e < src->tok + src->ntok; e++) {
		if (e->line != t->line || e->kind == T_STRING ||
		    e->region != t->region)
			return;
		if (tok_is(src, e, "(") || tok_is(src, e, "["))
			depth++;
		else if (tok_is(src, e, ")") || tok_is(src, e, "]"))
			depth--;
		else if (depth == 1 && tok_is(src, e, ",")) {
			if (comma)
				return;		/* three arguments or more */
			comma = e;
		}
		if (depth == 0)
			break;
	}
	if (depth || !comma || comma == open + 1 || e == comma + 1)
		return;
	a = src->text + open[1].start;
	alen = comma[-1].end - open[1].start;
	b = src->text + comma[1].start;
	blen = e[-1].end - comma[1].start;
	if (alen == blen && !memcmp(a, b, alen))
		return;
	if (snprintf(buf, sizeof(buf), "%.*s, %.*s", (int)blen, b, (int)alen,
		     a) >= (int)sizeof(buf))
		return;
	add(f, &open[1], &e[-1], buf, "swap");
}

static void generate(struct file *f)
{
	size_t i;

	for (i = 0; i < f->src.ntok; i++) {
		const struct token *t = &f->src.tok[i];

		if (t->region < 0 || t->kind == T_COMMENT || t->kind == T_PP)
			continue;
		if (t->kind == T_PUNCT)
			mutate_operator(f, t);
		mutate_constant(f, t);
		mutate_delete(f, t);
		mutate_swap(f, t);
	}
}

/*
 * The lines a mutant touches, before (@p mutated false) or after it, with
 * every run of blanks squeezed to one space; @p indent keeps the first
 * line's indentation.  Returns a malloc'd string.
 */
static char *lines_of(const struct file *f, const struct mutant *m,
		      bool mutated, bool indent)
{
	const char *text = f->src.text;
	size_t ls = m->start, le = m->end, i, n = 0;
	char *out;
	bool space = false, lead = true;

	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	while (le < f->src.len && text[le] != '\n')
		le++;
	out = xrealloc(NULL, le - ls + sizeof(m->repl) + 1);
	for (i = ls; i < le; i++) {
		const char *c = text + i;

		if (mutated && i == m->start) {
			if (space)
				out[n++] = ' ';
			n += sprintf(out + n, "%s", m->repl);
			i = m->end - 1;
			lead = space = false;
			continue;
		}
		if (*c == ' ' || *c == '\t' || *c == '\n') {
			if (lead && indent && *c != '\n')
				out[n++] = *c;
			else
				space = !lead;
			continue;
		}
		if (space)
			out[n++] = ' ';
		out[n++] = *c;
		lead = space = false;
	}
	out[n] = '\0';
	return out;
}

/* FILE CLASS ORIGINAL -> MUTATED, plus " (k)" for the k-th of a name. */
static void make_keys(struct file *f)
{
	size_t i, j, n;

	for (i = 0; i < f->nm; i++) {
		struct mutant *m = &f->m[i];
		char *o = lines_of(f, m, false, false);
		char *u = lines_of(f, m, true, false);
		int same = 1;

		n = strlen(f->src.path) + strlen(m->cls) + strlen(o) +
		    strlen(u) + 32;
		m->key = xrealloc(NULL, n);
		snprintf(m->key, n, "%s %s %s -> %s", f->src.path, m->cls, o, u);
		m->keylen = strlen(m->key);
		for (j = 0; j < i; j++)
			same += f->m[j].keylen == m->keylen &&
				!strncmp(f->m[j].key, m->key, m->keylen);
		if (same > 1)
			snprintf(m->key + m->keylen, 16, " (%d)", same);
		free(o);
		free(u);
	}
}

static void load(struct file *f, const char *path, int *regions)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	source_load(&f->src, path);
	generate(f);
	for (i = 0; i < f->nm; i++)
		f->m[i].region += *regions;
	*regions += f->src.nregions;
	make_keys(f);
}

static void unload(struct file *f)
{
	size_t i;

	for (i = 0; i < f->nm; i++)
		free(f->m[i].key);
	free(f->m);
	free(f->src.tok);
	free(f->src.text);
}

static struct mutant *nth(struct file *f, const char *arg)
{
	char *end;
	long i = strtol(arg, &end, 10);

	if (*end || i < 1 || (size_t)i > f->nm) {
		fprintf(stderr, "mutate: %s has no mutant %s (it has %zu)\n",
			f->src.path, arg, f->nm);
		exit(2);
	}
	return &f->m[i - 1];
}

static void apply(const struct file *f, const struct mutant *m)
{
	fwrite(f->src.text, 1, m->start, stdout);
	fputs(m->repl, stdout);
	fwrite(f->src.text + m->end, 1, f->src.len - m->end, stdout);
}

static void diff(const struct file *f, const struct mutant *m)
{
	char *o = lines_of(f, m, false, true);
	char *u = lines_of(f, m, true, true);

	printf("%s:%d: -%s +%s\n", f->src.path, m->line, o, u);
	free(o);
	free(u);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mutate list|keys FILE...\n"
		"       mutate apply|diff FILE I\n"
		"       mutate plan [-e EQUIVALENTS] [-n K] FILE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "", *equiv = NULL;
	long sample = -1;
	struct file *files;
	int i, nf, first = 2, regions = 0, status = 0;
	size_t j;

	if (!strcmp(cmd, "plan")) {
		for (; first + 1 < argc && argv[first][0] == '-'; first += 2) {
			if (!strcmp(argv[first], "-e"))
				equiv = argv[first + 1];
			else if (!strcmp(argv[first], "-n"))
				sample = strtol(argv[first + 1], NULL, 10);
			else
				usage();
		}
	}
	nf = argc - first;
	if (nf < 1 || ((!strcmp(cmd, "apply") || !strcmp(cmd, "diff")) && nf != 2))
		usage();
	if (!strcmp(cmd, "apply") || !strcmp(cmd, "diff"))
		nf = 1;
	files = xrealloc(NULL, nf * sizeof(*files));
	for (i = 0; i < nf; i++)
		load(&files[i], argv[first + i], &regions);

	if (!strcmp(cmd, "apply"))
		apply(&files[0], nth(&files[0], argv[3]));
	else if (!strcmp(cmd, "diff"))
		diff(&files[0], nth(&files[0], argv[3]));
	else if (!strcmp(cmd, "plan"))
		status = plan(files, nf, equiv, sample);
	else if (!strcmp(cmd, "list") || !strcmp(cmd, "keys"))
		for (i = 0; i < nf; i++)
			for (j = 0; j < files[i].nm; j++) {
				struct mutant *m = &files[i].m[j];
				char *o = lines_of(&files[i], m, false, false);
				char *u = lines_of(&files[i], m, true, false);

				if (!strcmp(cmd, "keys"))
					puts(m->key);
				else
					printf("%s %d %s %s -> %s\n",
					       files[i].src.path, m->line,
					       m->cls, o, u);
				free(o);
				free(u);
			}
	else
		usage();
	for (i = 0; i < nf; i++)
		unload(&files[i]);
	free(files);
	return status;
}
