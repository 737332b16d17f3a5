/**
 * @file
 * The simulated machine: how the kernel's portable code runs inside a host
 * test process (x86-64, under ASan and UBSan).
 *
 * Kernel code compiled with -D__HOST_SIM__ computes kernel virtual
 * addresses exactly as on i386, displaced by KVA_BIAS (= sim_window, see
 * asm/page.h: the host's PAGE_OFFSET, PKMAP_BASE, ... include it, and
 * __PAGE_OFFSET is the bare 0xC0000000).  The sim reserves 4 GiB of host
 * address space, aligned to 4 GiB, so that a kernel virtual address is
 * simply an offset into it:
 *
 * @verbatim
 *   host address                                  kernel virtual address
 *   sim_window + 0xFFFFFFFF +--------------------+ 0xFFFFFFFF
 *                           | fixmap, pkmap,     | PROT_NONE until
 *                           | vmalloc            | sim_map_page() maps a page
 *   sim_window + 0xF8000000 +--------------------+ 0xF8000000 (0xC0000000 + MAXMEM)
 *                           | direct map         | memfd [0, min(RAM, 896 MiB))
 *                           | (lowmem only)      | MAP_SHARED, read-write
 *   sim_window + 0xC0000000 +--------------------+ 0xC0000000 __PAGE_OFFSET
 *                           | user space         | PROT_NONE
 *   sim_window              +--------------------+ 0x00000000
 *
 *   memfd "sim-phys" = simulated physical memory, [0, end of the highest
 *   usable E820 row), at most 3 GiB.  Highmem (>= 896 MiB) is only in the
 *   memfd: no direct-map address reaches it, exactly as on i386.
 * @endverbatim
 *
 * Invariants:
 *  - sim_window is a non-zero multiple of 4 GiB, so the low 32 bits of any
 *    host pointer into the window are the i386 kernel virtual address:
 *    `(u32)(unsigned long)__va(0x1000) == 0xC0001000`.  Masks and shifts
 *    lab code applies to addresses (PAGE_MASK, pgd_index) work unchanged.
 *  - Every physical page is one page of the memfd (offset = pfn << 12), so
 *    two virtual addresses mapping the same pfn alias the same bytes.
 *
 * The MMU model, for the labs that build page tables (1, 5, 6, 7, 8).  The
 * host mappings in the window *are* the TLB: a load or store through a
 * kernel virtual address reaches whatever host mapping is there now, not
 * whatever the page tables say.  The sim keeps one PTE-like entry per
 * virtual page (sim_tlb_lookup()) beside the real host mappings.  The host
 * versions of asm/pgtable.h's and asm/tlbflush.h's primitives are meant to
 * be built on it like this:
 *
 * @verbatim
 *   set_pte(ptep, pte)        store it.  The pages it translates are
 *                             (i << 22) | (index of ptep << 12) for each
 *                             entry i of the current directory pointing to
 *                             ptep's table; if pte is present, sim_map_page()
 *                             them at once (a TLB miss would load them)
 *   set_pte(ptep, not present)  store only: the old mapping stays, stale,
 *                             until a flush, as in a real TLB
 *   set_pgd() / load_cr3()    likewise for the 1024 pages under an entry
 *                             (load_cr3: sim_flush_tlb_all())
 *   __flush_tlb_one(addr)     sim_flush_tlb_one(addr): the walker decides
 *   __flush_tlb_all()         sim_flush_tlb_all()
 * @endverbatim
 *
 * The walker (sim_set_pte_walker()) is a page-table walk of the current
 * directory; sim_machine_init() registers paging.c's sim_walk_current(),
 * which reads CR3's entries as the MMU would.  With no walker registered
 * (a test may pass NULL), a flush simply drops the mapping.  So a lab
 * that forgets to flush after clearing a PTE sees the same stale-TLB bug
 * on the host as under Bochs.
 * The direct map is fixed ("global" pages set up at boot): flushes leave
 * it alone, and sim_map_page() accepts a direct-map address only for its
 * own frame, so a lab 1 that maps lowmem page by page changes nothing.
 *
 * paging.c implements that table for lab code: set_pte(), set_pgd(),
 * load_cr3(), current_pgdir(), __flush_tlb_one(), __flush_tlb_all() and
 * enable_write_protect() (CR0.WP: before it, the walk lets the kernel
 * write to read-only pages, as the CPU does).  It also lays out a fake
 * kernel image in the reserved [SIM_KERNEL_START, SIM_KERNEL_END), so
 * asm/sections.h's _text ... _end and the two page directories of head.S
 * exist on the host:
 *
 * @verbatim
 *   0x100000 _text .. 0x1A3E5B _etext      (164 pages, end not aligned)
 *   0x1A8000 _srodata .. 0x1C0000 __end_rodata
 *   0x1C0000 __init_begin .. 0x1C4000 __init_end = _sdata .. _edata
 *   0x1CA000 __bss_start: sim_boot_pg_dir, 0x1CB000 sim_swapper_pg_dir
 *   0x1D0000 __bss_stop = _end
 *   boot state: sim_boot_pg_dir[768 + i] = 4 MiB PSE page i (i < 224),
 *               CR3 -> sim_boot_pg_dir, CR0.WP clear
 * @endverbatim
 *
 * Host kernel services (console.c, panic.c): printk() output goes to a
 * capture buffer (and to stderr with SIM_VERBOSE=1); panic() and BUG()
 * print as the kernel does, then abort(); WARN() prints and counts in
 * warn_count.
 *
 * Naming: the kernel's vsnprintf()/snprintf() would replace the C
 * library's for the whole test process (Check formats its messages with
 * vsnprintf), so kernel and lab sources are compiled with host_names.h,
 * which renames them kernel_vsnprintf()/kernel_snprintf().  Test code that
 * calls snprintf() gets the C library's.
 */
