/**
 * @file
 * The grading run (steps in grade.h).
 *
 * Scratch layout, under build/grade/ (or --scratch):
 *
 *     run-XXXXXX/
 *       kit/                  pristine kit + the submission's manifest files
 *       kit-objects-labN.out/.err   make kit-objects, if the cache lacked it
 *       kit-objects-labN.d/   with a submission and no cache entry: the
 *                             kit objects built for this run alone
 *       build-labN/           BUILD= of stage N (kernel.elf, disk.img)
 *       build-labN.out/.err   make's output
 *       labN-bootB.serial     raw serial log of each boot (and bootrun's
 *       labN-bootB.*          stderr and emulator log)
 *       pristine/             only if a submission did not build: the kit
 *                             alone, to tell a student's error from a kit's
 *
 * Speed: the kit's own objects of each graded stage come from the cache
 * (cache.h), made from kit/ while it is still pristine, so a build
 * compiles only the lab files; and with --lab all the labs are graded on
 * up to --jobs threads (pool.h), each with its own build directory, boot
 * files and progress stream.  What the threads share is read-only then,
 * except run->error and the pristine/ copy, each under its own lock.
 * --no-cache is the old way: every build from scratch, one lab at a time
 * (parallel makes would race for the tree's build/tools/).
 */
#include "grade.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cache.h"
#include "fsutil.h"
#include "hostsuite.h"
#include "kit.h"
#include "machines.h"
#include "objcheck.h"
#include "overlay.h"
#include "pool.h"
#include "proc.h"
#include "progress.h"
#include "session.h"
#include "timings.h"

#define PRISTINE_TIMEOUT_FACTOR 4	/* the kit-alone build's time, in builds */

struct ctx {
	const struct options *opt;
	struct grade_run *run;
	FILE *progress;
	char *root, *rundir, *tree, *bootrun;
	struct strlist kit_files;
	struct kit_cache cache;
	char *kit_objs[RUBRIC_MAX_LAB + 1];	/* KIT_OBJ_DIR per stage, or NULL */
	char *ccache_dir;			/* lab files through ccache, or NULL */
	char *timings;				/* the jobs' seconds (timings.h), or NULL */
	struct rubric **todo;			/* the graded labs, in order */
	int workers;				/* labs graded at once */
	pthread_mutex_t error_lock;		/* run->error */
	pthread_mutex_t pristine_lock;		/* making pristine/ */
};

static int fail(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record why grading stops; the first reason stays (labs run in parallel). */
static int fail(struct ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&c->error_lock);
	if (!c->run->error)
		c->run->error = sb.buf;
	else
		sb_free(&sb);
	pthread_mutex_unlock(&c->error_lock);
	return -1;
}

static bool graded(const struct ctx *c, int lab)
{
	return c->opt->lab == LAB_ALL || c->opt->lab == lab;
}

static int load_rubrics(struct ctx *c)
{
	char *dir = c->opt->rubrics ? xstrdup(c->opt->rubrics) :
		    path_join(c->root, "grader/rubrics");
	struct strlist errs = STRLIST_INIT;
	struct grade_run *run = c->run;

	run->rubrics = xcalloc(RUBRIC_MAX_LAB + 1, sizeof(*run->rubrics));
	for (int lab = 0; lab <= RUBRIC_MAX_LAB; lab++) {
		char *path = xasprintf("%s/lab%d.rubric", dir, lab);

		if (is_file(path))
			rubric_load(path, lab, &run->rubrics[run->nrubrics++],
				    &errs);
		free(path);
	}
	if (errs.n) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < errs.n; i++)
			sb_addf(&sb, "\n  %s", errs.v[i]);
		fail(c, "invalid rubric (fix it and grade again):%s", sb_str(&sb));
		sb_free(&sb);
	} else if (!run->nrubrics) {
		fail(c, "no rubrics in %s (expected labN.rubric files)", dir);
	}
	sl_free(&errs);
	free(dir);
	return run->error ? -1 : 0;
}

static struct rubric *rubric_of(struct ctx *c, int lab)
{
	for (size_t i = 0; i < c->run->nrubrics; i++)
		if (c->run->rubrics[i].lab == lab)
			return &c->run->rubrics[i];
	return NULL;
}

