/**
 * @file
 * The few lines a lab's report starts with, in every format: what
 * stopped the boot, and which earlier lab to grade first.
 *
 *     the kernel stopped during boot 1 (on 1g), before its first test:
 *       kernel BUG at labs/lab2/page_alloc_init.c:285! BUG_ON(...) in zone_sizes_init+0x3c/0x120
 *       so none of this boot's tests ran (they are listed as missing)
 *     warning during boot 1 (the boot went on, the tests ran):
 *       WARNING: at labs/lab5/vmalloc.c:88 (Trying to vfree() bad address) in vfree+0x2e/0x80
 *     lab 3's failures may come from lab 2: zone_sizes_init() (labs/lab2/page_alloc_init.c) crashed during boot; grade lab 2 first
 *
 * Stage N's kernel runs the code of labs 0..N, so a mistake in an earlier
 * lab shows up as a later lab's failure.  Two kinds of evidence name it:
 *
 *  - where: the innermost function of a boot problem or of a crashed or
 *    hung test (its "EIP is at" line, then its call trace), or the file of
 *    a BUG or WARN, is defined in a file of an earlier lab's manifest;
 *  - what: an earlier lab graded in the same run has tests that did not
 *    pass, and this lab's code or tests call functions of it.
 *
 * Which functions a file defines, and which a lab calls, is read from the
 * sources: the graded files (the submission's, else the kit's), the kit's
 * solutions/ where they exist, and the kit's tests/labN/ for the calls.
 */
#include "report.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "serial.h"

/* A function defined in a manifest file. */
struct fn_home {
	char *fn;
	int lab;
	const char *path;	/* the manifest path, owned by the rubric */
};

struct fn_map {
	struct fn_home *v;
	size_t n, cap;
};

/* C text with comments, strings and character constants blanked out. */
static void strip_c(char *s)
{
	for (char *p = s; *p; p++) {
		if (p[0] == '/' && p[1] == '*') {
			char *e = strstr(p + 2, "*/");
			char *end = e ? e + 2 : p + strlen(p);

			for (; p < end; p++)
				if (*p != '\n')
					*p = ' ';
			p--;
		} else if (p[0] == '/' && p[1] == '/') {
			for (; *p && *p != '\n'; p++)
				*p = ' ';
			p--;
		} else if (*p == '"' || *p == '\'') {
			char q = *p;

			for (p++; *p && *p != q && *p != '\n'; p++) {
				if (*p == '\\' && p[1])
					*p++ = ' ';
				*p = ' ';
			}
			if (!*p)
				return;
		}
	}
}

/* The text of C file @p path without comments or strings, or NULL. */
static char *read_c(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *text;

	if (read_file(path, &sb)) {
		sb_free(&sb);
		return NULL;
	}
	text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	strip_c(text);
	return text;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * The name of the function a line defines, in the kit's style: the
 * declaration starts at column 0, the name is the identifier before the
 * first '(' and the line is no prototype or initialiser (';', '=').
 */
static char *defined_on(const char *line, size_t len)
{
	const char *paren = memchr(line, '(', len), *b;

	if (!len || !(isalpha((unsigned char)line[0]) || line[0] == '_') ||
	    !paren || memchr(line, ';', len) || memchr(line, '=', len) ||
	    !strncmp(line, "typedef", 7))
		return NULL;
	b = paren;
	while (b > line && b[-1] == ' ')
		b--;
	paren = b;
	while (b > line && ident_char(b[-1]))
		b--;
	return b < paren ? xstrndup(b, (size_t)(paren - b)) : NULL;
}

static void map_file(struct fn_map *m, const char *file, int lab,
		     const char *path)
{
	char *text = read_c(file);

	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		char *fn = defined_on(p, len);

		if (fn) {
			xgrow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v));
			m->v[m->n++] = (struct fn_home){ fn, lab, path };
		}
		p += len + (p[len] == '\n');
	}
	free(text);
}

/* Where the grade took manifest file @p path from, if from a submission. */
static const char *submitted(const struct grade_run *run, const char *path)
{
	for (size_t i = 0; i < run->nfiles; i++)
		if (!strcmp(run->files[i].path, path) &&
		    run->files[i].status == FILE_COPIED && run->files[i].found)
			return run->files[i].found;
	return NULL;
}

