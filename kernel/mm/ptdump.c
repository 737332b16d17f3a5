/**
 * @file
 * show_pagetables(): swapper_pg_dir as a list of ranges, in the manner of
 * Linux's /sys/kernel/debug/kernel_page_tables (boot option
 * `show.pagetables`, from the lab 1 stage on).
 *
 * The walk visits all 4 GiB: each directory entry that is empty or a
 * 4 MiB page is one step of 4 MiB ("pde"), each entry of a page table one
 * step of 4 KiB ("pte").  Consecutive steps with the same protection and
 * level merge into one line, and a line also ends at every landmark of
 * the layout, so each region gets its own heading:
 *
 * @verbatim
 *   ---[ Low Kernel Mapping ]---                  heading at PAGE_OFFSET
 *   0xc0000000-0xc0100000         1M  RW            pte
 *   0xc0100000-0xc010f000        60K  ro            pte
 *   0xc010f000-0xf8000000    916420K  RW            pte
 *   ---[ Hole: high_memory to VMALLOC_START ]---  heading at high_memory
 *   0xf8000000-0xf8800000         8M                pde
 *   ...
 *   start-end  size  R/W  U/S  PSE  level
 *   size: the largest unit that divides it, 0xF0000 bytes = 960K
 * @endverbatim
 *
 * A range with no flags maps nothing.  The last line counts page tables
 * and mapped pages, so the cost of the direct map is in plain sight.
 * Portable: the host tests run it on the simulated machine.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/fixmap.h>
#include <asm/highmem.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#define FOUR_GB (1ULL << 32)

struct ptdump_marker {
	u64 start;		/* a 32-bit CPU address */
	const char *name;
};

/* What one step of the walk found; equal states merge. */
struct ptdump_state {
	u32 prot;		/* _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_PSE, or 0 */
	bool pte;		/* a page-table entry (4 KiB), else a directory entry */
};

struct ptdump {
	struct ptdump_marker markers[8];
	unsigned int nr_markers, next_marker;
	struct ptdump_state cur;
	u64 start;		/* where the current range began */
	unsigned long tables, pages_4k, pages_4m;
	phys_addr_t table_lo, table_hi;	/* lowest and highest table seen */
};

#define PTDUMP_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_PSE)

