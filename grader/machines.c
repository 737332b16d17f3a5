/**
 * @file
 * Merging the machines' verdicts of one lab (machines.h).
 */
#include "machines.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "progress.h"

char *machine_label(const struct rubric_machine *m)
{
	return xasprintf("%s (%d MiB)", m->name, m->mem_mib);
}

static bool bad(enum outcome o)
{
	return o != OUTCOME_PASS && o != OUTCOME_SKIP;
}

/*
 * The machine whose verdict on test @p i stands (index into machines[]):
 * the first that did not pass it (one where it ran before one where it
 * went missing: that says more), else the first that passed it.
 */
static size_t deciding_machine(const struct lab_result *lr, size_t i)
{
	size_t pass = lr->nmachines, missing = lr->nmachines;

	for (size_t m = 0; m < lr->nmachines; m++) {
		enum outcome o = lr->machines[m].tests[i].outcome;

		if (bad(o) && o != OUTCOME_MISSING)
			return m;
		if (o == OUTCOME_MISSING && missing == lr->nmachines)
			missing = m;
		if (o == OUTCOME_PASS && pass == lr->nmachines)
			pass = m;
	}
	if (missing < lr->nmachines)
		return missing;
	return pass < lr->nmachines ? pass : 0;
}

/* "failed: not ok" for the diagnostics of the machines that did not pass. */
static void describe(struct strbuf *sb, const struct lab_result *mr,
		     const struct graded_test *t)
{
	char *label = machine_label(mr->machine);

	sb_addf(sb, "on %s: %s%s%s\n", label, outcome_name(t->outcome),
		t->reason ? ": " : "", t->reason ? t->reason : "");
	free(label);
	if (t->diag.len && bad(t->outcome)) {
		for (const char *p = sb_str(&t->diag); *p;) {
			size_t n = strcspn(p, "\n");

			sb_add(sb, "  ");
			sb_addn(sb, p, n);
			sb_addc(sb, '\n');
			p += n + (p[n] == '\n');
		}
	}
}

static void merge_test(struct lab_result *lr, size_t i, const int *offset)
{
	struct graded_test *t = &lr->tests[i];
	size_t d = deciding_machine(lr, i);
	const struct lab_result *dm = &lr->machines[d];
	const struct graded_test *dt = &dm->tests[i];
	char *reason = NULL;

	if (bad(dt->outcome))
		reason = xasprintf("on %s: %s", dm->machine->name,
				   dt->reason ? dt->reason : outcome_name(dt->outcome));
	test_set_outcome(t, dt->outcome, reason ? reason : dt->reason,
			 dt->boot ? dt->boot + offset[d] : 0);
	free(reason);
	t->seconds = dt->seconds;
	/* The deciding machine's own lines first (a benchmark's numbers)... */
	if (!bad(dt->outcome) && dt->diag.len)
		sb_add(&t->diag, sb_str(&dt->diag));
	/* ...then, machine by machine, what did not pass. */
	for (size_t m = 0; m < lr->nmachines; m++) {
		const struct graded_test *mt = &lr->machines[m].tests[i];

		if (mt->outcome != OUTCOME_PASS || bad(dt->outcome))
			describe(&t->diag, &lr->machines[m], mt);
	}
	for (size_t k = 0; k < dt->serial.n; k++)
		sl_push(&t->serial, dt->serial.v[k]);
	t->serial_dropped = dt->serial_dropped;
}

/* Append machine @p mr's boots to @p lr, renumbered from lr->nboots + 1. */
static void take_boots(struct lab_result *lr, const struct lab_result *mr)
{
	int offset = (int)lr->nboots;

	for (size_t b = 0; b < mr->nboots; b++) {
		const struct boot_record *src = &mr->boots[b];
		struct boot_record *dst = lab_add_boot(lr);

		*dst = *src;
		dst->n = src->n + offset;
		dst->cmdline = src->cmdline ? xstrdup(src->cmdline) : NULL;
		dst->why = src->why ? xstrdup(src->why) : NULL;
		dst->serial_path = src->serial_path ? xstrdup(src->serial_path) : NULL;
		dst->machine = mr->machine->name;
	}
	for (size_t r = 0; r < mr->nrejected; r++) {
		const struct rejected_line *rl = &mr->rejected[r];

		lab_add_reject(lr, rl->boot + offset, rl->lineno, rl->reason,
			       rl->text);
	}
	for (size_t n = 0; n < mr->notes.n; n++)
		sl_pushf(&lr->notes, "on %s: %s", mr->machine->name, mr->notes.v[n]);
}

void machines_merge(struct lab_result *lr)
{
	int offset[RUBRIC_MAX_MACHINES] = { 0 };

	for (size_t m = 0; m < lr->nmachines; m++) {
		offset[m] = (int)lr->nboots;
		take_boots(lr, &lr->machines[m]);
	}
	for (size_t i = 0; i < lr->ntests; i++)
		if (!lr->tests[i].rt->host)	/* graded once, not per machine */
			merge_test(lr, i, offset);
}

/* What the machines of one lab share while they boot. */
struct machines_job {
	struct lab_result *lr;
	const struct session_cfg *cfg;
	pthread_mutex_t lock;		/* err */
	struct strbuf *err;
};

/* pool_run() job @p i: the whole session of machine i. */
static int grade_machine(void *arg, size_t i)
{
	struct machines_job *mj = arg;
	struct lab_result *mr = &mj->lr->machines[i];
	struct session_cfg cfg = *mj->cfg;
	struct strbuf err = STRBUF_INIT;
	int ret;

	cfg.mem_mib = mr->machine->mem_mib;
	ret = session_run(mr, &cfg, &err);
	if (ret) {
		pthread_mutex_lock(&mj->lock);
		if (!mj->err->len)
			sb_add(mj->err, sb_str(&err));
		pthread_mutex_unlock(&mj->lock);
	}
	sb_free(&err);
	return ret;
}

int machines_grade(struct lab_result *lr, const struct session_cfg *cfg,
		   int workers, struct strbuf *err)
{
	const struct rubric *r = lr->rubric;
	struct machines_job mj = { .lr = lr, .cfg = cfg, .err = err,
				   .lock = PTHREAD_MUTEX_INITIALIZER };
	int ret;

	lr->nmachines = r->nmachines;
	lr->machines = xcalloc(r->nmachines, sizeof(*lr->machines));
	for (size_t m = 0; m < r->nmachines; m++) {
		lab_result_init(&lr->machines[m], lr->rubric);
		lr->machines[m].machine = &r->machines[m];
	}
	ret = pool_run(r->nmachines, workers, grade_machine, &mj);
	if (ret)
		return -1;
	/* --fail-fast may have kept a machine from starting at all. */
	for (size_t m = 0; m < r->nmachines; m++)
		session_mark_rest(&lr->machines[m], OUTCOME_MISSING,
				  SESSION_NOT_RUN, NULL);
	machines_merge(lr);
	for (size_t i = 0; i < lr->ntests; i++)
		if (!lr->tests[i].rt->host)
			progress_test(cfg->progress, lr, &lr->tests[i]);
	return 0;
}
