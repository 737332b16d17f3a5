/**
 * @file
 * The object cache: SHA-256 against published vectors, what the
 * key covers, entries built once (also by graders racing for it),
 * half-written entries, and eviction.
 *
 * The kit here is a fake whose `make kit-objects` appends "LAB SRC" to
 * $FAKE_KITOBJ_LOG (so a test counts the builds), sleeps
 * $FAKE_KITOBJ_SLEEP seconds (so racing graders overlap) and copies the
 * lab 0 file it saw into the entry (so a test sees what it was built from).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "fixtures.h"
#include "fsutil.h"
#include "sha256.h"

static const char fake_makefile[] =
	"LAB ?= 0\nSRC ?= labs\nBUILD ?= build/out\n"
	"kit-objects:\n"
	"\t@test -z \"$(FAIL)\" || { echo 'core.c: error: no' >&2; exit 1; }\n"
	"\t@mkdir -p $(BUILD)/obj\n"
	"\t@echo '$(LAB) $(SRC)' >> $(FAKE_KITOBJ_LOG)\n"
	"\t@sleep $(or $(FAKE_KITOBJ_SLEEP),0)\n"
	"\t@cp labs/lab0/warmup.c $(BUILD)/obj/seen\n";

struct fake {
	char *dir, *kit, *cache, *log;
	struct strlist files;
};

static void fake_init(struct fake *f)
{
	static const char *const files[] = {
		"Makefile", "mk/kernel.mk", "kernel/core/main.c",
		"labs/lab0/warmup.c", "solutions/lab0/warmup.c",
	};

	f->dir = fx_tmpdir();
	f->kit = path_join(f->dir, "kit");
	f->cache = path_join(f->dir, "cache");
	f->log = path_join(f->dir, "builds");
	memset(&f->files, 0, sizeof(f->files));
	fx_write(f->kit, "Makefile", fake_makefile);
	fx_write(f->kit, "mk/kernel.mk", "KERNEL_CFLAGS = -O2\n");
	fx_write(f->kit, "kernel/core/main.c", "int main_c;\n");
	fx_write(f->kit, "labs/lab0/warmup.c", "int skeleton;\n");
	fx_write(f->kit, "solutions/lab0/warmup.c", "int reference;\n");
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		sl_push(&f->files, files[i]);
	setenv("FAKE_KITOBJ_LOG", f->log, 1);
	unsetenv("FAKE_KITOBJ_SLEEP");
}

static void fake_free(struct fake *f)
{
	free(f->kit);
	free(f->cache);
	free(f->log);
	sl_free(&f->files);
	fx_rmdir(f->dir);
}

static void key_of(struct fake *f, char key[SHA256_HEX_LEN + 1])
{
	struct strbuf err = STRBUF_INIT;

	ck_assert_msg(!cache_key(f->kit, &f->files, key, &err), "%s",
		      sb_str(&err));
	sb_free(&err);
}

/* How many times kit-objects ran. */
static int builds(struct fake *f)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	if (!read_file(f->log, &sb))
		for (size_t i = 0; i < sb.len; i++)
			n += sb.buf[i] == '\n';
	sb_free(&sb);
	return n;
}

static struct build_spec spec(struct fake *f, int lab, char *log)
{
	return (struct build_spec){ .tree = f->kit, .lab = lab, .src = "labs",
				    .log = log, .jobs = 1, .timeout = 30 };
}

/* Open the cache for the fake's key and get stage @p lab (NULL: failed). */
static char *stage(struct fake *f, int lab, struct strbuf *err)
{
	struct kit_cache kc;
	char key[SHA256_HEX_LEN + 1], *log = path_join(f->dir, "log"), *entry;
	struct build_spec bs = spec(f, lab, log);

	key_of(f, key);
	ck_assert_int_eq(cache_open(&kc, f->cache, key, err), 0);
	entry = cache_stage(&kc, &bs, NULL, err);
	cache_close(&kc);
	free(log);
	return entry;
}

static void hex_of(const char *msg, size_t n, size_t times, char *out)
{
	struct sha256 h;

	sha256_init(&h);
	for (size_t i = 0; i < times; i++)
		sha256_add(&h, msg, n);
	sha256_hex(&h, out);
}