#ifndef _SIM_SIM_H
#define _SIM_SIM_H

#include <stdarg.h>
#include <linux/types.h>
#include <asm/page.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>

/* ---- the machine ---------------------------------------------------------- */

/** The most physical memory the sim gives a machine: 3 GiB, as Bochs without PAE. */
#define SIM_MAX_PHYS        0xC0000000ULL
/** The fake kernel image sim_machine_init() reserves: [1 MiB, 3 MiB), as if
 *  the kernel's text, data and bss took 2 MiB from its load address. */
#define SIM_KERNEL_START    0x100000UL
#define SIM_KERNEL_SIZE     (2UL << 20)
#define SIM_KERNEL_END      (SIM_KERNEL_START + SIM_KERNEL_SIZE)

/** One E820 row as the boot log prints it: [start, end) and its type. */
struct sim_e820_row {
	u64 start;
	u64 end;
	u32 type;	/* E820_RAM, E820_RESERVED, E820_ACPI, ... */
};

/** A ready-made machine: its name ("1G") and its E820 map. */
struct sim_e820_map {
	const char *name;
	int nr;
	struct sim_e820_row rows[8];
};

extern const struct sim_e820_map sim_e820_64m, sim_e820_1g, sim_e820_900m,
				 sim_e820_3g;
/**
 * The machines loop tests run on, each an edge: 64 MiB (no highmem), 1 GiB
 * (the labs' PC: 128 MiB of highmem), 900 MiB (under 4 MiB of highmem: no
 * block of order 10 there) and 3 GiB (RAM past 2 GiB, the sign bit of a
 * 32-bit address).  Index 1 is the 1 GiB machine.
 */
extern const struct sim_e820_map *const sim_e820_maps[];
#define SIM_NR_E820_MAPS 4

/*
 * The ready-made maps as (rows, n) arguments: sim_machine_init(SIM_E820_1G).
 * Each is the Bochs BIOS layout for that much RAM:
 *   usable 0-0x9F000, reserved 0x9F000-0xA0000 and 0xE8000-0x100000,
 *   usable 0x100000 to RAM - 64 KiB, ACPI data the last 64 KiB,
 *   reserved 0xFFFC0000-4 GiB (the BIOS ROM).
 */
#define SIM_E820_64M  sim_e820_64m.rows, sim_e820_64m.nr
#define SIM_E820_1G   sim_e820_1g.rows, sim_e820_1g.nr
#define SIM_E820_900M sim_e820_900m.rows, sim_e820_900m.nr
#define SIM_E820_3G   sim_e820_3g.rows, sim_e820_3g.nr

/** The window's base; kernel headers add it to every kernel virtual address. */
extern unsigned long sim_window;

