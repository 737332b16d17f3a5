/**
 * @file
 * The sim's page tables: the host versions of set_pte(), set_pgd(),
 * load_cr3(), current_pgdir(), the TLB flushes and CR0.WP, and the fake
 * kernel image they live in (sim_sections, sim_boot_pg_dir,
 * sim_swapper_pg_dir).
 *
 * The fake image sits where sim_machine_init() reserved it, at 1 MiB, and
 * is laid out like kernel.ld lays out the real one: sections page aligned
 * except the end of text, kallsyms between text and rodata, and in .bss
 * the two page directories head.S has, boot_pg_dir then swapper_pg_dir:
 *
 * @verbatim
 *   phys 0x100000  _text            code                 164 pages
 *        0x1A3E5B  _etext           (not page aligned: as in kernel.ld)
 *        0x1A8000  _srodata         kallsyms above, then .rodata
 *        0x1C0000  __end_rodata = __init_begin
 *        0x1C4000  __init_end = _sdata
 *        0x1C91A0  _edata
 *        0x1CA000  __bss_start      boot_pg_dir
 *        0x1CB000                   swapper_pg_dir (zero: lab 1 fills it)
 *        0x1CC000                   empty_zero_page (lab 8's ZERO_PAGE)
 *        0x1CD000                   the stack, 3 pages
 *        0x1D0000  __bss_stop = _end          (all inside [1 MiB, 3 MiB))
 * @endverbatim
 *
 * Boot state, as head.S leaves it: boot_pg_dir entries 768..991 are 4 MiB
 * PSE pages mapping 0..896 MiB, its identity half is empty, CR3 points to
 * it and CR0.WP is clear.
 *
 * The MMU model (see sim.h): the host mappings in the window are the TLB.
 * The walker registered here translates through the current directory
 * (CR3), so sim_flush_tlb_one() re-reads the real entry.  set_pte() of a
 * present entry maps at once every virtual page that entry translates
 * under the current directory (a TLB miss would load it); clearing or
 * changing an entry leaves the old translation until a flush.  The direct
 * map stays the sim's fixed read-write mapping: page tables decide what
 * the walk and the tests see there, not what a host store can do.
 *
 * Finding the pages an entry translates means finding the directory
 * entries that point to its table: a scan of 1024 entries, remembered for
 * the last table used (paging_init() sets 1024 entries of one table in a
 * row) and forgotten on every set_pgd() and load_cr3().  Lab code writes
 * entries only through set_pte() and set_pgd(), so the memory is exact.
 */
#include <string.h>

#include <linux/kernel.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>
#include "sim.h"
#include "sim_internal.h"

/* The fake image, as physical offsets (see the figure above). */
#define IMG_TEXT        0x100000UL
#define IMG_ETEXT       0x1A3E5BUL
#define IMG_SRODATA     0x1A8000UL
#define IMG_END_RODATA  0x1C0000UL
#define IMG_INIT_END    0x1C4000UL
#define IMG_EDATA       0x1C91A0UL
#define IMG_BSS         0x1CA000UL
#define IMG_BOOT_PGD    IMG_BSS
#define IMG_SWAPPER_PGD (IMG_BSS + PAGE_SIZE)
#define IMG_ZERO_PAGE   (IMG_BSS + 2 * PAGE_SIZE)
#define IMG_END         0x1D0000UL

_Static_assert(IMG_END <= SIM_KERNEL_END, "the fake image must fit its reservation");

#define BOOT_PDES       (MAXMEM >> PGDIR_SHIFT)		/* 224 */
#define PDE_4M_KERNEL   (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)

struct sim_sections sim_sections;
pgd_t *sim_swapper_pg_dir;
pgd_t *sim_boot_pg_dir;
/* linux/mm.h's empty_zero_page on the host: a bss page of the fake image,
 * reserved from boot like the kernel's, so the buddy never hands it out. */
unsigned long *sim_empty_zero_page;

static pgd_t *cr3;
static bool cr0_wp;

/* The directory entries of cr3 that point to one table (see @file). */
static struct {
	bool valid;
	phys_addr_t table;
	unsigned int nr;
	unsigned short idx[4];
} users;

