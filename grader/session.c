/**
 * @file
 * The boot loop of one lab (session.h).
 */
#include "session.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "runner.h"
#include "timings.h"

#define END_GRACE 10.0		/* seconds from "end" to power-off */

/* ---- the kernel command line of a boot (session.h) ----------------------- */

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

	/* console=ttyS0: see "The kernel command line" in session.h. */
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

/*
 * CPU slots: labs (pool.h), the machines of a lab (machines.h) and its
 * host suites (hostsuite.h) are graded on threads of their own, and each
 * boots an emulator or runs a suite; the slots keep those running at once
 * to what session_set_slots() said (the CPUs), however the threads nest.
 * A freed slot goes to the longest job waiting (timings.h says why), and
 * between equals to the one that asked first.
 */
struct slot_waiter {
	double cost;
	unsigned long ticket;
	struct slot_waiter *next;
};

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_freed = PTHREAD_COND_INITIALIZER;
static int slots_max, slots_used;
static struct slot_waiter *slot_queue;
static unsigned long slot_tickets;

void session_set_slots(int n)
{
	pthread_mutex_lock(&slot_lock);
	slots_max = n;
	pthread_mutex_unlock(&slot_lock);
}

/* Is @p me the waiter a free slot goes to?  slot_lock held. */
static bool first_in_line(const struct slot_waiter *me)
{
	for (const struct slot_waiter *w = slot_queue; w; w = w->next)
		if (w != me && (w->cost > me->cost ||
				(w->cost == me->cost && w->ticket < me->ticket)))
			return false;
	return true;
}

double session_take_slot(const char *job, double guess)
{
	struct slot_waiter me = { .cost = timings_get(job, guess) }, **pp;

	pthread_mutex_lock(&slot_lock);
	me.ticket = slot_tickets++;
	me.next = slot_queue;
	slot_queue = &me;
	while (slots_max > 0 && (slots_used >= slots_max || !first_in_line(&me)))
		pthread_cond_wait(&slot_freed, &slot_lock);
	for (pp = &slot_queue; *pp != &me; pp = &(*pp)->next)
		;
	*pp = me.next;
	slots_used++;
	pthread_cond_broadcast(&slot_freed);	/* the next in line may fit too */
	pthread_mutex_unlock(&slot_lock);
	return now_seconds();
}

size_t session_slot_waiters(void)
{
	size_t n = 0;

	pthread_mutex_lock(&slot_lock);
	for (const struct slot_waiter *w = slot_queue; w; w = w->next)
		n++;
	pthread_mutex_unlock(&slot_lock);
	return n;
}

void session_give_slot(const char *job, double started)
{
	timings_put(job, now_seconds() - started);
	pthread_mutex_lock(&slot_lock);
	slots_used--;
	pthread_cond_broadcast(&slot_freed);
	pthread_mutex_unlock(&slot_lock);
}

static size_t unclassified(const struct lab_result *lr)
{
	size_t n = 0;

	for (size_t i = 0; i < lr->ntests; i++)
		n += lr->tests[i].outcome == OUTCOME_NONE &&
		     !lr->tests[i].rt->host;
	return n;
}

void session_mark_rest(struct lab_result *lr, enum outcome o,
		       const char *reason, FILE *progress)
{
	for (size_t i = 0; i < lr->ntests; i++) {
		if (lr->tests[i].outcome != OUTCOME_NONE || lr->tests[i].rt->host)
			continue;
		test_set_outcome(&lr->tests[i], o, reason, 0);
		progress_test(progress, lr, &lr->tests[i]);
	}
}

static void on_result(void *ctx, const struct lab_result *lab,
		      const struct graded_test *t)
{
	const struct session_cfg *cfg = ctx;

	progress_test(cfg->progress, lab, t);
	if (cfg->opt->fail_fast && !outcome_earns(t->outcome))
		proc_request_stop();
}

