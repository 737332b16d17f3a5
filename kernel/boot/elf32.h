/**
 * @file elf32.h
 * @brief The two ELF32 structures a loader needs: file and program header.
 *
 * An executable ELF file starts with the ELF header; e_phoff points to an
 * array of e_phnum program headers.  Each PT_LOAD header says "copy
 * p_filesz bytes from file offset p_offset to memory, then zero up to
 * p_memsz" (the difference is .bss):
 *
 * @verbatim
 *   file:   | ELF hdr | phdrs | ... | .text .rodata | .data |
 *                                   ^p_offset       ^p_offset
 *   memory:                         | .text .rodata |  | .data | .bss 000 |
 *                                   ^p_paddr           ^p_paddr
 *                                                      <-filesz->
 *                                                      <------memsz------>
 * @endverbatim
 *
 * p_vaddr is where the code expects to run (0xC0100000 for this kernel:
 * it is linked for the higher half); p_paddr, the "load memory address",
 * is where a loader without paging must put it (0x00100000).
 * Names follow the ELF specification and Linux's linux/elf.h.
 */
#ifndef MMKIT_ELF32_H
#define MMKIT_ELF32_H

#include <stdint.h>

#define EI_NIDENT	16
#define ELFMAG		"\177ELF"	/* e_ident[0..3] */
#define SELFMAG		4
#define EI_CLASS	4
#define ELFCLASS32	1
#define EI_DATA		5
#define ELFDATA2LSB	1		/* little endian */
#define ET_EXEC		2		/* e_type: executable */
#define EM_386		3		/* e_machine: Intel 80386 */
#define PT_LOAD		1		/* p_type: loadable segment */

struct elf32_hdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;	/* entry point address */
	uint32_t e_phoff;	/* program header table file offset */
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;	/* bytes per program header (32) */
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type;
	uint32_t p_offset;	/* where the bytes are in the file */
	uint32_t p_vaddr;	/* where the code runs (virtual) */
	uint32_t p_paddr;	/* where to load it (physical) */
	uint32_t p_filesz;	/* bytes in the file */
	uint32_t p_memsz;	/* bytes in memory, >= p_filesz */
	uint32_t p_flags;
	uint32_t p_align;
};

_Static_assert(sizeof(struct elf32_hdr) == 52, "ELF32 header is 52 bytes");
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 phdr is 32 bytes");

#endif /* MMKIT_ELF32_H */
