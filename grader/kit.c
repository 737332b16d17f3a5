/**
 * @file
 * Finding, listing and copying the pristine kit (kit.h).
 *
 * The listing asks git, the only program the grader runs on the kit's
 * side besides make; a submission is never asked anything: it is only
 * read, file by file (overlay.c).
 */
#include "kit.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "proc.h"

static bool looks_like_kit(const char *dir)
{
	char *mk = path_join(dir, "Makefile");
	char *rub = path_join(dir, "grader/rubrics");
	bool ok = is_file(mk) && is_dir(rub);

	free(mk);
	free(rub);
	return ok;
}

/* KIT/build/tools/grade -> KIT */
static char *root_from_exe(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');

		if (!slash)
			return NULL;
		*slash = '\0';
	}
	return looks_like_kit(exe) ? xstrdup(exe) : NULL;
}

static char *root_from_cwd(void)
{
	char dir[PATH_MAX];

	if (!getcwd(dir, sizeof(dir)))
		return NULL;
	for (;;) {
		char *slash;

		if (looks_like_kit(dir))
			return xstrdup(dir);
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return NULL;
		*slash = '\0';
	}
}

char *kit_find_root(const char *hint, struct strbuf *err)
{
	char abs[PATH_MAX];
	char *root;

	if (hint) {
		if (!realpath(hint, abs) || !looks_like_kit(abs)) {
			sb_addf(err, "--kit %s: not a kit (no Makefile and grader/rubrics/ there)",
				hint);
			return NULL;
		}
		return xstrdup(abs);
	}
	root = root_from_exe();
	if (!root)
		root = root_from_cwd();
	if (!root)
		sb_add(err, "cannot find the kit (a directory with Makefile and grader/rubrics/); use --kit DIR");
	return root;
}

bool kit_excluded(const char *rel)
{
	return !*rel || !strncmp(rel, "build/", 6) || !strncmp(rel, ".git/", 5) ||
	       !strcmp(rel, ".git") || rel[strlen(rel) - 1] == '/';
}

/* Split git's NUL-separated output into @p files. */
static void take_names(const struct strbuf *out, struct strlist *files)
{
	for (size_t i = 0; i < out->len; i += strlen(out->buf + i) + 1)
		if (out->buf[i] && !sl_contains(files, out->buf + i))
			sl_push(files, out->buf + i);
}

static int git_list(const char *root, struct strlist *files)
{
	char *argv[] = { "git", "-C", (char *)root, "ls-files", "-z",
			 "--cached", "--others", "--exclude-standard", NULL };
	struct strbuf out = STRBUF_INIT;
	int code = proc_capture(argv, &out, 60);

	if (code == 0)
		take_names(&out, files);
	sb_free(&out);
	return code == 0 ? 0 : -1;
}

int kit_list(const char *root, struct strlist *files, struct strbuf *err)
{
	static const char *const skip[] = { ".git", "build", NULL };
	char *dotgit = path_join(root, ".git");
	bool git = is_dir(dotgit) || is_file(dotgit);
	int ret;

	free(dotgit);
	ret = git ? git_list(root, files) : walk_files(root, skip, files);
	if (ret) {
		sb_addf(err, "cannot list the kit's files in %s%s", root,
			git ? " (git ls-files failed)" : "");
		return -1;
	}
	return 0;
}

/*
 * The instructor's own files: solutions/, the mutation tool's lists of
 * equivalent mutants (they quote solution lines) and the requirements
 * tables (they name hidden tests).
 */
static bool is_reference(const char *rel)
{
	return !strncmp(rel, "solutions/", 10) ||
	       !fnmatch("tests/lab*/mutants.equivalent", rel, FNM_PATHNAME) ||
	       !fnmatch("tests/lab*/requirements.txt", rel, FNM_PATHNAME);
}

int kit_copy(const char *root, const char *dest, const struct strlist *files,
	     bool with_solutions, struct strbuf *err)
{
	for (size_t i = 0; i < files->n; i++) {
		const char *rel = files->v[i];
		char *src, *dst;
		int ret;

		if (kit_excluded(rel))
			continue;
		src = path_join(root, rel);
		dst = path_join(dest, rel);
		if (!with_solutions && is_reference(rel))
			ret = mkdir_parent(dst);	/* the directory, not the file */
		else
			ret = link_entry(src, dst);
		free(src);
		free(dst);
		if (ret && errno == ENOENT)
			continue;	/* deleted in the work tree */
		if (ret) {
			sb_addf(err, "cannot copy %s into the scratch tree: %s",
				rel, strerror(errno));
			return -1;
		}
	}
	return 0;
}
