/**
 * @file
 * Drives bootrun for one boot (budgets in runner.h).
 *
 * bootrun's exit status says how the emulator ended:
 *
 *     0  powered off        -> BOOT_POWEROFF
 *     10 triple fault       -> BOOT_TRIPLE
 *     11 total timeout      -> BOOT_HANG     (its --timeout, our backstop)
 *     12 idle timeout       -> BOOT_HANG     (its --idle, our backstop)
 *     13 emulator exited    -> BOOT_EMU_EXIT
 *     2  usage/setup error  -> BOOT_SETUP    (grading cannot run)
 *
 * bootrun's own --timeout and --idle are set a little above ours, so they
 * only matter if the grader itself dies: no emulator outlives a grader.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"

#define LINE_MAX_BYTES 4096	/* longer lines are split */
#define STOP_GRACE 3.0		/* seconds bootrun gets to kill its emulator */

/* Bytes read but not yet a whole line. */
struct linebuf {
	char buf[LINE_MAX_BYTES + 1];
	size_t len;
};

double runner_test_budget(const struct boot_spec *bs,
			  const struct graded_test *t)
{
	double b = bs->test_budget;

	if (bs->lab_budget > 0)
		b = bs->lab_budget;
	if (t && t->rt->budget > 0)
		b = t->rt->budget;
	return b;
}

double runner_net(const struct boot_spec *bs, double budget)
{
	return (budget * bs->net_per_budget + bs->net_slack) * bs->scale;
}

/* One line of `bootrun --merged`: "H " from COM2, "C " from the console. */
static void emit_line(struct linebuf *lb, struct serial_parser *sp)
{
	lb->buf[lb->len] = '\0';
	if (!strncmp(lb->buf, "H ", 2))
		sp_feed_harness(sp, lb->buf + 2, now_seconds());
	else
		sp_feed(sp, lb->buf + (strncmp(lb->buf, "C ", 2) ? 0 : 2),
			now_seconds());
	lb->len = 0;
}

static void take_bytes(struct linebuf *lb, const char *data, size_t n,
		       struct serial_parser *sp)
{
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n') {
			emit_line(lb, sp);
			continue;
		}
		if (lb->len == LINE_MAX_BYTES)
			emit_line(lb, sp);
		lb->buf[lb->len++] = data[i] ? data[i] : '?';
	}
}

/*
 * When the current host net runs out, and the sentence that says which.
 * Nets restart at each progress line (sp->last_progress).
 */
static double deadline(const struct boot_spec *bs,
		       const struct serial_parser *sp, double t0,
		       char *why, size_t n)
{
	const struct graded_test *t = sp_running(sp);
	double d, net;

	if (sp->state == SP_BOOTLOG) {
		net = runner_net(bs, bs->boot_budget);
		d = t0 + net;
		snprintf(why, n, "the kernel did not reach the test harness within %.0f s (host safety net; its NMI watchdog did not stop it)",
			 net);
	} else if (sp->state == SP_BROKEN) {
		d = sp->broken_at;	/* at once: nothing more is believed */
		snprintf(why, n, "the harness's result stream broke (%s): the grader ended the boot",
			 sp->broken_why ? sp->broken_why : "?");
	} else if (sp->state == SP_ENDED) {
		d = sp->last_progress + bs->end_grace * bs->scale;
		snprintf(why, n, "the kernel did not power off within %.0f s of its end line",
			 bs->end_grace * bs->scale);
	} else if (t) {
		net = runner_net(bs, runner_test_budget(bs, t));
		d = t->t_start + net;
		snprintf(why, n, "no result within %.0f s of its start line (host safety net; the kernel's NMI watchdog did not stop it)",
			 net);
	} else {
		net = runner_net(bs, runner_test_budget(bs, NULL));
		d = sp->last_progress + net;
		snprintf(why, n, "no progress within %.0f s (between tests; host safety net)",
			 net);
	}
	if (t0 + bs->cap < d) {
		d = t0 + bs->cap;
		snprintf(why, n, "the run cap of %.0f s was reached", bs->cap);
	}
	return d;
}

/*
 * bootrun's own limits sit inside the grader's nets, so that for a guest
 * whose watchdog cannot stop it, bootrun acts first and, before it kills
 * the emulator, asks where the CPU was.  --cpu-idle counts emulator time
 * (its CPU time, or wall time while the guest is halted), which a busy
 * host does not inflate; 3/4 of the net is still far above any budget:
 * Bochs needs 0.05-0.2 s of it per emulated second, QEMU 1 s.
 */
#define CPU_IDLE_OF_NET 0.75