/* The sources of manifest file @p path of lab @p lab: up to three. */
static size_t sources(const struct grade_run *run, const char *path,
		      char *out[3])
{
	const char *found = submitted(run, path);
	size_t n = 0;

	if (found && run->submission)
		out[n++] = xasprintf("%s/%s", run->submission, found);
	if (run->kit) {
		out[n++] = xasprintf("%s/%s", run->kit, path);
		if (!strncmp(path, "labs/", 5))
			out[n++] = xasprintf("%s/solutions/%s", run->kit, path + 5);
	}
	return n;
}

static void map_build(struct fn_map *m, const struct grade_run *run)
{
	for (size_t r = 0; r < run->nrubrics; r++) {
		const struct rubric *rb = &run->rubrics[r];

		for (size_t f = 0; f < rb->files.n; f++) {
			char *src[3];
			size_t n = sources(run, rb->files.v[f], src);

			for (size_t i = 0; i < n; i++) {
				map_file(m, src[i], rb->lab, rb->files.v[f]);
				free(src[i]);
			}
		}
	}
}

static void map_free(struct fn_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].fn);
	free(m->v);
}

/*
 * The home of "vmap+0x1c/0x90" seen from lab @p lab's kernel: a static
 * helper may have the same name in several labs (a page-table walker),
 * so lab @p lab's own file wins, then the latest earlier lab's.
 */
static const struct fn_home *home_of(const struct fn_map *m, const char *sym,
				     int lab)
{
	size_t n = strcspn(sym, "+ ");
	const struct fn_home *best = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const struct fn_home *h = &m->v[i];

		if (strlen(h->fn) != n || strncmp(h->fn, sym, n) || h->lab > lab)
			continue;
		if (!best || h->lab > best->lab)
			best = h;
	}
	return best;
}

/* Does lab @p dep define the function named by @p n bytes of @p name? */
static bool defines(const struct fn_map *m, int dep, const char *name,
		    size_t n)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].lab == dep && strlen(m->v[i].fn) == n &&
		    !strncmp(m->v[i].fn, name, n))
			return true;
	return false;
}

/* The lab whose manifest holds @p path, or -1. */
static int lab_of_file(const struct grade_run *run, const char *path,
		       const char **manifest_path)
{
	for (size_t r = 0; r < run->nrubrics; r++)
		for (size_t f = 0; f < run->rubrics[r].files.n; f++)
			if (!strcmp(run->rubrics[r].files.v[f], path)) {
				*manifest_path = run->rubrics[r].files.v[f];
				return run->rubrics[r].lab;
			}
	return -1;
}

/* ---- blame: an earlier lab's code as the cause ---------------------------- */

struct blame {
	int lab;		/* the earlier lab, -1 none */
	char *why;		/* "vmap() (labs/lab5/vmap.c) crashed during boot" */
};

static void blame_set(struct blame *b, int lab, char *why)
{
	if (b->lab >= 0) {	/* the first evidence found stands */
		free(why);
		return;
	}
	b->lab = lab;
	b->why = why;
}

/*
 * Blame the earlier lab where trouble fired: @p file (a BUG's or WARN's)
 * or the first function of @p trace that a lab's file defines.
 */
static void blame_where(struct blame *b, const struct grade_run *run,
			const struct fn_map *m, int lab, const char *file,
			const struct strlist *trace, const char *what)
{
	const struct fn_home *h = NULL;
	const char *path = NULL;
	int home = file ? lab_of_file(run, file, &path) : -1;

	for (size_t i = 0; home < 0 && i < trace->n; i++)
		if ((h = home_of(m, trace->v[i], lab)) != NULL)
			home = h->lab;
	if (home < 0 || home >= lab)
		return;
	if (h)
		blame_set(b, home, xasprintf("%s() (%s) %s", h->fn, h->path, what));
	else
		blame_set(b, home, xasprintf("%s %s", path, what));
}

