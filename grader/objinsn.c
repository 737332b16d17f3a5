/**
 * @file
 * Privileged instructions: their families, and finding them in
 * `objdump -d` output (objinsn.h).
 *
 * objdump's lines name the function and offset a refused instruction
 * sits at:
 *
 *     00000010 <pfn_down>:              a function starts at 0x10
 *       14:	out    %al,(%dx)         -> "pfn_down+0x4", family "out"
 *
 * Only executable sections are disassembled, linearly: bytes in a data
 * section that a function pointer jumps to, or an instruction reached by
 * jumping into the middle of another, are not seen (grader/README.md,
 * "Object check").
 */
#include "objinsn.h"

#include <stdlib.h>
#include <string.h>

#include "objcheck.h"
#include "proc.h"

/*
 * Privileged instructions, by family: the family is the word an
 * "allow-insn" line names; the spellings are objdump's (AT&T), with and
 * without size suffix.  mov to or from a control register is told by its
 * operands, one family per register (mov-cr0 ... mov-cr4), and mov-dr for
 * the debug registers.  ud2 is not here: BUG() may use it.
 */
static const struct {
	const char *family;
	const char *spellings;	/* blank-separated */
	const char *why;
} privileged[] = {
	{ "in",	      "in inb inw inl",		  "port I/O" },
	{ "out",      "out outb outw outl",	  "port I/O" },
	{ "ins",      "ins insb insw insl insd",  "port I/O" },
	{ "outs",     "outs outsb outsw outsl outsd", "port I/O" },
	{ "lidt",     "lidt lidtl lidtw",	  "loads the interrupt table" },
	{ "lgdt",     "lgdt lgdtl lgdtw",	  "loads the segment table" },
	{ "lldt",     "lldt",			  "loads a segment table" },
	{ "ltr",      "ltr",			  "loads the task register" },
	{ "lmsw",     "lmsw",			  "writes CR0" },
	{ "clts",     "clts",			  "writes CR0" },
	{ "mov-cr0",  "",			  "reads or writes CR0 (paging, protection)" },
	{ "mov-cr2",  "",			  "reads CR2 (the fault address)" },
	{ "mov-cr3",  "",			  "loads or reads CR3 (the page directory)" },
	{ "mov-cr4",  "",			  "reads or writes CR4 (paging extensions)" },
	{ "mov-dr",   "",			  "reads or writes a debug register" },
	{ "hlt",      "hlt",			  "stops the CPU" },
	{ "int",      "int",			  "raises an interrupt" },
	{ "int3",     "int3",			  "raises a breakpoint" },
	{ "int1",     "int1 icebp",		  "raises a debug trap" },
	{ "into",     "into",			  "raises an overflow trap" },
	{ "ljmp",     "ljmp ljmpl ljmpw",	  "far jump: loads a code segment" },
	{ "lcall",    "lcall lcalll lcallw",	  "far call: loads a code segment" },
	{ "lret",     "lret lretl lretw",	  "far return: loads a code segment" },
	{ "iret",     "iret iretl iretw iretd",	  "returns from an interrupt" },
	{ "sysenter", "sysenter",		  "enters the kernel's syscall path" },
	{ "sysexit",  "sysexit",		  "leaves to user mode" },
	{ "wrmsr",    "wrmsr",			  "writes a model-specific register" },
	{ "rdmsr",    "rdmsr",			  "reads a model-specific register" },
	{ "rdpmc",    "rdpmc",			  "reads a performance counter" },
	{ "cli",      "cli",			  "turns interrupts off" },
	{ "sti",      "sti",			  "turns interrupts on" },
	{ "popf",     "popf popfl popfw popfd",	  "loads EFLAGS (interrupts on or off)" },
	{ "invlpg",   "invlpg",			  "flushes a TLB entry" },
	{ "invd",     "invd",			  "drops the caches" },
	{ "wbinvd",   "wbinvd",			  "flushes the caches" },
};

