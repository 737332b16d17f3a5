/**
 * @file
 * The emulator's progress in "emulator seconds", a clock the host's load
 * does not bend: CPU seconds while the guest runs, wall seconds while the
 * guest is halted.
 *
 * Why not wall time: on a busy host the emulator gets less of a CPU, so a
 * wall-clock limit fires after fewer emulated instructions and a test that
 * passes on an idle machine "hangs" on a loaded one.  The CPU time the
 * emulator has used (utime + stime in /proc/PID/stat, which sums every
 * thread of the process, QEMU's vCPU thread included) grows with the work
 * it has done, not with the wall clock.
 *
 * Why not CPU time alone: what does a halted guest cost?  Measured here
 * (2 cores, other jobs running) with `crash=hlt nmi_watchdog=0`, a guest in
 * `cli; hlt` for good, CPU per wall second:
 *
 * @verbatim
 *   emulator    guest in cli; hlt                guest in a loop (crash=loop)
 *   Bochs 2.7   1.00 s (0.77 user, 0.25 system)  1.00 s
 *   QEMU 7.2    0.012-0.018 s                    1.00 s (its vCPU thread)
 *               (NMIs at 100 Hz waking it: 0.016 s)
 *   QEMU 7.2    1.00 s                           1.00 s
 *   -icount shift=8,sleep=off (bootrun's QEMU: emulated time,
 *               see emulator.c)
 * @endverbatim
 *
 * Bochs never sleeps: with `clock: sync=none` a halted CPU just steps its
 * emulated clock ahead as fast as it can, so the CPU limits catch `cli;
 * hlt` as they catch a loop, and so does QEMU with -icount sleep=off.  A
 * QEMU without -icount sleeps in the host kernel while halted: its CPU
 * time stands still and a CPU limit alone would never fire.  Hence a rule
 * for a halted guest, kept for any emulator that sleeps.  Every 10 ms this
 * file also reads the state of each of the emulator's threads
 * (/proc/PID/task/TID/stat):
 *
 *  - An emulator executing guest code has a thread in state R (running,
 *    or runnable and waiting for a CPU) in nearly every sample: measured,
 *    75-100 % of the samples of any 0.25 s for Bochs, 100 % for QEMU, with
 *    or without two busy loops beside it.  A busy host changes how long
 *    it waits, not its state.
 *  - An emulator whose guest is halted sleeps (state S) but for its short
 *    wake-ups: QEMU in `cli; hlt`, 0-4 % of the samples; with the NMI
 *    watchdog waking it 100 times a second and two busy loops making
 *    every wake-up wait for a CPU, 4-17 %.
 *
 * When fewer than half of the last 25 samples (0.25 s) found a thread
 * runnable, the guest is halted and the wall seconds since the previous
 * sample count as emulator seconds; otherwise its CPU seconds do.  That is
 * a fact about the guest, not about the host's load: the emulator was not
 * asking for a CPU, so a busy host did not slow it down, and a halted
 * QEMU's emulated clock (without -icount) runs at the wall clock's rate
 * anyway.
 * So a guest that sleeps in `sti; hlt` for a timer a few emulated seconds
 * away is charged those seconds, and one that halts for good with
 * interrupts off reaches --cpu-idle after that many seconds, not never.
 *
 * Why states and not the kernel's counters of run-queue waiting
 * (/proc/PID/task/TID/schedstat): the wait is added there only when the
 * thread finally gets a CPU, so a stretch spent waiting looks idle.  With
 * two busy loops beside it, a Bochs judged that way was charged 0.5 s of
 * "halted" time in a 3 s run.  A stopped emulator (SIGSTOP, state T) is
 * charged nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bootrun.h"

#define WINDOW      25		/* samples judged together: 0.25 s at one per 10 ms */
#define HALT_SHARE  0.50	/* runnable in fewer of them: the guest is halted */

/* utime + stime of the whole process, in seconds; its state letter. */
static double read_cpu(pid_t pid, char *state)
{
	char path[64], buf[1024], *p;
	unsigned long utime, stime;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 state, &utime, &stime) != 3)
		return -1;
	return (double)(utime + stime) / sysconf(_SC_CLK_TCK);
}

/* Is any thread of @p pid running or runnable (R), or in the kernel (D)? */
static bool any_thread_busy(pid_t pid)
{
	char path[64], file[96], buf[512], *p;
	bool busy = false;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!busy && (d = readdir(dir))) {
		FILE *f;
		size_t n;

		if (d->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%.20s/stat", path, d->d_name);
		f = fopen(file, "r");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		p = strrchr(buf, ')');
		busy = p && (p[2] == 'R' || p[2] == 'D');
	}
	closedir(dir);
	return busy;
}

void cpu_meter_start(struct cpu_meter *m, pid_t pid, double wall)
{
	char state;

	*m = (struct cpu_meter){ .pid = pid, .wall = wall };
	m->cpu = read_cpu(pid, &state);
	if (m->cpu < 0)
		m->cpu = 0;
}

/* Were the emulator's threads runnable in fewer than half the last samples? */
static bool halted(const struct cpu_meter *m)
{
	return __builtin_popcount(m->recent) < HALT_SHARE * m->nrecent;
}

/**
 * cpu_meter_sample() - Take one sample and charge the time since the last.
 * @param m     the meter
 * @param wall  now()
 * @context Call often (every 10 ms): each call reads the emulator's CPU
 * time and its threads' states.  The time since the previous call is
 * charged as CPU seconds, or as wall seconds if the last WINDOW samples
 * say the guest is halted; emu and halted only grow.
 */
void cpu_meter_sample(struct cpu_meter *m, double wall)
{
	char state = '?';
	double cpu = read_cpu(m->pid, &state);

	if (cpu < 0)
		return;		/* gone: the caller is about to reap it */
	m->recent = (m->recent << 1 | any_thread_busy(m->pid)) & ((1u << WINDOW) - 1);
	if (m->nrecent < WINDOW)
		m->nrecent++;
	if (state == 'T' || state == 't')
		;		/* stopped: no progress of any kind */
	else if (halted(m)) {
		m->emu += wall - m->wall;
		m->halted += wall - m->wall;
	} else if (cpu > m->cpu) {
		m->emu += cpu - m->cpu;
	}
	m->wall = wall;
	m->cpu = cpu;
}
