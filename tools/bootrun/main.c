/**
 * @file
 * bootrun: boot the kit's kernel in an emulator and report how the run ended.
 *
 * `make run`, the kernel tests and the grader all boot through this one
 * program, so they agree on what "powered off", "hung" and "triple fault"
 * mean.  It:
 *
 *  1. copies the disk image to a private temporary file and writes the
 *     command line into sector 1 (the loader reads it from there), so runs
 *     can go in parallel and the built image is never modified;
 *  2. starts Bochs (or QEMU) in a process group of its own, with its two
 *     serial ports going to files (COM1 the console, COM2 the test
 *     harness's results) and its debugger (monitor) on two pipes
 *     (emulator.c);
 *  3. follows those files, copying new output to stdout as it arrives
 *     (channels.c: the console for people, or with --merged both ports
 *     in order, one prefixed line each, for the grader), and enforces the
 *     limits (supervise.c);
 *  4. on a limit, asks the emulator where the CPU is and prints it with the
 *     kernel's symbols (cpudump.c), then kills the whole group with
 *     SIGKILL: Debian's Bochs is built with its debugger and ignores
 *     SIGTERM, and a guest spinning in `cli; hlt` never exits by itself;
 *  5. reads the emulator's log to tell a power-off from a triple fault.
 *
 * Limits.  --timeout and --idle count wall seconds, which a busy host uses
 * up early; --cpu-timeout and --cpu-idle count emulator seconds, the
 * emulator's own CPU time (and, while the guest is halted, wall time),
 * which do not depend on the host's load.  The in-kernel NMI watchdog
 * reports a test past its budget itself; these limits are the backstop for
 * what the guest cannot report (a wrecked IDT, a hang before the watchdog
 * is armed, `nmi_watchdog=0`).  Measured here with `crash=hlt
 * nmi_watchdog=0` (`cli; hlt` for good): a halted Bochs burns a whole CPU
 * (it steps its clock as fast as it can), and so does bootrun's QEMU (with
 * `-icount sleep=off` its clock jumps to the next timer); a QEMU that
 * sleeps, as one without -icount does (1-2 % of a CPU), is charged its
 * halted wall time instead: cputime.c has the numbers and the rule.
 *
 * The CPU dump, on stderr before the verdict line (the last line stays the
 * verdict, which the grader reads):
 *
 * @verbatim
 *   bootrun: cpu: EIP c0106e22 ESP c0113ef4 EBP c0113f70 EFLAGS 00000002 (interrupts off)
 *   bootrun: cpu: EIP is at __ktest_core_crash_hlt+0x2/0x10
 *   bootrun: cpu:  [<c0105fc3>] ktest_run_all+0x183/0x1e0
 *   bootrun: cpu:  [<c01017e5>] start_kernel+0xd5/0xe0
 *   bootrun: cpu-idle limit: no serial output for 2.01 s of emulator time (limit 2 s; ...
 *            2.01 s CPU + 0.00 s halted), 2.37 s wall; run: ...: bochs killed
 * @endverbatim
 *
 * or `bootrun: cpu: state not available (why)` if the emulator does not
 * answer within 2 s.  After a Bochs triple fault the first two lines come
 * from its log.
 *
 * Exit status: 0 powered off, 10 triple fault, 11 timeout (--timeout or
 * --cpu-timeout), 12 idle timeout (--idle or --cpu-idle), 13 the emulator
 * exited some other way, 2 usage or setup error, 128+N killed by signal N.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bootrun.h"

#define CMDLINE_MAX 511		/* sector 1, NUL-terminated */
/*
 * The largest guests.  QEMU's PC takes 64 GiB: RAM beyond 3 GiB goes
 * above 4 GiB, where a non-PAE kernel ignores it.  Bochs 2.7 (Debian's)
 * boots `memory: guest=4096`, but its BIOS reports only [1 MiB, 3 GiB -
 * 64 KiB) as usable, for any size from 3 GiB up; with guest=8192 it
 * printed nothing in a minute of CPU time.
 */
