/**
 * @file
 * What the parts of bootrun share: its options, its exit statuses, and the
 * running emulator with the two pipes bootrun talks to it through.
 *
 * @verbatim
 *   main.c        options, temporary files, main()
 *   emulator.c    start Bochs or QEMU; how did it end?
 *   supervise.c   follow the run, enforce the limits, say why it ended
 *   channels.c    the console (COM1) and the harness's port (COM2) to stdout
 *   cputime.c     the emulator's progress: CPU seconds, and halted seconds
 *   monitor.c     ask Bochs's debugger or QEMU's monitor, with a time bound
 *   cpudump.c     where the CPU was: registers and the frame-pointer chain
 *   ksyms.c       "func+0x12/0x40" from the kernel ELF's symbol table
 * @endverbatim
 */
#ifndef BOOTRUN_H
#define BOOTRUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit statuses: the grader and the kernel tests depend on these numbers. */
enum {
	EXIT_POWEROFF = 0,	/* the kernel powered the machine off */
	EXIT_USAGE = 2,		/* bad options, missing file: nothing ran */
	EXIT_TRIPLE = 10,	/* triple fault: the CPU gave up */
	EXIT_TIMEOUT = 11,	/* --timeout or --cpu-timeout */
	EXIT_IDLE = 12,		/* --idle or --cpu-idle: no serial output */
	EXIT_OTHER = 13,	/* the emulator exited any other way */
};

struct options {
	const char *emu;	/* "bochs" or "qemu" */
	const char *image;
	const char *iso;	/* a GRUB CD image (make iso): boot from CD-ROM */
	const char *kernel;	/* also the symbol table for the CPU dump */
	const char *cmdline;
	const char *serial;	/* COM1, the console */
	const char *harness;	/* COM2, the test harness's channel */
	const char *log;
	const char *cpu;	/* --cpu: QEMU -cpu, Bochs cpu: model=; NULL: default */
	bool from_disk;		/* QEMU: boot --image through the BIOS, not -kernel */
	unsigned int mem_mib;
	double timeout;		/* wall seconds for the run */
	double idle;		/* wall seconds without output; 0: none */
	double cpu_timeout;	/* emulator seconds for the run; 0: none */
	double cpu_idle;	/* emulator seconds without output; 0: none */
	bool quiet;
	bool merged;		/* both ports on stdout, "C "/"H " lines */
	bool debug;
};

#define MONITOR_BUF 16384

/*
 * A running emulator.  Its stdin and stdout are pipes to its debugger
 * (Bochs) or monitor (QEMU); reply[] collects what it printed since the
 * last command.  cmd_fd is -1 once closed (or for an interactive Bochs).
 */
struct emulator {
	const char *name;	/* "bochs" or "qemu", for messages */
	bool is_qemu;
	pid_t pid;		/* leader of a process group of its own */
	int cmd_fd;		/* its stdin: we write commands */
	int reply_fd;		/* its stdout, non-blocking: we read replies */
	char reply[MONITOR_BUF];
	size_t reply_len;
	bool asking;		/* we stopped it to ask: replies are ours */
	char *errlog;		/* Bochs: its stderr, which names its screen's pty */
	int screen_fd;		/* Bochs: that pty, drained; -1 until found */
};

/* main.c */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
double now(void);
char *tmp_path(const char *name);

/* emulator.c */
void emulator_start(struct emulator *e, const struct options *o,
		    const char *serial, const char *harness, const char *log);
int emulator_verdict(const struct emulator *e, int status, const char *log);
void emulator_drain_screen(struct emulator *e);

/* supervise.c */
extern volatile sig_atomic_t got_signal;	/* SIGINT, SIGTERM or SIGHUP came */
int supervise(const struct options *o, struct emulator *e,
	      const char *serial, const char *harness, const char *log);

/* channels.c */
void channels_open(const char *console, const char *harness, bool merge,
		   bool quiet);
/* Read both ports and show what is due; true if either had new output. */
bool channels_pump(double t);
/* The run is over: show everything that is left. */
void channels_finish(void);

/* cputime.c: see its header for why halted time counts at wall rate */
struct cpu_meter {
	pid_t pid;
	double emu;		/* emulator seconds so far: running CPU + halted wall */
	double halted;		/* the part of emu counted while halted */
	double wall;		/* wall clock at the last sample */
	double cpu;		/* the emulator's utime + stime then, in seconds */
	uint32_t recent;	/* bit i: a thread was runnable i samples ago */
	unsigned int nrecent;	/* samples in recent (at most WINDOW) */
};
void cpu_meter_start(struct cpu_meter *m, pid_t pid, double wall);
void cpu_meter_sample(struct cpu_meter *m, double wall);

/* monitor.c */
struct cpu_regs {
	uint32_t eip, esp, ebp, eflags;
};
void monitor_poll(struct emulator *e);
int monitor_stop(struct emulator *e, double deadline, char *why, size_t n);
int monitor_regs(struct emulator *e, struct cpu_regs *r, double deadline,
		 char *why, size_t n);
int monitor_read2(struct emulator *e, uint32_t addr, uint32_t word[2],
		  double deadline);

/* cpudump.c */
void cpu_dump_live(struct emulator *e, const char *kernel);
void cpu_dump_bochs_log(const char *log, const char *kernel);

/* ksyms.c */
struct ksyms;
struct ksyms *ksyms_load(const char *elf, char *why, size_t n);
bool ksyms_in_text(const struct ksyms *ks, uint32_t addr);
void ksyms_format(const struct ksyms *ks, uint32_t addr, char *buf, size_t n);
void ksyms_free(struct ksyms *ks);

#endif /* BOOTRUN_H */
