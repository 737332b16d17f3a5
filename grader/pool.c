/**
 * @file
 * Worker threads (pool.h).
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
