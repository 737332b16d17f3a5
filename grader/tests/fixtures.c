/**
 * @file
 * Test helpers (fixtures.h), including a JSON syntax checker small
 * enough to trust: a recursive descent over RFC 8259's grammar.
 */
#include "fixtures.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "util.h"

const char fx_lab0_rubric[] =
	"# lab 0 - warm-up: page arithmetic\n"
	"title warm-up: page arithmetic\n"
	"weight 1\n"
	"file labs/lab0/warmup.c          # student-owned file\n"
	"test lab0.pfn.down       2\n"
	"test lab0.pfn.up         2\n"
	"test lab0.order.exact    3\n"
	"test lab0.order.boundaries 3\n"
	"test lab0.bench.get_order 0\n"
	"test lab0.hidden.example 2 hidden\n";

void fx_lab_init(struct fx_lab *f, const char *rubric_text, int lab)
{
	struct strlist errs = STRLIST_INIT;

	ck_assert_int_eq(rubric_parse(rubric_text, "test.rubric", lab, &f->r,
				      &errs), 0);
	sl_free(&errs);
	lab_result_init(&f->lr, &f->r);
}

void fx_lab_free(struct fx_lab *f)
{
	lab_result_free(&f->lr);
	rubric_free(&f->r);
}

struct graded_test *fx_test(struct fx_lab *f, const char *id)
{
	for (size_t i = 0; i < f->lr.ntests; i++)
		if (!strcmp(f->lr.tests[i].rt->id, id))
			return &f->lr.tests[i];
	ck_abort_msg("no test %s", id);
	return NULL;
}

/* One line of a log: "H " from the harness's port, anything else the console. */
static void feed_line(struct serial_parser *sp, const char *line)
{
	if (!strncmp(line, "H ", 2))
		sp_feed_harness(sp, line + 2, now_seconds());
	else
		sp_feed(sp, line, now_seconds());
}

void fx_feed_text(struct serial_parser *sp, const char *text)
{
	struct strbuf line = STRBUF_INIT;

	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			feed_line(sp, sb_str(&line));
			sb_reset(&line);
		} else {
			sb_addc(&line, *p);
		}
	}
	if (line.len)
		feed_line(sp, sb_str(&line));
	sb_free(&line);
}

char *fx_src(const char *rel)
{
	const char *src = getenv("GRADER_SRC");

	return path_join(src ? src : "grader", rel);
}

void fx_feed_log(struct serial_parser *sp, const char *name)
{
	char *rel = xasprintf("tests/logs/%s", name);
	char *path = fx_src(rel);
	struct strbuf text = STRBUF_INIT;

	ck_assert_msg(read_file(path, &text) == 0, "cannot read %s", path);
	fx_feed_text(sp, sb_str(&text));
	sb_free(&text);
	free(path);
	free(rel);
}

void fx_parse(struct fx_lab *f, const char *log, enum boot_end end)
{
	struct serial_parser sp;
	struct boot_record *rec = lab_add_boot(&f->lr);

	sp_init(&sp, &f->lr, rec->n, now_seconds());
	fx_feed_log(&sp, log);
	sp_finish(&sp, end, "test");
	sp_free(&sp);
}

char *fx_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/grader-test-XXXXXX", base ? base : "/tmp");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

void fx_rmdir(char *dir)
{
	remove_tree(dir);
	free(dir);
}

void fx_write(const char *dir, const char *rel, const char *content)
{
	char *path = path_join(dir, rel);
	FILE *f;

	ck_assert_int_eq(mkdir_parent(path), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
	free(path);
}

char *fx_fake_bootrun(const char *dir)
{
	char *src = fx_src("tests/fake-bootrun.sh");
	char *dst = path_join(dir, "fake-bootrun");

	ck_assert_int_eq(copy_file(src, dst), 0);
	chmod(dst, 0755);
	free(src);
	return dst;
}

void fx_options(struct options *o)
{
	options_defaults(o);
	/* The fake bootrun has no watchdog: its budgets are the host nets. */
	o->test_budget = 1.5;
	o->boot_budget = 3;
	o->net_per_budget = 1;
	o->net_slack = 0;
	o->run_cap = 60;
	o->quiet = true;
	o->progress = NULL;
	o->jobs = 1;
}

char *fx_report(void (*fn)(const struct grade_run *, FILE *),
		const struct grade_run *run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(run, f);
	fclose(f);
	return buf;
}

/* ---- JSON syntax (RFC 8259), for "the report is valid JSON" -------- */

static bool json_value(const char **p, int depth);

static void json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool json_str(const char **p)
{
	if (*(*p)++ != '"')
		return false;
	for (;;) {
		unsigned char c = (unsigned char)*(*p)++;

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;	/* raw control char, or end of text */
		if (c != '\\')
			continue;
		c = (unsigned char)*(*p)++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++)
				if (!isxdigit((unsigned char)*(*p)++))
					return false;
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return false;
		}
	}
}

static bool json_num(const char **p)
{
	const char *s = *p;

	if (**p == '-')
		(*p)++;
	if (!isdigit((unsigned char)**p))
		return false;
	while (isdigit((unsigned char)**p) || strchr(".eE+-", **p))
		(*p)++;
	return *p > s;
}

static bool json_list(const char **p, char close, bool object, int depth)
{
	(*p)++;
	json_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		json_ws(p);
		if (object) {
			if (!json_str(p))
				return false;
			json_ws(p);
			if (*(*p)++ != ':')
				return false;
		}
		if (!json_value(p, depth + 1))
			return false;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (*(*p)++ != ',')
			return false;
	}
}

static bool json_value(const char **p, int depth)
{
	json_ws(p);
	if (depth > 64)
		return false;
	switch (**p) {
	case '{': return json_list(p, '}', true, depth);
	case '[': return json_list(p, ']', false, depth);
	case '"': return json_str(p);
	case 't': return !strncmp(*p, "true", 4) && (*p += 4);
	case 'f': return !strncmp(*p, "false", 5) && (*p += 5);
	case 'n': return !strncmp(*p, "null", 4) && (*p += 4);
	default: return json_num(p);
	}
}

bool fx_json_valid(const char *s)
{
	const char *p = s;

	if (!json_value(&p, 0))
		return false;
	json_ws(&p);
	return *p == '\0';
}
