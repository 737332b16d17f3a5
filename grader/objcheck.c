/**
 * @file objcheck.c
 * @brief The object check (rules in objcheck.h).
 *
 * Symbols and sections come from the ELF file itself (a relocatable
 * elf32-i386 object: section headers, .symtab and its string table, every
 * offset checked against the file's size); instructions from one
 * `objdump -d` per object, whose lines name the function and offset a
 * refused instruction sits at:
 *
 *     00000010 <pfn_down>:              a function starts at 0x10
 *       14:	out    %al,(%dx)         -> "pfn_down+0x4: out %al,(%dx)"
 *
 * objdump disassembles the executable sections only: bytes in a data
 * section that a function pointer jumps to are not seen.  The check is a
 * filter in front of the boot, not a sandbox (grader/README.md says what
 * it does not catch).
 */
#include "objcheck.h"

#include <ctype.h>
#include <elf.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "proc.h"

/*
 * Names no allow-list may grant, and whom they belong to: the harness and
 * what it trusts (its registry's bounds, its fault recovery, the command
 * line it reads its settings from), the serial and console drivers, the
 * port I/O helpers were they ever out of line, and power-off.
 */
static const struct {
	const char *glob;	/* fnmatch(), case-insensitive */
	const char *owner;
} reserved[] = {
	{ "ktest_*",		"the test harness" },
	{ "__ktest*",		"the test harness" },
	{ "harness_*",		"the test harness" },
	{ "kernel_setjmp",	"the harness's fault recovery" },
	{ "kernel_longjmp",	"the harness's fault recovery" },
	{ "__start_*",		"the link (the bounds of a section such as the test registry)" },
	{ "__stop_*",		"the link (the bounds of a section such as the test registry)" },
	{ "cmdline_*",		"the boot command line (the harness's settings)" },
	{ "boot_command_line",	"the boot command line (the harness's settings)" },
	{ "console_*",		"the console driver" },
	{ "serial_*",		"the serial driver" },
	{ "*uart*",		"the serial driver" },
	{ "*com2*",		"the harness's result port" },
	{ "in[bwl]",		"port I/O" },
	{ "out[bwl]",		"port I/O" },
	{ "ins[bwl]",		"port I/O" },
	{ "outs[bwl]",		"port I/O" },
	{ "machine_power_off",	"power-off (it ends the run)" },
};

const char *objcheck_reserved(const char *sym)
{
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!fnmatch(reserved[i].glob, sym, FNM_CASEFOLD))
			return reserved[i].owner;
	return NULL;
}

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

/* ---- the ELF file -------------------------------------------------------- */

struct elfobj {
	struct strbuf data;
	const Elf32_Shdr *sh;
	size_t nsh;
	const Elf32_Sym *sym;	/* .symtab, or NULL */
	size_t nsym;
	const char *strtab, *shstrtab;
	size_t strtab_len, shstrtab_len;
};

/* Section @p i's bytes, if they lie inside the file. */
static const void *sect_bytes(const struct elfobj *e, size_t i, size_t *len)
{
	const Elf32_Shdr *s = &e->sh[i];

	if (s->sh_type == SHT_NOBITS || s->sh_offset > e->data.len ||
	    s->sh_size > e->data.len - s->sh_offset)
		return NULL;
	*len = s->sh_size;
	return e->data.buf + s->sh_offset;
}

/* The NUL-terminated string at @p off of a string table, or NULL. */
static const char *str_at(const char *tab, size_t len, size_t off)
{
	if (!tab || off >= len || !memchr(tab + off, '\0', len - off))
		return NULL;
	return tab + off;
}

static const char *sect_name(const struct elfobj *e, size_t i)
{
	const char *s = str_at(e->shstrtab, e->shstrtab_len, e->sh[i].sh_name);

	return s ? s : "?";
}

static int find_symtab(struct elfobj *e)
{
	for (size_t i = 0; i < e->nsh; i++) {
		size_t len, slen;

		if (e->sh[i].sh_type != SHT_SYMTAB)
			continue;
		e->sym = sect_bytes(e, i, &len);
		if (!e->sym || e->sh[i].sh_link >= e->nsh)
			return -1;
		e->nsym = len / sizeof(Elf32_Sym);
		e->strtab = sect_bytes(e, e->sh[i].sh_link, &slen);
		e->strtab_len = e->strtab ? slen : 0;
		return 0;
	}
	return 0;
}

