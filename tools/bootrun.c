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
 *  2. starts Bochs (or QEMU) in a process group of its own, with the serial
 *     port going to a file;
 *  3. follows that file, copying new output to stdout as it arrives, and
 *     enforces two limits: --timeout for the whole run and --idle for the
 *     longest silence (a hung test prints nothing);
 *  4. on a limit or a signal, kills the whole group with SIGKILL: Debian's
 *     Bochs is built with its debugger and ignores SIGTERM, and a guest
 *     spinning in `cli; hlt` never exits by itself;
 *  5. reads the emulator's log to tell a power-off from a triple fault.
 *
 * Exit status: 0 powered off, 10 triple fault, 11 total timeout, 12 idle
 * timeout, 13 the emulator exited some other way, 2 usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum {
	EXIT_POWEROFF = 0,
	EXIT_USAGE = 2,
	EXIT_TRIPLE = 10,
	EXIT_TIMEOUT = 11,
	EXIT_IDLE = 12,
	EXIT_OTHER = 13,
};

#define CMDLINE_OFFSET 512	/* LBA 1 of the disk image */
#define CMDLINE_MAX    511

struct options {
	const char *emu;
	const char *image;
	const char *kernel;
	const char *cmdline;
	const char *serial;
	const char *log;
	unsigned int mem_mib;
	double timeout;
	double idle;
	bool quiet;
	bool debug;
};

static char tmpdir[PATH_MAX];
static volatile sig_atomic_t got_signal;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bootrun: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(EXIT_USAGE);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bootrun --image IMG --kernel ELF [--emu bochs|qemu] [--cmdline STR]\n"
		"               [--mem MiB] [--timeout SEC] [--idle SEC] [--serial FILE]\n"
		"               [--log FILE] [--quiet] [--debug]\n"
		"exit: 0 powered off, 10 triple fault, 11 timeout, 12 idle timeout,\n"
		"      13 emulator exited otherwise, 2 usage or setup error\n");
	exit(EXIT_USAGE);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "emu", 1, NULL, 'e' }, { "image", 1, NULL, 'i' },
		{ "kernel", 1, NULL, 'k' }, { "cmdline", 1, NULL, 'c' },
		{ "serial", 1, NULL, 's' }, { "log", 1, NULL, 'l' },
		{ "mem", 1, NULL, 'm' }, { "timeout", 1, NULL, 't' },
		{ "idle", 1, NULL, 'I' }, { "quiet", 0, NULL, 'q' },
		{ "debug", 0, NULL, 'd' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .emu = "bochs", .cmdline = "", .mem_mib = 1024,
			       .timeout = 60, .idle = 0 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o->emu = optarg; break;
		case 'i': o->image = optarg; break;
		case 'k': o->kernel = optarg; break;
		case 'c': o->cmdline = optarg; break;
		case 's': o->serial = optarg; break;
		case 'l': o->log = optarg; break;
		case 'm': o->mem_mib = strtoul(optarg, NULL, 0); break;
		case 't': o->timeout = strtod(optarg, NULL); break;
		case 'I': o->idle = strtod(optarg, NULL); break;
		case 'q': o->quiet = true; break;
		case 'd': o->debug = true; break;
		default: usage();
		}
	}
	if (strcmp(o->emu, "bochs") && strcmp(o->emu, "qemu"))
		die("--emu must be bochs or qemu, not '%s'", o->emu);
	if (!strcmp(o->emu, "bochs") && !o->image)
		die("--image is required for Bochs");
	if (!strcmp(o->emu, "qemu") && !o->kernel)
		die("--kernel is required for QEMU");
	if (strlen(o->cmdline) > CMDLINE_MAX)
		die("command line longer than %d bytes", CMDLINE_MAX);
	if (o->mem_mib < 16 || o->mem_mib > 3072)
		die("--mem must be 16..3072 MiB (no PAE: 3 GiB is the most a 32-bit guest sees)");
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