/**
 * sim_machine_init() - Boot a simulated machine as far as setup_arch() goes.
 * @param rows  its E820 map, in any order
 * @param n     number of rows
 * @return 0; -EINVAL for a map without usable RAM below 4 GiB, -E2BIG if
 *         usable RAM ends above SIM_MAX_PHYS, -ENOSPC for more than E820MAX
 *         rows, -ENOMEM if the host refuses the window or the memfd.
 *
 * Loads the rows into the kernel's e820 table (e820_add_region, so it is
 * sorted), prints the map as the boot log does, creates the memfd and the
 * direct map, then does what setup_arch() does: memblock_reset(),
 * e820_memblock_setup(), reserve the first MiB and the kernel image
 * [SIM_KERNEL_START, SIM_KERNEL_END).  A machine already running is shut
 * down first.
 */
int sim_machine_init(const struct sim_e820_row *rows, int n);
/** Unmap the window, close the memfd, forget e820 and memblock. */
void sim_machine_exit(void);
/** Bytes of simulated physical memory (the memfd's size); 0 when off. */
u64 sim_phys_size(void);
/** Bytes the direct map covers: min(sim_phys_size(), MAXMEM). */
u64 sim_lowmem_size(void);

/** The i386 kernel virtual address (32 bits) of a pointer into the window
 *  (what asm/page.h calls __cpu_addr()). */
static inline u32 sim_kva(const void *p)
{
	return (u32)(unsigned long)p;
}

/** The host pointer for i386 kernel virtual address @p kva. */
static inline void *sim_ptr(u32 kva)
{
	return (void *)(sim_window + kva);
}

/* ---- the MMU: host mappings are the TLB (mmu.c) --------------------------- */

/**
 * sim_map_page() - Make a physical page reachable at a kernel virtual address.
 * @param vaddr     page-aligned kernel virtual address, as kernel code holds
 *                  it on the host (biased by KVA_BIAS, like PKMAP_BASE or
 *                  __va(pa) there) or as a raw 32-bit i386 address
 *                  (0xFF800000); both name the same page
 * @param pfn       the physical frame, below sim_phys_size() >> PAGE_SHIFT
 * @param writable  false maps it read-only (a store then faults)
 * @return 0, or -EINVAL (unaligned or outside the window, pfn beyond RAM, a
 *         direct-map address with a frame other than its own, or read-only
 *         in the direct map), -ENOMEM if the host mmap fails.
 *
 * Replaces whatever was mapped there (the host mmap is MAP_FIXED).
 */
int sim_map_page(unsigned long vaddr, unsigned long pfn, bool writable);
/**
 * sim_unmap_page() - Make a kernel virtual address fault again.
 * @return 0 (also if nothing was mapped), or -EINVAL for an unaligned
 *         address, one outside the window, or one in the fixed direct map.
 */
int sim_unmap_page(unsigned long vaddr);
/**
 * sim_tlb_lookup() - What the "TLB" holds for a virtual page.
 * @param vaddr     any address in the page (biased or raw)
 * @param pfn       returns the frame (may be NULL)
 * @param writable  returns whether stores are allowed (may be NULL)
 * @return true if the page is mapped (the direct map included).
 */
bool sim_tlb_lookup(unsigned long vaddr, unsigned long *pfn, bool *writable);

/**
 * A page-table walk: does the current page table map @p vaddr (a raw
 * 32-bit kernel virtual address), and to which frame?
 */
typedef bool (*sim_pte_walker_t)(u32 vaddr, unsigned long *pfn, bool *writable);
/** Register the walk sim_flush_tlb_one/_all() consult (NULL: none). */
void sim_set_pte_walker(sim_pte_walker_t walk);
/** invlpg: re-read @p vaddr's PTE through the walker and remap or unmap it. */
void sim_flush_tlb_one(unsigned long vaddr);
/** CR3 reload: sim_flush_tlb_one() for every mapped page but the direct map. */
void sim_flush_tlb_all(void);

/* ---- page tables, CR3 and CR0.WP (paging.c) ------------------------------ */

/** head.S's boot directory in the fake image (CR3 at boot). */
extern pgd_t *sim_boot_pg_dir;
/**
 * sim_walk_current() - The walker sim_machine_init() registers: translate
 * @p vaddr (a raw 32-bit address) through the current directory.
 * @return true and the frame and writability (CR0.WP and both levels'
 *         R/W bits) if a present entry maps it.  Page tables must be in
 *         lowmem; a table elsewhere translates nothing.
 */
