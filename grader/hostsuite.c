/**
 * @file
 * Building, sandboxing and reading a lab's host suites
 * (hostsuite.h).
 */
#include "hostsuite.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session.h"
#include "fsutil.h"
#include "proc.h"
#include "pool.h"
#include "progress.h"

#define NOBODY 65534		/* the sandbox's user when we are root */
#define ERR_TAIL 20		/* stderr lines kept when a suite died */
#define REPORT_LINES 40		/* lines of a sanitizer report kept */

bool hostsuite_is_host_test(const char *id)
{
	const char *p = id;

	if (strncmp(p, "lab", 3))
		return false;
	for (p += 3; isdigit((unsigned char)*p); p++)
		;
	return !strncmp(p, ".host.", 6);
}

/* "lab3.host.api.zone_first_choice" -> "api" (malloc'd), or NULL. */
static char *suite_of(const char *id)
{
	const char *s = strstr(id, ".host.");
	const char *dot;

	if (!s)
		return NULL;
	s += 6;
	dot = strchr(s, '.');
	return dot ? xstrndup(s, (size_t)(dot - s)) : NULL;
}

/* ---- reading Check's log and the sanitizers' reports -------------------- */

/* One sanitizer report from stderr: its lines, and the case it names. */
struct san_report {
	struct strbuf text;
	char *fn;		/* "test_x" its stack names, or NULL */
	bool used;
};

static bool report_starts(const char *l)
{
	return strstr(l, "ERROR: AddressSanitizer") ||
	       strstr(l, "ERROR: LeakSanitizer") ||
	       strstr(l, ": runtime error: ");
}

/* The first "in test_NAME " of a stack line: the case that was running. */
static char *stack_test_fn(const char *l)
{
	const char *p = strstr(l, " in test_");
	size_t n;

	if (!p)
		return NULL;
	p += 4;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return xstrndup(p, n);
}

static size_t read_reports(const char *errs, struct san_report **out)
{
	struct san_report *r = NULL;
	size_t n = 0, cap = 0, lines = 0;
	bool in = false;

	for (const char *p = errs; p && *p;) {
		size_t len = strcspn(p, "\n");
		char *l = xstrndup(p, len);

		if (report_starts(l)) {
			xgrow((void **)&r, &cap, n + 1, sizeof(*r));
			memset(&r[n], 0, sizeof(r[n]));
			n++;
			in = true;
			lines = 0;
		}
		if (in) {
			if (++lines <= REPORT_LINES)
				sb_addf(&r[n - 1].text, "%s\n", l);
			if (!r[n - 1].fn)
				r[n - 1].fn = stack_test_fn(l);
			if (!strncmp(l, "SUMMARY: ", 9))
				in = false;
		}
		free(l);
		p += len + (p[len] == '\n');
	}
	*out = r;
	return n;
}

/* The report for crashed case @p fn: the one its stack names, else the next. */
static struct san_report *report_for(struct san_report *r, size_t n,
				     const char *fn)
{
	for (size_t i = 0; i < n; i++)
		if (!r[i].used && r[i].fn && !strcmp(r[i].fn, fn))
			return r[i].used = true, &r[i];
	for (size_t i = 0; i < n; i++)
		if (!r[i].used && !r[i].fn)
			return r[i].used = true, &r[i];
	return NULL;
}

/* One line of Check's log: "FILE:LINE:R:TCASE:FN:ITER: MESSAGE". */
struct log_line {
	char *file, *fn, *msg;
	char result;		/* 'P', 'F' or 'E' */
	long line, iter;
};

static bool parse_log_line(char *l, struct log_line *ll)
{
	char *f[6];

	for (int i = 0; i < 6; i++) {
		f[i] = l;
		l = strchr(l, ':');
		if (!l)
			return false;
		*l++ = '\0';
	}
	if (strlen(f[2]) != 1 || !strchr("PFE", f[2][0]) ||
	    strncmp(f[4], "test_", 5))
		return false;
	ll->file = f[0];
	ll->line = strtol(f[1], NULL, 10);
	ll->result = f[2][0];
	ll->fn = f[4];
	ll->iter = strtol(f[5], NULL, 10);
	ll->msg = l + (*l == ' ');
	return true;
}

static struct graded_test *find_test(struct lab_result *lr, const char *id)
{
	for (size_t i = 0; i < lr->ntests; i++)
		if (!strcmp(lr->tests[i].rt->id, id))
			return &lr->tests[i];
	return NULL;
}

