/**
 * @file
 * The grader's command line (see grade --help, and README.md).
 *
 * Test and boot budgets are seconds of the guest's emulated time: the
 * kernel's NMI watchdog enforces them, so a verdict is the same on an idle
 * and a busy host.  Everything measured on the host (the safety nets, the
 * run cap, the build timeout) is multiplied by --scale, which can make
 * grading wait longer but never changes a verdict.
 */
#ifndef GRADER_OPTIONS_H
#define GRADER_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#define LAB_ALL (-1)

enum report_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_TAP,
	FORMAT_JUNIT,
	FORMAT_GRADESCOPE,
};

struct options {
	int lab;		/* 0..8, or LAB_ALL */
	const char *src;	/* "labs" or "solutions" */
	const char *submission;	/* NULL: grade the kit's own tree */
	const char *emu;	/* "bochs" or "qemu" */
	enum report_format format;
	const char *out;	/* NULL: stdout */
	double scale;
	const char *kit;	/* NULL: found from the executable or cwd */
	const char *rubrics;	/* NULL: KIT/grader/rubrics */
	const char *bootrun;	/* NULL: KIT/build/tools/bootrun */
	const char *scratch;	/* NULL: KIT/build/grade */
	const char *cache;	/* NULL: KIT/build/grade-cache */
	bool no_cache;		/* build everything, one lab at a time */
	bool fail_fast;		/* stop at the first test that does not pass */
	const char *tests;	/* --test: comma-separated globs; NULL = all */
	bool keep;		/* keep the scratch directory */
	bool quiet;		/* no live progress */
	int jobs;		/* labs at once, make -j; 0 = CPUs */
	int mem_mib;		/* guest RAM; 0 = bootrun's default */
	double test_budget;	/* per test: emulated seconds (the guest's clock) */
	double boot_budget;	/* mm_init: emulated seconds */
	int host_budget;	/* per host case: CPU seconds (prlimit) */
	/* Host net for an emulated budget B: (B * per_budget + slack) * scale. */
	double net_per_budget;	/* host seconds per emulated second */
	double net_slack;	/* host seconds */
	double run_cap;		/* all boots of one lab together */
	double build_timeout;	/* one `make image` */
	int cmdline_max;	/* longest kernel command line we write */
	FILE *progress;		/* live progress stream (stderr) */
	const char *tap_summary;	/* --tap-summary: summarise this log, grade nothing */
};

/* Fill @p opt with the defaults. */
void options_defaults(struct options *opt);

/**
 * options_parse() - Parse argv into @p opt (defaults first).
 * @return 0 to go on, 1 when --help or --version was printed (exit 0),
 *         -1 after printing a usage error (exit 2).
 */
int options_parse(struct options *opt, int argc, char **argv);

const char *format_name(enum report_format f);

#endif /* GRADER_OPTIONS_H */