bool sim_walk_current(u32 vaddr, unsigned long *pfn, bool *writable);
/** True once enable_write_protect() has run (CR0.WP). */
bool sim_write_protect(void);

/** True if a load from @p p would succeed (probed without faulting). */
bool sim_readable(const void *p);
/** True if a store to @p p would succeed (probed without changing the byte). */
bool sim_writable(void *p);

/* ---- traps: CR2, the exception table, the oops (traps.c, lab 8) ----------- */

/** Set CR2 to a raw 32-bit address; read_cr2() returns it plus KVA_BIAS. */
void sim_set_cr2(u32 address);
/**
 * sim_add_fixup() - An exception-table entry for the host's fixup_exception():
 * a kernel-mode fault with regs->eip == @p insn resumes at @p fixup.
 * @return 0, or -1 when the sim's small table (8 entries) is full.
 */
int sim_add_fixup(u32 insn, u32 fixup);
/** Forget every entry sim_add_fixup() made. */
void sim_clear_fixups(void);
/*
 * page_fault_oops() (asm/traps.h) on the host prints "BUG: unable to
 * handle kernel paging request at ADDR" and aborts: run the code that
 * should oops in sim_run_child().
 *
 * linux/mm.h's empty_zero_page is sim_empty_zero_page on the host: a
 * page of the fake image's bss (physical 0x1CC000), zeroed at boot,
 * reserved like the rest of the image.
 */

/* ---- kernel services: console, panic, BUG, WARN (console.c, panic.c) ------ */

/** Everything printk() printed since the last sim_console_clear(), NUL-terminated. */
const char *sim_console_text(void);
/** Forget the captured console output. */
void sim_console_clear(void);
/** True if the captured console output contains @p needle. */
bool sim_console_contains(const char *needle);

/** Warnings printed so far, as the kernel's (kernel/core/panic.c): a test
 *  compares it before and after to check that misuse is reported. */
extern unsigned int warn_count;

/** The kernel's vsnprintf()/snprintf(), renamed for the host (see host_names.h). */
int kernel_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int kernel_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- running code that must die (child.c) --------------------------------- */

/** What happened to a child run by sim_run_child(). */
struct sim_child_result {
	int status;		/* as waitpid() gives it */
	char err[8192];		/* the start of what it wrote to stderr */
};

/**
 * sim_run_child() - Run fn(arg) in a forked child and collect its death.
 * @param fn   code expected to crash: a sanitizer report, BUG(), panic()
 * @param arg  passed to @p fn
 * @param res  returns the wait status and the child's stderr
 * @return 0, or -1 if fork or pipe failed.  A child whose @p fn returns
 *         exits with status 0.
 */
int sim_run_child(void (*fn)(void *arg), void *arg, struct sim_child_result *res);

/** A broken state a test plants, and the call that must BUG on it. */
struct sim_bug_case {
	const char *what;	/* "a list of areas out of address order" */
	void (*fn)(void *arg);	/* prints "planted", then calls the code */
};

/**
 * sim_must_bug() - Run each case in a child (sim_run_child()): it must
 * get as far as printing "planted" and then die of a kernel BUG.
 * @return NULL when every case did; else a message naming the first that
 *         did not and how it ended (malloc'd: the caller frees it).
 */
char *sim_must_bug(const struct sim_bug_case *cases, size_t n);

/**
 * sim_must_panic() - Run fn(arg) in a child (sim_run_child()): it must die
 * of a panic(), SIGABRT with "Kernel panic - not syncing: " on stderr.
 * @return NULL when it did; else how it ended (malloc'd: the caller frees it).
 */
char *sim_must_panic(void (*fn)(void *arg), void *arg);

/* ---- checked fixtures (fixtures.c) -------------------------------------- */

/** Boot SIM_E820_1G (a failure fails the test). */
void sim_fixture_boot_1g(void);
/** Boot SIM_E820_3G (a failure fails the test). */
void sim_fixture_boot_3g(void);
/** Shut the machine down and clear the console. */
void sim_fixture_shutdown(void);

/* ---- the Check suites' shared main() (suite_main.c) ------------------------ */

/** Each check file defines its suite here; suite_main.c runs it. */
struct Suite;
struct Suite *host_suite(void);

#endif /* _SIM_SIM_H */
