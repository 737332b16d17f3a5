/**
 * @file
 * Starting Bochs or QEMU for one boot, and reading how it ended.
 *
 * Each emulator runs in a process group of its own (one SIGKILL to the
 * group ends it all), with:
 *
 * @verbatim
 *   stdin    a pipe from bootrun: debugger (Bochs) or monitor (QEMU) commands
 *   stdout   a pipe to bootrun: their answers (see monitor.c)
 *   stderr   /dev/null (Bochs: a file, see emulator_drain_screen())
 *   COM1     a file bootrun follows (--serial): the console
 *   COM2     a file bootrun follows (--harness): the test harness's results
 *   log      Bochs's log, or QEMU's -D file (--log)
 * @endverbatim
 *
 * Bochs gets a bochsrc written here and a copy of the disk image with the
 * command line in sector 1.  Debian's Bochs has no `nogui`, so the display
 * is `term` (it needs TERM set, and draws on a pty of its own); it is built
 * with its debugger, which stops before the first instruction until it
 * reads `c` from the -rc file.  QEMU boots the ELF directly (multiboot)
 * with -append, or with --from-disk the disk image through its BIOS as
 * Bochs does, and powers off through isa-debug-exit.  --cpu picks the CPU
 * model: QEMU's -cpu, Bochs's `cpu: model=`.
 *
 * Both run in emulated time tied to the instructions executed, so that a
 * boot does the same on an idle and on a busy host: Bochs with `clock:
 * sync=none` (4 million instructions an emulated second, its default
 * ips), QEMU with `-icount shift=8,sleep=off` (one instruction every 2^8
 * ns: 3.9 million a second, the nearest power of two to Bochs's rate) and
 * its RTC on that clock (`-rtc clock=vm`; the NMI watchdog ticks from
 * it).  A halted guest's clock jumps to the next timer in both.  Under
 * QEMU the TSC then reads 2^8 per instruction; the kernel finds that out
 * (ktest_tsc_shift()) and its benchmarks print instructions again.
 *
 * With --iso both boot a GRUB CD image instead (make iso): Bochs from an
 * ATAPI CD-ROM on the first IDE channel, QEMU with -cdrom.  GRUB reads the
 * command line from the image's grub.cfg.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "bootrun.h"

#define CMDLINE_OFFSET 512	/* LBA 1 of the disk image */

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
			  const char *disk, const char *serial,
			  const char *harness, const char *log)
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
		   "vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest\n");
	if (o->iso)
		fprintf(f, "ata0-master: type=cdrom, path=%s, status=inserted\n"
			   "boot: cdrom\n", o->iso);
	else
		fprintf(f, "ata0-master: type=disk, path=%s, mode=flat\n"
			   "boot: disk\n", disk);
	fprintf(f, "display_library: term\n"
		   "com1: enabled=1, mode=file, dev=%s\n"
		   "com2: enabled=1, mode=file, dev=%s\n"
		   "log: %s\n"
		   "clock: sync=none, time0=1\n"
		   "cpu: reset_on_triple_fault=0%s%s\n"
		   "sound: driver=dummy\n"
		   "magic_break: enabled=1\n"
		   "port_e9_hack: enabled=1\n",
		serial, harness, log, o->cpu ? ", model=" : "",
		o->cpu ? o->cpu : "");
	fclose(f);
}

/* In the child: its own group, the pipes as stdin/stdout, stderr to @errlog. */
static void child_stdio(int cmd_read, int reply_write, const char *errlog)
{
	int err = errlog ? open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;

	if (err < 0)
		err = open("/dev/null", O_RDWR);
	setpgid(0, 0);		/* a group of its own: one kill ends it all */
	dup2(cmd_read, 0);
	dup2(reply_write, 1);
	dup2(err, 2);
}

/* Start argv; unless interactive, with the command and reply pipes. */
static void spawn(struct emulator *e, char **argv, bool interactive)
{
	int cmd[2] = { -1, -1 }, reply[2] = { -1, -1 };

	if (!interactive && (pipe2(cmd, O_CLOEXEC) || pipe2(reply, O_CLOEXEC)))
		die("pipe: %s", strerror(errno));
	e->pid = fork();
	if (e->pid < 0)
		die("fork: %s", strerror(errno));
	if (e->pid == 0) {
		if (!interactive)
			child_stdio(cmd[0], reply[1], e->errlog);
		signal(SIGPIPE, SIG_DFL);	/* ours is ignored; exec keeps that */
		setenv("TERM", "dumb", 0);	/* Bochs's term display needs one */
		execvp(argv[0], argv);
		_exit(127);
	}
	e->cmd_fd = e->reply_fd = -1;
	if (interactive)
		return;
	setpgid(e->pid, e->pid);	/* also here: no race with an early kill */
	close(cmd[0]);
	close(reply[1]);
	e->cmd_fd = cmd[1];
	e->reply_fd = reply[0];
	fcntl(e->reply_fd, F_SETFL, fcntl(e->reply_fd, F_GETFL) | O_NONBLOCK);
}

static void start_bochs(struct emulator *e, const struct options *o,
			const char *serial, const char *harness,
			const char *log)
{
	char *disk = o->iso ? NULL : prepare_image(o->image, o->cmdline);
	char *rc = tmp_path("bochsrc"), *cont = tmp_path("cont");
	char *argv[] = { "bochs", "-q", "-f", rc, "-rc", cont, NULL };
	FILE *f;

	write_bochsrc(rc, o, disk, serial, harness, log);
	e->errlog = tmp_path("bochs.stderr");
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
	spawn(e, argv, o->debug);
}

