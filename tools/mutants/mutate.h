/**
 * @file
 * mutate: what the generator (mutate.c) and the planner (plan.c) share.
 */
#ifndef MUTANTS_MUTATE_H
#define MUTANTS_MUTATE_H

#include "lex.h"

/* One mutant: text[start, end) of its file replaced by repl. */
struct mutant {
	size_t start, end;
	char repl[64];
	const char *cls;	/* "relational", "delete", ... */
	int line;		/* of start */
	int region;		/* numbered over every file of the run */
	char *key;		/* see mutate.c: stable across moved lines */
	size_t keylen;		/* of the key without its " (k)" */
	bool equivalent;	/* listed in the equivalents file */
};

/* A source file and its mutants, in the order they are numbered. */
struct file {
	struct source src;
	struct mutant *m;
	size_t nm, cap;
};

/* realloc() that exits on failure. */
void *xrealloc(void *p, size_t n);

/*
 * Print the mutants of @p files to grade: all but the equivalent ones
 * listed in @p equiv (NULL: none), or @p sample of them (-1: all).
 * Returns the exit status: 1 if @p equiv has a stale entry.
 */
int plan(struct file *files, int nfiles, const char *equiv, long sample);

#endif /* MUTANTS_MUTATE_H */