/*
 * One result line for case @p t: the first failing iteration decides
 * (a crash over a failure), and says which iteration it was.
 */
/*
 * Check's message for a case its CPU limit ended: "Received signal 24"
 * at the soft limit, 9 at the hard one (the case ignored SIGXCPU).
 */
static bool out_of_cpu(const char *msg)
{
	return strstr(msg, "Received signal 24 ") ||
	       strstr(msg, "Received signal 9 ");
}

/* A case's CPU seconds: @p budget, or the default if it was left 0. */
static int case_budget(int budget)
{
	return budget > 0 ? budget : HOST_CPU_BUDGET;
}

static void take_result(struct graded_test *t, const struct log_line *ll,
			struct san_report *reports, size_t nreports, int cpu_budget)
{
	enum outcome o = ll->result == 'P' ? OUTCOME_PASS :
			 ll->result == 'F' ? OUTCOME_FAIL :
			 out_of_cpu(ll->msg) ? OUTCOME_HANG : OUTCOME_CRASH;
	struct san_report *rep;
	char *reason;

	if (t->outcome == OUTCOME_CRASH ||
	    ((t->outcome == OUTCOME_FAIL || t->outcome == OUTCOME_HANG) &&
	     o != OUTCOME_CRASH) ||
	    (t->outcome == OUTCOME_PASS && o == OUTCOME_PASS))
		return;
	if (o == OUTCOME_HANG)
		reason = ll->iter ?
			 xasprintf("iteration %ld used its %d s of CPU time and was stopped (an endless loop?)",
				   ll->iter, cpu_budget) :
			 xasprintf("used its %d s of CPU time and was stopped (an endless loop?)",
				   cpu_budget);
	else
		reason = o == OUTCOME_PASS ? NULL :
			 ll->iter ? xasprintf("iteration %ld: %s", ll->iter, ll->msg) :
				    xstrdup(ll->msg);
	rep = o == OUTCOME_CRASH ? report_for(reports, nreports, ll->fn) : NULL;
	if (rep) {
		size_t n = strcspn(sb_str(&rep->text), "\n");
		char *first = xstrndup(sb_str(&rep->text), n);

		free(reason);
		reason = xasprintf("%s", strstr(first, "ERROR: ") ?
				   strstr(first, "ERROR: ") + 7 : first);
		free(first);
	}
	test_set_outcome(t, o, reason, 0);
	free(reason);
	if (o != OUTCOME_PASS)
		sb_addf(&t->diag, "at: %s:%ld\n", ll->file, ll->line);
	if (rep) {
		sb_add(&t->diag, "sanitizer report:\n");
		sb_add(&t->diag, sb_str(&rep->text));
	}
}

/* One result the runner sent on its channel. */
struct chan_result {
	char *fn;
	long iter;
	char result;
	int in_log;		/* lines of Check's log for it */
};

#define MAX_FLAGS 10		/* flags kept per suite, then a count */
#define FLAG_TEXT 160		/* bytes of a suspicious line quoted */

/* A line for the instructor (and @p t's diagnostics, when it is graded). */
static void flag(struct strlist *flags, size_t *nflags, struct graded_test *t,
		 const char *why, const char *line)
{
	char *f = xasprintf("%s: %.*s%s", why, FLAG_TEXT, line,
			    strlen(line) > FLAG_TEXT ? "..." : "");

	if (*nflags < MAX_FLAGS) {	/* a case can write a million lines */
		if (t)
			sb_addf(&t->diag, "suspicious: %s\n", f);
		sl_push(flags, f);
	}
	(*nflags)++;
	free(f);
}

static struct graded_test *case_test(struct lab_result *lr, const char *suite,
				     const char *fn)
{
	char *id = xasprintf("lab%d.host.%s.%s", lr->rubric->lab, suite,
			     fn + 5);
	struct graded_test *t = find_test(lr, id);

	free(id);
	return t;
}

/*
 * The runner's channel: "ck NONCE SEQ LOGLINE", SEQ 1, 2, 3...  Lines
 * without this run's nonce, or out of sequence, are not believed.
 */
