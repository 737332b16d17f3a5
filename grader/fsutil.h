/**
 * @file
 * File-system chores for scratch trees: make, copy, walk, remove.
 *
 * Nothing here follows a symbolic link out of the tree it works on: the
 * walk and the removal use lstat semantics (FTW_PHYS), and copy_file()
 * refuses anything that is not a regular file.
 *
 * Errors as the system calls underneath report them: 0, or -1 with errno
 * set (strerror(errno) says why).  The rest of the grader returns 0 or -1
 * too, with a sentence for a person in its struct strbuf *err.
 */
#ifndef GRADER_FSUTIL_H
#define GRADER_FSUTIL_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

char *path_join(const char *a, const char *b);

/* mkdir -p. */
int mkdir_p(const char *path);

/* mkdir -p of the directory that will hold @file. */
int mkdir_parent(const char *file);

/* Copy regular file @p src to @p dst (parents made), keeping the mode bits. */
int copy_file(const char *src, const char *dst);

/* Copy @p src to @p dst whatever it is: a file, or a symlink as a symlink. */
int copy_entry(const char *src, const char *dst);

/*
 * Put @p src at @p dst as cheaply as the file system allows: a regular
 * file as a hard link (a copy when linking fails, e.g. across file
 * systems), anything else as copy_entry() does.  Whoever writes into the
 * tree afterwards must replace files, never write through them: the
 * link's other name is the kit's own file.  copy_file() and the grader's
 * other writers make a new file.
 */
int link_entry(const char *src, const char *dst);

/* rm -rf without following symlinks; a path that does not exist is removed. */
int remove_tree(const char *path);

/*
 * Every non-directory under @p root, as paths relative to it, sorted;
 * directories named in @p skip_dirs (e.g. ".git") are not entered but are
 * listed once as "NAME/".
 */
int walk_files(const char *root, const char *const *skip_dirs,
	       struct strlist *out);

bool is_dir(const char *path);
bool is_file(const char *path);

/* The first executable @p name in $PATH (malloc'd), or NULL. */
char *find_in_path(const char *name);

#endif /* GRADER_FSUTIL_H */
