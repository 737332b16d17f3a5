/**
 * @file
 * sim_run_child(): run code that is supposed to die, and watch it die.
 *
 * Some tests must show that something kills the process -- a sanitizer
 * report, BUG(), panic().  Running that code in the test itself would end
 * the test, so it runs in a forked child whose stderr comes back through a
 * pipe:
 *
 * @verbatim
 *   test --fork--> child: stderr -> pipe, fn(arg), _exit(0) if it returns
 *     |                         |
 *     +-- read pipe <-----------+  then waitpid(): res->status, res->err
 * @endverbatim
 *
 * The child leaves through _exit(), so it runs no atexit handlers of the
 * test process (Check's, LeakSanitizer's) when fn returns.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/kernel.h>
#include "sim.h"

static void __noreturn child(int fd, void (*fn)(void *arg), void *arg)
{
	dup2(fd, STDERR_FILENO);
	close(fd);
	fn(arg);
	_exit(0);
}

/* Read everything from @fd; keep the first sizeof(res->err) - 1 bytes. */
static void collect(int fd, struct sim_child_result *res)
{
	size_t n = 0;
	char scratch[512];
	ssize_t r;

	for (;;) {
		if (n + 1 < sizeof(res->err))
			r = read(fd, res->err + n, sizeof(res->err) - 1 - n);
		else
			r = read(fd, scratch, sizeof(scratch));	/* drain, drop */
		if (r <= 0)
			break;
		if (n + 1 < sizeof(res->err))
			n += (size_t)r;
	}
	res->err[n] = '\0';
}

int sim_run_child(void (*fn)(void *arg), void *arg, struct sim_child_result *res)
{
	int fd[2];
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(fd))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		child(fd[1], fn, arg);
	}
	close(fd[1]);
	collect(fd[0], res);
	close(fd[0]);
	return waitpid(pid, &res->status, 0) == pid ? 0 : -1;
}

char *sim_must_bug(const struct sim_bug_case *cases, size_t n)
{
	struct sim_child_result res;
	char *why = NULL;

	for (size_t i = 0; i < n && !why; i++) {
		if (sim_run_child(cases[i].fn, NULL, &res))
			return strdup("cannot fork a child");
		if (!strstr(res.err, "planted\n")) {
			if (asprintf(&why, "%s: did not get to the call: %s",
				     cases[i].what, res.err) < 0)
				why = strdup(cases[i].what);
		} else if (!(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT &&
			     strstr(res.err, "kernel BUG"))) {
			if (asprintf(&why, "%s must BUG; status %#x: %s",
				     cases[i].what, res.status, res.err) < 0)
				why = strdup(cases[i].what);
		}
	}
	return why;
}

char *sim_must_panic(void (*fn)(void *arg), void *arg)
{
	struct sim_child_result res;
	char *why = NULL;

	if (sim_run_child(fn, arg, &res))
		return strdup("cannot fork a child");
	if (WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT &&
	    strstr(res.err, "Kernel panic - not syncing: "))
		return NULL;
	if (asprintf(&why, "status %#x, stderr:\n%s", res.status, res.err) < 0)
		why = strdup("it did not panic");
	return why;
}
