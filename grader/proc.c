/**
 * @file
 * Spawning, reaping and killing children by process group.
 *
 * The order of a stop matters for bootrun: SIGTERM to bootrun alone
 * first, so it can SIGKILL the emulator's group (a group of its own, which
 * we cannot see); only then SIGKILL bootrun's group, which also takes any
 * straggler bootrun left in it.
 *
 * Labs graded in parallel each run their own child (a make or a bootrun)
 * in their own thread, so the children the signal handler must reach are
 * a set: one slot per thread that has a child, taken and given back with
 * atomic operations (which a signal handler may use, unlike a mutex):
 *
 *     children[]   0 0 4711 0 4802 0 ...    slot 2: thread A's bootrun,
 *                                           slot 4: thread B's make
 *
 * A thread remembers its own slot (my_slot), so proc_set_current(0)
 * frees that slot only.
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define CHILD_SLOTS 64		/* threads with a child at one time */

static volatile sig_atomic_t interrupted;
static _Atomic pid_t children[CHILD_SLOTS];
static _Thread_local int my_slot = -1;

static void on_signal(int sig)
{
	interrupted = sig;
	for (int i = 0; i < CHILD_SLOTS; i++) {
		pid_t pid = atomic_load(&children[i]);

		if (pid > 0)
			kill(pid, SIGTERM);
	}
}

void proc_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool proc_interrupted(void)
{
	return interrupted != 0;
}

/* --fail-fast: set by the first test that did not pass, read by every loop. */
static atomic_bool stop_requested;

void proc_request_stop(void)
{
	atomic_store(&stop_requested, true);
}

bool proc_stop_requested(void)
{
	return atomic_load(&stop_requested);
}

/* A free slot for this thread's child, or -1 (all taken: the thread's
 * own loop still stops its child when proc_interrupted()). */
static int take_slot(pid_t pid)
{
	for (int i = 0; i < CHILD_SLOTS; i++) {
		pid_t free_slot = 0;

		if (atomic_compare_exchange_strong(&children[i], &free_slot, pid))
			return i;
	}
	return -1;
}

void proc_set_current(pid_t pid)
{
	if (my_slot >= 0 && pid > 0) {
		atomic_store(&children[my_slot], pid);
	} else if (pid > 0) {
		my_slot = take_slot(pid);
	} else if (my_slot >= 0) {
		atomic_store(&children[my_slot], 0);
		my_slot = -1;
	}
}

/* In the child: cap @p res at @p n units (0: leave it). */
static void set_limit(int res, rlim_t n)
{
	struct rlimit rl = { n, n };

	if (n)
		setrlimit(res, &rl);
}

/*
 * In the child: io->pass_fds[i] becomes fd 3 + i, open across exec.  Each
 * goes above the range first, so a source that is itself 3..10 is not
 * overwritten before it is moved.  Returns the first fd after them.
 */
static int pass_fds(const struct proc_io *io)
{
	int n = io->npass_fds < PROC_PASS_FDS_MAX ? io->npass_fds : PROC_PASS_FDS_MAX;
	int high[PROC_PASS_FDS_MAX];

	for (int i = 0; i < n; i++)
		high[i] = fcntl(io->pass_fds[i], F_DUPFD_CLOEXEC, 64);
	for (int i = 0; i < n; i++)
		dup2(high[i], 3 + i);	/* dup2() clears FD_CLOEXEC */
	return 3 + n;
}

/*
 * In the child: wire up fds, leave the outer make's flags behind.  Other
 * threads may hold stdio's locks at the fork, so messages go out with
 * dprintf() on fd 2, never through stderr's FILE.
 */
