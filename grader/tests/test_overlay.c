/**
 * @file
 * The trust boundary: only manifest files come from a submission
 * (kit layout, per-lab flat, flat), everything else is listed as
 * ignored; symlinks, huge files and ambiguous flat names are
 * refused; the kit copy leaves build/, .git/ and (for submissions)
 * solutions/ out.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "fsutil.h"
#include "kit.h"
#include "overlay.h"

struct ov {
	char *sub, *tree;
	struct grade_run run;
	struct strlist manifest;
};

static void ov_init(struct ov *o, const char *const *files)
{
	memset(o, 0, sizeof(*o));
	o->sub = fx_tmpdir();
	o->tree = fx_tmpdir();
	for (; *files; files++)
		sl_push(&o->manifest, *files);
}

static void ov_free(struct ov *o)
{
	grade_run_free(&o->run);
	sl_free(&o->manifest);
	fx_rmdir(o->sub);
	fx_rmdir(o->tree);
}

static bool in_tree(struct ov *o, const char *rel)
{
	char *p = path_join(o->tree, rel);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

static const char *const lab0_manifest[] = { "labs/lab0/warmup.c", NULL };

START_TEST(kit_layout_only_manifest_copied)
{
	struct ov o;

	ov_init(&o, lab0_manifest);
	fx_write(o.sub, "labs/lab0/warmup.c", "int student;\n");
	fx_write(o.sub, "Makefile", "all:\n\trm -rf /\n");
	fx_write(o.sub, "kernel/core/printk.c", "evil\n");
	fx_write(o.sub, "grader/grade.c", "evil\n");
	fx_write(o.sub, "labs/lab0/warmup_test.c", "fake test\n");
	fx_write(o.sub, ".git/config", "x\n");
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.nfiles, 1);
	ck_assert_int_eq(o.run.files[0].status, FILE_COPIED);
	ck_assert_str_eq(o.run.files[0].found, "labs/lab0/warmup.c");
	ck_assert(in_tree(&o, "labs/lab0/warmup.c"));
	ck_assert(!in_tree(&o, "Makefile"));
	ck_assert(!in_tree(&o, "kernel/core/printk.c"));
	ck_assert_int_eq(o.run.ignored.n, 5);
	ck_assert(sl_contains(&o.run.ignored, "Makefile"));
	ck_assert(sl_contains(&o.run.ignored, "kernel/core/printk.c"));
	ck_assert(sl_contains(&o.run.ignored, "grader/grade.c"));
	ck_assert(sl_contains(&o.run.ignored, "labs/lab0/warmup_test.c"));
	ck_assert(sl_contains(&o.run.ignored, ".git/"));
	ov_free(&o);
}
END_TEST

START_TEST(flat_uploads)
{
	static const char *const two[] = { "labs/lab0/warmup.c",
					   "labs/lab1/direct.c", NULL };
	struct ov o;

	ov_init(&o, two);
	fx_write(o.sub, "warmup.c", "int a;\n");
	fx_write(o.sub, "lab1/direct.c", "int b;\n");
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.files[0].status, FILE_COPIED);
	ck_assert_str_eq(o.run.files[0].found, "warmup.c");
	ck_assert_int_eq(o.run.files[1].status, FILE_COPIED);
	ck_assert_str_eq(o.run.files[1].found, "lab1/direct.c");
	ck_assert(in_tree(&o, "labs/lab0/warmup.c"));
	ck_assert(in_tree(&o, "labs/lab1/direct.c"));
	ck_assert_int_eq(o.run.ignored.n, 0);
	ov_free(&o);
}
END_TEST

START_TEST(ambiguous_flat_name)
{
	static const char *const two[] = { "labs/lab1/zone.c",
					   "labs/lab2/zone.c", NULL };
	struct ov o;

	ov_init(&o, two);
	fx_write(o.sub, "zone.c", "int z;\n");
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.files[0].status, FILE_MISSING);
	ck_assert(strstr(o.run.files[0].note, "more than one lab"));
	ck_assert(sl_contains(&o.run.ignored, "zone.c"));
	ov_free(&o);
}
END_TEST

START_TEST(symlink_and_huge_file_refused)
{
	static const char *const two[] = { "labs/lab0/warmup.c",
					   "labs/lab1/big.c", NULL };
	struct ov o;
	char *link, *big;
	FILE *f;

	ov_init(&o, two);
	link = path_join(o.sub, "labs/lab0/warmup.c");
	mkdir_parent(link);
	ck_assert_int_eq(symlink("/etc/passwd", link), 0);
	big = path_join(o.sub, "labs/lab1/big.c");
	mkdir_parent(big);
	f = fopen(big, "w");
	ck_assert_int_eq(fseek(f, OVERLAY_MAX_BYTES + 1, SEEK_SET), 0);
	fputc('x', f);
	fclose(f);
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.files[0].status, FILE_REJECTED);
	ck_assert(strstr(o.run.files[0].note, "symbolic link"));
	ck_assert_int_eq(o.run.files[1].status, FILE_REJECTED);
	ck_assert(strstr(o.run.files[1].note, "larger than"));
	ck_assert(!in_tree(&o, "labs/lab0/warmup.c"));
	ck_assert(!in_tree(&o, "labs/lab1/big.c"));
	free(link);
	free(big);
	ov_free(&o);
}
END_TEST

/*
 * A lab directory that is a symbolic link (here to a directory holding a
 * "reference" file) is not followed, in the kit's layout or the lab one:
 * checking the file alone would not see it.
 */
