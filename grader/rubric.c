/**
 * @file
 * Parser for grader/rubrics/labN.rubric (syntax in rubric.h).
 *
 * The parser reports every problem it finds, each with its line number,
 * rather than stopping at the first: an instructor fixing a rubric wants
 * the whole list at once.  A rubric with any error is rejected as a whole
 * (the grader then exits with status 2), because grading against half a
 * rubric would give students wrong scores silently.
 */
#include "rubric.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objcheck.h"

/* State while parsing one file: where we are, for error messages. */
struct rparse {
	const char *name;
	int line;
	struct rubric *r;
	struct strlist *errs;
	bool weight_seen, title_seen, budget_seen;
};

static void perr(struct rparse *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void perr(struct rparse *ps, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	sb_addf(&sb, "%s:%d: ", ps->name, ps->line);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	sl_push(ps->errs, sb_str(&sb));
	sb_free(&sb);
}

/* Cut a comment: '#' at the start of the line or after a blank. */
static void strip_comment(char *s)
{
	for (char *p = s; *p; p++) {
		if (*p == '#' && (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Split @p s at blanks into at most @p max words; returns the count. */
static int split_words(char *s, char **w, int max)
{
	int n = 0;

	for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (n == max)
			return max + 1;
		w[n++] = tok;
	}
	return n;
}

/* A non-negative finite number ("2", "0.5"); false if it is not one. */
static bool parse_number(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !isfinite(v) || v < 0 || v > 1e6)
		return false;
	*out = v;
	return true;
}

static bool id_chars_ok(const char *id)
{
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return false;
	return true;
}

/* A test id must be "labN.something" for this rubric's lab N. */
static bool check_id(struct rparse *ps, const char *id)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "lab%d.", ps->r->lab);
	if (strlen(id) > RUBRIC_ID_MAX || !id_chars_ok(id)) {
		perr(ps, "bad test id '%s' (letters, digits, '_', '.', '-'; at most %d)",
		     id, RUBRIC_ID_MAX);
		return false;
	}
	if (strncmp(id, prefix, strlen(prefix)) || !id[strlen(prefix)]) {
		perr(ps, "test id '%s' does not start with '%s'", id, prefix);
		return false;
	}
	if (rubric_find(ps->r, id)) {
		perr(ps, "test '%s' is listed twice (first on line %d)", id,
		     rubric_find(ps->r, id)->line);
		return false;
	}
	return true;
}

/*
 * A manifest path names a file the overlay will write into the scratch
 * tree, so it must stay inside labs/: relative, no "..", no empty parts.
 */
static bool path_ok(const char *path)
{
	if (strncmp(path, "labs/", 5) || strstr(path, "//") ||
	    path[strlen(path) - 1] == '/')
		return false;
	for (const char *p = path; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-/", *p))
			return false;
	return !strstr(path, "/../") && !strstr(path, "/./") &&
	       strcmp(path + strlen(path) - 3, "/..") &&
	       strcmp(path + strlen(path) - 2, "/.");
}

static void add_test(struct rubric *r, const struct rubric_test *t)
{
	xgrow((void **)&r->tests, &r->cap, r->ntests + 1, sizeof(*r->tests));
	r->tests[r->ntests++] = *t;
}

/* Options after "test ID POINTS": hidden, visible, budget=SEC. */
static bool parse_test_option(struct rparse *ps, const char *opt,
			      struct rubric_test *t)
{
	if (!strcmp(opt, "hidden")) {
		t->hidden = true;
	} else if (!strcmp(opt, "visible")) {
		t->hidden = false;
	} else if (!strncmp(opt, "budget=", 7)) {
		if (!parse_number(opt + 7, &t->budget) || t->budget == 0) {
			perr(ps, "bad budget '%s' (seconds, more than 0)",
			     opt + 7);
			return false;
		}
	} else {
		perr(ps, "unknown test option '%s' (hidden, visible or budget=SEC)",
		     opt);
		return false;
	}
	return true;
}

static void do_test(struct rparse *ps, char **w, int n)
{
	struct rubric_test t = { .line = ps->line };

	if (n < 3) {
		perr(ps, "'test' needs an id and points: test ID POINTS [hidden] [budget=SEC]");
		return;
	}
	if (!check_id(ps, w[1]))
		return;
	if (!parse_number(w[2], &t.points)) {
		perr(ps, "bad points '%s' for test '%s' (a number, 0 or more)",
		     w[2], w[1]);
		return;
	}
	for (int i = 3; i < n; i++)
		if (!parse_test_option(ps, w[i], &t))
			return;
	t.id = xstrdup(w[1]);
	t.host = !strncmp(w[1] + strcspn(w[1], "."), ".host.", 6);
	add_test(ps->r, &t);
}

static void do_file(struct rparse *ps, char **w, int n)
{
	if (n != 2) {
		perr(ps, "'file' takes one path: file labs/labN/NAME.c");
		return;
	}
	if (!path_ok(w[1])) {
		perr(ps, "file '%s' must be a plain relative path under labs/",
		     w[1]);
		return;
	}
	if (sl_contains(&ps->r->files, w[1])) {
		perr(ps, "file '%s' is listed twice", w[1]);
		return;
	}
	sl_push(&ps->r->files, w[1]);
}

/* A machine name: short, lower case, digits and '-' ("64m", "900m"). */
static bool machine_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > RUBRIC_MACHINE_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '-')
			return false;
	return true;
}

