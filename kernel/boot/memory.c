/**
 * @file memory.c
 * @brief Ask the BIOS how much RAM there is: the E820 map and int 12h.
 *
 * int 15h EAX=E820h returns the physical memory map one row per call:
 *
 * @verbatim
 *   in:  EAX = 0xE820, EDX = 'SMAP', EBX = continuation (0 the first
 *        time), ECX = buffer size (24), ES:DI = buffer
 *   out: CF = 0 and EAX = 'SMAP' on success, buffer = one row,
 *        ECX = bytes written (20, or 24 with the ACPI 3.0 attribute
 *        word), EBX = continuation for the next call, 0 after the last
 *
 *   row: +0 u64 base  +8 u64 length  +16 u32 type  [+20 u32 attributes]
 * @endverbatim
 *
 * A typical answer for a 1 GiB Bochs machine:
 *
 * @verbatim
 *   0x00000000 - 0x0009F000  type 1  RAM (640 KiB minus the EBDA)
 *   0x0009F000 - 0x000A0000  type 2  reserved (extended BIOS data area)
 *   0x000E8000 - 0x00100000  type 2  reserved (BIOS ROM)
 *   0x00100000 - 0x3FFF0000  type 1  RAM
 *   0x3FFF0000 - 0x40000000  type 3  ACPI tables (reclaimable)
 *   0xFFFC0000 - 0x100000000 type 2  reserved (flash ROM)
 * @endverbatim
 *
 * Multiboot's mem_upper is "KiB of RAM contiguous from 1 MiB": walk the
 * type-1 rows from 0x100000 while they touch or overlap; for the map
 * above, (0x3FFF0000 - 0x100000) / 1024 = 1047488 KiB.  mem_lower comes
 * from int 12h (AX = KiB below the EBDA, 639 here).
 */
#include "stage2.h"

#define SMAP		0x534D4150	/* "SMAP", the E820 signature */
#define E820_ATTR_VALID	0x1		/* ACPI 3.0: clear = ignore the row */

/* One int 15h/E820 buffer: the row plus the optional ACPI 3.0 word. */
struct e820_buf {
	struct e820_entry e;
	u32 attr;
} __packed;

/*
 * Fetch the row after continuation *@cont into @buf.  Returns the number
 * of bytes the BIOS wrote, or 0 when the list is over or E820 failed.
 */
static u32 e820_next(u32 *cont, struct e820_buf *buf)
{
	struct biosregs r = { 0 };

	buf->attr = E820_ATTR_VALID;	/* for BIOSes that write only 20 */
	r.eax = 0xE820;
	r.edx = SMAP;
	r.ebx = *cont;
	r.ecx = sizeof(*buf);
	r.es = real_seg(buf);
	r.edi = real_off(buf);
	bios_int(0x15, &r);
	if ((r.eflags & X86_EFLAGS_CF) || r.eax != SMAP)
		return 0;
	*cont = r.ebx;
	return r.ecx;
}

/* Rows of zero length, or flagged "ignore" by ACPI 3.0, are dropped. */
static int e820_row_useful(const struct e820_buf *buf, u32 len)
{
	if (len < sizeof(struct e820_entry) || buf->e.size == 0)
		return 0;
	return len < sizeof(*buf) || (buf->attr & E820_ATTR_VALID);
}

static void detect_e820(struct boot_memory *mem)
{
	struct e820_buf buf;
	u32 cont = 0, len;

	mem->nr_entries = 0;
	do {
		len = e820_next(&cont, &buf);
		if (!len)
			break;
		if (e820_row_useful(&buf, len) && mem->nr_entries < E820_MAX)
			mem->map[mem->nr_entries++] = buf.e;
	} while (cont != 0);
	if (!mem->nr_entries)
		boot_panic("the BIOS gave no E820 memory map (int 15h E820h)");
}

/**
 * ram_end_from_1m() - End of the RAM that runs without a gap from 1 MiB.
 * @param mem  the memory map.
 * @return the first address past it (0x100000 if 1 MiB is not RAM).
 */
u64 ram_end_from_1m(const struct boot_memory *mem)
{
	u64 end = KERNEL_MIN_PADDR;
	int grown = 1;

	/* A pass over unsorted rows; repeat while some row extended it. */
	while (grown) {
		grown = 0;
		for (u32 i = 0; i < mem->nr_entries; i++) {
			const struct e820_entry *e = &mem->map[i];

			if (e->type == E820_RAM && e->addr <= end &&
			    e->addr + e->size > end) {
				end = e->addr + e->size;
				grown = 1;
			}
		}
	}
	return end;
}

static u32 bios_lower_kib(void)
{
	struct biosregs r = { 0 };

	bios_int(0x12, &r);
	return r.eax & 0xFFFF;
}

/**
 * detect_memory() - Fill @p mem from int 15h E820h and int 12h.
 * @param mem  filled in: map, nr_entries, lower_kib, upper_kib.
 * @context Stage 2; panics if the BIOS has no E820 map.
 */
void detect_memory(struct boot_memory *mem)
{
	detect_e820(mem);
	mem->lower_kib = bios_lower_kib();
	mem->upper_kib = (u32)((ram_end_from_1m(mem) - KERNEL_MIN_PADDR) >> 10);
}