static int max_graded_lab(const struct ctx *c)
{
	int max = -1;

	for (size_t i = 0; i < c->run->nrubrics; i++)
		if (graded(c, c->run->rubrics[i].lab))
			max = c->run->rubrics[i].lab;
	return max;
}

static int make_scratch(struct ctx *c)
{
	char *parent = c->opt->scratch ? xstrdup(c->opt->scratch) :
		       path_join(c->root, "build/grade");
	char *tmpl = path_join(parent, "run-XXXXXX");
	int ret = mkdir_p(parent);

	if (ret || !mkdtemp(tmpl)) {
		fail(c, "cannot make a scratch directory in %s", parent);
		free(tmpl);
		tmpl = NULL;
	}
	free(parent);
	c->rundir = tmpl;
	if (tmpl)
		c->tree = path_join(tmpl, "kit");
	return tmpl ? 0 : -1;
}

static int copy_kit(struct ctx *c, const char *dest)
{
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	if (!c->kit_files.n && kit_list(c->root, &c->kit_files, &err))
		ret = -1;
	if (!ret && kit_copy(c->root, dest, &c->kit_files,
			     c->opt->submission == NULL, &err))
		ret = -1;
	if (ret)
		fail(c, "%s", sb_str(&err));
	sb_free(&err);
	return ret;
}

/* The manifest files of every lab up to the last graded one. */
static void manifest_of(struct ctx *c, struct strlist *out)
{
	int max = max_graded_lab(c);

	for (size_t i = 0; i < c->run->nrubrics; i++) {
		const struct rubric *r = &c->run->rubrics[i];

		for (size_t j = 0; r->lab <= max && j < r->files.n; j++)
			if (!sl_contains(out, r->files.v[j]))
				sl_push(out, r->files.v[j]);
	}
}

/*
 * Without a submission the kit's own files are graded: record them, under
 * solutions/ for SRC=solutions (labs/lab0/x.c -> solutions/lab0/x.c).
 */
static void record_kit_files(struct ctx *c, const struct strlist *manifest)
{
	bool ref = !strcmp(c->opt->src, "solutions");

	for (size_t i = 0; i < manifest->n; i++) {
		struct file_record *f = run_add_file(c->run, manifest->v[i]);
		char *rel = ref ? xasprintf("solutions/%s", f->path + 5) :
			    xstrdup(f->path);
		char *path = path_join(c->tree, rel);

		f->status = is_file(path) ? FILE_KIT : FILE_MISSING;
		if (f->status == FILE_KIT)
			f->found = rel;
		else
			f->note = xasprintf("%s is not in the kit", rel);
		if (!f->found)
			free(rel);
		free(path);
	}
}

static int place_student_files(struct ctx *c)
{
	struct strlist manifest = STRLIST_INIT;
	int ret = 0;

	manifest_of(c, &manifest);
	if (!c->opt->submission)
		record_kit_files(c, &manifest);
	else if (overlay_apply(c->run, c->opt->submission, c->tree, &manifest))
		ret = fail(c, "--submission %s: not a readable directory",
			   c->opt->submission);
	sl_free(&manifest);
	return ret;
}

static int find_bootrun(struct ctx *c)
{
	c->bootrun = c->opt->bootrun ? xstrdup(c->opt->bootrun) :
		     path_join(c->root, "build/tools/bootrun");
	if (access(c->bootrun, X_OK))
		return fail(c, "no runner at %s (build it with `make tools`, or give --bootrun)",
			    c->bootrun);
	return 0;
}

static int jobs_of(const struct ctx *c)
{
	return c->opt->jobs ? c->opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
}

/* How stage @p lab is built in @p tree into RUNDIR/@p name. */
static struct build_spec spec_of(struct ctx *c, const char *tree, int lab,
				 char *out)
{
	return (struct build_spec){
		.tree = tree, .lab = lab,
		.src = c->opt->submission ? "labs" : c->opt->src, .out = out,
		.kit_objs = c->kit_objs[lab], .ccache_dir = c->ccache_dir,
		.jobs = jobs_of(c),
		.timeout = c->opt->build_timeout * c->opt->scale,
		.sandboxed = c->opt->submission != NULL,
	};
}

