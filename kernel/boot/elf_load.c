/**
 * @file elf_load.c
 * @brief Check the kernel ELF file and copy its PT_LOAD segments to RAM.
 *
 * The kernel is linked to run at 0xC0100000 (higher half) but loaded, with
 * paging off, at its p_paddr 0x00100000; its entry code turns paging on.
 * So the loader copies each segment to its p_paddr.  e_entry is a virtual
 * address (0xC010000C, startup_32), as GRUB 2 insists: the loader turns it
 * into the physical address to jump to through the segment that holds it,
 * 0xC010000C - p_vaddr 0xC0100000 + p_paddr 0x00100000 = 0x0010000C, as
 * GRUB and QEMU's -kernel do.  A wrong kernel fails far more clearly here than
 * after the jump, so the file is checked first and each segment is
 * checked before it is copied:
 *
 * @verbatim
 *   - magic, 32-bit class, little endian, executable, EM_386
 *   - 1..PHDR_MAX program headers of 32 bytes, inside the file
 *   - each PT_LOAD: bytes inside the file, p_filesz <= p_memsz,
 *     p_paddr >= 1 MiB, and all p_memsz bytes in the RAM from 1 MiB
 *   - e_entry inside a loaded segment's virtual addresses
 * @endverbatim
 */
#include "stage2.h"
#include "elf32.h"

#define PHDR_MAX	32

static void check_ident(const struct elf32_hdr *eh)
{
	const unsigned char *id = eh->e_ident;

	if (id[0] != ELFMAG[0] || id[1] != ELFMAG[1] ||
	    id[2] != ELFMAG[2] || id[3] != ELFMAG[3])
		boot_panic("kernel is not an ELF file (no \\177ELF magic)");
	if (id[EI_CLASS] != ELFCLASS32)
		boot_panic("kernel is not a 32-bit ELF file (class %u)",
			   id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		boot_panic("kernel ELF is not little endian");
}

static void check_ehdr(const struct elf32_hdr *eh, u32 file_size)
{
	check_ident(eh);
	if (eh->e_type != ET_EXEC)
		boot_panic("kernel ELF is not an executable (e_type %u)",
			   eh->e_type);
	if (eh->e_machine != EM_386)
		boot_panic("kernel ELF is not for i386 (e_machine %u)",
			   eh->e_machine);
	if (eh->e_phentsize != sizeof(struct elf32_phdr) ||
	    eh->e_phnum == 0 || eh->e_phnum > PHDR_MAX)
		boot_panic("kernel ELF has %u program headers of %u bytes",
			   eh->e_phnum, eh->e_phentsize);
	if (eh->e_phoff > file_size ||
	    eh->e_phnum * sizeof(struct elf32_phdr) > file_size - eh->e_phoff)
		boot_panic("kernel program headers lie outside the file");
}

/* Sizes are compared by subtraction so that no sum can overflow. */
static void check_segment(u32 i, const struct elf32_phdr *ph, u32 file_size,
			  u64 ram_end)
{
	if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
		boot_panic("kernel segment %u (offset 0x%x, 0x%x bytes) lies outside the %u-byte file",
			   i, ph->p_offset, ph->p_filesz, file_size);
	if (ph->p_filesz > ph->p_memsz)
		boot_panic("kernel segment %u: p_filesz 0x%x > p_memsz 0x%x",
			   i, ph->p_filesz, ph->p_memsz);
	if (ph->p_paddr < KERNEL_MIN_PADDR)
		boot_panic("kernel segment %u: p_paddr 0x%x is below 1 MiB",
			   i, ph->p_paddr);
	if ((u64)ph->p_paddr + ph->p_memsz > ram_end)
		boot_panic("kernel segment %u: 0x%x + 0x%x bytes is past the end of RAM 0x%x (is p_paddr a virtual address?)",
			   i, ph->p_paddr, ph->p_memsz, (u32)ram_end);
}

/* Copy the file bytes, then zero the rest: that is .bss. */
static void load_segment(const struct elf32_phdr *ph)
{
	u8 *dst = (u8 *)ph->p_paddr;

	kernel_read(ph->p_offset, ph->p_filesz, dst);
	memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
}

/* True if @addr is in [p_paddr, p_paddr + p_memsz).  If addr < p_paddr
 * the unsigned difference wraps to a huge number, so one compare does. */
/* Does @ph's virtual range hold @vaddr? */
static int segment_contains(const struct elf32_phdr *ph, u32 vaddr)
{
	return vaddr - ph->p_vaddr < ph->p_memsz;
}

/**
 * load_kernel() - Load the kernel ELF file from disk to its p_paddr.
 * @param mem  the memory map, to check that every segment is in RAM.
 * @context Stage 2, A20 on; panics on any invalid kernel.
 * @return the physical address of the entry point e_entry.
 */
u32 load_kernel(const struct boot_memory *mem)
{
	struct elf32_hdr eh;
	u32 size = boot_table()->kernel_size;
	u64 ram_end = ram_end_from_1m(mem);
	u32 entry = 0;
	int loaded = 0, entry_ok = 0;

	if (size < sizeof(eh))
		boot_panic("kernel file is missing or too small (%u bytes)",
			   size);
	kernel_read(0, sizeof(eh), &eh);
	check_ehdr(&eh, size);
	for (u32 i = 0; i < eh.e_phnum; i++) {
		struct elf32_phdr ph;

		kernel_read(eh.e_phoff + i * sizeof(ph), sizeof(ph), &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		check_segment(i, &ph, size, ram_end);
		load_segment(&ph);
		loaded++;
		if (segment_contains(&ph, eh.e_entry)) {
			entry = eh.e_entry - ph.p_vaddr + ph.p_paddr;
			entry_ok = 1;
		}
	}
	if (!loaded)
		boot_panic("kernel ELF has no PT_LOAD segment");
	if (!entry_ok)
		boot_panic("kernel entry point 0x%x is not in a loaded segment",
			   eh.e_entry);
	return entry;
}
