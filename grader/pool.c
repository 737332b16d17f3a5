/**
 * @file pool.c
 * @brief Worker threads and whole-line streams (pool.h).
 *
 * The calling thread is one of the workers, so pool_run() with one
 * worker creates no thread at all, and a pthread_create() that fails only
 * means fewer workers.
 */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "util.h"

struct pool {
	pthread_mutex_t lock;	/* guards next, stop and ret[] */
	size_t next, n;
	bool stop;		/* a job failed: start no more */
	int *ret;		/* each job's return value */
	int (*fn)(void *arg, size_t i);
	void *arg;
};

/* Take the next job, or false when there is none to start. */
static bool take(struct pool *p, size_t *i)
{
	bool ok;

	pthread_mutex_lock(&p->lock);
	ok = !p->stop && !proc_interrupted() && p->next < p->n;
	if (ok)
		*i = p->next++;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while (take(p, &i)) {
		int r = p->fn(p->arg, i);

		pthread_mutex_lock(&p->lock);
		p->ret[i] = r;
		p->stop |= r != 0;
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

int pool_run(size_t n, int workers, int (*fn)(void *arg, size_t i),
	     void *arg)
{
	struct pool p = { .n = n, .fn = fn, .arg = arg };
	size_t extra = workers > 1 ? (size_t)workers - 1 : 0, started = 0;
	pthread_t *tids;
	int ret = 0;

	if (extra >= n)
		extra = n ? n - 1 : 0;
	tids = xcalloc(extra + 1, sizeof(*tids));
	p.ret = xcalloc(n + 1, sizeof(*p.ret));
	pthread_mutex_init(&p.lock, NULL);
	while (started < extra && !pthread_create(&tids[started], NULL, worker, &p))
		started++;
	worker(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	for (size_t i = 0; i < n && !ret; i++)
		ret = p.ret[i];
	pthread_mutex_destroy(&p.lock);
	free(p.ret);
	free(tids);
	return ret;
}

/* One lock for every whole-line stream: they share the terminal. */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

struct lines {
	FILE *out;
	struct strbuf pending;	/* the start of a line not yet ended */
};

/* Write the first @p n bytes of pending (whole lines) and drop them. */
static void emit(struct lines *l, size_t n)
{
	pthread_mutex_lock(&out_lock);
	fwrite(l->pending.buf, 1, n, l->out);
	fflush(l->out);
	pthread_mutex_unlock(&out_lock);
	memmove(l->pending.buf, l->pending.buf + n, l->pending.len - n);
	l->pending.len -= n;
	l->pending.buf[l->pending.len] = '\0';
}

static ssize_t lines_write(void *cookie, const char *buf, size_t size)
{
	struct lines *l = cookie;
	char *nl;

	sb_addn(&l->pending, buf, size);
	nl = l->pending.len ? memrchr(l->pending.buf, '\n', l->pending.len) : NULL;
	if (nl)
		emit(l, (size_t)(nl - l->pending.buf) + 1);
	return (ssize_t)size;
}

static int lines_close(void *cookie)
{
	struct lines *l = cookie;

	if (l->pending.len) {
		sb_addc(&l->pending, '\n');
		emit(l, l->pending.len);
	}
	sb_free(&l->pending);
	free(l);
	return 0;
}

FILE *pool_lines(FILE *out)
{
	cookie_io_functions_t io = { .write = lines_write,
				     .close = lines_close };
	struct lines *l;
	FILE *f;

	if (!out)
		return NULL;
	l = xcalloc(1, sizeof(*l));
	l->out = out;
	f = fopencookie(l, "w", io);
	if (!f) {		/* out of memory, as in xmalloc() */
		fputs("grade: out of memory\n", stderr);
		exit(2);
	}
	setvbuf(f, NULL, _IONBF, 0);	/* every write reaches lines_write() */
	return f;
}