static int build_in(struct ctx *c, const char *tree, const char *name,
		    struct lab_result *lr)
{
	char *out = path_join(c->rundir, name);
	struct build_spec bs = spec_of(c, tree, lr->rubric->lab, out);
	int ret = build_stage(&bs, lr);

	free(out);
	return ret;
}

/*
 * A submission did not compile: check that the kit alone does, so a
 * broken kit is reported as such (exit 2) and not as a student's zero.
 * The kit's build is not the student's: no sandbox, and a budget of its
 * own, PRISTINE_TIMEOUT_FACTOR times a build's, so a student build that
 * used up its time on a loaded machine does not make a slow but correct
 * kit look broken.
 */
static int check_pristine(struct ctx *c, struct lab_result *lr)
{
	char *tree = path_join(c->rundir, "pristine");
	char *name = xasprintf("pristine-build-lab%d", lr->rubric->lab);
	char *out = path_join(c->rundir, name);
	struct build_spec bs = spec_of(c, tree, lr->rubric->lab, out);
	struct lab_result probe;
	int ret;

	bs.sandboxed = false;
	bs.timeout *= PRISTINE_TIMEOUT_FACTOR;
	lab_result_init(&probe, lr->rubric);
	pthread_mutex_lock(&c->pristine_lock);	/* one copy for every lab */
	ret = is_dir(tree) ? 0 : copy_kit(c, tree);
	pthread_mutex_unlock(&c->pristine_lock);
	if (!ret && build_stage(&bs, &probe))
		ret = fail(c, "the kit itself does not build stage %d, even without the submission:\n%s",
			   lr->rubric->lab, probe.build_errors ? probe.build_errors : "");
	free(out);
	lab_result_free(&probe);
	free(tree);
	free(name);
	return ret;
}

static int boot_lab(struct ctx *c, struct lab_result *lr, FILE *progress)
{
	char *out = xasprintf("%s/build-lab%d", c->rundir, lr->rubric->lab);
	char *image = path_join(out, "disk.img");
	char *kernel = path_join(out, "kernel.elf");
	struct session_cfg cfg = {
		.opt = c->opt, .bootrun = c->bootrun, .image = image,
		.kernel = kernel, .workdir = c->rundir, .progress = progress,
	};
	const struct rubric *r = lr->rubric;
	struct strbuf err = STRBUF_INIT;
	int ret;

	/* --mem grades on one PC of that size instead of the rubric's. */
	if (c->opt->mem_mib || r->nmachines == 0) {
		ret = session_run(lr, &cfg, &err);
	} else if (r->nmachines == 1) {
		cfg.mem_mib = r->machines[0].mem_mib;
		ret = session_run(lr, &cfg, &err);
	} else {
		ret = machines_grade(lr, &cfg, jobs_of(c), &err);
	}
	if (ret)
		fail(c, "%s", sb_str(&err));
	sb_free(&err);
	free(out);
	free(image);
	free(kernel);
	return ret;
}

/*
 * The object check of a built stage (or of what compiled of a stage that
 * did not link: a name the kit defines makes the link fail, and the
 * refusal says why better than ld).  Its refusals go into @p lr, at most
 * OBJCHECK_MAX_REPORTED of them and a count of the rest.
 */
static int check_objects(struct ctx *c, struct lab_result *lr, FILE *progress)
{
	char *out = xasprintf("%s/build-lab%d", c->rundir, lr->rubric->lab);
	struct objcheck_stage st = {
		.build = out, .src = c->opt->submission ? "labs" : c->opt->src,
		.kit_objs = c->kit_objs[lr->rubric->lab],
		.rubrics = c->run->rubrics, .nrubrics = c->run->nrubrics,
	};
	struct strlist v = STRLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	double t0 = now_seconds();
	int ret = objcheck_stage(&st, &v, &err);

	if (ret)
		fail(c, "lab %d: the object check could not run: %s",
		     lr->rubric->lab, sb_str(&err));
	for (size_t i = 0; i < v.n && i < OBJCHECK_MAX_REPORTED; i++)
		sl_push(&lr->objcheck, v.v[i]);
	if (v.n > OBJCHECK_MAX_REPORTED)
		sl_pushf(&lr->objcheck, "... and %zu more",
			 v.n - OBJCHECK_MAX_REPORTED);
	if (!ret)
		progress_step(progress, "lab %d: object check %s in %.2f s",
			      lr->rubric->lab, v.n ? "REFUSED the objects" : "ok",
			      now_seconds() - t0);
	sl_free(&v);
	sb_free(&err);
	free(out);
	return ret;
}

