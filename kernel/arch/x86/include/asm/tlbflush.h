/**
 * @file
 * Switching page directories and flushing the TLB.
 *
 * The TLB caches translations.  After an entry that was present is changed
 * or cleared, the old translation may still be cached, so the change must
 * be followed by a flush: __flush_tlb_one() for one page (invlpg), or
 * __flush_tlb_all() for everything (reload CR3).  Making a not-present
 * entry present needs no flush: the CPU never caches "not present".
 *
 * On the host build these are functions of the simulated MMU, which keeps
 * a "TLB" of host mappings and drops entries exactly when these are called,
 * so a forgotten flush shows up as a stale mapping in the host tests too.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <asm/pgtable.h>

#ifdef __HOST_SIM__
void load_cr3(pgd_t *pgdir);
pgd_t *current_pgdir(void);
void __flush_tlb_one(unsigned long addr);
void __flush_tlb_all(void);
void enable_write_protect(void);
#else
#include <asm/processor.h>

/** Make @p pgdir the active page directory (flushes all non-global entries). */
static inline void load_cr3(pgd_t *pgdir) { write_cr3(__pa(pgdir)); }
/** The active page directory, as a kernel pointer. */
static inline pgd_t *current_pgdir(void) { return __va(read_cr3() & PAGE_MASK); }
/** Set CR0.WP: from now on read-only pages are read-only for the kernel too. */
static inline void enable_write_protect(void) { write_cr0(read_cr0() | X86_CR0_WP); }
#endif

/** Flush the TLB entries of [start, end). */
static inline void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	for (; start < end; start += PAGE_SIZE)
		__flush_tlb_one(start);
}

#endif /* _ASM_TLBFLUSH_H */
