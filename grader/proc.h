/**
 * @file
 * Child processes in their own process group, and how to end them.
 *
 * Why process groups: the emulator may ignore SIGTERM (Debian's bochs,
 * built with its debugger, does) and may have children of its own, so
 * "stop it" means SIGKILL to the whole group.  The grader starts each
 * child (make, bootrun) as the leader of a new group and kills by group.
 *
 * Ctrl-C on the terminal reaches only the grader (the children are in
 * other groups); the grader's handler passes a SIGTERM on to every running
 * child (one per grading thread), and each thread's wait loop then kills
 * its child's group, so no emulator and no make is left behind.
 */
#ifndef GRADER_PROC_H
#define GRADER_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* Where a child's standard streams go; -1 means /dev/null. */
#define PROC_PASS_FDS_MAX 8	/* proc_io.pass_fds */

struct proc_io {
	int out_fd;
	int err_fd;
	const char *cwd;	/* NULL: inherit */
	bool clean_make_env;	/* drop MAKEFLAGS & co. of an outer make */
	char *const *env;	/* NULL-terminated "NAME=VALUE" to set, or NULL */
	/* Limits of it and of each child it starts (inherited); 0: none. */
	unsigned long as_mib;	/* address space of each process, MiB */
	unsigned long fsize_mib;	/* largest file it may write, MiB */
	unsigned long cpu_s;	/* CPU seconds of each process */
	/*
	 * Open files the child gets as fds 3, 4, ... (at most
	 * PROC_PASS_FDS_MAX).  Open them O_CLOEXEC: the other threads'
	 * children must not inherit them.
	 */
	const int *pass_fds;
	int npass_fds;
};

/**
 * proc_spawn() - Start @p argv (searched in PATH) in a new process group.
 * @return the child's pid (= its group id), or -1 with errno set.
 */
pid_t proc_spawn(char *const argv[], const struct proc_io *io);

/* Non-blocking reap: 1 and *@p status when it exited, 0 still running. */
int proc_try_wait(pid_t pid, int *status);

/* Blocking reap, retried on EINTR; returns the wait status. */
int proc_wait(pid_t pid);

/**
 * proc_stop() - End child @p pid and everything in its group.
 * @param grace  seconds to wait after SIGTERM before SIGKILL to the group;
 *               0 kills at once.
 * @return the child's wait status.
 */
int proc_stop(pid_t pid, double grace);

/* Exit code of a wait status; 128+N when killed by signal N. */
int proc_exit_code(int status);

/**
 * proc_run() - Run @p argv to completion (or @p timeout seconds, then kill the
 * group), its output into the given files.
 * @return its exit code, 124 on timeout, -1 if it could not start.
 */
int proc_run(char *const argv[], const char *out_path, const char *err_path,
	     const struct proc_io *io, double timeout);

/* Run @p argv to completion; its standard output into @p out.  Returns
 * its exit code (0 with @p out filled), 124 on timeout, -1 on failure. */
int proc_capture(char *const argv[], struct strbuf *out, double timeout);

/* Install SIGINT/SIGTERM/SIGHUP handlers that interrupt the grader. */
void proc_catch_signals(void);
bool proc_interrupted(void);
/*
 * --fail-fast: proc_request_stop() asks every boot and suite to end soon
 * (not an interruption: what ran is graded, the rest is not run).
 */
void proc_request_stop(void);
bool proc_stop_requested(void);
/* The calling thread's child, which the signal handler passes SIGTERM
 * to (0: none any more).  Each thread has its own; safe in parallel. */
void proc_set_current(pid_t pid);

#endif /* GRADER_PROC_H */