/* "machine NAME mem=MIB": one more PC every test of the lab boots on. */
static void do_machine(struct rparse *ps, char **w, int n)
{
	struct rubric *r = ps->r;
	struct rubric_machine *m;
	double mem = 0;

	if (n != 3 || strncmp(w[2], "mem=", 4)) {
		perr(ps, "'machine' needs a name and a RAM size: machine NAME mem=MIB");
		return;
	}
	if (!machine_name_ok(w[1])) {
		perr(ps, "bad machine name '%s' (up to %d of a-z, 0-9 and '-')",
		     w[1], RUBRIC_MACHINE_NAME_MAX);
		return;
	}
	if (!parse_number(w[2] + 4, &mem) || mem != (int)mem ||
	    mem < RUBRIC_MEM_MIN || mem > RUBRIC_MEM_MAX) {
		perr(ps, "bad RAM size '%s' for machine '%s' (whole MiB, %d to %d)",
		     w[2] + 4, w[1], RUBRIC_MEM_MIN, RUBRIC_MEM_MAX);
		return;
	}
	for (size_t i = 0; i < r->nmachines; i++)
		if (!strcmp(r->machines[i].name, w[1])) {
			perr(ps, "machine '%s' is listed twice", w[1]);
			return;
		}
	if (r->nmachines == RUBRIC_MAX_MACHINES) {
		perr(ps, "more than %d machines", RUBRIC_MAX_MACHINES);
		return;
	}
	m = &r->machines[r->nmachines++];
	m->name = xstrdup(w[1]);
	m->mem_mib = (int)mem;
}

/* "weight W" and "budget SEC": one number, at most once per file. */
static void do_number(struct rparse *ps, char **w, int n, bool *seen,
		      double *out, bool zero_ok)
{
	double v;

	if (n != 2 || !parse_number(w[1], &v) || (!zero_ok && v == 0)) {
		perr(ps, "'%s' takes one number%s", w[0],
		     zero_ok ? ", 0 or more" : ", more than 0");
		return;
	}
	if (*seen) {
		perr(ps, "'%s' given twice", w[0]);
		return;
	}
	*seen = true;
	*out = v;
}

static void do_title(struct rparse *ps, const char *rest)
{
	if (ps->title_seen) {
		perr(ps, "'title' given twice");
		return;
	}
	ps->title_seen = true;
	free(ps->r->title);
	ps->r->title = xstrdup(rest);
}

/* A symbol name as the object check sees it: a C identifier (or '.', '$'). */
static bool symbol_ok(const char *s)
{
	if (!*s || isdigit((unsigned char)*s) || strlen(s) > RUBRIC_ID_MAX)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.$", *s))
			return false;
	return true;
}

/* "allow SYM...", "allow-insn FAMILY...", "override SYM...". */
static void do_names(struct rparse *ps, char **w, int n, struct strlist *out)
{
	bool insn = !strcmp(w[0], "allow-insn");

	if (n < 2)
		perr(ps, "'%s' needs at least one name", w[0]);
	for (int i = 1; i < n; i++) {
		if (insn && !objcheck_insn_known(w[i]))
			perr(ps, "allow-insn: '%s' is not a privileged instruction the object check knows (grader/README.md)",
			     w[i]);
		else if (!insn && !symbol_ok(w[i]))
			perr(ps, "%s: bad symbol name '%s'", w[0], w[i]);
		else if (!insn && objcheck_reserved(w[i]))
			perr(ps, "%s: '%s' belongs to %s and is never allowed to lab code",
			     w[0], w[i], objcheck_reserved(w[i]));
		else if (!sl_contains(out, w[i]))
			sl_push(out, w[i]);
	}
}

