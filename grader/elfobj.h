/**
 * @file
 * A relocatable elf32-i386 object read whole into memory, for the
 * object check (objcheck.h): its sections and its symbol table.
 *
 * Every offset and size the file states is checked against the file's
 * length before it is used, and a name is believed only if it ends inside
 * its string table: the object comes from a student's compile, so nothing
 * in it is trusted to be consistent.
 */
#ifndef GRADER_ELFOBJ_H
#define GRADER_ELFOBJ_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct elfobj {
	struct strbuf data;
	const Elf32_Shdr *sh;
	size_t nsh;
	const Elf32_Sym *sym;	/* .symtab, or NULL */
	size_t nsym;
	const char *strtab, *shstrtab;
	size_t strtab_len, shstrtab_len;
};

/**
 * elf_open() - Read @p path as an elf32-i386 relocatable object.
 * @return 0, or -1 with why in @p err (unreadable, not such an object).
 */
int elf_open(struct elfobj *e, const char *path, struct strbuf *err);
void elf_close(struct elfobj *e);

/* Section @p i's name, "?" if the file's table does not hold it. */
const char *elf_section_name(const struct elfobj *e, size_t i);
/* Symbol @p s's name, or NULL. */
const char *elf_symbol_name(const struct elfobj *e, const Elf32_Sym *s);
/* A symbol other objects see: global or weak, with a name. */
bool elf_symbol_global(const struct elfobj *e, const Elf32_Sym *s);

#endif /* GRADER_ELFOBJ_H */