static char *tmp_path(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", tmpdir, name) < 0)
		die("out of memory");
	return p;
}

/* Copy the image and write the command line into sector 1 of the copy. */
static char *prepare_image(const char *image, const char *cmdline)
{
	char *copy = tmp_path("disk.img"), buf[65536], sector[512] = { 0 };
	int in = open(image, O_RDONLY), out;
	ssize_t n;

	if (in < 0)
		die("%s: %s (build it with make)", image, strerror(errno));
	out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die("%s: %s", copy, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			die("writing %s: %s", copy, strerror(errno));
	memcpy(sector, cmdline, strlen(cmdline));
	if (pwrite(out, sector, sizeof(sector), CMDLINE_OFFSET) != sizeof(sector))
		die("writing the command line: %s", strerror(errno));
	close(in);
	close(out);
	return copy;
}

static void write_bochsrc(const char *path, const struct options *o,
			  const char *disk, const char *serial, const char *log)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("%s: %s", path, strerror(errno));
	/* Bochs caps `megs` at 2048; `memory:` names guest and host sizes apart. */
	if (o->mem_mib <= 2048)
		fprintf(f, "megs: %u\n", o->mem_mib);
	else
		fprintf(f, "memory: guest=%u, host=2048\n", o->mem_mib);
	fprintf(f, "romimage: file=/usr/share/bochs/BIOS-bochs-latest\n"
		   "vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest\n"
		   "ata0-master: type=disk, path=%s, mode=flat\n"
		   "boot: disk\n"
		   "display_library: term\n"
		   "com1: enabled=1, mode=file, dev=%s\n"
		   "log: %s\n"
		   "clock: sync=none, time0=1\n"
		   "cpu: reset_on_triple_fault=0\n"
		   "sound: driver=dummy\n"
		   "magic_break: enabled=1\n"
		   "port_e9_hack: enabled=1\n",
		disk, serial, log);
	fclose(f);
}

static pid_t spawn(char **argv, bool interactive)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (!interactive) {
			int null = open("/dev/null", O_RDWR);

			setpgid(0, 0);	/* a group of its own: one kill ends it all */
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		setenv("TERM", "dumb", 0);	/* Bochs's term display needs one */
		execvp(argv[0], argv);
		_exit(127);
	}
	if (!interactive)
		setpgid(pid, pid);	/* also here: no race with an early kill */
	return pid;
}

static pid_t start_bochs(const struct options *o, const char *serial,
			 const char *log)
{
	char *disk = prepare_image(o->image, o->cmdline);
	char *rc = tmp_path("bochsrc"), *cont = tmp_path("cont");
	char *argv[] = { "bochs", "-q", "-f", rc, "-rc", cont, NULL };
	FILE *f;

	write_bochsrc(rc, o, disk, serial, log);
	/* The debugger build stops before the first instruction: tell it `c`. */
	f = fopen(cont, "w");
	if (!f)
		die("%s: %s", cont, strerror(errno));
	fputs("c\n", f);
	fclose(f);
	if (o->debug) {		/* interactive: the user types debugger commands */
		argv[4] = NULL;
		printf("bootrun: Bochs debugger; `c` continues, Ctrl-C breaks, `q` quits\n");
		fflush(stdout);
	}
	return spawn(argv, o->debug);
}

static pid_t start_qemu(const struct options *o, const char *serial,
			const char *log)
{
	char mem[16], *serial_arg, *log_arg;
	char *argv[] = {
		"qemu-system-i386", "-kernel", (char *)o->kernel,
		"-append", (char *)o->cmdline, "-m", mem,
		"-display", "none", "-serial", NULL, "-net", "none",
		"-device", "isa-debug-exit,iobase=0x501,iosize=2",
		"-no-reboot", "-d", "cpu_reset", "-D", NULL,
		o->debug ? "-s" : NULL, o->debug ? "-S" : NULL, NULL,
	};

	snprintf(mem, sizeof(mem), "%u", o->mem_mib);
	if (asprintf(&serial_arg, "file:%s", serial) < 0 ||
	    asprintf(&log_arg, "%s", log) < 0)
		die("out of memory");
	argv[10] = serial_arg;
	argv[19] = log_arg;
	if (o->debug)
		printf("bootrun: QEMU waits for gdb on localhost:1234 (run gdb in another terminal)\n");
	return spawn(argv, false);
}

