/**
 * @file
 * Names of outcomes and the bookkeeping of result records.
 *
 * The names here are the words every report prints, so a student sees
 * "hung" in the terminal, the JSON and Gradescope alike.
 */
#include "results.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *tag;
} outcomes[] = {
	[OUTCOME_NONE]    = { "not run",      "----" },
	[OUTCOME_PASS]    = { "passed",       "PASS" },
	[OUTCOME_SKIP]    = { "skipped",      "SKIP" },
	[OUTCOME_FAIL]    = { "failed",       "FAIL" },
	[OUTCOME_CRASH]   = { "crashed",      "CRASH" },
	[OUTCOME_HANG]    = { "hung",         "HUNG" },
	[OUTCOME_TRIPLE]  = { "triple fault", "TRIPLE" },
	[OUTCOME_MISSING] = { "missing",      "MISS" },
	[OUTCOME_NOBUILD] = { "not built",    "NOBUILD" },
	[OUTCOME_REJECTED] = { "rejected",    "REJECT" },
};

const char *outcome_name(enum outcome o)
{
	return outcomes[o].name;
}

const char *outcome_tag(enum outcome o)
{
	return outcomes[o].tag;
}

/* Only an "ok" from the harness earns points (a SKIP is an "ok"). */
bool outcome_earns(enum outcome o)
{
	return o == OUTCOME_PASS || o == OUTCOME_SKIP;
}

const char *boot_end_name(enum boot_end e)
{
	static const char *const names[] = {
		[BOOT_POWEROFF] = "powered off",
		[BOOT_TRIPLE]   = "triple fault",
		[BOOT_HANG]     = "budget ran out",
		[BOOT_EMU_EXIT] = "emulator exited",
		[BOOT_SETUP]    = "runner could not start",
		[BOOT_ABORTED]  = "interrupted",
		[BOOT_STOPPED]  = "stopped (--fail-fast)",
	};
	return names[e];
}

void lab_result_init(struct lab_result *lr, struct rubric *r)
{
	memset(lr, 0, sizeof(*lr));
	lr->rubric = r;
	lr->ntests = r->ntests;
	lr->tests = xcalloc(r->ntests, sizeof(*lr->tests));
	for (size_t i = 0; i < r->ntests; i++)
		lr->tests[i].rt = &r->tests[i];
}

void lab_add_reject(struct lab_result *lr, int boot, int lineno,
		    const char *reason, const char *text)
{
	struct rejected_line *rl;

	xgrow((void **)&lr->rejected, &lr->rejected_cap, lr->nrejected + 1,
	      sizeof(*lr->rejected));
	rl = &lr->rejected[lr->nrejected++];
	rl->boot = boot;
	rl->lineno = lineno;
	rl->reason = reason;
	rl->text = xstrdup(text);
}

struct boot_problem *lab_add_problem(struct lab_result *lr, enum problem_kind k,
				     int boot, int lineno, const char *what)
{
	struct boot_problem *p;

	xgrow((void **)&lr->problems, &lr->problems_cap, lr->nproblems + 1,
	      sizeof(*lr->problems));
	p = &lr->problems[lr->nproblems++];
	memset(p, 0, sizeof(*p));
	p->kind = k;
	p->boot = boot;
	p->lineno = lineno;
	p->what = xstrdup(what);
	return p;
}

