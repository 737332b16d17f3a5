/**
 * @file
 * The guest's two serial ports, followed as they grow and copied to stdout.
 *
 * COM1 is the console: whatever the kernel printk()s.  COM2 is the test
 * harness's channel (kernel/ktest/ktest_channel.c), written by nothing
 * else; every line on it starts with how many lines the console had
 * printed when it was sent, and is then echoed on the console:
 *
 * @verbatim
 *   COM1  ...                               COM2  ...
 *         BUG: unable to handle ...  (41)         41 Bail out! ktest: lab3.x crashed
 *         Bail out! ktest: lab3.x ... (42, the echo)
 * @endverbatim
 *
 * Two ways to show them:
 *
 *  - for people (the default): the console as it is, echoes included, so
 *    `make run` shows the results where it always did;
 *  - for the grader (--merged): one stream, each line prefixed with its
 *    port, `C ` for the console and `H ` for the harness, in the order the
 *    guest wrote them.  COM2 line "41 X" goes out after console line 41;
 *    console line 42, if it is "X", is its echo and is left out.  Console
 *    lines wait until a harness line says they come before it (or the run
 *    ends), since until then a harness line may still be due ahead of them.
 *
 * A harness line waits for its console lines at most HARNESS_WAIT seconds:
 * a console count that runs ahead of the file (a kernel whose counter was
 * overwritten) must not hold results back until the run is over.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootrun.h"

#define LINE_MAX_BYTES 4096	/* longer lines are split */
#define HARNESS_WAIT 1.0	/* seconds a harness line waits for the console */

/* Complete lines read from one port and not yet shown. */
struct queue {
	char **v;
	size_t n, cap, head;
};

struct port {
	const char *path;
	int fd;
	char part[LINE_MAX_BYTES + 1];	/* the line being read */
	size_t len;
	struct queue q;
};

static struct port com1 = { .fd = -1 }, com2 = { .fd = -1 };
static bool merged, quiet;
static unsigned long console_shown;	/* console lines taken off the queue */
static unsigned long echo_line;		/* console line that is an echo, 0 none */
static char *echo_text;
static double waiting_since;		/* when the head harness line arrived */

static void push(struct queue *q, const char *s, size_t len)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->v = realloc(q->v, q->cap * sizeof(*q->v));
		if (!q->v)
			die("out of memory");
	}
	q->v[q->n] = strndup(s, len);
	if (!q->v[q->n])
		die("out of memory");
	q->n++;
}

static char *peek(const struct queue *q)
{
	return q->head < q->n ? q->v[q->head] : NULL;
}

static void pop(struct queue *q)
{
	free(q->v[q->head++]);
	if (q->head == q->n)
		q->head = q->n = 0;
}

/* Split what was read into lines; \r (the console's CRLF) is dropped. */
static void take(struct port *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\r')
			continue;
		if (buf[i] == '\n' || p->len == LINE_MAX_BYTES) {
			push(&p->q, p->part, p->len);
			p->len = 0;
			if (buf[i] == '\n')
				continue;
		}
		p->part[p->len++] = buf[i] ? buf[i] : '?';
	}
}

/* Read what the port has; true if anything came. */
static bool read_port(struct port *p)
{
	char buf[4096];
	bool any = false;
	ssize_t n;

	if (p->fd < 0 && p->path)
		p->fd = open(p->path, O_RDONLY);
	if (p->fd < 0)
		return false;
	while ((n = read(p->fd, buf, sizeof(buf))) > 0) {
		any = true;
		take(p, buf, (size_t)n);
	}
	return any;
}

/* Show console line console_shown + 1, unless it is the awaited echo. */
static void show_console(const char *line)
{
	console_shown++;
	if (merged && console_shown == echo_line && !strcmp(line, echo_text))
		return;
	if (!quiet)
		printf("%s%s\n", merged ? "C " : "", line);
}

/* "41 text": the console count and the text; a line without one counts 0. */
static unsigned long harness_mark(const char *line, const char **text)
{
	char *end;
	unsigned long n = strtoul(line, &end, 10);

	if (end == line || *end != ' ') {
		*text = line;
		return 0;
	}
	*text = end + 1;
	return n;
}

static void show_harness(const char *text, unsigned long mark)
{
	free(echo_text);
	echo_text = strdup(text);
	echo_line = mark + 1;
	if (!quiet)
		printf("H %s\n", text);
}

/* Show what is due; at @p final, everything (the run is over). */
static void flush(bool final, double t)
{
	char *h, *c;
	const char *text;
	unsigned long mark;

	if (!merged) {
		while ((c = peek(&com1.q))) {
			show_console(c);
			pop(&com1.q);
		}
		while (peek(&com2.q))
			pop(&com2.q);	/* kept in its file; people see the echoes */
		return;
	}
	while ((h = peek(&com2.q))) {
		mark = harness_mark(h, &text);
		if (console_shown < mark && (c = peek(&com1.q))) {
			show_console(c);
			pop(&com1.q);
			continue;
		}
		if (console_shown < mark && !final) {
			if (!waiting_since)
				waiting_since = t;
			if (t - waiting_since < HARNESS_WAIT)
				break;
		}
		waiting_since = 0;
		show_harness(text, mark);
		pop(&com2.q);
	}
	while (final && (c = peek(&com1.q))) {
		show_console(c);
		pop(&com1.q);
	}
}

void channels_open(const char *console, const char *harness, bool merge,
		   bool be_quiet)
{
	com1.path = console;
	com2.path = harness;
	merged = merge;
	quiet = be_quiet;
}

bool channels_pump(double t)
{
	bool any = read_port(&com1);

	any |= read_port(&com2);
	flush(false, t);
	fflush(stdout);
	return any;
}

void channels_finish(void)
{
	read_port(&com1);
	read_port(&com2);
	if (com1.len) {
		push(&com1.q, com1.part, com1.len);
		com1.len = 0;
	}
	if (com2.len) {
		push(&com2.q, com2.part, com2.len);
		com2.len = 0;
	}
	flush(true, now());
	fflush(stdout);
}
