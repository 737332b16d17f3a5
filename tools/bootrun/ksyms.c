/**
 * @file
 * "func+0x12/0x40" for a kernel address, read on the host from the ELF
 * file's own symbol table, so a CPU dump of a guest that can no longer
 * print anything is named the way the kernel's oops would name it.
 *
 * The table is the one tools/kallsyms builds from `nm -n` for the kernel:
 * the code symbols (nm types T, t, W, w: defined in an executable section)
 * from _text up to _etext, one per address, sorted.  A symbol's size is the
 * distance to the next one, the last one ending at _etext:
 *
 * @verbatim
 *   c0106e20 __ktest_core_crash_hlt      size 0x10 (next at c0106e30)
 *   lookup(c0106e22) -> "__ktest_core_crash_hlt+0x2/0x10"
 * @endverbatim
 *
 * The reader takes only what that needs from an ELF32 file: the section
 * headers, the SHT_SYMTAB section and the string table it links to.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootrun.h"

struct ksym {
	uint32_t addr;
	const char *name;	/* into ksyms.strtab */
};

struct ksyms {
	unsigned char *file;	/* the whole ELF file; names point into it */
	struct ksym *sym;	/* sorted by address, one per address */
	size_t n;
	uint32_t text, etext;	/* _text and _etext */
};

static unsigned char *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(len)) &&
	    fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	*size = buf ? (size_t)len : 0;
	fclose(f);
	return buf;
}

/* Section @p i's header, or NULL if the file is too short for it. */
static const Elf32_Shdr *section(const unsigned char *f, size_t size,
				 unsigned int i)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)f;
	size_t off = eh->e_shoff + (size_t)i * sizeof(Elf32_Shdr);

	if (i >= eh->e_shnum || off + sizeof(Elf32_Shdr) > size)
		return NULL;
	return (const Elf32_Shdr *)(f + off);
}

/* nm's T, t, W or w: a named function or label in an executable section. */
static bool is_code(const unsigned char *f, size_t size, const Elf32_Sym *s)
{
	const Elf32_Shdr *sh;
	int type = ELF32_ST_TYPE(s->st_info);

	if (!s->st_name || s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE)
		return false;
	if (type != STT_FUNC && type != STT_NOTYPE)
		return false;
	sh = section(f, size, s->st_shndx);
	return sh && (sh->sh_flags & SHF_EXECINSTR);
}

/* By address, then by name (as nm -n sorts); duplicates are dropped later. */
static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Copy the code symbols out of the symbol table and find _text/_etext. */
static int collect(struct ksyms *ks, size_t size, const Elf32_Shdr *symtab,
		   const Elf32_Shdr *strtab)
{
	const Elf32_Sym *s = (const Elf32_Sym *)(ks->file + symtab->sh_offset);
	size_t count = symtab->sh_size / sizeof(Elf32_Sym);
	const char *str = (const char *)ks->file + strtab->sh_offset;

	if (symtab->sh_offset + symtab->sh_size > size ||
	    strtab->sh_offset + strtab->sh_size > size || !strtab->sh_size ||
	    str[strtab->sh_size - 1] != '\0')
		return -1;
	ks->sym = calloc(count ? count : 1, sizeof(*ks->sym));
	if (!ks->sym)
		return -1;
	ks->etext = UINT32_MAX;
	for (size_t i = 0; i < count; i++) {
		const char *name = str + (s[i].st_name < strtab->sh_size ? s[i].st_name : 0);

		if (!strcmp(name, "_text"))
			ks->text = s[i].st_value;
		else if (!strcmp(name, "_etext"))
			ks->etext = s[i].st_value;
		if (is_code(ks->file, size, &s[i]))
			ks->sym[ks->n++] = (struct ksym){ s[i].st_value, name };
	}
	return 0;
}

/* Keep [_text, _etext) and the first symbol at each address. */
static void sort_and_trim(struct ksyms *ks)
{
	size_t out = 0;

	qsort(ks->sym, ks->n, sizeof(*ks->sym), by_addr);
	for (size_t i = 0; i < ks->n; i++) {
		if (ks->sym[i].addr < ks->text || ks->sym[i].addr >= ks->etext)
			continue;
		if (out && ks->sym[out - 1].addr == ks->sym[i].addr)
			continue;
		ks->sym[out++] = ks->sym[i];
	}
	ks->n = out;
}

/**
 * ksyms_load() - Read the code symbols of a 32-bit kernel ELF file.
 * @param elf  the kernel ELF (build/SRC-labN/kernel.elf)
 * @param why  on failure, the reason, for the user
 * @return the table, or NULL (then @p why says why).
 */
struct ksyms *ksyms_load(const char *elf, char *why, size_t n)
{
	struct ksyms *ks = calloc(1, sizeof(*ks));
	const Elf32_Shdr *symtab = NULL, *sh;
	const Elf32_Ehdr *eh;
	size_t size = 0;

	if (!elf) {
		snprintf(why, n, "no --kernel given");
		goto fail;
	}
	if (!ks || !(ks->file = read_whole(elf, &size))) {
		snprintf(why, n, "%s: %s", elf, strerror(errno));
		goto fail;
	}
	eh = (const Elf32_Ehdr *)ks->file;
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_shentsize != sizeof(Elf32_Shdr)) {
		snprintf(why, n, "%s: not a 32-bit ELF file", elf);
		goto fail;
	}
	for (unsigned int i = 0; (sh = section(ks->file, size, i)); i++)
		if (sh->sh_type == SHT_SYMTAB)
			symtab = sh;
	if (!symtab || !(sh = section(ks->file, size, symtab->sh_link)) ||
	    collect(ks, size, symtab, sh)) {
		snprintf(why, n, "%s: no usable symbol table (stripped?)", elf);
		goto fail;
	}
	sort_and_trim(ks);
	return ks;
fail:
	ksyms_free(ks);
	return NULL;
}

bool ksyms_in_text(const struct ksyms *ks, uint32_t addr)
{
	return ks && ks->n && addr >= ks->sym[0].addr && addr < ks->etext;
}

/* "name+0xoff/0xsize" as the kernel's print_symbol() writes it, or "0xaddr". */
void ksyms_format(const struct ksyms *ks, uint32_t addr, char *buf, size_t n)
{
	size_t lo = 0, hi;
	uint32_t end;

	if (!ksyms_in_text(ks, addr)) {
		snprintf(buf, n, "%#x", addr);
		return;
	}
	hi = ks->n;
	while (hi - lo > 1) {		/* invariant: sym[lo].addr <= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (ks->sym[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	end = lo + 1 < ks->n ? ks->sym[lo + 1].addr : ks->etext;
	snprintf(buf, n, "%s+%#x/%#x", ks->sym[lo].name,
		 addr - ks->sym[lo].addr, end - ks->sym[lo].addr);
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->sym);
	free(ks->file);
	free(ks);
}
