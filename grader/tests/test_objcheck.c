/**
 * @file
 * The object check's fault matrix: small lab files compiled for
 * i386 the way the kit compiles them, each breaking one rule (a
 * harness call, port I/O to a serial port, lidt, a test registered
 * in the registry section, a kit symbol shadowed, ...), and the
 * clean file each is a variation of, which must pass.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "fsutil.h"
#include "objcheck.h"
#include "proc.h"

/* What every lab file here may call: the lab's "allow printk". */
static const char rubric_text[] =
	"file labs/lab0/warmup.c\nallow printk\ntest lab0.a 1\n";

/* A lab file everything below varies: one function calling printk. */
#define CLEAN_FN \
	"int printk(const char *fmt, ...);\n" \
	"unsigned long pfn_down(unsigned long a) { printk(\"x\"); return a >> 12; }\n"

struct fx_obj {
	char *dir, *obj;
	struct rubric r;
	struct strlist kit_defs, v;
	struct strbuf err;
};

/* Compile @p src as the kit compiles a lab file (32-bit, freestanding). */
static void compile(struct fx_obj *f, const char *src)
{
	char *c = path_join(f->dir, "warmup.c");
	char *argv[] = { "gcc", "-m32", "-march=i686", "-ffreestanding",
			 "-fno-pie", "-fno-pic", "-nostdinc",
			 "-fno-asynchronous-unwind-tables", "-O2", "-c", c,
			 "-o", f->obj, NULL };
	struct strbuf out = STRBUF_INIT;

	fx_write(f->dir, "warmup.c", src);
	ck_assert_int_eq(proc_capture(argv, &out, 60), 0);
	sb_free(&out);
	free(c);
}

static void obj_init(struct fx_obj *f, const char *src)
{
	struct strlist errs = STRLIST_INIT;

	memset(f, 0, sizeof(*f));
	f->dir = fx_tmpdir();
	f->obj = path_join(f->dir, "warmup.o");
	ck_assert_int_eq(rubric_parse(rubric_text, "lab0.rubric", 0, &f->r, &errs), 0);
	sl_push(&f->kit_defs, "ktest_run_all");
	sl_push(&f->kit_defs, "do_page_fault");
	compile(f, src);
	sl_free(&errs);
}

/* Check the object with the rubric's policy (and @p override, if any). */
static int obj_check(struct fx_obj *f, const char *insn, const char *override)
{
	struct objcheck_policy p;
	int ret;

	objcheck_policy_init(&p, &f->r, 1, 0);
	p.kit_defs = &f->kit_defs;
	if (insn)
		sl_push(&p.insns, insn);
	if (override)
		sl_push(&p.overrides, override);
	ret = objcheck_object(f->obj, "labs/lab0/warmup.c", &p, &f->v, &f->err);
	objcheck_policy_free(&p);
	return ret;
}

/* Exactly one violation, containing every one of @p needles. */
static void one_violation(const struct fx_obj *f, const char *const *needles)
{
	ck_assert_msg(f->v.n == 1, "%zu violations, first: %s", f->v.n,
		      f->v.n ? f->v.v[0] : "none");
	for (; *needles; needles++)
		ck_assert_msg(strstr(f->v.v[0], *needles), "'%s' not in: %s",
			      *needles, f->v.v[0]);
}

static void obj_free(struct fx_obj *f)
{
	free(f->obj);
	fx_rmdir(f->dir);
	rubric_free(&f->r);
	sl_free(&f->kit_defs);
	sl_free(&f->v);
	sb_free(&f->err);
}

/* A file made of @p src is refused once, the refusal naming @p want. */
static void refused(const char *src, const char *const *want)
{
	struct fx_obj f;

	obj_init(&f, src);
	ck_assert_int_eq(obj_check(&f, NULL, NULL), 0);
	one_violation(&f, want);
	obj_free(&f);
}

START_TEST(clean_file_passes)
{
	struct fx_obj f;

	obj_init(&f, CLEAN_FN);
	ck_assert_int_eq(obj_check(&f, NULL, NULL), 0);
	ck_assert_msg(f.v.n == 0, "refused: %s", f.v.n ? f.v.v[0] : "");
	obj_free(&f);
}
END_TEST

START_TEST(harness_call_refused)
{
	static const char *const want[] = {
		"labs/lab0/warmup.c", "ktest_fail", "the test harness",
		"never allowed", "rule: symbols", NULL };

	refused(CLEAN_FN "void ktest_fail(const char *why);\n"
		 "void cheat(void) { ktest_fail(\"no\"); }\n", want);
}
END_TEST

START_TEST(unlisted_import_refused)
{
	static const char *const want[] = { "uses memset", "allow-list", NULL };

	refused(CLEAN_FN "void *memset(void *, int, unsigned long);\n"
		 "void wipe(char *p) { memset(p, 0, 4); }\n", want);
}
END_TEST