static void child_setup(const struct proc_io *io)
{
	int null = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	dup2(null, 0);
	dup2(io->out_fd >= 0 ? io->out_fd : null, 1);
	dup2(io->err_fd >= 0 ? io->err_fd : null, 2);
	/*
	 * Nothing else crosses: not the grader's own files (its logs, the
	 * other jobs' pipes), nor whatever the grader inherited from the
	 * shell or tool that started it, which a sandboxed suite could
	 * otherwise read or write.
	 */
	close_range((unsigned int)pass_fds(io), ~0U, 0);
	if (io->clean_make_env) {
		unsetenv("MAKEFLAGS");
		unsetenv("MFLAGS");
		unsetenv("MAKELEVEL");
		unsetenv("MAKEOVERRIDES");
		unsetenv("GNUMAKEFLAGS");
	}
	for (char *const *e = io->env; e && *e; e++)
		putenv(*e);
	set_limit(RLIMIT_AS, (rlim_t)io->as_mib << 20);
	set_limit(RLIMIT_FSIZE, (rlim_t)io->fsize_mib << 20);
	set_limit(RLIMIT_CPU, io->cpu_s);
	if (io->cwd && chdir(io->cwd)) {
		dprintf(2, "grade: cannot enter %s: %s\n", io->cwd,
			strerror(errno));
		_exit(127);
	}
}

pid_t proc_spawn(char *const argv[], const struct proc_io *io)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		child_setup(io);
		execvp(argv[0], argv);
		dprintf(2, "grade: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);	/* both sides, so no race with kill(-pid) */
	return pid;
}

int proc_try_wait(pid_t pid, int *status)
{
	pid_t r = waitpid(pid, status, WNOHANG);

	return r == pid ? 1 : 0;
}

int proc_wait(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void nap(double seconds)
{
	struct timespec ts = { (time_t)seconds,
			       (long)((seconds - (time_t)seconds) * 1e9) };

	nanosleep(&ts, NULL);
}

int proc_stop(pid_t pid, double grace)
{
	double until = now_seconds() + grace;
	int status = 0;

	if (grace > 0) {
		kill(pid, SIGTERM);
		while (now_seconds() < until) {
			if (proc_try_wait(pid, &status)) {
				kill(-pid, SIGKILL);	/* stragglers */
				return status;
			}
			nap(0.02);
		}
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	return proc_wait(pid);
}

int proc_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

static int open_out(const char *path)
{
	return path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
		    : -1;
}

int proc_run(char *const argv[], const char *out_path, const char *err_path,
	     const struct proc_io *io, double timeout)
{
	struct proc_io pio = *io;
	double until = now_seconds() + timeout, wait = 0.001;
	int status = 0;
	pid_t pid;

	pio.out_fd = open_out(out_path);
	pio.err_fd = open_out(err_path);
	pid = proc_spawn(argv, &pio);
	if (pio.out_fd >= 0)
		close(pio.out_fd);
	if (pio.err_fd >= 0)
		close(pio.err_fd);
	if (pid < 0)
		return -1;
	proc_set_current(pid);
	while (!proc_try_wait(pid, &status)) {
		if (now_seconds() > until || proc_interrupted()) {
			proc_stop(pid, 1.0);
			proc_set_current(0);
			return 124;
		}
		nap(wait);	/* 1, 2, 4 ... 16, 20, 20 ms: quick ones end quickly */
		wait = wait < 0.01 ? 2 * wait : 0.02;
	}
	kill(-pid, SIGKILL);	/* nothing of it may outlive it */
	proc_set_current(0);
	return proc_exit_code(status);
}

int proc_capture(char *const argv[], struct strbuf *out, double timeout)
{
	char tmpl[] = "/tmp/grade-out-XXXXXX";
	struct proc_io io = { .out_fd = -1, .err_fd = -1 };
	int fd = mkostemp(tmpl, O_CLOEXEC), code;

	if (fd < 0)
		return -1;
	close(fd);
	code = proc_run(argv, tmpl, NULL, &io, timeout);
	if (code == 0 && read_file(tmpl, out))
		code = -1;
	unlink(tmpl);
	return code;
}