/* Every test of a lab the object check refused, host cases too, scores 0. */
static void reject_lab(struct lab_result *lr, FILE *progress)
{
	char *why = xasprintf("the object check refused the lab's objects: %s%s",
			      lr->objcheck.v[0], lr->objcheck.n > 1 ?
			      " (and more: see the lab's report)" : "");

	for (size_t i = 0; i < lr->ntests; i++) {
		test_set_outcome(&lr->tests[i], OUTCOME_REJECTED, why, 0);
		progress_test(progress, lr, &lr->tests[i]);
	}
	free(why);
}

/*
 * A lab's two halves run side by side: the kernel half (build, object
 * check, boots) and the host half (build the host suites, run them).  They
 * classify disjoint tests of the lab, and the host half's notes wait in
 * their own list until both are done.  The host suites build while the
 * kernel builds, but run only once the object check has passed the
 * kernel's objects: a lab it refuses runs nothing natively, and all its
 * tests are REJECTED.
 */
struct halves {
	struct ctx *c;
	struct lab_result *lr;
	FILE *progress;
	struct strlist host_notes;
	pthread_mutex_t lock;
	pthread_cond_t decided;
	int verdict;			/* -1 undecided, 0 do not run, 1 run */
};

/* The kernel half's word to the host half: run the suites or not. */
static void decide(struct halves *h, bool run)
{
	pthread_mutex_lock(&h->lock);
	if (h->verdict < 0)
		h->verdict = run;
	pthread_cond_broadcast(&h->decided);
	pthread_mutex_unlock(&h->lock);
}

/* hostsuite_cfg.may_run: wait for the kernel half's word. */
static bool host_may_run(void *arg)
{
	struct halves *h = arg;
	int verdict;

	pthread_mutex_lock(&h->lock);
	while (h->verdict < 0)
		pthread_cond_wait(&h->decided, &h->lock);
	verdict = h->verdict;
	pthread_mutex_unlock(&h->lock);
	return verdict;
}

/* The lab's host cases (hostsuite.h), once the kernel half allows. */
static int grade_host_cases(struct halves *h)
{
	struct ctx *c = h->c;
	struct lab_result *lr = h->lr;
	char *out = xasprintf("%s/build-lab%d", c->rundir, lr->rubric->lab);
	struct hostsuite_cfg hc = {
		.build = spec_of(c, c->tree, lr->rubric->lab, out),
		.workdir = c->rundir, .progress = h->progress,
		.net_per_budget = c->opt->net_per_budget,
		.net_slack = c->opt->net_slack, .scale = c->opt->scale,
		.cpu_budget = c->opt->host_budget,
		.jobs = jobs_of(c), .notes = &h->host_notes,
		.fail_fast = c->opt->fail_fast,
		.may_run = host_may_run, .may_run_arg = h,
	};
	struct strbuf err = STRBUF_INIT;
	int ret = hostsuite_grade(lr, &hc, &err);

	if (ret)
		fail(c, "%s", sb_str(&err));
	sb_free(&err);
	free(out);
	return ret;
}

/* The kernel half: build, object check, then the boots. */
static int kernel_half(struct halves *h)
{
	struct ctx *c = h->c;
	struct lab_result *lr = h->lr;
	int lab = lr->rubric->lab, ret;
	char name[32];

	snprintf(name, sizeof(name), "build-lab%d", lab);
	ret = build_in(c, c->tree, name, lr);
	if (ret < 0)
		return fail(c, "lab %d: %s", lab, lr->build_errors);
	progress_step(h->progress, "lab %d: build %s in %.1f s", lab,
		      ret ? "FAILED" : "ok", lr->build_seconds);
	if (check_objects(c, lr, h->progress))
		return -1;
	if (lr->objcheck.n)
		return 0;			/* grade_lab() rejects the lab */
	decide(h, true);
	if (ret == 0)
		return boot_lab(c, lr, h->progress);
	if (c->opt->submission && (ret = check_pristine(c, lr)))
		return ret;
	session_mark_rest(lr, OUTCOME_NOBUILD,
			  "the kernel did not compile: see the compiler errors",
			  h->progress);
	if (c->opt->fail_fast)
		proc_request_stop();
	return 0;
}