static char *image(unsigned long phys)
{
	return __va(phys);
}

static void layout_image(void)
{
	sim_sections = (struct sim_sections){
		.text = image(IMG_TEXT), .etext = image(IMG_ETEXT),
		.srodata = image(IMG_SRODATA), .end_rodata = image(IMG_END_RODATA),
		.init_begin = image(IMG_END_RODATA), .init_end = image(IMG_INIT_END),
		.sdata = image(IMG_INIT_END), .edata = image(IMG_EDATA),
		.bss_start = image(IMG_BSS), .bss_stop = image(IMG_END),
		.end = image(IMG_END),
	};
	sim_boot_pg_dir = (pgd_t *)image(IMG_BOOT_PGD);
	sim_swapper_pg_dir = (pgd_t *)image(IMG_SWAPPER_PGD);
	sim_empty_zero_page = (unsigned long *)image(IMG_ZERO_PAGE);
	memset(sim_empty_zero_page, 0, PAGE_SIZE);
}

void sim_paging_init(void)
{
	unsigned int i;

	sim_set_pte_walker(sim_walk_current);
	if (sim_lowmem_size() < IMG_END)
		return;			/* a toy map without RAM for the image */
	layout_image();
	for (i = 0; i < BOOT_PDES; i++)
		sim_boot_pg_dir[KERNEL_PGD_BOUNDARY + i] =
			__pgd((u32)(i << PGDIR_SHIFT) | PDE_4M_KERNEL);
	cr3 = sim_boot_pg_dir;
	cr0_wp = false;
	users.valid = false;
}

void sim_paging_exit(void)
{
	memset(&sim_sections, 0, sizeof(sim_sections));
	sim_boot_pg_dir = sim_swapper_pg_dir = NULL;
	sim_empty_zero_page = NULL;
	cr3 = NULL;
	cr0_wp = false;
	users.valid = false;
}

/* ---- the walk the flushes use ------------------------------------------- */

/* A table the walk can read: page aligned, in lowmem (the sim's direct map). */
static const pte_t *table_of(pgd_t pgd)
{
	phys_addr_t pa = pgd_val(pgd) & PAGE_MASK;

	if ((u64)pa + PAGE_SIZE > sim_lowmem_size())
		return NULL;
	return __va(pa);
}