static size_t read_channel(struct lab_result *lr, const char *suite,
			   const struct host_output *in,
			   struct san_report *reports, size_t nreports,
			   struct strlist *flags, size_t *nflags,
			   struct chan_result **out)
{
	char *copy = xstrdup(in->results ? in->results : "");
	struct chan_result *r = NULL;
	size_t n = 0, cap = 0;
	unsigned long expect = 1;

	for (char *l = copy, *next; l && *l; l = next) {
		size_t nl = strlen(in->nonce);
		struct log_line ll;
		struct graded_test *t;
		char *end;
		unsigned long seq;

		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(l, "ck ", 3) || strncmp(l + 3, in->nonce, nl) ||
		    l[3 + nl] != ' ') {
			flag(flags, nflags, NULL,
			     "the runner's channel: a line without this run's nonce", l);
			continue;
		}
		seq = strtoul(l + 4 + nl, &end, 10);
		if (seq != expect || *end != ' ') {
			flag(flags, nflags, NULL,
			     "the runner's channel: a result out of sequence", l);
			continue;
		}
		expect++;
		if (!parse_log_line(end + 1, &ll))
			continue;
		t = case_test(lr, suite, ll.fn);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(r[i].fn, ll.fn) && r[i].iter == ll.iter)
				flag(flags, nflags, t,
				     "the runner's channel: a second result for one iteration",
				     end + 1);
		xgrow((void **)&r, &cap, n + 1, sizeof(*r));
		r[n++] = (struct chan_result){ xstrdup(ll.fn), ll.iter,
					       ll.result, 0 };
		if (t)
			take_result(t, &ll, reports, nreports,
				    case_budget(in->cpu_budget));
	}
	free(copy);
	*out = r;
	return n;
}

/* Is @p log_r, in Check's log, what the runner's @p chan_r agrees with? */
static bool same_result(char log_r, char chan_r)
{
	/* P then E: the guard saw the case end early (case_guard.c). */
	return log_r == chan_r || (log_r == 'P' && chan_r == 'E');
}

/*
 * Check's log, written inside the sandbox, against the channel: a line
 * the runner did not send was written by something else, the code under
 * test most likely.  It changes no outcome; it is flagged.
 */
static void compare_log(struct lab_result *lr, const char *suite,
			const char *log, struct chan_result *r, size_t n,
			struct strlist *flags, size_t *nflags)
{
	char *copy = xstrdup(log ? log : "");

	for (char *l = copy, *next; l && *l; l = next) {
		char *line;
		struct log_line ll;
		struct chan_result *c = NULL;

		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		line = xstrdup(l);
		if (parse_log_line(l, &ll)) {
			for (size_t i = 0; i < n && !c; i++)
				if (!strcmp(r[i].fn, ll.fn) && r[i].iter == ll.iter)
					c = &r[i];
			if (!c || c->in_log++ || !same_result(ll.result, c->result))
				flag(flags, nflags, case_test(lr, suite, ll.fn),
				     !c ? "Check's log has a result its runner never sent" :
				     c->in_log > 1 ? "Check's log has a second result for one iteration" :
				     "Check's log and its runner disagree", line);
		}
		free(line);
	}
	free(copy);
}

void hostsuite_classify(struct lab_result *lr, const char *suite,
			const struct host_output *in, struct strlist *flags)
{
	struct san_report *reports = NULL;
	size_t nreports = read_reports(in->errs, &reports);
	struct chan_result *r;
	size_t nflags = 0;
	size_t n = read_channel(lr, suite, in, reports, nreports, flags,
				&nflags, &r);

	compare_log(lr, suite, in->log, r, n, flags, &nflags);
	if (nflags > MAX_FLAGS)
		sl_pushf(flags, "... and %zu more", nflags - MAX_FLAGS);
	for (size_t i = 0; i < n; i++)
		free(r[i].fn);
	free(r);
	for (size_t i = 0; i < nreports; i++) {
		sb_free(&reports[i].text);
		free(reports[i].fn);
	}
	free(reports);
}

/* ---- building and running ------------------------------------------------ */

