/**
 * @file
 * Reading the compiler's .d files of a student's build
 * (depcheck.h).
 *
 * A .d file is make syntax, one rule per object plus, with -MP, an empty
 * rule per header:
 *
 *     build/labs/lab3/page_alloc.o: labs/lab3/page_alloc.c \
 *      kernel/include/linux/mm.h /etc/passwd
 *     kernel/include/linux/mm.h:
 *
 * Words ending in ':' are targets; every other word is a file the
 * compiler read.  A backslash before a newline continues the line, before
 * a blank it is part of the name ("a\ b" is "a b"), and "$$" is "$".
 */
#include "depcheck.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"

#define WHY_MAX 5		/* offending dependencies described */
#define DEPTH_MAX 16		/* directories deep, under a build directory */

/* The compiler's own headers: public, and every build needs some. */
static const char *const system_dirs[] = {
	"/usr/include/", "/usr/lib/gcc/", "/usr/local/include/",
};

/* Instructor-only files of the kit, as kit.c leaves them out. */
static const char *const forbidden[] = {
	"solutions/*", "tests/lab*/*_hidden*", "grader/rubrics/*",
	"tests/lab*/mutants.equivalent", "tests/lab*/requirements.txt",
};

bool depcheck_forbidden(const char *rel)
{
	for (size_t i = 0; i < ARRAY_SIZE(forbidden); i++)
		if (!fnmatch(forbidden[i], rel, 0))
			return true;
	return false;
}

/* The next word of a .d file at *@p p, unescaped, or NULL at the end. */
static char *next_word(const char **p)
{
	struct strbuf w = STRBUF_INIT;
	const char *s = *p;

	while (*s == ' ' || *s == '\t' || *s == '\n' ||
	       (*s == '\\' && s[1] == '\n'))
		s += *s == '\\' ? 2 : 1;
	while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
		if (*s == '\\' && s[1] == '\n')
			break;
		if (*s == '\\' && (s[1] == ' ' || s[1] == '#'))
			s++;
		else if (*s == '$' && s[1] == '$')
			s++;
		sb_addc(&w, *s++);
	}
	*p = s;
	if (!w.len) {
		sb_free(&w);
		return NULL;
	}
	return w.buf;
}

/* Is @p path under directory @p dir (both absolute)? */
static bool under(const char *path, const char *dir)
{
	char *real = realpath(dir, NULL);
	const char *d = real ? real : dir;
	size_t n = strlen(d);
	bool in = !strncmp(path, d, n) && path[n] == '/';

	free(real);
	return in;
}

/* Why dependency @p dep may not be read, or NULL when it may. */
static char *judge(const char *dep, const char *tree_real,
		   const char *const *outputs)
{
	char *path = dep[0] == '/' ? xstrdup(dep) : path_join(tree_real, dep);
	char *real = realpath(path, NULL);
	const char *p = real ? real : path;
	size_t n = strlen(tree_real);
	char *why = NULL;

	/* A file gone since the build: its name alone, and no ".." in it. */
	if (!strncmp(p, tree_real, n) && p[n] == '/' &&
	    (real || !strstr(p, "/.."))) {
		if (depcheck_forbidden(p + n + 1))
			why = xasprintf("%s: an instructor's file, not the student's to read",
					p + n + 1);
	} else {
		bool sys = false;

		for (size_t i = 0; i < ARRAY_SIZE(system_dirs) && !sys; i++)
			sys = !strncmp(p, system_dirs[i], strlen(system_dirs[i]));
		for (size_t i = 0; outputs && outputs[i] && !sys; i++)
			sys = (real || !strstr(p, "/..")) && under(p, outputs[i]);
		if (!sys)
			why = xasprintf("%s: outside the kit tree the submission is built in",
					dep);
	}
	free(real);
	free(path);
	return why;
}

int depcheck_text(const char *text, const char *name, const char *tree,
		  const char *const *outputs, struct strbuf *why)
{
	char *tree_real = realpath(tree, NULL);
	const char *p = text;
	int bad = 0;
	char *w;

	if (!tree_real)
		tree_real = xstrdup(tree);
	while ((w = next_word(&p))) {
		size_t len = strlen(w);
		char *reason = w[len - 1] == ':' ? NULL : judge(w, tree_real, outputs);

		if (reason && bad++ < WHY_MAX)
			sb_addf(why, "%s reads %s\n", name, reason);
		free(reason);
		free(w);
	}
	free(tree_real);
	return bad;
}

/* Every .d file under @p dir, @p depth levels down at most. */
static int scan(const char *dir, const char *tree,
		const char *const *outputs, int depth, int *bad,
		struct strbuf *why)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *path = path_join(dir, e->d_name);
		size_t len = strlen(e->d_name);
		struct stat st;

		if (e->d_name[0] == '.' || lstat(path, &st)) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < DEPTH_MAX) {
			scan(path, tree, outputs, depth + 1, bad, why);
		} else if (S_ISREG(st.st_mode) && len > 2 &&
			   !strcmp(e->d_name + len - 2, ".d")) {
			struct strbuf text = STRBUF_INIT;

			if (!read_file(path, &text))
				*bad += depcheck_text(sb_str(&text), e->d_name,
						      tree, outputs, why);
			sb_free(&text);
		}
		free(path);
	}
	closedir(d);
	return 0;
}

int depcheck_dir(const char *dir, const char *tree,
		 const char *const *outputs, struct strbuf *why)
{
	int bad = 0;

	scan(dir, tree, outputs, 0, &bad, why);
	if (bad > WHY_MAX)
		sb_addf(why, "... and %d more\n", bad - WHY_MAX);
	return bad ? -1 : 0;
}
