/**
 * @file
 * The seconds each job took last time (timings.h): a small table behind a
 * lock, read from and written to one file of the cache directory.
 */
#include "timings.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define TIMINGS_MAX 512		/* 9 labs, a few boots and suites each */
#define KEY_MAX     64

struct timing {
	char key[KEY_MAX];
	double seconds;
};

static struct timing table[TIMINGS_MAX];
static size_t ntimings;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry of @p key, a new one if there is room, or NULL; lock held. */
static struct timing *find(const char *key, bool add)
{
	for (size_t i = 0; i < ntimings; i++)
		if (!strcmp(table[i].key, key))
			return &table[i];
	if (!add || ntimings == TIMINGS_MAX || strlen(key) >= KEY_MAX)
		return NULL;
	snprintf(table[ntimings].key, KEY_MAX, "%s", key);
	return &table[ntimings++];
}

void timings_load(const char *path)
{
	char key[KEY_MAX];
	double seconds;
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	pthread_mutex_lock(&lock);
	while (fscanf(f, "%63s %lf", key, &seconds) == 2) {
		struct timing *t = seconds >= 0 ? find(key, true) : NULL;

		if (t)
			t->seconds = seconds;
	}
	pthread_mutex_unlock(&lock);
	fclose(f);
}

double timings_get(const char *key, double guess)
{
	struct timing *t;

	pthread_mutex_lock(&lock);
	t = find(key, false);
	if (t)
		guess = t->seconds;
	pthread_mutex_unlock(&lock);
	return guess;
}

void timings_put(const char *key, double seconds)
{
	struct timing *t;

	pthread_mutex_lock(&lock);
	t = find(key, true);
	if (t)
		t->seconds = seconds;
	pthread_mutex_unlock(&lock);
}

void timings_save(const char *path)
{
	char *tmp = xasprintf("%s.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "we");
	bool ok = f != NULL;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; ok && i < ntimings; i++)
		ok = fprintf(f, "%s %.3f\n", table[i].key, table[i].seconds) > 0;
	pthread_mutex_unlock(&lock);
	if (f && fclose(f))
		ok = false;
	if (!ok || rename(tmp, path))
		unlink(tmp);		/* only a hint lost: the next grade guesses */
	free(tmp);
}