void hostsuite_sandbox_argv(struct strlist *a, const char *bindir,
			    const char *outdir, const char *prog, int cpu_budget)
{
	if (geteuid() == 0) {
		sl_push(a, "setpriv");
		sl_pushf(a, "--reuid=%d", NOBODY);
		sl_pushf(a, "--regid=%d", NOBODY);
		sl_push(a, "--clear-groups");
	}
	sl_push(a, "bwrap");
	sl_push(a, "--unshare-all");		/* no network, no IPC, own PIDs */
	sl_push(a, "--die-with-parent");
	sl_push(a, "--new-session");
	sl_push(a, "--ro-bind"); sl_push(a, "/usr"); sl_push(a, "/usr");
	sl_push(a, "--symlink"); sl_push(a, "usr/lib"); sl_push(a, "/lib");
	sl_push(a, "--symlink"); sl_push(a, "usr/lib64"); sl_push(a, "/lib64");
	sl_push(a, "--symlink"); sl_push(a, "usr/bin"); sl_push(a, "/bin");
	if (is_file("/etc/ld.so.cache")) {
		sl_push(a, "--ro-bind"); sl_push(a, "/etc/ld.so.cache");
		sl_push(a, "/etc/ld.so.cache");
	}
	sl_push(a, "--proc"); sl_push(a, "/proc");
	sl_push(a, "--dev"); sl_push(a, "/dev");
	sl_push(a, "--tmpfs"); sl_push(a, "/tmp");
	sl_push(a, "--ro-bind"); sl_push(a, bindir); sl_push(a, "/suite");
	sl_push(a, "--bind"); sl_push(a, outdir); sl_push(a, "/out");
	sl_push(a, "--chdir"); sl_push(a, "/out");
	sl_push(a, "--clearenv");
	sl_push(a, "--setenv"); sl_push(a, "PATH"); sl_push(a, "/usr/bin");
	sl_push(a, "--setenv"); sl_push(a, "CK_FORK"); sl_push(a, "yes");
	sl_push(a, "--setenv"); sl_push(a, "SIM_SUITE_CPU");
	sl_pushf(a, "%d", HOST_SUITE_CPU);
	sl_push(a, "--setenv"); sl_push(a, "CK_LOG_FILE_NAME");
	sl_push(a, "/out/check.log");
	/* The runner's channel and its nonce: run_suite()'s fds 3 and 4. */
	sl_push(a, "--setenv"); sl_push(a, "SIM_RESULT_FD"); sl_push(a, "3");
	sl_push(a, "--setenv"); sl_push(a, "SIM_NONCE_FD"); sl_push(a, "4");
	/* Check's own timeouts count wall time: far out of the way. */
	sl_push(a, "--setenv"); sl_push(a, "CK_DEFAULT_TIMEOUT"); sl_push(a, "0");
	sl_push(a, "--setenv"); sl_push(a, "CK_TIMEOUT_MULTIPLIER");
	sl_push(a, "1000");
	/*
	 * No LeakSanitizer: the code under test allocates from the simulated
	 * machine's memory, never with malloc, so a leak it could find is the
	 * harness's; and it scans every forked child's memory at its exit,
	 * which took most of a small suite's time (make test-host keeps it).
	 */
	sl_push(a, "--setenv"); sl_push(a, "ASAN_OPTIONS");
	sl_pushf(a, "detect_leaks=0:halt_on_error=1:abort_on_error=0:hard_rss_limit_mb=%d",
		 HOST_RSS_MB);
	sl_push(a, "--setenv"); sl_push(a, "UBSAN_OPTIONS");
	sl_push(a, "halt_on_error=1:print_stacktrace=1");
	sl_push(a, "--");
	sl_push(a, "/usr/bin/prlimit");
	sl_pushf(a, "--cpu=%d:%d", cpu_budget, cpu_budget + 1);
	sl_pushf(a, "--nproc=%d", HOST_NPROC);
	sl_pushf(a, "--fsize=%llu", (unsigned long long)HOST_FSIZE_MB << 20);
	sl_push(a, "--core=0");
	sl_push(a, "--");
	sl_pushf(a, "/suite/%s", prog);
}

/* The last @p n lines of @p text, for a suite that died. */
static const char *tail_lines(const char *text, int n)
{
	const char *p = text + strlen(text);

	while (p > text && n >= 0) {
		p--;
		if (*p == '\n' && p[1] && --n < 0)
			return p + 1;
	}
	return text;
}