static void on_progress(void *ctx, const struct lab_result *lab,
			const struct graded_test *t, const char *what)
{
	const struct session_cfg *cfg = ctx;

	(void)lab;
	progress_moving(cfg->progress, t, what);
}

/*
 * What this boot's files are called: WORKDIR/labN-bootB.serial, or
 * WORKDIR/labN-MACHINE-bootB.serial on one of several machines.
 */
static char *boot_file(const struct session_cfg *cfg,
		       const struct lab_result *lr, int boot, const char *ext)
{
	if (lr->machine)
		return xasprintf("%s/lab%d-%s-boot%d.%s", cfg->workdir,
				 lr->rubric->lab, lr->machine->name, boot, ext);
	return xasprintf("%s/lab%d-boot%d.%s", cfg->workdir, lr->rubric->lab,
			 boot, ext);
}

/* "lab 3" or "lab 3 on 64m", for progress lines and errors. */
static void who(const struct lab_result *lr, char *buf, size_t n)
{
	if (lr->machine)
		snprintf(buf, n, "lab %d on %s", lr->rubric->lab, lr->machine->name);
	else
		snprintf(buf, n, "lab %d", lr->rubric->lab);
}

static void fill_spec(struct boot_spec *bs, const struct session_cfg *cfg,
		      const struct lab_result *lr, double cap_left)
{
	const struct options *o = cfg->opt;

	memset(bs, 0, sizeof(*bs));
	bs->lab = lr;
	bs->bootrun = cfg->bootrun;
	bs->image = cfg->image;
	bs->kernel = cfg->kernel;
	bs->emu = o->emu;
	bs->mem_mib = cfg->mem_mib ? cfg->mem_mib : o->mem_mib;
	bs->boot_budget = o->boot_budget;
	bs->test_budget = o->test_budget;
	bs->lab_budget = lr->rubric->budget;
	bs->net_per_budget = o->net_per_budget;
	bs->net_slack = o->net_slack;
	bs->scale = o->scale;
	bs->end_grace = END_GRACE;
	bs->cap = cap_left;
}

/*
 * A first boot's seconds before one has run (timings.h): Bochs spends
 * about 0.6 s more a GiB of RAM on its start and the kernel's bring-up;
 * QEMU's boots are short whatever the RAM.  Measured on this machine.
 */
static double boot_guess(const char *emu, int mem_mib)
{
	return strcmp(emu, "qemu") ? 0.3 + 0.6 * mem_mib / 1024.0 : 0.3;
}

/* One boot; returns the parser's final state (SP_BOOTLOG if no TAP). */
static enum sp_state boot_once(struct lab_result *lr,
			       const struct session_cfg *cfg,
			       struct boot_record *rec, char *cmdline,
			       double cap_left)
{
	char *serial = boot_file(cfg, lr, rec->n, "serial");
	char *harness = boot_file(cfg, lr, rec->n, "harness");
	char *log = boot_file(cfg, lr, rec->n, "emulator.log");
	char *errs = boot_file(cfg, lr, rec->n, "bootrun.err");
	int mem = cfg->mem_mib ? cfg->mem_mib : cfg->opt->mem_mib ?
		  cfg->opt->mem_mib : 1024;	/* bootrun's default PC */
	struct serial_parser sp;
	struct boot_spec bs;
	enum sp_state state;
	double started;
	char *job;

	fill_spec(&bs, cfg, lr, cap_left);
	bs.cmdline = cmdline;
	bs.serial_path = serial;
	bs.harness_path = harness;
	bs.log_path = log;
	bs.stderr_path = errs;
	sp_init(&sp, lr, rec->n, now_seconds());
	sp.on_result = on_result;
	sp.on_progress = on_progress;
	sp.ctx = (void *)cfg;
	job = xasprintf("lab%d/%s/%dm/boot%d", lr->rubric->lab, cfg->opt->emu,
			mem, rec->n);
	started = session_take_slot(job, boot_guess(cfg->opt->emu, mem));
	runner_boot(&bs, &sp, rec);
	session_give_slot(job, started);
	free(job);
	state = sp.state;
	sp_free(&sp);
	free(serial);
	free(harness);
	free(log);
	free(errs);
	return state;
}

