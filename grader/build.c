/**
 * @file build.c
 * @brief Runs the kit's `make image` for one stage (build.h).
 *
 * make runs with a clean environment for make (no MAKEFLAGS of an outer
 * `make grade`, whose LAB or SRC would otherwise leak in), in its own
 * process group, under a timeout: a student's file can make the compiler
 * spin (\#include "/dev/zero"), so a build is a budget like any other.
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

int build_stage(const struct build_spec *bs, struct lab_result *lr)
{
	struct proc_io io = { .out_fd = -1, .err_fd = -1,
			      .clean_make_env = true };
	char lab[32], jobs[32], *src, *build, *log_out, *log_err;
	double t0 = now_seconds();
	int code, ret;

	snprintf(lab, sizeof(lab), "LAB=%d", bs->lab);
	snprintf(jobs, sizeof(jobs), "-j%d", bs->jobs > 0 ? bs->jobs : 1);
	src = xasprintf("SRC=%s", bs->src);
	build = xasprintf("BUILD=%s", bs->out);
	log_out = xasprintf("%s.out", bs->out);
	log_err = xasprintf("%s.err", bs->out);
	char *argv[] = { "make", "--no-print-directory", "-C", (char *)bs->tree,
			 jobs, "image", lab, src, build, NULL };

	code = proc_run(argv, log_out, log_err, &io, bs->timeout);
	lr->build_seconds = now_seconds() - t0;
	lr->built = code == 0 && outputs_exist(bs->out);
	if (lr->built) {
		ret = 0;
	} else if (code == 0) {
		lr->build_errors = xasprintf("make image succeeded but %s/kernel.elf or disk.img is missing (kit problem)",
					     bs->out);
		ret = -1;
	} else if (code < 0 || code == 127) {
		lr->build_errors = xstrdup("cannot run make (is it installed? apt-get install make)");
		ret = -1;
	} else {
		lr->build_errors = code == 124 ?
			xasprintf("the build took longer than %.0f s and was stopped",
				  bs->timeout) :
			head_lines(log_err, BUILD_ERROR_LINES);
		ret = 1;
	}
	free(src);
	free(build);
	free(log_out);
	free(log_err);
	return ret;
}