static int half_job(void *arg, size_t i)
{
	struct halves *h = arg;
	int ret;

	if (i == 1)
		return grade_host_cases(h);
	ret = kernel_half(h);
	decide(h, false);	/* not decided yet: refused, or an error */
	return ret;
}

/* Build and test one lab into @p lr; may run beside other labs. */
static int grade_lab(struct ctx *c, struct rubric *r, struct lab_result *lr,
		     FILE *progress)
{
	struct halves h = { .c = c, .lr = lr, .progress = progress,
			    .host_notes = STRLIST_INIT,
			    .lock = PTHREAD_MUTEX_INITIALIZER,
			    .decided = PTHREAD_COND_INITIALIZER, .verdict = -1 };
	double t0 = now_seconds();
	int ret;

	lab_result_init(lr, r);
	progress_step(progress, "lab %d: building the kernel (stage %d, SRC=%s%s)",
		      r->lab, r->lab, c->opt->submission ? "labs + submission" : c->opt->src,
		      c->kit_objs[r->lab] ? ", kit objects cached" : "");
	/* --no-cache: one make at a time in the tree (its build/tools/). */
	ret = pool_run(2, c->workers > 1 ? 2 : 1, half_job, &h);
	for (size_t i = 0; i < h.host_notes.n; i++)
		sl_push(&lr->notes, h.host_notes.v[i]);
	sl_free(&h.host_notes);
	if (!ret && lr->objcheck.n)
		reject_lab(lr, progress);
	lr->seconds = now_seconds() - t0;
	return ret;
}

/* pool_run() job @p i: the i-th graded lab, into run->labs[i]. */
static int grade_job(void *arg, size_t i)
{
	struct ctx *c = arg;
	return grade_lab(c, c->todo[i], &c->run->labs[i], c->progress);
}

/*
 * Every graded lab, in parallel when there is a cache.  The report keeps
 * lab order: labs[i] is the i-th lab; after an error, the labs that never
 * started are dropped, as a serial run would not have reached them.
 */
static int grade_labs(struct ctx *c)
{
	struct grade_run *run = c->run;
	size_t n = 0, kept = 0;
	int ret;

	c->todo = xcalloc(run->nrubrics + 1, sizeof(*c->todo));
	for (int lab = 0; lab <= RUBRIC_MAX_LAB; lab++)
		if (rubric_of(c, lab) && graded(c, lab))
			c->todo[n++] = rubric_of(c, lab);
	run->labs = xcalloc(n + 1, sizeof(*run->labs));
	session_set_slots(jobs_of(c));
	c->workers = jobs_of(c);
	for (size_t i = 0; i < n; i++)
		if (!c->kit_objs[c->todo[i]->lab])
			c->workers = 1;	/* full builds share kit/build/tools */
	ret = pool_run(n, c->workers, grade_job, c);
	for (size_t i = 0; i < n; i++)
		if (run->labs[i].rubric)
			run->labs[kept++] = run->labs[i];
	run->nlabs = kept;
	if (!ret && proc_interrupted())
		ret = fail(c, "interrupted");
	return ret ? -1 : 0;
}

static void cleanup(struct ctx *c)
{
	if (c->rundir && !c->opt->keep)
		remove_tree(c->rundir);
	else if (c->rundir)
		progress_step(c->progress, "kept the scratch tree in %s", c->rundir);
	free(c->root);
	free(c->rundir);
	free(c->tree);
	free(c->bootrun);
	sl_free(&c->kit_files);
	if (c->timings && !proc_interrupted())
		timings_save(c->timings);
	free(c->timings);
	if (c->cache.key_fd >= 0)
		cache_close(&c->cache);
	for (int lab = 0; lab <= RUBRIC_MAX_LAB; lab++)
		free(c->kit_objs[lab]);
	free(c->ccache_dir);
	free(c->todo);
}