/* Read @p path as an elf32-i386 relocatable object; -1 with @p err if not. */
static int elf_open(struct elfobj *e, const char *path, struct strbuf *err)
{
	const Elf32_Ehdr *h;

	memset(e, 0, sizeof(*e));
	if (read_file(path, &e->data)) {
		sb_addf(err, "cannot read %s", path);
		return -1;
	}
	h = (const void *)e->data.buf;
	if (e->data.len < sizeof(*h) || memcmp(h->e_ident, ELFMAG, SELFMAG) ||
	    h->e_ident[EI_CLASS] != ELFCLASS32 || h->e_type != ET_REL ||
	    h->e_machine != EM_386 || h->e_shentsize != sizeof(Elf32_Shdr) ||
	    h->e_shoff > e->data.len ||
	    (size_t)h->e_shnum * sizeof(Elf32_Shdr) > e->data.len - h->e_shoff ||
	    h->e_shstrndx >= h->e_shnum || h->e_shoff % 4)
		goto bad;
	e->sh = (const void *)(e->data.buf + h->e_shoff);
	e->nsh = h->e_shnum;
	e->shstrtab = sect_bytes(e, h->e_shstrndx, &e->shstrtab_len);
	if (!e->shstrtab || find_symtab(e))
		goto bad;
	return 0;
bad:
	sb_addf(err, "%s is not a 32-bit x86 relocatable ELF object", path);
	sb_free(&e->data);
	return -1;
}

static void elf_close(struct elfobj *e)
{
	sb_free(&e->data);
}

static const char *sym_name(const struct elfobj *e, const Elf32_Sym *s)
{
	return str_at(e->strtab, e->strtab_len, s->st_name);
}

/* A symbol other objects see: global or weak, with a name. */
static bool sym_global(const struct elfobj *e, const Elf32_Sym *s)
{
	int bind = ELF32_ST_BIND(s->st_info);
	const char *name = sym_name(e, s);

	return (bind == STB_GLOBAL || bind == STB_WEAK) && name && *name;
}

static void collect_defined(const struct elfobj *e, struct strlist *out)
{
	for (size_t i = 1; i < e->nsym; i++) {
		const Elf32_Sym *s = &e->sym[i];

		if (sym_global(e, s) && s->st_shndx != SHN_UNDEF &&
		    !sl_contains(out, sym_name(e, s)))
			sl_push(out, sym_name(e, s));
	}
}

int objcheck_defined(const char *obj, struct strlist *out, struct strbuf *err)
{
	struct elfobj e;

	if (elf_open(&e, obj, err))
		return -1;
	collect_defined(&e, out);
	elf_close(&e);
	return 0;
}

/* ---- the three rules ----------------------------------------------------- */

/*
 * Sections a C file of a lab makes.  Anything else is placed by the kit's
 * link for a purpose of its own (.multiboot, .text.head, .kallsyms,
 * __ex_table, the test registry) or not at all.
 */
static const char *const lab_sections[] = {
	".text", ".text.*", ".rodata", ".rodata.*", ".data", ".data.*",
	".bss", ".bss.*", ".init.text", ".init.data", ".comment",
	".note.GNU-stack", ".note.gnu.property", ".debug_*",
	".symtab", ".strtab", ".shstrtab", ".group", "",
	".eh_frame",	/* without -fno-asynchronous-unwind-tables; discarded */
};

static const char *const kit_sections[] = {
	".text.head", ".text.unlikely.head",
};

static bool matches(const char *const *globs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(globs[i], name, 0))
			return true;
	return false;
}

static void check_sections(const struct elfobj *e, const char *shown,
			   struct strlist *v)
{
	for (size_t i = 1; i < e->nsh; i++) {
		const char *name = sect_name(e, i);

		/* relocations of a section go with it: judged once, by it */
		if (e->sh[i].sh_type == SHT_REL || e->sh[i].sh_type == SHT_RELA)
			continue;
		if (!strncmp(name, ".ktests", 7) || strstr(name, "ktest"))
			sl_pushf(v, "%s: section %s: adds test cases to the harness's registry (rule: sections)",
				 shown, name);
		else if (matches(kit_sections, ARRAY_SIZE(kit_sections), name) ||
			 !matches(lab_sections, ARRAY_SIZE(lab_sections), name))
			sl_pushf(v, "%s: section %s: not one a lab file makes; the kit's link places it for a purpose of its own (rule: sections)",
				 shown, name);
	}
}