/* The "EIP is at" function and the call trace of a test's serial lines. */
static void test_trace(const struct graded_test *t, struct strlist *trace)
{
	for (size_t i = 0; i < t->serial.n; i++) {
		const char *l = t->serial.v[i], *fn;

		if (!strncmp(l, "EIP is at ", 10))
			sl_push(trace, l + 10);
		else if (!strncmp(l, " [<", 3) && (fn = strstr(l, "] ")))
			sl_push(trace, fn + 2);
	}
}

/* Append the .c files of directory @p dir to @p out. */
static void list_c_files(const char *dir, struct strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 2 && !strcmp(e->d_name + n - 2, ".c"))
			sl_pushf(out, "%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
}

/* Does lab @p lab (its files or the kit's tests/labN/) call lab @p dep? */
static bool calls_lab(const struct grade_run *run, const struct fn_map *m,
		      int lab, int dep)
{
	struct strlist files = STRLIST_INIT;
	char *dir = run->kit ? xasprintf("%s/tests/lab%d", run->kit, lab) : NULL;
	bool found = false;

	for (size_t r = 0; r < run->nrubrics; r++)
		if (run->rubrics[r].lab == lab)
			for (size_t f = 0; f < run->rubrics[r].files.n; f++)
				if (run->kit)
					sl_pushf(&files, "%s/%s", run->kit,
						 run->rubrics[r].files.v[f]);
	if (dir)
		list_c_files(dir, &files);
	for (size_t i = 0; i < files.n && !found; i++) {
		char *text = read_c(files.v[i]);

		for (const char *p = text; p && *p && !found; p++) {
			size_t n = 0;
			if (!ident_char(*p) || (p > text && ident_char(p[-1])))
				continue;
			while (ident_char(p[n]))
				n++;
			found = defines(m, dep, p, n);
			p += n - 1;
		}
		free(text);
	}
	free(dir);
	sl_free(&files);
	return found;
}

/* ---- the summary ------------------------------------------------------------ */

/* A boot problem, seen on one or more machines. */
struct seen {
	const struct boot_problem *p;
	char *line;		/* sp_problem_line() */
	struct strbuf where;	/* "boot 1 on 1g, boot 3 on 64m" */
};

struct seen_list {
	struct seen *v;
	size_t n, cap;
};

static void see(struct seen_list *sl, const struct boot_problem *p,
		int boot, const char *machine)
{
	char *line = sp_problem_line(p);
	struct seen *s = NULL;

	for (size_t i = 0; i < sl->n && !s; i++)
		if (sl->v[i].p->fatal == p->fatal && !strcmp(sl->v[i].line, line))
			s = &sl->v[i];
	if (s) {
		free(line);
		sb_add(&s->where, ", ");
	} else {
		xgrow((void **)&sl->v, &sl->cap, sl->n + 1, sizeof(*sl->v));
		s = &sl->v[sl->n++];
		*s = (struct seen){ p, line, STRBUF_INIT };
	}
	sb_addf(&s->where, "boot %d", boot);
	if (machine)
		sb_addf(&s->where, " on %s", machine);
}

/* Every problem of @p lr, or of each of its machines, boots renumbered as merged. */
static void gather(struct seen_list *sl, const struct lab_result *lr)
{
	int offset = 0;

	for (size_t i = 0; i < lr->nproblems; i++)
		see(sl, &lr->problems[i], lr->problems[i].boot, NULL);
	for (size_t m = 0; m < lr->nmachines; m++) {
		const struct lab_result *mr = &lr->machines[m];

		for (size_t i = 0; i < mr->nproblems; i++)
			see(sl, &mr->problems[i], mr->problems[i].boot + offset,
			    mr->machine->name);
		offset += (int)mr->nboots;
	}
}

static void seen_free(struct seen_list *sl)
{
	for (size_t i = 0; i < sl->n; i++) {
		free(sl->v[i].line);
		sb_free(&sl->v[i].where);
	}
	free(sl->v);
}

static bool lab_failed(const struct lab_result *lr)
{
	for (size_t i = 0; i < lr->ntests; i++)
		if (!outcome_earns(lr->tests[i].outcome))
			return true;
	return false;
}

