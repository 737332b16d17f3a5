/**
 * @file
 * The cache of the kit's own objects (layout and rules in cache.h).
 *
 * Three locks, all flock(2), so the kernel drops them when a grader dies:
 *
 *     dir/lock          EX  open a key (mkdir, lock it shared, mark it
 *                           used) and evict old keys, one grader at a time
 *     dir/KEY/lock      SH  held by every grader using KEY, until it ends
 *                       EX  taken (without waiting) only to remove KEY
 *     dir/KEY/E.lock    EX  held while entry E is being built
 *
 * A grader holds dir/lock only for a moment, and never while it waits
 * for an entry, so it cannot hold up graders of other stages.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "kit.h"
#include "proc.h"
#include "progress.h"

#define KEY_FORMAT "mmkit grade cache 1\n"	/* change with the layout */

/* Lab files are the students': they never make a kit object (cache.h). */
static bool in_key(const char *rel)
{
	return !kit_excluded(rel) && strncmp(rel, "labs/", 5) &&
	       strncmp(rel, "solutions/", 10);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file into the hash: its name, kind, x bit and bytes (or link). */
static int hash_file(struct sha256 *h, const char *tree, const char *rel)
{
	char *path = path_join(tree, rel);
	struct strbuf data = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st)) {
		ret = errno == ENOENT ? 0 : -1;	/* deleted: not copied */
	} else if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target));

		ret = n < 0 ? -1 : 0;
		sb_addf(&data, "%s\nlink\n", rel);
		if (n > 0)
			sb_addn(&data, target, (size_t)n);
	} else {
		sb_addf(&data, "%s\nfile %o %lld\n", rel, st.st_mode & 0111,
			(long long)st.st_size);
		ret = read_file(path, &data);
	}
	if (data.len)
		sha256_add(h, data.buf, data.len + 1);	/* + NUL: a separator */
	sb_free(&data);
	free(path);
	return ret;
}

/* The compiler and binutils make the objects as much as the sources do. */
static int hash_toolchain(struct sha256 *h, struct strbuf *err)
{
	char *gcc[] = { "gcc", "--version", NULL };
	char *ld[] = { "ld", "--version", NULL };
	char **tools[] = { gcc, ld };

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		struct strbuf out = STRBUF_INIT;
		int code = proc_capture(tools[i], &out, 60);

		if (code == 0)
			sha256_add(h, sb_str(&out), out.len + 1);
		sb_free(&out);
		if (code) {
			sb_addf(err, "`%s --version` failed", tools[i][0]);
			return -1;
		}
	}
	return 0;
}

int cache_key(const char *tree, const struct strlist *files,
	      char key[SHA256_HEX_LEN + 1], struct strbuf *err)
{
	const char **names = xcalloc(files->n + 1, sizeof(*names));
	size_t n = 0;
	struct sha256 h;
	int ret = 0;

	for (size_t i = 0; i < files->n; i++)
		if (in_key(files->v[i]))
			names[n++] = files->v[i];
	qsort(names, n, sizeof(*names), cmp_str);
	sha256_init(&h);
	sha256_add(&h, KEY_FORMAT, sizeof(KEY_FORMAT));
	for (size_t i = 0; i < n && !ret; i++)
		if ((ret = hash_file(&h, tree, names[i])))
			sb_addf(err, "cannot read %s/%s: %s", tree, names[i],
				strerror(errno));
	if (!ret)
		ret = hash_toolchain(&h, err);
	sha256_hex(&h, key);
	free(names);
	return ret ? -1 : 0;
}

