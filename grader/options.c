/**
 * @file
 * Command-line parsing for `grade`, with --help as its manual.
 *
 * Bad options are a usage error (exit status 2): grading did not run.
 */
#include "options.h"
#include "hostsuite.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
"usage: grade [options]\n"
"Build a kit tree in a scratch directory, boot it under an emulator, read\n"
"the kernel's TAP tests from the serial console and score them.\n"
"\n"
"What to grade:\n"
"  --lab N|all         lab (stage) to grade, 0..8, or every lab with a rubric\n"
"                      (default all)\n"
"  --src labs|solutions\n"
"                      tree: the kit's labs/ (default) or the reference\n"
"  --submission DIR    a student's submission: only the rubric's files are\n"
"                      taken from DIR (kit layout, or flat: FILE or labN/FILE)\n"
"  --emu bochs|qemu    emulator (default bochs)\n"
"  --test GLOBS       grade only these tests (comma-separated, e.g.\n"
"                      'lab3.merge.*'); the report says it is partial\n"
"  --fail-fast         stop at the first test that does not pass; the rest\n"
"                      are not run (make mutants: a mutant is killed as\n"
"                      soon as one test sees it)\n"
"\n"
"Reports (live progress always goes to stderr):\n"
"  --format F          text (default), json, tap, junit or gradescope\n"
"  --out PATH          write the report there (text is also shown)\n"
"  --quiet             no live progress lines\n"
"\n"
"Budgets: tests and boots in seconds of the guest's emulated time (the\n"
"kernel enforces them), host cases in CPU seconds (prlimit):\n"
"  --test-budget S     per test, unless the rubric gives one (60)\n"
"  --boot-budget S     the labs' boot code, mm_init (120)\n"
"  --host-budget S     CPU seconds per host case (5): a case's own time, so\n"
"                      a busy machine changes nothing; the reference's\n"
"                      slowest case needs half a second\n"
"Host safety nets, in host seconds (each multiplied by --scale):\n"
"  --scale F           stretch every host net by F (1); never changes a verdict\n"
"  --run-cap S         all boots of one lab together (900)\n"
"  --build-timeout S   one kernel build (300)\n"
"\n"
"Where things are:\n"
"  --kit DIR           the pristine kit (default: found from this program)\n"
"  --rubrics DIR       rubric files (default KIT/grader/rubrics)\n"
"  --bootrun PATH      runner (default KIT/build/tools/bootrun)\n"
"  --scratch DIR       scratch parent (default KIT/build/grade)\n"
"  --keep              keep the scratch tree, builds and serial logs\n"
"  --jobs N            labs graded at once, and make -j (default: CPUs)\n"
"  --cache DIR         the kit's own objects, built once per kit version\n"
"                      (default KIT/build/grade-cache)\n"
"  --no-cache          rebuild everything for every lab, one lab at a time\n"
"  --mem MIB           guest RAM passed to bootrun\n"
"  --cmdline-max N     longest kernel command line to write (480)\n"
"\n"
"For scripts:\n"
"  --tap-summary FILE  grade nothing: print the TAP results of the boot whose\n"
"                      console log (or harness channel) FILE is, one line\n"
"                      each (\"ok ID\", \"ok ID skip\", \"not_ok ID\"), \"end\" if\n"
"                      the harness finished, last \"results OK NOT_OK SKIPPED\"\n"
"\n"
"Exit status: 0 every graded test passed, 1 some did not, 2 grading could\n"
"not run.  The text report ends with the line \"score: X/Y\".\n";

void options_defaults(struct options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->lab = LAB_ALL;
	opt->src = "labs";
	opt->emu = "bochs";
	opt->format = FORMAT_TEXT;
	opt->scale = 1;
	opt->test_budget = 60;
	opt->boot_budget = 120;
	opt->host_budget = HOST_CPU_BUDGET;
	opt->net_per_budget = 2;
	opt->net_slack = 60;
	opt->run_cap = 900;
	opt->build_timeout = 300;
	opt->cmdline_max = 480;
	opt->progress = stderr;
}

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text", [FORMAT_JSON] = "json", [FORMAT_TAP] = "tap",
	[FORMAT_JUNIT] = "junit", [FORMAT_GRADESCOPE] = "gradescope",
};

const char *format_name(enum report_format f)
{
	return format_names[f];
}

static int bad(const char *what, const char *arg)
{
	fprintf(stderr, "grade: bad %s '%s' (see grade --help)\n", what, arg);
	return -1;
}

static int parse_seconds(const char *arg, double *out, const char *what)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v <= 0 || v > 1e6)
		return bad(what, arg);
	*out = v;
	return 0;
}

static int parse_int(const char *arg, int lo, int hi, int *out,
		     const char *what)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < lo || v > hi)
		return bad(what, arg);
	*out = (int)v;
	return 0;
}

static int parse_lab(const char *arg, int *lab)
{
	if (!strcmp(arg, "all")) {
		*lab = LAB_ALL;
		return 0;
	}
	return parse_int(arg, 0, 8, lab, "lab (0..8 or all)");
}

static int parse_format(const char *arg, enum report_format *f)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names); i++) {
		if (!strcmp(arg, format_names[i])) {
			*f = (enum report_format)i;
			return 0;
		}
	}
	return bad("format (text, json, tap, junit, gradescope)", arg);
}

static int parse_choice(const char *arg, const char *a, const char *b,
			const char **out, const char *what)
{
	if (strcmp(arg, a) && strcmp(arg, b))
		return bad(what, arg);
	*out = arg;
	return 0;
}

