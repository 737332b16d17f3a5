/**
 * @file
 * The pieces of text every report format shares (report.h), so a
 * crash reads the same in the terminal, JUnit and Gradescope.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "machines.h"

void report_write(const struct grade_run *run, enum report_format f,
		  FILE *out)
{
	static void (*const writers[])(const struct grade_run *, FILE *) = {
		[FORMAT_TEXT] = report_text,
		[FORMAT_JSON] = report_json,
		[FORMAT_TAP] = report_tap,
		[FORMAT_JUNIT] = report_junit,
		[FORMAT_GRADESCOPE] = report_gradescope,
	};

	writers[f](run, out);
	fflush(out);
}

const char *file_status_name(enum file_status s)
{
	static const char *const names[] = {
		[FILE_COPIED] = "taken from the submission",
		[FILE_MISSING] = "missing",
		[FILE_REJECTED] = "rejected",
		[FILE_KIT] = "graded from the kit's tree",
	};
	return names[s];
}

void report_indent(struct strbuf *sb, const char *text, const char *indent)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");

		sb_add(sb, indent);
		sb_addn(sb, p, n);
		sb_addc(sb, '\n');
		p += n + (p[n] == '\n');
	}
}

void report_lab_title(const struct lab_result *lr, struct strbuf *sb)
{
	sb_addf(sb, "lab %d", lr->rubric->lab);
	if (*lr->rubric->title)
		sb_addf(sb, ": %s", lr->rubric->title);
}

char *report_excerpt(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	size_t lines = 0, cut = 0;

	while (*p) {
		size_t len = strcspn(p, "\n");

		if (lines < REPORT_NOTE_LINES &&
		    sb.len + len + 1 <= REPORT_NOTE_BYTES) {
			sb_addn(&sb, p, len);
			if (p[len])
				sb_addc(&sb, '\n');
			lines++;
		} else {
			cut++;
		}
		p += len + (p[len] == '\n');
	}
	if (cut)
		sb_addf(&sb, "%s... (%zu line%s cut)", sb.len &&
			sb.buf[sb.len - 1] != '\n' ? "\n" : "", cut,
			cut == 1 ? "" : "s");
	return sb.buf ? sb.buf : xstrdup("");
}

void report_test_details(const struct graded_test *t, struct strbuf *sb)
{
	sb_addf(sb, "%s", outcome_name(t->outcome));
	if (t->boot)
		sb_addf(sb, " (boot %d)", t->boot);
	sb_addf(sb, "%s%s\n", t->reason ? ": " : "", t->reason ? t->reason : "");
	if (t->diag.len)
		sb_add(sb, sb_str(&t->diag));
	if (t->serial.n) {
		sb_add(sb, "serial lines while it ran");
		if (t->serial_dropped)
			sb_addf(sb, " (the last %zu; %zu before them not kept)",
				t->serial.n, t->serial_dropped);
		sb_add(sb, ":\n");
		for (size_t i = 0; i < t->serial.n; i++)
			sb_addf(sb, "  | %s\n", t->serial.v[i]);
	}
}

void report_lab_details(const struct lab_result *lr, struct strbuf *sb)
{
	if (!lr->built && lr->build_errors) {
		sb_addf(sb, "lab %d did not build; compiler output:\n",
			lr->rubric->lab);
		report_indent(sb, lr->build_errors, "  ");
	}
	if (lr->objcheck.n)
		sb_addf(sb, "lab %d was not booted: the object check refused its objects (grader/README.md, \"Object check\"):\n",
			lr->rubric->lab);
	for (size_t i = 0; i < lr->objcheck.n; i++)
		sb_addf(sb, "  %s\n", lr->objcheck.v[i]);
	if (lr->nmachines) {
		sb_addf(sb, "graded on %zu machines:", lr->nmachines);
		for (size_t i = 0; i < lr->nmachines; i++) {
			char *label = machine_label(lr->machines[i].machine);

			sb_addf(sb, "%s %s", i ? "," : "", label);
			free(label);
		}
		sb_add(sb, "; a test passes if it passes on each machine where it applies\n");
	}
	for (size_t i = 0; i < lr->notes.n; i++) {
		char *note = report_excerpt(lr->notes.v[i]);

		sb_addf(sb, "note: %s\n", note);
		free(note);
	}
	if (lr->nrejected)
		sb_addf(sb, "rejected serial lines (not believed; possible forgeries):\n");
	for (size_t i = 0; i < lr->nrejected; i++) {
		const struct rejected_line *r = &lr->rejected[i];

		sb_addf(sb, "  boot %d, line %d: %s: %s\n", r->boot, r->lineno,
			r->reason, r->text);
	}
}

void report_run_details(const struct grade_run *run, struct strbuf *sb)
{
	if (run->partial)
		sb_addf(sb, "partial grade: only the tests matching %s were run; the score counts them alone\n",
			run->partial);
	if (run->error)
		sb_addf(sb, "grading could not run: %s\n", run->error);
	if (run->nfiles)
		sb_add(sb, "student files:\n");
	for (size_t i = 0; i < run->nfiles; i++) {
		const struct file_record *f = &run->files[i];

		sb_addf(sb, "  %-32s %s", f->path, file_status_name(f->status));
		if (f->found && strcmp(f->found, f->path))
			sb_addf(sb, " (found at %s)", f->found);
		if (f->note)
			sb_addf(sb, ": %s", f->note);
		sb_addc(sb, '\n');
	}
	if (run->ignored.n)
		sb_add(sb, "ignored (not student-owned; not used for grading):\n");
	for (size_t i = 0; i < run->ignored.n; i++)
		sb_addf(sb, "  %s\n", run->ignored.v[i]);
	for (size_t i = 0; i < run->warnings.n; i++)
		sb_addf(sb, "warning: %s\n", run->warnings.v[i]);
}