START_TEST(outb_to_com2_refused)
{
	static const char *const want[] = {
		"labs/lab0/warmup.c", "leak+0x", "out", "port I/O",
		"rule: instructions", NULL };

	refused(CLEAN_FN
		 "void leak(unsigned char c)\n"
		 "{ asm volatile(\"outb %0, %1\" : : \"a\"(c), \"Nd\"((unsigned short)0x2F8)); }\n", want);
}
END_TEST

START_TEST(outb_to_com1_refused)
{
	static const char *const want[] = { "out", "port I/O", NULL };

	refused(CLEAN_FN
		 "void say(unsigned char c)\n"
		 "{ asm volatile(\"outb %0, $0x3f8\" : : \"a\"(c)); }\n", want);
}
END_TEST

START_TEST(lidt_refused)
{
	static const char *const want[] = {
		"swap_idt+0x", "lidt", "interrupt table", NULL };

	refused(CLEAN_FN
		 "struct { unsigned short n; unsigned long base; } __attribute__((packed)) idt;\n"
		 "void swap_idt(void) { asm volatile(\"lidt %0\" : : \"m\"(idt)); }\n", want);
}
END_TEST

START_TEST(registry_section_refused)
{
	static const char *const want[] = {
		"section .ktests.lab0", "registry", "rule: sections", NULL };

	refused(CLEAN_FN
		 "struct fake { const char *id; void (*fn)(void); };\n"
		 "static void pass(void) { }\n"
		 "static const struct fake t __attribute__((used, section(\".ktests.lab0\")))"
		 " = { \"lab0.pfn.down\", pass };\n", want);
}
END_TEST

START_TEST(kit_symbol_shadowed_refused)
{
	static const char *const want[] = {
		"defines ktest_run_all", NULL };

	refused(CLEAN_FN "void ktest_run_all(void) { }\n", want);
}
END_TEST

START_TEST(weak_kit_symbol_needs_override)
{
	static const char *const want[] = {
		"defines do_page_fault", "which the kit defines", "shadow", NULL };
	struct fx_obj f;

	obj_init(&f, CLEAN_FN "void do_page_fault(void *regs) { (void)regs; }\n");
	ck_assert_int_eq(obj_check(&f, NULL, NULL), 0);
	one_violation(&f, want);
	sl_free(&f.v);
	ck_assert_int_eq(obj_check(&f, NULL, "do_page_fault"), 0);
	ck_assert_int_eq(f.v.n, 0);
	obj_free(&f);
}
END_TEST

START_TEST(cli_only_where_allowed)
{
	static const char *const want[] = { "irq_off+0x", "`cli`", NULL };
	struct fx_obj f;

	obj_init(&f, CLEAN_FN "void irq_off(void) { asm volatile(\"cli\"); }\n");
	ck_assert_int_eq(obj_check(&f, NULL, NULL), 0);
	one_violation(&f, want);
	sl_free(&f.v);
	ck_assert_int_eq(obj_check(&f, "cli", NULL), 0);
	ck_assert_int_eq(f.v.n, 0);
	obj_free(&f);
}
END_TEST