#define QEMU_MAX_MIB  65536u
#define BOCHS_MAX_MIB 4096u

static char tmpdir[PATH_MAX];

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bootrun: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(EXIT_USAGE);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bootrun --image IMG --kernel ELF [--emu bochs|qemu] [--cmdline STR]\n"
		"       bootrun --iso ISO [--kernel ELF] [--emu bochs|qemu]\n"
		"               [--mem MiB] [--timeout SEC] [--idle SEC] [--cpu-timeout SEC]\n"
		"               [--cpu-idle SEC] [--serial FILE] [--harness FILE] [--log FILE]\n"
		"               [--merged] [--quiet] [--debug] [--cpu MODEL] [--from-disk]\n"
		"ports: --serial gets COM1 (the console), --harness COM2 (test results);\n"
		"       stdout shows the console, or with --merged both ports as\n"
		"       \"C line\" / \"H line\" in the order the guest wrote them\n"
		"--cpu: the CPU model (qemu-system-i386 -cpu help; Bochs: bochs -help cpu)\n"
		"--from-disk: QEMU boots --image through its BIOS and the kit's loader\n"
		"       instead of --kernel with -kernel\n"
		"--mem: 16..65536 MiB under QEMU (RAM beyond 3 GiB goes above 4 GiB,\n"
		"       which the kernel ignores: no PAE); 16..4096 under Bochs, whose\n"
		"       BIOS shows a guest 3 GiB at most\n"
		"--iso: boot a CD image (make iso) through GRUB; its command line is\n"
		"       in its grub.cfg, so --cmdline cannot change it\n"
		"limits: --timeout (default 60) and --idle count wall seconds; --cpu-timeout\n"
		"        and --cpu-idle count the emulator's CPU seconds (wall seconds while\n"
		"        the guest is halted); --idle and --cpu-* are off unless given\n"
		"exit: 0 powered off, 10 triple fault, 11 timeout, 12 idle timeout,\n"
		"      13 emulator exited otherwise, 2 usage or setup error\n");
	exit(EXIT_USAGE);
}

/* A number of seconds, >= 0. */
static double seconds(const char *arg, const char *opt)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || v < 0)
		die("%s wants seconds (a number >= 0), not '%s'", opt, arg);
	return v;
}