enum {
	OPT_LAB = 256, OPT_SRC, OPT_SUBMISSION, OPT_EMU, OPT_FORMAT, OPT_OUT,
	OPT_SCALE, OPT_KIT, OPT_RUBRICS, OPT_BOOTRUN, OPT_SCRATCH, OPT_KEEP,
	OPT_QUIET, OPT_JOBS, OPT_MEM, OPT_TEST_BUDGET, OPT_BOOT_BUDGET,
	OPT_HOST_BUDGET,
	OPT_RUN_CAP, OPT_BUILD_TIMEOUT, OPT_CMDLINE_MAX, OPT_TEST, OPT_HELP,
	OPT_VERSION, OPT_CACHE, OPT_NO_CACHE, OPT_FAIL_FAST, OPT_TAP_SUMMARY,
};

static const struct option longopts[] = {
	{ "lab", required_argument, NULL, OPT_LAB },
	{ "test", required_argument, NULL, OPT_TEST },
	{ "src", required_argument, NULL, OPT_SRC },
	{ "submission", required_argument, NULL, OPT_SUBMISSION },
	{ "emu", required_argument, NULL, OPT_EMU },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "kit", required_argument, NULL, OPT_KIT },
	{ "rubrics", required_argument, NULL, OPT_RUBRICS },
	{ "bootrun", required_argument, NULL, OPT_BOOTRUN },
	{ "scratch", required_argument, NULL, OPT_SCRATCH },
	{ "cache", required_argument, NULL, OPT_CACHE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "test-budget", required_argument, NULL, OPT_TEST_BUDGET },
	{ "boot-budget", required_argument, NULL, OPT_BOOT_BUDGET },
	{ "host-budget", required_argument, NULL, OPT_HOST_BUDGET },
	{ "run-cap", required_argument, NULL, OPT_RUN_CAP },
	{ "build-timeout", required_argument, NULL, OPT_BUILD_TIMEOUT },
	{ "cmdline-max", required_argument, NULL, OPT_CMDLINE_MAX },
	{ "tap-summary", required_argument, NULL, OPT_TAP_SUMMARY },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Empty strings come from `make grade` with a variable left unset. */
static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* Options that name a path, or are flags: nothing to check. */
static int apply_plain(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_SUBMISSION:
		o->submission = nonempty(arg);
		break;
	case OPT_OUT:
		o->out = nonempty(arg);
		break;
	case OPT_KIT:
		o->kit = nonempty(arg);
		break;
	case OPT_RUBRICS:
		o->rubrics = nonempty(arg);
		break;
	case OPT_BOOTRUN:
		o->bootrun = nonempty(arg);
		break;
	case OPT_SCRATCH:
		o->scratch = nonempty(arg);
		break;
	case OPT_CACHE:
		o->cache = nonempty(arg);
		break;
	case OPT_NO_CACHE:
		o->no_cache = true;
		break;
	case OPT_FAIL_FAST:
		o->fail_fast = true;
		break;
	case OPT_TEST:
		o->tests = nonempty(arg);
		break;
	case OPT_KEEP:
		o->keep = true;
		break;
	case OPT_QUIET:
		o->quiet = true;
		break;
	case OPT_TAP_SUMMARY:
		o->tap_summary = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

/* Options whose value must be one of a set, or a number in range. */
static int apply(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_LAB:
		return parse_lab(arg, &o->lab);
	case OPT_SRC:
		return parse_choice(arg, "labs", "solutions", &o->src,
				    "src (labs or solutions)");
	case OPT_EMU:
		return parse_choice(arg, "bochs", "qemu", &o->emu,
				    "emulator (bochs or qemu)");
	case OPT_FORMAT:
		return parse_format(arg, &o->format);
	case OPT_SCALE:
		return parse_seconds(arg, &o->scale, "scale");
	case OPT_JOBS:
		return parse_int(arg, 1, 256, &o->jobs, "job count");
	case OPT_MEM:	/* bootrun's range: no PAE, 3 GiB at most */
		return parse_int(arg, 16, 3072, &o->mem_mib, "memory size (MiB)");
	case OPT_TEST_BUDGET:
		return parse_seconds(arg, &o->test_budget, "test budget");
	case OPT_BOOT_BUDGET:
		return parse_seconds(arg, &o->boot_budget, "boot budget");
	case OPT_HOST_BUDGET:	/* prlimit counts whole seconds */
		return parse_int(arg, 1, 3600, &o->host_budget,
				 "host budget (whole CPU seconds)");
	case OPT_RUN_CAP:
		return parse_seconds(arg, &o->run_cap, "run cap");
	case OPT_BUILD_TIMEOUT:
		return parse_seconds(arg, &o->build_timeout, "build timeout");
	case OPT_CMDLINE_MAX:
		return parse_int(arg, 64, 4096, &o->cmdline_max,
				 "command-line length");
	}
	return apply_plain(o, c, arg);
}

/* Rules between options that each look fine alone. */
static int check(const struct options *o)
{
	if (o->submission && !strcmp(o->src, "solutions")) {
		fprintf(stderr, "grade: --submission grades a student's labs; it cannot be combined with --src solutions\n");
		return -1;
	}
	return 0;
}

int options_parse(struct options *opt, int argc, char **argv)
{
	int c;

	options_defaults(opt);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == OPT_VERSION) {
			puts("grade 1.0 (kit autograder)");
			return 1;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "grade: unknown option or missing value: %s (see grade --help)\n",
				argv[optind - 1]);
			return -1;
		}
		if (apply(opt, c, optarg))
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "grade: unexpected argument '%s' (see grade --help)\n",
			argv[optind]);
		return -1;
	}
	return check(opt);
}
