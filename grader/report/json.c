/**
 * @file
 * Our own JSON report: every fact the grader has, for scripts.
 *
 *     { "score": 7, "max_score": 10, "status": "failed", "error": null,
 *       "execution_time": 6.1, "src": "labs", "submission": null,
 *       "emulator": "bochs", "scale": 1,
 *       "files": [ { "path", "status", "found", "note" } ],
 *       "ignored": [ "Makefile", ... ], "warnings": [ ... ],
 *       "labs": [ { "lab": 0, "title", "weight", "score", "max_score",
 *                   "build": { "ok", "seconds", "errors" },
 *                   "host": { "build_seconds", "suites", "seconds" },
 *                   "machines": [ { "name", "mem_mib" } ],
 *                   "boots": [ { "boot", "machine", "cmdline", "end",
 *                                "exit_status", "why", "seconds",
 *                                "classified" } ],
 *                   "tests": [ { "id", "points", "score", "visibility",
 *                                "outcome", "reason", "boot", "seconds",
 *                                "diagnostics", "serial": [ ... ],
 *                                "machines": [ { "machine", "outcome",
 *                                                "reason" } ] } ],
 *                   "rejected": [ { "boot", "line", "reason", "text" } ],
 *                   "objcheck": [ "FILE: what the object check refused", ... ],
 *                   "notes": [ ... ],
 *                   "summary": "the kernel stopped during boot 1, ...",
 *                   "problems": [ { "boot", "machine", "kind", "fatal",
 *                                   "what", "detail", "file",
 *                                   "trace": [ "fn+0x1c/0x90", ... ] } ] } ] }
 *
 * "summary" is the text every format starts the lab with (report.h,
 * report_lab_summary), "" when there is nothing to say; "problems" are
 * the kernel's reports before the first test of a boot (results.h), each
 * boot numbered as in "boots".
 *
 * A lab's "machines" (and each test's) are empty when it booted on one
 * PC; with several (rubric "machine" lines) a test's own outcome is the
 * merge of its machines' (machines.h).
 */
#include "report.h"

#include <stdlib.h>

#include "escape.h"
#include "results.h"

static void key(FILE *f, const char *k, bool *first)
{
	fputs(*first ? "" : ",", f);
	*first = false;
	fputc('\n', f);
	json_string(f, k);
	fputs(": ", f);
}

static void key_str(FILE *f, const char *k, const char *v, bool *first)
{
	key(f, k, first);
	json_string(f, v);
}

static void key_num(FILE *f, const char *k, double v, bool *first)
{
	key(f, k, first);
	fprintf(f, "%.6g", v);
}

static void str_array(FILE *f, const struct strlist *sl)
{
	fputc('[', f);
	for (size_t i = 0; i < sl->n; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, sl->v[i]);
	}
	fputc(']', f);
}

/* The lab's notes, each a bounded excerpt (report_excerpt()). */
static void notes(FILE *f, const struct strlist *sl)
{
	struct strlist capped = STRLIST_INIT;

	for (size_t i = 0; i < sl->n; i++) {
		char *note = report_excerpt(sl->v[i]);

		sl_push(&capped, note);
		free(note);
	}
	str_array(f, &capped);
	sl_free(&capped);
}

/* Test @p i on each machine of a lab graded on several ([] otherwise). */
static void machine_outcomes(FILE *f, const struct lab_result *lr, size_t i)
{
	fputc('[', f);
	for (size_t m = 0; m < lr->nmachines && !lr->tests[i].rt->host; m++) {
		const struct lab_result *mr = &lr->machines[m];
		const struct graded_test *t = &mr->tests[i];
		bool first = true;

		fputs(m ? ", {" : "{", f);
		key_str(f, "machine", mr->machine->name, &first);
		key_str(f, "outcome", outcome_name(t->outcome), &first);
		key_str(f, "reason", t->reason, &first);
		fputc('}', f);
	}
	fputc(']', f);
}

