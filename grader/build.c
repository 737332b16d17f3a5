/**
 * @file
 * Runs the kit's `make image` for one stage (build.h).
 *
 * make runs with a clean environment for make (no MAKEFLAGS of an outer
 * `make grade`, whose LAB or SRC would otherwise leak in), in its own
 * process group, under a timeout: a student's file can make the compiler
 * spin (\#include "/dev/zero"), so a build is a budget like any other.
 * With KIT_OBJ_DIR make compiles only the stage's lab files and links
 * (mk/kernel.mk): a grade does not rebuild what the kit's cache has.
 *
 * A build of a submission's files runs sandboxed (bubblewrap): its file
 * system is /usr, read-only, and the grading run's own directory, so
 * neither `#include "../../../../solutions/..."`, nor an absolute path,
 * nor `.incbin` in an asm statement reaches the reference, the hidden
 * tests or the grading machine's files; the network is gone too.  What
 * it did read is then checked from the compiler's .d files (depcheck.h).
 *
 *     sandbox's view          host
 *     /usr (ro)               /usr
 *     RUN/kit (rw)            the scratch kit: no solutions/, hidden
 *                             tests stubbed (grade.c)
 *     RUN/build-labN (rw)     BUILD (or HOSTBUILD: RUN/host-labN)
 *     KIT_OBJ_DIR (ro)        the cache entry of the stage
 *     CCACHE_DIR (rw)         the lab files' ccache
 *     /tmp, /dev, /proc       fresh, private
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depcheck.h"
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

static void bind(struct strlist *a, const char *how, const char *dir)
{
	sl_push(a, how);
	sl_push(a, dir);
	sl_push(a, dir);
}

/* bubblewrap's command line before make's: see the figure above. */
static void sandbox_argv(struct strlist *a, const struct build_spec *bs)
{
	const char *out = bs->host_build ? bs->host_build : bs->out;

	sl_push(a, "bwrap");
	sl_push(a, "--unshare-all");		/* no network, no IPC, own PIDs */
	sl_push(a, "--die-with-parent");
	sl_push(a, "--new-session");
	bind(a, "--ro-bind", "/usr");
	sl_push(a, "--symlink"); sl_push(a, "usr/lib"); sl_push(a, "/lib");
	sl_push(a, "--symlink"); sl_push(a, "usr/lib64"); sl_push(a, "/lib64");
	sl_push(a, "--symlink"); sl_push(a, "usr/bin"); sl_push(a, "/bin");
	if (is_file("/etc/ld.so.cache"))
		bind(a, "--ro-bind", "/etc/ld.so.cache");
	if (is_dir("/etc/alternatives"))	/* cc -> /etc/alternatives/cc */
		bind(a, "--ro-bind", "/etc/alternatives");
	sl_push(a, "--proc"); sl_push(a, "/proc");
	sl_push(a, "--dev"); sl_push(a, "/dev");
	sl_push(a, "--tmpfs"); sl_push(a, "/tmp");
	/* Read-only: its files are hard links to the kit's own (kit_copy()). */
	bind(a, "--ro-bind", bs->tree);
	mkdir_p(out);	/* bwrap binds only what exists */
	bind(a, "--bind", out);
	if (bs->kit_objs)
		bind(a, "--ro-bind", bs->kit_objs);
	if (bs->ccache_dir && !mkdir_p(bs->ccache_dir))
		bind(a, "--bind", bs->ccache_dir);
	sl_push(a, "--setenv"); sl_push(a, "PATH"); sl_push(a, "/usr/bin");
	sl_push(a, "--setenv"); sl_push(a, "HOME"); sl_push(a, "/tmp");
	sl_push(a, "--");
}