static void describe_run(struct ctx *c)
{
	struct grade_run *run = c->run;

	run->kit = xstrdup(c->root);
	run->src = xstrdup(c->opt->submission ? "labs" : c->opt->src);
	run->submission = c->opt->submission ? xstrdup(c->opt->submission) : NULL;
	run->emu = xstrdup(c->opt->emu);
	run->scale = c->opt->scale;
}

/* --test: keep only the matching tests of the graded labs; a partial grade. */
static int select_tests(struct ctx *c)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->run->nrubrics; i++)
		if (graded(c, c->run->rubrics[i].lab))
			kept += rubric_select(&c->run->rubrics[i], c->opt->tests);
	if (!kept)
		return fail(c, "--test %s matches no test of the graded lab(s)",
			    c->opt->tests);
	c->run->partial = xstrdup(c->opt->tests);
	return 0;
}

/*
 * The compiler cache of the builds (the kit's objects when the object
 * cache is filled, then the lab files): ccache under the cache directory,
 * shared by every kit version (its key is the preprocessed file, flags and
 * compiler).  GRADE_CCACHE_DIR names another one, which graders of
 * different copies of the kit then share: make test sets it to its own,
 * so that the kit objects of the many copies it grades (the handout, the
 * Gradescope bundle, a class) are compiled once per run.  Every build
 * that uses a cache writes to it: share one only between graders that
 * trust each other's builds.  Without ccache a grade still works; it
 * compiles every file.
 */
static void use_ccache(struct ctx *c, const char *dir)
{
	char *ccache = find_in_path("ccache");
	const char *shared = getenv("GRADE_CCACHE_DIR");

	if (shared && *shared && *shared != '/') {
		progress_step(c->progress, "GRADE_CCACHE_DIR=%s is not an absolute path: ignored",
			      shared);
		shared = NULL;
	}
	if (ccache && shared && *shared)
		c->ccache_dir = xstrdup(shared);
	else if (ccache)
		c->ccache_dir = path_join(dir, "ccache");
	else
		progress_step(c->progress, "no ccache (make deps installs it): compiling every lab file");
	free(ccache);
}

/* Where the cache is, and the key of the pristine kit/; false: no cache. */
static bool open_cache(struct ctx *c)
{
	char *dir = c->opt->cache ? xstrdup(c->opt->cache) :
		    path_join(c->root, "build/grade-cache");
	char key[SHA256_HEX_LEN + 1];
	struct strbuf err = STRBUF_INIT;
	bool ok = !cache_key(c->tree, &c->kit_files, key, &err) &&
		  !cache_open(&c->cache, dir, key, &err);

	if (!ok)
		progress_step(c->progress, "%s; grading without the object cache",
			      sb_str(&err));
	sb_free(&err);
	if (ok) {
		use_ccache(c, dir);
		c->timings = path_join(dir, "timings");
		timings_load(c->timings);
	}
	free(dir);
	return ok;
}

/*
 * The kit's own objects of every graded stage, from the cache or built
 * into it now: from kit/ while it is pristine, before any student file is
 * placed.  A stage whose kit objects do not build is built in full (if
 * the kit is broken, that build says so); the cache is only a shortcut.
 */
static void use_cache(struct ctx *c)
{
	if (c->opt->no_cache || !open_cache(c))
		return;
	for (int lab = 0; lab <= RUBRIC_MAX_LAB && !proc_interrupted(); lab++) {
		struct build_spec bs = spec_of(c, c->tree, lab, NULL);
		struct strbuf err = STRBUF_INIT;

		if (!rubric_of(c, lab) || !graded(c, lab))
			continue;
		bs.sandboxed = false;	/* the pristine kit's own build */
		bs.log = xasprintf("%s/kit-objects-lab%d", c->rundir, lab);
		c->kit_objs[lab] = cache_stage(&c->cache, &bs, c->progress, &err);
		if (!c->kit_objs[lab])
			progress_step(c->progress, "stage %d: no cached kit objects (%.*s); building it in full",
				      lab, (int)strcspn(sb_str(&err), "\n"),
				      sb_str(&err));
		sb_free(&err);
		free((char *)bs.log);
	}
}

