/**
 * @file
 * The state machine of one boot's two ports: boot log, TAP, end.
 *
 *     SP_BOOTLOG --"TAP version 14"--> SP_TAP --"# ktest: end"--> SP_ENDED
 *          \                              |
 *           `---- an inconsistent harness line ----> SP_BROKEN
 *
 * Only harness lines (sp_feed_harness(), COM2) move the machine.  In
 * SP_TAP, sp->current is the index of the test that started last; it is
 * "running" until its result (or a crash) arrives.  Console lines
 * (sp_feed(), COM1) are ordinary kernel output: they are attached to the
 * running test (its "serial lines" in reports), which is how an oops and
 * its backtrace end up next to the test; a console line that looks like
 * a harness line is refused, whatever it says.
 */
#include "serial.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tapline.h"

#define CONTEXT_KEEP 100	/* boot log / between-tests lines kept */

/* The reason given for a harness-looking line on the console. */
#define ON_CONSOLE "printed on the console, not by the harness"

void sp_sanitize(char *line)
{
	for (unsigned char *p = (unsigned char *)line; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			*p = '?';
}

void sp_init(struct serial_parser *sp, struct lab_result *lab, int boot,
	     double now)
{
	memset(sp, 0, sizeof(*sp));
	sp->lab = lab;
	sp->boot = boot;
	sp->current = -1;
	sp->problem = -1;
	sp->last_progress = now;
	for (size_t i = 0; i < lab->ntests; i++) {
		lab->tests[i].started = false;
		lab->tests[i].done = false;
		lab->tests[i].seq = 0;
	}
}

static void reject(struct serial_parser *sp, const char *reason,
		   const char *text)
{
	lab_add_reject(sp->lab, sp->boot, sp->lineno, reason, text);
}

static struct graded_test *find_test(struct serial_parser *sp,
				     const char *id)
{
	for (size_t i = 0; i < sp->lab->ntests; i++)
		if (!strcmp(sp->lab->tests[i].rt->id, id))
			return &sp->lab->tests[i];
	return NULL;
}

struct graded_test *sp_running(const struct serial_parser *sp)
{
	struct graded_test *t;

	if (sp->current < 0)
		return NULL;
	t = &sp->lab->tests[sp->current];
	return t->started && !t->done ? t : NULL;
}

bool sp_foreign_running(const struct serial_parser *sp)
{
	return sp->foreign != NULL;
}

static bool anything_running(const struct serial_parser *sp)
{
	return sp_running(sp) || sp->foreign;
}

/* Give the running test its outcome; it is final for this grading run. */
static void classify(struct serial_parser *sp, struct graded_test *t,
		     enum outcome o, const char *reason, double now)
{
	test_set_outcome(t, o, reason, sp->boot);
	t->done = true;
	if (now > 0)
		t->seconds = now - t->t_start;
	sp->classified++;
	if (sp->on_result)
		sp->on_result(sp->ctx, sp->lab, t);
}

/*
 * Take back a test's "ok": it crashed or hung after its result line and
 * before the harness went on.  A real harness moves on at once, so this
 * is what a test that prints a forged "ok" and then dies looks like.
 */
static void retract_ok(struct serial_parser *sp, struct graded_test *t,
		       enum outcome o, const char *how)
{
	char reason[512];

	if (!outcome_earns(t->outcome))
		return;
	snprintf(reason, sizeof(reason),
		 "%s after its result line, before the harness went on (a forged result?)",
		 how);
	test_set_outcome(t, o, reason, sp->boot);
	if (sp->on_result)
		sp->on_result(sp->ctx, sp->lab, t);
}

/* The test that started last in this boot (running or finished). */
static struct graded_test *current_test(const struct serial_parser *sp)
{
	struct graded_test *t;

	if (sp->current < 0)
		return NULL;
	t = &sp->lab->tests[sp->current];
	return t->started ? t : NULL;
}

/*
 * The harness's own stream contradicts itself: a result for a test that
 * is not running, a second start, text that is not TAP...  Only a damaged
 * harness (or kernel) prints that, so nothing more from this boot is
 * believed: the running test, if any, crashed; results given before stand
 * (the harness was sane when it printed them); the boot ends (runner.c)
 * and the session boots again for the tests still unclassified.
 */
#define BROKE_PREFIX "the harness's stream broke: "
#define BROKE(why) BROKE_PREFIX why	/* a rejected line's reason: static */

/* @p reason is BROKE("what broke it"). */
static void broken(struct serial_parser *sp, const char *reason,
		   const char *line, double now)
{
	const char *why = reason + strlen(BROKE_PREFIX);
	struct graded_test *t = sp_running(sp);
	char text[512];

	reject(sp, reason, line);
	snprintf(text, sizeof(text),
		 "the harness's result stream broke while it ran (%s): the rest of the boot is void",
		 why);
	if (t)
		classify(sp, t, OUTCOME_CRASH, text, now);
	sl_pushf(&sp->lab->notes, "boot %d: the harness's result stream broke at line %d (%s: %s); nothing after it was believed",
		 sp->boot, sp->lineno, why, line);
	free(sp->broken_why);
	sp->broken_why = xstrdup(why);
	sp->broken_at = now;
	sp->state = SP_BROKEN;
}

/*
 * "Bail out! ktest: harness integrity: ...": the harness found its own
 * code or its test registry changed (ktest.c checks them after every
 * test).  Something in the kernel wrote over the harness: the running
 * test is a crash, the boot is void from here, and the lab carries a
 * note the instructor cannot miss.
 */
static void integrity_failure(struct serial_parser *sp, const char *line,
			      double now)
{
	sl_pushf(&sp->lab->notes, "HARNESS INTEGRITY FAILURE in boot %d (flag for the instructor: code in the kernel wrote over the test harness): %s",
		 sp->boot, line);
	sp->lab->integrity_failed = true;
	broken(sp, BROKE("harness integrity failure"), line, now);
}

/* Test ids are lab.group.name: letters, digits, '_' and '.'. */
static bool valid_id(const char *id)
{
	if (!*id)
		return false;
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && *id != '_' && *id != '.')
			return false;
	return true;
}

