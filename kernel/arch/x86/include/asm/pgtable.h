/**
 * @file
 * Two-level i386 page tables (no PAE): entries, flags, and the walk.
 *
 * A 32-bit virtual address is cut in three:
 *
 * @verbatim
 *   31          22 21          12 11           0
 *   +-------------+-------------+--------------+
 *   | pgd_index   | pte_index   |   offset     |
 *   +-------------+-------------+--------------+
 *   0xC0123456 -> pgd 0x300 (768), pte 0x123, offset 0x456
 *
 *   CR3 -> page directory (1024 pgd_t) -> page table (1024 pte_t) -> page
 *
 *   an entry:  | frame address 31..12 | avail | G PS D A PCD PWT U/S R/W P |
 * @endverbatim
 *
 * Each page directory entry covers 4 MiB (PGDIR_SIZE); with _PAGE_PSE it
 * maps a whole 4 MiB page itself (the boot tables do that), otherwise it
 * points to a page table of 1024 entries of 4 KiB each.  Entries 0..767
 * map user space, 768..1023 the kernel's 1 GiB, and swapper_pg_dir is the
 * kernel's own directory (lab 1 fills it).
 *
 * Lab code changes entries only through set_pte() and set_pgd(), and makes
 * changes visible with the TLB functions in asm/tlbflush.h: on the host
 * build those are where the simulated MMU learns about new mappings.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <linux/types.h>
#include <asm/page.h>
#include <asm/highmem.h>

#define PGDIR_SHIFT      22
#define PGDIR_SIZE       (1UL << PGDIR_SHIFT)		/**< 4 MiB */
#define PGDIR_MASK       (~(PGDIR_SIZE - 1))
#define PTRS_PER_PGD     1024
#define PTRS_PER_PTE     1024
#define USER_PTRS_PER_PGD 768				/**< TASK_SIZE / PGDIR_SIZE */
#define KERNEL_PGD_BOUNDARY USER_PTRS_PER_PGD

/* Entry flags, as the Intel manual names them (bit 0 upwards). */
#define _PAGE_PRESENT    0x001	/**< P: the entry maps something */
#define _PAGE_RW         0x002	/**< R/W: writable (by the kernel only if CR0.WP is clear) */
#define _PAGE_USER       0x004	/**< U/S: ring 3 may access */
#define _PAGE_PWT        0x008	/**< write-through caching */
#define _PAGE_PCD        0x010	/**< cache disabled */
#define _PAGE_ACCESSED   0x020	/**< A: set by the CPU on any access */
#define _PAGE_DIRTY      0x040	/**< D: set by the CPU on a write (PTEs only) */
#define _PAGE_PSE        0x080	/**< PS: in a pgd entry, a 4 MiB page */
#define _PAGE_GLOBAL     0x100	/**< G: kept in the TLB across CR3 loads (if CR4.PGE) */

/** A page directory entry pointing to a kernel page table. */
#define _KERNPG_TABLE    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
/** A page directory entry pointing to a page table user pages may be in. */
#define _PAGE_TABLE      (_KERNPG_TABLE | _PAGE_USER)

#define __PAGE_KERNEL    (_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED)
#define __PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_DIRTY | _PAGE_ACCESSED)

#ifndef __ASSEMBLY__

/* Entries are 32 bits on i386 and in the host build alike. */
typedef struct { u32 pte; } pte_t;
typedef struct { u32 pgd; } pgd_t;
typedef struct { u32 pgprot; } pgprot_t;

#define __pte(x)       ((pte_t){ (x) })
#define __pgd(x)       ((pgd_t){ (x) })
#define __pgprot(x)    ((pgprot_t){ (x) })
#define pte_val(x)     ((x).pte)
#define pgd_val(x)     ((x).pgd)
#define pgprot_val(x)  ((x).pgprot)

#define PAGE_KERNEL    __pgprot(__PAGE_KERNEL)
#define PAGE_KERNEL_RO __pgprot(__PAGE_KERNEL_RO)
/** A user page ring 3 may read (and so execute): the zero page, text. */
#define PAGE_READONLY  __pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
/** A user page ring 3 may write (Linux's name, from shared mappings). */
#define PAGE_SHARED    __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

/** Which page directory entry translates @p addr (0..1023). */
static inline unsigned int pgd_index(unsigned long addr)
{
	return (__cpu_addr(addr) >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1);
}