/* "3 of lab 5's 12 tests did not pass (lab5.vmap.basic: failed, ...)". */
static char *failing_tests(const struct lab_result *er)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad = 0, shown = 0;
	char *s;

	for (size_t i = 0; i < er->ntests; i++)
		bad += !outcome_earns(er->tests[i].outcome);
	sb_addf(&sb, "%zu of lab %d's %zu tests did not pass (", bad,
		er->rubric->lab, er->ntests);
	for (size_t i = 0; i < er->ntests && shown < 3; i++) {
		const struct graded_test *t = &er->tests[i];

		if (outcome_earns(t->outcome))
			continue;
		sb_addf(&sb, "%s%s: %s", shown++ ? ", " : "", t->rt->id,
			outcome_name(t->outcome));
	}
	sb_add(&sb, bad > shown ? ", ...)" : ")");
	s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

/* The earlier lab that lab @p lr's failures may come from, and why. */
static struct blame find_blame(const struct grade_run *run,
			       const struct lab_result *lr,
			       const struct seen_list *sl)
{
	struct blame b = { .lab = -1 };
	struct fn_map m = { 0 };
	int lab = lr->rubric->lab;

	if (!lab_failed(lr) && !sl->n)
		return b;
	map_build(&m, run);
	for (size_t i = 0; i < sl->n; i++)
		blame_where(&b, run, &m, lab, sl->v[i].p->file, &sl->v[i].p->trace,
			    sl->v[i].p->fatal ? "stopped the boot" :
			    "reported a problem during boot");
	for (size_t i = 0; i < lr->ntests && b.lab < 0; i++) {
		const struct graded_test *t = &lr->tests[i];
		struct strlist trace = STRLIST_INIT;
		char *what;

		if (t->outcome != OUTCOME_CRASH && t->outcome != OUTCOME_HANG)
			continue;
		test_trace(t, &trace);
		what = xasprintf("%s in %s", t->outcome == OUTCOME_HANG ?
				 "hung" : "crashed", t->rt->id);
		blame_where(&b, run, &m, lab, NULL, &trace, what);
		free(what);
		sl_free(&trace);
	}
	/* An earlier lab graded in this run that fails, and that this lab calls. */
	for (size_t i = run->nlabs; i-- > 0 && b.lab < 0 && lab_failed(lr);) {
		const struct lab_result *er = &run->labs[i];

		if (er->rubric->lab < lab && lab_failed(er) &&
		    calls_lab(run, &m, lab, er->rubric->lab))
			blame_set(&b, er->rubric->lab, failing_tests(er));
	}
	map_free(&m);
	return b;
}

void report_lab_summary(const struct grade_run *run,
			const struct lab_result *lr, struct strbuf *sb)
{
	struct seen_list sl = { 0 };
	struct blame b;

	/* First of all: the harness found itself changed (serial.h). */
	if (lr->integrity_failed)
		sb_add(sb, "HARNESS INTEGRITY FAILURE: the test harness found its code or test registry changed during a boot; read this submission before trusting its score (notes below)\n");
	if (lr->objcheck.n)
		sb_addf(sb, "the object check refused the lab's objects, so its kernel was not booted and no test earns a point:\n  %s\n",
			lr->objcheck.v[0]);
	gather(&sl, lr);
	for (size_t i = 0; i < sl.n; i++) {
		const struct seen *s = &sl.v[i];

		if (s->p->fatal)
			sb_addf(sb, "the kernel stopped during %s, before its first test:\n  %s\n  so the tests of that boot did not run (they are listed as missing)\n",
				sb_str(&s->where), s->line);
		else
			sb_addf(sb, "%s during %s (the boot went on, the tests ran):\n  %s\n",
				s->p->kind == PROBLEM_WARN ? "warning" :
				problem_kind_name(s->p->kind), sb_str(&s->where), s->line);
	}
	b = run ? find_blame(run, lr, &sl) : (struct blame){ .lab = -1 };
	if (b.lab >= 0)
		sb_addf(sb, "lab %d's failures may come from lab %d: %s; grade lab %d first\n",
			lr->rubric->lab, b.lab, b.why, b.lab);
	free(b.why);
	seen_free(&sl);
}