static void begin_foreign(struct serial_parser *sp, const char *id,
			  const char *reason, const char *line)
{
	reject(sp, reason, line);
	free(sp->foreign);
	sp->foreign = xstrdup(id);
	sp->current = -1;
	sp->seq++;
}

/* "# ktest: start ID": the progress line; the test's budget starts. */
static void on_start(struct serial_parser *sp, const char *id,
		     const char *line, double now)
{
	struct graded_test *t = find_test(sp, id);

	if (anything_running(sp)) {
		broken(sp, BROKE("start while another test runs"), line, now);
		return;
	}
	if (!valid_id(id)) {
		broken(sp, BROKE("start of a test with no valid id"), line, now);
		return;
	}
	sp->last_progress = now;
	if (!t) {
		begin_foreign(sp, id, "unknown test id", line);
		return;
	}
	if (t->outcome != OUTCOME_NONE && !t->started) {
		begin_foreign(sp, id, "already graded in an earlier boot", line);
		return;
	}
	if (t->started) {
		broken(sp, BROKE("duplicate start"), line, now);
		return;
	}
	free(sp->foreign);
	sp->foreign = NULL;
	free(sp->crash_line);
	sp->crash_line = NULL;
	t->started = true;
	t->seq = ++sp->seq;
	t->t_start = now;
	sp->current = (int)(t - sp->lab->tests);
}

static enum outcome result_outcome(const struct tap_result_line *r)
{
	if (!r->ok)
		return OUTCOME_FAIL;
	return tl_is_skip(r->directive) ? OUTCOME_SKIP : OUTCOME_PASS;
}

/* A result line from the harness (@p raw, as printed, is @p line). */
static void on_result(struct serial_parser *sp, const char *line,
		      const char *raw, double now)
{
	char *copy = xstrdup(line);
	struct tap_result_line r;
	struct graded_test *t;

	if (!tl_parse_result(copy, &r)) {
		broken(sp, BROKE("malformed result line"), raw, now);
	} else if (sp->foreign && !strcmp(r.id, sp->foreign)) {
		reject(sp, "result for a test not in the rubric", raw);
		free(sp->foreign);
		sp->foreign = NULL;
		sp->last_progress = now;
	} else if (!(t = find_test(sp, r.id)) || t != sp_running(sp)) {
		broken(sp, t && t->done ? BROKE("second result for a test")
				       : BROKE("result for a test that is not running"),
		       raw, now);
	} else {
		if (r.num != t->seq)
			sb_addf(&t->diag, "note: TAP number %ld, expected %d\n",
				r.num, t->seq);
		sp->last_progress = now;
		sp->yaml_to = t;
		classify(sp, t, result_outcome(&r), r.directive, now);
	}
	free(copy);
}