static void build_argv(const struct boot_spec *bs, char **argv,
		       char *timeout, char *idle, char *cpu_idle, char *mem)
{
	int n = 0;
	double max_budget = bs->boot_budget > bs->test_budget ?
			    bs->boot_budget : bs->test_budget;

	if (bs->lab_budget > max_budget)
		max_budget = bs->lab_budget;
	for (size_t i = 0; i < bs->lab->ntests; i++)
		if (bs->lab->tests[i].rt->budget > max_budget)
			max_budget = bs->lab->tests[i].rt->budget;
	snprintf(timeout, 32, "%.0f", bs->cap + 10);
	snprintf(idle, 32, "%.0f", runner_net(bs, max_budget) + 10);
	snprintf(cpu_idle, 32, "%.1f", runner_net(bs, max_budget) * CPU_IDLE_OF_NET);
	argv[n++] = (char *)bs->bootrun;
	argv[n++] = "--image";   argv[n++] = (char *)bs->image;
	argv[n++] = "--kernel";  argv[n++] = (char *)bs->kernel;
	argv[n++] = "--emu";     argv[n++] = (char *)bs->emu;
	argv[n++] = "--cmdline"; argv[n++] = (char *)bs->cmdline;
	argv[n++] = "--timeout"; argv[n++] = timeout;
	argv[n++] = "--idle";    argv[n++] = idle;
	argv[n++] = "--cpu-idle"; argv[n++] = cpu_idle;
	argv[n++] = "--serial";  argv[n++] = (char *)bs->serial_path;
	argv[n++] = "--harness"; argv[n++] = (char *)bs->harness_path;
	argv[n++] = "--merged";
	argv[n++] = "--log";     argv[n++] = (char *)bs->log_path;
	if (bs->mem_mib) {
		snprintf(mem, 32, "%d", bs->mem_mib);
		argv[n++] = "--mem";
		argv[n++] = mem;
	}
	argv[n] = NULL;
}

/* The last non-empty line bootrun wrote to stderr: what happened. */
static char *last_stderr_line(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *end, *start, *line;

	if (read_file(path, &sb) || !sb.len) {
		sb_free(&sb);
		return xstrdup("");
	}
	end = sb.buf + sb.len;
	while (end > sb.buf && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	start = strrchr(sb.buf, '\n');
	line = xstrdup(start ? start + 1 : sb.buf);
	sb_free(&sb);
	sp_sanitize(line);
	return line;
}

static enum boot_end end_of_status(int code)
{
	switch (code) {
	case 0:  return BOOT_POWEROFF;
	case 10: return BOOT_TRIPLE;
	case 11:
	case 12: return BOOT_HANG;
	case 2:
	case 127: return BOOT_SETUP;
	default: return BOOT_EMU_EXIT;
	}
}

/* Read whatever is there; false at end of file. */
static bool pump(int fd, struct linebuf *lb, struct serial_parser *sp)
{
	char data[4096];
	ssize_t n = read(fd, data, sizeof(data));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	take_bytes(lb, data, (size_t)n, sp);
	return true;
}

struct live {
	pid_t pid;
	int fd;
	int status;
	bool exited, eof, killed;
	double drained_for;	/* the deadline of the last final drain */
	char why[256];
};

/*
 * A budget ran out: read what is already in the pipe (a bounded amount,
 * so a test that prints without end cannot keep itself alive) before
 * deciding; the result may be there.
 */
static void drain(struct live *lv, struct linebuf *lb,
		  struct serial_parser *sp)
{
	struct pollfd pfd = { .fd = lv->fd, .events = POLLIN };

	for (int i = 0; i < 16 && !lv->eof && poll(&pfd, 1, 0) > 0; i++)
		lv->eof = !pump(lv->fd, lb, sp);
}

/* Poll until bootrun exits and its output is drained, or a budget ends. */
static void watch(const struct boot_spec *bs, struct serial_parser *sp,
		  struct live *lv, struct linebuf *lb, double t0)
{
	double drain_until = 0;

	while (!lv->eof || !lv->exited) {
		struct pollfd pfd = { .fd = lv->fd, .events = POLLIN };
		double now = now_seconds(), d;

		if (!lv->exited && proc_try_wait(lv->pid, &lv->status)) {
			lv->exited = true;
			drain_until = now + 0.5;
		}
		if (lv->exited && (lv->eof || now > drain_until))
			break;
		d = deadline(bs, sp, t0, lv->why, sizeof(lv->why));
		if (now >= d && !lv->exited && d != lv->drained_for) {
			drain(lv, lb, sp);	/* its last words may save it */
			lv->drained_for = d;
			continue;
		}
		if (proc_interrupted() || proc_stop_requested() ||
		    (now >= d && !lv->exited)) {
			lv->killed = true;
			return;
		}
		if (!lv->eof && poll(&pfd, 1, 100) > 0)
			lv->eof = !pump(lv->fd, lb, sp);
		else if (lv->eof)
			poll(NULL, 0, 20);
	}
}

static void set_end(struct boot_record *rec, enum boot_end end, int code,
		    const char *why)
{
	rec->end = end;
	rec->exit_status = code;
	free(rec->why);
	rec->why = xstrdup(why);
}

/* bootrun ended by itself: its status and last stderr line say how. */
static void ended_by_itself(const struct boot_spec *bs, struct live *lv,
			    struct boot_record *rec)
{
	int code = proc_exit_code(lv->status);
	char *line = last_stderr_line(bs->stderr_path);
	char why[512];

	snprintf(why, sizeof(why), "%s%sbootrun exit status %d",
		 line, *line ? "; " : "", code);
	set_end(rec, end_of_status(code), code, why);
	free(line);
}

/*
 * bootrun killed the emulator for one of its limits and asked it first
 * where the CPU was ("bootrun: cpu: EIP is at f+0x1/0x2", call-trace
 * lines): give that to the test that was running, as the watchdog's
 * report would have.
 */
static void note_cpu_state(const struct boot_spec *bs, struct serial_parser *sp)
{
	static const char tag[] = "bootrun: cpu: ";
	struct graded_test *t = sp_running(sp);
	struct strbuf sb = STRBUF_INIT;
	char *line, *save = NULL;

	if (!t || read_file(bs->stderr_path, &sb))
		goto out;
	for (line = strtok_r(sb.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, tag, sizeof(tag) - 1))
			continue;
		line += sizeof(tag) - 1;
		sp_sanitize(line);
		if (!strncmp(line, "EIP is at ", 10))
			sb_addf(&t->diag, "hung in: %s\n", line + 10);
		else
			sb_addf(&t->diag, "cpu when stopped: %s\n", line);
	}
out:
	sb_free(&sb);
}

