/**
 * @file
 * What a student's build read, from the compiler's own account.
 *
 * Every object of the kit is compiled with -MD (mk/common.mk): beside
 * each .o the compiler writes a .d file naming every file the
 * preprocessor opened, after macros were expanded and `..` resolved.
 * A text scan of the student's source sees `#include "../x"` but not
 *
 *     #define R "/work/kit/solutions/lab3/page_alloc.c"
 *     #include R
 *
 * while the .d file of that object names the file the compiler really
 * read.  So after a build that compiled a submission's files, every
 * dependency must be
 *
 *     inside the scratch kit tree    and not a file the student may not
 *                                    read (solutions/, hidden tests,
 *                                    rubrics, the instructor's lists)
 *     or in the build's own output   generated files (kallsyms.S), the
 *                                    kit objects it links
 *     or a system header             /usr/include/..., /usr/lib/gcc/...
 *
 * anything else (/etc/passwd, /dev/zero, the real kit) fails the build
 * with the path as its reason.  The build's sandbox (build.c) already
 * hides all of those; this check is the second lock, and the one that
 * tells the student why.  `.incbin` is the assembler's and never shows
 * in a .d file: only the sandbox stops that one.
 */
#ifndef GRADER_DEPCHECK_H
#define GRADER_DEPCHECK_H

#include <stdbool.h>

#include "util.h"

/**
 * depcheck_forbidden() - Is @p rel, a path relative to the kit's top,
 * a file a student's build may not read (the reference, hidden tests,
 * rubrics, the mutation and requirement lists)?
 */
bool depcheck_forbidden(const char *rel);

/**
 * depcheck_dir() - Check the dependencies of every .d file under @p dir,
 * whose relative paths are relative to @p tree (make's directory).
 * @param outputs  NULL-terminated directories the build wrote (or links
 *                 from), whose files it may read too; may be NULL.
 * @return 0 when all are allowed; -1 with one line per offending
 *         dependency (at most a few) in @p why.
 */
int depcheck_dir(const char *dir, const char *tree,
		 const char *const *outputs, struct strbuf *why);

/**
 * depcheck_text() - Check the dependencies listed in @p text, the
 * contents of one .d file (@p name, for messages); see depcheck_dir().
 * @return the number of offending dependencies, each described in @p why.
 */
int depcheck_text(const char *text, const char *name, const char *tree,
		  const char *const *outputs, struct strbuf *why);

#endif /* GRADER_DEPCHECK_H */
