/**
 * @file
 * Checked allocation, strbuf, strlist and a monotonic clock.
 *
 * Running out of memory is the one failure the grader does not try to
 * survive: it prints what it was doing and exits with status 2, which the
 * exit-code contract reserves for "grading itself could not run".
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "grade: out of memory (asked for %zu bytes)\n", size);
	exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sb.buf ? sb.buf : xstrdup("");
}

void xgrow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	*p = xrealloc(*p, n * size);
	*cap = n;
}

/* Make room for @p extra more bytes plus the terminating NUL. */
static void sb_reserve(struct strbuf *sb, size_t extra)
{
	xgrow((void **)&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return;
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sl_push(struct strlist *sl, const char *s)
{
	xgrow((void **)&sl->v, &sl->cap, sl->n + 1, sizeof(*sl->v));
	sl->v[sl->n++] = xstrdup(s);
}

char **sl_argv(struct strlist *sl)
{
	xgrow((void **)&sl->v, &sl->cap, sl->n + 1, sizeof(*sl->v));
	sl->v[sl->n] = NULL;
	return sl->v;
}

void sl_pushf(struct strlist *sl, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	sl_push(sl, sb_str(&sb));
	sb_free(&sb);
}

/*
 * Append @p s but keep only the last @p keep strings: a crash is explained by
 * the lines just before it, so the oldest lines are the ones to drop.
 * *@p dropped (if given) counts what fell off the front.
 */
void sl_push_tail(struct strlist *sl, const char *s, size_t keep,
		  size_t *dropped)
{
	if (keep && sl->n >= keep) {
		free(sl->v[0]);
		memmove(sl->v, sl->v + 1, (sl->n - 1) * sizeof(*sl->v));
		sl->n--;
		if (dropped)
			(*dropped)++;
	}
	sl_push(sl, s);
}

bool sl_contains(const struct strlist *sl, const char *s)
{
	for (size_t i = 0; i < sl->n; i++)
		if (!strcmp(sl->v[i], s))
			return true;
	return false;
}

void sl_free(struct strlist *sl)
{
	for (size_t i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
	sl->v = NULL;
	sl->n = sl->cap = 0;
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int read_file(const char *path, struct strbuf *out)
{
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			close(fd);
			errno = err;
			return -1;
		}
		sb_addn(out, buf, (size_t)n);
	}
	close(fd);
	if (!out->buf)
		sb_add(out, "");
	return 0;
}
