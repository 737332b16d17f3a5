/**
 * @file
 * The kernel's own reports before the first test of a boot: what
 * went wrong, where, and whether it stopped the boot (serial.h).
 *
 * The kernel reports trouble in Linux's words (kernel/core/panic.c,
 * kernel/arch/x86/traps.c).  A BUG_ON during mm_init() prints:
 *
 *     ------------[ cut here ]------------      <- ends any open report
 *     kernel BUG at labs/lab3/page_alloc.c:77!  <- what, and its file
 *     BUG_ON(!PageBuddy(page))                  <- detail: the condition
 *     invalid opcode: 0000 [#1]                 <- the BUG's own oops
 *     EIP: 0008:[<c0104f2a>] EFLAGS: 00010046 CPU: 0
 *     EIP is at del_from_free_area+0x1a/0x40    <- where it fired
 *     ...
 *     Call Trace:
 *      [<c0104f2a>] del_from_free_area+0x1a/0x40
 *      [<c0105101>] __rmqueue+0x51/0xa0         <- its callers, in order
 *     ---[ end trace ]---
 *     Kernel panic - not syncing: Fatal exception   <- the BUG's too
 *
 * That is one problem: the oops header after a BUG, and the panic after
 * a BUG or oops, continue it.  A WARN ("WARNING: at FILE:LINE", the
 * message, a call trace, "---[ end trace ]---") and "Bad page state" (the
 * page, a backtrace) are problems the boot survives.  The trace keeps the
 * function names only ("del_from_free_area+0x1a/0x40"), innermost first,
 * without the reporting helpers themselves (dump_stack, __warn...).
 */
#include "serial.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* "invalid opcode: 0000 [#1]", "Oops: 0002 [#1]": die()'s first line. */
static bool is_oops_header(const char *line)
{
	const char *p = strstr(line, ": ");

	if (!p || p == line)
		return false;
	for (const char *c = line; c < p; c++)
		if (!isalpha((unsigned char)*c) && *c != ' ')
			return false;
	p += 2;
	for (int i = 0; i < 4; i++, p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	return starts(p, " [#");
}

/* FILE of "kernel BUG at FILE:LINE!" or "WARNING: at FILE:LINE". */
static char *file_of(const char *line)
{
	const char *at = strstr(line, " at ");
	const char *colon;

	if (!at)
		return NULL;
	at += 4;
	colon = strrchr(at, ':');
	return colon && colon > at ? xstrndup(at, (size_t)(colon - at)) : NULL;
}

static struct boot_problem *open_problem(struct serial_parser *sp)
{
	if (sp->problem < 0 || !sp->problem_open)
		return NULL;
	return &sp->lab->problems[sp->problem];
}

/* The last problem of this boot, open or not, or NULL. */
static struct boot_problem *last_problem(struct serial_parser *sp)
{
	return sp->problem < 0 ? NULL : &sp->lab->problems[sp->problem];
}

/* The previous problem is complete: forget it if another boot had it. */
static void close_problem(struct serial_parser *sp)
{
	if (sp->problem >= 0 && (size_t)sp->problem + 1 == sp->lab->nproblems)
		lab_dedup_last_problem(sp->lab);
	if ((size_t)sp->problem >= sp->lab->nproblems)
		sp->problem = -1;
	sp->problem_open = false;
	sp->in_trace = false;
}

static struct boot_problem *new_problem(struct serial_parser *sp,
					enum problem_kind k, const char *line)
{
	struct boot_problem *p;

	close_problem(sp);
	p = lab_add_problem(sp->lab, k, sp->boot, sp->lineno, line);
	if (k == PROBLEM_BUG || k == PROBLEM_WARN)
		p->file = file_of(line);
	sp->problem = (int)(sp->lab->nproblems - 1);
	sp->problem_open = true;
	return p;
}

/* Reporting helpers: they print the trace, they are not where it fired. */
static bool is_reporter(const char *fn)
{
	static const char *const names[] = {
		"dump_stack", "show_trace", "__warn", "__bug", "bad_page",
		"panic", "die",
	};
	size_t n = strcspn(fn, "+");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !strncmp(fn, names[i], n))
			return true;
	return false;
}

static void add_frame(struct boot_problem *p, const char *fn)
{
	if (is_reporter(fn) || sl_contains(&p->trace, fn))
		return;
	sl_push(&p->trace, fn);
}

/* A line of an open problem: where it fired, its condition, its end. */
static void continue_problem(struct serial_parser *sp,
			     struct boot_problem *p, const char *line)
{
	const char *fn;