START_TEST(sha256_vectors)
{
	/* FIPS 180-4 examples, and a million 'a' fed in odd pieces */
	char hex[SHA256_HEX_LEN + 1], a[1000];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	hex_of("", 0, 1, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, 1, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two, strlen(two), 1, hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(a, 'a', sizeof(a));
	hex_of(a, sizeof(a), 1000, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(key_covers_the_kit_not_the_labs)
{
	struct fake f;
	char k0[SHA256_HEX_LEN + 1], k[SHA256_HEX_LEN + 1];
	char *path;

	fake_init(&f);
	key_of(&f, k0);
	key_of(&f, k);
	ck_assert_str_eq(k0, k);		/* deterministic */

	/* the student's files, and the reference, are not in the key */
	fx_write(f.kit, "labs/lab0/warmup.c", "int student_wrote_this;\n");
	fx_write(f.kit, "solutions/lab0/warmup.c", "int other;\n");
	fx_write(f.kit, "build/leftover.o", "junk");
	sl_push(&f.files, "build/leftover.o");
	key_of(&f, k);
	ck_assert_str_eq(k0, k);

	/* a kit file's bytes are */
	fx_write(f.kit, "mk/kernel.mk", "KERNEL_CFLAGS = -O3\n");
	key_of(&f, k);
	ck_assert_str_ne(k0, k);
	fx_write(f.kit, "mk/kernel.mk", "KERNEL_CFLAGS = -O2\n");
	key_of(&f, k);
	ck_assert_str_eq(k0, k);

	/* and so are its executable bit, its name, and a new file */
	path = path_join(f.kit, "kernel/core/main.c");
	ck_assert_int_eq(chmod(path, 0755), 0);
	key_of(&f, k);
	ck_assert_str_ne(k0, k);
	ck_assert_int_eq(chmod(path, 0644), 0);
	free(path);
	fx_write(f.kit, "kernel/core/extra.c", "");
	sl_push(&f.files, "kernel/core/extra.c");
	key_of(&f, k);
	ck_assert_str_ne(k0, k);
	fake_free(&f);
}
END_TEST

START_TEST(entry_built_once_then_reused)
{
	struct fake f;
	struct strbuf err = STRBUF_INIT, seen = STRBUF_INIT;
	char *e1, *e2, *path;

	fake_init(&f);
	e1 = stage(&f, 3, &err);
	ck_assert_msg(e1 != NULL, "%s", sb_str(&err));
	e2 = stage(&f, 3, &err);
	ck_assert_str_eq(e1, e2);
	ck_assert_int_eq(builds(&f), 1);
	path = path_join(e1, "obj/seen");
	ck_assert_int_eq(read_file(path, &seen), 0);
	ck_assert_str_eq(sb_str(&seen), "int skeleton;\n");
	free(path);
	free(e2);

	/* another stage is another entry */
	e2 = stage(&f, 4, &err);
	ck_assert_str_ne(e1, e2);
	ck_assert_int_eq(builds(&f), 2);
	free(e1);
	free(e2);
	sb_free(&seen);
	fake_free(&f);
}
END_TEST

START_TEST(half_written_entries_are_rebuilt)
{
	struct fake f;
	struct strbuf err = STRBUF_INIT;
	char *entry, *stamp, *leftover, *keydir;

	fake_init(&f);
	entry = stage(&f, 0, &err);
	ck_assert_ptr_nonnull(entry);
	keydir = xstrdup(entry);
	*strrchr(keydir, '/') = '\0';

	/* a killed grader: an entry without its stamp, a tmp-* of its own */
	stamp = path_join(entry, "stamp");
	ck_assert_int_eq(unlink(stamp), 0);
	leftover = path_join(keydir, "tmp-lab0-Ab12Cd");
	fx_write(leftover, "obj/partial.o", "half");
	free(stage(&f, 0, &err));
	ck_assert_int_eq(builds(&f), 2);
	ck_assert(is_file(stamp));
	ck_assert(!is_dir(leftover));

	/* a kit whose kit objects do not build: no entry, make's error */
	setenv("FAIL", "1", 1);
	ck_assert_ptr_null(stage(&f, 1, &err));
	unsetenv("FAIL");
	ck_assert(strstr(sb_str(&err), "core.c: error: no"));
	free(entry);
	free(stamp);
	free(leftover);
	free(keydir);
	sb_free(&err);
	fake_free(&f);
}
END_TEST

START_TEST(racing_graders_build_once)
{
	struct fake f;
	pid_t pids[4];
	int ok = 0;

	fake_init(&f);
	setenv("FAKE_KITOBJ_SLEEP", "0.5", 1);
	for (size_t i = 0; i < ARRAY_SIZE(pids); i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct strbuf err = STRBUF_INIT;
			char *entry = stage(&f, 2, &err);

			_exit(entry ? 0 : 1);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(pids); i++) {
		int status;

		waitpid(pids[i], &status, 0);
		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	ck_assert_int_eq(ok, 4);
	ck_assert_int_eq(builds(&f), 1);
	fake_free(&f);
}
END_TEST

/* A key directory last used @p age seconds ago. */
static char *old_key(const char *cache, int n, int age)
{
	char *dir = xasprintf("%s/%064d", cache, n);
	struct timespec t[2] = { { time(NULL) - age, 0 }, { time(NULL) - age, 0 } };

	fx_write(dir, "lab0/stamp", "x");
	fx_write(dir, "lock", "");	/* before the time: it would change it */
	ck_assert_int_eq(utimensat(AT_FDCWD, dir, t, 0), 0);
	return dir;
}

START_TEST(eviction_keeps_the_newest_and_those_in_use)
{
	struct fake f;
	struct kit_cache kc;
	struct strbuf err = STRBUF_INIT;
	char *keys[5], key[SHA256_HEX_LEN + 1], *lock;
	int fd;

	fake_init(&f);
	for (int i = 0; i < 5; i++)	/* 1 is the newest, 5 the oldest */
		keys[i] = old_key(f.cache, i + 1, 100 * (i + 1));
	lock = path_join(keys[4], "lock");
	fd = open(lock, O_RDWR);	/* another grader uses 5 */
	ck_assert_int_eq(flock(fd, LOCK_SH), 0);
	key_of(&f, key);
	ck_assert_int_eq(cache_open(&kc, f.cache, key, &err), 0);
	ck_assert(is_dir(kc.keydir));
	ck_assert(is_dir(keys[0]) && is_dir(keys[1]));	/* newest 3 with ours */
	ck_assert(!is_dir(keys[2]) && !is_dir(keys[3]));
	ck_assert(is_dir(keys[4]));			/* in use */
	cache_close(&kc);
	close(fd);
	for (int i = 0; i < 5; i++)
		free(keys[i]);
	free(lock);
	fake_free(&f);
}
END_TEST

Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sha256_vectors);
	tcase_add_test(tc, key_covers_the_kit_not_the_labs);
	tcase_add_test(tc, entry_built_once_then_reused);
	tcase_add_test(tc, half_written_entries_are_rebuilt);
	tcase_add_test(tc, racing_graders_build_once);
	tcase_add_test(tc, eviction_keeps_the_newest_and_those_in_use);
	suite_add_tcase(s, tc);
	return s;
}