/* Replace @p path by a one-line stub (a new file: never through a link). */
static void stub_file(const char *path)
{
	static const char stub[] = "/* hidden: its object comes from the grader's cache */\n";
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (fd >= 0) {
		if (write(fd, stub, sizeof(stub) - 1) < 0)
			unlink(path);
		close(fd);
	}
}

/*
 * A stage the cache could not give: its kit objects are built into the
 * run's own directory, from kit/ while it is still pristine, so that the
 * tree a submission is built in needs no hidden test source either.
 */
static int local_kit_objects(struct ctx *c, int lab)
{
	char *dir = xasprintf("%s/kit-objects-lab%d.d", c->rundir, lab);
	struct build_spec bs = spec_of(c, c->tree, lab, dir);
	struct strbuf err = STRBUF_INIT;
	int ret;

	bs.sandboxed = false;	/* the pristine kit's own build */
	bs.log = xasprintf("%s/kit-objects-lab%d", c->rundir, lab);
	progress_step(c->progress, "stage %d: building the kit's objects for this grade",
		      lab);
	ret = build_kit_objects(&bs, &err);
	if (ret)
		fail(c, "the kit's own objects of stage %d do not build:\n%s",
		     lab, sb_str(&err));
	else
		c->kit_objs[lab] = xstrdup(dir);
	sb_free(&err);
	free((char *)bs.log);
	free(dir);
	return ret;
}

/*
 * A submission's build must not be able to read the hidden tests (an
 * .incbin of one would print it at boot, and the report would echo it).
 * Their objects are built by now, from the pristine tree (the cache, or
 * local_kit_objects()), and a build with KIT_OBJ_DIR never reads their
 * sources (the Makefile only lists them): empty them in the tree the
 * student's files are compiled in.  solutions/ was never copied there
 * (kit_copy()).
 */
static int hide_hidden_sources(struct ctx *c)
{
	for (int lab = 0; lab <= RUBRIC_MAX_LAB; lab++)
		if (rubric_of(c, lab) && graded(c, lab) && !c->kit_objs[lab] &&
		    local_kit_objects(c, lab))
			return -1;
	for (size_t i = 0; i < c->kit_files.n; i++) {
		const char *rel = c->kit_files.v[i];
		char *path;

		if (fnmatch("tests/lab*/*_hidden*", rel, FNM_PATHNAME))
			continue;
		path = path_join(c->tree, rel);
		stub_file(path);
		free(path);
	}
	return 0;
}

/* Steps 1-3 of grade.h: everything before the first build. */
static int prepare(struct ctx *c)
{
	if (load_rubrics(c))
		return -1;
	if (c->opt->lab != LAB_ALL && !rubric_of(c, c->opt->lab))
		return fail(c, "no rubric for lab %d (grader/rubrics/lab%d.rubric)",
			    c->opt->lab, c->opt->lab);
	if (c->opt->tests && select_tests(c))
		return -1;
	if (find_bootrun(c) || make_scratch(c) || copy_kit(c, c->tree))
		return -1;
	use_cache(c);
	if (c->opt->submission && hide_hidden_sources(c))
		return -1;
	return place_student_files(c);
}

int grade(const struct options *opt, struct grade_run *run)
{
	struct ctx c = { .opt = opt, .run = run,
			 .progress = opt->quiet ? NULL : opt->progress,
			 .cache = { .key_fd = -1 },
			 .error_lock = PTHREAD_MUTEX_INITIALIZER,
			 .pristine_lock = PTHREAD_MUTEX_INITIALIZER };
	struct strbuf err = STRBUF_INIT;
	double t0 = now_seconds();
	int ret = -1;

	memset(run, 0, sizeof(*run));
	c.root = kit_find_root(opt->kit, &err);
	if (!c.root) {
		fail(&c, "%s", sb_str(&err));
	} else {
		describe_run(&c);
		if (!prepare(&c))
			ret = grade_labs(&c);
		if (opt->fail_fast && proc_stop_requested())
			sl_push(&run->warnings, "graded with --fail-fast: grading stopped at the first test that did not pass, so the tests after it were not run and the score is not the submission's");
	}
	sb_free(&err);
	cleanup(&c);
	run->seconds = now_seconds() - t0;
	return ret;
}