bool sim_walk_current(u32 vaddr, unsigned long *pfn, bool *writable)
{
	pgd_t pgd;
	pte_t pte;
	const pte_t *pt;

	if (!cr3)
		return false;
	pgd = cr3[vaddr >> PGDIR_SHIFT];
	if (!pgd_present(pgd))
		return false;
	if (pgd_large(pgd)) {
		*pfn = (pgd_val(pgd) >> PAGE_SHIFT & ~(PTRS_PER_PTE - 1UL)) +
		       ((vaddr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1));
		*writable = !cr0_wp || (pgd_val(pgd) & _PAGE_RW);
		return true;
	}
	pt = table_of(pgd);
	if (!pt)
		return false;
	pte = pt[(vaddr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
	if (!pte_present(pte))
		return false;
	*pfn = pte_pfn(pte);
	*writable = !cr0_wp || ((pgd_val(pgd) & _PAGE_RW) && pte_write(pte));
	return true;
}

/* ---- entries --------------------------------------------------------------- */

/* The physical address of a pointer into the sim's direct map, or -1. */
static s64 sim_phys_of(const void *p)
{
	unsigned long a = (unsigned long)p;

	if (!sim_window || a - sim_window >= (1UL << 32) || a < PAGE_OFFSET ||
	    a - PAGE_OFFSET >= sim_lowmem_size())
		return -1;
	return (s64)(a - PAGE_OFFSET);
}

/* Which entries of the current directory point to table @pa (cached). */
static void find_users(phys_addr_t pa)
{
	unsigned int i;

	if (users.valid && users.table == pa)
		return;
	users.valid = true;
	users.table = pa;
	users.nr = 0;
	for (i = 0; i < PTRS_PER_PGD; i++) {
		pgd_t pgd = cr3[i];

		if (!pgd_present(pgd) || pgd_large(pgd) ||
		    (pgd_val(pgd) & PAGE_MASK) != pa)
			continue;
		if (users.nr == ARRAY_SIZE(users.idx)) {
			users.valid = false;	/* too many to remember: scan again */
			continue;
		}
		users.idx[users.nr++] = (unsigned short)i;
	}
}

static bool in_direct_map(u32 kva)
{
	return kva >= __PAGE_OFFSET && kva - __PAGE_OFFSET < sim_lowmem_size();
}

/*
 * Load the translation of 32-bit page @kva into the "TLB" now, as a miss
 * would.  A frame beyond RAM cannot be mapped: the page then faults.
 */
static void tlb_load(u32 kva)
{
	unsigned long pfn;
	bool writable;

	if (in_direct_map(kva))
		return;			/* fixed, like global pages */
	if (sim_walk_current(kva, &pfn, &writable) &&
	    !sim_map_page(kva, pfn, writable))
		return;
	if (sim_tlb_lookup(kva, NULL, NULL))
		sim_unmap_page(kva);
}

void set_pte(pte_t *ptep, pte_t pte)
{
	s64 pa = sim_phys_of(ptep);
	unsigned int i, index;

	WRITE_ONCE(ptep->pte, pte.pte);
	if (!pte_present(pte) || pa < 0 || !cr3)
		return;		/* not present: the old translation stays, stale */
	index = (unsigned int)(pa & ~PAGE_MASK) / sizeof(pte_t);
	find_users((phys_addr_t)pa & PAGE_MASK);
	if (!users.valid) {	/* more than 4 users: scan without the cache */
		for (i = 0; i < PTRS_PER_PGD; i++)
			if (pgd_present(cr3[i]) && !pgd_large(cr3[i]) &&
			    (pgd_val(cr3[i]) & PAGE_MASK) == (pa & PAGE_MASK))
				tlb_load(i << PGDIR_SHIFT | index << PAGE_SHIFT);
		return;
	}
	for (i = 0; i < users.nr; i++)
		tlb_load((u32)users.idx[i] << PGDIR_SHIFT | index << PAGE_SHIFT);
}

/* Load every present translation under directory entry @i of cr3. */
static void load_pgd_range(unsigned int i)
{
	const pte_t *pt = NULL;
	u32 base = (u32)i << PGDIR_SHIFT;
	unsigned int j;

	if (!pgd_present(cr3[i]) ||
	    (in_direct_map(base) && in_direct_map(base + PGDIR_SIZE - PAGE_SIZE)))
		return;
	if (!pgd_large(cr3[i])) {
		pt = table_of(cr3[i]);
		if (!pt)
			return;
	}
	for (j = 0; j < PTRS_PER_PTE; j++)
		if (!pt || pte_present(pt[j]))
			tlb_load(base | j << PAGE_SHIFT);
}

void set_pgd(pgd_t *pgdp, pgd_t pgd)
{
	WRITE_ONCE(pgdp->pgd, pgd.pgd);
	users.valid = false;
	if (cr3 && pgdp >= cr3 && pgdp < cr3 + PTRS_PER_PGD && pgd_present(pgd))
		load_pgd_range((unsigned int)(pgdp - cr3));
}

/* ---- CR3, CR0.WP and the flushes ------------------------------------------ */

void load_cr3(pgd_t *pgdir)
{
	unsigned int i;

	BUG_ON(sim_phys_of(pgdir) < 0 || ((unsigned long)pgdir & ~PAGE_MASK));
	cr3 = pgdir;
	users.valid = false;
	sim_flush_tlb_all();		/* every cached translation re-read */
	for (i = 0; i < PTRS_PER_PGD; i++)
		load_pgd_range(i);
}

pgd_t *current_pgdir(void)
{
	return cr3;
}

void __flush_tlb_one(unsigned long addr)
{
	sim_flush_tlb_one(addr);
}

void __flush_tlb_all(void)
{
	sim_flush_tlb_all();
}

void enable_write_protect(void)
{
	cr0_wp = true;
	sim_flush_tlb_all();		/* read-only entries now bind the kernel */
}

bool sim_write_protect(void)
{
	return cr0_wp;
}