static bool word_in(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/* The table row of @p family, or -1. */
static int family_index(const char *family)
{
	for (size_t i = 0; i < ARRAY_SIZE(privileged); i++)
		if (!strcmp(privileged[i].family, family))
			return (int)i;
	return -1;
}

bool objcheck_insn_known(const char *family)
{
	return family_index(family) >= 0;
}

const char *objcheck_insn_family(const char *mnemonic, const char *operands)
{
	static const char *const crs[] = { "mov-cr0", "mov-cr0", "mov-cr2",
					   "mov-cr3", "mov-cr4" };
	const char *cr = operands ? strstr(operands, "%cr") : NULL;

	if (!strncmp(mnemonic, "mov", 3) && operands) {
		/* cr1 does not exist (it faults): counted with cr0 */
		if (cr && cr[3] >= '0' && cr[3] <= '4')
			return crs[cr[3] - '0'];
		if (cr)
			return "mov-cr4";
		if (strstr(operands, "%db") || strstr(operands, "%dr"))
			return "mov-dr";
	}
	for (size_t i = 0; i < ARRAY_SIZE(privileged); i++)
		if (*privileged[i].spellings &&
		    word_in(privileged[i].spellings, mnemonic))
			return privileged[i].family;
	return NULL;
}

const char *objinsn_why(const char *family)
{
	int i = family_index(family);

	return i < 0 ? "?" : privileged[i].why;
}

/* "  14:\tout    %al,(%dx)": the address, mnemonic and operands. */
static bool parse_insn(char *line, unsigned long *addr, char **mn, char **ops)
{
	static const char *const prefixes =
		"rep repe repz repne repnz lock data16 addr16 data32 addr32 cs ds es fs gs ss notrack bnd";
	char *p, *tab = strchr(line, '\t'), *end;

	if (!tab)
		return false;
	*addr = strtoul(line, &end, 16);
	if (end == line || *end != ':')
		return false;
	p = tab + 1;
	for (;;) {
		while (*p == ' ')
			p++;
		*mn = p;
		p += strcspn(p, " ");
		if (*p)
			*p++ = '\0';
		if (!word_in(prefixes, *mn))
			break;
	}
	while (*p == ' ')
		p++;
	*ops = p;
	return **mn != '\0';
}

/* "00000010 <pfn_down>:" starts a function (or a section without one). */
static bool parse_label(const char *line, unsigned long *addr, struct strbuf *fn)
{
	char *end;
	const char *lt, *gt;

	*addr = strtoul(line, &end, 16);
	if (end == line || *end != ' ' || !(lt = strchr(end, '<')) ||
	    !(gt = strrchr(lt, '>')) || strcmp(gt, ">:"))
		return false;
	sb_reset(fn);
	sb_addn(fn, lt + 1, (size_t)(gt - lt - 1));
	return true;
}

/* Each privileged instruction of the disassembly @p dis to @p fn(). */
static void walk_insns(char *dis, objinsn_fn fn, void *ctx)
{
	struct strbuf func = STRBUF_INIT, where = STRBUF_INIT;
	unsigned long base = 0, addr;

	sb_add(&func, "?");
	for (char *line = dis, *next; line; line = next) {
		char *mn, *ops;
		const char *family;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (parse_label(line, &base, &func) || !parse_insn(line, &addr, &mn, &ops))
			continue;
		family = objcheck_insn_family(mn, ops);
		if (!family)
			continue;
		sb_reset(&where);
		sb_addf(&where, "%s+0x%lx", sb_str(&func), addr - base);
		fn(ctx, family, sb_str(&where), mn, ops);
	}
	sb_free(&func);
	sb_free(&where);
}

static int disassemble(const char *obj, struct strbuf *out, struct strbuf *err)
{
	char *argv[] = { "objdump", "-d", "-w", "--no-show-raw-insn",
			 (char *)obj, NULL };
	int code = proc_capture(argv, out, OBJINSN_TIMEOUT);

	if (code == 0)
		return 0;
	if (code == 124)
		sb_addf(err, "objdump took longer than %d s on %s", OBJINSN_TIMEOUT, obj);
	else
		sb_addf(err, "objdump -d %s failed (status %d; is binutils installed? apt-get install binutils)",
			obj, code);
	return -1;
}

int objinsn_walk(const char *obj, objinsn_fn fn, void *ctx, struct strbuf *err)
{
	struct strbuf dis = STRBUF_INIT;
	int ret = disassemble(obj, &dis, err);

	if (!ret && dis.buf)
		walk_insns(dis.buf, fn, ctx);
	sb_free(&dis);
	return ret;
}