/* Does "Bail out! ktest: ID crashed ..." name @p id (or no test at all)? */
static bool bail_names(const char *line, const char *id)
{
	const char *p = strstr(line, "ktest: ");
	size_t n = strlen(id);

	if (!p)
		return true;
	p += strlen("ktest: ");
	return !strncmp(p, id, n) && (p[n] == ' ' || !p[n]);
}

/*
 * Where a hung test was: the lockup report's "EIP is at" line and its
 * call trace, copied from the test's serial lines into its diagnostics,
 * so every report format says which function the test hung in.
 */
static void note_where(struct graded_test *t)
{
	bool in_trace = false;

	for (size_t i = 0; i < t->serial.n; i++) {
		const char *l = t->serial.v[i];

		if (!strncmp(l, "EIP is at ", 10)) {
			sb_addf(&t->diag, "hung in: %s\n", l + 10);
		} else if (!strcmp(l, "Call Trace:")) {
			sb_add(&t->diag, "call trace:\n");
			in_trace = true;
		} else if (in_trace && !strncmp(l, " [<", 3)) {
			sb_addf(&t->diag, "%s\n", l);
		} else {
			in_trace = false;
		}
	}
}

/* "Bail out! ktest: ID hung: why": the watchdog stopped the running test. */
static void on_hung(struct serial_parser *sp, struct graded_test *t,
		    const char *why, double now)
{
	char reason[300];

	snprintf(reason, sizeof(reason), "%s (its budget, counted by the kernel's NMI watchdog)",
		 why);
	note_where(t);
	classify(sp, t, OUTCOME_HANG, reason, now);
}

/*
 * "Bail out! ktest: ID crashed" (the harness saw the running test die) or
 * "Bail out! ktest: ID hung: why" (the test ran past its budget).
 */
static void on_bail(struct serial_parser *sp, const char *line, double now)
{
	const char *hung;

	struct graded_test *t = current_test(sp);
	char reason[256];

	if (strstr(line, "ktest: harness integrity:")) {
		integrity_failure(sp, line, now);
		return;
	}
	if (!t || sp->foreign) {
		sl_pushf(&sp->lab->notes, "boot %d: the harness bailed out with no test running: %s",
			 sp->boot, line);
		return;
	}
	if (!bail_names(line, t->rt->id)) {
		broken(sp, BROKE("bail-out names a test that is not running"), line, now);
		return;
	}
	hung = strstr(line, " hung: ");
	if (t->done) {
		retract_ok(sp, t, hung ? OUTCOME_HANG : OUTCOME_CRASH,
			   hung ? "hung" : "crashed");
		return;
	}
	if (hung) {
		on_hung(sp, t, hung + strlen(" hung: "), now);
		return;
	}
	snprintf(reason, sizeof(reason), "%s",
		 sp->crash_line ? sp->crash_line : line);
	classify(sp, t, OUTCOME_CRASH, reason, now);
}

static void on_bench(struct serial_parser *sp, const char *line, double now)
{
	struct graded_test *t = sp_running(sp);
	const char *rest = line + strlen("# bench:");

	while (*rest == ' ')
		rest++;
	if (sp->foreign) {
		reject(sp, "bench line of a test not in the rubric", line);
		return;
	}
	if (!t || strncmp(rest, t->rt->id, strlen(t->rt->id))) {
		broken(sp, BROKE("bench line for a test that is not running"), line, now);
		return;
	}
	sb_addf(&t->diag, "bench: %s\n", rest);
}

/* "# ktest: progress ID done/total unit": a long test is moving. */
static void on_progress(struct serial_parser *sp, const char *text,
			const char *line, double now)
{
	struct graded_test *t = sp_running(sp);
	size_t n = t ? strlen(t->rt->id) : 0;

	if (sp->foreign)
		return;		/* a test not in the rubric is moving */
	if (!t || strncmp(text, t->rt->id, n) || text[n] != ' ') {
		broken(sp, BROKE("progress line for a test that is not running"), line, now);
		return;
	}
	if (sp->on_progress)
		sp->on_progress(sp->ctx, sp->lab, t, text + n + 1);
}