START_TEST(symlinked_lab_dir_refused)
{
	static const char *const two[] = { "labs/lab3/page_alloc.c",
					   "labs/lab4/slab.c", NULL };
	struct ov o;
	char *elsewhere, *labs, *lab4;

	ov_init(&o, two);
	elsewhere = path_join(o.sub, "../elsewhere");
	fx_write(elsewhere, "page_alloc.c", "int reference;\n");
	fx_write(elsewhere, "slab.c", "int reference;\n");
	labs = path_join(o.sub, "labs");
	ck_assert_int_eq(mkdir_p(labs), 0);
	lab4 = path_join(o.sub, "lab4");
	ck_assert_int_eq(symlink(elsewhere, lab4), 0);	/* lab layout */
	free(labs);
	labs = path_join(o.sub, "labs/lab3");
	ck_assert_int_eq(symlink(elsewhere, labs), 0);	/* kit layout */
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(o.run.files[i].status, FILE_REJECTED);
		ck_assert_ptr_nonnull(strstr(o.run.files[i].note,
					     "is a symbolic link: not followed"));
	}
	ck_assert(!in_tree(&o, "labs/lab3/page_alloc.c"));
	ck_assert(!in_tree(&o, "labs/lab4/slab.c"));
	free(elsewhere);
	free(labs);
	free(lab4);
	ov_free(&o);
}
END_TEST

START_TEST(missing_file_and_bad_dir)
{
	struct ov o;
	char *gone;

	ov_init(&o, lab0_manifest);
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.files[0].status, FILE_MISSING);
	ck_assert(strstr(o.run.files[0].note, "skeleton is used"));
	gone = path_join(o.sub, "no-such-folder");
	ck_assert_int_eq(overlay_apply(&o.run, gone, o.tree, &o.manifest), -1);
	free(gone);
	ov_free(&o);
}
END_TEST

START_TEST(suspicious_includes_warned)
{
	struct ov o;

	ov_init(&o, lab0_manifest);
	fx_write(o.sub, "labs/lab0/warmup.c",
		 "#include <linux/mm.h>\n"
		 "#include \"warmup.h\"\n"
		 "  #  include \"/etc/shadow\"\n"
		 "#include \"../../solutions/lab0/warmup.c\"\n"
		 "asm(\".incbin \\\"/etc/passwd\\\"\");\n");
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	ck_assert_int_eq(o.run.warnings.n, 3);
	ck_assert(strstr(o.run.warnings.v[0], "labs/lab0/warmup.c:3: reaches outside the kit at compile time: /etc/shadow"));
	ck_assert(strstr(o.run.warnings.v[1], ":4:"));
	ck_assert(strstr(o.run.warnings.v[2], ":5: reaches outside the kit at compile time: .incbin"));
	ov_free(&o);
}
END_TEST

START_TEST(kit_copy_leaves_out_build_git_solutions)
{
	char *kit = fx_tmpdir(), *dst = fx_tmpdir(), *p;
	struct strlist files = STRLIST_INIT;
	struct strbuf err = STRBUF_INIT;

	fx_write(kit, "Makefile", "image:\n");
	fx_write(kit, "grader/rubrics/lab0.rubric", "test lab0.a 1\n");
	fx_write(kit, "labs/lab0/warmup.c", "skeleton\n");
	fx_write(kit, "solutions/lab0/warmup.c", "answer\n");
	fx_write(kit, "build/grade/old", "x\n");
	ck_assert_int_eq(kit_list(kit, &files, &err), 0);
	ck_assert(sl_contains(&files, "labs/lab0/warmup.c"));
	ck_assert(!sl_contains(&files, "build/grade/old"));
	ck_assert_int_eq(kit_copy(kit, dst, &files, false, &err), 0);
	p = path_join(dst, "solutions/lab0/warmup.c");
	ck_assert(!is_file(p));
	free(p);
	p = path_join(dst, "solutions/lab0");
	ck_assert(is_dir(p));		/* the Makefile lists labs from it */
	free(p);
	p = path_join(dst, "labs/lab0/warmup.c");
	ck_assert(is_file(p));
	free(p);
	ck_assert_int_eq(kit_copy(kit, dst, &files, true, &err), 0);
	p = path_join(dst, "solutions/lab0/warmup.c");
	ck_assert(is_file(p));
	free(p);
	p = kit_find_root(kit, &err);
	ck_assert_ptr_nonnull(p);
	free(p);
	ck_assert_ptr_null(kit_find_root("/nonexistent", &err));
	ck_assert(strstr(sb_str(&err), "not a kit"));
	sl_free(&files);
	sb_free(&err);
	fx_rmdir(kit);
	fx_rmdir(dst);
}
END_TEST

