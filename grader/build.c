/**
 * @file build.c
 * @brief Runs the kit's `make image` for one stage (build.h).
 *
 * make runs with a clean environment for make (no MAKEFLAGS of an outer
 * `make grade`, whose LAB or SRC would otherwise leak in), in its own
 * process group, under a timeout: a student's file can make the compiler
 * spin (\#include "/dev/zero"), so a build is a budget like any other.
 * With KIT_OBJ_DIR make compiles only the stage's lab files and links
 * (mk/kernel.mk): a grade does not rebuild what the kit's cache has.
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "proc.h"

/* The first @p max lines of @p path (compiler errors come first). */
static char *head_lines(const char *path, int max)
{
	struct strbuf sb = STRBUF_INIT;
	int lines = 0;

	if (read_file(path, &sb))
		return xstrdup("(no compiler output)");
	for (size_t i = 0; i < sb.len; i++) {
		if (sb.buf[i] == '\n' && ++lines == max && i + 1 < sb.len) {
			sb.len = i + 1;
			sb.buf[sb.len] = '\0';
			sb_add(&sb, "... (more in the build log)\n");
			break;
		}
	}
	return sb.buf ? sb.buf : xstrdup("");
}

static bool outputs_exist(const char *out)
{
	char *elf = path_join(out, "kernel.elf");
	char *img = path_join(out, "disk.img");
	bool ok = is_file(elf) && is_file(img);

	free(elf);
	free(img);
	return ok;
}

/*
 * ccache for the lab files: a file compiled before (by this student's last
 * grade, or the reference by anyone's) is not compiled again.  Every grade
 * has its own scratch tree, so the key must not hold the tree's path:
 * BASEDIR makes ccache hash paths inside the tree as relative ones and
 * NOHASHDIR leaves the working directory out; the object itself has no
 * path in it (-ffile-prefix-map, mk/common.mk), so a hit is the same bytes
 * a compile gives (tests/kernel/cache_tests.sh compares the images).
 */
static char **ccache_env(const struct build_spec *bs)
{
	char **env = xcalloc(5, sizeof(*env));

	env[0] = xasprintf("CCACHE_DIR=%s", bs->ccache_dir);
	env[1] = xasprintf("CCACHE_BASEDIR=%s", bs->tree);
	env[2] = xstrdup("CCACHE_NOHASHDIR=1");
	env[3] = xstrdup("CCACHE_MAXSIZE=" BUILD_CCACHE_MAXSIZE);
	return env;
}

/* `make TARGET` for the stage, its output in LOG.out and LOG.err. */
static int run_make(const struct build_spec *bs, const char *target)
{
	struct proc_io io = { .out_fd = -1, .err_fd = -1,
			      .clean_make_env = true,
			      .as_mib = BUILD_AS_MIB, .fsize_mib = BUILD_FSIZE_MIB };
	const char *log = bs->log ? bs->log : bs->out;
	char **env = bs->ccache_dir ? ccache_env(bs) : NULL;
	struct strlist args = STRLIST_INIT;
	char *log_out, *log_err;
	int code;

	sl_push(&args, "make");
	sl_push(&args, "--no-print-directory");
	sl_push(&args, "-C");
	sl_push(&args, bs->tree);
	sl_pushf(&args, "-j%d", bs->jobs > 0 ? bs->jobs : 1);
	sl_push(&args, target);
	sl_pushf(&args, "LAB=%d", bs->lab);
	sl_pushf(&args, "SRC=%s", bs->src);
	sl_pushf(&args, "BUILD=%s", bs->out);
	if (bs->host_build) {
		/* Every lab from the graded tree: make host-suites (mk/host.mk). */
		sl_pushf(&args, "HOSTBUILD=%s", bs->host_build);
		sl_pushf(&args, "HOST_EARLIER_TREE=%s", bs->src);
	}
	if (env)
		sl_push(&args, "CCACHE=ccache");
	if (bs->kit_objs)
		sl_pushf(&args, "KIT_OBJ_DIR=%s", bs->kit_objs);
	log_out = xasprintf("%s.out", log);
	log_err = xasprintf("%s.err", log);
	io.env = env;
	code = proc_run(sl_argv(&args), log_out, log_err, &io, bs->timeout);
	for (char **e = env; e && *e; e++)
		free(*e);
	free(env);
	sl_free(&args);
	free(log_out);
	free(log_err);
	return code;
}

/* Why make ended with status @p code: its first error lines, mostly. */
static char *why_failed(const struct build_spec *bs, int code)
{
	char *log_err, *why;

	if (code < 0 || code == 127)
		return xstrdup("cannot run make (is it installed? apt-get install make)");
	if (code == 124 && proc_interrupted())
		return xstrdup("the build was interrupted");
	if (code == 124)
		return xasprintf("the build took longer than %.0f s and was stopped",
				 bs->timeout);
	log_err = xasprintf("%s.err", bs->log ? bs->log : bs->out);
	why = head_lines(log_err, BUILD_ERROR_LINES);
	free(log_err);
	return why;
}

int build_kit_objects(const struct build_spec *bs, struct strbuf *err)
{
	struct build_spec kb = *bs;
	int code;
	char *why;

	kb.kit_objs = NULL;
	code = run_make(&kb, "kit-objects");
	if (code == 0)
		return 0;
	why = why_failed(&kb, code);
	sb_add(err, why);
	free(why);
	return -1;
}

int build_stage(const struct build_spec *bs, struct lab_result *lr)
{
	double t0 = now_seconds();
	int code = run_make(bs, "image");

	lr->build_seconds = now_seconds() - t0;
	lr->built = code == 0 && outputs_exist(bs->out);
	if (lr->built)
		return 0;
	if (code == 0) {
		lr->build_errors = xasprintf("make image succeeded but %s/kernel.elf or disk.img is missing (kit problem)",
					     bs->out);
		return -1;
	}
	lr->build_errors = why_failed(bs, code);
	return code < 0 || code == 127 ? -1 : 1;
}

int build_host_suites(const struct build_spec *bs, char **errors)
{
	int code = run_make(bs, "host-suites");

	*errors = NULL;
	if (code == 0)
		return 0;
	*errors = why_failed(bs, code);
	return code < 0 || code == 127 ? -1 : 1;
}