static const char *missing_reason(bool reached_tap, bool ended_clean)
{
	if (!reached_tap)
		return "never started: the kernel did not reach the test harness (boot log in the notes)";
	if (ended_clean)
		return "never started: the kernel's harness finished without running it (test not built in, or wrong id?)";
	return "never started: the boot stopped before it and booting again made no progress";
}

/* What the boot loop knows across boots. */
struct loop {
	double t0, cap;
	bool reached_tap, ended_clean;
};

enum round { ROUND_AGAIN, ROUND_STOP, ROUND_ERROR };

/* One boot; whether to boot again. */
static enum round one_round(struct lab_result *lr,
			    const struct session_cfg *cfg, struct loop *lp,
			    struct strbuf *err)
{
	size_t before = unclassified(lr), offered;
	double left = lp->cap - (now_seconds() - lp->t0);
	int boot = (int)lr->nboots + 1;
	char lab[48];
	struct cmdline_budgets budgets = {
		.boot = (unsigned int)cfg->opt->boot_budget,
		.test = (unsigned int)cfg->opt->test_budget,
	};
	char *cmdline;
	struct boot_record *rec;
	enum sp_state state;

	who(lr, lab, sizeof(lab));
	if (proc_stop_requested())
		return ROUND_STOP;
	if (left <= 0) {
		sl_pushf(&lr->notes, "the run cap of %.0f s was reached: no more boots",
			 lp->cap);
		return ROUND_STOP;
	}
	cmdline = cmdline_build(lr, &budgets,
				boot > 1 || cfg->opt->tests,
				(size_t)cfg->opt->cmdline_max, &offered);
	if (!cmdline) {
		sb_addf(err, "%s: a test id does not fit in a %d-byte command line",
			lab, cfg->opt->cmdline_max);
		return ROUND_ERROR;
	}
	progress_step(cfg->progress, "%s: boot %d: %s", lab, boot, cmdline);
	rec = lab_add_boot(lr);
	rec->machine = lr->machine ? lr->machine->name : NULL;
	state = boot_once(lr, cfg, rec, cmdline, left);
	free(cmdline);
	if (rec->end == BOOT_STOPPED)
		return ROUND_STOP;
	if (rec->end == BOOT_ABORTED) {
		sb_addf(err, "%s: interrupted during boot %d", lab, boot);
		return ROUND_ERROR;
	}
	if (rec->end == BOOT_SETUP) {
		sb_addf(err, "%s: boot %d: the runner could not start: %s",
			lab, boot, rec->why);
		return ROUND_ERROR;
	}
	progress_step(cfg->progress, "%s: boot %d: %s after %.1f s, %d test(s) classified",
		      lab, boot, boot_end_name(rec->end), rec->seconds,
		      rec->classified);
	lp->reached_tap |= state != SP_BOOTLOG;
	lp->ended_clean = state == SP_ENDED;
	if (rec->classified == 0 || (lp->ended_clean && offered == before))
		return ROUND_STOP;
	return ROUND_AGAIN;
}

int session_run(struct lab_result *lr, const struct session_cfg *cfg,
		struct strbuf *err)
{
	struct loop lp = { .t0 = now_seconds(),
			   .cap = cfg->opt->run_cap * cfg->opt->scale };
	enum round r = ROUND_AGAIN;

	while (r == ROUND_AGAIN && unclassified(lr))
		r = one_round(lr, cfg, &lp, err);
	if (r == ROUND_ERROR)
		return -1;
	session_mark_rest(lr, OUTCOME_MISSING,
			  proc_stop_requested() ? SESSION_NOT_RUN :
			  missing_reason(lp.reached_tap, lp.ended_clean),
			  cfg->progress);
	return 0;
}
