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
 *   emulator    guest in cli; hlt              guest in a loop (crash=loop)
 *   Bochs 2.7   1.00 s (0.77 user, 0.25 sys)   1.00 s
 *   QEMU 7.2    0.012-0.018 s, + 0.003-0.025   1.00 s (its vCPU thread)
 *               s waiting on a run queue;
 *               NMIs at 100 Hz: 0.016 + 0.005-0.016
 * @endverbatim
 *
 * Bochs never sleeps: with `clock: sync=none` a halted CPU just steps its
 * emulated clock ahead as fast as it can, so the CPU limits catch `cli;
 * hlt` as they catch a loop.  A halted QEMU sleeps in the host kernel: its
 * CPU time stands still and a CPU limit alone would never fire.  Hence the
 * rule for halted windows.  Every 0.25 s this file reads, for all the
 * emulator's threads (/proc/PID/task/TID/schedstat), the time they ran
 * plus the time they waited on a run queue: their demand for a CPU.
 *
 *  - An emulator executing guest code is runnable all the time: its demand
 *    is at least one CPU second per wall second.  A busy host changes how
 *    that splits between running and waiting, never the sum.
 *  - An emulator whose guest is halted sleeps: demand 2-4 % (above).
 *
 * A window with demand under 20 % of its wall time is a halted window, and
 * its wall seconds count as emulator seconds.  That is a fact about the
 * guest, not about the host's load: the emulator was not asking for a CPU,
 * so a busy host did not slow it down, and a halted QEMU's emulated clock
 * (no -icount) runs at the wall clock's rate anyway.  So a guest that
 * sleeps in `sti; hlt` waiting for a timer a few emulated seconds away is
 * charged those seconds, and one that halts for good with interrupts off
 * reaches --cpu-idle after that many seconds instead of never.
 *
 * A stopped emulator (SIGSTOP, state T) is charged nothing.  Without
 * schedstat (a kernel built without CONFIG_SCHED_INFO) the run-queue wait
 * is unknown and demand is CPU time alone: then a badly starved emulator
 * could pass for a halted one, and the limit messages would show it as
 * "halted" seconds.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bootrun.h"

#define SAMPLE_PERIOD 0.25	/* wall seconds per window */
#define HALT_DEMAND   0.20	/* under this CPU share the guest is halted */

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

/* Run time plus run-queue wait of every thread, in seconds; -1: unknown. */
static double read_demand(pid_t pid)
{
	char path[64];
	unsigned long long run, wait, sum = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		char file[96];
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%.20s/schedstat", path, d->d_name);
		f = fopen(file, "r");
		if (f && fscanf(f, "%llu %llu", &run, &wait) == 2)
			sum += run + wait;
		if (f)
			fclose(f);
	}
	closedir(dir);
	return sum ? sum / 1e9 : -1;
}

void cpu_meter_start(struct cpu_meter *m, pid_t pid, double wall)
{
	char state;

	*m = (struct cpu_meter){ .pid = pid, .wall = wall };
	m->cpu = read_cpu(pid, &state);
	if (m->cpu < 0)
		m->cpu = 0;
	m->demand = read_demand(pid);
}

/* Close the window: charge its CPU seconds, or its wall seconds if halted. */
static void close_window(struct cpu_meter *m, double wall, double cpu,
			 char state)
{
	double dwall = wall - m->wall, demand = read_demand(m->pid), ddemand;

	/* A thread that exits takes its numbers along: then trust CPU only. */
	ddemand = demand >= 0 && m->demand >= 0 && demand >= m->demand ?
		  demand - m->demand : cpu - m->cpu;
	m->was_halted = false;
	if (state == 'T' || state == 't')
		;		/* stopped: no progress of any kind */
	else if (ddemand < HALT_DEMAND * dwall) {
		m->closed_emu += dwall;
		m->closed_halted += dwall;
		m->was_halted = true;
	} else {
		m->closed_emu += cpu - m->cpu;
	}
	m->wall = wall;
	m->cpu = cpu;
	m->demand = demand;
}

/**
 * cpu_meter_sample() - Bring m->emu and m->halted up to date.
 * @param m     the meter
 * @param wall  now()
 * @context Call often (every 10 ms): it reads /proc/PID/stat each time,
 * the threads' schedstat once a window.  Within a window the time so far
 * is charged as the last window was; emu never goes back.
 */
void cpu_meter_sample(struct cpu_meter *m, double wall)
{
	double cpu, emu, halted;
	char state = '?';

	cpu = read_cpu(m->pid, &state);
	if (cpu < 0)
		return;		/* gone: the caller is about to reap it */
	if (wall - m->wall >= SAMPLE_PERIOD)
		close_window(m, wall, cpu, state);
	emu = m->closed_emu;
	halted = m->closed_halted;
	if (state != 'T' && state != 't') {
		emu += m->was_halted ? wall - m->wall : cpu - m->cpu;
		halted += m->was_halted ? wall - m->wall : 0;
	}
	if (emu > m->emu) {
		m->emu = emu;
		m->halted = halted;
	}
}