static void machine(FILE *f, const struct rubric_machine *m)
{
	bool first = true;

	fputc('{', f);
	key_str(f, "name", m->name, &first);
	key_num(f, "mem_mib", m->mem_mib, &first);
	fputc('}', f);
}

static void test(FILE *f, const struct lab_result *lr,
		 const struct graded_test *t)
{
	bool first = true;

	fputc('{', f);
	key_str(f, "id", t->rt->id, &first);
	key_num(f, "points", t->rt->points * lr->rubric->weight, &first);
	key_num(f, "score", t->earned, &first);
	key_str(f, "visibility", t->rt->hidden ? "hidden" : "visible", &first);
	key_str(f, "outcome", outcome_name(t->outcome), &first);
	key_str(f, "reason", t->reason, &first);
	key_num(f, "boot", t->boot, &first);
	key_num(f, "seconds", t->seconds, &first);
	key_str(f, "diagnostics", sb_str(&t->diag), &first);
	key(f, "serial", &first);
	str_array(f, &t->serial);
	key(f, "machines", &first);
	machine_outcomes(f, lr, (size_t)(t - lr->tests));
	fputs("}", f);
}

static void boot(FILE *f, const struct boot_record *b)
{
	bool first = true;

	fputc('{', f);
	key_num(f, "boot", b->n, &first);
	key_str(f, "machine", b->machine, &first);
	key_str(f, "cmdline", b->cmdline, &first);
	key_str(f, "end", boot_end_name(b->end), &first);
	key_num(f, "exit_status", b->exit_status, &first);
	key_str(f, "why", b->why, &first);
	key_num(f, "seconds", b->seconds, &first);
	key_num(f, "classified", b->classified, &first);
	fputc('}', f);
}

static void rejected(FILE *f, const struct rejected_line *r)
{
	bool first = true;

	fputc('{', f);
	key_num(f, "boot", r->boot, &first);
	key_num(f, "line", r->lineno, &first);
	key_str(f, "reason", r->reason, &first);
	key_str(f, "text", r->text, &first);
	fputc('}', f);
}

/* The host half: "host": { "build_seconds", "suites", "seconds" }. */
static void host(FILE *f, const struct lab_result *lr)
{
	bool first = true;

	fputc('{', f);
	key_num(f, "build_seconds", lr->host_build_seconds, &first);
	key_num(f, "suites", lr->host_suites, &first);
	key_num(f, "seconds", lr->host_seconds, &first);
	fputc('}', f);
}

static void build(FILE *f, const struct lab_result *lr)
{
	bool first = true;

	fputc('{', f);
	key(f, "ok", &first);
	fputs(lr->built ? "true" : "false", f);
	key_num(f, "seconds", lr->build_seconds, &first);
	key_str(f, "errors", lr->build_errors, &first);
	fputc('}', f);
}

/* "key": [ item, item ] for an array of records. */
#define ARRAY(f, name, first, n, EMIT)				\
	do {							\
		key(f, name, first);				\
		fputc('[', f);					\
		for (size_t i_ = 0; i_ < (n); i_++) {		\
			fputs(i_ ? ",\n" : "\n", f);		\
			EMIT;					\
		}						\
		fputc(']', f);					\
	} while (0)

static void key_opt(FILE *f, const char *k, const char *v, bool *first)
{
	key(f, k, first);
	if (v)
		json_string(f, v);
	else
		fputs("null", f);
}

static void problem(FILE *f, const struct boot_problem *p, int boot,
		    const char *machine)
{
	bool first = true;

	fputc('{', f);
	key_num(f, "boot", boot, &first);
	key_opt(f, "machine", machine, &first);
	key_str(f, "kind", problem_kind_name(p->kind), &first);
	key(f, "fatal", &first);
	fputs(p->fatal ? "true" : "false", f);
	key_str(f, "what", p->what, &first);
	key_opt(f, "detail", p->detail, &first);
	key_opt(f, "file", p->file, &first);
	key(f, "trace", &first);
	str_array(f, &p->trace);
	fputc('}', f);
}