/* The contents of @p dir/@p rel, or "" (a new string). */
static char *slurp(const char *dir, const char *rel)
{
	char *p = path_join(dir, rel), buf[64] = "";
	FILE *f = fopen(p, "r");

	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);

		buf[n] = '\0';
		fclose(f);
	}
	free(p);
	return strdup(buf);
}

/*
 * The scratch tree is hard links to the kit's files (cheap on ext4), so
 * everything written into it afterwards must be a new file: a student's
 * file overlaid on the skeleton leaves the kit's skeleton as it was.
 */
START_TEST(kit_copy_links_and_overlay_never_writes_through)
{
	char *kit = fx_tmpdir(), *p, *q, *text;
	struct strlist files = STRLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	struct stat a, b;
	struct ov o;

	ov_init(&o, lab0_manifest);
	fx_write(kit, "Makefile", "image:\n");
	fx_write(kit, "grader/rubrics/lab0.rubric", "test lab0.a 1\n");
	fx_write(kit, "labs/lab0/warmup.c", "skeleton\n");
	ck_assert_int_eq(kit_list(kit, &files, &err), 0);
	ck_assert_int_eq(kit_copy(kit, o.tree, &files, false, &err), 0);
	p = path_join(kit, "Makefile");
	q = path_join(o.tree, "Makefile");
	ck_assert_int_eq(stat(p, &a), 0);
	ck_assert_int_eq(stat(q, &b), 0);
	ck_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev);	/* a link */
	free(p);
	free(q);

	fx_write(o.sub, "labs/lab0/warmup.c", "student\n");
	ck_assert_int_eq(overlay_apply(&o.run, o.sub, o.tree, &o.manifest), 0);
	text = slurp(o.tree, "labs/lab0/warmup.c");
	ck_assert_str_eq(text, "student\n");
	free(text);
	text = slurp(kit, "labs/lab0/warmup.c");
	ck_assert_str_eq(text, "skeleton\n");			/* untouched */
	free(text);
	sl_free(&files);
	sb_free(&err);
	ov_free(&o);
	fx_rmdir(kit);
}
END_TEST

/* walk_files() of one tree, 40 times: 0 if each saw its 64 files. */
static void *walk_many(void *dir)
{
	for (int i = 0; i < 40; i++) {
		struct strlist got = STRLIST_INIT;
		bool ok = !walk_files(dir, NULL, &got) && got.n == 64;

		sl_free(&got);
		if (!ok)
			return dir;
	}
	return NULL;
}

/*
 * Labs are graded on several threads, and each walks its own files
 * (the object check): walks at the same time must not share state.
 */
START_TEST(walks_on_two_threads)
{
	char *a = fx_tmpdir(), *b = fx_tmpdir();
	pthread_t t;
	void *ra, *rb;

	for (int i = 0; i < 64; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d%d/f%d.o", i % 4, i);
		fx_write(a, name, "x");
		fx_write(b, name, "y");
	}
	ck_assert_int_eq(pthread_create(&t, NULL, walk_many, a), 0);
	rb = walk_many(b);
	pthread_join(t, &ra);
	ck_assert_ptr_null(ra);
	ck_assert_ptr_null(rb);
	fx_rmdir(a);
	fx_rmdir(b);
}
END_TEST

Suite *overlay_suite(void)
{
	Suite *s = suite_create("overlay");
	TCase *tc = tcase_create("trust");

	tcase_add_test(tc, kit_layout_only_manifest_copied);
	tcase_add_test(tc, flat_uploads);
	tcase_add_test(tc, ambiguous_flat_name);
	tcase_add_test(tc, symlink_and_huge_file_refused);
	tcase_add_test(tc, symlinked_lab_dir_refused);
	tcase_add_test(tc, missing_file_and_bad_dir);
	tcase_add_test(tc, suspicious_includes_warned);
	tcase_add_test(tc, kit_copy_leaves_out_build_git_solutions);
	tcase_add_test(tc, kit_copy_links_and_overlay_never_writes_through);
	tcase_add_test(tc, walks_on_two_threads);
	suite_add_tcase(s, tc);
	return s;
}