/* "# ktest: ..." lines other than start: end, summary, remarks. */
static void on_ktest(struct serial_parser *sp, char *line, double now)
{
	const char *rest = line + strlen("# ktest:");

	while (*rest == ' ')
		rest++;
	if (!strncmp(rest, "start ", 6)) {
		on_start(sp, rest + 6, line, now);
	} else if (!strncmp(rest, "progress ", 9)) {
		on_progress(sp, rest + 9, line, now);
	} else if (!strcmp(rest, "end")) {
		sp->state = SP_ENDED;
		sp->last_progress = now;
	} else if (strstr(rest, " passed,")) {
		free(sp->summary);
		sp->summary = xstrdup(rest);
	}
}

/* A harness line (from COM2): what kind, and act on it. */
static void on_harness(struct serial_parser *sp, char *line, double now)
{
	char *raw = xstrdup(line);

	if (!strncmp(line, "# ktest:", 8))
		on_ktest(sp, line, now);
	else if (!strncmp(line, "# bench:", 8))
		on_bench(sp, line, now);
	else if (!strncmp(line, "Bail out!", 9))
		on_bail(sp, line, now);
	else
		on_result(sp, line, raw, now);
	free(raw);
}

/* Ordinary kernel output: context for the running test, or between. */
static void on_output(struct serial_parser *sp, const char *line)
{
	struct graded_test *t = sp->foreign ? NULL : current_test(sp);

	if (t && tl_is_crash(line) && !sp->crash_line)
		sp->crash_line = xstrdup(line);
	if (t)
		sl_push_tail(&t->serial, line, SERIAL_KEEP, &t->serial_dropped);
	else
		sl_push_tail(&sp->outside, line, CONTEXT_KEEP, NULL);
}

/* The YAML block after a result: its lines go to that test's diagnostics. */
static bool on_yaml(struct serial_parser *sp, const char *line)
{
	if (sp->in_yaml && sp->yaml_to) {
		if (!strcmp(line, "  ..."))
			sp->in_yaml = false;
		else
			sb_addf(&sp->yaml_to->diag, "%s\n",
				strncmp(line, "  ", 2) ? line : line + 2);
		return true;
	}
	if (!strcmp(line, "  ---") && sp->yaml_to) {
		sp->in_yaml = true;	/* the markers themselves are not kept */
		return true;
	}
	return false;
}

/* A harness line after the TAP header. */
static void feed_tap(struct serial_parser *sp, char *line, double now)
{
	if (on_yaml(sp, line))
		return;
	sp->yaml_to = NULL;
	if (tl_is_plan(line)) {
		sp->last_progress = now;
	} else if (tl_is_harness(line)) {
		on_harness(sp, line, now);
		if (strncmp(line, "ok", 2) && strncmp(line, "not ok", 6))
			sp->yaml_to = NULL;
	} else if (!strcmp(line, "TAP version 14")) {
		broken(sp, BROKE("second TAP header"), line, now);
	} else {
		broken(sp, BROKE("not a TAP line"), line, now);
	}
}

/* Copy @p text, cut a CR and control characters; counts the line. */
static char *take_line(struct serial_parser *sp, const char *text)
{
	char *line = xstrdup(text);
	size_t n = strlen(line);

	sp->lineno++;
	if (n && line[n - 1] == '\r')	/* a CRLF console */
		line[n - 1] = '\0';
	sp_sanitize(line);
	return line;
}

void sp_feed(struct serial_parser *sp, const char *text, double now)
{
	char *line = take_line(sp, text);

	(void)now;
	if (sp->seq == 0 && sp->state != SP_ENDED && sp->state != SP_BROKEN)
		sp_watch_problem(sp, line);	/* no test started yet */
	if (tl_is_tap(line))
		reject(sp, ON_CONSOLE, line);
	else if (sp->state == SP_BOOTLOG)
		sl_push_tail(&sp->bootlog, line, CONTEXT_KEEP, NULL);
	else if (sp->state == SP_TAP)
		on_output(sp, line);
	free(line);
}

void sp_feed_harness(struct serial_parser *sp, const char *text, double now)
{
	char *line = take_line(sp, text);

	switch (sp->state) {
	case SP_BOOTLOG:
		if (!strcmp(line, "TAP version 14")) {
			sp->state = SP_TAP;
			sp->last_progress = now;
		} else {
			broken(sp, BROKE("text before the TAP header"), line, now);
		}
		break;
	case SP_TAP:
		feed_tap(sp, line, now);
		break;
	case SP_ENDED:
		reject(sp, "after the end line", line);
		break;
	case SP_BROKEN:
		reject(sp, "after the harness's stream broke", line);
		break;
	}
	free(line);
}