static void problem_free(struct boot_problem *p)
{
	free(p->what);
	free(p->detail);
	free(p->file);
	sl_free(&p->trace);
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

void lab_dedup_last_problem(struct lab_result *lr)
{
	struct boot_problem *last;

	if (!lr->nproblems)
		return;
	last = &lr->problems[lr->nproblems - 1];
	for (size_t i = 0; i + 1 < lr->nproblems; i++) {
		const struct boot_problem *p = &lr->problems[i];

		if (p->kind == last->kind && p->fatal == last->fatal &&
		    str_same(p->what, last->what) &&
		    str_same(p->detail, last->detail) &&
		    str_same(problem_where(p), problem_where(last))) {
			problem_free(last);
			lr->nproblems--;
			return;
		}
	}
}

const char *problem_kind_name(enum problem_kind k)
{
	static const char *const names[] = {
		[PROBLEM_WARN] = "warning",
		[PROBLEM_BAD_PAGE] = "bad page state",
		[PROBLEM_BUG] = "BUG",
		[PROBLEM_OOPS] = "oops",
		[PROBLEM_PANIC] = "panic",
		[PROBLEM_STOPPED] = "stopped",
	};
	return names[k];
}

const char *problem_where(const struct boot_problem *p)
{
	return p->trace.n ? p->trace.v[0] : NULL;
}

struct boot_record *lab_add_boot(struct lab_result *lr)
{
	struct boot_record *b;

	xgrow((void **)&lr->boots, &lr->boots_cap, lr->nboots + 1,
	      sizeof(*lr->boots));
	b = &lr->boots[lr->nboots++];
	memset(b, 0, sizeof(*b));
	b->n = (int)lr->nboots;
	b->exit_status = -1;
	return b;
}

/* Classify @p t once; the first classification of a test is final. */
void test_set_outcome(struct graded_test *t, enum outcome o,
		      const char *reason, int boot)
{
	t->outcome = o;
	t->boot = boot;
	free(t->reason);
	t->reason = reason && *reason ? xstrdup(reason) : NULL;
}

static void graded_test_free(struct graded_test *t)
{
	free(t->reason);
	sb_free(&t->diag);
	sl_free(&t->serial);
}

void lab_result_free(struct lab_result *lr)
{
	for (size_t i = 0; i < lr->ntests; i++)
		graded_test_free(&lr->tests[i]);
	free(lr->tests);
	for (size_t i = 0; i < lr->nboots; i++) {
		free(lr->boots[i].cmdline);
		free(lr->boots[i].why);
		free(lr->boots[i].serial_path);
	}
	free(lr->boots);
	for (size_t i = 0; i < lr->nrejected; i++)
		free(lr->rejected[i].text);
	free(lr->rejected);
	free(lr->build_errors);
	sl_free(&lr->objcheck);
	sl_free(&lr->notes);
	for (size_t i = 0; i < lr->nproblems; i++)
		problem_free(&lr->problems[i]);
	free(lr->problems);
	for (size_t i = 0; i < lr->nmachines; i++)
		lab_result_free(&lr->machines[i]);
	free(lr->machines);
	memset(lr, 0, sizeof(*lr));
}

struct file_record *run_add_file(struct grade_run *run, const char *path)
{
	struct file_record *f;

	xgrow((void **)&run->files, &run->files_cap, run->nfiles + 1,
	      sizeof(*run->files));
	f = &run->files[run->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

void grade_run_free(struct grade_run *run)
{
	free(run->partial);
	for (size_t i = 0; i < run->nlabs; i++)
		lab_result_free(&run->labs[i]);
	free(run->labs);
	for (size_t i = 0; i < run->nrubrics; i++)
		rubric_free(&run->rubrics[i]);
	free(run->rubrics);
	for (size_t i = 0; i < run->nfiles; i++) {
		free(run->files[i].path);
		free(run->files[i].found);
		free(run->files[i].note);
	}
	free(run->files);
	sl_free(&run->ignored);
	sl_free(&run->warnings);
	free(run->error);
	free(run->src);
	free(run->submission);
	free(run->emu);
	free(run->kit);
	memset(run, 0, sizeof(*run));
}

/* ---- points and the exit status (results.h) ----------------------------- */

static void score_lab(struct lab_result *lr)
{
	double w = lr->rubric->weight;

	lr->earned = lr->max = 0;
	for (size_t i = 0; i < lr->ntests; i++) {
		struct graded_test *t = &lr->tests[i];

		t->earned = outcome_earns(t->outcome) ? t->rt->points * w : 0;
		lr->earned += t->earned;
		lr->max += t->rt->points * w;
	}
}

void score_run(struct grade_run *run)
{
	run->earned = run->max = 0;
	for (size_t i = 0; i < run->nlabs; i++) {
		score_lab(&run->labs[i]);
		run->earned += run->labs[i].earned;
		run->max += run->labs[i].max;
	}
}

int score_exit_status(const struct grade_run *run)
{
	if (run->error || !run->nlabs)
		return EXIT_GRADING_ERROR;
	for (size_t i = 0; i < run->nlabs; i++)
		for (size_t j = 0; j < run->labs[i].ntests; j++)
			if (!outcome_earns(run->labs[i].tests[j].outcome))
				return EXIT_SOME_FAILED;
	return EXIT_ALL_PASSED;
}

void score_count(const struct lab_result *lr, struct lab_counts *c)
{
	*c = (struct lab_counts){ .tests = (int)lr->ntests };
	for (size_t i = 0; i < lr->ntests; i++) {
		switch (lr->tests[i].outcome) {
		case OUTCOME_PASS:
			c->passed++;
			break;
		case OUTCOME_SKIP:
			c->skipped++;
			break;
		case OUTCOME_FAIL:
			c->failed++;
			break;
		default:
			c->errors++;	/* crash, hang, triple, missing... */
			break;
		}
	}
}
