/**
 * @file
 * Reading a relocatable elf32-i386 object (elfobj.h).
 */
#include "elfobj.h"

#include <string.h>

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

const char *elf_section_name(const struct elfobj *e, size_t i)
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

int elf_open(struct elfobj *e, const char *path, struct strbuf *err)
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

void elf_close(struct elfobj *e)
{
	sb_free(&e->data);
}

const char *elf_symbol_name(const struct elfobj *e, const Elf32_Sym *s)
{
	return str_at(e->strtab, e->strtab_len, s->st_name);
}

bool elf_symbol_global(const struct elfobj *e, const Elf32_Sym *s)
{
	int bind = ELF32_ST_BIND(s->st_info);
	const char *name = elf_symbol_name(e, s);

	return (bind == STB_GLOBAL || bind == STB_WEAK) && name && *name;
}

