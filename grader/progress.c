/**
 * @file
 * Live progress lines (progress.h); unbuffered so a student
 * watching a slow Bochs run sees each test as it finishes.
 *
 * On a terminal the outcome is coloured (PASS green, FAIL red, the ways a
 * test can die yellow); plain text when the stream is not a terminal, when
 * TERM is "dumb", or when NO_COLOR is set (no-color.org).
 *
 * Labs graded in parallel share the stream: each line is written under
 * flockfile(), so lines from two labs never mix.
 */
#include "progress.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GREEN  "\033[32m"
#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define RESET  "\033[0m"

static bool use_colour(FILE *out)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	return isatty(fileno(out)) && !(no && *no) && term &&
	       strcmp(term, "dumb");
}

static const char *colour_of(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASS:
	case OUTCOME_SKIP:
		return GREEN;
	case OUTCOME_FAIL:
	case OUTCOME_NOBUILD:
	case OUTCOME_REJECTED:
		return RED;
	default:
		return YELLOW;
	}
}

int progress_id_width(const struct lab_result *lab)
{
	size_t w = 34;

	for (size_t i = 0; i < lab->rubric->ntests; i++)
		if (strlen(lab->rubric->tests[i].id) > w)
			w = strlen(lab->rubric->tests[i].id);
	return (int)w;
}

void progress_step(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	flockfile(out);
	fputs("grade: ", out);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
	funlockfile(out);
}

/*
 * A test's line from one of several machines: only what did not pass, as
 * it happens; the merged line with its points follows when every machine
 * is done (machines.h).
 */
/* "  PASS   " at the start of a test's line, coloured on a terminal. */
static void put_tag(FILE *out, enum outcome o)
{
	if (use_colour(out))
		fprintf(out, "  %s%-7s%s", colour_of(o), outcome_tag(o), RESET);
	else
		fprintf(out, "  %-7s", outcome_tag(o));
}

static void machine_test(FILE *out, const struct lab_result *lab,
			 const struct graded_test *t)
{
	if (t->outcome == OUTCOME_PASS || t->outcome == OUTCOME_SKIP)
		return;
	flockfile(out);
	put_tag(out, t->outcome);
	fprintf(out, " %-*s on %s", progress_id_width(lab), t->rt->id,
		lab->machine->name);
	if (t->reason)
		fprintf(out, ": %.60s", t->reason);
	fputc('\n', out);
	fflush(out);
	funlockfile(out);
}

void progress_test(FILE *out, const struct lab_result *lab,
		   const struct graded_test *t)
{
	double w = lab->rubric->weight;
	double got = outcome_earns(t->outcome) ? t->rt->points : 0;

	if (!out)
		return;
	if (lab->machine) {
		machine_test(out, lab, t);
		return;
	}
	flockfile(out);
	put_tag(out, t->outcome);
	fprintf(out, " %-*s %4g/%-4g", progress_id_width(lab), t->rt->id,
		got * w, t->rt->points * w);
	if (t->reason && !outcome_earns(t->outcome))
		fprintf(out, "  %.70s", t->reason);
	else if (t->seconds > 0)
		fprintf(out, "  %.2f s", t->seconds);
	fputc('\n', out);
	fflush(out);
	funlockfile(out);
}

void progress_moving(FILE *out, const struct graded_test *t, const char *what)
{
	if (!out)
		return;
	flockfile(out);
	fprintf(out, "  ...     %-34s %s\n", t->rt->id, what);
	fflush(out);
	funlockfile(out);
}
