/**
 * @file
 * memmap=nn[KMG]$ss[KMG]: reserve a range of RAM from the command line.
 *
 * Linux's option for a machine whose BIOS lists RAM that must not be
 * used (a bad module, a range a device owns): `memmap=4M$32M` makes the
 * 4 MiB from 32 MiB reserved, as if the BIOS's E820 map had said so, and
 * the boot log prints the map again:
 *
 * @verbatim
 *   user-defined physical RAM map:
 *    user: 0000000000100000 - 0000000002000000 (usable)
 *    user: 0000000002000000 - 0000000002400000 (reserved)
 *    user: 0000000002400000 - 0000000003fe0000 (usable)
 * @endverbatim
 *
 * Neither QEMU nor Bochs gives a map with a hole inside RAM, so this is
 * how the kit tests one: every later step (memblock, max_pfn, the zones,
 * the buddy allocator) reads the E820 table and must leave the range
 * alone.  Only the `$` form is implemented (Linux also has `@` for RAM,
 * `#` for ACPI data and `exactmap`); sizes and addresses take K, M or G.
 * GRUB's editor needs the dollar escaped: memmap=4M\$32M.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <kit/cmdline.h>
#include <asm/e820.h>

u64 memmap_reserved_start, memmap_reserved_size;

/* The value of hex digit @c, or -1. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A decimal or 0x-hex number with an optional K, M or G suffix, as
 * Linux's memparse(): "4M" is 4 << 20, "0x2000000" 32 MiB.  Returns
 * where parsing stopped, or NULL if there was no number.
 */
static const char *memparse(const char *s, u64 *val)
{
	unsigned int base = 10;
	const char *start;
	u64 v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	start = s;
	while ((d = hex_digit(*s)) >= 0 && d < (int)base) {
		v = v * base + (u64)d;
		s++;
	}
	if (s == start)
		return NULL;
	switch (*s) {
	case 'G': case 'g': v <<= 10;	/* fall through */
	case 'M': case 'm': v <<= 10;	/* fall through */
	case 'K': case 'k': v <<= 10; s++;
	}
	*val = v;
	return s;
}

bool parse_memmap(void)
{
	char opt[48];
	const char *p;
	u64 size, start;

	if (!cmdline_get("memmap", opt, sizeof(opt)))
		return false;
	p = memparse(opt, &size);
	if (!p || *p != '$' || !(p = memparse(p + 1, &start)) || *p || !size) {
		printk("memmap=%s: not nn[KMG]$ss[KMG], ignored\n", opt);
		return false;
	}
	if (e820_reserve_range(start, size)) {
		printk("memmap=%s: the E820 table is full, ignored\n", opt);
		return false;
	}
	memmap_reserved_start = start;
	memmap_reserved_size = size;
	return true;
}
