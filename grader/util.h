/**
 * @file
 * Small helpers every part of the grader uses: checked allocation,
 * a growable string (strbuf), a list of strings (strlist), a clock.
 *
 * Why: the grader must never crash on a student's input, so every
 * allocation is checked in one place (xmalloc() and friends print an error
 * and exit with status 2, "grading could not run"), and string building
 * goes through strbuf instead of fixed buffers that could overflow.
 *
 * Invariants:
 *  - a strbuf's @c buf is always NUL-terminated once anything was added;
 *    an empty, never-used strbuf has @c buf == NULL and @c len == 0
 *    (sb_str() turns that into "").
 *  - a strlist owns its strings; sl_free() frees them all.
 */
#ifndef GRADER_UTIL_H
#define GRADER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grow the array *@p of *@p cap elements of @p size bytes so that it holds at
 * least @p need elements (doubling, so appends are amortised O(1)).
 */
void xgrow(void **p, size_t *cap, size_t need, size_t size);

/** A growable, NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(const struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/** An owned list of strings, in insertion order. */
struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

#define STRLIST_INIT { NULL, 0, 0 }

void sl_push(struct strlist *sl, const char *s);
/* The list as an argv: NULL after the last string (not counted in n). */
char **sl_argv(struct strlist *sl);
void sl_pushf(struct strlist *sl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sl_push_tail(struct strlist *sl, const char *s, size_t keep,
		  size_t *dropped);
bool sl_contains(const struct strlist *sl, const char *s);
void sl_free(struct strlist *sl);

/* Monotonic seconds, for budgets and timings. */
double now_seconds(void);

/* Read a whole file into @p out; 0, or -1 with errno set. */
int read_file(const char *path, struct strbuf *out);

#endif /* GRADER_UTIL_H */
