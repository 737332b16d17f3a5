/**
 * @file
 * The E820 table: collect, print and hand usable RAM to memblock.
 *
 * The rows arrive from the boot loader (arch/x86/setup.c) or, in the host
 * tests, from a simulated machine.  Rows are kept sorted by address.  Only
 * memory below 4 GiB counts: without PAE a 32-bit page table entry cannot
 * name a frame above it.  This file is portable.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include <asm/e820.h>
#include <asm/page.h>

struct e820map e820;

#define FOUR_GB 0x100000000ULL

int e820_add_region(u64 start, u64 size, u32 type)
{
	u32 i = e820.nr_map;

	if (i == E820MAX)
		return -ENOSPC;
	while (i > 0 && e820.map[i - 1].addr > start) {	/* insertion sort */
		e820.map[i] = e820.map[i - 1];
		i--;
	}
	e820.map[i] = (struct e820entry){ start, size, type };
	e820.nr_map++;
	return 0;
}

static const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_RAM:		return "usable";
	case E820_RESERVED:	return "reserved";
	case E820_ACPI:		return "ACPI data";
	case E820_NVS:		return "ACPI NVS";
	case E820_UNUSABLE:	return "unusable";
	default:		return "type?";
	}
}

static void e820_print_rows(const char *who)
{
	u32 i;

	for (i = 0; i < e820.nr_map; i++)
		printk(" %s: %016llx - %016llx (%s)\n", who,
		       (unsigned long long)e820.map[i].addr,
		       (unsigned long long)(e820.map[i].addr + e820.map[i].size),
		       e820_type_name(e820.map[i].type));
}

void e820_print_map(const char *who)
{
	printk("BIOS-provided physical RAM map:\n");
	e820_print_rows(who);
}

void e820_print_user_map(void)
{
	printk("user-defined physical RAM map:\n");
	e820_print_rows("user");
}

/*
 * Take [start, start + size) out of every usable row and add it as one
 * reserved row.  A usable row it cuts keeps the parts on either side:
 *
 *   before   [1 MiB ................ usable ................. 64 MiB)
 *   reserve  4 MiB at 32 MiB
 *   after    [1 MiB .. usable .. 32 MiB)[reserved 36 MiB)[usable .. 64 MiB)
 */
int e820_reserve_range(u64 start, u64 size)
{
	static struct e820map old;	/* 2.5 KiB: not on the stack */
	u64 end = start + size;
	int err = 0;
	u32 i;

	old = e820;
	e820.nr_map = 0;
	for (i = 0; i < old.nr_map && !err; i++) {
		const struct e820entry *e = &old.map[i];
		u64 e_end = e->addr + e->size;

		if (e->type != E820_RAM || e_end <= start || e->addr >= end) {
			err = e820_add_region(e->addr, e->size, e->type);
			continue;
		}
		if (e->addr < start)
			err = e820_add_region(e->addr, start - e->addr, E820_RAM);
		if (!err && e_end > end)
			err = e820_add_region(end, e_end - end, E820_RAM);
	}
	if (!err)
		err = e820_add_region(start, size, E820_RESERVED);
	if (err)
		e820 = old;		/* the table is full: keep the BIOS's */
	return err;
}

/* Usable part of row @e, cut to whole pages and to 4 GiB: [*start, *end). */
static bool e820_ram_pages(const struct e820entry *e, u64 *start, u64 *end)
{
	if (e->type != E820_RAM)
		return false;
	*start = ALIGN(e->addr, (u64)PAGE_SIZE);
	*end = ALIGN_DOWN(min(e->addr + e->size, FOUR_GB), (u64)PAGE_SIZE);
	return *start < *end;
}

unsigned long e820_end_of_ram_pfn(void)
{
	unsigned long max_pfn = 0;
	u64 start, end;
	u32 i;

	for (i = 0; i < e820.nr_map; i++)
		if (e820_ram_pages(&e820.map[i], &start, &end))
			max_pfn = max(max_pfn, (unsigned long)(end >> PAGE_SHIFT));
	return max_pfn;
}

void e820_memblock_setup(void)
{
	u64 start, end;
	u32 i;

	for (i = 0; i < e820.nr_map; i++)
		if (e820_ram_pages(&e820.map[i], &start, &end))
			memblock_add((phys_addr_t)start, (phys_addr_t)(end - start));
}
