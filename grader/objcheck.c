/**
 * @file
 * The object check (rules in objcheck.h).
 *
 * Symbols and sections come from the ELF file itself (elfobj.h),
 * privileged instructions from its disassembly (objinsn.h); here are the
 * names reserved to the kit, the sections a lab file may make, the rules,
 * and a whole stage: which objects are the lab files', which lab each
 * belongs to, and what the kit's own objects define.  The check is a
 * filter in front of the boot, not a sandbox (grader/README.md says what
 * it does not catch).
 */
#include "objcheck.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfobj.h"
#include "fsutil.h"
#include "objinsn.h"

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

static void collect_defined(const struct elfobj *e, struct strlist *out)
{
	for (size_t i = 1; i < e->nsym; i++) {
		const Elf32_Sym *s = &e->sym[i];

		if (elf_symbol_global(e, s) && s->st_shndx != SHN_UNDEF &&
		    !sl_contains(out, elf_symbol_name(e, s)))
			sl_push(out, elf_symbol_name(e, s));
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

/* ---- the rules ----------------------------------------------------------- */

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
		const char *name = elf_section_name(e, i);

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
		const char *name = elf_symbol_name(e, s), *owner;

		if (!elf_symbol_global(e, s))
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

	if (sl_contains(&c->p->insns, family))
		return;
	sl_pushf(c->v, "%s: %s: `%s%s%s`: %s, a privileged instruction the lab does not need (rule: instructions)",
		 c->shown, where, mn, *ops ? " " : "", ops, objinsn_why(family));
}

int objcheck_object(const char *obj, const char *shown,
		    const struct objcheck_policy *p, struct strlist *violations,
		    struct strbuf *err)
{
	struct insn_ctx c = { .shown = shown, .p = p, .v = violations };
	struct elfobj e;

	if (elf_open(&e, obj, err))
		return -1;
	check_sections(&e, shown, violations);
	check_symbols(&e, shown, p, violations);
	elf_close(&e);
	return objinsn_walk(obj, refuse_insn, &c, err);
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
	struct elfobj e;

	if (elf_open(&e, obj, err))
		return -1;
	for (size_t i = 1; i < e.nsym; i++)
		if (elf_symbol_global(&e, &e.sym[i]))
			sb_addf(out, "%s %s\n", e.sym[i].st_shndx == SHN_UNDEF ?
				"import" : "define", elf_symbol_name(&e, &e.sym[i]));
	elf_close(&e);
	return objinsn_walk(obj, list_insn, &c, err);
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