/* The problems of @p lr, or of its machines with boots numbered as merged. */
static void problems(FILE *f, const struct lab_result *lr, bool *first)
{
	bool any = false;
	int offset = 0;

	key(f, "problems", first);
	fputc('[', f);
	for (size_t i = 0; i < lr->nproblems; i++, any = true) {
		fputs(any ? ",\n" : "\n", f);
		problem(f, &lr->problems[i], lr->problems[i].boot, NULL);
	}
	for (size_t m = 0; m < lr->nmachines; m++) {
		const struct lab_result *mr = &lr->machines[m];

		for (size_t i = 0; i < mr->nproblems; i++, any = true) {
			fputs(any ? ",\n" : "\n", f);
			problem(f, &mr->problems[i], mr->problems[i].boot + offset,
				mr->machine->name);
		}
		offset += (int)mr->nboots;
	}
	fputc(']', f);
}

static void lab(FILE *f, const struct grade_run *run,
		const struct lab_result *lr)
{
	struct strbuf summary = STRBUF_INIT;
	bool first = true;

	fputc('{', f);
	key_num(f, "lab", lr->rubric->lab, &first);
	key_str(f, "title", lr->rubric->title, &first);
	key_num(f, "weight", lr->rubric->weight, &first);
	key_num(f, "score", lr->earned, &first);
	key_num(f, "max_score", lr->max, &first);
	key_num(f, "execution_time", lr->seconds, &first);
	key(f, "build", &first);
	build(f, lr);
	key(f, "host", &first);
	host(f, lr);
	ARRAY(f, "machines", &first, lr->nmachines,
	      machine(f, lr->machines[i_].machine));
	ARRAY(f, "boots", &first, lr->nboots, boot(f, &lr->boots[i_]));
	ARRAY(f, "tests", &first, lr->ntests, test(f, lr, &lr->tests[i_]));
	ARRAY(f, "rejected", &first, lr->nrejected,
	      rejected(f, &lr->rejected[i_]));
	key(f, "objcheck", &first);
	str_array(f, &lr->objcheck);
	key(f, "notes", &first);
	notes(f, &lr->notes);
	report_lab_summary(run, lr, &summary);
	key_str(f, "summary", sb_str(&summary), &first);
	problems(f, lr, &first);
	fputs("}", f);
	sb_free(&summary);
}

static void file(FILE *f, const struct file_record *fr)
{
	bool first = true;

	fputc('{', f);
	key_str(f, "path", fr->path, &first);
	key_str(f, "status", file_status_name(fr->status), &first);
	key_str(f, "found", fr->found, &first);
	key_str(f, "note", fr->note, &first);
	fputc('}', f);
}

static const char *status_word(const struct grade_run *run)
{
	switch (score_exit_status(run)) {
	case EXIT_ALL_PASSED: return "passed";
	case EXIT_SOME_FAILED: return "failed";
	default: return "error";
	}
}

void report_json(const struct grade_run *run, FILE *f)
{
	bool first = true;

	fputc('{', f);
	key_num(f, "score", run->earned, &first);
	key_num(f, "max_score", run->max, &first);
	key_str(f, "status", status_word(run), &first);
	key_str(f, "error", run->error, &first);
	key_num(f, "execution_time", run->seconds, &first);
	key_str(f, "src", run->src, &first);
	key_str(f, "submission", run->submission, &first);
	key_str(f, "emulator", run->emu, &first);
	key_num(f, "scale", run->scale, &first);
	key_str(f, "partial", run->partial, &first);
	ARRAY(f, "files", &first, run->nfiles, file(f, &run->files[i_]));
	key(f, "ignored", &first);
	str_array(f, &run->ignored);
	key(f, "warnings", &first);
	str_array(f, &run->warnings);
	ARRAY(f, "labs", &first, run->nlabs, lab(f, run, &run->labs[i_]));
	fputs("\n}\n", f);
}