/* Copy what the guest printed since last time to stdout; true if anything. */
static bool pump_serial(int fd, bool quiet)
{
	char buf[4096];
	bool any = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		any = true;
		if (quiet)
			continue;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != '\r')
				putchar(buf[i]);
	}
	fflush(stdout);
	return any;
}

static bool file_contains(const char *path, const char *needle)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* How did the emulator end?  Bochs says it in its log, QEMU in its status. */
static int classify_exit(const struct options *o, int status, const char *log)
{
	if (!strcmp(o->emu, "qemu")) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 99)
			return EXIT_POWEROFF;	/* isa-debug-exit: (0x31 << 1) | 1 */
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			return EXIT_TRIPLE;	/* -no-reboot: a reset ends QEMU */
		return EXIT_OTHER;
	}
	if (file_contains(log, "3rd (13) exception with no resolution") ||
	    file_contains(log, "3rd (14) exception with no resolution") ||
	    file_contains(log, "3rd (8) exception with no resolution") ||
	    file_contains(log, "triple fault"))
		return EXIT_TRIPLE;
	if (file_contains(log, "shutdown requested") ||
	    file_contains(log, "soft power off"))
		return EXIT_POWEROFF;
	return EXIT_OTHER;
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static int supervise(const struct options *o, pid_t pid, const char *serial,
		     const char *log)
{
	double start = now(), last_output = start;
	int fd = -1, status, verdict;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	for (;;) {
		if (fd < 0)
			fd = open(serial, O_RDONLY);
		if (fd >= 0 && pump_serial(fd, o->quiet))
			last_output = now();
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (got_signal || now() - start > o->timeout ||
		    (o->idle > 0 && now() - last_output > o->idle)) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			if (fd >= 0)
				pump_serial(fd, o->quiet);
			if (got_signal) {
				fprintf(stderr, "\nbootrun: interrupted, %s killed\n", o->emu);
				return 128 + got_signal;
			}
			verdict = now() - start > o->timeout ? EXIT_TIMEOUT : EXIT_IDLE;
			fprintf(stderr, "\nbootrun: %s after %.2f s: %s killed\n",
				verdict == EXIT_TIMEOUT ? "timeout" : "idle timeout (no serial output)",
				now() - start, o->emu);
			return verdict;
		}
		usleep(10000);
	}
	if (fd < 0)
		fd = open(serial, O_RDONLY);
	if (fd >= 0)
		pump_serial(fd, o->quiet);
	kill(-pid, SIGKILL);	/* stragglers in the group, if any */
	verdict = classify_exit(o, status, log);
	fprintf(stderr, "bootrun: %s after %.2f s\n",
		verdict == EXIT_POWEROFF ? "kernel powered off" :
		verdict == EXIT_TRIPLE ? "triple fault (the CPU gave up)" :
		"emulator exited unexpectedly (see its log)", now() - start);
	return verdict;
}

int main(int argc, char **argv)
{
	struct options o;
	char *serial, *log;
	pid_t pid;

	parse_options(argc, argv, &o);
	make_tmpdir();
	serial = o.serial ? (char *)o.serial : tmp_path("serial.log");
	log = o.log ? (char *)o.log : tmp_path("emulator.log");
	unlink(serial);
	unlink(log);
	if (!strcmp(o.emu, "bochs"))
		pid = start_bochs(&o, serial, log);
	else
		pid = start_qemu(&o, serial, log);
	if (o.debug && !strcmp(o.emu, "bochs")) {
		int status;

		waitpid(pid, &status, 0);
		return 0;
	}
	return supervise(&o, pid, serial, log);
}