static void start_qemu(struct emulator *e, const struct options *o,
		       const char *serial, const char *harness,
		       const char *log)
{
	char mem[16], *serial_arg, *harness_arg, *drive_arg, *ram_arg, *argv[44];
	int n = 0;

	snprintf(mem, sizeof(mem), "%u", o->mem_mib);
	if (asprintf(&ram_arg, "memory-backend-memfd,id=ram0,size=%uM",
		     o->mem_mib) < 0 ||
	    asprintf(&serial_arg, "file:%s", serial) < 0 ||
	    asprintf(&harness_arg, "file:%s", harness) < 0)
		die("out of memory");
	argv[n++] = "qemu-system-i386";
	if (o->iso) {
		argv[n++] = "-cdrom";   argv[n++] = (char *)o->iso;
		argv[n++] = "-boot";    argv[n++] = "d";
	} else if (o->from_disk) {	/* SeaBIOS, then the kit's own loader */
		if (asprintf(&drive_arg, "file=%s,format=raw",
			     prepare_image(o->image, o->cmdline)) < 0)
			die("out of memory");
		argv[n++] = "-drive";   argv[n++] = drive_arg;
	} else {
		argv[n++] = "-kernel";  argv[n++] = (char *)o->kernel;
		argv[n++] = "-append";  argv[n++] = (char *)o->cmdline;
	}
	if (o->cpu) {
		argv[n++] = "-cpu";     argv[n++] = (char *)o->cpu;
	}
	argv[n++] = "-m";       argv[n++] = mem;
	/*
	 * Guest RAM in 4 KiB pages: QEMU advises plain -m RAM for transparent
	 * huge pages, so a test that writes one word every few pages
	 * (lab1.switch.alias_pattern) had the host zero 2 MiB for each, all
	 * of low memory in the end: measured here, 2.4-3.0 s for lab 1's
	 * tests on 1 GiB against 0.4-0.6 s from a memfd (shmem has no huge
	 * pages unless the host turns them on).
	 */
	argv[n++] = "-object";  argv[n++] = ram_arg;
	argv[n++] = "-machine"; argv[n++] = "memory-backend=ram0";
	argv[n++] = "-icount";  argv[n++] = "shift=8,sleep=off,align=off";
	argv[n++] = "-rtc";     argv[n++] = "clock=vm";
	argv[n++] = "-display"; argv[n++] = "none";
	argv[n++] = "-serial";  argv[n++] = serial_arg;	/* COM1 */
	argv[n++] = "-serial";  argv[n++] = harness_arg;	/* COM2 */
	argv[n++] = "-monitor"; argv[n++] = "stdio";	/* our pipes */
	argv[n++] = "-net";     argv[n++] = "none";
	argv[n++] = "-device";  argv[n++] = "isa-debug-exit,iobase=0x501,iosize=2";
	argv[n++] = "-no-reboot";
	argv[n++] = "-d";       argv[n++] = "cpu_reset";
	argv[n++] = "-D";       argv[n++] = (char *)log;
	if (o->debug) {
		argv[n++] = "-s";
		argv[n++] = "-S";
		printf("bootrun: QEMU waits for gdb on localhost:1234 (run gdb in another terminal)\n");
	}
	argv[n] = NULL;
	spawn(e, argv, false);
}

/**
 * emulator_start() - Start the emulator @p o names, its COM1 into @p serial
 * and its COM2 into @p harness.
 * @param e  filled in: pid and pipes (none for an interactive Bochs)
 */
void emulator_start(struct emulator *e, const struct options *o,
		    const char *serial, const char *harness, const char *log)
{
	*e = (struct emulator){ .name = o->emu, .is_qemu = !strcmp(o->emu, "qemu"),
				.cmd_fd = -1, .reply_fd = -1, .screen_fd = -1 };
	if (e->is_qemu)
		start_qemu(e, o, serial, harness, log);
	else
		start_bochs(e, o, serial, harness, log);
}

/* Open the pty Bochs's stderr names, raw (no echo back into the guest's keyboard). */
static int open_screen_pty(const char *errlog)
{
	char line[256], *p, *q;
	struct termios t;
	FILE *f = fopen(errlog, "r");
	int fd = -1;

	if (!f)
		return -1;
	while (fd < 0 && fgets(line, sizeof(line), f)) {
		p = strstr(line, "connected to screen \"");
		if (!p || !(q = strchr(p += 21, '"')))
			continue;
		*q = '\0';
		fd = open(p, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && tcgetattr(fd, &t) == 0) {
			cfmakeraw(&t);
			tcsetattr(fd, TCSANOW, &t);
		}
	}
	fclose(f);
	return fd;
}

/**
 * emulator_drain_screen() - Read and drop what Bochs draws of the screen.
 *
 * Debian's Bochs, built with its debugger, has its term display draw the
 * guest's VGA text screen into a pseudo-terminal of its own, and names it
 * on stderr: `Bochs connected to screen "/dev/pts/N"`.  Nobody reads that
 * terminal; once its buffer is full (some 60 KiB of drawing: a few hundred
 * lines of the kernel's screen console), Bochs blocks in write() and the
 * guest stands still.  So open it and throw the drawing away.
 * @context Called by the supervision loop, often.
 */
void emulator_drain_screen(struct emulator *e)
{
	char buf[4096];

	if (e->is_qemu || !e->errlog)
		return;
	if (e->screen_fd < 0)
		e->screen_fd = open_screen_pty(e->errlog);
	while (e->screen_fd >= 0 && read(e->screen_fd, buf, sizeof(buf)) > 0)
		;
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

/**
 * emulator_verdict() - How did an emulator that exited by itself end?
 * @param status  its wait status
 * @param log     its log: Bochs says there what happened
 * @return EXIT_POWEROFF, EXIT_TRIPLE or EXIT_OTHER.
 */
int emulator_verdict(const struct emulator *e, int status, const char *log)
{
	if (e->is_qemu) {
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
