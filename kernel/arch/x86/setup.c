/**
 * @file
 * setup_arch(): read what the boot loader found and set up the early allocator.
 *
 * The Multiboot block lives in low memory that the kernel will soon reuse,
 * so everything needed from it (command line, memory map) is copied first.
 * Then memblock learns the RAM (E820 usable rows) and what is already in
 * use:
 *
 * @verbatim
 *   [0, 1 MiB)           BIOS data, real-mode IVT, EBDA, VGA and ROMs
 *   [_text, _end)        the kernel image (at 1 MiB physical)
 * @endverbatim
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <kit/cmdline.h>
#include <kit/multiboot.h>
#include <kit/setup.h>
#include <asm/e820.h>
#include <asm/page.h>

extern char _text[], _end[];

const char *boot_loader_name = "unknown";
static char loader_name[32];

/* Copy the Multiboot memory map into the E820 table. */
static void e820_from_multiboot(const struct multiboot_info *mbi)
{
	unsigned long p = mbi->mmap_addr, end = p + mbi->mmap_length;

	while (p < end) {
		const struct multiboot_mmap_entry *e = __va(p);

		if (e820_add_region(e->addr, e->len, e->type))
			break;
		p += e->size + sizeof(e->size);
	}
}

/* A loader without a memory map: build one from mem_lower / mem_upper. */
static void e820_from_mem_fields(const struct multiboot_info *mbi)
{
	e820_add_region(0, (u64)mbi->mem_lower << 10, E820_RAM);
	e820_add_region(BIOS_END, (u64)mbi->mem_upper << 10, E820_RAM);
}

static void read_multiboot(u32 magic, const struct multiboot_info *mbi)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not booted by a Multiboot loader (magic %#x)", magic);
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		strlcpy(boot_command_line, __va(mbi->cmdline), COMMAND_LINE_SIZE);
	if (mbi->flags & MULTIBOOT_INFO_LOADER_NAME) {
		strlcpy(loader_name, __va(mbi->boot_loader_name), sizeof(loader_name));
		boot_loader_name = loader_name;
	}
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP)
		e820_from_multiboot(mbi);
	else if (mbi->flags & MULTIBOOT_INFO_MEMORY)
		e820_from_mem_fields(mbi);
	else
		panic("the boot loader gave no memory map");
}

void setup_arch(u32 magic, u32 mbi_phys)
{
	read_multiboot(magic, __va(mbi_phys));
	e820_print_map("BIOS-e820");
	if (parse_memmap())
		e820_print_user_map();

	memblock_reset();
	e820_memblock_setup();
	memblock_reserve(0, BIOS_END);		/* the BIOS's first MiB */
	memblock_reserve(__pa(_text), __pa(_end) - __pa(_text));
	if (cmdline_has("memblock"))
		memblock_dump();
}