/* Why the running test got no result, judged from how the boot ended. */
static void classify_unfinished(struct serial_parser *sp,
				struct graded_test *t, enum boot_end end,
				const char *why)
{
	char reason[512];

	if (end == BOOT_TRIPLE) {
		classify(sp, t, OUTCOME_TRIPLE, "triple fault: the CPU reset while the test ran", 0);
	} else if (sp->crash_line) {
		classify(sp, t, OUTCOME_CRASH, sp->crash_line, 0);
	} else if (end == BOOT_HANG) {
		classify(sp, t, OUTCOME_HANG, why, 0);
	} else if (end == BOOT_POWEROFF) {
		classify(sp, t, OUTCOME_CRASH, "the kernel powered off while the test ran", 0);
	} else if (end == BOOT_EMU_EXIT) {
		snprintf(reason, sizeof(reason), "the emulator exited while the test ran: %s", why);
		classify(sp, t, OUTCOME_CRASH, reason, 0);
	}
}

/* Keep the last lines of the boot log as a lab note, for the report. */
static void note_context(struct serial_parser *sp, const char *what,
			 const struct strlist *lines)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "boot %d: %s; its last serial lines:", sp->boot, what);
	for (size_t i = 0; i < lines->n; i++)
		sb_addf(&sb, "\n  | %s", lines->v[i]);
	if (!lines->n)
		sb_add(&sb, "\n  | (no serial output at all)");
	sl_push(&sp->lab->notes, sb_str(&sb));
	sb_free(&sb);
}

/* The boot died after the last test's result: was that result real? */
static void check_last_result(struct serial_parser *sp, enum boot_end end,
			      const char *why)
{
	struct graded_test *t = current_test(sp);
	char how[300];

	if (!t || sp->foreign || end == BOOT_SETUP || end == BOOT_ABORTED)
		return;
	if (end == BOOT_TRIPLE)
		retract_ok(sp, t, OUTCOME_TRIPLE, "triple fault");
	else if (end == BOOT_HANG)
		retract_ok(sp, t, OUTCOME_HANG, "hung");
	else if (sp->crash_line)
		retract_ok(sp, t, OUTCOME_CRASH, sp->crash_line);
	else {
		snprintf(how, sizeof(how), "boot ended (%s)", why);
		retract_ok(sp, t, OUTCOME_CRASH, how);
	}
}

void sp_finish(struct serial_parser *sp, enum boot_end end, const char *why)
{
	struct graded_test *t = sp_running(sp);
	char what[512];

	/* --fail-fast stopped it: what ran is classified, the rest is not run. */
	if (t)
		classify_unfinished(sp, t, end, why);
	else if (sp->state == SP_TAP && end != BOOT_STOPPED)
		check_last_result(sp, end, why);
	if (sp->seq == 0 && sp->state != SP_ENDED && sp->state != SP_BROKEN &&
	    end != BOOT_SETUP &&
	    end != BOOT_ABORTED && end != BOOT_STOPPED)
		sp_boot_stopped(sp, end, why);
	else
		sp_problems_done(sp);
	if (sp->state == SP_BOOTLOG) {
		snprintf(what, sizeof(what),
			 "the kernel never reached the test harness (%s: %s)",
			 boot_end_name(end), why);
		note_context(sp, what, &sp->bootlog);
	} else if (sp->state == SP_TAP && end != BOOT_SETUP &&
		   (sp->foreign || sp->current < 0)) {
		snprintf(what, sizeof(what), "%s%s (%s)",
			 sp->foreign ? "a test not in the rubric was running: "
				     : "the harness stopped before its first test",
			 sp->foreign ? sp->foreign : "", why);
		note_context(sp, what, &sp->outside);
	}
}

void sp_free(struct serial_parser *sp)
{
	free(sp->foreign);
	free(sp->crash_line);
	free(sp->summary);
	free(sp->broken_why);
	sp->broken_why = NULL;
	sl_free(&sp->bootlog);
	sl_free(&sp->outside);
	sp->foreign = sp->crash_line = sp->summary = NULL;
}
