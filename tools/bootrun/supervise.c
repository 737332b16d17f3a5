/**
 * @file
 * Following a run to its end: copy the guest's serial output to stdout
 * (channels.c),
 * enforce the limits, and write on stderr, last, one line that says how
 * the run ended (the grader copies that last line into its report).
 *
 * Four limits, checked every 10 ms, the first one reached wins:
 *
 * @verbatim
 *   option          counts                                    exit
 *   --timeout       wall seconds since the start               11
 *   --cpu-timeout   emulator seconds since the start           11
 *   --idle          wall seconds since the last serial output  12
 *   --cpu-idle      emulator seconds since the last output     12
 * @endverbatim
 *
 * Emulator seconds (cputime.c) do not stretch when the host is busy, so
 * the CPU limits give the same verdict on a loaded machine as on an idle
 * one; the wall limits are a far-away safety net.  On a limit, before the
 * kill, the CPU's state is asked for and printed (cpudump.c); on a signal
 * (Ctrl-C, or the grader stopping us) the kill comes at once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bootrun.h"

volatile sig_atomic_t got_signal;

enum limit { LIMIT_NONE, LIMIT_TIMEOUT, LIMIT_CPU_TIMEOUT, LIMIT_IDLE, LIMIT_CPU_IDLE };

/* The clocks of one run. */
struct run {
	double start;		/* wall clock at the start */
	double last_output;	/* wall clock at the last serial output */
	double emu_at_output;	/* meter.emu then */
	double halted_at_output; /* meter.halted then */
	struct cpu_meter meter;
};

static void on_signal(int sig)
{
	got_signal = sig;
}

static enum limit limit_reached(const struct options *o, const struct run *r,
				double t)
{
	if (t - r->start > o->timeout)
		return LIMIT_TIMEOUT;
	if (o->cpu_timeout > 0 && r->meter.emu > o->cpu_timeout)
		return LIMIT_CPU_TIMEOUT;
	if (o->idle > 0 && t - r->last_output > o->idle)
		return LIMIT_IDLE;
	if (o->cpu_idle > 0 && r->meter.emu - r->emu_at_output > o->cpu_idle)
		return LIMIT_CPU_IDLE;
	return LIMIT_NONE;
}

/* The verdict line for a kill on limit @p l: which limit, CPU and wall time. */
static void report_limit(const struct options *o, const struct run *r,
			 enum limit l, double t)
{
	const struct cpu_meter *m = &r->meter;
	double idle_emu = m->emu - r->emu_at_output;
	double idle_halted = m->halted - r->halted_at_output;

	switch (l) {
	case LIMIT_TIMEOUT:
		fprintf(stderr, "bootrun: timeout after %.2f s (--timeout %g, wall clock; emulator time %.2f s)",
			t - r->start, o->timeout, m->emu);
		break;
	case LIMIT_IDLE:
		fprintf(stderr, "bootrun: idle timeout (no serial output) after %.2f s (--idle %g, wall clock; emulator time %.2f s)",
			t - r->start, o->idle, m->emu);
		break;
	case LIMIT_CPU_TIMEOUT:
		fprintf(stderr, "bootrun: cpu-timeout limit: %.2f s of emulator time (limit %g s; %.2f s CPU + %.2f s halted), %.2f s wall",
			m->emu, o->cpu_timeout, m->emu - m->halted, m->halted,
			t - r->start);
		break;
	default:
		fprintf(stderr, "bootrun: cpu-idle limit: no serial output for %.2f s of emulator time (limit %g s; %.2f s CPU + %.2f s halted), %.2f s wall; run: %.2f s emulator time, %.2f s wall",
			idle_emu, o->cpu_idle, idle_emu - idle_halted, idle_halted,
			t - r->last_output, m->emu, t - r->start);
	}
	fprintf(stderr, ": %s killed\n", o->emu);
}

static void kill_and_reap(pid_t pid)
{
	int status;

	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

/* Stop for a signal or a limit; the exit status of bootrun. */
static int stop(const struct options *o, struct emulator *e,
		const struct run *r, enum limit l)
{
	double t = now();

	fputc('\n', stderr);	/* off the guest's last, maybe unfinished, line */
	if (!got_signal)
		cpu_dump_live(e, o->kernel);
	kill_and_reap(e->pid);
	channels_finish();
	if (got_signal) {
		fprintf(stderr, "bootrun: interrupted, %s killed\n", o->emu);
		return 128 + got_signal;
	}
	report_limit(o, r, l, t);
	return l == LIMIT_TIMEOUT || l == LIMIT_CPU_TIMEOUT ? EXIT_TIMEOUT : EXIT_IDLE;
}

/* The emulator exited by itself: read how, and say it. */
static int ended(const struct options *o, struct emulator *e, int status,
		 const char *log, double start)
{
	int verdict = emulator_verdict(e, status, log);

	kill(-e->pid, SIGKILL);	/* stragglers in the group, if any */
	if (verdict == EXIT_TRIPLE && !e->is_qemu)
		cpu_dump_bochs_log(log, o->kernel);
	fprintf(stderr, "bootrun: %s after %.2f s\n",
		verdict == EXIT_POWEROFF ? "kernel powered off" :
		verdict == EXIT_TRIPLE ? "triple fault (the CPU gave up)" :
		"emulator exited unexpectedly (see its log)", now() - start);
	return verdict;
}

/**
 * supervise() - Follow a started emulator to its end.
 * @param o       the options: limits, quiet, the kernel for symbols
 * @param e       the running emulator
 * @param serial  the file its COM1 writes to
 * @param harness the file its COM2 writes to
 * @param log     its log, read when it exits
 * @return bootrun's exit status.
 */
int supervise(const struct options *o, struct emulator *e,
	      const char *serial, const char *harness, const char *log)
{
	struct run r = { .start = now() };
	int status;
	enum limit l;

	r.last_output = r.start;
	cpu_meter_start(&r.meter, e->pid, r.start);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	channels_open(serial, harness, o->merged, o->quiet);
	for (;;) {
		if (channels_pump(now())) {
			r.last_output = now();
			r.emu_at_output = r.meter.emu;
			r.halted_at_output = r.meter.halted;
		}
		monitor_poll(e);
		emulator_drain_screen(e);
		if (waitpid(e->pid, &status, WNOHANG) == e->pid)
			break;
		cpu_meter_sample(&r.meter, now());
		l = limit_reached(o, &r, now());
		if (got_signal || l != LIMIT_NONE)
			return stop(o, e, &r, l);
		usleep(10000);
	}
	channels_finish();
	return ended(o, e, status, log, r.start);
}
