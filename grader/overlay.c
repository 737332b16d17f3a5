/**
 * @file
 * Student files into the scratch tree; everything else listed
 * (rules in overlay.h).
 */
#include "overlay.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "labs/lab3/buddy.c" -> "lab3/buddy.c" (the per-lab flat layout). */
static const char *lab_relative(const char *path)
{
	return !strncmp(path, "labs/", 5) ? path + 5 : path;
}

static int count_basename(const struct strlist *manifest, const char *name)
{
	int n = 0;

	for (size_t i = 0; i < manifest->n; i++)
		n += !strcmp(base_name(manifest->v[i]), name);
	return n;
}

/* Where in the submission a manifest file is, or NULL. */
static char *locate(const char *submission, const char *path,
		    const struct strlist *manifest, bool *ambiguous)
{
	const char *tries[] = { path, lab_relative(path), base_name(path) };
	struct stat st;

	*ambiguous = false;
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		char *full = path_join(submission, tries[i]);
		int found = !lstat(full, &st);

		free(full);
		if (!found)
			continue;
		if (i == 2 && count_basename(manifest, tries[i]) > 1) {
			*ambiguous = true;
			return NULL;
		}
		return xstrdup(tries[i]);
	}
	return NULL;
}

/*
 * The first directory of @p rel (a path inside @p submission) that is a
 * symbolic link, or NULL.  lstat() of the file sees only its last part: a
 * lab directory linked to the kit's solutions/ would be followed.
 */
static char *linked_dir(const char *submission, const char *rel)
{
	char *dir = xstrdup(rel);
	struct stat st;

	for (char *slash = strchr(dir, '/'); slash; slash = strchr(slash + 1, '/')) {
		char *full;
		bool link;

		*slash = '\0';
		full = path_join(submission, dir);
		link = !lstat(full, &st) && S_ISLNK(st.st_mode);
		free(full);
		if (link)
			return dir;
		*slash = '/';
	}
	free(dir);
	return NULL;
}

/* Take one found file: only a regular, not too large file, reached without links. */
static void take_file(struct grade_run *run, struct file_record *f,
		      const char *submission, const char *tree)
{
	char *src = path_join(submission, f->found);
	char *dst = path_join(tree, f->path);
	char *link = linked_dir(submission, f->found);
	struct stat st;
	int ret;

	if (link) {
		f->status = FILE_REJECTED;
		f->note = xasprintf("its directory %s is a symbolic link: not followed",
				    link);
		free(link);
	} else if (lstat(src, &st) || !S_ISREG(st.st_mode)) {
		f->status = FILE_REJECTED;
		f->note = xstrdup(S_ISLNK(st.st_mode) ?
				  "a symbolic link: not followed" :
				  "not a regular file");
	} else if (st.st_size > OVERLAY_MAX_BYTES) {
		f->status = FILE_REJECTED;
		f->note = xasprintf("%lld bytes: larger than %d",
				    (long long)st.st_size, OVERLAY_MAX_BYTES);
	} else if ((ret = copy_file(src, dst))) {
		f->status = FILE_REJECTED;
		f->note = xasprintf("cannot copy: %s", strerror(errno));
	} else {
		f->status = FILE_COPIED;
		overlay_scan(run, dst, f->path);
	}
	free(src);
	free(dst);
}

static void list_ignored(struct grade_run *run, const char *submission)
{
	static const char *const skip[] = { ".git", NULL };
	struct strlist all = STRLIST_INIT;
	size_t listed = 0, more = 0;

	walk_files(submission, skip, &all);
	for (size_t i = 0; i < all.n; i++) {
		bool used = false;

		for (size_t j = 0; j < run->nfiles && !used; j++)
			used = run->files[j].found &&
			       run->files[j].status == FILE_COPIED &&
			       !strcmp(run->files[j].found, all.v[i]);
		if (used)
			continue;
		if (listed++ < OVERLAY_MAX_LISTED)
			sl_push(&run->ignored, all.v[i]);
		else
			more++;
	}
	if (more)
		sl_pushf(&run->ignored, "... and %zu more", more);
	sl_free(&all);
}

int overlay_apply(struct grade_run *run, const char *submission,
		  const char *tree, const struct strlist *manifest)
{
	if (!is_dir(submission))
		return -1;
	for (size_t i = 0; i < manifest->n; i++) {
		struct file_record *f = run_add_file(run, manifest->v[i]);
		bool ambiguous;

		f->found = locate(submission, f->path, manifest, &ambiguous);
		if (f->found) {
			take_file(run, f, submission, tree);
		} else {
			f->status = FILE_MISSING;
			f->note = xstrdup(ambiguous ?
				"only found flat at the top, where more than one lab has a file of that name: put it under labN/" :
				"not in the submission: the kit's skeleton is used");
		}
	}
	list_ignored(run, submission);
	return 0;
}

/* The quoted or bracketed path of an #include line, or NULL. */
static const char *include_target(const char *line, char *buf, size_t n)
{
	const char *p = line;
	size_t len;

	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '#')
		return NULL;
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "include", 7))
		return NULL;
	p += 7;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '"' && *p != '<')
		return NULL;
	len = strcspn(p + 1, "\">");
	snprintf(buf, n, "%.*s", (int)len, p + 1);
	return buf;
}

static bool reaches_outside(const char *target)
{
	return target[0] == '/' || !strncmp(target, "..", 2) ||
	       strstr(target, "/..") || strstr(target, "solutions");
}

void overlay_scan(struct grade_run *run, const char *path,
		  const char *shown_as)
{
	struct strbuf text = STRBUF_INIT;
	char target[256];
	int lineno = 0;

	if (read_file(path, &text))
		return;
	for (char *line = text.buf, *next; line; line = next) {
		const char *inc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		inc = include_target(line, target, sizeof(target));
		if ((inc && reaches_outside(inc)) || strstr(line, ".incbin"))
			sl_pushf(&run->warnings,
				 "%s:%d: reaches outside the kit at compile time: %s",
				 shown_as, lineno, inc ? inc : ".incbin");
	}
	sb_free(&text);
}
