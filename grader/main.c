/**
 * @file
 * `grade`: the kit's autograder (usage: grade --help; manual:
 * grader/README.md).
 *
 * main() only wires the steps together: options, grading, scoring,
 * report, exit status (0 all passed, 1 some failed, 2 could not grade).
 * The text report goes to the terminal (stdout) in any case when
 * --format text; the chosen format also goes to --out when given.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "grade.h"
#include "options.h"
#include "proc.h"
#include "report/report.h"
#include "results.h"
#include "tapsummary.h"

static int write_report(const struct grade_run *run,
			const struct options *opt)
{
	FILE *f;

	if (opt->format == FORMAT_TEXT)
		report_write(run, FORMAT_TEXT, stdout);
	if (!opt->out) {
		if (opt->format != FORMAT_TEXT)
			report_write(run, opt->format, stdout);
		return 0;
	}
	f = fopen(opt->out, "w");
	if (!f) {
		fprintf(stderr, "grade: cannot write %s: %s\n", opt->out,
			strerror(errno));
		return -1;
	}
	report_write(run, opt->format, f);
	if (fclose(f)) {
		fprintf(stderr, "grade: cannot write %s: %s\n", opt->out,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* --tap-summary FILE: 0, or EXIT_GRADING_ERROR if FILE cannot be read. */
static int summarise(const char *path)
{
	FILE *f = fopen(path, "r");
	int err;

	if (!f) {
		fprintf(stderr, "grade: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_GRADING_ERROR;
	}
	err = tap_summary(f, stdout);
	fclose(f);
	if (err) {
		fprintf(stderr, "grade: cannot read %s\n", path);
		return EXIT_GRADING_ERROR;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct grade_run run;
	int status;

	switch (options_parse(&opt, argc, argv)) {
	case 1:
		return 0;
	case -1:
		return EXIT_GRADING_ERROR;
	}
	if (opt.tap_summary)
		return summarise(opt.tap_summary);
	proc_catch_signals();
	grade(&opt, &run);
	score_run(&run);
	if (run.error)
		fprintf(stderr, "grade: error: %s\n", run.error);
	status = score_exit_status(&run);
	if (write_report(&run, &opt))
		status = EXIT_GRADING_ERROR;
	grade_run_free(&run);
	return status;
}