/* Each of these lines alone is one refusal, of the family named. */
START_TEST(privileged_families)
{
	static const struct { const char *asm_text, *family; } cases[] = {
		{ "hlt", "hlt" }, { "int3", "int3" }, { "int $0x80", "int" },
		{ "mov %%eax, %%cr3", "mov-cr3" }, { "mov %%cr0, %%eax", "mov-cr0" },
		{ "mov %%eax, %%db7", "mov-dr" }, { "ljmp $0x8, $0", "ljmp" },
		{ "lcall $0x8, $0", "lcall" }, { "iret", "iret" }, { "wrmsr", "wrmsr" },
		{ "rdmsr", "rdmsr" }, { "ltr %%ax", "ltr" }, { "lgdt (%%eax)", "lgdt" },
		{ "rep insb", "ins" }, { "rep outsl", "outs" }, { "inb %%dx, %%al", "in" },
		{ "popf", "popf" }, { "sti", "sti" }, { "invlpg (%%eax)", "invlpg" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *src = xasprintf("void f(void) { asm volatile(\"%s\" : : : \"memory\"); }\n",
				      cases[i].asm_text);
		struct fx_obj f;

		obj_init(&f, src);
		ck_assert_int_eq(obj_check(&f, NULL, NULL), 0);
		ck_assert_msg(f.v.n == 1, "%s: %zu violations", cases[i].asm_text, f.v.n);
		sl_free(&f.v);
		ck_assert_int_eq(obj_check(&f, cases[i].family, NULL), 0);
		ck_assert_msg(f.v.n == 0, "%s: allow-insn %s does not allow it",
			      cases[i].asm_text, cases[i].family);
		obj_free(&f);
		free(src);
	}
	/* ud2 is BUG()'s: never a refusal */
	ck_assert_ptr_null(objcheck_insn_family("ud2", ""));
}
END_TEST

START_TEST(not_an_object_is_an_error)
{
	struct fx_obj f;

	obj_init(&f, CLEAN_FN);
	fx_write(f.dir, "warmup.o", "not ELF\n");
	ck_assert_int_eq(obj_check(&f, NULL, NULL), -1);
	ck_assert(strstr(sb_str(&f.err), "not a 32-bit x86 relocatable ELF object"));
	obj_free(&f);
}
END_TEST

/* Compile @p src into @p dir/@p rel. */
static void place(struct fx_obj *f, const char *src, const char *dir,
		  const char *rel)
{
	char *path = path_join(dir, rel);

	compile(f, src);
	ck_assert_int_eq(mkdir_parent(path), 0);
	ck_assert_int_eq(copy_file(f->obj, path), 0);
	free(path);
}

/*
 * A stage: BUILD/obj/labs/labK/ *.o are the lab files, KIT/obj the kit's.
 * Lab 1's file may call what lab 0's rubric allows and what lab 0's file
 * defines; it may not define what the kit does, and the refusal names
 * its source file.
 */
START_TEST(stage_maps_objects_to_files_and_labs)
{
	struct strlist errs = STRLIST_INIT, v = STRLIST_INIT;
	struct strbuf err = STRBUF_INIT;
	struct objcheck_stage st;
	struct rubric r[2];
	struct fx_obj f;
	char *build, *kit;

	obj_init(&f, CLEAN_FN);
	build = path_join(f.dir, "build");
	kit = path_join(f.dir, "kit");
	ck_assert_int_eq(rubric_parse(rubric_text, "lab0.rubric", 0, &r[0], &errs), 0);
	ck_assert_int_eq(rubric_parse("test lab1.a 1\n", "lab1.rubric", 1, &r[1],
				      &errs), 0);
	place(&f, CLEAN_FN, build, "obj/labs/lab0/warmup.o");
	place(&f, "int printk(const char *fmt, ...);\n"
	      "unsigned long pfn_down(unsigned long);\n"
	      "void ktest_run_all(void) { printk(\"%lu\", pfn_down(1)); }\n",
	      build, "obj/labs/lab1/direct.o");
	place(&f, "void ktest_run_all(void) { }\n", kit, "obj/kernel/ktest/ktest.o");
	st = (struct objcheck_stage){ .build = build, .src = "labs",
				      .kit_objs = kit, .rubrics = r, .nrubrics = 2 };
	ck_assert_int_eq(objcheck_stage(&st, &v, &err), 0);
	ck_assert_msg(v.n == 1, "%zu violations", v.n);
	ck_assert(strstr(v.v[0], "labs/lab1/direct.c: defines ktest_run_all"));
	rubric_free(&r[0]);
	rubric_free(&r[1]);
	sl_free(&errs);
	sl_free(&v);
	sb_free(&err);
	free(build);
	free(kit);
	obj_free(&f);
}
END_TEST

START_TEST(rubric_allow_lines)
{
	struct strlist errs = STRLIST_INIT;
	struct rubric r;

	ck_assert_int_eq(rubric_parse("allow printk memset\nallow-insn cli sti mov-cr3\n"
				      "override do_page_fault\ntest lab8.a 1\n",
				      "t.rubric", 8, &r, &errs), 0);
	ck_assert_int_eq(r.allow.n, 2);
	ck_assert_int_eq(r.allow_insns.n, 3);
	ck_assert_str_eq(r.overrides.v[0], "do_page_fault");
	rubric_free(&r);
	ck_assert_int_eq(rubric_parse("allow ktest_fail\nallow-insn outb\nallow\n"
				      "override __start_ktests\nallow 9bad\ntest lab0.a 1\n",
				      "t.rubric", 0, &r, &errs), -1);
	ck_assert_int_eq(errs.n, 5);
	ck_assert(strstr(errs.v[0], "t.rubric:1: allow: 'ktest_fail' belongs to the test harness"));
	ck_assert(strstr(errs.v[1], "t.rubric:2: allow-insn: 'outb' is not"));
	ck_assert(strstr(errs.v[2], "t.rubric:3: 'allow' needs at least one name"));
	ck_assert(strstr(errs.v[3], "t.rubric:4: override: '__start_ktests'"));
	ck_assert(strstr(errs.v[4], "t.rubric:5: allow: bad symbol name '9bad'"));
	rubric_free(&r);
	sl_free(&errs);
}
END_TEST

Suite *objcheck_suite(void)
{
	Suite *s = suite_create("objcheck");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, clean_file_passes);
	tcase_add_test(tc, harness_call_refused);
	tcase_add_test(tc, unlisted_import_refused);
	tcase_add_test(tc, outb_to_com2_refused);
	tcase_add_test(tc, outb_to_com1_refused);
	tcase_add_test(tc, lidt_refused);
	tcase_add_test(tc, registry_section_refused);
	tcase_add_test(tc, kit_symbol_shadowed_refused);
	tcase_add_test(tc, weak_kit_symbol_needs_override);
	tcase_add_test(tc, cli_only_where_allowed);
	tcase_add_test(tc, privileged_families);
	tcase_add_test(tc, not_an_object_is_an_error);
	tcase_add_test(tc, stage_maps_objects_to_files_and_labs);
	tcase_add_test(tc, rubric_allow_lines);
	suite_add_tcase(s, tc);
	return s;
}