/* Start bootrun with its stdout on a pipe; false if it cannot start. */
static bool start(const struct boot_spec *bs, char **argv, struct live *lv)
{
	struct proc_io io = { .out_fd = -1, .err_fd = -1 };
	int pipefd[2];

	lv->pid = -1;
	if (pipe2(pipefd, O_CLOEXEC))
		return false;
	io.err_fd = open(bs->stderr_path,
			 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	io.out_fd = pipefd[1];
	lv->fd = pipefd[0];
	lv->pid = proc_spawn(argv, &io);
	close(pipefd[1]);
	if (io.err_fd >= 0)
		close(io.err_fd);
	return lv->pid > 0;
}

/* Watch a started bootrun to its end, and record how it ended. */
static void follow(const struct boot_spec *bs, struct serial_parser *sp,
		   struct live *lv, struct boot_record *rec, double t0)
{
	struct linebuf *lb = xcalloc(1, sizeof(*lb));

	proc_set_current(lv->pid);
	watch(bs, sp, lv, lb, t0);
	if (lv->killed) {
		proc_stop(lv->pid, STOP_GRACE);
		if (proc_interrupted())
			set_end(rec, BOOT_ABORTED, -1, "interrupted");
		else if (proc_stop_requested())
			set_end(rec, BOOT_STOPPED, -1,
				"stopped: a test had failed (--fail-fast)");
		else
			set_end(rec, BOOT_HANG, -1, lv->why);
	} else {
		kill(-lv->pid, SIGKILL);	/* nothing of it outlives it */
		ended_by_itself(bs, lv, rec);
	}
	proc_set_current(0);
	if (lb->len)
		emit_line(lb, sp);
	free(lb);
}

void runner_boot(const struct boot_spec *bs, struct serial_parser *sp,
		 struct boot_record *rec)
{
	struct live lv = { .fd = -1 };
	char *argv[32], timeout[32], idle[32], cpu_idle[32], mem[32];
	double t0 = now_seconds();

	build_argv(bs, argv, timeout, idle, cpu_idle, mem);
	rec->cmdline = xstrdup(bs->cmdline);
	rec->serial_path = xstrdup(bs->serial_path);
	if (start(bs, argv, &lv))
		follow(bs, sp, &lv, rec, t0);
	else
		set_end(rec, BOOT_SETUP, -1, "cannot start bootrun");
	if (lv.fd >= 0)
		close(lv.fd);
	rec->seconds = now_seconds() - t0;
	if (rec->end == BOOT_HANG)
		note_cpu_state(bs, sp);
	sp_finish(sp, rec->end, rec->why);
	rec->classified = sp->classified;
}
