/**
 * @file
 * Where the CPU was when bootrun killed the guest: the registers and the
 * call chain, in the shape of the kernel's own oops, on stderr:
 *
 * @verbatim
 *   bootrun: cpu: EIP c0106e22 ESP c0113ef4 EBP c0113f70 EFLAGS 00000002 (interrupts off)
 *   bootrun: cpu: EIP is at __ktest_core_crash_hlt+0x2/0x10
 *   bootrun: cpu:  [<c0105fc3>] ktest_run_all+0x183/0x1e0
 *   bootrun: cpu:  [<c01017e5>] start_kernel+0xd5/0xe0
 * @endverbatim
 *
 * The call chain is the kernel's show_trace() done from outside: every
 * kernel function starts with `push %ebp; mov %esp, %ebp` (the kit builds
 * with -fno-omit-frame-pointer), so in each frame
 *
 * @verbatim
 *   [ebp]      the caller's EBP   -> the next frame, higher on the stack
 *   [ebp + 4]  the return address -> a line of the trace
 * @endverbatim
 *
 * The walk reads two words per frame through the emulator and stops at 16
 * frames, at a frame it cannot read, at a misaligned or non-increasing
 * EBP, or at a return address outside the kernel's text.  A function
 * caught before its `mov %esp, %ebp` (or a leaf gcc built without a
 * frame) hides its caller: the trace is a hint, the EIP line is the fact.
 *
 * Everything is bounded by DUMP_BOUND seconds in all: if the emulator does
 * not answer, one line says `bootrun: cpu: state not available (why)` and
 * the kill goes ahead.  After a triple fault Bochs has already exited, but
 * its log holds the registers of the failing instruction; cpu_dump_bochs_log()
 * prints the first two lines from there (no memory left to walk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootrun.h"

#define DUMP_BOUND  2.0		/* seconds for the whole dump */
#define MAX_FRAMES  16

#define X86_EFLAGS_IF 0x200	/* interrupt enable */

static void print_state(const struct cpu_regs *r, const struct ksyms *ks)
{
	char sym[160];

	fprintf(stderr, "bootrun: cpu: EIP %08x ESP %08x EBP %08x EFLAGS %08x (interrupts %s)\n",
		r->eip, r->esp, r->ebp, r->eflags,
		r->eflags & X86_EFLAGS_IF ? "on" : "off");
	ksyms_format(ks, r->eip, sym, sizeof(sym));
	fprintf(stderr, "bootrun: cpu: EIP is at %s\n", sym);
}

/* Follow the saved-EBP chain up the stack, one line per return address. */
static void print_trace(struct emulator *e, const struct cpu_regs *r,
			const struct ksyms *ks, double deadline)
{
	uint32_t ebp = r->ebp, frame[2];
	char sym[160];

	for (int depth = 0; depth < MAX_FRAMES; depth++) {
		if (!ebp || (ebp & 3) || monitor_read2(e, ebp, frame, deadline))
			break;
		if (ks && !ksyms_in_text(ks, frame[1]))
			break;
		ksyms_format(ks, frame[1], sym, sizeof(sym));
		fprintf(stderr, "bootrun: cpu:  [<%08x>] %s\n", frame[1], sym);
		if (frame[0] <= ebp)
			break;
		ebp = frame[0];
	}
}

static struct ksyms *load_symbols(const char *kernel)
{
	char why[300];
	struct ksyms *ks = ksyms_load(kernel, why, sizeof(why));

	if (!ks)
		fprintf(stderr, "bootrun: addresses not symbolised: %s\n", why);
	return ks;
}

/**
 * cpu_dump_live() - Stop the running guest and print where its CPU is.
 * @param e       the emulator, still running; left stopped, to be killed
 * @param kernel  the kernel ELF for symbols (NULL: raw addresses)
 * @context Only on a kill for a limit: takes at most DUMP_BOUND seconds.
 */
void cpu_dump_live(struct emulator *e, const char *kernel)
{
	double deadline = now() + DUMP_BOUND;
	struct cpu_regs r;
	struct ksyms *ks;
	char why[200];

	if (monitor_stop(e, deadline, why, sizeof(why)) ||
	    monitor_regs(e, &r, deadline, why, sizeof(why))) {
		fprintf(stderr, "bootrun: cpu: state not available (%s)\n", why);
		return;
	}
	ks = load_symbols(kernel);
	print_state(&r, ks);
	print_trace(e, &r, ks, deadline);
	ksyms_free(ks);
}

/* The last line of @p log that contains @p key, from the key on. */
static bool last_line_with(FILE *f, const char *key, char *out, size_t n)
{
	char line[512];
	bool found = false;

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, key);

		if (p) {
			snprintf(out, n, "%s", p);
			found = true;
		}
	}
	return found;
}

/*
 * Bochs logs EFLAGS as letters, upper case when set, e.g.
 * "IOPL=0 id vip vif ac vm RF nt of df if tf SF zf af pf cf":
 * build the number back (bit 1 is always set).
 */
static uint32_t eflags_from_letters(const char *s)
{
	static const struct { const char *name; int bit; } flags[] = {
		{ "ID", 21 }, { "VIP", 20 }, { "VIF", 19 }, { "AC", 18 },
		{ "VM", 17 }, { "RF", 16 }, { "NT", 14 }, { "OF", 11 },
		{ "DF", 10 }, { "IF", 9 }, { "TF", 8 }, { "SF", 7 },
		{ "ZF", 6 }, { "AF", 4 }, { "PF", 2 }, { "CF", 0 },
	};
	uint32_t v = 0x2;
	unsigned int iopl = 0;
	char word[8];
	int used;

	if (sscanf(s, "IOPL=%u%n", &iopl, &used) == 1)
		s += used;
	v |= (iopl & 3) << 12;
	while (sscanf(s, " %7s%n", word, &used) == 1) {
		s += used;
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (!strcmp(word, flags[i].name))
				v |= 1u << flags[i].bit;
	}
	return v;
}

/**
 * cpu_dump_bochs_log() - Print the CPU state Bochs logged when it gave up.
 * @param log     Bochs's log file, after a triple fault
 * @param kernel  the kernel ELF for symbols (NULL: raw addresses)
 */
void cpu_dump_bochs_log(const char *log, const char *kernel)
{
	char esp_line[512], eip_line[512], fl_line[512];
	struct cpu_regs r;
	struct ksyms *ks;
	FILE *f = fopen(log, "r");

	if (!f)
		return;
	/* "| ESP=c0113ee0  EBP=c0113ef0 ...", "| EIP=c0106e67 (c0106e67)" */
	if (!last_line_with(f, "ESP=", esp_line, sizeof(esp_line)) ||
	    !last_line_with(f, "EIP=", eip_line, sizeof(eip_line)) ||
	    !last_line_with(f, "IOPL=", fl_line, sizeof(fl_line)) ||
	    sscanf(esp_line, "ESP=%x EBP=%x", &r.esp, &r.ebp) != 2 ||
	    sscanf(eip_line, "EIP=%x", &r.eip) != 1) {
		fclose(f);
		fprintf(stderr, "bootrun: cpu: state not available (no register dump in %s)\n", log);
		return;
	}
	fclose(f);
	r.eflags = eflags_from_letters(strtok(fl_line, "\n"));
	ks = load_symbols(kernel);
	print_state(&r, ks);
	ksyms_free(ks);
}
