/**
 * @file
 * The privileged instructions of an object, for the object check
 * (objcheck.h): the families an "allow-insn" line names, and one
 * `objdump -d` per object walked for them.
 */
#ifndef GRADER_OBJINSN_H
#define GRADER_OBJINSN_H

#include <stdbool.h>

#include "util.h"

#define OBJINSN_TIMEOUT 30	/* seconds for one objdump, a safety net */

/*
 * Called once per privileged instruction: its family ("out"), where it is
 * ("leak+0x4": function and offset), its mnemonic and operands as objdump
 * prints them.
 */
typedef void (*objinsn_fn)(void *ctx, const char *family, const char *where,
			   const char *mnemonic, const char *operands);

/**
 * objinsn_walk() - Disassemble @p obj and call @p fn for each privileged
 * instruction of its executable sections.
 * @return 0, or -1 with why in @p err (objdump missing, failed or too slow).
 */
int objinsn_walk(const char *obj, objinsn_fn fn, void *ctx, struct strbuf *err);

/* What an instruction of @p family does, for a refusal ("port I/O"). */
const char *objinsn_why(const char *family);

#endif /* GRADER_OBJINSN_H */
