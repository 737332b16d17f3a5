/**
 * @file cmdline.c
 * @brief Kernel command lines (see cmdline.h).
 */
#include "cmdline.h"

#include <stdio.h>
#include <string.h>

/*
 * The kernel keeps at most 255 bytes of ktest.filter's value (opt_filter[256]
 * in kernel/ktest/ktest.c); a longer value would be cut in the middle of an
 * id, so the filter names only as many ids as fit.
 */
#define FILTER_MAX 255

/* Whole seconds, at least 1: the kernel reads a positive integer. */
static unsigned int whole_seconds(double s)
{
	return s < 1 ? 1 : (unsigned int)(s + 0.5);
}

/* Budgets first: the filter, which may be cut short, comes last. */
static void add_budgets(struct strbuf *sb, const struct lab_result *lab,
			const struct cmdline_budgets *b)
{
	double test = lab->rubric->budget > 0 ? lab->rubric->budget : b->test;

	sb_addf(sb, " boot_budget=%u ktest.budget=%u", b->boot,
		whole_seconds(test));
	for (size_t i = 0; i < lab->ntests; i++) {
		const struct graded_test *t = &lab->tests[i];

		if (t->outcome == OUTCOME_NONE && t->rt->budget > 0)
			sb_addf(sb, " ktest.budget.%s=%u", t->rt->id,
				whole_seconds(t->rt->budget));
	}
}

char *cmdline_build(const struct lab_result *lab,
		    const struct cmdline_budgets *budgets, bool filter,
		    size_t max, size_t *included)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, filter_len = 0;

	/*
	 * console=ttyS0: the grader reads COM1 only, and the screen, which
	 * Bochs emulates cell by cell, would cost every boot about as much
	 * as its tests (kernel/arch/x86/vga.c).
	 */
	sb_addf(&sb, "ktest=lab%d console=ttyS0", lab->rubric->lab);
	add_budgets(&sb, lab, budgets);
	for (size_t i = 0; i < lab->ntests; i++) {
		const char *id = lab->tests[i].rt->id;

		if (lab->tests[i].outcome != OUTCOME_NONE || lab->tests[i].rt->host)
			continue;
		if (!filter) {
			n++;
			continue;
		}
		if (sb.len + (n ? 1 : strlen(" ktest.filter=")) + strlen(id) > max ||
		    filter_len + (n ? 1 : 0) + strlen(id) > FILTER_MAX)
			break;
		sb_add(&sb, n ? "," : " ktest.filter=");
		sb_add(&sb, id);
		filter_len += strlen(id) + (n ? 1 : 0);
		n++;
	}
	*included = n;
	if (sb.len > max || (filter && !n)) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf;
}