/** Which page table entry, within its table, translates @p addr (0..1023). */
static inline unsigned int pte_index(unsigned long addr)
{
	return (__cpu_addr(addr) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

/**
 * The kernel's page directory: 1024 entries, page aligned, in the kernel
 * image's .bss (head.S).  The host build keeps it in simulated RAM.
 */
#ifdef __HOST_SIM__
extern pgd_t *sim_swapper_pg_dir;
#define swapper_pg_dir sim_swapper_pg_dir
#else
extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
#endif

/** The entry of @p pgdir that translates @p addr. */
#define pgd_offset(pgdir, addr)  ((pgdir) + pgd_index(addr))
/** The entry of swapper_pg_dir that translates @p addr. */
#define pgd_offset_k(addr)       pgd_offset(swapper_pg_dir, addr)

static inline bool pgd_none(pgd_t pgd)    { return pgd_val(pgd) == 0; }
static inline bool pgd_present(pgd_t pgd) { return pgd_val(pgd) & _PAGE_PRESENT; }
static inline bool pgd_large(pgd_t pgd)   { return pgd_val(pgd) & _PAGE_PSE; }

/** The page table a (present, not large) pgd entry points to, as a pointer. */
static inline pte_t *pgd_page_vaddr(pgd_t pgd)
{
	return (pte_t *)__va(pgd_val(pgd) & PAGE_MASK);
}

/** The entry of the page table under @p pgd that translates @p addr. */
static inline pte_t *pte_offset_kernel(pgd_t *pgd, unsigned long addr)
{
	return pgd_page_vaddr(*pgd) + pte_index(addr);
}

static inline bool pte_none(pte_t pte)    { return pte_val(pte) == 0; }
static inline bool pte_present(pte_t pte) { return pte_val(pte) & _PAGE_PRESENT; }
static inline bool pte_write(pte_t pte)   { return pte_val(pte) & _PAGE_RW; }
static inline unsigned long pte_pfn(pte_t pte) { return pte_val(pte) >> PAGE_SHIFT; }

/** The entry mapping frame @p pfn with protection @p prot. */
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((u32)pfn << PAGE_SHIFT) | pgprot_val(prot));
}

#ifdef __HOST_SIM__
/* The simulated MMU (tests/host/sim) watches every entry change. */
void set_pte(pte_t *ptep, pte_t pte);
void set_pgd(pgd_t *pgdp, pgd_t pgd);
#else
/** Write a page table entry.  A new mapping needs no TLB flush; a changed one does. */
static inline void set_pte(pte_t *ptep, pte_t pte) { *(volatile u32 *)&ptep->pte = pte.pte; }
/** Write a page directory entry. */
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd) { *(volatile u32 *)&pgdp->pgd = pgd.pgd; }
#endif

static inline void pte_clear(pte_t *ptep) { set_pte(ptep, __pte(0)); }

/*
 * The vmalloc area (lab 5), with Linux 2.6.20's formulas.  An 8 MiB hole
 * (VMALLOC_OFFSET) after the direct map catches stray accesses past its
 * end; for 1 GiB of RAM, high_memory = 0xF8000000 and
 * VMALLOC_START = (0xF8000000 + 16 MiB - 1) & ~(8 MiB - 1) = 0xF8800000.
 * Two pages separate the area from the pkmap.
 */
extern void *high_memory;
#define VMALLOC_OFFSET   (8UL << 20)
#define VMALLOC_START    (((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1) & \
			  ~(VMALLOC_OFFSET - 1))
#define VMALLOC_END      (PKMAP_BASE - 2 * PAGE_SIZE)

/** The levels lookup_address() can stop at. */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,	/* a page table entry: one 4 KiB page */
	PG_LEVEL_4M,	/* a page directory entry with _PAGE_PSE: 4 MiB */
};

/**
 * lookup_address() - Find the entry that maps a kernel virtual address.
 * @param address  a virtual address (kernel half, or user half of the current directory)
 * @param level    returns PG_LEVEL_4K or PG_LEVEL_4M (PG_LEVEL_NONE if nothing)
 * @return the page table entry (or, for a 4 MiB page, the page directory
 *         entry viewed as a pte_t) that translates @p address; NULL when
 *         the page directory entry is empty.  The entry returned may
 *         itself be not present: test pte_present().
 * @context Any context.  Walks swapper_pg_dir.  Lab 1.
 */
pte_t *lookup_address(unsigned long address, enum pg_level *level);

/**
 * paging_init() - Build swapper_pg_dir and switch to it.
 *
 * Maps every low-memory page frame [0, max_low_pfn) at PAGE_OFFSET + its
 * physical address with 4 KiB pages, kernel text and read-only data
 * read-only, everything else read-write; page tables come from memblock.
 * Then loads CR3 with it (which drops the boot identity map), and turns on
 * CR0.WP so the kernel itself cannot write to read-only pages.
 * @context Boot, once, before anything but memblock allocates.  Lab 1.
 */
void paging_init(void);

/**
 * show_pagetables() - Print swapper_pg_dir as ranges of equal protection,
 * with the layout's landmarks as headings (like Linux's
 * /sys/kernel/debug/kernel_page_tables).  Kit code, kernel/mm/ptdump.c;
 * the boot option `show.pagetables` calls it after mm_init().
 * @context Any context; reads the tables without locking.
 */
void show_pagetables(void);

#endif /* __ASSEMBLY__ */
#endif /* _ASM_PGTABLE_H */