static void check_symbols(const struct elfobj *e, const char *shown,
			  const struct objcheck_policy *p, struct strlist *v)
{
	for (size_t i = 1; i < e->nsym; i++) {
		const Elf32_Sym *s = &e->sym[i];
		const char *name = sym_name(e, s), *owner;

		if (!sym_global(e, s))
			continue;
		owner = objcheck_reserved(name);
		if (s->st_shndx == SHN_UNDEF) {
			if (owner)
				sl_pushf(v, "%s: uses %s, which belongs to %s: never allowed to lab code (rule: symbols)",
					 shown, name, owner);
			else if (!sl_contains(&p->allow, name) &&
				 !(p->stage_defs && sl_contains(p->stage_defs, name)))
				sl_pushf(v, "%s: uses %s, which is not in the lab's allow-list of kernel API (rule: symbols)",
					 shown, name);
		} else if (owner) {
			sl_pushf(v, "%s: defines %s, a name reserved to %s (rule: shadowing)",
				 shown, name, owner);
		} else if (p->kit_defs && sl_contains(p->kit_defs, name) &&
			   !sl_contains(&p->overrides, name)) {
			sl_pushf(v, "%s: defines %s, which the kit defines: it would shadow the kit's own (rule: shadowing)",
				 shown, name);
		}
	}
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
static void walk_insns(char *dis,
		       void (*fn)(void *ctx, const char *family, const char *where,
				  const char *mn, const char *ops),
		       void *ctx)
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
	int code = proc_capture(argv, out, OBJCHECK_TIMEOUT);

	if (code == 0)
		return 0;
	if (code == 124)
		sb_addf(err, "objdump took longer than %d s on %s", OBJCHECK_TIMEOUT, obj);
	else
		sb_addf(err, "objdump -d %s failed (status %d; is binutils installed? apt-get install binutils)",
			obj, code);
	return -1;
}

struct insn_ctx {
	const char *shown;
	const struct objcheck_policy *p;
	struct strlist *v;
	struct strbuf *list;
};

static void refuse_insn(void *arg, const char *family, const char *where,
			const char *mn, const char *ops)
{
	struct insn_ctx *c = arg;
	int i = family_index(family);

	if (sl_contains(&c->p->insns, family))
		return;
	sl_pushf(c->v, "%s: %s: `%s%s%s`: %s, a privileged instruction the lab does not need (rule: instructions)",
		 c->shown, where, mn, *ops ? " " : "", ops, privileged[i].why);
}

int objcheck_object(const char *obj, const char *shown,
		    const struct objcheck_policy *p, struct strlist *violations,
		    struct strbuf *err)
{
	struct insn_ctx c = { .shown = shown, .p = p, .v = violations };
	struct strbuf dis = STRBUF_INIT;
	struct elfobj e;

	if (elf_open(&e, obj, err))
		return -1;
	check_sections(&e, shown, violations);
	check_symbols(&e, shown, p, violations);
	elf_close(&e);
	if (disassemble(obj, &dis, err)) {
		sb_free(&dis);
		return -1;
	}
	if (dis.buf)
		walk_insns(dis.buf, refuse_insn, &c);
	sb_free(&dis);
	return 0;
}

static void list_insn(void *arg, const char *family, const char *where,
		      const char *mn, const char *ops)
{
	struct insn_ctx *c = arg;

	(void)where;
	(void)mn;
	(void)ops;
	sb_addf(c->list, "insn %s\n", family);
}

int objcheck_list(const char *obj, struct strbuf *out, struct strbuf *err)
{
	struct insn_ctx c = { .list = out };
	struct strbuf dis = STRBUF_INIT;
	struct elfobj e;

	if (elf_open(&e, obj, err))
		return -1;
	for (size_t i = 1; i < e.nsym; i++)
		if (sym_global(&e, &e.sym[i]))
			sb_addf(out, "%s %s\n", e.sym[i].st_shndx == SHN_UNDEF ?
				"import" : "define", sym_name(&e, &e.sym[i]));
	elf_close(&e);
	if (disassemble(obj, &dis, err)) {
		sb_free(&dis);
		return -1;
	}
	if (dis.buf)
		walk_insns(dis.buf, list_insn, &c);
	sb_free(&dis);
	return 0;
}

/* ---- a whole stage ------------------------------------------------------- */

void objcheck_policy_init(struct objcheck_policy *p, const struct rubric *r,
			  size_t n, int lab)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		if (r[i].lab > lab)
			continue;
		for (size_t j = 0; j < r[i].allow.n; j++)
			sl_push(&p->allow, r[i].allow.v[j]);
		if (r[i].lab != lab)
			continue;	/* instructions and overrides: the lab's own */
		for (size_t j = 0; j < r[i].allow_insns.n; j++)
			sl_push(&p->insns, r[i].allow_insns.v[j]);
		for (size_t j = 0; j < r[i].overrides.n; j++)
			sl_push(&p->overrides, r[i].overrides.v[j]);
	}
}

