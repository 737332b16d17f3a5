/**
 * @file score.c
 * @brief Points, counts and the exit status (score.h).
 */
#include "score.h"

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
