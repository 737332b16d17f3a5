/**
 * @file
 * The parts of the ELF format the kit's program loader reads (ELF32, i386).
 */
#ifndef _LINUX_ELF_H
#define _LINUX_ELF_H

#include <linux/types.h>

#define ELFMAG      "\177ELF"
#define SELFMAG     4
#define ELFCLASS32  1	/* e_ident[EI_CLASS] */
#define ELFDATA2LSB 1	/* e_ident[EI_DATA]: little endian */
#define EI_CLASS    4
#define EI_DATA     5
#define ET_EXEC     2	/* an executable, linked at fixed addresses */
#define EM_386      3
#define PT_LOAD     1	/* a segment to map */
#define PF_X        0x1	/* p_flags: executable, writable, readable */
#define PF_W        0x2
#define PF_R        0x4

/** The file header, at offset 0. */
struct elf32_hdr {
	u8  e_ident[16];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

/** A program header: one segment, where it is in the file and in memory. */
struct elf32_phdr {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

#endif /* _LINUX_ELF_H */
