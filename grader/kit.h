/**
 * @file
 * The pristine kit: where it is, which files it has, and copying
 * it into a scratch tree.
 *
 * The kit's root is the directory that holds the top Makefile and
 * grader/rubrics/.  Its files are what git tracks plus untracked files git
 * does not ignore (`git ls-files --cached --others --exclude-standard`),
 * or, outside git, everything; never build/ or .git/.
 */
#ifndef GRADER_KIT_H
#define GRADER_KIT_H

#include <stdbool.h>

#include "util.h"

/**
 * kit_find_root() - Locate the kit: @p hint if given, else the directory two
 * levels above this program (KIT/build/tools/grade), else the current
 * directory or one of its parents.
 * @return a new absolute path, or NULL with the reason in @p err.
 */
char *kit_find_root(const char *hint, struct strbuf *err);

/* The kit's files, relative to @p root; 0 or -1 with @p err set. */
int kit_list(const char *root, struct strlist *files, struct strbuf *err);

/* True for a listed name kit_copy() leaves out: build/, .git, a "DIR/". */
bool kit_excluded(const char *rel);

/**
 * kit_copy() - Copy the listed @p files of @p root into @p dest, as hard
 * links where the file system allows (link_entry()): a scratch tree costs
 * directory entries, not new files.  (On ext4 a new inode is the dear
 * part: after a day of grades, creating the 600 files of a copy took
 * longer than building the lab.)
 * @param with_solutions  false copies solutions/ as empty directories: the
 *                        Makefile still finds the labs there, but a
 *                        student's file cannot \#include the reference
 *                        (nor the lists of equivalent mutants, which
 *                        quote it: they are left out).
 * @return 0, or -1 with @p err set.
 */
int kit_copy(const char *root, const char *dest, const struct strlist *files,
	     bool with_solutions, struct strbuf *err);

#endif /* GRADER_KIT_H */