/* The landmarks, in address order (high_memory and VMALLOC_START move with RAM). */
static void ptdump_init_markers(struct ptdump *d)
{
	static const char *const names[] = {
		"User Space", "Low Kernel Mapping",
		"Hole: high_memory to VMALLOC_START", "vmalloc() Area",
		"vmalloc() End", "Persistent kmap() Area",
		"Persistent kmap() End", "Fixmap Area",
	};
	u64 starts[ARRAY_SIZE(names)] = {
		0, __cpu_addr(PAGE_OFFSET), __cpu_addr(high_memory),
		__cpu_addr(VMALLOC_START), __cpu_addr(VMALLOC_END),
		__cpu_addr(PKMAP_BASE), __cpu_addr(PKMAP_ADDR(LAST_PKMAP)),
		__cpu_addr(FIXADDR_START),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		d->markers[i] = (struct ptdump_marker){ starts[i], names[i] };
	d->nr_markers = ARRAY_SIZE(names);
}

/* 0x100000 bytes -> 1 and 'M': divide by 1024 while it divides exactly. */
static void ptdump_size(u64 bytes, unsigned long long *n, char *unit)
{
	static const char units[] = "BKMG";
	unsigned int u = 0;

	while (bytes && !(bytes & 1023) && u + 1 < sizeof(units) - 1) {
		bytes >>= 10;
		u++;
	}
	*n = bytes;
	*unit = units[u];
}

static void ptdump_print_range(const struct ptdump *d, u64 end)
{
	const struct ptdump_state *s = &d->cur;
	unsigned long long n;
	char unit;

	ptdump_size(end - d->start, &n, &unit);
	printk("0x%08llx-0x%08llx %9llu%c  %s  %s  %s  %s\n",
	       (unsigned long long)d->start, (unsigned long long)end, n, unit,
	       !(s->prot & _PAGE_PRESENT) ? "  " : s->prot & _PAGE_RW ? "RW" : "ro",
	       s->prot & _PAGE_USER ? "USR" : "   ",
	       s->prot & _PAGE_PSE ? "PSE" : "   ", s->pte ? "pte" : "pde");
}

/* The walk reached @addr with state @s: close the range or extend it. */
static void ptdump_note(struct ptdump *d, u64 addr, struct ptdump_state s)
{
	bool at_marker = d->next_marker < d->nr_markers &&
			 addr >= d->markers[d->next_marker].start;

	if (addr && (at_marker || s.prot != d->cur.prot || s.pte != d->cur.pte || addr == FOUR_GB)) {
		ptdump_print_range(d, addr);
		d->start = addr;
	}
	while (d->next_marker < d->nr_markers &&
	       addr >= d->markers[d->next_marker].start && addr < FOUR_GB)
		printk("---[ %s ]---\n", d->markers[d->next_marker++].name);
	d->cur = s;
}

/* One directory entry: a step of 4 MiB, or its table's 1024 steps of 4 KiB. */
static void ptdump_pgd(struct ptdump *d, pgd_t pgd, u64 addr)
{
	const pte_t *pt;
	unsigned int i;

	if (!pgd_present(pgd) || pgd_large(pgd) ||
	    (pgd_val(pgd) & PAGE_MASK) >= __pa(high_memory)) {
		struct ptdump_state s = {
			pgd_present(pgd) ? pgd_val(pgd) & PTDUMP_PROT : 0, false };

		d->pages_4m += pgd_present(pgd) && pgd_large(pgd);
		ptdump_note(d, addr, s);
		/* A landmark inside these 4 MiB still starts its own range. */
		while (d->next_marker < d->nr_markers &&
		       d->markers[d->next_marker].start < addr + PGDIR_SIZE)
			ptdump_note(d, d->markers[d->next_marker].start, s);
		return;
	}
	d->tables++;
	d->table_lo = min(d->table_lo, (phys_addr_t)(pgd_val(pgd) & PAGE_MASK));
	d->table_hi = max(d->table_hi, (phys_addr_t)(pgd_val(pgd) & PAGE_MASK));
	pt = pgd_page_vaddr(pgd);
	for (i = 0; i < PTRS_PER_PTE; i++) {
		u32 prot = pte_present(pt[i]) ? pte_val(pt[i]) & pgd_val(pgd) & PTDUMP_PROT : 0;

		d->pages_4k += pte_present(pt[i]);
		ptdump_note(d, addr + ((u64)i << PAGE_SHIFT),
			    (struct ptdump_state){ prot, true });
	}
}

void show_pagetables(void)
{
	static struct ptdump d;
	unsigned int i;

	d = (struct ptdump){ .table_lo = ~(phys_addr_t)0 };
	ptdump_init_markers(&d);
	printk("kernel page tables: swapper_pg_dir at phys %#x, %s\n",
	       (u32)__pa(swapper_pg_dir), current_pgdir() == swapper_pg_dir ?
	       "loaded in CR3" : "not loaded (CR3 holds the boot page tables)");
	for (i = 0; i < PTRS_PER_PGD; i++)
		ptdump_pgd(&d, swapper_pg_dir[i], (u64)i << PGDIR_SHIFT);
	ptdump_note(&d, FOUR_GB, (struct ptdump_state){ 0, false });
	printk("page tables: %lu (%luK)", d.tables, d.tables * (PAGE_SIZE >> 10));
	if (d.tables)
		printk(" at phys %#x..%#x", d.table_lo, d.table_hi);
	printk(", mapped: %lu 4K pages, %lu 4M pages\n", d.pages_4k, d.pages_4m);
}
