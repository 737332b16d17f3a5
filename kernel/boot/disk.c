/**
 * @file disk.c
 * @brief Read sectors with int 13h and bytes of the kernel file.
 *
 * The BIOS can only read into real-mode memory (segment:offset, below
 * 1 MiB), and the kernel goes to 1 MiB and up.  So every read lands in
 * the bounce buffer at BOUNCE_ADDR first and is then copied to its place
 * by the 32-bit C code, which can address all 4 GiB:
 *
 * @verbatim
 *   disk --int 13h AH=42h--> bounce buffer --memcpy--> p_paddr (>= 1 MiB)
 *             (<= 64 sectors at 0x10000, 32 KiB)
 * @endverbatim
 *
 * One call reads up to BOUNCE_SECTORS (64) sectors: a 300 KiB kernel takes
 * 10 calls, not 600.  The buffer remembers which sectors it holds, so
 * reading the ELF header and then each program header costs one call.
 *
 * An EDD "disk address packet" tells int 13h AH=42h what to read:
 *
 * @verbatim
 *   +0 u8 size (16)  +1 u8 0  +2 u16 count  +4 u16 offset  +6 u16 segment
 *   +8 u64 first LBA
 * @endverbatim
 *
 * Failed reads are retried after a disk reset (int 13h AH=00h).
 */
#include "stage2.h"

#define DISK_RETRIES	3

struct edd_packet {
	u8 size;
	u8 reserved;
	u16 count;
	u16 buf_off;
	u16 buf_seg;
	u64 lba;
} __packed;

static u8 boot_drive;
static u32 cached_lba, cached_count;	/* bounce contents; count 0 = none */

/**
 * boot_table() - The boot table mkdisk wrote into stage 1.
 * @return stage 1's copy, still in memory at 0x7C00 + BOOT_TABLE_OFF.
 */
const struct boot_table *boot_table(void)
{
	return (const struct boot_table *)(STAGE1_ADDR + BOOT_TABLE_OFF);
}

/**
 * disk_init() - Remember the drive to read from and check the boot table.
 * @param drive  BIOS drive number (0x80 = first hard disk).
 */
void disk_init(u8 drive)
{
	boot_drive = drive;
	if (boot_table()->magic != BOOT_TABLE_MAGIC)
		boot_panic("boot table magic 0x%x, expected 0x%x",
			   boot_table()->magic, BOOT_TABLE_MAGIC);
}

/* One int 13h AH=42h call; returns 0 or the BIOS status in AH. */
static u8 edd_read(u32 lba, u32 count)
{
	struct edd_packet pkt = {
		.size = sizeof(pkt),
		.count = count,
		.buf_off = real_off((void *)BOUNCE_ADDR),
		.buf_seg = real_seg((void *)BOUNCE_ADDR),
		.lba = lba,
	};
	struct biosregs r = { 0 };

	r.eax = 0x4200;
	r.edx = boot_drive;
	r.ds = real_seg(&pkt);
	r.esi = real_off(&pkt);
	bios_int(0x13, &r);
	return (r.eflags & X86_EFLAGS_CF) ? (r.eax >> 8) & 0xFF : 0;
}

static void disk_reset(void)
{
	struct biosregs r = { 0 };

	r.edx = boot_drive;		/* AH = 00h: reset */
	bios_int(0x13, &r);
}

/*
 * Return a pointer to @count (<= BOUNCE_SECTORS) sectors from @lba in the
 * bounce buffer, reading them unless the buffer already holds them.
 */
static const u8 *bounce_get(u32 lba, u32 count)
{
	u8 status = 0;

	if (lba >= cached_lba && lba + count <= cached_lba + cached_count)
		return (u8 *)BOUNCE_ADDR + (lba - cached_lba) * SECTOR_SIZE;
	cached_count = 0;
	for (int try = 0; try < DISK_RETRIES; try++) {
		status = edd_read(lba, count);
		if (!status) {
			cached_lba = lba;
			cached_count = count;
			return (u8 *)BOUNCE_ADDR;
		}
		disk_reset();
	}
	boot_panic("disk read error: %u sector(s) at LBA %u, BIOS status 0x%x",
		   count, lba, status);
}

/**
 * read_cmdline() - Copy the command-line sector to @p dst, NUL-terminated.
 * @param dst  SECTOR_SIZE bytes; the last one is forced to NUL.
 */
void read_cmdline(char *dst)
{
	memcpy(dst, bounce_get(boot_table()->cmdline_lba, 1), SECTOR_SIZE);
	dst[SECTOR_SIZE - 1] = '\0';
}

/**
 * kernel_read() - Copy bytes of the kernel ELF file to any address.
 * @param off  byte offset in the file.
 * @param len  bytes to copy; the caller checked off + len <= kernel_size.
 * @param dst  destination, physical (low memory or >= 1 MiB).
 *
 * Example: off = 0x1234, len = 100 KiB.  The file starts at LBA 64, so
 * byte 0x1234 is in sector 64 + 0x1234 / 512 = 73, at 0x34 into it.  The
 * first chunk reads 64 sectors and copies 64 * 512 - 0x34 bytes.
 */
void kernel_read(u32 off, u32 len, void *dst)
{
	u8 *d = dst;

	while (len) {
		u32 lba = boot_table()->kernel_lba + off / SECTOR_SIZE;
		u32 skip = off % SECTOR_SIZE;
		u32 count = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
		u32 n;

		if (count > BOUNCE_SECTORS)
			count = BOUNCE_SECTORS;
		n = count * SECTOR_SIZE - skip;
		if (n > len)
			n = len;
		memcpy(d, bounce_get(lba, count) + skip, n);
		d += n;
		off += n;
		len -= n;
	}
}
