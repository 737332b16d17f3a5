/**
 * @file
 * mkskel: make a lab's skeleton file from its reference solution.
 *
 * solutions/ is the single source of truth.  Around each part a student
 * writes, the solution carries two markers:
 *
 * @verbatim
 *   int triple(int x)
 *   {
 *           /+ TODO(9.1): Multiply by three, ...
 *            + Checked by demo.triple. +/
 *           return x + x + x;
 *           /+ END TODO stub: (void)x; return 0; +/
 *   }
 * @endverbatim
 *
 * (`/+ +/` stand for the C comment delimiters here; the example is made
 * up, as this file is published with the student's book and must not
 * quote a lab's answer.)  The skeleton keeps the TODO comment, drops the
 * code between the markers, and puts the stub in its place, one statement
 * per line at the END marker's indentation:
 *
 * @verbatim
 *           /+ TODO(9.1): Multiply by three, ...
 *            + Checked by demo.triple. +/
 *           (void)x;
 *           return 0;
 * @endverbatim
 *
 * The stub must compile and make the step's tests fail cleanly (a wrong
 * answer, never a hang).  A file without markers is copied unchanged.
 * Malformed markers (an END without a TODO, a TODO without an END, nested
 * TODOs, a TODO without a step number) stop the build with file:line.
 *
 * Usage: mkskel SOLUTION_FILE > SKELETON_FILE
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODO_MARK "/* TODO("
#define END_MARK  "/* END TODO"
#define STUB_MARK "stub:"

static const char *path;

static void fail(int line, const char *msg)
{
	fprintf(stderr, "%s:%d: mkskel: %s\n", path, line, msg);
	exit(1);
}

/* A TODO must be numbered like TODO(3.2): digits, a dot, digits. */
static void check_step_number(const char *todo, int line)
{
	const char *p = todo + strlen(TODO_MARK);

	if (!isdigit((unsigned char)*p))
		fail(line, "TODO needs a step number, like TODO(3.2):");
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (strncmp(p, "):", 2))
		fail(line, "TODO(step) must be followed by a colon");
}

/* Write the stub after "stub:" as one statement per line, indented. */
static void emit_stub(const char *line, const char *end_mark)
{
	int indent = (int)(end_mark - line);
	const char *stub = strstr(end_mark, STUB_MARK);
	const char *close = strstr(end_mark, "*/");
	const char *p, *q;

	if (!stub || !close || stub > close)
		return;		/* "END TODO" with no stub: emit nothing */
	for (p = stub + strlen(STUB_MARK); p < close; p = q) {
		while (p < close && *p == ' ')
			p++;
		q = p;
		while (q < close && *q != ';')
			q++;
		if (q < close)
			q++;	/* keep the semicolon */
		while (q > p && q[-1] == ' ')
			q--;
		if (q > p)
			printf("%.*s%.*s\n", indent, line, (int)(q - p), p);
		while (q < close && (*q == ' ' || *q == ';'))
			q++;
	}
}

int main(int argc, char **argv)
{
	enum { CODE, TODO_COMMENT, SOLUTION } state = CODE;
	char line[1024];
	int n = 0, todo_line = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: mkskel SOLUTION_FILE > SKELETON_FILE\n");
		return 2;
	}
	path = argv[1];
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *todo = strstr(line, TODO_MARK);
		const char *end = strstr(line, END_MARK);

		n++;
		if (todo) {
			if (state != CODE)
				fail(n, "TODO inside another TODO (missing END TODO?)");
			check_step_number(todo, n);
			todo_line = n;
			state = TODO_COMMENT;
		} else if (end) {
			if (state == CODE)
				fail(n, "END TODO without a TODO");
			emit_stub(line, end);
			state = CODE;
			continue;
		}
		if (state == SOLUTION)
			continue;
		fputs(line, stdout);
		if (state == TODO_COMMENT && strstr(todo ? todo : line, "*/"))
			state = SOLUTION;	/* the TODO comment ended here */
	}
	fclose(f);
	if (state != CODE)
		fail(todo_line, "TODO without END TODO");
	return 0;
}
