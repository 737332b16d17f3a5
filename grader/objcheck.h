/**
 * @file
 * The object check: a student's compiled lab files are read before
 * the kernel they are linked into boots.
 *
 * Student code runs in ring 0, in the same kernel as the test harness, so
 * nothing at run time stops it from writing the harness's serial port or
 * registering tests of its own.  The check refuses such objects before the
 * boot.  Each object of a lab file (BUILD/obj/SRC/labK/NAME.o) must keep
 * four rules:
 *
 *     rule        what is refused
 *     symbols     an undefined symbol that is neither in the allow-list of
 *                 labs 0..K (rubric "allow" lines) nor defined by another
 *                 lab file of the stage; and, whatever the allow-lists
 *                 say, a name reserved to the kit (objcheck_reserved())
 *     insns       a privileged instruction (objcheck_insn_family()) that no
 *                 "allow-insn" line of lab K lists
 *     sections    a section of the test registry (.ktests.*) or any section
 *                 a C file of a lab does not make
 *     shadowing   a global symbol the kit itself defines, unless an
 *                 "override" line of lab K names it (a weak default the
 *                 lab replaces), or any name reserved to the kit
 *
 * The allow-lists are what the reference solutions import (grader/README.md,
 * "Object check", says how they are made and how to add a symbol).
 */
#ifndef GRADER_OBJCHECK_H
#define GRADER_OBJCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "rubric.h"
#include "util.h"

#define OBJCHECK_MAX_REPORTED 20	/* violations listed per lab; then a count */

/*
 * What one object of lab K may do: the "allow" lines of labs 0..K (what
 * an earlier lab may call, a later one may too), and lab K's own
 * "allow-insn" and "override" lines (an instruction is allowed exactly
 * where the lab's reference needs it).
 */
struct objcheck_policy {
	struct strlist allow;		/* symbols it may import */
	struct strlist insns;		/* privileged instruction families */
	struct strlist overrides;	/* kit symbols it may define */
	const struct strlist *kit_defs;	/* global symbols of the kit's objects */
	const struct strlist *stage_defs;	/* ... of the stage's lab files */
};

/* One stage to check (grade.c fills it in after the build). */
struct objcheck_stage {
	const char *build;	/* BUILD of the stage: BUILD/obj/SRC/labK/ *.o */
	const char *src;	/* "labs" or "solutions" */
	const char *kit_objs;	/* KIT_OBJ_DIR, or NULL: the kit's are in BUILD */
	const struct rubric *rubrics;
	size_t nrubrics;
};

/**
 * objcheck_stage() - Check every lab file's object of a built stage.
 * @param violations  gets one line per violation: "FILE: what (rule)";
 *                    empty when the objects may boot.
 * @param err         why the check could not run (no objdump, an object
 *                    that is not a 32-bit relocatable ELF file, ...).
 * @return 0 when checked (whatever @p violations holds), -1 with @p err.
 */
int objcheck_stage(const struct objcheck_stage *st, struct strlist *violations,
		   struct strbuf *err);

/**
 * objcheck_object() - Check one object against @p p.
 * @param shown  the source file's name for messages ("labs/lab0/warmup.c").
 * @return 0 checked, -1 with @p err (see objcheck_stage()).
 */
int objcheck_object(const char *obj, const char *shown,
		    const struct objcheck_policy *p, struct strlist *violations,
		    struct strbuf *err);

/**
 * objcheck_policy_init() - @p p for a file of lab @p lab, from the rubrics
 * @p r[0..n) (see struct objcheck_policy); kit_defs and stage_defs NULL.
 */
void objcheck_policy_init(struct objcheck_policy *p, const struct rubric *r,
			  size_t n, int lab);
void objcheck_policy_free(struct objcheck_policy *p);

/**
 * objcheck_defined() - Append the global (and weak) symbols @p obj defines
 * to @p out.
 * @return 0, or -1 with @p err when @p obj is not a readable i386 ELF object.
 */
int objcheck_defined(const char *obj, struct strlist *out, struct strbuf *err);

/**
 * objcheck_list() - What @p obj imports, defines and which privileged
 * instruction families it holds, one "import|define|insn NAME" line each
 * (for grader/objcheck-allow.sh, which writes the rubrics' allow lines).
 */
int objcheck_list(const char *obj, struct strbuf *out, struct strbuf *err);

/* Who a reserved name belongs to ("the test harness"), or NULL if none. */
const char *objcheck_reserved(const char *sym);

/* The family ("out", "lidt", "mov-cr3") of a privileged instruction, or NULL. */
const char *objcheck_insn_family(const char *mnemonic, const char *operands);

/* True if @p family is one objcheck_insn_family() can return. */
bool objcheck_insn_known(const char *family);

#endif /* GRADER_OBJCHECK_H */