/* `make TARGET` for the stage, its output in LOG.out and LOG.err. */
static int run_make(const struct build_spec *bs, const char *target)
{
	struct proc_io io = { .out_fd = -1, .err_fd = -1,
			      .clean_make_env = true,
			      .as_mib = BUILD_AS_MIB, .fsize_mib = BUILD_FSIZE_MIB,
			      .cpu_s = BUILD_CPU_S };
	const char *log = bs->log ? bs->log : bs->out;
	char **env = bs->ccache_dir ? ccache_env(bs) : NULL;
	struct strlist args = STRLIST_INIT;
	char *log_out, *log_err, *host_kit = NULL;
	int code;

	/* The kit's share of the host suites, if the cache entry has it. */
	if (bs->host_build && bs->kit_objs) {
		host_kit = path_join(bs->kit_objs, KIT_HOST_DIR);
		if (!is_dir(host_kit)) {
			free(host_kit);
			host_kit = NULL;
		}
	}
	if (bs->sandboxed)
		sandbox_argv(&args, bs);
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
		if (host_kit)
			sl_pushf(&args, "HOST_KIT_OBJ_DIR=%s", host_kit);
	}
	/*
	 * The compiler cache is the grader's choice, never the caller's
	 * environment (make reads CCACHE from it): a sandboxed build sees no
	 * cache directory but the grader's own.
	 */
	if (env)
		sl_push(&args, "CCACHE=ccache");
	else if (bs->sandboxed)
		sl_push(&args, "CCACHE=");
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
	free(host_kit);
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
	if (code == 0) {
		/*
		 * And the host suites' share, beside it (mk/host.mk).  Only a
		 * shortcut: if it does not build, the entry has none and a
		 * host-suite build compiles the kit's share itself, as before.
		 */
		char *host = path_join(bs->out, KIT_HOST_DIR);

		kb.host_build = host;	/* BUILD stays the kernel's: */
		kb.log = host;		/* the two must differ (mk/host.mk) */
		if (run_make(&kb, "host-kit-objects"))
			remove_tree(host);
		free(host);
		return 0;
	}
	why = why_failed(&kb, code);
	sb_add(err, why);
	free(why);
	return -1;
}

/*
 * A sandboxed build that succeeded: did the compiler read only what it
 * may?  NULL if so, else why not (for the report).
 */
static char *read_outside(const struct build_spec *bs, const char *dir)
{
	const char *outputs[] = { dir, bs->kit_objs, NULL };
	struct strbuf why = STRBUF_INIT;

	if (!bs->sandboxed || !depcheck_dir(dir, bs->tree, outputs, &why)) {
		sb_free(&why);
		return NULL;
	}
	sb_add(&why, "the build read files a submission may not use: only the kit tree it is built in and the compiler's own headers count (see \"Submission boundary\" in grader/README.md)\n");
	return why.buf;
}

int build_stage(const struct build_spec *bs, struct lab_result *lr)
{
	double t0 = now_seconds();
	int code = run_make(bs, "image");

	lr->build_seconds = now_seconds() - t0;
	lr->built = code == 0 && outputs_exist(bs->out);
	if (lr->built && (lr->build_errors = read_outside(bs, bs->out))) {
		lr->built = false;
		return 1;
	}
	if (lr->built)
		return 0;
	if (code == 0) {
		lr->build_errors = xasprintf("make image succeeded but %s/kernel.elf or disk.img is missing (kit problem)",
					     bs->out);
		return -1;
	}
	lr->build_errors = why_failed(bs, code);
	if (bs->sandboxed && !strncmp(lr->build_errors, "bwrap: ", 7)) {
		char *why = lr->build_errors;

		/* Not the student's error: grading cannot run. */
		lr->build_errors = xasprintf("the build's sandbox could not start (is bubblewrap installed? make deps): %s",
					     why);
		free(why);
		return -1;
	}
	return code < 0 || code == 127 ? -1 : 1;
}

int build_host_suites(const struct build_spec *bs, char **errors)
{
	int code = run_make(bs, "host-suites");

	*errors = NULL;
	if (code == 0 && (*errors = read_outside(bs, bs->host_build)))
		return 1;
	if (code == 0)
		return 0;
	*errors = why_failed(bs, code);
	return code < 0 || code == 127 ? -1 : 1;
}
