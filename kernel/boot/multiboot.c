/**
 * @file multiboot.c
 * @brief Build the Multiboot v1 information structure for the kernel.
 *
 * Everything the kernel is told lives in one 4 KiB page of low memory,
 * below the 0x80000 a Multiboot kernel may assume is safe, and away from
 * our code, stack and bounce buffer (addresses in boot.h):
 *
 * @verbatim
 *   0x20000  struct multiboot_info   flags = 0x245 (bits 0, 2, 6, 9)
 *   0x20100  "mmkit-boot"            boot_loader_name
 *   0x20200  the command line        cmdline (read_cmdline() put it here)
 *   0x20400  memory map rows         mmap_addr, 24 bytes each, <= 128
 *   0x21000  end
 * @endverbatim
 */
#include "stage2.h"
#include "multiboot.h"

#define BOOT_LOADER_NAME	"mmkit-boot"

_Static_assert(E820_MAX * sizeof(struct multiboot_mmap_entry) <=
	       MBI_MMAP_END - MBI_MMAP_ADDR, "memory map area too small");

/* Convert the E820 rows to Multiboot rows; returns mmap_length. */
static u32 fill_mmap(const struct boot_memory *mem)
{
	struct multiboot_mmap_entry *row = (void *)MBI_MMAP_ADDR;

	for (u32 i = 0; i < mem->nr_entries; i++, row++) {
		row->size = sizeof(*row) - sizeof(row->size);
		row->addr = mem->map[i].addr;
		row->len = mem->map[i].size;
		row->type = mem->map[i].type;
	}
	return mem->nr_entries * sizeof(*row);
}

/**
 * build_multiboot_info() - Fill struct multiboot_info at MBI_ADDR.
 * @param mem  what detect_memory() found.
 * @context Stage 2, after read_cmdline() filled MBI_CMDLINE_ADDR.
 * @return its physical address, for EBX.
 */
u32 build_multiboot_info(const struct boot_memory *mem)
{
	struct multiboot_info *mbi = (void *)MBI_ADDR;

	memset(mbi, 0, sizeof(*mbi));
	mbi->flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
		     MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME;
	mbi->mem_lower = mem->lower_kib;
	mbi->mem_upper = mem->upper_kib;
	mbi->cmdline = MBI_CMDLINE_ADDR;
	mbi->mmap_length = fill_mmap(mem);
	mbi->mmap_addr = MBI_MMAP_ADDR;
	memcpy((void *)MBI_NAME_ADDR, BOOT_LOADER_NAME,
	       sizeof(BOOT_LOADER_NAME));
	mbi->boot_loader_name = MBI_NAME_ADDR;
	return MBI_ADDR;
}
