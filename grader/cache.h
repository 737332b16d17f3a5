/**
 * @file
 * The grader's cache of the kit's own objects, so that a grade
 * compiles only what the student wrote.
 *
 * A stage's kernel is the student's lab files plus the kit's share (core,
 * ktests, user programs, boot loader, kallsyms and mkdisk: mk/kernel.mk).
 * The kit's share is the same for every student, so it is built once per
 * kit version, with `make kit-objects`, and every grade links against it
 * with `make image KIT_OBJ_DIR=...`.  The image is byte for byte the one
 * a clean build makes (tests/kernel/cache_tests.sh checks it).
 *
 * Layout, under --cache (default KIT/build/grade-cache):
 *
 *     lock                     exclusive while a grader opens or evicts keys
 *     KEY/                     one kit version and toolchain (64 hex digits)
 *       lock                   shared by every grader using KEY
 *       lab3/                  one stage: make kit-objects LAB=3
 *         obj/ boot/ user/ tools/   (mk/kernel.mk)
 *         stamp                "KEY lab 3": complete entry
 *       lab3.lock              exclusive while the entry is being built
 *       tmp-lab8-Xy12Ab/       an entry being built (or a killed grader's)
 *
 * KEY is the SHA-256 of every kit file except those under labs/ and
 * solutions/ (paths, contents, executable bits; the kit's mk files hold
 * the flags) and of `gcc --version` and `ld --version`.  LAB names the
 * entry inside KEY; SRC does not, as no kit object depends on it (the
 * banner's "labs from solutions/" is assembled at link time).  `make kit-objects`
 * checks that no kit object reads a file of labs/ or solutions/, which is
 * what makes leaving them out of the key right.
 *
 * Rules that keep it safe:
 *  - an entry is built from the pristine scratch tree, before any student
 *    file is placed in it, so a submission never reaches the cache;
 *  - one builder per entry (flock on its .lock): a batch of graders on a
 *    cold cache builds it once while the others wait;
 *  - an entry is built in tmp-*, stamped, then renamed into place: a killed
 *    grader leaves a tmp-* that nobody reads and the next builder removes;
 *    a directory without its stamp is rebuilt;
 *  - at most CACHE_KEEP_KEYS keys are kept, the most recently used; a key
 *    another grader holds (shared lock) is never removed.
 */
#ifndef GRADER_CACHE_H
#define GRADER_CACHE_H

#include <stdio.h>

#include "build.h"
#include "sha256.h"
#include "util.h"

#define CACHE_KEEP_KEYS 3	/* kit versions kept, most recently used */

struct kit_cache {
	char *dir;			/* the cache's directory */
	char key[SHA256_HEX_LEN + 1];
	char *keydir;			/* dir/KEY */
	int key_fd;			/* holds the shared lock on dir/KEY/lock */
};

/**
 * cache_key() - The key of the pristine kit in @p tree.
 * @param files  the kit's files, relative to @p tree (kit_list()); names
 *               under labs/ or solutions/ and kit_excluded() ones are
 *               left out, and so is a listed file missing from @p tree.
 * @return 0 with @p key set, or -1 with @p err set.
 */
int cache_key(const char *tree, const struct strlist *files,
	      char key[SHA256_HEX_LEN + 1], struct strbuf *err);

/**
 * cache_open() - Start using @p key in cache directory @p dir (made if
 * needed): take the key's shared lock, mark it used, evict old keys.
 * @return 0, or -1 with @p err set (@p kc is then closed).
 */
int cache_open(struct kit_cache *kc, const char *dir, const char *key,
	       struct strbuf *err);

/**
 * cache_stage() - The prebuilt kit objects of stage @p bs->lab, SRC
 * @p bs->src: the cached entry, or built now (`make kit-objects` in the
 * pristine kit @p bs->tree, logs at @p bs->log) and cached.
 * @param progress  where to say that it builds, or waits for another
 *                  grader building it (NULL: quiet).
 * @return the entry's path (free it), or NULL with @p err set.
 */
char *cache_stage(struct kit_cache *kc, const struct build_spec *bs,
		  FILE *progress, struct strbuf *err);

/* Stop using the key (drops its shared lock). */
void cache_close(struct kit_cache *kc);

#endif /* GRADER_CACHE_H */