	if (starts(line, "EIP is at ")) {
		add_frame(p, line + strlen("EIP is at "));
	} else if (!strcmp(line, "Call Trace:") || !strcmp(line, "Backtrace:")) {
		sp->in_trace = true;
	} else if (sp->in_trace && starts(line, " [<") &&
		   (fn = strstr(line, "] ")) != NULL) {
		add_frame(p, fn + 2);
	} else if (starts(line, "---[ end trace")) {
		sp->problem_open = false;	/* a later panic may still join */
		sp->in_trace = false;
	} else if (!p->detail && !sp->in_trace && p->kind != PROBLEM_OOPS &&
		   (p->kind != PROBLEM_BUG || starts(line, "BUG_ON("))) {
		p->detail = xstrdup(line);	/* the condition, the message */
	}
}

/*
 * A panic after an oops says why the oops was fatal; that is worth
 * keeping unless it is the plain "Fatal exception" every oops ends with
 * (the watchdog's "boot hung: mm_init() did not finish..." is kept).
 */
static void panic_joins(struct boot_problem *p, const char *msg)
{
	if (!p->detail && p->kind == PROBLEM_OOPS &&
	    strcmp(msg, "Fatal exception"))
		p->detail = xstrdup(msg);
}

void sp_watch_problem(struct serial_parser *sp, const char *line)
{
	struct boot_problem *p = open_problem(sp), *last = last_problem(sp);

	if (starts(line, "------------[ cut here ]")) {
		close_problem(sp);
	} else if (starts(line, "WARNING: at ")) {
		new_problem(sp, PROBLEM_WARN, line);
	} else if (starts(line, "Bad page state")) {
		new_problem(sp, PROBLEM_BAD_PAGE, line);
	} else if (starts(line, "kernel BUG at ") || starts(line, "BUG: ")) {
		new_problem(sp, PROBLEM_BUG, line);
	} else if (is_oops_header(line) || starts(line, "NMI Watchdog detected LOCKUP")) {
		if (!p || p->kind != PROBLEM_BUG)
			new_problem(sp, PROBLEM_OOPS, line);
	} else if (starts(line, "Kernel panic - not syncing: ")) {
		if (!last || (last->kind != PROBLEM_BUG && last->kind != PROBLEM_OOPS))
			new_problem(sp, PROBLEM_PANIC, line);
		else
			panic_joins(last, line + strlen("Kernel panic - not syncing: "));
		sp->problem_open = false;
	} else if (p) {
		continue_problem(sp, p, line);
	}
}

/* How a boot that printed no report ended, as a problem's first line. */
static char *how_it_stopped(enum boot_end end, const char *why)
{
	switch (end) {
	case BOOT_TRIPLE:
		return xstrdup("triple fault: the CPU reset");
	case BOOT_HANG:
		return xasprintf("no progress within its budget (%s)", why);
	case BOOT_POWEROFF:
		return xstrdup("the kernel powered off");
	default:
		return xasprintf("the emulator exited (%s)", why);
	}
}

/* The problem that stopped the boot: its last BUG, oops or panic. */
static struct boot_problem *fatal_problem(struct serial_parser *sp,
					  enum boot_end end, const char *why)
{
	struct boot_problem *p = last_problem(sp);
	char *what;

	if (p && p->kind >= PROBLEM_BUG)
		return p;
	close_problem(sp);
	what = how_it_stopped(end, why);
	p = lab_add_problem(sp->lab, PROBLEM_STOPPED, sp->boot, sp->lineno, what);
	free(what);
	sp->problem = (int)(sp->lab->nproblems - 1);
	return p;
}

char *sp_problem_line(const struct boot_problem *p)
{
	struct strbuf sb = STRBUF_INIT;
	const char *where = problem_where(p);
	char *s;

	sb_add(&sb, p->what);
	if (p->detail && p->kind == PROBLEM_BUG)
		sb_addf(&sb, " %s", p->detail);	/* "... BUG_ON(cond)" */
	else if (p->detail)
		sb_addf(&sb, " (%s)", p->detail);
	if (where)
		sb_addf(&sb, " in %s", where);
	s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

void sp_boot_stopped(struct serial_parser *sp, enum boot_end end,
		     const char *why)
{
	struct boot_problem *p = fatal_problem(sp, end, why);
	char *line, *reason;

	p->fatal = true;
	line = sp_problem_line(p);
	reason = xasprintf("never started: the kernel stopped during boot: %s",
			   line);
	for (size_t i = 0; i < sp->lab->ntests; i++) {
		struct graded_test *t = &sp->lab->tests[i];

		if (t->outcome != OUTCOME_NONE || t->rt->host)
			continue;
		test_set_outcome(t, OUTCOME_MISSING, reason, 0);
		if (sp->on_result)
			sp->on_result(sp->ctx, sp->lab, t);
	}
	free(line);
	free(reason);
	close_problem(sp);
}

void sp_problems_done(struct serial_parser *sp)
{
	close_problem(sp);
}