static void check_options(const struct options *o)
{
	if (strcmp(o->emu, "bochs") && strcmp(o->emu, "qemu"))
		die("--emu must be bochs or qemu, not '%s'", o->emu);
	if (o->iso && o->image)
		die("--iso and --image: boot from one or the other");
	if (o->iso && *o->cmdline)
		die("--cmdline with --iso: the ISO's command line is in its grub.cfg (make iso CMDLINE=...)");
	if (!strcmp(o->emu, "bochs") && !o->image && !o->iso)
		die("--image (or --iso) is required for Bochs");
	if (!strcmp(o->emu, "qemu") && !o->kernel && !o->iso)
		die("--kernel (or --iso) is required for QEMU");
	if (strlen(o->cmdline) > CMDLINE_MAX)
		die("command line longer than %d bytes", CMDLINE_MAX);
	if (o->from_disk && (strcmp(o->emu, "qemu") || !o->image))
		die("--from-disk is for --emu qemu with --image (Bochs always boots the disk)");
	if (o->mem_mib < 16 || o->mem_mib > QEMU_MAX_MIB)
		die("--mem must be 16..%u MiB", QEMU_MAX_MIB);
	if (strcmp(o->emu, "qemu") && o->mem_mib > BOCHS_MAX_MIB)
		die("--mem: Bochs 2.7 gives a 32-bit guest at most %u MiB (QEMU goes further)",
		    BOCHS_MAX_MIB);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_CPU_TIMEOUT = 256, OPT_CPU_IDLE, OPT_HARNESS, OPT_MERGED, OPT_ISO,
	       OPT_CPU, OPT_FROM_DISK };
	static const struct option longopts[] = {
		{ "emu", 1, NULL, 'e' }, { "image", 1, NULL, 'i' },
		{ "kernel", 1, NULL, 'k' }, { "cmdline", 1, NULL, 'c' },
		{ "serial", 1, NULL, 's' }, { "log", 1, NULL, 'l' },
		{ "mem", 1, NULL, 'm' }, { "timeout", 1, NULL, 't' },
		{ "idle", 1, NULL, 'I' }, { "cpu-timeout", 1, NULL, OPT_CPU_TIMEOUT },
		{ "cpu-idle", 1, NULL, OPT_CPU_IDLE }, { "quiet", 0, NULL, 'q' },
		{ "harness", 1, NULL, OPT_HARNESS }, { "merged", 0, NULL, OPT_MERGED },
		{ "debug", 0, NULL, 'd' }, { "help", 0, NULL, 'h' },
		{ "iso", 1, NULL, OPT_ISO }, { "cpu", 1, NULL, OPT_CPU },
		{ "from-disk", 0, NULL, OPT_FROM_DISK },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .emu = "bochs", .cmdline = "", .mem_mib = 1024,
			       .timeout = 60 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o->emu = optarg; break;
		case 'i': o->image = optarg; break;
		case 'k': o->kernel = optarg; break;
		case 'c': o->cmdline = optarg; break;
		case 's': o->serial = optarg; break;
		case 'l': o->log = optarg; break;
		case 'm': o->mem_mib = strtoul(optarg, NULL, 0); break;
		case 't': o->timeout = seconds(optarg, "--timeout"); break;
		case 'I': o->idle = seconds(optarg, "--idle"); break;
		case OPT_CPU_TIMEOUT: o->cpu_timeout = seconds(optarg, "--cpu-timeout"); break;
		case OPT_CPU_IDLE: o->cpu_idle = seconds(optarg, "--cpu-idle"); break;
		case OPT_HARNESS: o->harness = optarg; break;
		case OPT_MERGED: o->merged = true; break;
		case OPT_ISO: o->iso = optarg; break;
		case OPT_CPU: o->cpu = optarg; break;
		case OPT_FROM_DISK: o->from_disk = true; break;
		case 'q': o->quiet = true; break;
		case 'd': o->debug = true; break;
		default: usage();
		}
	}
	check_options(o);
}

static void remove_tmpdir(void)
{
	char cmd[PATH_MAX + 16];

	if (!*tmpdir)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "bootrun: could not remove %s\n", tmpdir);
}

static void make_tmpdir(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	snprintf(tmpdir, sizeof(tmpdir), "%s/bootrun.XXXXXX", base);
	if (!mkdtemp(tmpdir))
		die("mkdtemp %s: %s", tmpdir, strerror(errno));
	atexit(remove_tmpdir);
}

char *tmp_path(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", tmpdir, name) < 0)
		die("out of memory");
	return p;
}

int main(int argc, char **argv)
{
	struct options o;
	struct emulator e;
	char *serial, *harness, *log;

	parse_options(argc, argv, &o);
	make_tmpdir();
	signal(SIGPIPE, SIG_IGN);	/* an emulator gone mid-command: EPIPE */
	serial = o.serial ? (char *)o.serial : tmp_path("serial.log");
	harness = o.harness ? (char *)o.harness : tmp_path("harness.log");
	log = o.log ? (char *)o.log : tmp_path("emulator.log");
	unlink(serial);
	unlink(harness);
	unlink(log);
	emulator_start(&e, &o, serial, harness, log);
	if (o.debug && !e.is_qemu) {
		int status;

		waitpid(e.pid, &status, 0);
		return 0;
	}
	return supervise(&o, &e, serial, harness, log);
}
