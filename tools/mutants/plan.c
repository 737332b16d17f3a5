/**
 * @file
 * plan: which mutants `make mutants` grades.
 *
 * Every mutant is graded except those the lab's equivalents file lists:
 * mutants no test can kill because they behave as the reference does
 * (`mutate.c` says how a key names one).  Nothing else is left out.  An
 * entry that names no mutant is stale: the code under it changed, and
 * someone must decide again whether the new mutant is equivalent, so it
 * makes the plan fail rather than silently shrink.
 *
 * A sample (-n K) spreads K mutants over the TODO regions: one per region
 * in turn until K are given out, then, inside each region, mutants evenly
 * spaced through it.  With regions of 3, 10 and 1 mutants and K = 6, the
 * quotas are 2, 3 and 1, and the second region gives its mutants 1, 5
 * and 8 (counting from 0: (2k + 1) * 10 / (2 * 3) for k = 0, 1, 2).  The
 * same files and K give the same sample on every run.
 */
#include "mutate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mark one entry's mutant equivalent; false if no mutant has the key. */
static bool mark(struct file *files, int nf, const char *key,
		 const char *equiv, int lineno)
{
	int i;
	size_t j;

	for (i = 0; i < nf; i++)
		for (j = 0; j < files[i].nm; j++) {
			struct mutant *m = &files[i].m[j];

			if (strcmp(m->key, key))
				continue;
			if (m->equivalent)
				die_at(equiv, lineno, "this key is listed twice");
			m->equivalent = true;
			return true;
		}
	return false;
}

/* Read KEY # REASON lines; returns how many entries are stale. */
static int read_equivalents(struct file *files, int nf, const char *equiv)
{
	FILE *fp = fopen(equiv, "r");
	char *line = NULL, *sep, *end;
	size_t cap = 0;
	int lineno = 0, stale = 0;

	if (!fp)
		die_at(equiv, 0, "cannot open the equivalents file");
	while (getline(&line, &cap, fp) >= 0) {
		lineno++;
		end = line + strlen(line);
		while (end > line && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		sep = strstr(line, " # ");
		if (!sep || !sep[3 + strspn(sep + 3, " ")])
			die_at(equiv, lineno,
			       "an entry is `KEY # why it is equivalent`");
		while (sep > line && sep[-1] == ' ')
			sep--;
		*sep = '\0';
		if (!mark(files, nf, line, equiv, lineno)) {
			fprintf(stderr, "%s:%d: stale: no mutant has the key: %s\n",
				equiv, lineno, line);
			stale++;
		}
	}
	free(line);
	fclose(fp);
	return stale;
}

/* Choose @p sample of the candidates @p cand (region numbers in @p reg). */
static void spread(const int *reg, size_t ncand, int nreg, long sample,
		   bool *chosen)
{
	size_t *count = calloc(nreg, sizeof(*count));
	size_t *quota = calloc(nreg, sizeof(*quota));
	size_t *seen = calloc(nreg, sizeof(*seen));
	size_t i, k;
	int r;

	if (!count || !quota || !seen)
		die_at("mutate", 0, "out of memory");
	for (i = 0; i < ncand; i++)
		count[reg[i]]++;
	while (sample > 0)
		for (r = 0; r < nreg && sample > 0; r++)
			if (quota[r] < count[r]) {
				quota[r]++;
				sample--;
			}
	for (i = 0; i < ncand; i++) {
		r = reg[i];
		for (k = 0; k < quota[r]; k++)
			if ((2 * k + 1) * count[r] / (2 * quota[r]) == seen[r])
				chosen[i] = true;
		seen[r]++;
	}
	free(count);
	free(quota);
	free(seen);
}

int plan(struct file *files, int nf, const char *equiv, long sample)
{
	size_t total = 0, nequiv = 0, ncand = 0, nplan = 0, i, j, c;
	int stale = equiv ? read_equivalents(files, nf, equiv) : 0;
	int f, nreg = 0, *reg;
	bool *chosen;

	for (f = 0; f < nf; f++) {
		total += files[f].nm;
		nreg += files[f].src.nregions;
	}
	reg = xrealloc(NULL, (total + 1) * sizeof(*reg));
	chosen = calloc(total + 1, sizeof(*chosen));
	if (!chosen)
		die_at("mutate", 0, "out of memory");
	for (f = 0; f < nf; f++)
		for (j = 0; j < files[f].nm; j++) {
			if (files[f].m[j].equivalent)
				nequiv++;
			else
				reg[ncand++] = files[f].m[j].region;
		}
	if (sample < 0 || (size_t)sample >= ncand)
		for (i = 0; i < ncand; i++)
			chosen[i] = true;
	else
		spread(reg, ncand, nreg, sample, chosen);
	for (i = 0; i < ncand; i++)
		nplan += chosen[i];
	printf("# mutants %zu equivalent %zu planned %zu\n", total, nequiv,
	       nplan);
	for (f = 0, c = 0; f < nf; f++)
		for (j = 0; j < files[f].nm; j++)
			if (!files[f].m[j].equivalent && chosen[c++])
				printf("%s %zu\n", files[f].src.path, j + 1);
	free(reg);
	free(chosen);
	return stale ? 1 : 0;
}