/* Open @p path (made if needed) and flock() it; the fd, or -1 and errno. */
static int lock_path(const char *path, int op)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	while (flock(fd, op)) {
		int e = errno;

		if (e == EINTR && !proc_interrupted())
			continue;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static bool is_key_name(const char *name)
{
	return strlen(name) == SHA256_HEX_LEN &&
	       strspn(name, "0123456789abcdef") == SHA256_HEX_LEN;
}

struct aged { char *name; time_t mtime; };

static int newest_first(const void *a, const void *b)
{
	const struct aged *x = a, *y = b;

	return (x->mtime < y->mtime) - (x->mtime > y->mtime);
}

/* Remove key @p name unless a grader holds it.  Caller holds dir/lock. */
static void evict_key(const char *dir, const char *name)
{
	char *keydir = path_join(dir, name);
	char *lock = path_join(keydir, "lock");
	int fd = lock_path(lock, LOCK_EX | LOCK_NB);

	if (fd >= 0) {
		remove_tree(keydir);
		close(fd);
	}
	free(lock);
	free(keydir);
}

/* Keep the CACHE_KEEP_KEYS most recently used keys.  Caller holds dir/lock. */
static void evict(const char *dir)
{
	DIR *d = opendir(dir);
	struct aged *keys = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *path = path_join(dir, de->d_name);
		struct stat st;

		if (is_key_name(de->d_name) && !stat(path, &st) &&
		    S_ISDIR(st.st_mode)) {
			xgrow((void **)&keys, &cap, n + 1, sizeof(*keys));
			keys[n++] = (struct aged){ xstrdup(de->d_name), st.st_mtime };
		}
		free(path);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(keys, n, sizeof(*keys), newest_first);
	for (size_t i = 0; i < n; i++) {
		if (i >= CACHE_KEEP_KEYS)
			evict_key(dir, keys[i].name);
		free(keys[i].name);
	}
	free(keys);
}

int cache_open(struct kit_cache *kc, const char *dir, const char *key,
	       struct strbuf *err)
{
	char *glock = path_join(dir, "lock"), *klock;
	int gfd = mkdir_p(dir) ? -1 : lock_path(glock, LOCK_EX);

	memset(kc, 0, sizeof(*kc));
	kc->key_fd = -1;
	kc->dir = xstrdup(dir);
	snprintf(kc->key, sizeof(kc->key), "%s", key);
	kc->keydir = path_join(dir, key);
	klock = path_join(kc->keydir, "lock");
	if (gfd >= 0 && !mkdir_p(kc->keydir))
		kc->key_fd = lock_path(klock, LOCK_SH);
	if (kc->key_fd >= 0) {
		utimensat(AT_FDCWD, kc->keydir, NULL, 0);	/* used now */
		evict(dir);
	} else {
		sb_addf(err, "cannot use the object cache %s: %s", dir,
			strerror(errno));
	}
	if (gfd >= 0)
		close(gfd);
	free(glock);
	free(klock);
	if (kc->key_fd < 0)
		cache_close(kc);
	return kc->key_fd >= 0 ? 0 : -1;
}

void cache_close(struct kit_cache *kc)
{
	if (kc->key_fd >= 0)
		close(kc->key_fd);
	free(kc->dir);
	free(kc->keydir);
	memset(kc, 0, sizeof(*kc));
	kc->key_fd = -1;
}

/* What an entry's stamp says: which key and stage it was built for. */
static char *stamp_text(const struct kit_cache *kc, const struct build_spec *bs)
{
	return xasprintf("%s lab %d\n", kc->key, bs->lab);
}

/* A complete entry: renamed into place, with the stamp of this stage. */
static bool entry_ok(const struct kit_cache *kc, const struct build_spec *bs,
		     const char *entry)
{
	char *stamp = path_join(entry, "stamp"), *want = stamp_text(kc, bs);
	struct strbuf got = STRBUF_INIT;
	bool ok = !read_file(stamp, &got) && !strcmp(sb_str(&got), want);

	sb_free(&got);
	free(stamp);
	free(want);
	return ok;
}

/* Remove @p keydir/PREFIX* (builds of a killed grader).  Caller holds the
 * entry's lock, so nobody is building any of them. */
static void remove_leftovers(const char *keydir, const char *prefix)
{
	DIR *d = opendir(keydir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (!strncmp(de->d_name, prefix, strlen(prefix))) {
			char *path = path_join(keydir, de->d_name);

			remove_tree(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
}

static int write_stamp(const char *dir, const char *text)
{
	char *path = path_join(dir, "stamp");
	FILE *f = fopen(path, "we");
	int ret = f && fputs(text, f) >= 0 ? 0 : -1;

	if (f && fclose(f))
		ret = -1;
	free(path);
	return ret;
}

/* Build @p entry in a tmp-* directory, stamp it, rename it into place.
 * Caller holds the entry's lock. */
static int build_entry(const struct kit_cache *kc, const struct build_spec *bs,
		       const char *entry, struct strbuf *err)
{
	char *prefix = xasprintf("tmp-lab%d-", bs->lab);
	char *tmp = xasprintf("%s/%sXXXXXX", kc->keydir, prefix);
	char *stamp = stamp_text(kc, bs);
	struct build_spec kb = *bs;
	int ret = -1;

	remove_tree(entry);		/* one without its stamp: not trusted */
	remove_leftovers(kc->keydir, prefix);
	if (!mkdtemp(tmp)) {
		sb_addf(err, "cannot make %s: %s", tmp, strerror(errno));
	} else {
		kb.out = tmp;
		ret = build_kit_objects(&kb, err);
		if (!ret && (write_stamp(tmp, stamp) || rename(tmp, entry))) {
			sb_addf(err, "cannot put %s in place: %s", entry,
				strerror(errno));
			ret = -1;
		}
		if (ret)
			remove_tree(tmp);
	}
	free(prefix);
	free(tmp);
	free(stamp);
	return ret;
}

char *cache_stage(struct kit_cache *kc, const struct build_spec *bs,
		  FILE *progress, struct strbuf *err)
{
	char *entry = xasprintf("%s/lab%d", kc->keydir, bs->lab);
	char *lock = xasprintf("%s.lock", entry);
	double t0 = now_seconds();
	int fd = -1, ret = 0;

	if (!entry_ok(kc, bs, entry)) {
		fd = lock_path(lock, LOCK_EX | LOCK_NB);
		if (fd < 0 && errno == EWOULDBLOCK) {
			progress_step(progress, "stage %d: waiting for another grader building the kit's objects",
				      bs->lab);
			fd = lock_path(lock, LOCK_EX);
		}
		if (fd < 0) {
			sb_addf(err, "cannot lock %s: %s", lock, strerror(errno));
			ret = -1;
		} else if (!entry_ok(kc, bs, entry)) {
			progress_step(progress, "stage %d: building the kit's own objects once, into the cache",
				      bs->lab);
			ret = build_entry(kc, bs, entry, err);
			progress_step(progress, "stage %d: kit objects %s in %.1f s",
				      bs->lab, ret ? "FAILED" : "cached",
				      now_seconds() - t0);
		}
	}
	if (fd >= 0)
		close(fd);
	free(lock);
	if (ret) {
		free(entry);
		entry = NULL;
	}
	return entry;
}
