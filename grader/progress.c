/**
 * @file progress.c
 * @brief Live progress lines (progress.h); unbuffered so a student
 *        watching a slow Bochs run sees each test as it finishes.
 */
#include "progress.h"

#include <stdarg.h>

void progress_step(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	fputs("grade: ", out);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

void progress_test(FILE *out, const struct lab_result *lab,
		   const struct graded_test *t)
{
	double w = lab->rubric->weight;
	double got = outcome_earns(t->outcome) ? t->rt->points : 0;

	if (!out)
		return;
	fprintf(out, "  %-7s %-34s %4g/%-4g", outcome_tag(t->outcome),
		t->rt->id, got * w, t->rt->points * w);
	if (t->reason && !outcome_earns(t->outcome))
		fprintf(out, "  %.70s", t->reason);
	else if (t->seconds > 0)
		fprintf(out, "  %.2f s", t->seconds);
	fputc('\n', out);
	fflush(out);
}