/* Every still unclassified host case of @p suite gets @p o. */
static void mark_suite(struct lab_result *lr, const char *suite,
		       enum outcome o, const char *reason, const char *diag)
{
	for (size_t i = 0; i < lr->ntests; i++) {
		struct graded_test *t = &lr->tests[i];
		char *s;

		/* Other suites' cases may be classified meanwhile: id first. */
		if (!hostsuite_is_host_test(t->rt->id))
			continue;
		s = suite_of(t->rt->id);
		if ((!suite || (s && !strcmp(s, suite))) &&
		    t->outcome == OUTCOME_NONE) {
			test_set_outcome(t, o, reason, 0);
			if (diag && *diag)
				sb_add(&t->diag, diag);
		}
		free(s);
	}
}

/*
 * Where the sandbox's user (nobody) can reach the programs and write its
 * output, when we are root: the run's own directory may sit below
 * directories only we can enter (a private $TMPDIR, a 0700 scratch), so a
 * fresh /tmp/grade-sandbox-XXXXXX (0711) gets copies of the programs and,
 * later, an output directory per suite.  NULL (with @p err) if it fails.
 */
static char *sandbox_box(const char *bindir, const struct strlist *suites,
			 struct strbuf *err)
{
	char tmpl[] = "/tmp/grade-sandbox-XXXXXX";
	char *box;

	if (!mkdtemp(tmpl) || chmod(tmpl, 0711)) {
		sb_addf(err, "cannot make a sandbox directory in /tmp: %s",
			strerror(errno));
		return NULL;
	}
	box = xstrdup(tmpl);
	for (size_t i = 0; i < suites->n; i++) {
		char *name = xasprintf("%s_check", suites->v[i]);
		char *src = path_join(bindir, name), *dst = path_join(box, name);

		/* A suite with no program is reported missing by run_suite(). */
		if (is_file(src) && (copy_file(src, dst) || chmod(dst, 0755))) {
			sb_addf(err, "cannot copy %s into %s", src, box);
			free(name), free(src), free(dst);
			remove_tree(box);
			free(box);
			return NULL;
		}
		free(name);
		free(src);
		free(dst);
	}
	return box;
}

/* Did a classified case of @p suite not pass? */
static bool suite_failed(const struct lab_result *lr, const char *suite)
{
	bool failed = false;

	for (size_t i = 0; i < lr->ntests && !failed; i++) {
		const struct graded_test *t = &lr->tests[i];
		char *s = t->rt->host ? suite_of(t->rt->id) : NULL;

		failed = s && !strcmp(s, suite) && t->outcome != OUTCOME_NONE &&
			 !outcome_earns(t->outcome);
		free(s);
	}
	return failed;
}

#define NONCE_MAX 16		/* hex digits of a suite run's nonce */

/* A fresh nonce of NONCE_MAX hex digits from the kernel's RNG; 0 or -1. */
static int make_nonce(char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char bytes[NONCE_MAX / 2];

	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes))
		return -1;
	for (size_t i = 0; i < sizeof(bytes); i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[NONCE_MAX] = '\0';
	return 0;
}

/*
 * The runner's channel (tests/host/sim/case_guard.c): @p fds[0] the
 * results file @p path, outside the sandbox, @p fds[1] a pipe holding a
 * fresh @p nonce.  Both O_CLOEXEC: proc_io.pass_fds hands them to this
 * suite's sandbox only.  0, or -1 with @p err.
 */
static int open_channel(const char *path, char *nonce, int fds[2],
			struct strbuf *err)
{
	int p[2];