static void parse_line(struct rparse *ps, char *line)
{
	char *w[16] = { NULL };
	char *s = trim(line);
	int n;

	strip_comment(s);
	s = trim(s);
	if (!*s)
		return;
	if (!strncmp(s, "title", 5) && (!s[5] || isspace((unsigned char)s[5]))) {
		do_title(ps, trim(s + 5));
		return;
	}
	n = split_words(s, w, (int)ARRAY_SIZE(w));
	if (n == 0)
		return;
	if (n > (int)ARRAY_SIZE(w))
		perr(ps, "too many words");
	else if (!strcmp(w[0], "test"))
		do_test(ps, w, n);
	else if (!strcmp(w[0], "file"))
		do_file(ps, w, n);
	else if (!strcmp(w[0], "weight"))
		do_number(ps, w, n, &ps->weight_seen, &ps->r->weight, true);
	else if (!strcmp(w[0], "budget"))
		do_number(ps, w, n, &ps->budget_seen, &ps->r->budget, false);
	else if (!strcmp(w[0], "machine"))
		do_machine(ps, w, n);
	else if (!strcmp(w[0], "allow"))
		do_names(ps, w, n, &ps->r->allow);
	else if (!strcmp(w[0], "allow-insn"))
		do_names(ps, w, n, &ps->r->allow_insns);
	else if (!strcmp(w[0], "override"))
		do_names(ps, w, n, &ps->r->overrides);
	else
		perr(ps, "unknown keyword '%s' (title, weight, budget, machine, file, test, allow, allow-insn or override)",
		     w[0]);
}

int rubric_parse(const char *text, const char *name, int lab,
		 struct rubric *r, struct strlist *errs)
{
	struct rparse ps = { .name = name, .r = r, .errs = errs };
	size_t errs_before = errs->n;
	char *copy = xstrdup(text), *save = NULL;

	memset(r, 0, sizeof(*r));
	r->lab = lab;
	r->weight = 1;
	r->title = xstrdup("");
	r->path = xstrdup(name);
	for (char *line = copy; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		ps.line++;
		parse_line(&ps, line);
	}
	free(copy);
	if (r->ntests == 0)
		sl_pushf(errs, "%s: no 'test' lines: a rubric must list the tests it grades",
			 name);
	return errs->n == errs_before ? 0 : -1;
}

int rubric_load(const char *path, int lab, struct rubric *r,
		struct strlist *errs)
{
	struct strbuf text = STRBUF_INIT;
	int err = read_file(path, &text);
	int ret;

	if (err) {
		memset(r, 0, sizeof(*r));
		sl_pushf(errs, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	ret = rubric_parse(sb_str(&text), path, lab, r, errs);
	sb_free(&text);
	return ret;
}

double rubric_max_points(const struct rubric *r)
{
	double sum = 0;

	for (size_t i = 0; i < r->ntests; i++)
		sum += r->tests[i].points;
	return sum;
}

const struct rubric_test *rubric_find(const struct rubric *r, const char *id)
{
	for (size_t i = 0; i < r->ntests; i++)
		if (!strcmp(r->tests[i].id, id))
			return &r->tests[i];
	return NULL;
}

static bool matches_any(const char *id, const char *globs)
{
	char *list = xstrdup(globs), *save = NULL;
	bool hit = false;

	for (char *g = strtok_r(list, ",", &save); g && !hit;
	     g = strtok_r(NULL, ",", &save))
		hit = fnmatch(g, id, 0) == 0;
	free(list);
	return hit;
}

size_t rubric_select(struct rubric *r, const char *globs)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->ntests; i++) {
		if (matches_any(r->tests[i].id, globs))
			r->tests[kept++] = r->tests[i];
		else
			free(r->tests[i].id);
	}
	r->ntests = kept;
	return kept;
}

void rubric_free(struct rubric *r)
{
	for (size_t i = 0; i < r->ntests; i++)
		free(r->tests[i].id);
	free(r->tests);
	free(r->title);
	free(r->path);
	sl_free(&r->files);
	sl_free(&r->allow);
	sl_free(&r->allow_insns);
	sl_free(&r->overrides);
	for (size_t i = 0; i < r->nmachines; i++)
		free(r->machines[i].name);
	memset(r, 0, sizeof(*r));
}