void objcheck_policy_free(struct objcheck_policy *p)
{
	sl_free(&p->allow);
	sl_free(&p->insns);
	sl_free(&p->overrides);
}

/* Objects under @p dir (relative to it) whose name ends in ".o". */
static void objects_under(const char *dir, const char *const *skip,
			  struct strlist *out)
{
	struct strlist all = STRLIST_INIT;

	if (is_dir(dir) && !walk_files(dir, skip, &all))
		for (size_t i = 0; i < all.n; i++) {
			size_t len = strlen(all.v[i]);

			if (len > 2 && !strcmp(all.v[i] + len - 2, ".o"))
				sl_push(out, all.v[i]);
		}
	sl_free(&all);
}

/* The global symbols every kit object of the stage defines. */
static int kit_defined(const struct objcheck_stage *st, struct strlist *defs,
		       struct strbuf *err)
{
	static const char *const skip[] = { "labs", "solutions", NULL };
	char *dir = path_join(st->kit_objs ? st->kit_objs : st->build, "obj");
	struct strlist objs = STRLIST_INIT;
	int ret = 0;

	objects_under(dir, skip, &objs);
	for (size_t i = 0; i < objs.n && !ret; i++) {
		char *path = path_join(dir, objs.v[i]);

		ret = objcheck_defined(path, defs, err);
		free(path);
	}
	sl_free(&objs);
	free(dir);
	return ret;
}

/* A stage's lab file objects: "labK/NAME.o" under BUILD/obj/SRC. */
struct lab_objs {
	char *dir;
	struct strlist rel;
};

static int stage_objects(const struct objcheck_stage *st, struct lab_objs *lo,
			 struct strlist *defs, struct strbuf *err)
{
	struct strlist all = STRLIST_INIT;
	char *obj = path_join(st->build, "obj");

	lo->dir = path_join(obj, st->src);
	free(obj);
	objects_under(lo->dir, NULL, &all);
	for (size_t i = 0; i < all.n; i++) {
		int lab;
		char *path;

		if (sscanf(all.v[i], "lab%d/", &lab) != 1 || lab < 0 ||
		    lab > RUBRIC_MAX_LAB || strchr(strchr(all.v[i], '/') + 1, '/'))
			continue;
		sl_push(&lo->rel, all.v[i]);
		path = path_join(lo->dir, all.v[i]);
		if (objcheck_defined(path, defs, err)) {
			free(path);
			sl_free(&all);
			return -1;
		}
		free(path);
	}
	sl_free(&all);
	return 0;
}

/* Check BUILD/obj/SRC/@p rel ("lab3/page_alloc.o") as "SRC/lab3/page_alloc.c". */
static int check_one(const struct objcheck_stage *st, const struct lab_objs *lo,
		     const char *rel, const struct strlist *kit_defs,
		     const struct strlist *stage_defs, struct strlist *v,
		     struct strbuf *err)
{
	char *path = path_join(lo->dir, rel);
	char *shown = xasprintf("%s/%.*s.c", st->src, (int)strlen(rel) - 2, rel);
	struct objcheck_policy p;
	int ret;

	objcheck_policy_init(&p, st->rubrics, st->nrubrics, atoi(rel + 3));
	p.kit_defs = kit_defs;
	p.stage_defs = stage_defs;
	ret = objcheck_object(path, shown, &p, v, err);
	objcheck_policy_free(&p);
	free(path);
	free(shown);
	return ret;
}

int objcheck_stage(const struct objcheck_stage *st, struct strlist *violations,
		   struct strbuf *err)
{
	struct strlist kit_defs = STRLIST_INIT, stage_defs = STRLIST_INIT;
	struct lab_objs lo = { .rel = STRLIST_INIT };
	int ret = kit_defined(st, &kit_defs, err);

	if (!ret)
		ret = stage_objects(st, &lo, &stage_defs, err);
	for (size_t i = 0; !ret && i < lo.rel.n; i++)
		ret = check_one(st, &lo, lo.rel.v[i], &kit_defs, &stage_defs,
				violations, err);
	sl_free(&kit_defs);
	sl_free(&stage_defs);
	sl_free(&lo.rel);
	free(lo.dir);
	return ret;
}