	fds[0] = fds[1] = -1;
	if (make_nonce(nonce)) {
		sb_add(err, "no randomness for the host suites' nonce");
		return -1;
	}
	fds[0] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fds[0] < 0 || pipe2(p, O_CLOEXEC)) {
		sb_addf(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	fds[1] = p[0];
	if (write(p[1], nonce, NONCE_MAX) != NONCE_MAX) {
		sb_add(err, "cannot hand the host suite its nonce");
		close(p[1]);
		return -1;
	}
	close(p[1]);
	return 0;
}

/* Run suite program @p suite (SUITE_check) and classify its cases. */
static int run_suite(struct lab_result *lr, const struct hostsuite_cfg *cfg,
		     const char *bindir, const char *boxdir, const char *suite,
		     struct strlist *flags, struct strbuf *err)
{
	int lab = lr->rubric->lab;
	char *prog = xasprintf("%s_check", suite);
	char *progpath = path_join(bindir, prog);
	char *outdir = xasprintf("%s/host-lab%d-%s", boxdir, lab, suite);
	char *out = xasprintf("%s/host-lab%d-%s.out", cfg->workdir, lab, suite);
	char *errs_path = xasprintf("%s/host-lab%d-%s.err", cfg->workdir, lab, suite);
	char *logpath = path_join(outdir, "check.log");
	char *respath = xasprintf("%s/host-lab%d-%s.results", cfg->workdir,
				  lab, suite);
	struct strbuf log = STRBUF_INIT, errs = STRBUF_INIT, res = STRBUF_INIT;
	struct strlist argv = STRLIST_INIT;
	char nonce[NONCE_MAX + 1];
	int chan[2] = { -1, -1 };
	struct proc_io io = { .out_fd = -1, .err_fd = -1, .pass_fds = chan,
			      .npass_fds = 2 };
	struct host_output ho;
	double started;
	char *job;
	int budget = case_budget(cfg->cpu_budget);
	double net = (HOST_NET_CASES * budget * cfg->net_per_budget +
		      cfg->net_slack) * cfg->scale;
	int code, ret = 0;

	if (proc_stop_requested()) {
		mark_suite(lr, suite, OUTCOME_MISSING, SESSION_NOT_RUN, NULL);
		goto out;
	}
	if (!is_file(progpath)) {
		mark_suite(lr, suite, OUTCOME_MISSING,
			   "the lab has no such host suite (no tests/labN/SUITE_check.c)",
			   NULL);
		goto out;
	}
	/* Written by the sandbox's user, read by us; nothing else in it. */
	if (mkdir_p(outdir) || chmod(outdir, 0777)) {
		sb_addf(err, "cannot make %s", outdir);
		ret = -1;
		goto out;
	}
	if (open_channel(respath, nonce, chan, err)) {
		ret = -1;
		goto out;
	}
	hostsuite_sandbox_argv(&argv, bindir, outdir, prog, budget);
	progress_step(cfg->progress, "lab %d: host suite %s (sandboxed)", lab, suite);
	job = xasprintf("lab%d/host/%s", lab, suite);
	started = session_take_slot(job, 0.8);	/* a suite, before one ran */
	code = proc_run(sl_argv(&argv), out, errs_path, &io, net);
	session_give_slot(job, started);
	free(job);
	read_file(logpath, &log);
	read_file(errs_path, &errs);
	read_file(respath, &res);
	if (code < 0 || (code != 0 && !res.len && strstr(sb_str(&errs), "bwrap"))) {
		sb_addf(err, "lab %d: the host suites' sandbox could not start (is bubblewrap installed? make deps): %s",
			lab, tail_lines(sb_str(&errs), 3));
		ret = -1;
		goto out;
	}
	ho = (struct host_output){ .results = sb_str(&res), .log = sb_str(&log),
				   .errs = sb_str(&errs), .nonce = nonce,
				   .cpu_budget = budget };
	hostsuite_classify(lr, suite, &ho, flags);
	if (cfg->fail_fast && suite_failed(lr, suite))
		proc_request_stop();
	if (code == 124) {
		char *why = xasprintf("the suite ran past its host net of %.0f s (its CPU budget is %d s a case)",
				      net, budget);

		mark_suite(lr, suite, OUTCOME_HANG, why, NULL);
		free(why);
	} else if (strstr(sb_str(&errs), "the rest did not run")) {
		char *why = xasprintf("never ran: the cases before it used the suite's %d s of CPU time (see the hung case)",
				      HOST_SUITE_CPU);

		mark_suite(lr, suite, OUTCOME_MISSING, why, NULL);
		free(why);
	} else {
		char *why = xasprintf("never ran: the suite program ended first (exit status %d)",
				      code);

		mark_suite(lr, suite, OUTCOME_MISSING, why,
			   tail_lines(sb_str(&errs), ERR_TAIL));
		free(why);
	}
out:
	for (int i = 0; i < 2; i++)
		if (chan[i] >= 0)
			close(chan[i]);
	sb_free(&log);
	sb_free(&errs);
	sb_free(&res);
	free(respath);
	sl_free(&argv);
	free(prog);
	free(progpath);
	free(outdir);
	free(out);
	free(errs_path);
	free(logpath);
	return ret;
}

/* What the suites of one lab share while they run side by side. */
struct suites_job {
	struct lab_result *lr;
	const struct hostsuite_cfg *cfg;
	const char *bindir;		/* the programs, where the sandbox reads them */
	const char *boxdir;		/* where their output directories go */
	const struct strlist *suites;
	pthread_mutex_t lock;		/* err */
	struct strbuf *err;
};

/* pool_run() job @p i: suite i (its cases are its own: no lock needed). */
static int suite_job(void *arg, size_t i)
{
	struct suites_job *sj = arg;
	struct strbuf err = STRBUF_INIT;
	struct strlist flags = STRLIST_INIT;
	double t0 = now_seconds();
	int ret = run_suite(sj->lr, sj->cfg, sj->bindir, sj->boxdir,
			    sj->suites->v[i], &flags, &err);

	pthread_mutex_lock(&sj->lock);
	sj->lr->host_seconds += now_seconds() - t0;
	sj->lr->host_suites++;
	if (ret && !sj->err->len)
		sb_add(sj->err, sb_str(&err));
	if (flags.n) {
		struct strbuf note = STRBUF_INIT;

		sb_addf(&note, "host suite %s: results not believed (written by the code under test?):\n",
			sj->suites->v[i]);
		for (size_t f = 0; f < flags.n; f++)
			sb_addf(&note, "  %s\n", flags.v[f]);
		sl_push(sj->cfg->notes, sb_str(&note));
		sb_free(&note);
	}
	pthread_mutex_unlock(&sj->lock);
	sb_free(&err);
	sl_free(&flags);
	return ret;
}

int hostsuite_grade(struct lab_result *lr, const struct hostsuite_cfg *cfg,
		    struct strbuf *err)
{
	int lab = lr->rubric->lab;
	struct build_spec bs = cfg->build;
	struct strlist suites = STRLIST_INIT;
	char *errors = NULL, *bindir;
	int ret = 0, built;
	bool gated = false;
	double t0;

	for (size_t i = 0; i < lr->ntests; i++) {
		char *s = hostsuite_is_host_test(lr->tests[i].rt->id) ?
			  suite_of(lr->tests[i].rt->id) : NULL;

		if (s && lr->tests[i].outcome == OUTCOME_NONE &&
		    !sl_contains(&suites, s))
			sl_push(&suites, s);
		free(s);
	}
	if (!suites.n)
		return 0;
	bs.host_build = xasprintf("%s/host-lab%d", cfg->workdir, lab);
	bs.log = xasprintf("%s/host-build-lab%d", cfg->workdir, lab);
	progress_step(cfg->progress, "lab %d: building the host suites", lab);
	t0 = now_seconds();
	built = build_host_suites(&bs, &errors);
	lr->host_build_seconds = now_seconds() - t0;
	if (built < 0) {
		sb_addf(err, "lab %d: cannot build the host suites: %s", lab, errors);
		ret = -1;
	} else if (built > 0) {
		sl_pushf(cfg->notes, "the host suites did not compile:\n%s", errors);
		mark_suite(lr, NULL, OUTCOME_NOBUILD,
			   "the host suites did not compile: see the compiler output in the notes",
			   NULL);
	} else if (cfg->may_run && !cfg->may_run(cfg->may_run_arg)) {
		gated = true;			/* the caller classifies the cases */
	} else {
		struct suites_job sj = { .lr = lr, .cfg = cfg, .suites = &suites,
					 .err = err,
					 .lock = PTHREAD_MUTEX_INITIALIZER };

		char *box = NULL;

		bindir = xasprintf("%s/bin/%s/lab%d", bs.host_build, bs.src, lab);
		sj.bindir = bindir;
		sj.boxdir = cfg->workdir;
		if (geteuid() == 0) {
			box = sandbox_box(bindir, &suites, err);
			if (!box)
				ret = -1;
			sj.bindir = box;	/* its programs: box/NAME_check */
			sj.boxdir = box;
		}
		if (!ret)
			ret = pool_run(suites.n, cfg->jobs, suite_job, &sj) ? -1 : 0;
		if (box)
			remove_tree(box);
		free(box);
		free(bindir);
		/* --fail-fast may have kept a suite from starting at all. */
		mark_suite(lr, NULL, OUTCOME_MISSING, SESSION_NOT_RUN, NULL);
	}
	for (size_t i = 0; i < lr->ntests && !gated; i++)
		if (hostsuite_is_host_test(lr->tests[i].rt->id))
			progress_test(cfg->progress, lr, &lr->tests[i]);
	free(errors);
	free((char *)bs.host_build);
	free((char *)bs.log);
	sl_free(&suites);
	return ret;
}
